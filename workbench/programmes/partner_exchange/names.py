"""The one normalisation of a child's name before partner requests are compared with pupils (rules.md, "Partner
exchange"): a request written 'MOHAMED  el-Alaoui' finds the pupil 'Mohamed El Alaoui', and 'أحمد' finds 'احمد'."""

from __future__ import annotations

import numpy as np
import pandas as pd

# Arabic diacritics (tashkeel: fathatan .. sukun, and the Quranic marks up to U+065F), the superscript alef, tatweel.
_TASHKEEL = "[\u064b-\u065f\u0670\u0640]"
_LATIN_ACCENTS = "[\u0300-\u036f]"  # combining marks left by NFKD decomposition of é, ç, ï...
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه"})
# Hyphens (ASCII and Unicode dashes), apostrophes (straight, curly, modifier) and dots separate name parts.
_SEPARATORS = "[-\u2010\u2011\u2012\u2013\u2014'\u2018\u2019\u02bc`\u00b4.]"


def _normalised(distinct: pd.Series) -> pd.Series:
    """The normalised form of each distinct spelling (see `normalise`)."""
    done = distinct.astype("string").str.normalize("NFKC").str.casefold()
    # Latin accents: decompose, drop the combining accents, recompose (so that Arabic hamza forms stay whole).
    done = done.str.normalize("NFKD").str.replace(_LATIN_ACCENTS, "", regex=True).str.normalize("NFC")
    done = done.str.replace(_TASHKEEL, "", regex=True).str.translate(_ARABIC_LETTERS)
    return done.str.replace(_SEPARATORS, " ", regex=True).str.replace(r"\s+", " ", regex=True).str.strip()


def normalise(names: pd.Series) -> pd.Series:
    """Names as they are compared: Unicode NFKC; case-folded; Latin accents removed; Arabic tashkeel and tatweel
    removed, أ/إ/آ -> ا, ى -> ي, ة -> ه; hyphens, apostrophes and dots become spaces; runs of spaces collapse; no
    leading or trailing space. Missing stays missing. Each distinct spelling is worked out once, so a national list
    of pupils costs what its distinct names cost."""
    values = names.astype("string")
    codes, distinct = pd.factorize(values)
    if len(distinct) == 0:
        return pd.Series(pd.NA, index=names.index, dtype="string")
    done = _normalised(pd.Series(distinct, dtype="string"))
    out = pd.Series(done.to_numpy()[codes], index=names.index, dtype="string")
    return out.where(codes >= 0)


def _factorized(names: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Each name's position among the distinct spellings (-1: missing), and those spellings."""
    if isinstance(names.dtype, pd.CategoricalDtype):  # already so: its codes and categories
        return names.cat.codes.to_numpy().astype(np.int64), pd.Index(names.cat.categories)
    return pd.factorize(names.astype("string"))


def name_ids(*names: pd.Series) -> list[np.ndarray]:
    """Each series' names as integers, one per normalised name and shared by all the series (-1: missing): two
    names have the same integer exactly when `normalise` makes them equal. Comparing millions of names then costs
    what comparing integers costs, and each distinct spelling is normalised once."""
    factorized = [_factorized(series) for series in names]
    spellings = [_normalised(pd.Series(distinct, dtype="string")) for _, distinct in factorized]
    shared, _ = pd.factorize(pd.concat(spellings, ignore_index=True)) if spellings else (np.array([], int), None)
    out, start = [], 0
    for (codes, _), done in zip(factorized, spellings, strict=True):
        ids = shared[start : start + len(done)]
        start += len(done)
        out.append(np.where(codes >= 0, ids[np.maximum(codes, 0)] if len(ids) else -1, -1).astype(np.int64))
    return out
