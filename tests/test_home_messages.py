"""The home page's messages (issue 33, item 4): the outbox of the user's scope, counted by state and listed in
words, as `workbench outbox list` shows it; a director sees their school's recipients only."""

from __future__ import annotations

import importlib.util

import panel as pn
from sqlalchemy import update
from test_outbox import messages, queue

from workbench import config
from workbench.access.users import add_user
from workbench.home import LATEST_MESSAGES, HomeState
from workbench.models import OutboxMessage

RAW_CODES = {"queued", "sending", "sent", "failed", "email", "sms", "reminder", "absence_notice", "refused"}


def _outbox(engine) -> None:
    """Three messages about 11111A (the first failed, the second sent), one about 22222B, one about no school."""
    queue(engine, messages(3))
    queue(engine, messages(1, school="22222B", recipient_name=["Parent ailleurs"]), kind="absence_notice")
    queue(engine, messages(1, school=None, recipient_name=["Sans école"]))
    with engine.begin() as connection:
        connection.execute(update(OutboxMessage).where(OutboxMessage.recipient_name == "Parent 0").values(
            state="failed", tries=6, last_error="refused: 550 Mailbox unavailable"))
        connection.execute(update(OutboxMessage).where(OutboxMessage.recipient_name == "Parent 1").values(
            state="sent", tries=1, sent_at=OutboxMessage.created_at))
    add_user(engine, "dir11111a", "pw-dir-1234567", "director", school="11111A")
    add_user(engine, "dp0302", "pw-dp-1234567", "province_officer", province="0302")
    add_user(engine, "chef", "pw-admin-1234567", "administrator")


def test_the_home_page_counts_and_lists_the_messages_of_the_users_scope_in_words(engine, school_map, db_url):
    _outbox(engine)
    director = HomeState(db_url=db_url, user="dir11111a")
    director.lang = "fr"
    shown = director.messages()
    assert shown.counts == [("queued", "En attente", "1"), ("sent", "Envoyé", "1"), ("failed", "En échec", "1")]
    assert shown.total == 3
    frame = shown.latest
    assert list(frame.columns) == ["created_at", "state", "kind", "school_code", "recipient_name", "channel",
                                   "tries", "sent_at", "last_error"]  # no address on a screen
    assert frame["recipient_name"].tolist() == ["Parent 2", "Parent 1", "Parent 0"]  # their school's, newest first
    assert frame["state"].tolist() == ["En attente", "Envoyé", "En échec"]
    assert set(frame["kind"]) == {"Rappel"} and frame["channel"].tolist() == ["E-mail", "SMS", "E-mail"]
    assert frame["last_error"].iloc[2] == "Refusé par le serveur (550 Mailbox unavailable)"
    assert frame["tries"].tolist() == [0, 1, 6] and frame["sent_at"].iloc[0] == "" and frame["sent_at"].iloc[1]
    assert not RAW_CODES & set(frame[["state", "kind", "channel", "last_error"]].stack())

    province = HomeState(db_url=db_url, user="dp0302").messages()  # Arabic, their default
    assert province.latest["recipient_name"].tolist() == ["Parent ailleurs"]
    assert province.latest["kind"].tolist() == ["إشعار بالغياب"] and province.counts[0] == ("queued", "في الانتظار",
                                                                                              "1")
    assert province.latest["school_code"].tolist() == ["\u206622222B\u2069"]  # a code stays whole in Arabic
    everything = HomeState(db_url=db_url, user="chef").messages()
    assert everything.total == 5 and "Sans école" in everything.latest["recipient_name"].tolist()


def test_the_home_page_draws_the_counts_and_a_table_paged_on_the_server(engine, school_map, db_url, monkeypatch):
    _outbox(engine)
    path = config.APPS_DIR / "home.py"
    spec = importlib.util.spec_from_file_location("app_home_messages", path)
    app = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(app)  # its __name__ is not bokeh_*, so nothing is served
    state = HomeState(db_url=db_url, user="dir11111a")
    heading, counts, files, table = app.messages(state)
    assert "الرسائل الصادرة" in heading.object
    assert 'data-state="failed"><b>1</b><span>فشلت</span>' in counts.object
    assert isinstance(table, pn.widgets.Tabulator) and table.pagination == "remote" and table.page_size == 10
    assert table.titles["recipient_name"] == "المرسل إليه" and "address" not in table.value.columns
    assert len(table.value) == 3
    assert [button.filename for button in files] == ["messages.xlsx", "messages.csv"]
    csv = files[1].callback().getvalue()
    assert b"Parent 0" in csv and b"22222B" not in csv and "المرسل إليه".encode() in csv

    monkeypatch.setattr("workbench.home.LATEST_MESSAGES", 2)
    monkeypatch.setattr(app, "LATEST_MESSAGES", 2)
    heading, counts, note, files, table = app.messages(state)
    assert len(table.value) == 2 and "2" in note.object  # the newest two, the counts of all three
    nobody = HomeState(db_url=db_url, user="dp0302")
    with engine.begin() as connection:
        connection.execute(update(OutboxMessage).where(OutboxMessage.school_code == "22222B").values(
            school_code="11111A"))
    assert isinstance(app.messages(nobody)[-1], pn.pane.Alert)
    assert LATEST_MESSAGES == 1000
