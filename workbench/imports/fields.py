"""The field library: columns that several import kinds share, declared once with their French and Arabic
header aliases. A kind uses them as they are, or `optional(...)` when the column may be left out."""

from __future__ import annotations

from dataclasses import replace

from workbench.codes import CIN, MASSAR_CODE, PROVINCE_CODE, SCHOOL_CODE
from workbench.imports import columns as c

MASSAR = c.Column("massar_code", c.pattern(MASSAR_CODE, "Massar code (a capital letter and 9 digits)"),
                  aliases=("code massar", "code élève", "code eleve", "الرمز", "رقم التلميذ", "رمز التلميذ"))
SCHOOL = c.Column("school_code", c.pattern(SCHOOL_CODE, "school code (5 digits and a letter, e.g. 27783Y)"),
                  aliases=("code établissement", "code etablissement", "رمز المؤسسة"))
PROVINCE = c.Column("province_code", c.pattern(PROVINCE_CODE, "province code (4 digits, e.g. 0301)"),
                    aliases=("code province", "رمز الإقليم", "رمز المديرية"))
COMMUNE = c.Column("commune_code", c.code(32, "commune code"), aliases=("code commune", "code_commune", "رمز الجماعة"))
YEAR = c.Column("year", c.school_year(), aliases=("année scolaire", "annee scolaire", "السنة الدراسية"))
GUARDIAN_CIN = c.Column("guardian_cin", c.pattern(CIN, "national ID card number (CIN, e.g. CD123456)"),
                        aliases=("cin", "cin tuteur", "رقم البطاقة الوطنية", "ب.و.ت.إ"))
LEVEL = c.Column("level_code", c.code(8, "level code"), aliases=("niveau", "المستوى"))
# Milieu words: a commune's, and a kit's (which may be for both).
MILIEU_WORDS = {"rural": "rural", "urbain": "urban", "urban": "urban", "قروي": "rural", "حضري": "urban",
                "rurale": "rural", "urbaine": "urban"}


def optional(column: c.Column, default: object = None) -> c.Column:
    return replace(column, required=False, default=default)
