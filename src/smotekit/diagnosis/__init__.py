"""When not to use SMOTE: a diagnosis of the data, and of the points a sampler made.

``diagnose(X, y)`` measures each minority class (size, imbalance ratio, Napierala &
Stefanowski's safe / borderline / rare / outlier typology, duplicates, whether SMOTE's ``k``
neighbours exist) and the class overlap (Ho & Basu's N1 and N3 against their chance levels),
then builds a verdict with reasons and suggestions from those numbers.
``diagnose_synthetic(X, y, X_res, y_res)`` and ``diagnose_sampler(sampler, X, y)`` say where a
sampler put its new rows: inside their class, or among another class's rows.

Modules: ``space`` (the HVDM distance), ``typology``, ``complexity`` (N1, N3), ``duplicates``,
``target`` (multi-label and continuous targets), ``synthetic``, ``verdict`` (thresholds and
wording), ``report`` (the Diagnosis and its text, JSON and HTML renderings), ``api``.

Examples
--------
>>> from smotekit.datasets import load_pima
>>> from smotekit.diagnosis import diagnose
>>> X, y = load_pima(return_X_y=True)
>>> d = diagnose(X, y)
>>> [c.label for c in d.minority]
[1]
>>> d.verdict.level in ("applicable", "caution", "not_recommended")
True
"""

from smotekit.diagnosis.api import diagnose
from smotekit.diagnosis.complexity import MST_EXACT_MAX_ROWS, Overlap
from smotekit.diagnosis.duplicates import Duplicates
from smotekit.diagnosis.report import SCHEMA, Diagnosis
from smotekit.diagnosis.results import ClassDiagnosis, SyntheticClass, SyntheticDiagnosis
from smotekit.diagnosis.synthetic import diagnose_sampler, diagnose_synthetic
from smotekit.diagnosis.verdict import Finding, Verdict

__all__ = [
    "MST_EXACT_MAX_ROWS",
    "SCHEMA",
    "ClassDiagnosis",
    "Diagnosis",
    "Duplicates",
    "Finding",
    "Overlap",
    "SyntheticClass",
    "SyntheticDiagnosis",
    "Verdict",
    "diagnose",
    "diagnose_sampler",
    "diagnose_synthetic",
]
