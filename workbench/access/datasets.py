"""The datasets a school validates, by year: their names and labels."""

from __future__ import annotations

import re

from workbench.exceptions import InputError

DATASETS = {
    "pupils": ("Élèves", "التلاميذ"),
    "schoolbags": ("Données « Un million de cartables »", "معطيات مليون محفظة"),
    "tayssir": ("Inscriptions Tayssir", "تسجيلات تيسير"),
    "grants": ("Demandes de bourses", "طلبات المنح"),
}
_ABSENCES = re.compile(r"^absences-(\d{4})-(0[1-9]|1[0-2])$")


def absences_dataset(month: str) -> str:
    """The dataset of a month's absences, e.g. absences-2025-10."""
    return f"absences-{month}"


def check_dataset(dataset: str) -> str:
    dataset = dataset.strip().lower()
    if dataset in DATASETS or _ABSENCES.match(dataset):
        return dataset
    raise InputError(f"Unknown dataset '{dataset}': {', '.join(DATASETS)} or absences-YYYY-MM (e.g. absences-2025-10).")


def dataset_label(dataset: str) -> tuple[str, str]:
    match = _ABSENCES.match(dataset)
    if match:
        return f"Absences {match.group(2)}/{match.group(1)}", f"الغياب {match.group(2)}/{match.group(1)}"
    return DATASETS.get(dataset, (dataset, dataset))
