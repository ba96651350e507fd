"""Massar Workbench: social-support campaigns of a national school information system."""

import pandas as _pd

# pyarrow is installed for the analytics path and the CSV writer; pandas would then keep every text column in Arrow
# storage, where Series.isin(values) turns each value into a Python object first (15 s instead of 0.7 s for 400,000
# households). Text columns stay in pandas' own storage, as the rules were measured with; Arrow is used explicitly.
_pd.set_option("mode.string_storage", "python")

__version__ = "0.1.0"
