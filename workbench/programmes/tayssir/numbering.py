"""Codes of pupil-month lines looked up by number. Computed lines hold their pupils and households as categories
(`logic.pupil_months`): a look-up then matches each distinct code once and takes the rows' numbers, instead of
hashing the text of millions of lines (stored lines, read as text, are matched as text)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals


def positions(index: pd.Index, values: pd.Series) -> np.ndarray:
    """Each value's position in `index` (-1: not there), as `index.get_indexer(values)`."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        at = np.append(index.get_indexer(values.cat.categories.astype(object)), -1)  # code -1 (missing) -> -1
        return at[values.cat.codes.to_numpy()]
    return index.get_indexer(values.astype(object))



def concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """`pd.concat(frames, ignore_index=True)`, the columns that are categories in the first frame kept so: pandas
    turns categories that differ (a household's lines, computed again after a write, put back among a region's) into
    text, a second for millions of lines."""
    first = frames[0]
    kept = [c for c in first.columns if isinstance(first[c].dtype, pd.CategoricalDtype)
            and any(f[c].dtype != first[c].dtype for f in frames[1:])]
    if not kept:
        return pd.concat(frames, ignore_index=True)
    joined = pd.concat([f.drop(columns=kept) for f in frames], ignore_index=True)
    for column in kept:
        joined.insert(first.columns.get_loc(column), column, _joined_categories([f[column] for f in frames]))
    return joined


def _joined_categories(parts: list[pd.Series]) -> pd.Categorical:
    categories = parts[0].cat.categories
    codes = [parts[0].cat.codes.to_numpy()]
    for part in parts[1:]:
        if part.dtype is parts[0].dtype or part.dtype == parts[0].dtype:  # rows of the same lines
            codes.append(part.cat.codes.to_numpy())
            continue
        values = part.array if isinstance(part.dtype, pd.CategoricalDtype) else pd.Categorical(part)
        at = categories.get_indexer(values.categories.astype(object))
        if (at < 0).any():  # codes the first part lacks: one sorted set of categories for all
            return union_categoricals([_as_text_categories(p) for p in parts], sort_categories=True)
        codes.append(np.append(at, -1)[values.codes])
    return pd.Categorical.from_codes(np.concatenate(codes), categories)


def _as_text_categories(part: pd.Series) -> pd.Categorical:
    """A part as categories held as Python text, whatever the text type it came with (they join only so)."""
    values = part.array if isinstance(part.dtype, pd.CategoricalDtype) else pd.Categorical(part)
    return pd.Categorical.from_codes(values.codes, values.categories.astype(object), validate=False)
