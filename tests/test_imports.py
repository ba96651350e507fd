"""Imports through the CLI: good files land whole and idempotently; bad files write nothing and exit 2."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from handbuilt import COMMUNES, PUPILS, SCHOOLS, counts, pupil, run
from massar_files import write_csv, write_list_eleve_rtl_xlsx, write_list_eleve_xls, write_list_eleve_xlsx
from sqlalchemy import select

from workbench.catalogue import text
from workbench.models import Absence, Commune, Enrolment, Pupil
from workbench.programmes.tayssir.models import TayssirCommune


def test_good_files_land_whole(enrolled, tmp_path):
    guardians = [{"massar_code": "A000000001", "guardian_cin": "CD123456", "guardian_name": "محمد العلوي",
                  "relationship": "father", "phone": "0612345678"},
                 {"massar_code": "A000000002", "guardian_cin": "cd123456", "guardian_name": "محمد العلوي",
                  "relationship": "الأب", "phone": ""}]
    assert run(enrolled, "import", "guardians", write_csv(tmp_path / "g.csv", guardians)).exit_code == 0
    absences = [{"massar_code": "A000000001", "date": "2025-10-06", "slots": "2", "justified": "0"},
                {"massar_code": "A000000001", "date": "07/10/2025", "slots": "", "justified": "oui"}]
    assert run(enrolled, "import", "absences", write_csv(tmp_path / "a.csv", absences)).exit_code == 0
    assert counts(enrolled) == {"communes": 2, "schools": 2, "classes": 3, "pupils": 3, "enrolments": 3,
                                "guardians": 1, "pupil_guardians": 2, "absences": 2}
    from workbench.db import make_engine

    with make_engine(enrolled).connect() as connection:
        levels = dict(connection.execute(select(Enrolment.massar_code, Enrolment.level_code)).all())
        sexes = dict(connection.execute(select(Pupil.massar_code, Pupil.sex)).all())
        commune = connection.execute(select(Commune).where(Commune.code == "0302001")).one()
        targeted = dict(connection.execute(select(TayssirCommune.commune_code, TayssirCommune.targeted)).all())
        absence = connection.execute(select(Absence).where(Absence.absent_on == dt.date(2025, 10, 7))).one()
    assert levels == {"A000000001": "1AP", "A000000002": "2AP", "A000000003": "1AC"}
    assert sexes == {"A000000001": "F", "A000000002": "M", "A000000003": "M"}
    assert (commune.milieu, commune.poverty_rate) == ("urban", None)
    # The programme's column of the communes file lands in the programme's table, every commune of the file.
    assert targeted == {"0301001": True, "0302001": False}
    assert (absence.slots, absence.justified) == (1, True)


def test_importing_twice_changes_nothing(enrolled, tmp_path):
    before = counts(enrolled)
    result = run(enrolled, "import", "massar-pupils", write_csv(tmp_path / "again.csv", PUPILS))
    assert result.exit_code == 0, result.output
    assert counts(enrolled) == before


def test_dry_run_writes_nothing(school_map, tmp_path):
    before = counts(school_map)
    result = run(school_map, "import", "massar-pupils", write_csv(tmp_path / "p.csv", PUPILS), "--dry-run")
    assert result.exit_code == 0 and "écrirait" in result.output
    assert counts(school_map) == before


@pytest.mark.parametrize("writer, suffix", [(write_list_eleve_xlsx, "xlsx"), (write_list_eleve_xls, "xls")])
def test_massar_list_eleve_export(school_map, tmp_path, writer, suffix):
    classes = {"1APG-1": [("B100000001", "الإدريسي", "آدم", "ذكر", dt.date(2019, 2, 1), "فاس"),
                          ("B100000002", "بناني", "مريم", "أنثى", dt.date(2019, 7, 9), "صفرو")],
               "2APG-1": [("B100000003", "التازي", "يوسف", "ذكر", dt.date(2018, 4, 30), "فاس")]}
    path = writer(tmp_path / f"ListEleve_20250915.{suffix}", classes)
    result = run(school_map, "import", "massar-pupils", path, "--school", "11111A")
    assert result.exit_code == 0, result.output
    from workbench.db import make_engine

    with make_engine(school_map).connect() as connection:
        rows = connection.execute(select(Enrolment.massar_code, Enrolment.year, Enrolment.class_code,
                                         Enrolment.level_code, Pupil.sex, Pupil.birth_date)
                                  .join(Pupil, Pupil.massar_code == Enrolment.massar_code)
                                  .order_by(Enrolment.massar_code)).all()
    assert [tuple(r) for r in rows] == [
        ("B100000001", "2025-2026", "1APG-1", "1AP", "M", dt.date(2019, 2, 1)),
        ("B100000002", "2025-2026", "1APG-1", "1AP", "F", dt.date(2019, 7, 9)),
        ("B100000003", "2025-2026", "2APG-1", "2AP", "M", dt.date(2018, 4, 30)),
    ]


# --- bad input: exit code 2, a message naming the place, nothing written ----------------------------------

def _bad_files(tmp_path):
    """name -> (kind, path, extra args, words the message must contain)."""
    corrupt = tmp_path / "corrupt.xlsx"
    corrupt.write_bytes(b"PK\x03\x04 this is not a workbook")
    corrupt_xls = tmp_path / "corrupt.xls"
    corrupt_xls.write_bytes(b"\xd0\xcf\x11\xe0 garbage")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    header_only = tmp_path / "header.csv"
    header_only.write_text("massar_code,guardian_cin,guardian_name,relationship\n")
    pdf = tmp_path / "pupils.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    numbers = itertools.count(1)
    w = lambda name, rows: write_csv(tmp_path / f"{next(numbers)}_{name}", rows)  # noqa: E731
    return {
        "corrupt xlsx": ("massar-pupils", corrupt, [], ["corrupt.xlsx", "endommagé"]),
        "corrupt xls": ("massar-pupils", corrupt_xls, ["--school", "11111A"], ["corrupt.xls", "ne peut pas être lu"]),
        "empty file": ("guardians", empty, [], ["empty.csv", "le fichier est vide"]),
        "header without rows": ("guardians", header_only, [], ["aucune ligne de données"]),
        "not a spreadsheet": ("massar-pupils", pdf, [], ["les fichiers « .pdf » ne sont pas acceptés"]),
        "wrong layout": ("schools", w("guardians.csv", [{"massar_code": "A000000001", "guardian_cin": "C1"}]), [],
                         ["ce n'est pas un fichier schools"]),
        "missing column": ("massar-pupils", w("p.csv", [{k: v for k, v in PUPILS[0].items() if k != "sex"}]), [],
                           ["la colonne obligatoire « sex » manque"]),
        "unknown school": ("massar-pupils", w("p.csv", [PUPILS[0], pupil("A000000009", school="99999Z")]), [],
                           ["ligne 3", "colonne « school_code »", "99999Z", "inconnu : établissement"]),
        "bad Massar code": ("massar-pupils", w("p.csv", [pupil("A12345")]), [],
                            ["ligne 2", "colonne « massar_code »", "A12345",
                             "code Massar (une majuscule et 9 chiffres) attendu"]),
        "duplicated pupil": ("massar-pupils", w("p.csv", [PUPILS[0], PUPILS[1], PUPILS[0]]), [],
                             ["A000000001", "apparaît plus d'une fois (lignes 2, 4)"]),
        "bad sex": ("massar-pupils", w("p.csv", [pupil("A000000001", sex="X")]), [],
                    ["colonne « sex »", "valeur « X »", "sexe (M/F"]),
        "bad date": ("massar-pupils", w("p.csv", [pupil("A000000001", born="31/02/2019")]), [],
                     ["colonne « birth_date »", "n'est pas une date"]),
        "age does not fit": ("massar-pupils", w("p.csv", [pupil("A000000001", born="2024-01-01")]), [],
                             ["ne convient pas à un élève"]),
        "level not taught": ("massar-pupils", w("p.csv", [pupil("A000000001", cls="1ASCG-1", born="2013-01-01")]), [],
                             ["n'est pas enseigné dans un établissement du primaire"]),
        "unknown level": ("massar-pupils", w("p.csv", [pupil("A000000001", cls="CE1-2")]), [],
                          ["ne commence pas par un niveau connu"]),
        "unknown province": ("communes", w("c.csv", [{**COMMUNES[0], "province_code": "9999"}]), [],
                             ["inconnu : code de province", "9999"]),
        "poverty over 100": ("communes", w("c.csv", [{**COMMUNES[0], "poverty_rate": "130"}]), [],
                             ["colonne « poverty_rate »", "est supérieur à 100"]),
        "bad school code": ("schools", w("s.csv", [{**SCHOOLS[0], "school_code": "1111A"}]), [],
                            ["n'est pas valide : code d'établissement"]),
        "unknown commune": ("schools", w("s.csv", [{**SCHOOLS[0], "commune_code": "X"}]), [], ["inconnu : commune"]),
        "bad CIN": ("guardians", w("g.csv", [{"massar_code": "A000000001", "guardian_cin": "123ABC",
                                              "guardian_name": "x", "relationship": "father"}]), [],
                    ["numéro de CIN"]),
        "guardian of unknown pupil": ("guardians", w("g.csv", [{"massar_code": "Z999999999", "guardian_cin": "C1",
                                                                "guardian_name": "x", "relationship": "mother"}]),
                                      [], ["inconnu : élève", "Z999999999"]),
        "absence outside the year": ("absences", w("a.csv", [{"massar_code": "A000000001", "date": "2025-07-14"}]),
                                     [], ["n'est pas un jour de classe d'une année où cet élève est inscrit"]),
        "absence twice": ("absences", w("a.csv", [{"massar_code": "A000000001", "date": "2025-10-06"},
                                                  {"massar_code": "A000000001", "date": "06/10/2025"}]), [],
                          ["apparaît plus d'une fois"]),
        "ListEleve without school": ("massar-pupils", write_list_eleve_xlsx(tmp_path / "ListEleve.xlsx", {
            "1APG-1": [("B100000001", "الإدريسي", "آدم", "ذكر", dt.date(2019, 2, 1), "فاس")]}), [],
                                     ["a besoin du code de l'établissement : ajoutez --school"]),
    }


BAD_CASE_NAMES = [
    "corrupt xlsx", "corrupt xls", "empty file", "header without rows", "not a spreadsheet", "wrong layout",
    "missing column", "unknown school", "bad Massar code", "duplicated pupil", "bad sex", "bad date",
    "age does not fit", "level not taught", "unknown level", "unknown province", "poverty over 100",
    "bad school code", "unknown commune", "bad CIN", "guardian of unknown pupil", "absence outside the year",
    "absence twice", "ListEleve without school",
]


@pytest.mark.parametrize("case", BAD_CASE_NAMES)
def test_bad_input_is_refused_whole(enrolled, tmp_path, case):
    kind, path, extra, words = _bad_files(tmp_path)[case]
    before = counts(enrolled)
    result = run(enrolled, "import", kind, path, *extra)
    assert result.exit_code == 2, result.output
    for word in words:
        assert word in result.output
    assert "rien n'a été écrit" in result.output or "not accepted" in result.output
    assert text("problem.rejected", count=1).ar.split()[0] not in result.output  # said once, in one language
    assert counts(enrolled) == before


def test_a_pupil_enrolled_elsewhere_is_not_moved_silently(enrolled, tmp_path):
    moved = [pupil("A000000003", school="11111A", cls="1APG-2", born="2019-01-01")]
    result = run(enrolled, "import", "massar-pupils", write_csv(tmp_path / "moved.csv", moved))
    assert result.exit_code == 2
    assert "est déjà inscrit à l'établissement 22222B" in result.output


def test_one_bad_row_among_good_ones_writes_none_of_them(school_map, tmp_path):
    rows = [pupil(f"C{i:09d}") for i in range(1, 50)] + [pupil("C000000050", sex="?")]
    result = run(school_map, "import", "massar-pupils", write_csv(tmp_path / "p.csv", rows))
    assert result.exit_code == 2 and "ligne 51" in result.output
    assert counts(school_map)["pupils"] == 0


RTL_CLASSES = {"1APG-1": [("B100000001", "الإدريسي", "آدم", "ذكر", dt.date(2019, 2, 1), "فاس")],
               "2APG-1": [("B100000003", "التازي", "يوسف", "ذكر", dt.date(2018, 4, 30), "فاس")]}


def test_a_right_to_left_list_eleve_reads_its_year_left_of_its_label(school_map, tmp_path):
    """Massar's real export: protected right-to-left sheets whose header values stand left of their labels (the
    commune's name right of the year's label), with a data-validation extension; no --year needed."""
    path = write_list_eleve_rtl_xlsx(tmp_path / "ListEleve.xlsx", RTL_CLASSES)
    result = run(school_map, "import", "massar-pupils", path, "--school", "11111A")
    assert result.exit_code == 0, result.output
    from workbench.db import make_engine

    engine = make_engine(school_map)
    with engine.connect() as connection:
        rows = connection.execute(select(Enrolment.massar_code, Enrolment.year, Enrolment.class_code)
                                  .order_by(Enrolment.massar_code)).all()
    engine.dispose()
    assert [tuple(r) for r in rows if r[0].startswith("B")] == [("B100000001", "2025-2026", "1APG-1"),
                                                                ("B100000003", "2025-2026", "2APG-1")]


def test_a_wrong_header_year_is_located_by_the_cell_read(school_map, tmp_path):
    path = write_list_eleve_rtl_xlsx(tmp_path / "ListEleve.xlsx", RTL_CLASSES, year="2025")
    before = counts(school_map)
    result = run(school_map, "import", "massar-pupils", path, "--school", "11111A")
    assert result.exit_code == 2
    assert "2 problèmes trouvés" in result.output
    assert ("ListEleve.xlsx, feuille « 1APG-1 », ligne 3, colonne « A3 », valeur « 2025 » : la cellule A3, lue comme "
            "l'année scolaire (السنة الدراسية), n'est pas AAAA/AAAA") in result.output
    assert "feuille « 2APG-1 », ligne 3, colonne « A3 »" in result.output
    assert "أولاد املول" not in result.output  # the commune's name is never taken for the year
    assert counts(school_map) == before


def test_every_problem_is_listed(school_map, tmp_path):
    rows = [pupil("bad1"), pupil("A000000002", sex="?"), pupil("A000000003", school="99999Z")]
    result = run(school_map, "import", "massar-pupils", write_csv(tmp_path / "p.csv", rows))
    assert result.exit_code == 2
    # the database checks run on the rows that parse, in the same pass
    assert "3 problèmes trouvés" in result.output
    assert "ligne 2" in result.output and "ligne 3" in result.output and "ligne 4" in result.output
    assert "inconnu : établissement" in result.output


def test_unknown_kind_is_bad_input(engine, db_url, tmp_path):
    result = run(db_url, "import", "bulletins", write_csv(tmp_path / "m.csv", [{"a": 1}]))
    assert result.exit_code == 2 and "Type d'import « bulletins » inconnu" in result.output
