"""The field library: columns that several import kinds share, declared once with their French and Arabic
header aliases. A kind uses them as they are, or `optional(...)` when the column may be left out."""

from __future__ import annotations

from dataclasses import replace

from workbench.catalogue import Label, text
from workbench.codes import CIN, MASSAR_CODE, PROVINCE_CODE, SCHOOL_CODE
from workbench.imports import columns as c


def what(key: str) -> Label:
    """What a column holds, as a problem names it ('a Massar code: a capital letter and 9 digits')."""
    return text(f"what.{key}")


MASSAR = c.Column("massar_code", c.pattern(MASSAR_CODE, what("massar_code")),
                  aliases=("code massar", "code élève", "code eleve", "الرمز", "رقم التلميذ", "رمز التلميذ"))
SCHOOL = c.Column("school_code", c.pattern(SCHOOL_CODE, what("school_code")),
                  aliases=("code établissement", "code etablissement", "رمز المؤسسة"))
PROVINCE = c.Column("province_code", c.pattern(PROVINCE_CODE, what("province_code")),
                    aliases=("code province", "رمز الإقليم", "رمز المديرية"))
COMMUNE = c.Column("commune_code", c.code(32, what("commune_code")),
                   aliases=("code commune", "code_commune", "رمز الجماعة"))
YEAR = c.Column("year", c.school_year(), aliases=("année scolaire", "annee scolaire", "السنة الدراسية"))
GUARDIAN_CIN = c.Column("guardian_cin", c.pattern(CIN, what("cin")),
                        aliases=("cin", "cin tuteur", "رقم البطاقة الوطنية", "ب.و.ت.إ"))
# Where a person is reached (the outbox's SMS and e-mails): optional, validated, a phone in E.164.
PHONE = c.Column("phone", c.phone(what("phone")), required=False,
                 aliases=("téléphone", "telephone", "tél", "tel", "gsm", "portable", "téléphone tuteur",
                          "guardian_phone", "الهاتف", "رقم الهاتف", "هاتف الولي"))
EMAIL = c.Column("email", c.email(what("email")), required=False,
                 aliases=("e-mail", "courriel", "mail", "adresse e-mail", "adresse électronique", "email tuteur",
                          "guardian_email", "البريد الإلكتروني", "بريد الولي"))
LEVEL = c.Column("level_code", c.code(8, what("level_code")), aliases=("niveau", "المستوى"))
# Milieu words: a commune's, and a kit's (which may be for both).
MILIEU_WORDS = {"rural": "rural", "urbain": "urban", "urban": "urban", "قروي": "rural", "حضري": "urban",
                "rurale": "rural", "urbaine": "urban"}


def optional(column: c.Column, default: object = None) -> c.Column:
    return replace(column, required=False, default=default)
