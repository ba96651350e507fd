"""Massar Workbench: social-support campaigns of a national school information system."""

from wrapt import when_imported

__version__ = "0.1.0"


@when_imported("pandas")  # set the moment pandas is first imported (or now if it is): `workbench --help` needs none
def _text_in_pandas_storage(pandas) -> None:
    # pyarrow is installed for the analytics path and the CSV writer; pandas would then keep every text column in
    # Arrow storage, where Series.isin(values) turns each value into a Python object first (15 s instead of 0.7 s for
    # 400,000 households). Text columns stay in pandas' own storage, as the rules were measured with; Arrow is used
    # explicitly.
    pandas.set_option("mode.string_storage", "python")
