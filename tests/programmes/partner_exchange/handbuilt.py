"""Hand-built pupils and partner requests, one per branch of the matching rules, with the answers worked out by
hand (EXPECTED). The map is the shared one (11111A primary in 0301, 22222B collège in 0302)."""

from handbuilt import pupil

YEAR = "2025-2026"


def _pupil(code, school, cls, born, last_fr, first_fr, last_ar, first_ar, sex="M", **extra):
    return pupil(code, school=school, cls=cls, born=born, sex=sex, last_name_fr=last_fr, first_name_fr=first_fr,
                 last_name_ar=last_ar, first_name_ar=first_ar, **extra)


PARTNER_PUPILS = [
    _pupil("P000000001", "22222B", "1APIC-1", "2014-03-14", "Alaoui", "Salma", "العلوي", "سلمى", "F"),
    _pupil("P000000002", "22222B", "2APIC-1", "2013-05-05", "Idrissi", "Mohammed", "الإدريسي", "محمد"),
    _pupil("P000000003", "11111A", "6APG-1", "2012-09-01", "Bennani", "Yassine", "بناني", "ياسين"),  # twins
    _pupil("P000000004", "11111A", "6APG-1", "2012-09-01", "Bennani", "Youssef", "بناني", "يوسف"),
    _pupil("P000000005", "11111A", "5APG-1", "2014-06-06", "El Fassi", "Aicha", "الفاسي", "عائشة", "F"),
    _pupil("P000000006", "11111A", "4APG-1", "2015-01-10", "Idrissi", "Fatima", "الإدريسي", "فاطمة", "F"),
    _pupil("P000000007", "22222B", "1APIC-1", "2014-07-07", "Tazi", "Mohammed", "التازي", "محمد"),
    _pupil("P000000008", "22222B", "2APIC-1", "2013-02-02", "Amrani", "Omar", "العمراني", "عمر"),  # namesakes
    _pupil("P000000009", "11111A", "6APG-1", "2013-02-02", "Amrani", "Omar", "العمراني", "عمر"),
    _pupil("P000000010", "22222B", "3APIC-1", "2012-04-04", "Ziani", "Hamza", "الزياني", "حمزة", left_on="2025-12-15"),
]
# Enrolled the year before only: not enrolled this year.
LAST_YEAR_PUPILS = [{**_pupil("P000000011", "11111A", "6APG-1", "2012-11-11", "Kettani", "Sara", "الكتاني", "سارة",
                              "F"), "year": "2024/2025"}]
PARTNER_GUARDIANS = [
    {"massar_code": code, "guardian_cin": cin, "guardian_name": name, "relationship": "father", "phone": "0600000000"}
    for code, cin, name in (("P000000002", "CD100", "الإدريسي أحمد"), ("P000000003", "CD200", "بناني عمر"),
                            ("P000000004", "CD200", "بناني عمر"), ("P000000001", "CD300", "العلوي سعيد"))]


def _request(request_id, last, first, born, code="", cin="", partner="CNSS", as_of=""):
    return {"request_id": request_id, "partner": partner, "year": YEAR, "massar_code": code,
            "child_last_name": last, "child_first_name": first, "birth_date": born, "guardian_cin": cin,
            "as_of": as_of}


