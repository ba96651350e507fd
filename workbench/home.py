"""The home page after login: who the user is, their scope, and the apps they may use (only those)."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.appstate import AppState
from workbench.catalogue import Label, text
from workbench.registry import programmes


@dataclass(frozen=True)
class AppLink:
    path: str
    title: Label


def apps_for(role: str) -> list[AppLink]:
    """The apps a role may open: each programme's that admits it, then the validation desk."""
    links = [AppLink(f"/{p.id}", p.title) for p in programmes().values() if p.app_state and role in p.app_roles]
    return [*links, AppLink("/validation", text("app.validation"))]


def may_open(engine, username: str, app_name: str) -> bool:
    """Whether a user's role may open an app (a programme's app lists its roles; the core apps are everyone's)."""
    from workbench.access.users import load_actor

    programme = programmes().get(app_name)
    return programme is None or load_actor(engine, username).role in programme.app_roles


class HomeState(AppState):
    app_name = "home"

    def links(self) -> list[AppLink]:
        return apps_for(self.actor.role)
