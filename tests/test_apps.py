"""Every Panel app builds its whole page from the tiny demo without a browser; importing one builds nothing."""

import importlib.util

import panel as pn
import pytest
from bokeh.document import Document

from workbench import config
from workbench.access.desk import ValidationDesk
from workbench.home import HomeState
from workbench.registry import programmes

# The core app, and one app per programme that declares an app state.
STATES = {"validation": ValidationDesk, "home": HomeState,
          **{p.id: p.load_app_state() for p in programmes().values() if p.app_state}}
# Apps a programme serves outside the staff login (families, the public) take no staff user: their programme's
# tests build them.
REALM_APPS = {app for p in programmes().values() for realm in p.realms for app in realm.apps}
APPS = sorted(p for p in config.APPS_DIR.glob("*.py") if not p.name.startswith("_") and p.stem not in REALM_APPS)


def _load(path):
    spec = importlib.util.spec_from_file_location(f"app_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # its __name__ is not bokeh_*, so nothing is served
    return module


@pytest.mark.parametrize("path", APPS, ids=[p.stem for p in APPS])
def test_app_builds_its_page(path, tiny_demo_url, monkeypatch):
    monkeypatch.setenv(config.DB_URL.env, tiny_demo_url)
    module = _load(path)
    assert not hasattr(module, "app") and callable(module.create_app)
    document = Document()
    module.create_app(STATES[path.stem]()).server_doc(document)
    assert len(document.roots) > 0


def test_every_app_is_there():
    assert {p.stem for p in APPS} == set(STATES)
    assert all((config.APPS_DIR / f"{app}.py").exists() for app in REALM_APPS)


@pytest.mark.parametrize("path", APPS, ids=[p.stem for p in APPS])
def test_every_app_opens_for_every_demo_account_without_an_error(path, tiny_demo_url, monkeypatch):
    """Each demo account (every role and scope, a private-school director included) opens the app: the whole page
    is built server-side, its bound views rendered, with no exception."""
    from workbench.access.users import list_users
    from workbench.db import make_engine

    monkeypatch.setenv(config.DB_URL.env, tiny_demo_url)
    users = list_users(make_engine(tiny_demo_url))["username"]
    failures = []
    module = _load(path)
    for user in users:
        try:
            document = Document()
            page = module.create_app(STATES[path.stem](user=user))
            page.server_doc(document)
            assert document.roots
            for tabs in [t for area in (page.main, page.sidebar) for part in area for t in part.select(pn.Tabs)]:
                for view in tabs.objects:  # tabs drawn only when opened: draw them all
                    view.get_root(document)
        except Exception as exc:  # noqa: BLE001 - every failure is listed, then the test fails
            failures.append(f"{path.stem} as {user}: {type(exc).__name__}: {exc}")
    assert failures == []


def test_the_home_page_offers_each_role_only_its_apps():
    from workbench.home import apps_for

    director = [link.path for link in apps_for("director")]
    officer = [link.path for link in apps_for("province_officer")]
    assert "/grants" not in director and "/grants" in officer  # the committee is the province's
    assert director[-1] == officer[-1] == "/validation" and "/overview" in director
    assert all(link.title.ar and link.title.fr for link in apps_for("administrator"))


def test_a_director_cannot_open_the_grants_committee(tiny_demo_url):
    from conftest import demo_accounts

    from workbench.db import make_engine
    from workbench.home import may_open

    engine = make_engine(tiny_demo_url)
    accounts = demo_accounts(engine)
    director, region = accounts["private_director"]["username"], accounts["region"]["username"]
    assert not may_open(engine, director, "grants") and may_open(engine, director, "validation")
    assert may_open(engine, region, "grants") and may_open(engine, director, "overview")


def test_the_home_page_lists_the_latest_reports_that_meet_the_users_scope(tiny_demo_url, tmp_path):
    import json

    from conftest import demo_accounts
    from sqlalchemy import select

    from workbench.db import make_engine
    from workbench.home import HomeState
    from workbench.models import Commune, Province, School
    from workbench.runner import MANIFEST_FILE

    engine = make_engine(tiny_demo_url)
    accounts = demo_accounts(engine)
    director = accounts["public_director"]
    with engine.connect() as connection:
        own_province = connection.scalar(select(Commune.province_code).join(School).where(
            School.code == director["school_code"]))
        other_province = connection.scalar(select(Province.code).where(Province.code != own_province)
                                           .where(Province.region_code == "03").order_by(Province.code))

    def finished(folder: str, at: str, **scope: str) -> None:
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "kit-needs.html").write_text("<html></html>")
        (tmp_path / folder / MANIFEST_FILE).write_text(json.dumps(
            {"campaign": "kit-needs", "year": "2025-2026", "region": "", "province": "", "school": "",
             "finished_at": at, "report": "kit-needs.html", **scope}))

    finished("kit-needs/03", "2026-11-20T10:00:00", region="03")
    finished("kit-needs/own", "2026-11-21T10:00:00", province=own_province)
    finished("kit-needs/other", "2026-11-22T10:00:00", province=other_province)
    finished("kit-needs/broken", "not a date", region="03")
    state = HomeState(db_url=tiny_demo_url, user=director["username"])
    shown = [link.path.parent.name for link in state.reports(tmp_path)]
    assert shown == ["own", "03"]  # their province's and their region's, newest first; not the other province's
    region = HomeState(db_url=tiny_demo_url, user=accounts["region"]["username"])
    assert [link.path.parent.name for link in region.reports(tmp_path)] == ["other", "own", "03"]


def test_a_table_shows_dates_as_dates_and_a_missing_one_as_an_empty_cell():
    import datetime as dt
    from types import SimpleNamespace

    import pandas as pd
    from bokeh.models.widgets.tables import DateFormatter

    from workbench.catalogue import Label
    from workbench.ui import table

    frame = pd.DataFrame({"school_code": ["00001A", "00002B"], "version": [1, 0],
                          "changed_at": [dt.datetime(2026, 11, 25, 9, 30), None],
                          "filed_on": pd.to_datetime(["2026-10-01", None]), "name": ["أ", "ب"]})
    shown = {c: Label(c, "عمود") for c in ("school_code", "changed_at", "filed_on", "name")}
    widget = table(SimpleNamespace(lang="fr"), frame, shown)
    formats = {c: f.format for c, f in widget.formatters.items() if isinstance(f, DateFormatter)}
    assert formats == {"changed_at": "%Y-%m-%d %H:%M", "filed_on": "%Y-%m-%d"}
    assert all(widget.formatters[c].nan_format == "" and widget.formatters[c].null_format == "" for c in formats)
    assert widget.hidden_columns == ["version"]
