"""The command line speaks one language: the acting user's, else WORKBENCH_LANG, else the locale's, else Arabic;
each message once, never French then Arabic."""

import pytest
from click.testing import CliRunner

from workbench import catalogue, config
from workbench.cli import cli

ARABIC_UNKNOWN = "غير معروفة"  # 'Campagne « kits » inconnue' in Arabic
FRENCH_UNKNOWN = "Campagne « kits » inconnue"


@pytest.fixture
def no_language(monkeypatch):
    for name in (config.LANGUAGE.env, "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(catalogue, "_spoken", [])


def _unknown_campaign(**env) -> str:
    result = CliRunner().invoke(cli, ["run", "kits"], env=env)
    assert result.exit_code == 2, result.output
    return result.output


@pytest.mark.parametrize(("env", "language"), [
    ({}, "ar"),
    ({"LANG": "fr_MA.UTF-8"}, "fr"),
    ({"LANG": "ar_MA.UTF-8"}, "ar"),
    ({"LANG": "C.UTF-8"}, "ar"),
    ({"LANG": "fr_FR.UTF-8", "WORKBENCH_LANG": "ar"}, "ar"),
    ({"LANG": "ar_MA.UTF-8", "LC_ALL": "fr_FR.UTF-8"}, "fr"),
])
def test_a_message_is_said_once_in_the_chosen_language(no_language, env, language):
    said = _unknown_campaign(**env)
    expected, other = (ARABIC_UNKNOWN, FRENCH_UNKNOWN) if language == "ar" else (FRENCH_UNKNOWN, ARABIC_UNKNOWN)
    assert expected in said and other not in said, said


def test_the_acting_users_language_is_spoken_unless_the_setting_says_otherwise(no_language, tiny_demo_url,
                                                                                 monkeypatch):
    from sqlalchemy import update

    from workbench.db import make_engine
    from workbench.models import User

    engine = make_engine(tiny_demo_url)
    with engine.begin() as connection:
        director = connection.execute(User.__table__.select().where(User.role == "director")).first()
        connection.execute(update(User).where(User.username == director.username).values(language="fr"))
    said = CliRunner().invoke(cli, ["--db", tiny_demo_url, "--user", director.username, "run", "kits"],
                              env={"LANG": "ar_MA.UTF-8"}).output
    assert FRENCH_UNKNOWN in said and ARABIC_UNKNOWN not in said, said
    said = CliRunner().invoke(cli, ["--db", tiny_demo_url, "--user", director.username, "run", "kits"],
                              env={"WORKBENCH_LANG": "ar"}).output
    assert ARABIC_UNKNOWN in said and FRENCH_UNKNOWN not in said, said


def test_an_import_refused_lists_its_problems_in_arabic_by_default(no_language, engine, db_url, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    result = CliRunner().invoke(cli, ["--db", db_url, "import", "guardians", str(empty)])
    assert result.exit_code == 2, result.output
    assert "الملف فارغ" in result.output and "le fichier est vide" not in result.output, result.output


@pytest.mark.parametrize(("language", "said", "not_said"), [("ar", "قاعدة المعطيات", "Base de données"),
                                                           ("fr", "Base de données", "قاعدة المعطيات")])
def test_a_command_that_succeeds_says_so_once(no_language, tmp_path, language, said, not_said):
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{tmp_path / 'w.db'}", "init"],
                                env={"WORKBENCH_LANG": language})
    assert result.exit_code == 0 and said in result.output and not_said not in result.output, result.output


# The help: every text from the catalogue, in the language the command line speaks (issue 32, item 5).

ENGLISH_CHROME = ("Usage:", "Options:", "Commands:", "Show this message and exit.", "Error:")


def _arabic(said: str) -> bool:
    """Whether `said` holds Arabic letters."""
    return any("\u0600" <= ch <= "\u06FF" for ch in said)


def _help(*args: str, **env: str):
    result = CliRunner().invoke(cli, [*args, "--help"], env=env)
    assert result.exit_code == 0, result.output
    return result.output


def _written_help(command) -> str:
    """The English a developer wrote for a command (its docstring), kept in code."""
    return (command.__dict__.get("_written_help") or (command.help,))[0] or ""


@pytest.mark.parametrize("args", [(), ("run",), ("users", "add"), ("tayssir",), ("run", "tayssir-transfers")],
                         ids=["workbench", "run", "users-add", "a-programme", "a-campaign"])
def test_the_help_is_arabic_by_default_and_names_no_english_sentence(no_language, args):
    said = _help(*args)
    assert _arabic(said) and "الاستعمال:" in said and "الخيارات:" in said, said
    assert "عرض هذه المساعدة ثم الخروج." in said, said
    assert not [word for word in ENGLISH_CHROME if word in said], said
    english = [_written_help(cli), *(_written_help(c) for c in cli.commands.values())]
    assert not [sentence for sentence in english if sentence and sentence.split(".")[0][:40] in said], said
    for english_option in ("No progress bars.", "Output folder", "School code", "Full name shown"):
        assert english_option not in said, said


def test_the_help_is_french_when_told():
    said = _help(WORKBENCH_LANG="fr")  # tests/conftest.py sets it too
    assert "Utilisation :" in said and "Options :" in said and "Commandes :" in said, said
    assert "Massar Workbench : les campagnes d'appui social" in said and "Sans barres de progression." in said
    assert "Afficher cette aide et quitter." in said and not _arabic(said.replace("تيسير", "")), said
    said = _help("run", WORKBENCH_LANG="fr")
    assert "Exécuter le notebook d'une campagne" in said and "Un million de cartables" in said, said


def test_the_help_of_a_subcommand_speaks_the_acting_users_language(no_language, tiny_demo_url):
    from sqlalchemy import update

    from workbench.db import make_engine
    from workbench.models import User

    engine = make_engine(tiny_demo_url)
    with engine.begin() as connection:
        director = connection.execute(User.__table__.select().where(User.role == "director")).first()
        connection.execute(update(User).where(User.username == director.username).values(language="fr"))
    said = CliRunner().invoke(cli, ["--db", tiny_demo_url, "--user", director.username, "users", "list", "--help"],
                              env={"LANG": "ar_MA.UTF-8"}).output
    assert "Lister les utilisateurs" in said and "Utilisation :" in said and not _arabic(said), said


def _command_tree():
    """(command, path, owner) of every command: the generic verbs and groups, each programme's groups and each
    campaign under `run`, as the command line finds them."""
    import click

    from workbench.clitools import SpokenContext

    def below(command, path, owner, ctx):
        yield command, path, owner
        if isinstance(command, click.Group):
            inner = click.Context(command, parent=ctx, info_name=path[-1] if path else "workbench")
            for name in command.list_commands(inner):
                child = command.get_command(inner, name)
                found_owner, found_path = getattr(child, "catalogue_path", (owner, (*path, name)))
                yield from below(child, found_path, found_owner, inner)

    yield from below(cli, (), "", SpokenContext(cli, info_name="workbench"))


def test_every_command_option_and_argument_has_its_help_in_the_catalogue_in_both_languages():
    import click

    from workbench.clitools import help_label
    from workbench.registry import campaigns, programmes

    missing, seen = [], set()
    for command, path, owner in _command_tree():
        seen.add(path)
        label = help_label(owner, path)
        if label is None and path[:1] == ("run",) and len(path) == 2:
            label = campaigns()[path[1]].title  # a campaign is described by its programme's title
        for param in [None, *command.params]:
            found = label if param is None else help_label(owner, path, param)
            if found is None or not (_arabic(found.ar) and found.fr.strip()):
                missing.append(" ".join(path) + ("" if param is None else f" {param.opts or param.name}"))
        assert isinstance(command.params, list) and all(isinstance(p, click.Parameter) for p in command.params)
    assert missing == [], f"help missing from the catalogue (help.<command path>[.<option>]): {missing}"
    expected = {("import",), ("users", "add"), ("audit", "verify"), ("sandbox", "list"),
                *((("run", name)) for name in campaigns()),
                *((p.id,) for p in programmes().values() if p.declared("cli") is not None)}
    assert expected <= seen, expected - seen  # the walk reached the programmes' commands and the campaigns


@pytest.mark.parametrize("language", ["ar", "fr"])
@pytest.mark.parametrize(("args", "closest"), [(["rnu"], "run"),
                                               (["import", "guardian", "pupils.csv"], "guardians"),
                                               (["run", "kit-need"], "kit-needs"),
                                               (["tayssir", "setings"], "settings")],
                         ids=["command", "import-kind", "campaign", "programme-command"])
def test_a_mistyped_name_is_refused_with_the_closest_one(no_language, tmp_path, language, args, closest):
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{tmp_path / 'w.db'}", *args],
                                env={"WORKBENCH_LANG": language})
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit), result.output
    asked = "هل تقصدون" if language == "ar" else "Vouliez-vous dire"
    assert f"{asked}: « {closest} »" in result.output.replace(" :", ":"), result.output
    assert "Traceback" not in result.output and "Did you mean" not in result.output, result.output
    assert bool(_arabic(result.output)) == (language == "ar"), result.output


