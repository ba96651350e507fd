"""Who may read what the workbench leaves on disk: a file of secrets or personal data (the SQLite database, a
file naming people or holding their secrets) is its owner's only (0600), a reports folder its owner's and their
group's (0750). Each is made with that mode from the start, whatever the process's umask, never opened to
everyone first and narrowed afterwards; the mode is given at creation (os.open, os.mkdir) rather than by changing
the process's umask, which the server's other threads share."""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_FILE = 0o600
REPORTS_FOLDER = 0o750


def private_file(path: Path | str) -> Path:
    """`path` created empty (or emptied) readable and writable by its owner only, before anything is written into
    it: what is then written through a path keeps that mode."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    try:
        os.fchmod(descriptor, PRIVATE_FILE)  # a file already there keeps its mode on open: narrowed too
    finally:
        os.close(descriptor)
    return Path(path)


def private_database(path: Path | str) -> Path:
    """A SQLite database file created its owner's only when it does not exist yet (an existing one is left as its
    operator set it). SQLite gives its journal, write-ahead log and shared-memory files the database's mode."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    except FileExistsError:
        pass
    return Path(path)


def folder(path: Path | str, mode: int = REPORTS_FOLDER) -> Path:
    """`path` and each missing folder above it created with `mode` (a folder already there is left as it is)."""
    path = Path(path)
    missing = []
    for part in (path, *path.parents):
        if part.exists():
            break
        missing.append(part)
    for part in reversed(missing):
        try:
            os.mkdir(part, mode)
        except FileExistsError:  # made meanwhile by another process (a run beside this one)
            continue
        os.chmod(part, mode)  # the umask may have taken group bits the mode grants
    if not path.is_dir():
        path.mkdir(parents=True, exist_ok=True)  # raises as mkdir does (a file in the way)
    return path
