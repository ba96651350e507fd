"""School sports in the school-life campaign (its functions, without a kernel: the notebook's own test runs it):
sports_results.csv holds the hand-built figures, the report's tables name schools and no pupil."""

import pandas as pd
from handbuilt import campaign_files

from programmes.school_sports.handbuilt import EXPECTED, YEAR


def test_the_school_life_campaign_writes_the_sports_results(sports, tmp_path):
    written = campaign_files(sports, "school_life", tmp_path, year=YEAR)
    assert tmp_path / "sports_results.csv" in written
    found = pd.read_csv(tmp_path / "sports_results.csv", dtype={"points": float})
    assert list(found.columns) == ["school_code", "sport", "sex", "level", "teams", "pupils", "podiums", "points"]
    assert [tuple(r) for r in found.itertuples(index=False)] == EXPECTED


def test_the_report_tables_name_schools_and_no_pupil(sports):
    from workbench.db import make_engine
    from workbench.programmes.school_life.campaign import compute_scope
    from workbench.programmes.school_sports import outputs
    from workbench.report import table
    from workbench.scope import Scope

    engine = make_engine(sports)
    with engine.connect() as connection:
        result = compute_scope(connection, Scope(province="0302"), YEAR)
    engine.dispose()
    shown = table(result.sports_results(), outputs.STANDING_HEADERS, outputs.CODES).data
    assert "إعدادية ابن سينا" in shown and "Collège Ibn Sina" in shown and "إناث" in shown and "National" in shown
    assert "11111A" not in shown and "A000000003" not in shown and "Alaoui" not in shown
    assert result.sports_totals() == {"teams": 2, "pupils": 4, "podiums": 2, "points": 33.0}
