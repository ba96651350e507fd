"""Access control in one place: who is acting, what they may see and change, validation locks, audit trail."""

from workbench.access.actor import Actor, acting_as, current_actor, system_actor
from workbench.access.guard import Write, guarded_write

__all__ = ["Actor", "Write", "acting_as", "current_actor", "guarded_write", "system_actor"]
