"""Drop synthetic rows that look like noise, and top up so the requested count still holds.

The SMOTE paper's own advice for overlapping classes is to "consider doing anomaly detection
... to remove those noises". This sampler wraps any over-sampler of the SMOTE family: after it
plans its synthetic rows, each row is judged against the *original* data, and rejected rows
are replaced by fresh ones drawn from the same random stream.
"""

from __future__ import annotations

import warnings
from typing import Any, ClassVar

import numpy as np
import scipy.sparse as sp
from sklearn.base import clone

import smotekit.samplers.params as params
from smotekit.door import Features, Target
from smotekit.door.checks import FLOAT32_LIMIT, SQUARES_LIMIT, check_magnitude
from smotekit.errors import InvalidParameterError, SmotekitWarning
from smotekit.neighbors import kneighbors_query
from smotekit.samplers.base import BaseOverSampler, BaseSampler
from smotekit.samplers.combine import run_inner
from smotekit.samplers.outcome import Outcome, empty_recipe
from smotekit.samplers.smote import SMOTE
from smotekit.synthesis import Recipe, render_dense, render_sparse

DETECTORS = ("neighbors", "isolation_forest", "lof")


class SyntheticNoiseFilter(BaseOverSampler):
    """Over-sample, then drop synthetic rows that an outlier test flags; optionally top up.

    Parameters
    ----------
    sampler : over-sampler, default=None
        Any smotekit sampler that synthesises rows (default ``SMOTE()``). Its
        ``sampling_strategy`` sets the counts.
    detector : {'neighbors', 'isolation_forest', 'lof'} or estimator, default='neighbors'
        ``'neighbors'``: drop a synthetic row when most of its ``n_neighbors`` nearest
        original rows belong to another class (it landed inside another class).
        ``'isolation_forest'`` / ``'lof'``: fit the detector on the original rows of the class
        and drop the synthetic rows it predicts as outliers (-1). An estimator with ``fit`` and
        ``predict`` (novelty detection, -1 = outlier) is used the same way.
    n_neighbors : int, default=5
        Neighbours for ``'neighbors'`` (and for LOF).
    top_up : bool, default=True
        Replace dropped rows with new ones (judged the same way) until the requested count is
        met or ``max_rounds`` is reached; if it is still short, a warning gives the numbers.
    max_rounds : int, default=10
    random_state : int, Generator, RandomState or None, default=None

    Attributes
    ----------
    sampling_strategy_ : dict
        Rows requested per class.
    n_dropped_ : dict
        Synthetic rows rejected per class, over all rounds.
    n_delivered_ : dict
        Synthetic rows kept per class.
    provenance_ : Recipe

    Examples
    --------
    >>> from collections import Counter
    >>> from smotekit import SyntheticNoiseFilter
    >>> from smotekit.datasets import load_pima
    >>> X, y = load_pima(return_X_y=True)
    >>> sampler = SyntheticNoiseFilter(random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> sorted(Counter(y_res).items()), sampler.n_dropped_[1] > 0
    ([(0, 500), (1, 500)], True)
    """

    why_all_rows = "its filter looks at the synthetic rows among all rows"

    _parameters: ClassVar[dict[str, params.Rule]] = {
        "detector": params.Rule(
            lambda v: (
                (isinstance(v, str) and v in DETECTORS)
                or (not isinstance(v, str) and hasattr(v, "fit") and hasattr(v, "predict"))
            ),
            f"one of {list(DETECTORS)} or an estimator with fit and predict (-1 for outliers)",
        ),
        "n_neighbors": params.integer(1),
        "max_rounds": params.integer(1),
        "sampler": params.sampler("smotekit.BorderlineSMOTE()"),
        "top_up": params.boolean(),
    }

    def __init__(
        self,
        sampler: Any = None,
        *,
        detector: Any = "neighbors",
        n_neighbors: int = 5,
        top_up: bool = True,
        max_rounds: int = 10,
        random_state: Any = None,
    ) -> None:
        self.sampler = sampler
        self.detector = detector
        self.n_neighbors = n_neighbors
        self.top_up = top_up
        self.max_rounds = max_rounds
        self.random_state = random_state

    def _inner(self) -> BaseSampler:
        return SMOTE() if self.sampler is None else clone(self.sampler)

    def _validate_params(self) -> None:
        self._inner().check_params()

    def plan_counts(self, target: Target) -> dict[Any, int]:
        return self._inner().plan_counts(target)

    def decide(self, features: Features, target: Target, rng: np.random.Generator) -> Outcome:
        inner = self._inner()
        wanted = dict(self.sampling_strategy_)
        accepted: list[Recipe] = []
        short = {c: n for c, n in wanted.items() if n > 0}
        self.n_dropped_ = dict.fromkeys(wanted, 0)
        rounds = 0
        outcome = None
        while short and rounds < (self.max_rounds if self.top_up else 1):
            # ask for a little more than is missing, as some will be rejected again
            ask = short if rounds == 0 else {c: int(np.ceil(n * 1.5)) + 1 for c, n in short.items()}
            outcome = run_inner(inner, target, features, rng, counts=ask)
            if outcome.recipe is None:
                raise InvalidParameterError(
                    f"{type(inner).__name__} repeats rows instead of synthesising them; "
                    "SyntheticNoiseFilter needs a sampler of the SMOTE family."
                )
            recipe = outcome.recipe
            ok = self._judge(features, target, recipe, rng)
            for cls in list(short):
                in_class = np.flatnonzero(recipe.labels == cls)
                good = in_class[ok[in_class]]
                self.n_dropped_[cls] += int(in_class.size - good.size)
                take = good[: short[cls]]
                if take.size:
                    accepted.append(recipe.subset(take))
                short[cls] -= int(take.size)
                if short[cls] == 0:
                    del short[cls]
            rounds += 1
        if short:
            missing = short.items()
            warnings.warn(
                f"SyntheticNoiseFilter delivered fewer synthetic rows than requested for "
                f"{len(short)} class(es): "
                + ", ".join(f"class {c!r}: {wanted[c] - n} of {wanted[c]}" for c, n in missing)
                + f", after {rounds} round(s); the detector rejected "
                f"{sum(self.n_dropped_.values())} rows. Too many synthetic rows land among other "
                "classes: the classes overlap; consider cleaning or class weights instead.",
                SmotekitWarning,
                stacklevel=3,
            )
        self.n_delivered_ = {c: wanted[c] - short.get(c, 0) for c in wanted}
        if not accepted:
            box = getattr(inner, "gap", None) == "box"
            self.provenance_ = empty_recipe(
                features.n_features, target.labels, features.n_rows, box=box
            )
            return Outcome()
        merged = Recipe.concat(accepted, features.n_features)
        order = np.argsort(np.searchsorted(np.asarray(list(wanted)), merged.labels), kind="stable")
        merged = merged.subset(order)
        merged.first_row = features.n_rows
        self.provenance_ = merged
        assert outcome is not None and outcome.rebind is not None
        return outcome.rebind(merged)

    def _judge(
        self, features: Features, target: Target, recipe: Recipe, rng: np.random.Generator
    ) -> np.ndarray:
        """True for the synthetic rows of ``recipe`` that pass the detector."""
        X = features.numeric
        if sp.issparse(X):
            rows = render_sparse(X, recipe)
        else:
            rows = np.empty((len(recipe), X.shape[1]), dtype=X.dtype)
            render_dense(rows, X, recipe)
        labels = target.labels
        if self.detector == "neighbors":
            nearest = kneighbors_query(X, self.n_neighbors, points=rows)
            same = (labels[nearest] == recipe.labels[:, None]).sum(axis=1)
            return same * 2 >= nearest.shape[1]
        ok = np.ones(len(recipe), dtype=bool)
        for cls in np.unique(recipe.labels):
            in_class = np.flatnonzero(recipe.labels == cls)
            detector = self._detector(int(target.counts[cls]), int(rng.integers(2**31 - 1)))
            # IsolationForest's trees work in float32; LOF squares differences
            who = f"the {type(detector).__name__} detector"
            if self.detector == "isolation_forest":  # float32 trees: magnitude matters
                check_magnitude(X[labels == cls], FLOAT32_LIMIT, who)
                check_magnitude(rows[in_class], FLOAT32_LIMIT, who)
            else:  # distances between the rows it is fitted on and asked about
                seen = _stack(X[labels == cls], rows[in_class])
                check_magnitude(seen, SQUARES_LIMIT, who, spread=True)
            detector.fit(X[labels == cls])
            ok[in_class] = np.asarray(detector.predict(rows[in_class])) != -1
        return ok

    def _detector(self, n_class: int, seed: int) -> Any:
        if self.detector == "isolation_forest":
            from sklearn.ensemble import IsolationForest

            return IsolationForest(random_state=seed)
        if self.detector == "lof":
            from sklearn.neighbors import LocalOutlierFactor

            return LocalOutlierFactor(n_neighbors=min(20, n_class - 1), novelty=True)
        return clone(self.detector)


def _stack(a: Any, b: Any) -> Any:
    """Rows of ``a`` then rows of ``b`` (dense or sparse alike)."""
    import scipy.sparse as sp

    return sp.vstack([a, b]) if sp.issparse(a) else np.vstack([a, b])
