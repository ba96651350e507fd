"""Who is acting: a user with a role and the scope it applies to, set once per CLI run or app action."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace

from sqlalchemy import Connection

from workbench.catalogue import Label, headers, text
from workbench.exceptions import InputError
from workbench.scope import Scope

ROLE_LABELS = headers("role", "director", "province_officer", "region_officer", "trainer", "administrator")


@dataclass(frozen=True)
class Actor:
    username: str
    role: str
    scope: Scope
    via: str = "cli"
    language: str = "ar"  # the language of the apps the user sees (Arabic unless they chose French)

    @property
    def label(self) -> Label:
        """'dp0301 (role, scope)' in French and in Arabic: messages fill it in each reader's language."""
        return text("actor.label", user=self.username, role=ROLE_LABELS[self.role],
                    scope=Label(self.scope.label_fr, self.scope.label_ar))

    def narrow(self, scope: Scope) -> Scope:
        """The part of `scope` this actor may see: the scope itself, or the actor's own when it is inside it
        (a director asking for their province sees their school); anything else is refused."""
        if self.scope.covers(scope):
            return scope
        if scope.covers(self.scope):
            return replace(self.scope, approved=scope.approved)
        raise InputError(text("error.scope_outside", scope=Label(scope.label_fr, scope.label_ar), user=self.label))

    def in_via(self, via: str) -> Actor:
        return replace(self, via=via)


def system_actor() -> Actor:
    """Whoever runs the CLI without naming a user: the machine's account, with the administrator's rights
    (they already hold the database's credentials), named in the audit trail as os:<login>."""
    try:
        login = getpass.getuser()
    except (KeyError, OSError):
        login = "unknown"
    return Actor(f"os:{login}", "administrator", Scope(), "cli")


_current: ContextVar[Actor | None] = ContextVar("workbench_actor", default=None)


def current_actor() -> Actor:
    return _current.get() or system_actor()


@contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)


def scope_of_user(connection: Connection, role: str, school: str | None, province: str | None,
                  region: str | None) -> Scope:
    from workbench.scope import resolve_scope

    if role == "director":
        return resolve_scope(connection, school=school)
    if role == "province_officer":
        return resolve_scope(connection, province=province)
    if role == "region_officer":
        return resolve_scope(connection, region=region)
    return Scope()
