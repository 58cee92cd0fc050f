"""Which sampler each ``--sampler`` name means, and how command-line options map to parameters.

A new sampler needs one line in ``SAMPLERS``; options are passed to it only when the user gave
them, and an option the sampler does not take is an error naming the ones it does.
"""

from __future__ import annotations

import importlib
from typing import Any

#: ``--sampler`` name -> public class name in ``smotekit``.
SAMPLERS: dict[str, str] = {
    "smote": "SMOTE",
    "smote-nc": "SMOTENC",
    "smote-n": "SMOTEN",
    "borderline": "BorderlineSMOTE",
    "adasyn": "ADASYN",
    "svm-smote": "SVMSMOTE",
    "kmeans-smote": "KMeansSMOTE",
    "random-over": "RandomOverSampler",
    "random-under": "RandomUnderSampler",
    "smote-under": "SMOTEUnder",
    "smote-tomek": "SMOTETomek",
    "smote-enn": "SMOTEENN",
    "smote-ipf": "SMOTEIPF",
    "tomek": "TomekLinks",
    "enn": "EditedNearestNeighbours",
    "renn": "RepeatedEditedNearestNeighbours",
    "all-knn": "AllKNN",
    "ncr": "NeighbourhoodCleaningRule",
    "cnn": "CondensedNearestNeighbour",
    "oss": "OneSidedSelection",
    "near-miss": "NearMiss",
    "cluster-centroids": "ClusterCentroids",
    "iht": "InstanceHardnessThreshold",
    "noise-filter": "SyntheticNoiseFilter",
    "ipf": "IterativePartitioningFilter",
    "safe-level": "SafeLevelSMOTE",
    "prowsyn": "ProWSyn",
    "smobd": "SMOBD",
    "lee": "LeeSMOTE",
    "assembled-smote": "AssembledSMOTE",
    "geometric-smote": "GeometricSMOTE",
    "polynom-fit-smote": "PolynomFitSMOTE",
    "lvq-smote": "LVQSMOTE",
    "ccr": "CCR",
}

#: command-line option -> constructor parameter names to try, in order.
OPTION_PARAMS: dict[str, tuple[str, ...]] = {
    "strategy": ("sampling_strategy",),
    "seed": ("random_state",),
    "k": ("k_neighbors", "n_neighbors"),
    "percentage": ("percentage",),
    "under_percentage": ("under_percentage",),
    "allocation": ("allocation",),
    "gap": ("gap",),
    "integer_columns": ("integer_columns",),
    "jobs": ("n_jobs",),
    "categorical": ("categorical_features",),
    "detector": ("detector",),
    "kind": ("kind",),
    "metric": ("metric",),
}


def available() -> list[str]:
    """The ``--sampler`` names whose class this installation has."""
    import smotekit

    return [name for name, cls in SAMPLERS.items() if hasattr(smotekit, cls)]


def build(name: str, given: dict[str, Any], extra: dict[str, Any] | None = None) -> Any:
    """Instantiate sampler ``name`` with the options the user gave (``extra``: constructor
    parameters by name, from ``--set name=value``).

    Raises
    ------
    ValueError
        An option that this sampler does not take (the message lists those it does).
    """
    cls = getattr(importlib.import_module("smotekit"), SAMPLERS[name])
    accepted = set(cls().get_params(deep=False))
    params: dict[str, Any] = {}
    unknown = []
    for option, value in given.items():
        target = next((p for p in OPTION_PARAMS[option] if p in accepted), None)
        if target is None:
            unknown.append("--" + option.replace("_", "-"))
        else:
            params[target] = value
    for param, value in (extra or {}).items():
        if param not in accepted:
            raise ValueError(
                f"--set {param}=... : --sampler {name} has no parameter {param!r}; its "
                f"parameters are {', '.join(sorted(accepted))}."
            )
        if param in params:
            raise ValueError(f"--set {param}=... repeats an option given on its own; give it once.")
        params[param] = value
    if unknown:
        usable = sorted(
            "--" + o.replace("_", "-")
            for o, names in OPTION_PARAMS.items()
            if any(p in accepted for p in names)
        )
        raise ValueError(
            f"{', '.join(unknown)} do(es) not apply to --sampler {name}; it takes "
            f"{', '.join(usable)}."
        )
    return cls(**params)
