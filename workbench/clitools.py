"""What the generic CLI and the programmes' command groups share: the engine of the run and common options."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from workbench import config

if TYPE_CHECKING:
    from sqlalchemy import Engine


def engine_of(ctx: click.Context) -> Engine:
    """The engine of the `--db` given to `workbench` (or the WORKBENCH_DB_URL setting)."""
    from workbench.db import make_engine

    return make_engine(ctx.find_root().obj["db"])


def progress_of(ctx: click.Context) -> bool:
    return ctx.find_root().obj["progress"]


year_option = click.option("--year", default=config.DEMO_YEAR.value, show_default=config.DEMO_YEAR.default,
                           help=config.DEMO_YEAR.help)


def parse_pairs(pairs: tuple[str, ...], option: str) -> dict[str, str]:
    """'NAME=VALUE' pairs of a repeatable option, names stripped."""
    from workbench.catalogue import text
    from workbench.exceptions import InputError

    values = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise InputError(text("error.name_value", option=option, pair=pair))
        values[name.strip()] = value.strip()
    return values


# The command line's help in the language it speaks (workbench.catalogue.terminal_language). Every group's and
# command's help is the catalogue's `help.<command path>` (`help.import`, `help.users.add`; the root's
# `help.workbench`), every option's and argument's `help.<command path>.<name>` (`help.import.dry-run`: an option by
# its first long name, an argument by its name), else the same name under an enclosing group (`help.run.year`
# describes the --year of every campaign), else `help.option.<name>` (an option shared by many commands, --year). A
# programme's commands (its groups, its campaign under `run`) read the keys of its own labels.csv first
# (`<id>.help.<path>...`). The docstrings and `help=` in code stay, in English, for developers (and a command the
# catalogue does not describe). Click's own words (Usage, Options, Commands, the help option, Error...) come from the
# catalogue's `click.*` keys.

def parameter_name(param: click.Parameter) -> str:
    """How the catalogue names a parameter: an option by its first long name without dashes ('dry-run'), an argument
    by its name ('massar-codes')."""
    if isinstance(param, click.Option):
        names = [name for name in param.opts if name.startswith("--")] or list(param.opts)
        return names[0].lstrip("-")
    return (param.name or "").replace("_", "-")


def help_keys(path: tuple[str, ...], param: click.Parameter | None = None, kind: str = "help") -> list[str]:
    """The catalogue keys that may describe a command (by its path under `workbench`) or one of its parameters, the
    most precise first; `kind` 'prompt' names what an option asks for when it is not given (`prompt.users.add.
    password`)."""
    if param is None:
        return [f"{kind}.{'.'.join(path) or 'workbench'}"]
    name = parameter_name(param)
    enclosing = [f"{kind}.{'.'.join(path[:n])}.{name}" for n in range(len(path), 0, -1)] or [f"{kind}.workbench.{name}"]
    return [*enclosing, f"{kind}.option.{name}"]


def help_label(owner: str, path: tuple[str, ...], param: click.Parameter | None = None, kind: str = "help"):
    """The catalogue's help (a Label) of a command or parameter: in its programme's (`owner`) labels first, else the
    shared ones; None when the catalogue has none."""
    from workbench.catalogue import lookup

    for key in help_keys(path, param, kind):
        found = (lookup(f"{owner}.{key}") if owner else None) or lookup(key)
        if found is not None:
            return found
    return None


def speak_help(command: click.Command, path: tuple[str, ...] = (), owner: str = "") -> click.Command:
    """Gives `command` (and, for a group, the commands it holds) its help texts from the catalogue in the language
    the command line speaks now; the texts written in code stay as the fallback. `path` is the command's path under
    `workbench` (('users', 'add')), `owner` the id of the programme it belongs to ('' for a generic one). The
    workbench's groups call it on what they find (WorkbenchGroup, RunGroup), and each command's context again when
    it starts (`SpokenContext`: the acting user's language is known by then)."""
    from workbench.catalogue import terminal_language

    language = terminal_language()
    command.catalogue_path = (owner, path)  # type: ignore[attr-defined]
    if command.context_class is click.Context:
        command.context_class = SpokenContext
    written = command.__dict__.setdefault("_written_help", (command.help, command.short_help))
    found = help_label(owner, path)
    command.help, command.short_help = (found.of(language), None) if found is not None else written
    for param in command.params:
        english = param.__dict__.setdefault("_written_help", getattr(param, "help", None))
        found = help_label(owner, path, param)
        param.help = found.of(language) if found is not None else english  # type: ignore[attr-defined]
        if isinstance(param, click.Option) and param.prompt:  # asked for when not given (a password)
            asked = param.__dict__.setdefault("_written_prompt", (param.prompt, param.confirmation_prompt))
            found = help_label(owner, path, param, "prompt")
            param.prompt = found.of(language) if found is not None else asked[0]
            param.confirmation_prompt = _said("click.repeat_prompt") if asked[1] is True else asked[1]
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            speak_help(sub, (*path, name), owner)
    return command


def _said(key: str, **values: object) -> str:
    from workbench.catalogue import text

    return text(key, **values).said()


class SpokenFormatter(click.HelpFormatter):
    """Click's help layout with its own words (Usage, Options, Commands...) in the language the command line speaks."""

    SECTIONS = {"Options": "click.options", "Commands": "click.commands", "Positional arguments": "click.arguments"}
    EXTRAS = {"default: ": "click.default", "required": "click.required", "env var: ": "click.env_var"}

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, f"{_said('click.usage')} " if prefix is None else prefix)

    def section(self, name: str):
        return super().section(_said(self.SECTIONS[name]) if name in self.SECTIONS else name)

    def write_heading(self, heading: str) -> None:
        """A section's heading: the catalogue's words carry their colon ('Options :' in French)."""
        self.write(f"{'':>{self.current_indent}}{heading if heading.endswith(':') else heading + ':'}\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(term, self._extras(definition)) for term, definition in rows], col_max, col_spacing)

    def _extras(self, definition: str) -> str:
        """The bracket click adds after an option's help ('[default: 2026-2027; required]'), in words."""
        head, bracket, tail = definition.rpartition("[")
        if not bracket or not tail.endswith("]"):
            return definition
        parts = []
        for part in tail[:-1].split("; "):
            word = next((w for w in self.EXTRAS if part.startswith(w)), None)
            parts.append(part if word is None else _said(self.EXTRAS[word]) + (" " + part[len(word):]
                                                                                if word.endswith(" ") else ""))
        return f"{head}[{_said('list.semicolon').join(parts)}]"


class SpokenContext(click.Context):
    """The context of every workbench command: its help in the language the command line speaks (the acting user's
    is known when a subcommand starts), laid out by `SpokenFormatter`."""

    formatter_class = SpokenFormatter

    def __init__(self, command: click.Command, *args, **kwargs) -> None:
        super().__init__(command, *args, **kwargs)
        owner, path = getattr(command, "catalogue_path", ("", ()))
        speak_help(command, path, owner)
        help_option = command.get_help_option(self)
        if help_option is not None:
            help_option.help = _said("click.help_option")


def _possibilities(exc: click.UsageError, name: str) -> list[str]:
    """The names a mistyped command could have meant: those its group lists (the registry's included)."""
    group = exc.ctx.command if exc.ctx is not None else None
    known = group.list_commands(exc.ctx) if isinstance(group, click.Group) else []
    return [n for n in known if n != name]


class SpokenUsageError(click.UsageError):
    """A usage error (an unknown option or command, a missing argument) said in the language the command line
    speaks, with click's usage line and its hint."""

    def show(self, file=None) -> None:
        if self.ctx is not None:
            names = self.ctx.command.get_help_option_names(self.ctx)
            hint = _said("click.try_help", command=self.ctx.command_path, option=max(names, key=len)) if names else ""
            click.echo(f"{self.ctx.get_usage()}\n{hint}\n", file=file, err=True, color=self.ctx.color)
        click.echo(_said("click.error", message=self.format_message()), file=file, err=True)


class SpokenError(click.ClickException):
    """An error the workbench refuses with, its 'Error:' in the language the command line speaks."""

    def show(self, file=None) -> None:
        click.echo(_said("click.error", message=self.format_message()), file=file, err=True)


def _expected(exc: click.BadParameter) -> str:
    """What a parameter expects, in words, when the catalogue has them for its type (a choice, a whole number);
    else click's own message."""
    kind = exc.param.type if exc.param is not None else None
    if isinstance(kind, click.Choice):
        from workbench.catalogue import joined, terminal_language

        return _said("click.expected_choice", choices=joined(kind.choices, terminal_language()))
    if isinstance(kind, click.IntRange) and kind.min is not None and kind.max is not None:
        return _said("click.expected_range", low=kind.min, high=kind.max)
    if isinstance(kind, click.types.IntParamType):
        return _said("click.expected_integer")
    return exc.message


def spoken_usage_error(exc: click.UsageError) -> click.UsageError:
    """A click usage error said in the terminal language: the kinds the workbench meets are said from the catalogue
    (an unknown command with the closest one, an unknown option, a missing argument or option, a bad value), the
    rest keep click's message under the catalogue's 'Error:'."""
    from workbench.catalogue import did_you_mean, text

    if isinstance(exc, SpokenUsageError | click.exceptions.NoArgsIsHelpError):
        return exc
    ctx = exc.ctx
    if isinstance(exc, click.exceptions.NoSuchCommand):
        message = text("error.unknown_command", name=exc.command_name)
        message = did_you_mean(message, exc.command_name, _possibilities(exc, exc.command_name)).said()
    elif isinstance(exc, click.NoSuchOption):
        message = did_you_mean(text("click.no_such_option", name=exc.option_name), exc.option_name,
                               exc.possibilities or ()).said()
    elif isinstance(exc, click.MissingParameter) and exc.param is not None:
        kind = "argument" if isinstance(exc.param, click.Argument) else "option"
        message = _said(f"click.missing_{kind}", name=exc.param.get_error_hint(ctx))
    elif isinstance(exc, click.BadParameter) and exc.param is not None:
        message = _said("click.invalid_value", name=exc.param.get_error_hint(ctx), message=_expected(exc))
    elif exc.message.startswith("Got unexpected extra argument"):  # click's words, then the arguments in brackets
        message = _said("click.extra_arguments", args=exc.message.partition("(")[2].rpartition(")")[0])
    else:
        message = exc.format_message()
    return SpokenUsageError(message, ctx)
