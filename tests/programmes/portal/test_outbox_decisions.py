"""The family hears of the desk's decisions through the outbox, queued in the decision's own guarded write: a
certificate ready, an appointment accepted with its date, a refusal with its reason; a refused step queues nothing."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import select

from workbench.access.actor import acting_as
from workbench.exceptions import InputError
from workbench.models import Guardian, OutboxMessage
from workbench.programmes.portal import requests

from .conftest import YEAR
from .test_requests import _director, _holder


def test_the_family_hears_of_each_decision_once(issued):
    line = issued.guardian(0)
    _, holder = _holder(issued, line)
    wished = dt.date.today() + dt.timedelta(days=3)
    certificate = requests.submit(issued.engine, holder, holder.pupils[0], "schooling_certificate", YEAR)
    meeting = requests.submit(issued.engine, holder, holder.pupils[0], "appointment", YEAR, wished_on=wished,
                              reason="Les notes")
    transcript = requests.submit(issued.engine, holder, holder.pupils[1], "transcript", YEAR)
    with acting_as(_director(issued)):
        requests.act(issued.engine, certificate, "ready")
        requests.act(issued.engine, meeting, "accept", on=wished)
        requests.act(issued.engine, transcript, "refuse", reason="Dossier incomplet")
        with pytest.raises(InputError):
            requests.act(issued.engine, transcript, "accept")
    with issued.engine.connect() as connection:
        queued = pd.read_sql(select(OutboxMessage).order_by(OutboxMessage.id), connection)
        phone = connection.execute(select(Guardian.phone).where(Guardian.cin == line["identifier"])).scalar_one()
    assert phone and queued["address"].tolist() == [phone] * 3 and set(queued["channel"]) == {"sms"}
    assert queued["kind"].tolist() == ["certificate_ready", "request_decision", "request_decision"]
    assert set(queued["school_code"]) == {issued.school} and set(queued["state"]) == {"queued"}
    ready, accepted, refused = (body.split("\n\n") for body in queued["body"])
    assert ready[1] == (f"Le certificat de scolarité de l'élève {holder.pupils[0]} est prêt : vous pouvez le "
                        "télécharger sur le portail.")
    assert f"\u2066{holder.pupils[0]}\u2069" in ready[0]
    assert accepted[1].endswith(f"est acceptée, rendez-vous le {wished:%Y-%m-%d}.")
    assert f"\u2066{wished:%Y-%m-%d}\u2069" in accepted[0]
    assert refused[1].endswith("est refusée. Raison : Dossier incomplet") and "Dossier incomplet" in refused[0]
    assert queued["dedupe_key"].tolist() == [f"request:{certificate}:ready", f"request:{meeting}:accepted",
                                             f"request:{transcript}:refused"]
