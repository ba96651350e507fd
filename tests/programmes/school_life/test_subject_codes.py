"""The subject of a NotesCC file (its name's code, hidden K5, title O11) against the subject reference, in Massar's
own codes (0030 is informatics), and migration 0024 moving a database of the earlier reference to them."""

from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa
from alembic import command

from workbench.db import _alembic_config
from workbench.programmes.school_life import demo, logic
from workbench.reference import read_reference

SUBJECTS = pd.DataFrame({"subject_code": ["0030", "0110"], "name_fr": ["Informatique", "Mathématiques"],
                         "name_ar": ["المعلوميات", "الرياضيات"]})


@pytest.mark.parametrize("file_code, cell, title, agrees", [
    ("0030", "#0030#", "المعلوميات", True),
    ("0030", " #0030# ", "informatique", True),  # French name, any case and spacing
    ("0030", None, None, True),  # a hand-made file without K5 or O11
    ("0030", "#0030#", "الرياضيات", False),  # titled maths
    ("0110", "#0030#", "المعلوميات", False),  # named maths
    ("0030", "#0110#", "المعلوميات", False),  # K5 maths
    ("9999", "#9999#", None, False),  # not in the reference
    (None, "#0030#", "المعلوميات", False),  # no code in the file name
])
def test_a_notes_cc_subject_agrees_only_when_its_three_places_name_one_known_subject(file_code, cell, title, agrees):
    assert logic.notes_subject_agrees(file_code, cell, title, SUBJECTS) is agrees


def test_the_reference_keeps_massars_codes_and_the_demo_follows_it():
    subjects = read_reference("school_life_subjects").set_index("subject_code")
    assert tuple(subjects.loc["0030", ["name_fr", "name_ar"]]) == ("Informatique", "المعلوميات")
    assert subjects["name_fr"].is_unique and subjects["name_ar"].is_unique
    assert demo.marked_codes() == tuple(subjects.index[subjects["name_fr"].isin(demo.MARKED_NAMES)].sort_values())
    hours = read_reference("school_life_hours")
    assert set(hours["subject_code"]) <= set(subjects.index)
    assert hours[hours["level_code"] == "1AP"].set_index("subject_code").loc[demo.marked_codes()[2], "hours"] == "5"


def test_migration_0024_moves_a_database_of_the_earlier_reference_to_massars_codes(engine):
    def held() -> tuple[list, list]:
        with engine.connect() as connection:
            names = connection.execute(sa.text("SELECT subject_code, name_fr FROM sl_subjects WHERE subject_code IN "
                                               "('0030', '0110') ORDER BY subject_code")).all()
            hours = connection.execute(sa.text(
                "SELECT subject_code, hours FROM sl_required_hours WHERE level_code = '1AC' "
                "AND subject_code IN ('0030', '0110') ORDER BY subject_code")).all()
        return [tuple(r) for r in names], [tuple(r) for r in hours]

    now = held()
    assert now == ([("0030", "Informatique"), ("0110", "Mathématiques")], [("0030", 1.0), ("0110", 5.0)])
    with engine.begin() as connection:
        command.downgrade(_alembic_config(connection), "0023")
    assert held() == ([("0030", "Mathématiques"), ("0110", "Informatique")], [("0030", 5.0), ("0110", 1.0)])
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "head")
    assert held() == now
