"""Users, scope, validation locks, the audit trail, lost updates and sandboxes, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
import threading

import pandas as pd
import pytest
from conftest import _new_url, demo_accounts
from handbuilt import run
from massar_files import write_csv
from openpyxl import load_workbook
from sqlalchemy import func, insert, select, text, update
from sqlalchemy.exc import DBAPIError

from workbench import config
from workbench.access import acting_as, validation
from workbench.access.desk import ValidationDesk
from workbench.access.users import add_user, authenticate, load_actor
from workbench.attendance import record_month_absences
from workbench.db import make_engine, migrate
from workbench.demo import build_demo
from workbench.exceptions import InputError
from workbench.models import Absence, AuditEvent, Enrolment, User
from workbench.programmes.grants.appeals import save_places
from workbench.programmes.overview.explorer import OverviewExplorer
from workbench.programmes.schoolbags.desk import SchoolbagsDesk
from workbench.programmes.schoolbags.edits import record_returned_books
from workbench.programmes.schoolbags.models import KitExclusion, ReturnedBook

YEAR = "2025-2026"
PASSWORD = config.DEMO_PASSWORD.default


def _as(engine, username: str):
    return acting_as(load_actor(engine, username))


def _pupil_of(engine, school_code: str) -> str:
    with engine.connect() as connection:
        return connection.execute(select(Enrolment.massar_code).where(
            Enrolment.year == YEAR, Enrolment.school_code == school_code, Enrolment.left_on.is_(None))
            .order_by(Enrolment.massar_code)).scalars().first()


# --- users and passwords ------------------------------------------------------------------------------------

def test_users_are_added_with_a_hashed_password_listed_and_disabled(engine, db_url):
    result = run(db_url, "users", "add", "amina", "--role", "region_officer", "--region", "03",
                 "--password", "s3cret-pass", "--name", "Amina Alaoui")
    assert result.exit_code == 0, result.output
    with engine.connect() as connection:
        stored = connection.execute(select(User.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and "s3cret-pass" not in stored
    assert authenticate(engine, "amina", "s3cret-pass").scope.region == "03"
    assert authenticate(engine, "amina", "wrong-password") is None
    assert authenticate(engine, "nobody", "s3cret-pass") is None

    listed = run(db_url, "users", "list")
    assert "amina" in listed.output and "region_officer" in listed.output
    assert run(db_url, "users", "disable", "amina").exit_code == 0
    assert authenticate(engine, "amina", "s3cret-pass") is None


def test_a_director_needs_a_school_and_a_password_long_enough(engine, db_url):
    assert "a besoin de --school" in run(db_url, "users", "add", "d", "--role", "director", "--password",
                                         "longenough1").output
    short = run(db_url, "users", "add", "d", "--role", "trainer", "--password", "short")
    assert short.exit_code == 2 and "au moins 8 caractères" in short.output


def test_only_an_administrator_adds_users(demo):
    accounts = demo_accounts(demo)
    with _as(demo, accounts["province"]["username"]), pytest.raises(InputError, match="réservée à : Administrateur"):
        add_user(demo, "intruder", "password123", "administrator")


# --- validation workflow and locks --------------------------------------------------------------------------

def test_private_school_data_is_submitted_by_its_director_and_approved_by_the_province(demo):
    accounts = demo_accounts(demo)
    school = accounts["private_director"]["school_code"]
    with (_as(demo, accounts["province"]["username"]),
          pytest.raises(InputError, match="impossible de passer à « Validé » maintenant")):
        validation.change_state(demo, YEAR, school, "pupils", "approve")  # still a draft
    with _as(demo, accounts["private_director"]["username"]):
        assert validation.change_state(demo, YEAR, school, "pupils", "submit") == "submitted"
        with pytest.raises(InputError, match="c.est le rôle de : Direction provinciale"):
            validation.change_state(demo, YEAR, school, "pupils", "approve")
    with (_as(demo, accounts["region"]["username"]),
          pytest.raises(InputError, match="c.est le rôle de : Direction provinciale")):
        validation.change_state(demo, YEAR, school, "pupils", "approve")
    with _as(demo, accounts["province"]["username"]):
        assert validation.change_state(demo, YEAR, school, "pupils", "approve") == "approved"
        with pytest.raises(InputError, match="motif de la réouverture"):
            validation.change_state(demo, YEAR, school, "pupils", "reopen")
        assert validation.change_state(demo, YEAR, school, "pupils", "reopen", reason="wrong class") == "reopened"
    with demo.connect() as connection:
        states = validation.states(connection, load_actor(demo, accounts["province"]["username"]).scope, YEAR, "pupils")
    row = states.set_index("school_code").loc[school]
    assert (row["state"], row["reason"], row["changed_by"]) == ("reopened", "wrong class",
                                                                accounts["province"]["username"])


def _approve_october(engine, accounts) -> str:
    school = accounts["private_director"]["school_code"]
    with _as(engine, accounts["private_director"]["username"]):
        validation.change_state(engine, YEAR, school, "absences-2025-10", "submit")
    with _as(engine, accounts["province"]["username"]):
        validation.change_state(engine, YEAR, school, "absences-2025-10", "approve")
    return school


def _absence_count(engine, massar_code: str) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(Absence).where(
            Absence.massar_code == massar_code)).scalar_one()


def test_approved_absences_cannot_change_by_any_path_until_reopened(demo, db_url, tmp_path):
    accounts = demo_accounts(demo)
    school = _approve_october(demo, accounts)
    pupil = _pupil_of(demo, school)
    before = _absence_count(demo, pupil)
    director = accounts["private_director"]["username"]

    # 1. the function an app calls, as the director and even as the administrator
    for user in (director, "admin"):
        with _as(demo, user), pytest.raises(InputError, match="validées par .* verrouillées"):
            record_month_absences(demo, YEAR, pupil, 10, 2)
    # 2. the app itself
    desk = ValidationDesk(db_url=db_url, user=director)
    assert not desk.record_absences(pupil, 10, 2)
    assert "مقفلة" in desk.message and accounts["province"]["username"] in desk.message  # locked, and by whom
    # 3. an import, from the command line
    file = write_csv(tmp_path / "absences.csv", [{"massar_code": pupil, "date": "2025-10-14"}])
    result = run(db_url, "--user", director, "import", "absences", file)
    assert result.exit_code == 2 and "verrouillées" in result.output
    assert _absence_count(demo, pupil) == before  # nothing was written
    # another month is not locked
    assert run(db_url, "--user", director, "import", "absences",
               write_csv(tmp_path / "nov.csv", [{"massar_code": pupil, "date": "2025-11-12"}])).exit_code == 0

    # the listing of states: the approval's moment as a date and time, nothing printed for a school never acted on
    listing = run(db_url, "--user", accounts["province"]["username"], "validate", "status", "--dataset",
                  "absences-2025-10")
    assert listing.exit_code == 0, listing.output
    line = next(line for line in listing.output.splitlines() if school in line)
    assert re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", line) and "NaT" not in listing.output, listing.output

    with _as(demo, accounts["province"]["username"]):
        validation.change_state(demo, YEAR, school, "absences-2025-10", "reopen", reason="late certificates")
    assert desk.record_absences(pupil, 10, 2), desk.message
    assert _absence_count(demo, pupil) == before + 3


def test_a_director_cannot_touch_another_school_nor_reference_data(demo, db_url, tmp_path):
    accounts = demo_accounts(demo)
    other = _pupil_of(demo, accounts["public_director"]["school_code"])
    with _as(demo, accounts["private_director"]["username"]):
        with pytest.raises(InputError, match="hors du périmètre"):
            record_month_absences(demo, YEAR, other, 11, 1)
        with pytest.raises(InputError, match="réservée à un administrateur"):
            from workbench.programmes.schoolbags.edits import set_kit_quantity
            set_kit_quantity(demo, YEAR, "1AP", "all", "NB-48", 3)
        with pytest.raises(InputError, match="réservée à : Direction provinciale"):
            save_places(demo, YEAR, accounts["province"]["province_code"], "canteen", 999)
    with _as(demo, accounts["province"]["username"]):
        other_province = "0301" if accounts["province"]["province_code"] != "0301" else "0302"
        with pytest.raises(InputError, match="hors du périmètre"):
            save_places(demo, YEAR, other_province, "canteen", 999)


# --- audit trail ---------------------------------------------------------------------------------------------

def test_the_audit_trail_records_an_import_and_an_approval_with_before_and_after(demo, db_url, tmp_path):
    accounts = demo_accounts(demo)
    school = accounts["public_director"]["school_code"]
    with demo.connect() as connection:
        stored = connection.execute(select(ReturnedBook).where(
            ReturnedBook.year == YEAR, ReturnedBook.school_code == school)).first()
    file = write_csv(tmp_path / "returned.csv", [{"year": YEAR, "school_code": school, "item_code": stored.item_code,
                                                  "returned": stored.returned + 5, "usable": stored.usable}])
    director = accounts["public_director"]["username"]
    assert run(db_url, "--user", director, "import", "returned-books", file).exit_code == 0
    with _as(demo, director):
        validation.change_state(demo, YEAR, school, "schoolbags", "submit")
    with _as(demo, accounts["region"]["username"]):
        validation.change_state(demo, YEAR, school, "schoolbags", "approve")

    with demo.connect() as connection:
        events = pd.read_sql(select(AuditEvent).where(AuditEvent.id > 0).order_by(AuditEvent.id), connection)
    imported = events[events["action"] == "import returned-books"].iloc[-1]
    assert (imported["username"], imported["via"], imported["file"]) == (director, "cli import", "returned.csv")
    assert imported["school_codes"] == school and imported["dataset"] == "schoolbags"
    assert json.loads(imported["before"])[0]["returned"] == stored.returned
    assert json.loads(imported["after"])[0]["returned"] == stored.returned + 5

    approved = events[events["action"] == "approve schoolbags"].iloc[-1]
    assert approved["username"] == accounts["region"]["username"]
    assert json.loads(approved["before"])[0]["state"] == "submitted"
    assert json.loads(approved["after"])[0]["state"] == "approved"

    # exported, within the exporting user's scope
    out = tmp_path / "audit.csv"
    assert run(db_url, "--user", director, "audit", "export", "--out", out).exit_code == 0
    exported = pd.read_csv(out, dtype=str)
    assert {"import returned-books", "approve schoolbags"} <= set(exported["action"])
    assert exported["school_codes"].fillna("").str.contains(school).all()
    other = accounts["private_director"]["username"]
    assert run(db_url, "--user", other, "audit", "export", "--out", tmp_path / "other.csv").exit_code == 0
    assert "import returned-books" not in set(pd.read_csv(tmp_path / "other.csv", dtype=str)["action"])


def test_the_audit_trail_is_append_only(demo):
    with pytest.raises(DBAPIError, match="append-only"), demo.begin() as connection:
        connection.execute(update(AuditEvent).values(username="someone else"))
    with pytest.raises(DBAPIError, match="append-only"), demo.begin() as connection:
        connection.execute(text("DELETE FROM audit_events"))


# --- scope: lists, counts and exports ------------------------------------------------------------------------

@pytest.mark.kernel
def test_a_director_sees_counts_and_exports_of_their_school_only(demo, db_url, tmp_path):
    accounts = demo_accounts(demo)
    director = accounts["public_director"]
    school = director["school_code"]
    with demo.connect() as connection:
        pupils = connection.execute(select(func.count()).select_from(Enrolment).where(
            Enrolment.year == YEAR, Enrolment.school_code == school)).scalar_one()

    explorer = OverviewExplorer(db_url=db_url, user=director["username"])
    assert list(explorer.param.school.objects.values()) == ["", school]
    assert explorer.figures.totals["pupils"] == pupils  # counts, not only tables
    desk = SchoolbagsDesk(db_url=db_url, user=director["username"])
    assert list(desk.param.school.objects.values()) == [school]
    orders = load_workbook(desk.order_workbook())
    codes = {row[0] for sheet in orders.worksheets for row in sheet.iter_rows(min_row=2, values_only=True)
             if row and row[0]}
    assert codes == {school}  # the export is scoped too

    result = run(db_url, "--user", director["username"], "run", "kit-needs", "--province",
                 school and accounts["province"]["province_code"], "--out", tmp_path / "kit")
    assert result.exit_code == 0, result.output
    assert "Utilisateur : " + director["username"] in result.output
    assert set(pd.read_csv(tmp_path / "kit" / "kit_needs.csv", dtype=str)["school_code"]) == {school}


def test_the_validation_desk_lists_the_schools_of_the_users_scope(demo, db_url):
    accounts = demo_accounts(demo)
    director = ValidationDesk(db_url=db_url, user=accounts["private_director"]["username"])
    assert list(director.states["school_code"]) == [accounts["private_director"]["school_code"]]
    province = ValidationDesk(db_url=db_url, user=accounts["province"]["username"])
    assert set(province.states["province_code"]) == {accounts["province"]["province_code"]}
    assert len(province.states) > 1


# --- no lost updates -----------------------------------------------------------------------------------------

def test_an_edit_made_on_a_stale_copy_is_refused(demo):
    accounts = demo_accounts(demo)
    school = accounts["public_director"]["school_code"]
    with demo.connect() as connection:
        book = connection.execute(select(ReturnedBook).where(
            ReturnedBook.year == YEAR, ReturnedBook.school_code == school)).first()
    with _as(demo, accounts["public_director"]["username"]):
        # two people opened the same count (version seen: book.version); the first saves...
        assert record_returned_books(demo, YEAR, school, book.item_code, 10, 5, book.version) == book.version + 1
        # ...the second's save from the same stale copy is refused, and the first one's count stays
        with pytest.raises(InputError, match="modifiée? depuis|modifié cette fiche depuis"):
            record_returned_books(demo, YEAR, school, book.item_code, 20, 1, book.version)
    with demo.connect() as connection:
        assert connection.execute(select(ReturnedBook.returned, ReturnedBook.usable).where(
            ReturnedBook.year == YEAR, ReturnedBook.school_code == school,
            ReturnedBook.item_code == book.item_code)).one() == (10, 5)


@pytest.fixture
def postgres_demo(tmp_path, postgres_unavailable):
    """The demo on PostgreSQL only: concurrent writers are the shared deployment's case (SQLite has one writer)."""
    url, cleanup = _new_url("postgresql", tmp_path, postgres_unavailable)
    engine = make_engine(url)
    migrate(engine)
    build_demo(engine, region="03", pupils=2_000, year=YEAR, progress=False)
    yield engine
    engine.dispose()
    cleanup()


