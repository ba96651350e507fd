"""The catalogue of user-facing text: files a translator edits, complete in Arabic and French."""

from __future__ import annotations

import csv
import re
import string

import pytest

from workbench import config
from workbench.catalogue import headers, text
from workbench.exceptions import WorkbenchError

FILES = sorted([config.PROJECT_ROOT / "workbench" / "labels.csv",
                *(config.PROJECT_ROOT / "workbench" / "programmes").glob("*/labels.csv")])
ARABIC = re.compile(r"[\u0600-\u06FF]")


def _placeholders(value: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(value) if name}


@pytest.mark.parametrize("path", FILES, ids=[p.parent.name for p in FILES])
def test_every_label_has_arabic_and_french_with_the_same_placeholders(path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["key", "ar", "fr"]
        rows = list(reader)
    keys = [row["key"] for row in rows]
    assert len(keys) == len(set(keys)), "a key appears twice"
    for row in rows:
        assert row["fr"].strip() and row["ar"].strip(), row["key"]
        assert ARABIC.search(row["ar"]), f"{row['key']}: the ar column is not in Arabic"
        assert _placeholders(row["ar"]) == _placeholders(row["fr"]), row["key"]


def test_labels_are_found_by_programme_then_shared_and_a_missing_one_is_named():
    assert text("role.director").ar == "مدير المؤسسة"
    assert text("tayssir.capped_months", cap=2).fr == "Mois au-delà de 2 enfants"
    shared = headers("tayssir", "level_code", "guardian_cin")
    assert shared["level_code"] == text("level_code") and shared["guardian_cin"] == text("tayssir.guardian_cin")
    with pytest.raises(WorkbenchError, match="'tayssir.nothing' is missing"):
        text("tayssir.nothing")


def test_every_stored_column_a_reader_meets_in_the_audit_trail_has_words():
    """A change shown in the trail names its columns in words: every column of every table the workbench writes
    has a label (the security machinery's own tables and bookkeeping columns are never shown as rows)."""
    from workbench.access.audit import BOOKKEEPING_TABLES, UNREAD_COLUMNS, readable
    from workbench.catalogue import column_label
    from workbench.models import Base
    from workbench.registry import programmes

    programmes()  # the programmes' tables join the metadata when their packages load
    unnamed = {f"{table.name}.{column.name}" for table in Base.metadata.sorted_tables
               if table.name not in BOOKKEEPING_TABLES
               for column in table.columns if column.name not in UNREAD_COLUMNS and column_label(column.name) is None}
    assert unnamed == set()
    shown = readable('[{"decided_by": "dp0301", "version": 3, "decision": "not_found"}]', "fr")
    assert shown.startswith("Décidé par : dp0301") and "version" not in shown.lower()


def test_every_table_and_every_audited_action_reads_in_words():
    """The audit trail and the demo name tables and actions: each has words in both languages, none is shown as
    its stored code."""
    import re
    from pathlib import Path

    from workbench.access.audit import action_words, via_words
    from workbench.catalogue import value_label
    from workbench.models import Base
    from workbench.registry import programmes

    programmes()
    assert {t for t in Base.metadata.tables if value_label("table_name", t) is None} == set()
    written = {m.group(1) for path in Path("workbench").rglob("*.py")
               for m in re.finditer(r'guarded_write\([\w.]+, "([^"]+)"', path.read_text(encoding="utf-8"))}
    assert len(written) > 10
    for lang in ("fr", "ar"):
        assert {a for a in written if action_words(a, lang) == a} == set()
    assert action_words("import absences", "fr") == "Import « absences »"
    assert action_words("approve pupils", "ar") == "مصادقة — التلاميذ"
    assert via_words("app validation", "fr") == "Application : Validation des données et journal"
