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
        if row["key"].endswith(("[zero]", "[one]", "[two]")):  # Arabic says one or two in the noun itself
            assert _placeholders(row["ar"]) <= _placeholders(row["fr"]) <= _placeholders(row["ar"]) | {"count"}, \
                row["key"]
        else:
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
    from workbench.registry import load_models

    load_models()  # the programmes' tables join the metadata when their models load
    unnamed = {f"{table.name}.{column.name}" for table in Base.metadata.sorted_tables
               if table.name not in BOOKKEEPING_TABLES
               for column in table.columns if column.name not in UNREAD_COLUMNS and column_label(column.name) is None}
    assert unnamed == set()
    shown = readable('[{"decided_by": "dp0301", "version": 3, "decision": "not_found"}]', "fr")
    assert shown.startswith("Décidé par : dp0301") and "version" not in shown.lower()
    assert "False" not in readable('[{"justified": false}]', "ar") and "لا" in readable('[{"justified": false}]', "ar")
    assert "None" not in readable('[{"reason": null}]', "fr")


def test_every_table_and_every_audited_action_reads_in_words():
    """The audit trail and the demo name tables and actions: each has words in both languages, none is shown as
    its stored code."""
    import re
    from pathlib import Path

    from workbench.access.audit import action_words, via_words
    from workbench.catalogue import value_label
    from workbench.models import Base
    from workbench.registry import load_models

    load_models()
    assert {t for t in Base.metadata.tables if value_label("table_name", t) is None} == set()
    written = {m.group(1) for path in Path("workbench").rglob("*.py")
               for m in re.finditer(r'guarded_write\([\w.]+, "([^"]+)"', path.read_text(encoding="utf-8"))}
    assert len(written) > 10
    for lang in ("fr", "ar"):
        assert {a for a in written if action_words(a, lang) == a} == set()
    assert action_words("import absences", "fr") == "Import « absences »"
    assert action_words("approve pupils", "ar") == "مصادقة — التلاميذ"
    assert via_words("app validation", "fr") == "Application : Validation des données et journal"


# Files whose Arabic is never the workbench speaking to a user, so it stays in the code (everything else says its
# words through the catalogue): words the workbench RECOGNISES in what people give it, and the demo's made-up data.
ARABIC_IN_CODE_ALLOWED = {
    # Input vocabulary: column aliases and the value words an import file may hold (sex, cycle, milieu, yes/no...).
    "workbench/imports/columns.py", "workbench/imports/fields.py",
    "workbench/imports/hierarchy.py", "workbench/imports/households.py", "workbench/imports/pupils.py",
    "workbench/programmes/grants/imports.py", "workbench/programmes/partner_exchange/imports.py",
    "workbench/programmes/school_life/imports.py", "workbench/programmes/schoolbags/imports.py",
    "workbench/programmes/school_sports/imports.py",
    "workbench/programmes/second_chance/imports.py", "workbench/programmes/tayssir/imports.py",
    "workbench/programmes/whatif/changes.py",  # the yes/no words of a what-if change
    "workbench/programmes/data_entry/imports.py",  # a calendar day's kind (عطلة, إغلاق)
    "workbench/programmes/report_cards/imports.py",  # an exam's and a justified absence's words (جهوي, مبرر)
    "workbench/programmes/partner_exchange/names.py",  # the letters a name is normalised from (أ -> ا)
    # Demo data: generated names, subjects, items and complaints.
    "workbench/demo/names.py", "workbench/programmes/schoolbags/demo.py", "workbench/programmes/second_chance/demo.py",
    "workbench/programmes/tayssir/demo.py",
}
ARABIC_WRITTEN = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")  # in a literal's value: Arabic spelled with \u escapes counts too


