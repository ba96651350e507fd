"""`portal issue-codes` delivers before it revokes (issue 31, finding 4), on SQLite and PostgreSQL: the codes file
and the letters are written under temporary names, the codes committed, then the files take their names; an --out
that cannot be written leaves the previous codes working and says why in words (exit code 2)."""

from __future__ import annotations

import os
import stat

import pytest
from handbuilt import run
from sqlalchemy import func, select

from workbench.programmes.portal import codes, logins
from workbench.programmes.portal import demo as portal_demo
from workbench.programmes.portal.models import AccessCode

from .conftest import YEAR


@pytest.fixture
def first_codes(demo):
    school, class_code = portal_demo.demo_class(demo, YEAR)
    issued = codes.issue_codes(demo, school, YEAR, class_code)
    return demo, school, class_code, issued


def _live(engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(AccessCode).where(AccessCode.revoked_at.is_(None)))


@pytest.mark.parametrize("where", ["under_a_file", "a_file"])
def test_an_unwritable_out_leaves_the_previous_codes_valid_and_says_why(first_codes, db_url, tmp_path, where):
    engine, school, class_code, issued = first_codes
    (tmp_path / "out").mkdir()
    blocker = tmp_path / "out" / "codes.txt"
    blocker.write_text("not a folder")
    out = blocker / "letters" if where == "under_a_file" else blocker
    before = _live(engine)
    result = run(db_url, "portal", "issue-codes", "--school", school, "--class", class_code, "--out", out)
    assert result.exit_code == 2, result.output
    assert "Aucun code émis : impossible d'écrire dans le dossier" in result.output
    assert "un fichier occupe la place de ce dossier" in result.output and "لم تصدر أي رموز" not in result.output
    assert "NotADirectoryError" not in result.output and "FileExistsError" not in result.output
    assert _live(engine) == before  # nothing revoked, nothing issued
    assert list(blocker.parent.iterdir()) == [blocker] and blocker.read_text() == "not a folder"
    guardian = issued.codes[issued.codes["holder_kind"] == "guardian"].iloc[0]
    assert logins.login(engine, "guardian", guardian["identifier"], guardian["code"], "10.0.3.1").token


def test_the_files_take_their_names_once_the_codes_are_committed(first_codes, db_url, tmp_path):
    engine, school, class_code, issued = first_codes
    out = tmp_path / "out"
    result = run(db_url, "portal", "issue-codes", "--school", school, "--class", class_code, "--out", out)
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in out.iterdir()) == ["portal_codes.csv", "portal_letters.pdf"]  # no .part
    assert all(stat.S_IMODE(os.stat(path).st_mode) == 0o600 for path in out.iterdir())
    guardian = issued.codes[issued.codes["holder_kind"] == "guardian"].iloc[0]
    refused = logins.login(engine, "guardian", guardian["identifier"], guardian["code"], "10.0.3.2")
    assert refused.token is None and "révoqué" in refused.error.fr  # the new codes replaced the old ones


def test_a_refused_issue_leaves_no_file(first_codes, tmp_path, monkeypatch):
    """A failure after the files are staged (here, the commit) removes them: no file holds codes that do not work."""
    engine, school, class_code, _ = first_codes
    from workbench.programmes.portal import pdfs

    out = tmp_path / "out"

    def deliver(codes_frame, letters):
        staged = pdfs.stage_letters(out, codes_frame, letters)
        assert all(temporary.exists() for temporary, _ in staged)
        pdfs.discard(staged)
        raise RuntimeError("the commit failed")

    before = _live(engine)
    with pytest.raises(RuntimeError):
        codes.issue_codes(engine, school, YEAR, class_code, deliver=deliver)
    assert _live(engine) == before and list(out.iterdir()) == []
