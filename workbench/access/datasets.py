"""The datasets a school validates, by year: the core ones, each programme's own, and a month's absences."""

from __future__ import annotations

import re

from workbench.catalogue import headers, text
from workbench.exceptions import InputError

CORE_DATASETS = headers("dataset", "pupils")
_ABSENCES = re.compile(r"^absences-(\d{4})-(0[1-9]|1[0-2])$")


def datasets() -> dict[str, tuple[str, str]]:
    """Name -> (French, Arabic) label of every validated dataset but the monthly absences."""
    from workbench.registry import programmes

    own = {p.dataset_name: text(f"{p.id}.dataset") for p in programmes().values() if p.own_dataset}
    return {**CORE_DATASETS, **own}


def absences_dataset(month: str) -> str:
    """The dataset of a month's absences, e.g. absences-2025-10."""
    return f"absences-{month}"


def check_dataset(dataset: str) -> str:
    dataset = dataset.strip().lower()
    if dataset in datasets() or _ABSENCES.match(dataset):
        return dataset
    raise InputError(text("error.unknown_dataset", dataset=dataset, known=", ".join(datasets())))


def dataset_label(dataset: str) -> tuple[str, str]:
    match = _ABSENCES.match(dataset)
    if match:
        return tuple(text("dataset.absences_month", month=match.group(2), year=match.group(1)))
    return datasets().get(dataset, (dataset, dataset))