def _arabic_literals(source: str) -> list[int]:
    """Lines of the string literals (f-strings whole) holding Arabic, but docstrings and `aliases=` arguments (the
    column names an import recognises). A literal counts when its source shows Arabic (letters or punctuation such
    as '، ') or its value holds Arabic letters; a regex's escaped range ('[\\u0600-\\u06FF]') does not."""
    import ast

    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def written(node: ast.expr) -> str:  # the literal as the file spells it (ast.get_source_segment, in linear time)
        return source[starts[node.lineno - 1] + len(lines[node.lineno - 1].encode()[:node.col_offset].decode()):
                      starts[node.end_lineno - 1] + len(lines[node.end_lineno - 1].encode()[:node.end_col_offset]
                                                        .decode())]

    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value,
                                                                                                    str):
                skipped.add(id(first.value))
        elif isinstance(node, ast.JoinedStr):
            skipped.update(id(part) for part in ast.walk(node) if part is not node)  # read as a whole
        elif isinstance(node, ast.keyword) and node.arg == "aliases":
            skipped.update(id(part) for part in ast.walk(node.value))
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.JoinedStr):
            value = "".join(p.value for p in node.values if isinstance(p, ast.Constant) and isinstance(p.value, str))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            value = node.value
        else:
            continue
        if ARABIC_WRITTEN.search(written(node)) or ARABIC_LETTER.search(value):
            found.append(node.lineno)
    return sorted(found)


def test_no_arabic_is_written_in_code_outside_the_catalogue():
    """'Every label, message, value and header comes from one catalogue': Arabic text written in a Python file of the
    workbench, its apps or its notebooks is a label that skipped the catalogue (and has no French twin a translator
    sees), unless the file is allowed above for what it recognises or what the demo makes up."""
    root = config.PROJECT_ROOT
    files = sorted(p for folder in ("workbench", "apps", "notebooks") if (root / folder).is_dir()
                   for p in (root / folder).rglob("*.py"))
    assert len(files) > 50
    found = {p.relative_to(root).as_posix(): _arabic_literals(p.read_text(encoding="utf-8")) for p in files}
    written = [f"{name}:{line}" for name, lines in found.items() if name not in ARABIC_IN_CODE_ALLOWED
               for line in lines]
    assert written == [], "Arabic written in code (move it to workbench/labels.csv or the programme's labels.csv): " \
                          + ", ".join(written)
    stale = sorted(name for name in ARABIC_IN_CODE_ALLOWED if not found.get(name))
    assert stale == [], f"allowed files without Arabic any more (take them off the list): {stale}"


def test_the_scan_finds_arabic_in_literals_and_f_strings_but_not_in_docstrings_or_aliases():
    source = '''"""Module docstring: تجربة."""
x = "عربي"
y = f"{x}، {x}"
z = ("a" if x else
     "\\u0627\\u0644")
w = Column("c", aliases=("الرمز",))
pattern = "[\\u0600-\\u06FF]"


def f():
    """الدالة"""
    return "plain"
'''
    assert _arabic_literals(source) == [2, 3, 5]


def test_an_import_lists_its_problems_sheet_by_sheet_and_row_by_row():
    from workbench.exceptions import ImportRejected, Problem

    found = [Problem("f.xlsx", "b", row=9, sheet="B"), Problem("f.xlsx", "a", row=7, sheet="A"),
             Problem("f.xlsx", "c", row=3, sheet="B"), Problem("f.xlsx", "whole", sheet="B"),
             Problem("f.xlsx", "d", row=2, sheet="A")]
    listed = ImportRejected(found).problems
    assert [(p.sheet, p.row) for p in listed] == [("B", None), ("B", 3), ("B", 9), ("A", 2), ("A", 7)]