@pytest.mark.parametrize(("language", "said"), [("ar", ["الخيار « --nope » غير موجود.", "خطأ:", "الاستعمال:"]),
                                                ("fr", ["Option « --nope » inconnue.", "Erreur :", "Utilisation :"])])
def test_clicks_own_errors_are_said_in_the_chosen_language(no_language, language, said):
    result = CliRunner().invoke(cli, ["import", "--nope"], env={"WORKBENCH_LANG": language})
    assert result.exit_code == 2 and all(text in result.output for text in said), result.output
    assert not [word for word in ENGLISH_CHROME if word in result.output], result.output
    result = CliRunner().invoke(cli, ["import", "guardians"], env={"WORKBENCH_LANG": language})
    assert result.exit_code == 2 and "'FILE'" in result.output and said[1] in result.output, result.output


def test_the_help_starts_within_a_second():
    import subprocess
    import sys
    import time

    def timed(*args: str) -> float:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "from workbench.cli import main; main()", *args], check=True,
                       capture_output=True)
        return time.perf_counter() - started

    for args in (("--help",), ("run", "--help")):
        assert min(timed(*args) for _ in range(3)) < 1.0, args


@pytest.mark.parametrize(("language", "said"), [
    ("ar", ["القيم الممكنة: director،", "يجب أن تكون عددا صحيحا من 1 إلى 256.", "وسائط زائدة غير متوقعة: extra"]),
    ("fr", ["valeurs possibles : director,", "un nombre entier de 1 à 256 est attendu.",
            "Argument(s) en trop : extra"])])
def test_a_bad_value_or_an_extra_argument_is_said_in_the_chosen_language(no_language, language, said):
    for args, words in zip((["users", "add", "--role", "boss", "x"], ["run", "overview", "--workers", "0"],
                            ["init", "extra"]), said):
        result = CliRunner().invoke(cli, args, env={"WORKBENCH_LANG": language})
        assert result.exit_code == 2 and words in result.output, result.output
        assert "is not one of" not in result.output and "Got unexpected" not in result.output, result.output
