"""The `workbench` command. Exit codes: 0 done, 2 bad input (every problem listed), 1 anything else."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click

from workbench import config
from workbench.exceptions import InputError, WorkbenchError


class WorkbenchGroup(click.Group):
    """Turns the workbench's errors into a message and an exit code instead of a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except WorkbenchError as exc:
            error = click.ClickException(str(exc))
            error.exit_code = exc.exit_code
            raise error from exc
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if os.environ.get("WORKBENCH_DEBUG"):
                raise
            raise click.ClickException(f"unexpected {type(exc).__name__}: {exc} "
                                       "(set WORKBENCH_DEBUG=1 to see the traceback)") from exc


def _engine(ctx: click.Context):
    from workbench.db import make_engine

    return make_engine(ctx.obj["db"])


@click.group(cls=WorkbenchGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", envvar=config.DB_URL.env, default=None, help=config.DB_URL.help)
@click.option("--user", envvar=config.ACTING_USER.env, default=None, help=config.ACTING_USER.help)
@click.option("--quiet", is_flag=True, help="No progress bars.")
@click.pass_context
def cli(ctx: click.Context, db: str | None, user: str | None, quiet: bool) -> None:
    """Massar Workbench: social-support campaigns (مليون محفظة، تيسير، المنح) for regional teams."""
    ctx.obj = {"db": db, "progress": not quiet and sys.stderr.isatty(), "user": user}
    if user and ctx.invoked_subcommand not in (None, "init"):
        from workbench.access import acting_as
        from workbench.access.users import load_actor

        actor = load_actor(_engine(ctx), user, via=f"cli {ctx.invoked_subcommand}")
        ctx.with_resource(acting_as(actor))


@cli.command()
@click.pass_context
def init(ctx: click.Context) -> None:
    """Create or upgrade the database schema and load the reference data."""
    from workbench.db import migrate, write_transaction
    from workbench.reference import ensure_year, load_reference

    engine = _engine(ctx)
    migrate(engine)
    with write_transaction(engine) as connection:
        load_reference(connection)
        ensure_year(connection, config.DEMO_YEAR.value())
    click.echo(f"Database ready: {engine.url.render_as_string(hide_password=True)}")


@cli.command()
@click.option("--region", default=config.DEMO_REGION.value, show_default="03 (Fès-Meknès)",
              help=config.DEMO_REGION.help)
@click.option("--pupils", type=int, default=lambda: int(config.DEMO_PUPILS.value()), show_default="50000",
              help=config.DEMO_PUPILS.help)
@click.option("--year", default=config.DEMO_YEAR.value, show_default=config.DEMO_YEAR.default,
              help=config.DEMO_YEAR.help)
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
    click.echo("Demo written: " + ", ".join(f"{n:,} {table}" for table, n in counts.items()))
    from workbench.access.users import list_users

    accounts = ", ".join(f"{u.username} ({u.role})" for u in list_users(engine).itertuples())
    click.echo(f"Demo accounts (password: the WORKBENCH_DEMO_PASSWORD setting): {accounts}")


@cli.command("import")
@click.argument("kind", metavar="KIND")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Validate and report, write nothing.")
@click.option("--school", default=None, help="School code of a ListEleve export.")
@click.option("--year", default=None, help="School year of a ListEleve export, if its header lacks it.")
@click.pass_context
def import_(ctx: click.Context, kind: str, file: Path, dry_run: bool, school: str | None, year: str | None) -> None:
    """Import a file: communes, schools, massar-pupils, guardians or absences (.csv, .xlsx, .xls)."""
    from workbench.imports import import_file

    report = import_file(_engine(ctx), kind, file, dry_run=dry_run, school=school, year=year)
    click.echo(report.summary())


@cli.command("kit-exclude")
@click.argument("massar_codes", nargs=-1, required=True)
@click.option("--year", default=config.DEMO_YEAR.value, show_default=config.DEMO_YEAR.default,
              help=config.DEMO_YEAR.help)
@click.option("--undo", is_flag=True, help="Make the pupils beneficiaries again.")
@click.pass_context
def kit_exclude(ctx: click.Context, massar_codes: tuple[str, ...], year: str, undo: bool) -> None:
    """Exclude pupils from One Million Schoolbags for a year (or --undo)."""
    from workbench.campaigns.kit_needs.exclusions import set_exclusion

    count = set_exclusion(_engine(ctx), year, massar_codes, excluded=not undo)
    click.echo(f"{count} pupil(s) {'restored as beneficiaries' if undo else 'excluded'} for {year}.")


@cli.command()
@click.argument("campaign")
@click.option("--year", default=None, help=config.DEMO_YEAR.help)
@click.option("--region", default=None, help="Region code or name.")
@click.option("--province", default=None, help="Province code (e.g. 0301) or name.")
@click.option("--school", default=None, help="School code (e.g. 27783Y).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Output folder (default reports/<campaign>/<scope>).")
@click.option("--period", default=None, help="Payment period of a Tayssir run (P1, P2, P3 or 2025-2026-P1).")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="A notebook parameter (repeatable).")
@click.option("--all-provinces", is_flag=True, help="One run per province of the region, with an index.html.")
@click.option("--approved-only", is_flag=True, help="Count only the schools whose data of the campaign is approved.")
@click.pass_context
def run(ctx: click.Context, campaign: str, year: str | None, region: str | None, province: str | None,
        school: str | None, out_dir: Path | None, period: str | None, params: tuple[str, ...],
        all_provinces: bool, approved_only: bool) -> None:
    """Run a campaign notebook for a scope and write its HTML report."""
    from workbench import runner
    from workbench.access import current_actor
    from workbench.campaigns import get_campaign, open_run
    from workbench.scope import provinces_with_schools

    chosen = get_campaign(campaign)
    declared = runner.declared_parameters(chosen)
    if period and "period" not in declared:
        raise InputError(f"The {campaign} campaign has no payment period: drop --period.")
    extra = runner.parse_params(params, declared)
    context = open_run(ctx.obj["db"] or "", year or "", region or "", province or "", school or "")
    actor = current_actor()
    context.scope = actor.narrow(context.scope)  # a named user runs within their own scope
    if ctx.obj["user"]:
        click.echo(f"Acting user: {actor.label}")
    base = {"db_url": str(context.engine.url.render_as_string(hide_password=False)), "year": context.year,
            "region": context.scope.region or "" if context.scope.level == "region" else "",
            "province": context.scope.province or "" if context.scope.level == "province" else "",
            "school": context.scope.school or "", "approved_only": approved_only, **extra}
    if period:
        base["period"] = _checked_period(context, period)
    if all_provinces:
        if context.scope.level in ("province", "school"):
            raise InputError("--all-provinces goes with a region (or nothing), not with --province or --school.")
        with context.engine.connect() as connection:
            provinces = provinces_with_schools(connection, context.scope.region)
        if not provinces:
            raise InputError("No province of that scope has schools in the database: run `workbench demo` or "
                             "import schools first.")
        out = out_dir or config.REPORTS_DIR / chosen.name
        index = runner.run_per_province(chosen, base, out, provinces, progress=ctx.obj["progress"])
        click.echo(f"{len(provinces)} reports; index: {index}")
        return
    out = out_dir or config.REPORTS_DIR / chosen.name / context.scope.slug()
    result = runner.run(chosen, base, out, context.scope.label_fr, progress=ctx.obj["progress"])
    click.echo(f"Report: {result.report}\nExecuted notebook: {result.notebook}")