def test_the_audit_trail_on_screen_reads_in_words_and_shows_the_first_rows_of_a_big_event():
    import json

    import pandas as pd

    from workbench.access.audit import in_words

    rows = json.dumps([{"massar_code": f"A{i:09d}", "usable": i} for i in range(1_000)])
    trail = pd.DataFrame({"id": [2, 1], "at": pd.Timestamp("2026-01-05"), "username": ["os:root", "dp0301"],
                          "role": "administrator", "via": "cli", "action": "import returned-books", "file": "x.csv",
                          "table_name": "returned_books", "dataset": None, "school_codes": "", "rows": 1_000,
                          "before": None, "after": [rows, rows], "detail_complete": [False, True]})
    for lang, machine, no, more in (("ar", "حساب الحاسوب (root)", "لا", "الأسطر الأخرى: 997"),
                                    ("fr", "Compte de la machine (root)", "Non", "et 997 autre(s) ligne(s)")):
        shown = in_words(trail, lang, most_rows=3)
        assert shown["username"].tolist() == [machine, "dp0301"] and shown["detail_complete"].iloc[0] == no
        lines = shown["after"].iloc[0].splitlines()
        assert len(lines) == 4 and "A000000002" in lines[2] and more in lines[3]
    assert len(in_words(trail, "fr")["after"].iloc[0].splitlines()) == 1_000  # the download keeps every row


def test_a_tables_own_column_words_come_before_the_shared_ones_in_the_audit_trail():
    """An outbox message's `subject` is not a school subject, nor its `address` a network address: the catalogue's
    `column.<table>.<column>` and the table's own codes (CODED_COLUMNS '<table>.<column>') are read first; other
    tables keep the shared words."""
    import json

    import pandas as pd

    from workbench.access.audit import in_words, readable

    message = json.dumps([{"subject": "Rappel", "address": "+212612345678", "kind": "reminder", "channel": "sms",
                           "state": "queued"}])
    for lang, words in (("fr", ("Objet du message : Rappel", "Adresse ou téléphone : +212612345678",
                                "Type de message : Rappel", "Canal d'envoi : SMS", "État : En attente")),
                        ("ar", ("موضوع الرسالة : Rappel", "العنوان أو الهاتف : +212612345678",
                                "نوع الرسالة : تذكير", "وسيلة الإرسال : رسالة قصيرة", "الحالة : في الانتظار"))):
        assert readable(message, lang, table="outbox_messages") == " · ".join(words)
    other = '[{"subject": "MATH", "address": "10.0.0.1"}]'
    assert readable(other, "fr", table="marks") == readable(other, "fr") == "Matière : MATH · Adresse réseau : 10.0.0.1"
    trail = pd.DataFrame({"id": [2, 1], "at": pd.Timestamp("2026-01-05"), "username": "admin",
                          "role": "administrator", "via": "cli", "action": "queue reminders", "file": None,
                          "table_name": ["outbox_messages", "pupils"], "dataset": None, "school_codes": "",
                          "rows": 1, "before": None, "after": [message, '[{"subject": "MATH"}]'],
                          "detail_complete": True})
    assert in_words(trail, "fr")["after"].tolist() == [readable(message, "fr", table="outbox_messages"),
                                                      "Matière : MATH"]

def test_a_report_of_the_whole_database_names_the_region_it_holds(engine, school_map):
    """A one-region database is reported as that region, not as 'all regions' (issue 32, item 9); a region, a
    province or a school is named as asked."""
    from workbench.db import make_engine
    from workbench.scope import as_covered, resolve_scope

    with make_engine(school_map).connect() as connection:
        covered = as_covered(connection, resolve_scope(connection))
        province = as_covered(connection, resolve_scope(connection, province="0301"))
    assert covered.level == "all" and covered.label_fr == "Région Fès-Meknès" and covered.label_ar == "جهة فاس مكناس"
    assert province.label_fr.startswith("Province de ")


@pytest.mark.parametrize(("count", "arabic", "french"), [
    (1, "تقرير واحد؛", "1 rapport ;"), (2, "تقريران؛", "2 rapports ;"), (3, "3 تقارير؛", "3 rapports ;"),
    (10, "10 تقارير؛", "10 rapports ;"), (11, "11 تقريرا؛", "11 rapports ;"), (100, "100 تقرير؛", "100 rapports ;"),
    (1200, "1,200 تقرير؛", "1,200 rapports ;"), (1203, "1,203 تقارير؛", "1,203 rapports ;")])
def test_a_count_agrees_with_its_noun_in_each_language(count, arabic, french):
    from workbench.catalogue import text

    said = text("cli.fanned_out", count=count, index="i.html")
    assert said.ar.startswith(arabic) and said.fr.startswith(french), said
