"""The one authorisation rule, through every path a careless or hostile user tried (issue: security and
reliability): national actions need an administrator, rows outside the actor's scope refuse the whole file, and
data shared by several schools is locked by an approval of any of them. Each attack is refused with a clear
message, exit code 2 for a command, and nothing changes."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import YEAR, demo_accounts
from handbuilt import run
from massar_files import write_csv
from sqlalchemy import func, select

from workbench.access import acting_as, validation
from workbench.access.users import load_actor
from workbench.models import Commune, Enrolment, Guardian, Pupil, PupilGuardian, School, Validation


def _snapshot(engine) -> dict:
    """Counts and a fingerprint of the tables the attacks aim at."""
    with engine.connect() as connection:
        return {
            "pupils": pd.read_sql(select(Pupil).order_by(Pupil.massar_code), connection).to_json(),
            "schools": pd.read_sql(select(School).order_by(School.code), connection).to_json(),
            "communes": pd.read_sql(select(Commune).order_by(Commune.code), connection).to_json(),
            "guardians": pd.read_sql(select(Guardian).order_by(Guardian.cin), connection).to_json(),
            "validations": connection.execute(select(func.count()).select_from(Validation)).scalar_one(),
        }


def _school_in_another_province(engine, province: str) -> pd.Series:
    with engine.connect() as connection:
        schools = pd.read_sql(select(School.code, School.commune_code, Commune.province_code)
                              .join(Commune, Commune.code == School.commune_code), connection)
    return schools[schools["province_code"] != province].iloc[0]


def test_only_an_administrator_rebuilds_the_demo(demo, db_url):
    accounts = demo_accounts(demo)
    before = _snapshot(demo)
    for who in ("private_director", "province", "region"):
        result = run(db_url, "--user", accounts[who]["username"], "demo", "--replace", "--pupils", "1000")
        assert result.exit_code == 2 and "réservée à un administrateur" in result.output, result.output
    assert _snapshot(demo) == before


def test_national_actions_are_refused_to_province_and_region_teams(demo, db_url, tmp_path):
    accounts = demo_accounts(demo)
    officer = accounts["province"]["username"]
    before = _snapshot(demo)
    attempts = [("tayssir", "issue-period", "--period", "P1"), ("grants", "publish", "--replace"),
                ("tayssir", "settings", "--level", "1AC", "--amount", "9999"),
                ("import", "kit-composition", write_csv(tmp_path / "kit.csv", [
                    {"year": YEAR, "level_code": "1AP", "milieu": "all", "item_code": "NB-48", "quantity": "9"}]))]
    for attempt in attempts:
        result = run(db_url, "--user", officer, *attempt)
        assert result.exit_code == 2 and "réservée à un administrateur" in result.output, (attempt, result.output)
    assert _snapshot(demo) == before
    assert run(db_url, "--user", officer, "tayssir", "settings").exit_code == 0  # reading them is everyone's


def test_a_province_team_cannot_move_or_rename_another_provinces_school(demo, db_url, tmp_path):
    accounts = demo_accounts(demo)
    province = accounts["province"]["province_code"]
    other = _school_in_another_province(demo, province)
    with demo.connect() as connection:
        mine = connection.scalar(select(Commune.code).where(Commune.province_code == province))
    before = _snapshot(demo)
    file = write_csv(tmp_path / "schools.csv", [{"school_code": other["code"], "commune_code": mine,
                                                 "name_fr": "Renamed", "name_ar": "مغير", "cycle": "primary",
                                                 "sector": "public"}])
    result = run(db_url, "--user", accounts["province"]["username"], "import", "schools", file)
    assert result.exit_code == 2, result.output
    assert "ligne 2" in result.output and "est un établissement d'une province hors de votre périmètre" in result.output
    quotas = write_csv(tmp_path / "quotas.csv", [{"year": YEAR, "province_code": other["province_code"],
                                                  "grant_type": "canteen", "places": "999"}])
    result = run(db_url, "--user", accounts["province"]["username"], "import", "grant-quotas", quotas)
    assert result.exit_code == 2 and "fixe les places d'une province hors de votre périmètre" in result.output
    assert _snapshot(demo) == before


def _enrolled(engine, school: str) -> pd.Series:
    with engine.connect() as connection:
        return pd.read_sql(select(Pupil, Enrolment.class_code, Enrolment.level_code).join(
            Enrolment, Enrolment.massar_code == Pupil.massar_code).where(
            Enrolment.school_code == school, Enrolment.year == YEAR), connection).iloc[0]


def test_a_director_cannot_rewrite_the_identity_of_another_schools_pupil(demo, db_url, tmp_path):
    accounts = demo_accounts(demo)
    director = accounts["private_director"]
    theirs = _enrolled(demo, accounts["public_director"]["school_code"])
    mine = _enrolled(demo, director["school_code"])
    before = _snapshot(demo)
    # enrolled next year at the director's school, with another name, sex and birth date
    file = write_csv(tmp_path / "pupils.csv", [{
        "massar_code": theirs["massar_code"], "school_code": director["school_code"], "year": "2026-2027",
        "class_code": mine["class_code"], "last_name_ar": "مزور", "first_name_ar": "اسم", "sex": "M",
        "birth_date": "2015-01-01"}])
    result = run(db_url, "--user", director["username"], "import", "massar-pupils", file)
    assert result.exit_code == 2, result.output
    assert f"change l'identité d'un élève inscrit à l'établissement {accounts['public_director']['school_code']}" \
        in result.output
    assert _snapshot(demo) == before


def test_an_approval_locks_a_pupils_identity_and_her_guardian_everywhere(demo, db_url, tmp_path):
    accounts = demo_accounts(demo)
    school = accounts["private_director"]["school_code"]
    pupil = _enrolled(demo, school)
    with acting_as(load_actor(demo, accounts["private_director"]["username"])):
        validation.change_state(demo, YEAR, school, "pupils", "submit")
    with acting_as(load_actor(demo, accounts["province"]["username"])):
        validation.change_state(demo, YEAR, school, "pupils", "approve")
    before = _snapshot(demo)
    renamed = write_csv(tmp_path / "pupils.csv", [{
        "massar_code": pupil["massar_code"], "school_code": school, "year": YEAR, "class_code": pupil["class_code"],
        "last_name_ar": "مزور", "first_name_ar": pupil["first_name_ar"], "sex": pupil["sex"],
        "birth_date": str(pupil["birth_date"])[:10]}])
    result = run(db_url, "--user", accounts["province"]["username"], "import", "massar-pupils", renamed)
    assert result.exit_code == 2 and "validées par" in result.output and "verrouillées" in result.output, result.output
    with demo.connect() as connection:
        cin = connection.scalar(select(PupilGuardian.guardian_cin).where(
            PupilGuardian.massar_code == pupil["massar_code"]))
        other = connection.scalar(select(Enrolment.massar_code).where(
            Enrolment.school_code == accounts["public_director"]["school_code"], Enrolment.year == YEAR))
    # a pupil of another school linked to that guardian with a new name renames the locked pupil's guardian
    linked = write_csv(tmp_path / "guardians.csv", [{"massar_code": other, "guardian_cin": cin,
                                                     "guardian_name": "Nom Changé", "relationship": "father"}])
    result = run(db_url, "--user", accounts["region"]["username"], "import", "guardians", linked)
    assert result.exit_code == 2 and "verrouillées" in result.output, result.output
    assert _snapshot(demo) == before


def test_kit_composition_is_national_in_the_app_too(demo):
    from workbench.programmes.schoolbags.desk import SchoolbagsDesk
    from workbench.programmes.schoolbags.models import KitComposition

    accounts = demo_accounts(demo)
    desk = SchoolbagsDesk(db_url=str(demo.url.render_as_string(hide_password=False)),
                          user=accounts["province"]["username"])
    with demo.connect() as connection:
        before = pd.read_sql(select(KitComposition), connection)
    row = before.iloc[0]
    assert not desk.set_quantity(row["level_code"], row["milieu"], row["item_code"], int(row["quantity"]) + 5)
    assert "مدير النظام" in desk.message
    with demo.connect() as connection:
        assert pd.read_sql(select(KitComposition), connection).equals(before)


def test_a_director_sees_only_their_schools_rows_of_a_shared_audit_event(demo, db_url, tmp_path):
    from workbench.access import audit
    from workbench.programmes.schoolbags.models import ReturnedBook

    accounts = demo_accounts(demo)
    mine = accounts["public_director"]["school_code"]
    with demo.connect() as connection:
        stored = pd.read_sql(select(ReturnedBook).where(ReturnedBook.year == YEAR), connection)
    other = next(code for code in stored["school_code"].unique() if code != mine)
    rows = stored[stored["school_code"].isin((mine, other))].groupby("school_code").head(1)
    file = write_csv(tmp_path / "returned.csv", [
        {"year": YEAR, "school_code": r.school_code, "item_code": r.item_code, "returned": r.returned + 1,
         "usable": r.usable} for r in rows.itertuples()])
    assert run(db_url, "--user", accounts["region"]["username"], "import", "returned-books", file).exit_code == 0
    with demo.connect() as connection:
        seen = audit.events(connection, load_actor(demo, accounts["public_director"]["username"]).scope)
    event = seen[seen["action"] == "import returned-books"].iloc[0]
    assert other not in event["before"] + event["after"] + event["school_codes"]
    assert mine in event["after"] and not event["detail_complete"]
    assert seen["id"].is_monotonic_decreasing and seen["school_codes"].str.contains(mine).all()
    with demo.connect() as connection:  # the screen's latest events: the same, newest first
        latest = audit.events(connection, load_actor(demo, accounts["public_director"]["username"]).scope, limit=2)
    assert latest["id"].tolist() == seen["id"].head(2).tolist()


def test_exports_carry_no_live_formula(demo, db_url, tmp_path):
    from openpyxl import load_workbook

    from workbench.programmes.tayssir import outputs, periods, summary
    from workbench.programmes.tayssir.models import TayssirLine
    from workbench.scope import Scope

    evil = tmp_path / "=1+1.csv"
    evil.write_text("commune_code,province_code,name_fr,name_ar,milieu\n0301001,0301,@SUM(1),اسم,rural\n")
    assert run(db_url, "import", "communes", evil).exit_code == 0
    assert run(db_url, "tayssir", "issue-period", "--period", "P1").exit_code == 0
    with demo.begin() as connection:  # as if a guardian's name and phone had been imported so
        cin = connection.scalar(select(TayssirLine.guardian_cin).where(TayssirLine.amount_mad > 0)
                                .order_by(TayssirLine.guardian_cin))
        connection.execute(Guardian.__table__.update().where(Guardian.cin == cin).values(
            full_name='=HYPERLINK("http://evil.example","x")', phone="=1+1"))
    with demo.connect() as connection:
        state = periods.compute_year(connection, Scope(), YEAR)
        target = tmp_path / "payments.xlsx"
        outputs.write_payment_list(connection, summary.summarise(connection, state, f"{YEAR}-P1"), target)
    cells = [cell for sheet in load_workbook(target) for row in sheet.iter_rows() for cell in row]
    assert not any(cell.data_type == "f" for cell in cells)
    shown = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert "'=1+1" in shown and any(v.startswith("'=HYPERLINK") for v in shown)
    assert run(db_url, "audit", "export", "--out", tmp_path / "audit.csv").exit_code == 0
    audit_csv = pd.read_csv(tmp_path / "audit.csv", dtype=str)
    assert "'=1+1.csv" in set(audit_csv["file"]) and "=1+1.csv" not in set(audit_csv["file"])


@pytest.mark.kernel
@pytest.mark.kernel_on_postgres  # a password is what a PostgreSQL URL carries
def test_no_database_password_in_an_executed_notebook(demo, db_url, tmp_path):
    secret = "S3cretPW-not-in-notebooks"
    url = db_url.replace("postgres@", f"postgres:{secret}@") if db_url.startswith("postgresql") else db_url
    result = run(url, "run", "overview", "--province", demo_accounts(demo)["province"]["province_code"],
                 "--out", tmp_path / "report")
    assert result.exit_code == 0, result.output
    written = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "report").glob("*.*")
                      if p.suffix in (".ipynb", ".html"))
    assert secret not in written and url not in written and "db_url = " not in written


def test_audit_verify_finds_an_edited_or_deleted_event(demo, db_url, tmp_path):
    from sqlalchemy import text

    assert run(db_url, "users", "disable", demo_accounts(demo)["private_director"]["username"]).exit_code == 0
    result = run(db_url, "audit", "verify")
    assert result.exit_code == 0 and "intact" in result.output, result.output
    # someone owning the tables sets the triggers aside and edits an event
    pause, resume = (("DROP TRIGGER audit_events_no_update", "SELECT 1") if db_url.startswith("sqlite") else
                     ("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change",
                      "ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_change"))
    with demo.begin() as connection:
        first = connection.scalar(text("SELECT min(id) FROM audit_events"))
        connection.execute(text(pause))
        connection.execute(text("UPDATE audit_events SET username = 'nobody' WHERE id = :id"), {"id": first})
        connection.execute(text(resume))
    result = run(db_url, "audit", "verify")
    assert result.exit_code == 1 and f"l'événement {first} ne suit pas" in result.output, result.output


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_the_application_role_cannot_set_the_audit_trail_aside(db_url, monkeypatch, tmp_path):
    import uuid

    from sqlalchemy import text
    from sqlalchemy.exc import ProgrammingError

    from workbench import config
    from workbench.db import make_engine

    role = f"wb_app_{uuid.uuid4().hex[:8]}"
    owner = make_engine(db_url)
    with owner.begin() as connection:
        connection.execute(text(f"CREATE ROLE {role} LOGIN"))
    try:
        app_url = db_url.replace("postgres@", f"{role}@")
        monkeypatch.setenv(config.DB_OWNER_URL.env, db_url)
        result = run(app_url, "init")
        assert result.exit_code == 0 and f"Rôle applicatif {role}" in result.output, result.output
        result = run(app_url, "import", "communes", write_csv(tmp_path / "c.csv", [
            {"commune_code": "0301001", "province_code": "0301", "name_fr": "A", "name_ar": "ع", "milieu": "rural"}]))
        assert result.exit_code == 0, result.output  # it writes data, and the audit trail
        app = make_engine(app_url)
        for statement in ("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change",
                          "UPDATE audit_events SET username = 'nobody'", "DELETE FROM audit_events",
                          "TRUNCATE audit_events"):
            with pytest.raises(ProgrammingError, match="must be owner|permission denied"):
                with app.begin() as connection:
                    connection.execute(text(statement))
        app.dispose()
    finally:
        with owner.begin() as connection:
            connection.execute(text(f"DROP OWNED BY {role}"))
            connection.execute(text(f"DROP ROLE {role}"))
        owner.dispose()


def test_the_real_database_is_read_only_to_a_trainer(demo, db_url):
    before = _snapshot(demo)
    result = run(db_url, "--user", "formateur", "schoolbags", "exclude", _enrolled(
        demo, demo_accounts(demo)["public_director"]["school_code"])["massar_code"])
    assert result.exit_code == 2 and "lecture seule" in result.output, result.output
    assert _snapshot(demo) == before