REQUESTS = [
    _request("R1", "Nom Erroné", "Autre", "2010-01-01", code="P000000001"),  # code known, wrong names and date
    _request("R2", "Idrissi", "Mohamed", "2013-05-05", cin="CD100"),  # the guardian's only child, spelt otherwise
    _request("R3", "Bennani", "YOUSSEF", "2012-09-01", cin="CD200"),  # twins, the first name tells
    _request("R4", "Bennani", "Yassin", "2012-09-01", cin="CD200"),  # twins, the first name does not tell
    _request("R5", "EL-FASSI", "Aïcha", "2014-06-06"),  # Latin normalisation, no CIN
    _request("R6", "الادريسي", "فَاطِمَة", "10/01/2015"),  # Arabic normalisation
    _request("R7", "Tazi", "Mohamed", "2014-07-07"),  # a spelling variant without CIN: not found
    _request("R8", "Amrani", "Omar", "2013-02-02"),  # two namesakes born the same day
    _request("R9", "Alaoui", "Salma", "2014-03-15"),  # born a day later than the pupil: not found
    _request("R10", "Ziani", "Hamza", "2012-04-04", code="P000000010"),  # left during the year
    _request("R11", "Kettani", "Sara", "2012-11-11", code="P000000011"),  # not enrolled this year
    _request("R12", "El Fassi", "Aicha", "2014-06-06", code="Z999999999"),  # unknown code, found by identity
    _request("R13", "Personne", "Inconnue", "2014-01-01", code="Z999999998"),  # unknown code, nobody
    _request("R14", "Tazi", "Mohammed", "2014-07-07", cin="CD999"),  # no child of that CIN: by names
    _request("R1", "Idrissi", "Mohammed", "2013-05-05", code="P000000002", partner="CMR"),  # same id, other partner
    # as_of (issue 34): P000000010 left on 2025-12-15
    _request("R15", "Ziani", "Hamza", "2012-04-04", code="P000000010", as_of="2025-12-15"),  # on the day itself: left
    _request("R16", "Ziani", "Hamza", "2012-04-04", code="P000000010", as_of="2025-12-14"),  # the day before: enrolled
    _request("R17", "Alaoui", "Salma", "2014-03-14", code="P000000001", as_of="31/08/2026"),  # the year's last day
    # the guardian CD300 has no child born that day, nobody has these names: not found, the guardian's school follows up
    _request("R18", "Alaoui", "Samira", "2014-03-20", cin="CD300"),
]
# partner, request_id -> status, massar_code, school_code, level_code, matched_on
EXPECTED = {
    ("CNSS", "R1"): ("enrolled", "P000000001", "22222B", "1AC", "massar_code"),
    ("CNSS", "R2"): ("enrolled", "P000000002", "22222B", "2AC", "identity"),
    ("CNSS", "R3"): ("enrolled", "P000000004", "11111A", "6AP", "identity"),
    ("CNSS", "R4"): ("ambiguous", None, None, None, None),
    ("CNSS", "R5"): ("enrolled", "P000000005", "11111A", "5AP", "identity"),
    ("CNSS", "R6"): ("enrolled", "P000000006", "11111A", "4AP", "identity"),
    ("CNSS", "R7"): ("not_found", None, None, None, None),
    ("CNSS", "R8"): ("ambiguous", None, None, None, None),
    ("CNSS", "R9"): ("not_found", None, None, None, None),
    ("CNSS", "R10"): ("left", "P000000010", "22222B", "3AC", "massar_code"),
    ("CNSS", "R11"): ("not_enrolled", "P000000011", None, None, "massar_code"),
    ("CNSS", "R12"): ("enrolled", "P000000005", "11111A", "5AP", "identity"),
    ("CNSS", "R13"): ("not_found", None, None, None, None),
    ("CNSS", "R14"): ("enrolled", "P000000007", "22222B", "1AC", "identity"),
    ("CMR", "R1"): ("enrolled", "P000000002", "22222B", "2AC", "massar_code"),
    ("CNSS", "R15"): ("left", "P000000010", "22222B", "3AC", "massar_code"),
    ("CNSS", "R16"): ("enrolled", "P000000010", "22222B", "3AC", "massar_code"),
    ("CNSS", "R17"): ("enrolled", "P000000001", "22222B", "1AC", "massar_code"),
    ("CNSS", "R18"): ("not_found", None, None, None, None),
}
# partner, request_id -> left_on, as_of (the answer's last two columns), where either is set
EXPECTED_DATES = {("CNSS", "R10"): ("2025-12-15", None), ("CNSS", "R15"): ("2025-12-15", "2025-12-15"),
                  ("CNSS", "R16"): (None, "2025-12-14"), ("CNSS", "R17"): (None, "2026-08-31")}
# school -> the follow-up list's (partner, request_id, status): R4 the twins of CD200 (11111A); R8 namesakes in both
# schools; R18 the guardian CD300's child in 22222B; R7, R9, R13 (not found, no guardian) concern no school
EXPECTED_FOLLOWUP = {"11111A": [("CNSS", "R4", "ambiguous"), ("CNSS", "R8", "ambiguous")],
                     "22222B": [("CNSS", "R18", "not_found"), ("CNSS", "R8", "ambiguous")]}
