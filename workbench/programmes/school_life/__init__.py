"""School life: rooms, teachers, groups and the week's timetable (with its conflicts), absences by hour slot (the
absence days every campaign reads are derived from them), notices to families, marks (NotesCC), test dates and the
school sports association."""

from workbench.programme import Programme

# Its hooks are "module:attribute" references, imported when first used (workbench.programme).
PROGRAMME = Programme(
    id="school_life",
    campaign="school-life",
    order=70,
    compute=".campaign:compute",
    write_outputs=".campaign:write_outputs",
    imports=".imports:IMPORTS",
    tables=(".models:SportParticipation", ".models:SportEvent", ".models:SportMember", ".models:TestDate",
            ".models:Mark", ".models:AbsenceSlot", ".models:TimetableSlot", ".models:GroupMember", ".models:Teacher",
            ".models:Room"),
    year_defaults=".reference:year_defaults",
    demo=".demo:build",
    demo_steps=(("run", "school-life", "--out", "{reports}/school-life"),),
    own_dataset=True,
    app_state="workbench.programmes.school_life.desk:SchoolLifeDesk",
    # its desk shows a pupil's Tayssir rule and enrolment; a class sheet is recorded as entered (data_entry); its
    # report and app show the school sports results (school_sports)
    requires=("tayssir", "data_entry", "school_sports"),
)
