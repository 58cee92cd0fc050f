"""The measured numbers, one small record per subject: a class, a sampler's synthetic rows."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from smotekit.diagnosis.typology import TYPES


def plain(value: Any) -> Any:
    """A numpy scalar as the Python value it stands for (dict keys, JSON)."""
    return value.item() if isinstance(value, np.generic) else value


def number(value: float | None) -> float | None:
    """A float for JSON: ``None`` for NaN or infinity (JSON has neither)."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def shares(counts: dict[str, int]) -> dict[str, float]:
    """Type counts as shares of their total (0 when there is nothing to share)."""
    total = sum(counts.values())
    return {t: (counts[t] / total if total else 0.0) for t in TYPES}


@dataclass
class ClassDiagnosis:
    """What the diagnosis measured for one class.

    Attributes
    ----------
    label : object
        The class label.
    size : int
        Rows of the class.
    is_minority : bool
        Whether the class is smaller than the largest class.
    imbalance_ratio : float
        Size of the largest class divided by this class's size (1 for the largest).
    typology : dict
        Rows that are ``safe``, ``borderline``, ``rare`` and ``outlier`` (Napierala &
        Stefanowski 2016) by their ``k`` nearest neighbours among all rows.
    nn_error : float
        Share of the class's rows whose nearest other row has another class (its part of N3).
    duplicates_within, duplicates_cross : int
        Rows with an exact copy in the class; rows whose features also occur with another label.
    k : int
        Neighbourhood size (of the typology, and SMOTE's ``k_neighbors`` it is checked against).
    """

    label: Any
    size: int
    is_minority: bool
    imbalance_ratio: float
    typology: dict[str, int]
    nn_error: float
    duplicates_within: int
    duplicates_cross: int
    k: int

    @property
    def k_available(self) -> bool:
        """Whether every row has ``k`` same-class neighbours (SMOTE needs ``size > k``)."""
        return self.size > self.k

    @property
    def typology_share(self) -> dict[str, float]:
        return shares(self.typology)

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": plain(self.label),
            "size": self.size,
            "is_minority": self.is_minority,
            "imbalance_ratio": number(self.imbalance_ratio),
            "k_available": self.k_available,
            "typology": dict(self.typology),
            "typology_share": self.typology_share,
            "nn_error": number(self.nn_error),
            "duplicates_within": self.duplicates_within,
            "duplicates_cross": self.duplicates_cross,
        }


@dataclass
class SyntheticClass:
    """Where one sampler put the new rows of one class.

    Attributes
    ----------
    label : object
    n_synthetic : int
        New rows of this class.
    other_class_share : float
        Share of them whose ``k`` nearest *original* rows are mostly (more than half) of
        another class.
    original_other_class_share : float
        The same share for the class's original rows (neighbours other than themselves): the
        reference to read ``other_class_share`` against.
    typology : dict
        The new rows typed like original rows (safe ... outlier) by their original neighbours.
    median_distance_ratio : float
        Median over new rows of (distance to the nearest original row of the class) divided by
        the class's typical spacing (median distance of an original row to its nearest distinct
        same-class row).
    beyond_p95_share : float
        Share of new rows farther from the class's nearest original row than 95% of the
        class's own rows are from their nearest neighbour (about 5% for rows drawn afresh from
        the class's distribution).
    copies_share : float
        Share of new rows that coincide with an original row of the class (distance 0).
    typical_distance, p95_distance : float
        The class's median and 95th-percentile nearest-neighbour spacing.
    """

    label: Any
    n_synthetic: int
    other_class_share: float
    original_other_class_share: float
    typology: dict[str, int]
    median_distance_ratio: float
    beyond_p95_share: float
    copies_share: float
    typical_distance: float
    p95_distance: float

    @property
    def typology_share(self) -> dict[str, float]:
        return shares(self.typology)

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": plain(self.label),
            "n_synthetic": self.n_synthetic,
            "other_class_share": number(self.other_class_share),
            "original_other_class_share": number(self.original_other_class_share),
            "typology": dict(self.typology),
            "typology_share": self.typology_share,
            "median_distance_ratio": number(self.median_distance_ratio),
            "beyond_p95_share": number(self.beyond_p95_share),
            "copies_share": number(self.copies_share),
            "typical_distance": number(self.typical_distance),
            "p95_distance": number(self.p95_distance),
        }


@dataclass
class SyntheticDiagnosis:
    """Where a sampler put its new rows, per class.

    Attributes
    ----------
    sampler : str
        Name shown in reports.
    n_synthetic : int
        New rows in all.
    classes : list of SyntheticClass
    found_by : str
        How the new rows were told from the originals: ``"provenance"`` (the sampler's
        ``provenance_``), ``"appended"`` (the output starts with the input rows, the new rows
        follow) or ``"unmatched"`` (output rows beyond the count of equal input rows).
    error : str or None
        Why the sampler could not be run on this data (then nothing else is measured).
    k : int
    """

    sampler: str
    n_synthetic: int = 0
    classes: list[SyntheticClass] = field(default_factory=list)
    found_by: str = ""
    error: str | None = None
    k: int = 5

    @property
    def other_class_share(self) -> float:
        """Over all new rows: share whose original neighbours are mostly of another class."""
        total = sum(c.n_synthetic for c in self.classes)
        if not total:
            return float("nan")
        return sum(c.other_class_share * c.n_synthetic for c in self.classes) / total

    @property
    def summary(self) -> str:
        """One sentence per class, built from the numbers."""
        if self.error:
            return f"{self.sampler}: could not run on this data: {self.error}"
        if not self.n_synthetic:
            return f"{self.sampler}: made no new rows (it only keeps or drops rows)."
        parts = []
        for c in self.classes:
            if not c.n_synthetic:
                continue
            text = (
                f"{c.other_class_share:.0%} of its {c.n_synthetic} new class-{c.label!s} rows "
                f"have mostly other-class rows among their {self.k} nearest originals (class-"
                f"{c.label!s} originals: {c.original_other_class_share:.0%})"
            )
            if c.copies_share >= 0.5:
                text += f"; {c.copies_share:.0%} are copies of original rows"
            elif math.isfinite(c.beyond_p95_share):
                text += (
                    f"; {c.beyond_p95_share:.0%} lie farther from the class than its own "
                    "95th-percentile spacing"
                )
            parts.append(text)
        return f"{self.sampler}: " + "; ".join(parts) + "."

    def to_dict(self) -> dict[str, Any]:
        return {
            "sampler": self.sampler,
            "error": self.error,
            "n_synthetic": self.n_synthetic,
            "found_by": self.found_by or None,
            "other_class_share": number(self.other_class_share),
            "classes": [c.to_dict() for c in self.classes],
            "summary": self.summary,
        }
