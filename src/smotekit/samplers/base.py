"""The one path every sampler takes: validate, plan, resample, restore.

A sampler subclass states only its own idea in ``decide``: given the checked data and a
random generator, which original rows to keep, which to repeat, and how to write the
synthetic rows. Everything else (containers, validation, ``sampling_strategy``, the random
generator, fitted attributes) happens here, once.
"""

from __future__ import annotations

import numbers
from typing import Any, ClassVar

import numpy as np
from sklearn.base import BaseEstimator

import smotekit.samplers.params as params
from smotekit.door import Features, Target, ingest_features, ingest_target
from smotekit.door.indicator import check_indicator_name, with_indicator
from smotekit.door.labels import new_labels
from smotekit.door.runners import runner_for
from smotekit.door.weights import ingest_weights
from smotekit.errors import InvalidInputError, InvalidParameterError
from smotekit.plan.strategy import resolve_sampling_strategy
from smotekit.samplers.outcome import Outcome, output_labels, resampled_weights
from smotekit.samplers.params import Rule, check_declared
from smotekit.samplers.tags import SamplerEstimatorTags, SamplerInputTags, SamplerTags


def check_random_state_type(random_state: Any) -> None:
    """Validate ``random_state`` without consuming any randomness (for ``fit``)."""
    ok = (numbers.Integral, np.random.SeedSequence, np.random.Generator, np.random.RandomState)
    if random_state is not None and (
        isinstance(random_state, bool)
        or not isinstance(random_state, ok)
        or (isinstance(random_state, numbers.Integral) and random_state < 0)
    ):
        raise InvalidParameterError(
            f"random_state={random_state!r} must be a non-negative int, a numpy Generator or "
            "RandomState, or None."
        )


def draw_seed(rng: np.random.Generator) -> int:
    """An int seed for a scikit-learn object, drawn from the call's generator."""
    return int(rng.integers(0, 2**31 - 1))


def seed_random_states(estimator: Any, rng: np.random.Generator) -> Any:
    """Give every ``random_state`` parameter of ``estimator`` (nested ones too) its own seed
    from ``rng``, in sorted parameter order, so a sampler's result depends on its own
    ``random_state`` only. (The ensembles' twin in ``ensemble/_common.py`` draws from a
    RandomState, as imbalanced-learn's ensembles do.)"""
    names = sorted(
        name
        for name in estimator.get_params(deep=True)
        if name == "random_state" or name.endswith("__random_state")
    )
    if names:
        estimator.set_params(**{name: draw_seed(rng) for name in names})
    return estimator


def make_rng(random_state: Any) -> np.random.Generator:
    """The call's single random generator, made from ``random_state`` (sklearn semantics)."""
    seedlike = numbers.Integral | np.random.SeedSequence
    if random_state is None or isinstance(random_state, seedlike):
        if isinstance(random_state, numbers.Integral) and random_state < 0:
            raise InvalidParameterError(
                f"random_state={random_state} must be a non-negative int, a numpy Generator "
                "or RandomState, or None."
            )
        return np.random.default_rng(random_state)
    if isinstance(random_state, np.random.Generator):
        return random_state
    if isinstance(random_state, np.random.RandomState):
        # a RandomState passed in advances, as scikit-learn does with shared states
        return np.random.default_rng(random_state.randint(0, 2**31 - 1, size=4))
    raise InvalidParameterError(
        f"random_state={random_state!r} must be an int, a numpy Generator or RandomState, or None."
    )


def check_choice(name: str, value: Any, choices: tuple[str, ...]) -> None:
    """Raise a clear error unless ``value`` is one of ``choices``."""
    if not isinstance(value, str) or value not in choices:
        raise InvalidParameterError(
            f"{name}={value!r} is not valid; choose one of {list(choices)}."
        )


