"""What the workbench leaves on disk is not everyone's to read (issue 31, finding 11): the SQLite database (its
write-ahead log too) and a sandbox's copy, the portal's access codes and letters are their owner's only (0600), a
reports folder its owner's and their group's (0750), whatever the umask the process started with lets through."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from handbuilt import run

from workbench import config
from workbench.run_context import open_run


@pytest.fixture(autouse=True)
def open_umask():
    """The common default umask (files 0644, folders 0755): what the workbench must narrow by itself."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_sqlite_database_and_its_log_are_the_owners_only(tmp_path):
    database = tmp_path / "data" / "workbench.db"
    result = run(f"sqlite:///{database}", "init")
    assert result.exit_code == 0, result.output
    logs = [p for p in (database.with_name("workbench.db-wal"), database.with_name("workbench.db-shm")) if p.exists()]
    for path in (database, *logs):
        assert _mode(path) == 0o600, (path.name, oct(_mode(path)))


def test_a_sandbox_copy_is_the_owners_only(tiny_demo_url):
    result = run(tiny_demo_url, "sandbox", "create", "training")
    assert result.exit_code == 0, result.output
    copies = sorted(config.sandbox_dir().glob("training*.db"))
    assert len(copies) == 2 and all(_mode(p) == 0o600 for p in copies), [(p.name, oct(_mode(p))) for p in copies]


def test_the_portal_codes_and_letters_are_the_owners_only(tiny_demo_url, tmp_path):
    out = tmp_path / "codes"
    out.mkdir()
    (out / "portal_codes.csv").write_text("left by an earlier issue\n")  # a file already there is narrowed too
    os.chmod(out / "portal_codes.csv", 0o644)
    result = run(tiny_demo_url, "portal", "issue-codes", "--demo", "--out", out)
    assert result.exit_code == 0, result.output
    for name in ("portal_codes.csv", "portal_letters.pdf"):
        assert _mode(out / name) == 0o600, (name, oct(_mode(out / name)))
    assert "left by" not in (out / "portal_codes.csv").read_text()


def test_a_reports_folder_is_the_owners_and_their_groups(tiny_demo_url, tmp_path):
    (tmp_path / "served").mkdir()
    reports = tmp_path / "served" / "reports"
    context = open_run("overview", db_url=tiny_demo_url, out_dir=str(reports / "overview" / "03"), region="03")
    context.engine.dispose()
    for path in (reports, reports / "overview", reports / "overview" / "03"):
        assert _mode(path) == 0o750, (path, oct(_mode(path)))
    assert _mode(tmp_path / "served") == 0o755  # above the reports: not the workbench's to change