def _checked_period(context, period: str) -> str:
    from workbench.campaigns.tayssir import periods, queries

    code = periods.resolve_period(context.year, period)
    with context.engine.connect() as connection:
        known = list(queries.periods(connection, context.year)["code"])
    if code not in known:
        raise InputError(f"Period '{period}' does not exist in {context.year}; periods: {', '.join(known)}.")
    return code


@cli.command("issue-period")
@click.option("--year", default=config.DEMO_YEAR.value, show_default=config.DEMO_YEAR.default,
              help=config.DEMO_YEAR.help)
@click.option("--period", required=True, help="P1, P2, P3 or 2025-2026-P1.")
@click.pass_context
def issue_period(ctx: click.Context, year: str, period: str) -> None:
    """Freeze a Tayssir payment period: its lines can no longer change (corrections become adjustments)."""
    from workbench.campaigns.tayssir.periods import issue_period as issue

    done = issue(_engine(ctx), year, period)
    click.echo(f"Issued {period}: {done['households']:,} households, {done['lines']:,} lines, "
               f"{done['amount_mad']:,} MAD.")


@cli.command("complaint")
@click.argument("complaint_id", type=int)
@click.option("--state", type=click.Choice(["in_review", "upheld", "rejected"]), required=True)
@click.option("--resolution", default="", help="What the family is told (required to close).")
@click.pass_context
def complaint(ctx: click.Context, complaint_id: int, state: str, resolution: str) -> None:
    """Review, uphold or reject a Tayssir complaint."""
    from workbench.campaigns.tayssir.complaints import resolve_complaint

    months = resolve_complaint(_engine(ctx), complaint_id, state, resolution)
    click.echo(f"Complaint {complaint_id}: {state}." + (f" Months made payable: {', '.join(months)}." if months else ""))


