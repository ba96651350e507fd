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