def test_concurrent_edits_on_postgresql_cannot_overwrite_each_other(postgres_demo):
    demo = postgres_demo
    accounts = demo_accounts(demo)
    school = accounts["private_director"]["school_code"]
    with _as(demo, accounts["private_director"]["username"]):
        validation.change_state(demo, YEAR, school, "pupils", "submit")
    outcomes: dict[str, object] = {}
    first_holds_lock, release = threading.Event(), threading.Event()

    def approver() -> None:
        # Approves inside a transaction that stays open until the other user has tried to save.
        from workbench.access import guard

        original = guard.Write.save_versioned

        def slow_save(self, *args, **kwargs):
            version = original(self, *args, **kwargs)
            first_holds_lock.set()
            release.wait(10)
            return version

        guard.Write.save_versioned = slow_save
        try:
            with _as(demo, accounts["province"]["username"]):
                outcomes["approve"] = validation.change_state(demo, YEAR, school, "pupils", "approve",
                                                              expected_version=1)
        finally:
            guard.Write.save_versioned = original

    def reopener() -> None:
        first_holds_lock.wait(10)
        threading.Timer(1.0, release.set).start()  # blocks on the row lock until the approval commits
        try:
            with _as(demo, accounts["province"]["username"]):
                outcomes["reopen"] = validation.change_state(demo, YEAR, school, "pupils", "reopen",
                                                             reason="typo", expected_version=1)
        except InputError as exc:
            outcomes["reopen"] = exc

    threads = [threading.Thread(target=approver), threading.Thread(target=reopener)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert outcomes["approve"] == "approved"
    assert isinstance(outcomes["reopen"], InputError) and "modifié" in str(outcomes["reopen"])
    with demo.connect() as connection:
        frame = validation.states(connection, load_actor(demo, "admin").scope, YEAR, "pupils")
    assert frame.set_index("school_code").loc[school, "state"] == "approved"


# --- approved-only reports -----------------------------------------------------------------------------------

@pytest.mark.kernel
def test_approved_only_counts_the_approved_schools_and_the_report_says_so(demo, db_url, tmp_path):
    accounts = demo_accounts(demo)
    school = accounts["private_director"]["school_code"]
    with _as(demo, accounts["private_director"]["username"]):
        validation.change_state(demo, YEAR, school, "pupils", "submit")
    with _as(demo, accounts["province"]["username"]):
        validation.change_state(demo, YEAR, school, "pupils", "approve")
    result = run(db_url, "run", "overview", "--approved-only", "--out", tmp_path / "approved")
    assert result.exit_code == 0, result.output
    report = next((tmp_path / "approved").glob("*.html")).read_text(encoding="utf-8")
    assert "Données validées uniquement : 1 établissement(s) sur" in report
    with demo.connect() as connection:
        pupils = connection.execute(select(func.count()).select_from(Enrolment).where(
            Enrolment.year == YEAR, Enrolment.school_code == school)).scalar_one()
    assert 'data-key="pupils"' in report and f">{pupils:,}<".replace(",", "\u202f") in report


# --- training sandboxes --------------------------------------------------------------------------------------

def test_a_sandbox_is_a_copy_of_the_demo_that_a_trainer_resets(demo, db_url, tmp_path, monkeypatch):
    monkeypatch.setenv(config.SANDBOXES.env, str(tmp_path / "sandboxes"))
    result = run(db_url, "sandbox", "create", "meknes-j1")
    assert result.exit_code == 0, result.output
    from workbench.sandbox import sandbox_url

    url = sandbox_url("meknes-j1")
    sandbox = make_engine(url)
    excluded = select(func.count()).select_from(KitExclusion)
    with sandbox.begin() as connection:
        as_created = connection.execute(excluded).scalar_one()
        connection.execute(insert(KitExclusion).from_select(  # a training session's edits
            ["year", "massar_code"], select(Enrolment.year, Enrolment.massar_code).where(
                ~Enrolment.massar_code.in_(select(KitExclusion.massar_code)))))
        assert connection.execute(excluded).scalar_one() > as_created
    monkeypatch.setenv(config.SANDBOX.env, "meknes-j1")
    director = ValidationDesk(db_url=url, user=demo_accounts(sandbox)["public_director"]["username"])
    assert not director.may_reset and not director.reset_sandbox()
    trainer = ValidationDesk(db_url=url, user="formateur")
    assert trainer.may_reset and trainer.reset_sandbox(), trainer.message
    with sandbox.connect() as connection:
        assert connection.execute(excluded).scalar_one() == as_created
    with demo.connect() as connection:  # the demo itself was never touched
        assert connection.execute(excluded).scalar_one() == as_created
    assert "existe déjà" in run(db_url, "sandbox", "create", "meknes-j1").output


def test_the_validation_desk_takes_a_directors_own_school_and_recovers_from_a_stale_copy(demo, db_url):
    accounts = demo_accounts(demo)
    director, province = accounts["private_director"], accounts["province"]
    officer = ValidationDesk(db_url=db_url, user=province["username"])  # opened before the director submits
    own = ValidationDesk(db_url=db_url, user=director["username"])
    assert own.act("submit", None), own.message  # no row clicked: the director's only school
    assert not officer.act("approve", director["school_code"])  # its copy is stale: refused, then read again
    assert "منذ فتحه" in officer.message  # 'changed since you opened it', in the officer's Arabic
    assert officer.act("approve", director["school_code"]), officer.message