@cli.command("tayssir-settings")
@click.option("--year", default=config.DEMO_YEAR.value, show_default=config.DEMO_YEAR.default,
              help=config.DEMO_YEAR.help)
@click.option("--household-cap", type=int, default=None, help="Children paid per household and month.")
@click.option("--count-justified/--ignore-justified", default=None,
              help="Whether justified absences count towards the monthly limit.")
@click.option("--level", default=None, help="Level whose amount or absence limit to change (with --amount/--max-absences).")
@click.option("--amount", type=int, default=None, help="Monthly amount (MAD) of --level.")
@click.option("--max-absences", type=int, default=None, help="Absence days allowed per month at --level.")
@click.pass_context
def tayssir_settings(ctx: click.Context, year: str, household_cap: int | None, count_justified: bool | None,
                     level: str | None, amount: int | None, max_absences: int | None) -> None:
    """Show or change a year's Tayssir settings (refused once a period of the year is issued)."""
    from workbench.campaigns.tayssir.settings import describe, update_settings

    engine = _engine(ctx)
    update_settings(engine, year, household_cap=household_cap, count_justified=count_justified, level=level,
                    amount=amount, max_absences=max_absences)
    click.echo(describe(engine, year))


@cli.command("publish-grants")
@click.option("--year", default=config.DEMO_YEAR.value, show_default=config.DEMO_YEAR.default,
              help=config.DEMO_YEAR.help)
@click.option("--replace", is_flag=True, help="Publish anew over lists already published.")
@click.pass_context
def publish_grants(ctx: click.Context, year: str, replace: bool) -> None:
    """Record today's grant lists as the published ones (later changes are shown against them)."""
    from workbench.campaigns.grants.appeals import publish

    click.echo(f"Published {publish(_engine(ctx), year, replace=replace):,} lines for {year}.")


@cli.command("appeal")
@click.option("--year", default=config.DEMO_YEAR.value, show_default=config.DEMO_YEAR.default,
              help=config.DEMO_YEAR.help)
@click.option("--massar", "massar_code", required=True, help="Massar code of the applicant.")
@click.option("--type", "grant_type", required=True, help="Grant type of the application.")
@click.option("--set", "changes", multiple=True, required=True, metavar="FIELD=VALUE",
              help="A corrected field (repeatable): distance_km, household_income_class, rsu_score, ...")
@click.option("--reason", required=True, help="Why the committee changes it.")
@click.option("--by", "by", required=True, help="Who records the change.")
@click.pass_context
def appeal(ctx: click.Context, year: str, massar_code: str, grant_type: str, changes: tuple[str, ...], reason: str,
           by: str) -> None:
    """Record an appeal: correct an application; the lists are re-ranked and show the change."""
    from workbench.campaigns.grants.appeals import appeal as record

    fields = {}
    for pair in changes:
        name, sep, value = pair.partition("=")
        if not sep:
            raise InputError(f"--set '{pair}' must be written FIELD=VALUE.")
        fields[name.strip()] = value.strip()
    trail = record(_engine(ctx), year, massar_code, grant_type, fields, reason=reason, by=by)
    for row in trail.itertuples():
        click.echo(f"{row.field}: {row.before} -> {row.after}")


@cli.command("reports-index")
@click.option("--dir", "reports_dir", type=click.Path(path_type=Path), default=config.REPORTS_DIR,
              show_default="reports")
def reports_index(reports_dir: Path) -> None:
    """Write reports/index.html linking every campaign report."""
    from workbench.runner import write_reports_index

    reports_dir.mkdir(parents=True, exist_ok=True)
    click.echo(f"Index: {write_reports_index(reports_dir)}")


@cli.command()
@click.option("--port", default=config.SERVE_PORT.value, show_default=config.SERVE_PORT.default,
              help=config.SERVE_PORT.help)
