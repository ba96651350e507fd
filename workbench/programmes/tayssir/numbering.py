"""Codes of pupil-month lines looked up by number. Computed lines hold their pupils and households as categories
(`logic.pupil_months`): a look-up then matches each distinct code once and takes the rows' numbers, instead of
hashing the text of millions of lines (stored lines, read as text, are matched as text)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd


def positions(index: pd.Index, values: pd.Series) -> np.ndarray:
    """Each value's position in `index` (-1: not there), as `index.get_indexer(values)`."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        at = np.append(index.get_indexer(values.cat.categories.astype(object)), -1)  # code -1 (missing) -> -1
        return at[values.cat.codes.to_numpy()]
    return index.get_indexer(values.astype(object))


def constant(value: str, categories: tuple[str, ...] | list[str]) -> Callable[[pd.DataFrame], pd.Categorical]:
    """A column holding one value on every row, for `frame.assign(kind=constant("regular", KINDS))`: a category, so
    that frames of different values concatenate without turning millions of labels into text."""
    code = list(categories).index(value)
    return lambda frame: pd.Categorical.from_codes(np.full(len(frame), code, dtype=np.int8), categories,
                                                   validate=False)


def among(values: pd.Series, wanted: pd.Series) -> np.ndarray:
    """Where a value is one of `wanted`, as `values.isin(wanted)`; by number when both are the same categories (then
    a missing value matches nothing: a registered pupil always has a guardian)."""
    if isinstance(values.dtype, pd.CategoricalDtype) and wanted.dtype is values.dtype:
        marks = np.zeros(len(values.cat.categories) + 1, dtype=bool)
        marks[wanted.cat.codes.to_numpy()] = True  # code -1 (missing) marks the last place, never read below
        marks[-1] = False
        return marks[values.cat.codes.to_numpy()]
    return values.isin(wanted).to_numpy()


def concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """`pd.concat(frames, ignore_index=True)`, the columns that are categories in the first frame kept so: pandas
    turns categories that differ (a household's lines, computed again after a write, put back among a region's) into
    text, a second for millions of lines; and it compares equal categories by hashing every code (a first dashboard
    of a large province spent a tenth of its time there), where the same categories need only their numbers joined."""
    first = frames[0]
    kept = [c for c in first.columns if isinstance(first[c].dtype, pd.CategoricalDtype)]
    if not kept or len(frames) == 1:
        return pd.concat(frames, ignore_index=True)
    joined = pd.concat([f.drop(columns=kept) for f in frames], ignore_index=True)
    for column in kept:
        joined.insert(first.columns.get_loc(column), column, _joined_categories([f[column] for f in frames]))
    return joined


def _joined_categories(parts: list[pd.Series]) -> pd.Categorical:
    """The parts as one column of the first part's categories, plus, in sorted order, the values it lacks."""
    first = parts[0].dtype
    if all(p.dtype is first for p in parts[1:]):  # rows of the same lines: their numbers, under the same categories
        return pd.Categorical.from_codes(np.concatenate([p.cat.codes.to_numpy() for p in parts]), dtype=first,
                                         validate=False)
    categories = first.categories
    others = [None if p.dtype is first or p.dtype == first else
              p.array if isinstance(p.dtype, pd.CategoricalDtype) else pd.Categorical(p) for p in parts[1:]]
    lacking = [values.categories[np.unique(values.codes[values.codes >= 0])] for values in others
               if values is not None]
    lacking = [new[categories.get_indexer(new.astype(object)) < 0] for new in lacking]
    if any(len(new) for new in lacking):  # a value the first part lacks (rare: a pupil registered meanwhile)
        merged = categories.astype(object).append([new.astype(object) for new in lacking]).unique().sort_values()
        codes = [np.append(merged.get_indexer(categories.astype(object)), -1)[parts[0].cat.codes.to_numpy()]]
        categories = merged
    else:
        codes = [parts[0].cat.codes.to_numpy()]
    for part, values in zip(parts[1:], others, strict=True):
        if values is None and categories is first.categories:  # rows of the same lines
            codes.append(part.cat.codes.to_numpy())
            continue
        values = part.array if values is None else values
        at = categories.get_indexer(values.categories.astype(object))
        codes.append(np.append(at, -1)[values.codes])
    if categories is first.categories:
        return pd.Categorical.from_codes(np.concatenate(codes), dtype=first, validate=False)
    return pd.Categorical.from_codes(np.concatenate(codes), categories, validate=False)
