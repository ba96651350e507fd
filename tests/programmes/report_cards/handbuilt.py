"""The report cards' hand-built data (tests/handbuilt.py's map and pupils, and four more pupils in A000000003's class
1APIC-1 of 22222B, level 1AC), chosen so that every figure is known:

- A000000003: Arabic (0010) 12 and 13 -> 12.50; subject 0030: 14, a justified absence from test 2, activities 16
  -> 15.00, coefficient 3 in 1AC (the file says 1APIC, Massar's class prefix); Arabic has no coefficient: weighs 1.
  Semester average (12.5 + 3 * 15) / 4 = 14.375 -> 14.38 (half away from zero): rank 1. A semester-2 mark of 5 is
  not in semester 1's card.
- C000000001: Arabic 12.69 and 12 -> 12.345 exactly -> 12.35; C000000002: Arabic 12.35: both 12.35 once rounded,
  rank 2 and 2 (compared on the rounded values, although 12.345 < 12.35 exactly); C000000003: Arabic 12.34: rank 4.
- C000000004: only a justified absence: no average, no row, no rank.
- A000000001 (11111A, 1APG-1): Arabic 10 -> 10.00, rank 1 of its class.
"""

from handbuilt import PUPILS, pupil

YEAR = "2025-2026"
EXTRA = [pupil(f"C00000000{n}", school="22222B", cls="1APIC-1", born=f"2013-02-0{n}", sex="M") for n in range(1, 5)]
ALL_PUPILS = [*PUPILS, *EXTRA]


def mark(code: str, subject: str, test: str, value: str = "", absence: str = "", semester: str = "1") -> dict:
    return {"massar_code": code, "year": YEAR, "semester": semester, "subject_code": subject, "test": test,
            "mark": value, "absence": absence}


MARKS = [mark("A000000003", "0010", "1", "12"), mark("A000000003", "0010", "2", "13"),
         mark("A000000003", "0030", "1", "14"), mark("A000000003", "0030", "2", absence="مبرر"),
         mark("A000000003", "0030", "activities", "16"), mark("A000000003", "0010", "1", "5", semester="2"),
         mark("C000000001", "0010", "1", "12.69"), mark("C000000001", "0010", "2", "12"),
         mark("C000000002", "0010", "1", "12.35"), mark("C000000003", "0010", "3", "12.34"),
         mark("C000000004", "0010", "1", absence="مبرر"), mark("A000000001", "0010", "1", "10")]
COEFFICIENTS = [{"level_code": "1APIC", "subject_code": "0030", "coefficient": "3"},
                {"level_code": "1AC", "subject_code": "0020", "coefficient": "2"}]
EXAMS = [{"massar_code": "A000000003", "year": YEAR, "exam": "régional", "subject_code": "0010", "mark": "15.5",
          "absence": ""},
         {"massar_code": "A000000003", "year": YEAR, "exam": "local", "subject_code": "0030", "mark": "",
          "absence": "مبرر"}]
# semester 1's report_cards.csv, as rules.md reads: (school, class, pupil, subject, average, coefficient, semester
# average, rank)
EXPECTED = [("11111A", "1APG-1", "A000000001", "0010", "10.00", "1", "10.00", "1"),
            ("22222B", "1APIC-1", "A000000003", "0010", "12.50", "1", "14.38", "1"),
            ("22222B", "1APIC-1", "A000000003", "0030", "15.00", "3", "14.38", "1"),
            ("22222B", "1APIC-1", "C000000001", "0010", "12.35", "1", "12.35", "2"),
            ("22222B", "1APIC-1", "C000000002", "0010", "12.35", "1", "12.35", "2"),
            ("22222B", "1APIC-1", "C000000003", "0010", "12.34", "1", "12.34", "4")]
