"""Data-entry completion (استكمال مسك معطيات مسار): which schools have entered their timetable, daily absence sheets,
test marks and guardians' CINs, against the school calendar; who is late, reminders to their directors, and the
guard that stops a Tayssir period paid on months whose absences were never entered."""

from workbench.programme import Programme

# Its hooks are "module:attribute" references, imported when first used (workbench.programme).
PROGRAMME = Programme(
    id="data_entry",
    campaign="data-entry",
    order=75,
    parameters=".parameters:DataEntryParameters",
    compute=".campaign:compute",
    write_outputs=".campaign:write_outputs",
    prepare_run=".campaign:prepare_run",
    imports=(".imports:SchoolCalendarImport", ".imports:AbsenceSheetsImport"),
    tables=(".models:AbsenceSheet", ".models:CalendarDay"),
    cli=".cli:group",
    demo=".demo:build",
    # as of today, within the demo's school year: the lagging schools' last months show late
    demo_steps=(("run", "data-entry", "--out", "{reports}/data-entry"), ("data_entry", "remind")),
    app_state="workbench.programmes.data_entry.desk:DataEntryDesk",
    # province and region teams follow their schools; a director sees their own school
    requires=("school_life",),  # it reads the timetable, test calendar and marks school life records
)
