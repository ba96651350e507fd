"""The `workbench` command. Exit codes: 0 done, 2 bad input (every problem listed), 1 anything else.

It starts at once: this module imports only click and the workbench's light modules (settings, catalogue,
registry); a command imports what it needs (pandas, SQLAlchemy, a programme's hooks) when it runs, so that
`workbench --help` and `workbench run --help` load neither (tests/test_registry.py checks)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click

from workbench import config
from workbench.catalogue import Label, counted, listed, speak, text
from workbench.clitools import SpokenContext, SpokenError, engine_of, speak_help, spoken_usage_error, year_option
from workbench.exceptions import InputError, WorkbenchError
from workbench.filemodes import folder


class WorkbenchGroup(click.Group):
    """The generic verbs, then one command group per programme (from the registry); turns the workbench's errors
    into a message and an exit code instead of a traceback. Every command's help comes from the catalogue, in the
    language the command line speaks (workbench.clitools.speak_help: the programmes' commands too)."""

    context_class = SpokenContext

    def list_commands(self, ctx: click.Context) -> list[str]:
        from workbench.registry import commands

        found = commands(reserved=self.commands)
        shown = [name for name, (_, _, legacy) in found.items() if not legacy]  # legacy names are hidden
        # The programmes' own groups (named by their ids), then their further groups.
        return [*super().list_commands(ctx), *sorted(shown, key=lambda name: name != found[name][0].id)]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        from workbench.registry import commands

        command = super().get_command(ctx, name)
        if command is not None:
            return command
        programme, group, legacy = commands(reserved=self.commands).get(name, (None, None, ""))
        if legacy:  # an old top-level spelling, kept for one release
            say("cli.renamed", old=name, new=f"{programme.id} {legacy}", err=True)
            return speak_help(group.commands[legacy], (programme.id, legacy), programme.id)
        return speak_help(group, (name,), programme.id) if group is not None else None

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        try:  # `--help` lists the programmes' commands, which the registry may refuse
            return super().make_context(info_name, args, parent=parent, **extra)
        except WorkbenchError as exc:
            raise _said(exc) from exc
        except click.UsageError as exc:
            raise spoken_usage_error(exc) from exc

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except WorkbenchError as exc:
            raise _said(exc) from exc
        except click.UsageError as exc:
            raise spoken_usage_error(exc) from exc
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if config.DEBUG.value():
                raise
            from sqlalchemy.exc import DBAPIError  # imported by then, if the database is what failed

            if isinstance(exc, DBAPIError):
                from workbench.db import explain

                raise SpokenError(explain(exc).said()) from exc
            raise SpokenError(text("error.unexpected", kind=type(exc).__name__, detail=exc).said()) from exc


def _said(exc: WorkbenchError) -> click.ClickException:
    """A workbench error as the command line says it: its message, in the language it speaks, and its exit code."""
    from workbench.catalogue import terminal_language

    error = SpokenError(exc.say(terminal_language()))
    error.exit_code = exc.exit_code
    return error


def say(key: str, *, err: bool = False, **values: object) -> None:
    """A catalogue message on the command line, in the language it speaks (the user's, WORKBENCH_LANG, the locale)."""
    click.echo(text(key, **values).said(), err=err)


def _engine(ctx: click.Context):
    return engine_of(ctx)


@click.group(cls=WorkbenchGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", envvar=config.DB_URL.env, default=None, help=config.DB_URL.help)
@click.option("--user", envvar=config.ACTING_USER.env, default=None, help=config.ACTING_USER.help)
@click.option("--quiet", is_flag=True, help="No progress bars.")
@click.pass_context
def cli(ctx: click.Context, db: str | None, user: str | None, quiet: bool) -> None:
    """Massar Workbench: the social-support campaigns of a national school information system, for regional teams."""
    ctx.obj = {"db": db, "progress": not quiet and sys.stderr.isatty(), "user": user}
    speak(None)  # until the acting user is known
    if user and ctx.invoked_subcommand not in (None, "init"):
        from workbench.access import acting_as
        from workbench.access.users import load_actor

        actor = load_actor(_engine(ctx), user, via=f"cli {ctx.invoked_subcommand}")
        speak(actor.language)
        ctx.with_resource(acting_as(actor))


@cli.command()
@click.pass_context
def init(ctx: click.Context) -> None:
    """Create or upgrade the database schema and load the reference data (on PostgreSQL with
    WORKBENCH_DB_OWNER_URL: as the owner, then give the application role what it needs and no more)."""
    from workbench.access.roles import limit_application_role
    from workbench.db import make_engine, migrate, write_transaction
    from workbench.reference import ensure_year, load_reference

    engine = _engine(ctx)
    owner = make_engine(config.DB_OWNER_URL.value()) if config.DB_OWNER_URL.value() else engine
    migrate(owner)
    with write_transaction(owner) as connection:
        load_reference(connection)
        ensure_year(connection, config.DEMO_YEAR.value())
    if owner is not engine and engine.dialect.name == "postgresql" and engine.url.username != owner.url.username:
        limit_application_role(owner, engine.url.username)
        say("cli.application_role", role=engine.url.username)
    say("cli.database_ready", url=engine.url.render_as_string(hide_password=True))


@cli.command()
@click.option("--region", default=config.DEMO_REGION.value, show_default="03 (Fès-Meknès)",
              help=config.DEMO_REGION.help)
@click.option("--pupils", type=int, default=lambda: int(config.DEMO_PUPILS.value()), show_default="50000",
              help=config.DEMO_PUPILS.help)
@year_option
@click.option("--seed", type=int, default=2026, show_default=True, help="Random seed: same seed, same data.")
@click.option("--replace", is_flag=True, help="Delete the pupils and schools already in the database first.")
@click.pass_context
def demo(ctx: click.Context, region: str, pupils: int, year: str, seed: int, replace: bool) -> None:
    """Build a deterministic synthetic region (schools, pupils, households, absences)."""
    from workbench.db import migrate
    from workbench.demo import build_demo

    engine = _engine(ctx)
    migrate(engine)
    counts = build_demo(engine, region=region, pupils=pupils, year=year, seed=seed, replace=replace,
                        progress=ctx.obj["progress"])
    say("cli.demo_written", counts=counted(counts))
    from workbench.access.users import list_users

    roles = {u.username: text(f"role.{u.role}") for u in list_users(engine).itertuples()}
    accounts = listed(Label(f"{name} ({role.fr})", f"{name} ({role.ar})") for name, role in roles.items())
    say("cli.demo_accounts", accounts=accounts, setting=config.DEMO_PASSWORD.env, default=config.DEMO_PASSWORD.default)


class ImportCommand(click.Command):
    """`import --help` lists every kind of the registry with its columns."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from workbench.imports import kinds

        with formatter.section(text("help.import.kinds").said()):
            formatter.write_dl([(name, ", ".join(c.name if c.required else f"[{c.name}]" for c in kind().spec.columns))
                                for name, kind in kinds().items()])


@cli.command("import", cls=ImportCommand)
@click.argument("kind", metavar="KIND")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Validate and report, write nothing.")
@click.option("--school", default=None, help="School code of a ListEleve export.")
@click.option("--year", default=None, help="School year of a ListEleve export, if its header lacks it.")
@click.pass_context
def import_(ctx: click.Context, kind: str, file: Path, dry_run: bool, school: str | None, year: str | None) -> None:
    """Import a file of one KIND (.csv, .xlsx, .xls); the kinds are listed below."""
    from workbench.imports import import_file

    report = import_file(_engine(ctx), kind, file, dry_run=dry_run, school=school, year=year)
    click.echo(report.summary())


def _run_options() -> list[click.Option]:
    """The options of every campaign; a programme's own parameters are added from its RunParameters."""
    return [
        click.Option(["--year"], default=None, help=config.DEMO_YEAR.help),
        click.Option(["--region"], default=None, help="Region code or name."),
        click.Option(["--province"], default=None, help="Province code (e.g. 0301) or name."),
        click.Option(["--school"], default=None, help="School code (e.g. 12472K)."),
        click.Option(["--out", "out_dir"], type=click.Path(path_type=Path), default=None,
                     help="Output folder (default reports/<campaign>/<scope>)."),
        click.Option(["--param", "params"], multiple=True, metavar="NAME=VALUE",
                     help="A parameter of the campaign (repeatable)."),
        click.Option(["--all-provinces"], is_flag=True, help="One run per province of the region, with an index.html; "
                     "the provinces run in parallel on a Dask cluster (a local one sized to this machine)."),
        click.Option(["--scheduler"], default=None, metavar="tcp://HOST:PORT",
                     help="With --all-provinces: the Dask scheduler of a cluster whose workers share the database."),
        click.Option(["--workers"], type=click.IntRange(1, 256), default=None,
                     help="With --all-provinces and no --scheduler: worker processes (default: one per core)."),
        click.Option(["--approved-only"], is_flag=True,
                     help="Count only the schools whose data of the campaign is approved."),
    ]


class RunGroup(click.Group):
    """`workbench run CAMPAIGN`: one subcommand per campaign of the registry, with its programme's own options."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        from workbench.registry import campaigns

        return list(campaigns())

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        from workbench.registry import campaigns, programmes

        programme = campaigns().get(name) or programmes().get(name)
        if programme is None or programme.declared("compute") is None:  # its computation is not imported
            return None
        own = [click.Option([f"--{f.name.replace('_', '-')}"], default=None, help=f.metadata.get("help"))
               for f in programme.parameters.own_fields()]

        def callback(**values):
            return _run_campaign(click.get_current_context(), programme, **values)

        # Its help: the programme's `help.run.<campaign>` when its labels have one, else its title.
        command = click.Command(name, params=[*_run_options(), *own], callback=callback,
                                help=programme.title.said())
        return speak_help(command, ("run", name), programme.id)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        from workbench.registry import programme

        if args and not args[0].startswith("-") and self.get_command(ctx, args[0]) is None:
            programme(args[0])  # raises the list of campaigns and the closest one
        return super().resolve_command(ctx, args)


@cli.group(cls=RunGroup)
def run() -> None:
    """Run a campaign notebook for a scope and write its HTML report."""


def _run_campaign(ctx: click.Context, programme, *, year: str | None, region: str | None, province: str | None,
                  school: str | None, out_dir: Path | None, params: tuple[str, ...], all_provinces: bool,
                  approved_only: bool, scheduler: str | None = None, workers: int | None = None,
                  **own: str | None) -> None:
    from workbench import runner
    from workbench.access import current_actor
    from workbench.run_context import open_run
    from workbench.scope import provinces_with_schools, regions_with_schools

    root = ctx.find_root()
    values = {**runner.parse_params(params, programme.parameters), **{k: v for k, v in own.items() if v is not None}}
    context = open_run(programme.id, db_url=root.obj["db"] or "", year=year or "", region=region or "",
                       province=province or "", school=school or "")
    actor = current_actor()
    context.scope = actor.narrow(context.scope)  # a named user runs within their own scope
    if root.obj["user"]:
        say("cli.acting_user", user=actor.label)
    base = {"year": context.year,
            "region": context.scope.region or "" if context.scope.level == "region" else "",
            "province": context.scope.province or "" if context.scope.level == "province" else "",
            "school": context.scope.school or "", "approved_only": approved_only, **values}
    if programme.prepare_run is not None:
        with context.engine.connect() as connection:
            base = programme.prepare_run(connection, context.year, base)
    database = context.engine.url.render_as_string(hide_password=False)
    progress = root.obj["progress"]
    if all_provinces:
        if context.scope.level in ("province", "school"):
            raise InputError(text("error.all_provinces_scope"))
        with context.engine.connect() as connection:
            provinces = provinces_with_schools(connection, context.scope.region)
            regions = regions_with_schools(connection, context.scope.region) if programme.region_reports else []
        if not provinces:
            raise InputError(text("error.no_province_with_schools"))
        out = out_dir or config.reports_dir() / programme.campaign_name
        fanned = runner.run_per_province(programme, base, out, provinces, database=database, progress=progress,
                                         scheduler=scheduler, workers=workers, regions=regions)
        say("cli.fanned_out", count=len(fanned.done), index=fanned.index)
        if fanned.failed:
            raise WorkbenchError(text("error.provinces_failed", count=len(fanned.failed), failures="; ".join(
                f"{code}: {reason}" for code, reason in sorted(fanned.failed.items()))))
        return
    if scheduler or workers:
        raise InputError(text("error.scheduler_needs_all_provinces"))
    out = out_dir or config.reports_dir() / programme.campaign_name / context.scope.slug()
    result = runner.run(programme, base, out, context.scope.label_fr, database=database, progress=progress)
    say("cli.run_report", report=result.report)
    say("cli.run_notebook", notebook=result.notebook)


@cli.command("demo-runs")
@click.option("--reports", "reports_dir", type=click.Path(path_type=Path), default=config.reports_dir,
              show_default="reports")
@click.pass_context
def demo_runs(ctx: click.Context, reports_dir: Path) -> None:
    """Run what each programme shows on the demo (its campaigns, a period issued, lists published), then write
    reports/index.html."""
    from workbench.registry import programmes
    from workbench.runner import write_reports_index

    root = ctx.find_root()
    prefix = [*(["--db", root.obj["db"]] if root.obj["db"] else []), *(["--quiet"] if not root.obj["progress"] else [])]
    for programme in programmes().values():
        for step in programme.demo_steps:
            args = [part.format(reports=reports_dir) for part in step]
            click.echo(f"$ workbench {' '.join(args)}")
            cli.main([*prefix, *args], prog_name="workbench", standalone_mode=False)
    folder(reports_dir)
    say("cli.index", index=write_reports_index(reports_dir))


@cli.command("reports-index")
@click.option("--dir", "reports_dir", type=click.Path(path_type=Path), default=config.reports_dir,
              show_default="reports")
def reports_index(reports_dir: Path) -> None:
    """Write reports/index.html linking every campaign report."""
    from workbench.runner import write_reports_index

    folder(reports_dir)
    say("cli.index", index=write_reports_index(reports_dir))


@cli.command("new-programme")
@click.argument("programme_id", metavar="ID")
def new_programme(programme_id: str) -> None:
    """Write a new programme ID (lowercase words joined by _) that passes the checks and tests at once: its
    package (declaration, labels, a table keyed on school and year, an import kind, its campaign writing one CSV, its
    app state), notebook pair, app, migration and tests (ARCHITECTURE.md, "Recipe: add a programme")."""
    from workbench.scaffold import new_programme as write

    written = write(programme_id)
    say("cli.new_programme", id=programme_id)
    for path in written:
        click.echo(f"  {path.relative_to(config.PROJECT_ROOT)}")


@cli.command()
@click.option("--port", default=config.SERVE_PORT.value, show_default=config.SERVE_PORT.default,
              help=config.SERVE_PORT.help)
@click.option("--address", default="localhost", show_default=True)
@click.option("--sandbox", default=None, help="Serve a training sandbox (see `workbench sandbox create`).")
@click.option("--show/--no-show", default=False, help="Open a browser tab.")
@click.option("--demo", is_flag=True, help="A demonstration: what a programme refuses a real server for is allowed.")
@click.pass_context
def serve(ctx: click.Context, port: str, address: str, sandbox: str | None, show: bool, demo: bool) -> None:
    """Serve every Panel app of apps/ behind a login (panel serve with the workbench's auth hooks): the staff's, or
    the realm a programme declares for its own apps (a families' login, or none for a public page). A programme may
    refuse a server before it starts (its `serve_check`: letters for families printing this machine's address from a
    server other machines reach), unless --demo."""
    import secrets

    from workbench.db import require_schema
    from workbench.registry import programmes
    from workbench.sandbox import sandbox_url
    from workbench.webauth import SESSION_CONTEXT_OPTIONS

    for programme in programmes().values():
        refused = programme.serve_check(address, demo) if programme.serve_check is not None else None
        if refused is not None:
            raise InputError(refused)
    apps = sorted(str(p) for p in config.APPS_DIR.glob("*.py") if not p.name.startswith("_"))
    if not apps:
        raise WorkbenchError(text("error.no_app", folder=config.APPS_DIR))
    env = {**os.environ}
    if sandbox:
        ctx.obj["db"] = sandbox_url(sandbox)
        env[config.SANDBOX.env] = sandbox
    require_schema(_engine(ctx))
    if ctx.obj["db"]:
        env[config.DB_URL.env] = ctx.obj["db"]
    # Without a configured secret, a new one per server start: restarting the server logs everyone out. It goes to
    # the server through its environment (Panel reads PANEL_COOKIE_SECRET), never its arguments, which `ps` shows.
    env["PANEL_COOKIE_SECRET"] = config.COOKIE_SECRET.value() or secrets.token_urlsafe(32)
    env.pop(config.COOKIE_SECRET.env, None)
    command = [sys.executable, "-m", "panel", "serve", *apps, "--port", str(port), "--address", address,
               "--allow-websocket-origin", f"{address}:{port}", "--index", "home",
               "--auth-module", str(Path(__file__).with_name("webauth.py")),
               "--setup", str(Path(__file__).with_name("server_setup.py")), *SESSION_CONTEXT_OPTIONS]

    if show:
        command.append("--show")
    say("cli.serving", count=len(apps), address=address, port=port,
        sandbox=text("cli.serving_sandbox", name=sandbox) if sandbox else "")
    raise SystemExit(subprocess.call(command, env=env))


@cli.group()
def users() -> None:
    """Accounts of the apps and of CLI runs (--user): add, list, disable, enable."""


class _Roles(click.Choice):
    """The accounts' roles (workbench.models.access.ROLES), read when an option needs them: importing the models
    would load SQLAlchemy's ORM for every command."""

    def __init__(self) -> None:
        self.case_sensitive = True

    @property
    def choices(self) -> tuple[str, ...]:
        from workbench.models.access import ROLES

        return ROLES


@users.command("add")
@click.argument("username")
@click.option("--role", type=_Roles(), required=True)
@click.option("--school", default=None, help="School code of a director.")
@click.option("--province", default=None, help="Province code of a province officer.")
@click.option("--region", default=None, help="Region code of a region officer.")
@click.option("--name", "full_name", default="", help="Full name shown in the audit trail.")
@click.option("--email", default=None, help="E-mail address the outbox reaches the user at.")
@click.option("--phone", default=None, help="Phone number the outbox reaches the user at (SMS).")
@click.password_option(envvar=config.NEW_PASSWORD.env, help="Asked for (twice) when not given.")
@click.pass_context
def users_add(ctx: click.Context, username: str, role: str, school: str | None, province: str | None,
              region: str | None, full_name: str, email: str | None, phone: str | None, password: str) -> None:
    """Add a user with a role and the school, province or region it applies to."""
    from workbench.access.users import add_user

    actor = add_user(_engine(ctx), username, password, role, full_name=full_name, school=school,
                     province=province, region=region, email=email, phone=phone)
    say("cli.user_added", user=actor.label)


@users.command("contact")
@click.argument("username")
@click.option("--email", default=None, help="E-mail address the outbox reaches the user at ('' clears it).")
@click.option("--phone", default=None, help="Phone number the outbox reaches the user at ('' clears it).")
@click.pass_context
def users_contact(ctx: click.Context, username: str, email: str | None, phone: str | None) -> None:
    """Set where the outbox reaches a user (a director's reminders): their e-mail, their phone."""
    from workbench.access.users import set_contact

    set_contact(_engine(ctx), username, email=email, phone=phone)
    say("cli.contact_set", name=username)


@users.command("list")
@click.pass_context
def users_list(ctx: click.Context) -> None:
    """List the users, their role, scope and whether they are active."""
    from workbench.access.users import list_users

    frame = list_users(_engine(ctx))
    click.echo(frame.fillna("").to_string(index=False)) if not frame.empty else say("cli.no_user")


@users.command("disable")
@click.argument("username")
@click.pass_context
def users_disable(ctx: click.Context, username: str) -> None:
    """Disable a user: they cannot log in any more and their open sessions end (their history stays)."""
    from workbench.access.users import disable_user

    disable_user(_engine(ctx), username)
    say("cli.user_disabled", name=username)


@users.command("enable")
@click.argument("username")
@click.pass_context
def users_enable(ctx: click.Context, username: str) -> None:
    """Enable a disabled user again (they log in anew)."""
    from workbench.access.users import enable_user

    enable_user(_engine(ctx), username)
    say("cli.user_enabled", name=username)


@cli.command()
@click.argument("action", type=click.Choice(["submit", "approve", "reopen", "status"]))
@click.option("--dataset", required=True, help="pupils, a programme's id (see `workbench --help`) or "
              "absences-YYYY-MM.")
@click.option("--school", default=None, help="School code (required except for status).")
@click.option("--province", default=None, help="Province of a status listing.")
@year_option
@click.option("--reason", default="", help="Why the data is reopened (required to reopen).")
@click.pass_context
def validate(ctx: click.Context, action: str, dataset: str, school: str | None, province: str | None, year: str,
             reason: str) -> None:
    """Submit (director), approve or reopen (province for private schools, region for public) a school's data."""
    from workbench.access import current_actor, validation
    from workbench.scope import resolve_scope

    engine = _engine(ctx)
    if action == "status":
        with engine.connect() as connection:
            scope = current_actor().narrow(resolve_scope(connection, province=province, school=school))
            frame = validation.states(connection, scope, year, dataset)
        frame["changed_at"] = frame["changed_at"].dt.strftime("%Y-%m-%d %H:%M")
        click.echo(frame[["school_code", "name_fr", "sector", "state", "changed_by", "changed_at", "reason"]]
                   .fillna("").to_string(index=False))
        return
    if not school:
        raise InputError(text("error.validate_needs_school", action=action))
    state = validation.change_state(engine, year, school, dataset, action, reason=reason)
    say("cli.state_changed", school=school, dataset=dataset, year=year, state=text(f"state.{state}"))


@cli.group()
def audit() -> None:
    """The audit trail of every write: who, when, which command or app and file, before and after."""


@audit.command("export")
@click.option("--out", "out_file", type=click.Path(path_type=Path), required=True, help="CSV file to write.")
@click.pass_context
def audit_export(ctx: click.Context, out_file: Path) -> None:
    """Write the audit trail of the acting user's scope to a CSV file."""
    from workbench.access import audit as trail
    from workbench.access import current_actor

    with _engine(ctx).connect() as connection:
        count = trail.export_csv(connection, current_actor().scope, out_file)
    say("cli.audit_written", count=f"{count:,}", file=out_file)


def _checkpoint_file(given: Path | None) -> Path | None:
    value = given or config.AUDIT_CHECKPOINT.value()
    return Path(value) if value else None


@audit.command("checkpoint")
@click.option("--file", "file", type=click.Path(path_type=Path), default=None,
              help="File to keep the head in (default: WORKBENCH_AUDIT_CHECKPOINT).")
@click.pass_context
def audit_checkpoint(ctx: click.Context, file: Path | None) -> None:
    """Keep the audit trail's head (last event, its hash, the count, signed with the audit key) in a file outside
    the database, so that `audit verify` finds a deleted tail or a recomputed chain."""
    import json

    from workbench.access.chain import checkpoint, walk
    from workbench.filemodes import private_file

    path = _checkpoint_file(file)
    if path is None:
        raise InputError(text("error.audit_no_checkpoint_file"))
    with _engine(ctx).connect() as connection:
        checked, broken, keyed_from = walk(connection)
        if broken is not None:  # never anchor a trail already altered
            raise WorkbenchError(text("error.audit_tampered", event=broken, checked=f"{checked:,}"))
        head = checkpoint(connection, keyed_from)
    private_file(path).write_text(json.dumps(head, indent=1), encoding="utf-8")
    say("cli.audit_checkpoint", event=head["id"], count=f"{head['count']:,}", file=path)


@audit.command("verify")
@click.option("--checkpoint", "file", type=click.Path(path_type=Path), default=None,
              help="Head checkpoint to compare with (default: WORKBENCH_AUDIT_CHECKPOINT, when set).")
@click.pass_context
def audit_verify(ctx: click.Context, file: Path | None) -> None:
    """Check the audit trail's hash chain: an event edited, or deleted, after it was written is found; against a
    checkpoint, a deleted tail as well."""
    import json

    from workbench.access.chain import compare, verify

    path = _checkpoint_file(file)
    saved: dict = {}
    if path is not None:
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            saved = {}
        saved = saved if isinstance(saved, dict) else {}
    with _engine(ctx).connect() as connection:
        differs = None if path is None else compare(connection, saved)
        keyed_from = saved.get("keyed_from") if differs is None or not differs["forged"] else None
        checked, broken = verify(connection, keyed_from)
        if broken is not None:
            raise WorkbenchError(text("error.audit_tampered", event=broken, checked=f"{checked:,}"))
    if differs is not None and differs["forged"]:
        raise WorkbenchError(text("error.audit_checkpoint_forged", file=path))
    if differs is not None:
        raise WorkbenchError(text("error.audit_checkpoint_differs", event=differs["event"], at=differs["at"],
                                  count=f"{differs['count']:,}", found=f"{differs['found']:,}",
                                  last=differs["last"]))
    say("cli.audit_intact", count=f"{checked:,}")
    if path is not None:
        say("cli.audit_checkpoint_holds", file=path)


@cli.group()
def outbox() -> None:
    """Messages to people (reminders, notices, decisions): deliver them, list them."""


@outbox.command("send")
@click.option("--limit", type=click.IntRange(min=1), default=500, show_default=True,
              help="Most messages sent by this run.")
@click.pass_context
def outbox_send(ctx: click.Context, limit: int) -> None:
    """Deliver the due messages through the SMTP server and the SMS gateway of the settings, each at most once."""
    from workbench.outbox.channels import configured_senders
    from workbench.outbox.delivery import deliver

    senders = configured_senders()
    done = deliver(_engine(ctx), limit, senders=senders)
    if not senders:
        say("outbox.no_channel", smtp=config.SMTP_HOST.env, sms=config.SMS_URL.env)
    say("outbox.summary", **{name: f"{getattr(done, name):,}".replace(",", "\u202f")  # as workbench.report.number
                             for name in ("sent", "retried", "failed", "interrupted")})


@outbox.command("list")
@click.option("--state", type=click.Choice(["queued", "sending", "sent", "failed"]), default=None,
              help="Only the messages in this state.")
@click.option("--kind", default=None, help="Only the messages of this kind (reminder, ...).")
@click.option("--limit", type=click.IntRange(min=1), default=200, show_default=True, help="Most messages shown.")
@click.pass_context
def outbox_list(ctx: click.Context, state: str | None, kind: str | None, limit: int) -> None:
    """The messages of the acting user's scope, newest first: to whom, how, their state and the reason."""
    from workbench.access import current_actor
    from workbench.catalogue import terminal_language
    from workbench.outbox.listing import in_words, messages_of

    with _engine(ctx).connect() as connection:
        frame = messages_of(connection, current_actor().scope, state=state, kind=kind, limit=limit)
    if frame.empty:
        say("outbox.none")
        return
    click.echo(in_words(frame, terminal_language()).to_string(index=False))


@cli.group()
def sandbox() -> None:
    """Training sandboxes: copies of the demo, each in its own database, reset between sessions."""


@sandbox.command("create")
@click.argument("name")
@click.option("--replace", is_flag=True, help="Create it again over an existing sandbox of that name.")
@click.pass_context
def sandbox_create(ctx: click.Context, name: str, replace: bool) -> None:
    """Copy the demo database into data/sandboxes/NAME.db (serve it with `workbench serve --sandbox NAME`)."""
    from workbench.sandbox import create_sandbox

    path = create_sandbox(_engine(ctx), name, replace=replace)
    say("cli.sandbox_created", name=name, path=path)


@sandbox.command("reset")
@click.argument("name")
def sandbox_reset(name: str) -> None:
    """Put a sandbox back as it was created."""
    from workbench.sandbox import reset_sandbox

    reset_sandbox(name)
    say("cli.sandbox_reset", name=name)


@sandbox.command("list")
def sandbox_list() -> None:
    from workbench.sandbox import list_sandboxes

    click.echo("\n".join(list_sandboxes())) if list_sandboxes() else say("cli.no_sandbox")


def main() -> None:
    cli(prog_name="workbench")
