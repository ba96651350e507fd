"""State of the review desk: the requests the rules left ambiguous or not found (and those already decided), a
request's candidate pupils, and the operator's decision. apps/partner_exchange.py only draws this object."""

from __future__ import annotations

import pandas as pd
import param

from workbench.appstate import AppState
from workbench.catalogue import text
from workbench.programmes.partner_exchange import answers as computed
from workbench.programmes.partner_exchange import review
from workbench.programmes.partner_exchange.models import PARTNERS
from workbench.programmes.partner_exchange.outputs import PARTNER_LABELS, in_words

NS = "partner_exchange"
QUEUE_COLUMNS = ["partner", "request_id", "child_last_name", "child_first_name", "birth_date", "guardian_cin",
                 "status", "reason"]


def _label(key: str) -> str:
    return text(f"{NS}.{key}").both()


def request_key(partner: str, request_id: str) -> str:
    return f"{partner}|{request_id}"


class PartnerDesk(AppState):
    app_name = "partner_exchange"

    partner = param.Selector(default="", objects={_label("desk.all_partners"): "",
                                                  **{PARTNER_LABELS[p].both(): p for p in PARTNERS}},
                             label=_label("desk.partner_filter"), doc="The partner whose requests are reviewed")
    request = param.Selector(default=None, objects={}, label=_label("desk.request"), doc="The request reviewed")
    candidate = param.Selector(default=None, objects={}, label=_label("desk.candidates"),
                               doc="The pupil the operator may confirm for the request")
    why = param.String(default="", label=_label("desk.why"), doc="Why the operator decides so (audit trail)")
    queue = param.DataFrame(default=pd.DataFrame(columns=QUEUE_COLUMNS), doc="Requests awaiting or given a decision")
    proposed = param.DataFrame(default=pd.DataFrame(columns=review.CANDIDATE_COLUMNS), doc="Candidates of the request")

    def __init__(self, **params):
        super().__init__(**params)
        # every label and option in the user's language: a partner's answer never reads in French in Arabic
        for name, key in (("partner", "desk.partner_filter"), ("request", "desk.request"),
                          ("candidate", "desk.candidates"), ("why", "desk.why")):
            self.param[name].label = self.t(f"{NS}.{key}")
        self.param.partner.objects = {self.t(f"{NS}.desk.all_partners"): "",
                                      **{PARTNER_LABELS[p].of(self.lang): p for p in PARTNERS}}
        self.allowed = self.actor.role in computed.ROLES
        self._answers = pd.DataFrame()
        if self.allowed:
            self._load()

    @param.depends("partner", watch=True)
    def _load(self) -> None:
        """The year's answers in the user's scope, and the queue: requests ambiguous or not found, or decided."""
        with self._engine.connect() as connection:
            found = computed.compute(connection, self.actor.scope, self.year, self.partner)
        self._answers = found.answers
        reviewed = found.answers[found.answers["status"].isin(["ambiguous", "not_found"]) | found.answers["decided"]]
        reviewed = reviewed.sort_values(["decided", "partner", "request_id"])
        self.queue = reviewed[QUEUE_COLUMNS].reset_index(drop=True)
        self.param.request.objects = {
            f"{r} — {s} ({PARTNER_LABELS[p].of(self.lang)})": request_key(p, r)
            for p, r, s in zip(reviewed["partner"], reviewed["request_id"],
                               in_words(reviewed[["status"]], self.lang)["status"])}
        keys = list(self.param.request.objects.values())
        if self.request in keys:
            self._load_candidates()
        else:
            self.request = keys[0] if keys else None

    def selected(self) -> pd.Series | None:
        """The request reviewed, with its current answer."""
        if self.request is None or self._answers.empty:
            return None
        partner, request_id = self.request.split("|", 1)
        rows = self._answers[(self._answers["partner"] == partner) & (self._answers["request_id"] == request_id)]
        return rows.iloc[0] if not rows.empty else None

    @param.depends("request", watch=True)
    def _load_candidates(self) -> None:
        chosen = self.selected()
        if chosen is None:
            self.proposed = pd.DataFrame(columns=review.CANDIDATE_COLUMNS)
        else:
            asked = chosen.rename({"given_code": "massar_code"})
            with self._engine.connect() as connection:
                self.proposed = review.request_candidates(connection, asked, self.actor.scope)
        names = self.proposed
        self.param.candidate.objects = {
            f"{self._pupil_name(r)} ({r.massar_code}, {r.birth_date:%Y-%m-%d})": r.massar_code
            for r in names.itertuples()} or {self.t(f"{NS}.desk.no_candidate"): None}
        self.candidate = names["massar_code"].iloc[0] if not names.empty else None

    def _pupil_name(self, row) -> str:
        """A candidate's name as the reader writes it: Arabic in Arabic, else the French spelling (or the other
        one when the pupil has only one)."""
        arabic = f"{row.first_name_ar or ''} {row.last_name_ar or ''}".strip()
        french = f"{row.last_name_fr or ''} {row.first_name_fr or ''}".strip()
        return (arabic or french) if self.lang == "ar" else (french or arabic)

    def answer(self) -> dict[str, str]:
        """The selected request's answer as the next answer file will give it: status and method, in the user's
        words."""
        chosen = self.selected()
        if chosen is None:
            return {}
        shown = in_words(pd.DataFrame([chosen]).assign(matched_on=lambda f: f["matched_on"].fillna("none")),
                         self.lang).iloc[0]
        return {"status": chosen["status"], "words": shown["status"], "method": shown["matched_on"],
                "massar_code": chosen["massar_code"] if isinstance(chosen["massar_code"], str) else ""}

    def confirm_candidate(self) -> bool:
        return self._decide(self.candidate, "done.pupil")

    def confirm_not_found(self) -> bool:
        return self._decide(None, "done.not_found")

    def _decide(self, massar_code: str | None, done: str) -> bool:
        if self.request is None:
            return False
        partner, request_id = self.request.split("|", 1)
        return self.attempt(lambda: review.decide(self._engine, self.year, partner, request_id, massar_code,
                                                  self.why),
                            text(f"{NS}.{done}", request=request_id), self._load)
