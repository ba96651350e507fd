"""The imports subject-coefficients and exam-marks: every bad cell of a file listed in one pass, exit code 2, nothing
written; a good file written (once: a second import changes nothing)."""

from handbuilt import counts, run
from massar_files import write_csv

from programmes.report_cards.handbuilt import YEAR
from workbench.programmes.report_cards.models import ExamMark, SubjectCoefficient


def _count(url: str, model) -> int:
    return counts(url, (model,))[model.__tablename__]


def test_bad_coefficients_are_each_named_and_nothing_is_written(enrolled, tmp_path):
    rows = [{"level_code": "1AC", "subject_code": "0010", "coefficient": "2"},
            {"level_code": "9ZZ", "subject_code": "0010", "coefficient": "1"},  # unknown level
            {"level_code": "1AC", "subject_code": "9999", "coefficient": "1"},  # unknown subject
            {"level_code": "2AC", "subject_code": "0010", "coefficient": "0"},  # not positive
            {"level_code": "3AC", "subject_code": "0010", "coefficient": "deux"}]  # not a number
    result = run(enrolled, "import", "subject-coefficients", write_csv(tmp_path / "coefficients.csv", rows))
    assert result.exit_code == 2, result.output
    for line, column in (("3", "level_code"), ("4", "subject_code"), ("5", "coefficient"), ("6", "coefficient")):
        assert f"ligne {line}, colonne « {column} »" in result.output, result.output
    assert _count(enrolled, SubjectCoefficient) == 0
    good = run(enrolled, "import", "subject-coefficients", write_csv(tmp_path / "good.csv", rows[:1]))
    assert good.exit_code == 0, good.output
    assert _count(enrolled, SubjectCoefficient) == 1


def test_bad_exam_marks_are_each_named_and_nothing_is_written(enrolled, tmp_path):
    def row(code="A000000003", exam="regional", subject="0010", mark="12", absence=""):
        return {"massar_code": code, "year": YEAR, "exam": exam, "subject_code": subject, "mark": mark,
                "absence": absence}

    rows = [row(), row(exam="final"), row(exam="local", mark="25"), row(code="Z999999999", subject="0020"),
            row(subject="0030", mark=""), row(subject="0040", mark="", absence="مبرر"),
            row(subject="9999"), row(exam="national", mark="11", absence="مبرر")]
    result = run(enrolled, "import", "exam-marks", write_csv(tmp_path / "exams.csv", rows))
    assert result.exit_code == 2, result.output
    for line, column in (("3", "exam"), ("4", "mark"), ("5", "massar_code"), ("6", "mark"), ("8", "subject_code"),
                         ("9", "absence")):
        assert f"ligne {line}, colonne « {column} »" in result.output, result.output
    assert "ligne 2," not in result.output and "ligne 7," not in result.output  # the good rows
    assert _count(enrolled, ExamMark) == 0
    good = [rows[0], rows[5]]
    for _ in range(2):  # twice: the second import changes nothing
        done = run(enrolled, "import", "exam-marks", write_csv(tmp_path / "good.csv", good))
        assert done.exit_code == 0, done.output
    assert _count(enrolled, ExamMark) == 2