@click.option("--address", default="localhost", show_default=True)
@click.option("--sandbox", default=None, help="Serve a training sandbox (see `workbench sandbox create`).")
@click.option("--show/--no-show", default=False, help="Open a browser tab.")
@click.pass_context
def serve(ctx: click.Context, port: str, address: str, sandbox: str | None, show: bool) -> None:
    """Serve every Panel app of apps/ behind a login (panel serve with the workbench's auth hooks)."""
    import secrets

    from workbench.db import require_schema
    from workbench.sandbox import sandbox_url

    apps = sorted(str(p) for p in config.APPS_DIR.glob("*.py") if not p.name.startswith("_"))
    if not apps:
        raise WorkbenchError(f"No app found in {config.APPS_DIR}.")
    env = {**os.environ}
    if sandbox:
        ctx.obj["db"] = sandbox_url(sandbox)
        env[config.SANDBOX.env] = sandbox
    require_schema(_engine(ctx))
    if ctx.obj["db"]:
        env[config.DB_URL.env] = ctx.obj["db"]
    # A new secret per server start: restarting the server logs everyone out, which is what we want.
    secret = env.get("WORKBENCH_COOKIE_SECRET") or secrets.token_urlsafe(32)
    command = [sys.executable, "-m", "panel", "serve", *apps, "--port", str(port), "--address", address,
               "--allow-websocket-origin", f"{address}:{port}", "--index", "overview",
               "--auth-module", str(Path(__file__).with_name("webauth.py")),
               f"--cookie-secret={secret}"]  # one token: a secret may start with '-'

    if show:
        command.append("--show")
    click.echo(f"Serving {len(apps)} app(s) on http://{address}:{port}/" + (f" (sandbox {sandbox})" if sandbox else ""))
    raise SystemExit(subprocess.call(command, env=env))


@cli.group()
def users() -> None:
    """Accounts of the apps and of CLI runs (--user): add, list, disable."""


@users.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(["director", "province_officer", "region_officer", "trainer",
                                           "administrator"]), required=True)
@click.option("--school", default=None, help="School code of a director.")
@click.option("--province", default=None, help="Province code of a province officer.")
@click.option("--region", default=None, help="Region code of a region officer.")
@click.option("--name", "full_name", default="", help="Full name shown in the audit trail.")
@click.password_option(envvar="WORKBENCH_NEW_PASSWORD", help="Asked for (twice) when not given.")
@click.pass_context
def users_add(ctx: click.Context, username: str, role: str, school: str | None, province: str | None,
              region: str | None, full_name: str, password: str) -> None:
    """Add a user with a role and the school, province or region it applies to."""
    from workbench.access.users import add_user

    actor = add_user(_engine(ctx), username, password, role, full_name=full_name, school=school,
                     province=province, region=region)
    click.echo(f"Added {actor.label}.")


@users.command("list")
@click.pass_context
def users_list(ctx: click.Context) -> None:
    """List the users, their role, scope and whether they are active."""
    from workbench.access.users import list_users

    frame = list_users(_engine(ctx))
    click.echo(frame.fillna("").to_string(index=False) if not frame.empty else "No user yet.")


@users.command("disable")
@click.argument("username")
@click.pass_context
def users_disable(ctx: click.Context, username: str) -> None:
    """Disable a user: they cannot log in any more (their history stays in the audit trail)."""
    from workbench.access.users import disable_user

    disable_user(_engine(ctx), username)
    click.echo(f"Disabled {username}.")


@cli.command()
@click.argument("action", type=click.Choice(["submit", "approve", "reopen", "status"]))
@click.option("--dataset", required=True, help="pupils, schoolbags, tayssir, grants or absences-YYYY-MM.")
@click.option("--school", default=None, help="School code (required except for status).")
@click.option("--province", default=None, help="Province of a status listing.")
@click.option("--year", default=config.DEMO_YEAR.value, show_default=config.DEMO_YEAR.default,
              help=config.DEMO_YEAR.help)
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
        click.echo(frame[["school_code", "name_fr", "sector", "state", "changed_by", "changed_at", "reason"]]
                   .fillna("").to_string(index=False))
        return
    if not school:
        raise InputError(f"`validate {action}` needs --school.")
    state = validation.change_state(engine, year, school, dataset, action, reason=reason)
    click.echo(f"{school} {dataset} {year}: {state}.")


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
    click.echo(f"{count:,} audit events written to {out_file}.")


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
    click.echo(f"Sandbox {name}: {path}\nServe it with: workbench serve --sandbox {name}")


@sandbox.command("reset")
@click.argument("name")
def sandbox_reset(name: str) -> None:
    """Put a sandbox back as it was created."""
    from workbench.sandbox import reset_sandbox

    reset_sandbox(name)
    click.echo(f"Sandbox {name} reset.")


@sandbox.command("list")
def sandbox_list() -> None:
    from workbench.sandbox import list_sandboxes

    click.echo("\n".join(list_sandboxes()) or "No sandbox yet.")


def main() -> None:
    cli(prog_name="workbench")