class BaseSampler(BaseEstimator):
    """Base class of all smotekit samplers (imbalanced-learn compatible).

    Subclasses implement ``decide(features, target, rng) -> Outcome`` and may override
    ``_validate_params`` and ``reads_numbers``.
    """

    _direction: ClassVar[str] = "over-sampling"
    _sets_sample_indices: ClassVar[bool] = False
    _accepts_any_values: ClassVar[bool] = False
    #: What the plan reads, for the out-of-core paths (``smotekit.scale``): ``"counts"`` (the
    #: class sizes only), ``"targeted rows"`` (the rows of the classes it resamples), or
    #: ``"all rows"`` (neighbours among every class, a model of all the data): those are
    #: refused by streaming and Dask, which never hold all rows.
    rows_needed: ClassVar[str] = "all rows"
    #: Why, when ``rows_needed`` is ``"all rows"`` (the out-of-core runners' refusal says it).
    why_all_rows: ClassVar[str] = "its plan reads rows of every class"
    #: ``fit_resample`` may leave the finite check of a float ndarray to the copy of its rows
    #: into the output; the sampler then checks the rows it computes with
    #: (``Features.ensure_finite``). Only samplers that read nothing but those rows opt in.
    _defers_finite_check: ClassVar[bool] = False

    # ---- public API -------------------------------------------------------------------
    def fit(self, X: Any, y: Any) -> BaseSampler:
        """Check the inputs and compute ``sampling_strategy_``; use ``fit_resample`` to resample.

        Returns
        -------
        self : object
        """
        runner = runner_for(X, y)
        if runner is not None:
            return runner.fit(self, X, y)
        self._prepare(X, y)
        return self

    def fit_resample(
        self, X: Any, y: Any, *, sample_weight: Any = None, **params: Any
    ) -> tuple[Any, ...]:
        """Resample ``X`` and ``y``; both come back in the containers they came in.

        Parameters
        ----------
        X : {array-like, DataFrame, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the rows, resampled with them and returned third: a kept or repeated
            row keeps its weight; a synthetic row at gap ``g`` between base row ``b`` and
            neighbour ``n`` weighs ``w[b] + g * (w[n] - w[b])`` (``g`` clipped to [0, 1]).
            :class:`smotekit.pipeline.Pipeline` passes a later step's ``sample_weight``
            through its samplers this way.

        Returns
        -------
        X_resampled, y_resampled[, sample_weight_resampled]
            Original rows first (unchanged, except where a sampler documents moving them, as
            CCR's cleaning does), then the new rows; the weights only when ``sample_weight``
            was given.
        """
        self._check_fit_params(params)
        runner = runner_for(X, y)
        if runner is not None:
            if sample_weight is not None:
                raise InvalidParameterError(
                    "sample_weight is not supported with Dask collections yet; resample in "
                    "memory, or give the weights as a column of X."
                )
            # Dask collections stay lazy: counts first, then the rows the plan needs
            return runner.fit_resample(self, X, y)
        features, target = self._prepare(X, y, defer_finite=self._defers_finite_check)
        check_indicator_name(getattr(self, "indicator", None), features.feature_names_in)
        weights = None if sample_weight is None else ingest_weights(sample_weight, features.n_rows)
        rng = make_rng(self.random_state)
        outcome = self.decide(features, target, rng)
        X_out, y_out = self._restore(features, target, outcome)
        if weights is None:
            return X_out, y_out
        return X_out, y_out, resampled_weights(weights, outcome, features.n_rows)

    def _check_fit_params(self, params: dict[str, Any]) -> None:
        """Refuse fit parameters this sampler does not read (a misspelt name is not lost)."""
        if params:
            raise InvalidParameterError(
                f"fit_resample got unexpected keyword arguments {sorted(params)}; smotekit "
                "samplers take X, y and sample_weight."
            )

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Names of the output columns: samplers keep the input columns as they are."""
        n = getattr(self, "n_features_in_", None)
        if n is None:
            from sklearn.exceptions import NotFittedError

            raise NotFittedError(f"{type(self).__name__} is not fitted yet; call fit_resample.")
        names_in = getattr(self, "feature_names_in_", None)
        indicator = getattr(self, "indicator", None)
        if input_features is None:
            names = names_in if names_in is not None else [f"x{i}" for i in range(n)]
            return np.asarray([*names, *([indicator] if indicator else [])], dtype=object)
        input_features = np.asarray(input_features, dtype=object)
        if names_in is not None and not np.array_equal(input_features, names_in):
            raise ValueError(
                "input_features is not equal to feature_names_in_: the sampler was fitted "
                f"with columns {list(names_in)}."
            )
        if input_features.shape[0] != n:
            raise ValueError(
                f"input_features should have length equal to number of features ({n}), got "
                f"{input_features.shape[0]}."
            )
        if indicator:
            return np.asarray([*input_features, indicator], dtype=object)
        return input_features

    def __sklearn_tags__(self) -> SamplerEstimatorTags:
        base = super().__sklearn_tags__()
        numeric_only = not self._accepts_any_values
        input_tags = SamplerInputTags(
            sparse=True,
            string=not numeric_only,
            allow_nan=not numeric_only,
            dataframe=True,
        )
        return SamplerEstimatorTags(
            estimator_type="sampler",
            target_tags=base.target_tags.__class__(required=True),
            input_tags=input_tags,
            non_deterministic=False,
            sampler_tags=SamplerTags(sample_indices=self._sets_sample_indices),
        )

    # ---- the path ---------------------------------------------------------------------
    def reads_numbers(self) -> bool:
        return not self._accepts_any_values

    def check_params(self) -> None:
        """Check every parameter; raise a clear error naming the bad one.

        Part of the sampler protocol: ``fit``, ``fit_resample`` and the out-of-core runners
        call it before reading any data (never ``__init__``, as scikit-learn requires).
        Subclasses declare their own checks in ``_validate_params``.
        """
        check_declared(self)
        self._validate_params()

    #: Rules for single parameters, name -> rule (:mod:`smotekit.samplers.params`); the rules
    #: of the base classes apply too, to the parameters the constructor takes.
    _parameters: ClassVar[dict[str, Rule]] = {
        "random_state": params.Checked(lambda name, value: check_random_state_type(value)),
        "sampling_strategy": params.sampling_strategy(),
        "n_jobs": params.n_jobs(),
        "indicator": params.Rule(
            lambda v: v is None or (isinstance(v, str) and v != ""),
            "None or the name of the column that marks the added rows (a non-empty string)",
        ),
    }

    def _validate_params(self) -> None:
        """Checks that involve several parameters (the declared rules have run)."""

    def plan_counts(self, target: Target) -> dict[Any, int]:
        return resolve_sampling_strategy(
            self.sampling_strategy, target.labels, self._direction, target.counts
        )

    def read_features(self, X: Any) -> Features:
        """Check ``X`` and wrap it; samplers with nominal columns read them differently."""
        numeric = self.reads_numbers()
        return ingest_features(
            X, numeric=numeric, allow_nan=not numeric, sampler_name=type(self).__name__
        )

    def _prepare(self, X: Any, y: Any, *, defer_finite: bool = False) -> tuple[Features, Target]:
        self.check_params()
        if defer_finite:
            features = ingest_features(
                X,
                numeric=True,
                allow_nan=False,
                sampler_name=type(self).__name__,
                defer_finite=True,
            )
        else:
            features = self.read_features(X)
        _check_aligned(X, y)
        target = ingest_target(y, features.n_rows)
        self.fit_from(features, target)
        return features, target

    def fit_from(self, features: Features, target: Target) -> None:
        """Set the fitted attributes from checked data (all rows, or a class subset).

        The out-of-core paths call this with the rows of the targeted classes and a
        ``target`` carrying the whole data's counts, so the plan is the in-memory one.
        """
        self.n_features_in_ = features.n_features
        if features.feature_names_in is not None:
            self.feature_names_in_ = features.feature_names_in
        elif hasattr(self, "feature_names_in_"):
            del self.feature_names_in_
        self.sampling_strategy_ = self.plan_counts(target)

    def decide(self, features: Features, target: Target, rng: np.random.Generator) -> Outcome:
        raise NotImplementedError

    def _restore(self, features: Features, target: Target, outcome: Outcome) -> tuple[Any, Any]:
        X_out, index = features.assemble(
            outcome.keep,
            outcome.copies,
            outcome.n_synthetic,
            outcome.fill,
            outcome.build_sparse,
            integers_as_float=outcome.integers_as_float,
            parents=outcome.recipe if outcome.recipe is not None else outcome.synthetic_range,
            moved=outcome.moved,
        )
        labels_out = output_labels(target.labels, outcome)
        if index is None and target.kind in ("pandas", "pandas-frame"):
            index = self._target_index(target, outcome)
        indicator = getattr(self, "indicator", None)
        if indicator is not None:
            # kept originals first; then the added rows: repeated originals and synthetic rows
            n_kept = outcome.n_original(features.n_rows) - outcome.copies.shape[0]
            X_out = with_indicator(X_out, indicator, np.arange(labels_out.shape[0]) >= n_kept)
        return X_out, target.wrap(labels_out, index)

    @staticmethod
    def _target_index(target: Target, outcome: Outcome) -> Any:
        """Index of a pandas ``y`` when ``X`` was not a DataFrame."""
        series_index = target.original.index
        kept = series_index if outcome.keep is None else series_index[outcome.keep]
        n_new = outcome.copies.shape[0] + outcome.n_synthetic
        if n_new == 0:
            return kept
        import pandas as pd

        return kept.append(pd.Index(new_labels(series_index, n_new)))


class BaseOverSampler(BaseSampler):
    """Base class of over-samplers: ``sampling_strategy_`` maps classes to rows to add."""

    _direction = "over-sampling"


class BaseUnderSampler(BaseSampler):
    """Base class of under-samplers: ``sampling_strategy_`` maps classes to rows to keep."""

    _direction = "under-sampling"


def _check_aligned(X: Any, y: Any) -> None:
    """Refuse a pandas ``X`` and ``y`` whose row labels differ: rows would pair by position
    with the wrong class (a filtered or re-sorted frame beside an untouched target)."""
    index_x = getattr(X, "index", None)
    index_y = getattr(y, "index", None)
    if not all(type(i).__module__.split(".")[0] == "pandas" for i in (index_x, index_y)):
        return  # not two pandas objects (a list's .index is a method; Dask's is lazy)
    if len(index_x) == len(index_y) and not index_x.equals(index_y):
        raise InvalidInputError(
            "X and y have different row labels (index): rows would be paired by position, "
            "possibly with the wrong class. Align them first (y = y.loc[X.index]), or pass "
            "y.to_numpy() if the order is right."
        )
