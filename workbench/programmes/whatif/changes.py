"""Changed settings written as text (the notebook's and `workbench run whatif`'s parameters), checked all at once:
every problem is listed in one message, and nothing is simulated until the whole text is right."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from workbench.catalogue import Label, text
from workbench.exceptions import InputError
from workbench.programmes.whatif.simulation import Settings

YES, NO = ("yes", "oui", "1", "true", "نعم"), ("no", "non", "0", "false", "لا")


def _pairs(spec: str, parameter: str, problems: list) -> list[tuple[list[str], str]]:
    """'A=1,B/c=2' -> [(['A'], '1'), (['B', 'c'], '2')]."""
    found = []
    for part in (p.strip() for p in spec.replace(";", ",").split(",")):
        if not part:
            continue
        key, sep, value = part.partition("=")
        if not sep or not key.strip() or not value.strip():
            problems.append(text("whatif.problem.not_a_pair", parameter=parameter, part=part))
            continue
        found.append(([k.strip() for k in key.split("/")], value.strip()))
    return found


def _number(value: str, parameter: str, part: str, problems: list, *, whole: bool, least: float = 0) -> float | None:
    try:
        number = int(value) if whole else float(value)
    except ValueError:
        problems.append(text("whatif.problem.not_a_number", parameter=parameter, part=part))
        return None
    if number < least:
        problems.append(text("whatif.problem.too_small", parameter=parameter, part=part, least=least))
        return None
    return number


def _set_or_add(frame: pd.DataFrame, key: dict[str, str], column: str, value: int) -> pd.DataFrame:
    """`frame` with `column` set to `value` on the row of `key` (its key columns' values), added when missing."""
    row = pd.Series(True, index=frame.index)
    for name, wanted in key.items():
        row &= frame[name] == wanted
    if row.any():
        frame = frame.copy()
        frame.loc[row, column] = value
        return frame
    return pd.concat([frame, pd.DataFrame([{**key, column: value}])], ignore_index=True)


def apply(current: Settings, *, tayssir_amounts: str = "", absence_limits: str = "", household_cap: int | str = 0,
          count_justified: str = "", kit_quantities: str = "", unit_costs: str = "", grant_places: str = "",
          grant_amounts: str = "") -> Settings:
    """The current settings with the changes written in the parameters (empty or 0: unchanged)."""
    problems: list = []
    paid = current.tayssir
    amounts, limits = dict(paid.amounts), dict(paid.limits)
    for parameter, spec, target in (("tayssir_amounts", tayssir_amounts, amounts),
                                    ("absence_limits", absence_limits, limits)):
        for keys, value in _pairs(spec, parameter, problems):
            level = keys[0].upper()
            if len(keys) != 1 or level not in target:
                problems.append(text("whatif.problem.unknown_level", parameter=parameter, level="/".join(keys),
                                     known=", ".join(target)))
                continue
            number = _number(value, parameter, f"{'/'.join(keys)}={value}", problems, whole=True)
            if number is not None:
                target[level] = int(number)
    # `workbench run whatif --household-cap 2` passes the text as typed; the notebook's parameter is a number.
    cap = _number(str(household_cap or 0), "household_cap", f"household_cap={household_cap}", problems, whole=True)
    justified = paid.count_justified
    if count_justified.strip():
        answer = count_justified.strip().lower()
        if answer not in YES + NO:
            problems.append(text("whatif.problem.yes_or_no", parameter="count_justified", part=count_justified))
        justified = answer in YES

    composition = current.kits.composition
    for keys, value in _pairs(kit_quantities, "kit_quantities", problems):
        if len(keys) != 3:
            problems.append(text("whatif.problem.kit_key", part="/".join(keys)))
            continue
        number = _number(value, "kit_quantities", f"{'/'.join(keys)}={value}", problems, whole=True)
        if number is None:
            continue
        composition = _set_or_add(composition, {"level_code": keys[0].upper(), "milieu": keys[1].lower(),
                                                "item_code": keys[2].upper()}, "quantity", int(number))
    costs = dict(current.kits.unit_costs)
    for keys, value in _pairs(unit_costs, "unit_costs", problems):
        item = keys[0].upper()
        if len(keys) != 1 or item not in costs:
            problems.append(text("whatif.problem.unknown_item", part="/".join(keys), known=", ".join(costs)))
            continue
        number = _number(value, "unit_costs", f"{item}={value}", problems, whole=False)
        if number is not None:
            costs[item] = float(number)

    places = current.grants.places
    for keys, value in _pairs(grant_places, "grant_places", problems):
        if len(keys) != 2:
            problems.append(text("whatif.problem.places_key", part="/".join(keys)))
            continue
        number = _number(value, "grant_places", f"{'/'.join(keys)}={value}", problems, whole=True)
        if number is None:
            continue
        places = _set_or_add(places, {"province_code": keys[0], "grant_type": keys[1].lower()}, "places",
                             int(number))
    grant_amounts_ = dict(current.grants.amounts)
    for keys, value in _pairs(grant_amounts, "grant_amounts", problems):
        kind = keys[0].lower()
        if len(keys) != 1 or kind not in grant_amounts_:
            problems.append(text("whatif.problem.unknown_grant_type", part="/".join(keys),
                                 known=", ".join(grant_amounts_)))
            continue
        number = _number(value, "grant_amounts", f"{kind}={value}", problems, whole=False)
        if number is not None:
            grant_amounts_[kind] = float(number)
    if problems:
        every = [text("whatif.problem.heading"), *problems]
        raise InputError(Label("\n".join(p.fr for p in every), "\n".join(p.ar for p in every)))
    return Settings(
        tayssir=replace(paid, amounts=amounts, limits=limits, household_cap=int(cap or 0) or paid.household_cap,
                        count_justified=justified),
        kits=replace(current.kits, composition=composition, unit_costs=costs),
        grants=replace(current.grants, places=places, amounts=grant_amounts_))
