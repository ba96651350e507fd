"""Fixtures of the data-entry tests: school life's hand-built structures (rooms, teachers, a group, a timetable)."""

from programmes.school_life.conftest import structured  # noqa: F401  (a fixture of school life's tests)
