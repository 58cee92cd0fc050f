"""A pipeline that resamples only while fitting: samplers touch training data, never test data.

Resampling before a train/test split lets synthetic copies of test rows into the training set
and makes every score optimistic. Inside this pipeline a sampler's ``fit_resample`` runs in
``fit`` (so, under cross-validation, on the training folds only) and is skipped by
``predict``, ``predict_proba``, ``decision_function``, ``transform`` and ``score``, which see
the rows they are given, all of them, unchanged.

Any object with ``fit_resample`` is a sampler: smotekit's and imbalanced-learn's alike.
"""

from __future__ import annotations

import inspect
import warnings
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
from sklearn import get_config
from sklearn.base import BaseEstimator, clone, is_classifier
from sklearn.exceptions import DataConversionWarning, NotFittedError
from sklearn.utils import Bunch, get_tags
from sklearn.utils.metadata_routing import MetadataRouter, MethodMapping, process_routing
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted

__all__ = ["Pipeline", "is_sampler", "make_pipeline"]

_SKIP = ("passthrough", None)


def is_sampler(step: Any) -> bool:
    """True for objects that resample (have ``fit_resample``): smotekit or imbalanced-learn.

    Examples
    --------
    >>> from sklearn.preprocessing import StandardScaler
    >>> from smotekit import SMOTE
    >>> is_sampler(SMOTE()), is_sampler(StandardScaler())
    (True, False)
    """
    return hasattr(step, "fit_resample") and not isinstance(step, type)


def _final_has(method: str) -> Any:
    """``available_if`` condition: the final step offers ``method``."""

    def check(self: Pipeline) -> bool:
        final = self._final_estimator
        return final not in _SKIP and hasattr(final, method)

    return check


class Pipeline(BaseEstimator):
    """Chain samplers, transformers and a final estimator; samplers act only in ``fit``.

    ``fit`` runs clones of the steps in order: a sampler's ``fit_resample(X, y)`` replaces
    both ``X`` and ``y`` for the steps after it, a transformer's ``fit_transform`` replaces
    ``X``, and the last step is fitted on the result. Every other method (``predict``,
    ``predict_proba``, ``decision_function``, ``score``, ``transform`` ...) passes ``X``
    through the fitted transformers only, skipping the samplers, so predictions and scores
    are made on the data as given. Works with ``cross_validate``, ``GridSearchCV``
    (``step__param`` names), ``clone`` and nested pipelines.

    Parameters
    ----------
    steps : list of (str, estimator) tuples
        The steps in order. Intermediate steps are samplers (with ``fit_resample``),
        transformers (with ``fit``/``transform``) or ``'passthrough'``/``None``; the last
        step is any estimator, or ``'passthrough'``/``None``.

    Attributes
    ----------
    steps_ : list of (str, estimator) tuples
        The fitted steps. ``fit`` fits clones and leaves ``steps`` (a parameter) untouched,
        as scikit-learn's estimator contract asks (unlike ``sklearn.pipeline.Pipeline``,
        which fits its steps in place).
    named_steps : Bunch
        The steps by name: the fitted ones once the pipeline is fitted, else ``steps``.
    classes_ : ndarray
        The final classifier's classes.
    final_class_counts_ : dict
        Rows per class the final step was fitted on, after all samplers (classifiers only).
        :class:`smotekit.evaluation.PriorShiftCorrection` reads it to undo the prior shift.
    n_features_in_ : int
        Features seen by the first step.
    feature_names_in_ : ndarray of str
        Column names seen by the first step (when it was given a data frame).

    Notes
    -----
    Fit parameters are routed by name, ``step__param`` (for example ``clf__sample_weight``).
    A ``sample_weight`` given to a step after a smotekit sampler is resampled by it (kept
    rows keep their weight, a synthetic row's weight lies between its parents' weights, see
    :meth:`smotekit.samplers.base.BaseSampler.fit_resample`). Other sample-aligned
    parameters (one value per row) given to a step after a sampler are re-indexed when the
    sampler reports ``sample_indices_`` (as under-samplers do) and refused otherwise,
    because synthetic rows have no value of their own.

    Examples
    --------
    >>> from sklearn.model_selection import cross_val_score
    >>> from sklearn.tree import DecisionTreeClassifier
    >>> from smotekit import SMOTE
    >>> from smotekit.datasets import load_pima
    >>> from smotekit.pipeline import Pipeline
    >>> X, y = load_pima(return_X_y=True)
    >>> pipe = Pipeline([("smote", SMOTE(random_state=0)),
    ...                  ("tree", DecisionTreeClassifier(max_depth=3, random_state=0))])
    >>> scores = cross_val_score(pipe, X, y, cv=3, scoring="recall")
    >>> scores.shape
    (3,)
    >>> len(pipe.fit(X, y).predict(X)) == len(X)   # no rows added at prediction
    True
    """

    def __init__(self, steps: list[tuple[str, Any]]) -> None:
        self.steps = steps

    # ---- parameters (the estimator contract) ---------------------------------------------
    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """Parameters of the pipeline; with ``deep``, every step and its ``step__param``.

        Returns
        -------
        dict
        """
        out: dict[str, Any] = {"steps": self.steps}
        if not deep:
            return out
        try:
            named = list(self.steps)
            for name, step in named:
                out[name] = step
                if hasattr(step, "get_params") and not isinstance(step, type):
                    for key, value in step.get_params(deep=True).items():
                        out[f"{name}__{key}"] = value
        except (TypeError, ValueError):
            # steps is not a list of pairs yet; fit will say so, get_params must not raise
            pass
        return out

    def set_params(self, **params: Any) -> Pipeline:
        """Set ``steps``, replace a step by name, or set ``step__param``.

        Returns
        -------
        self : Pipeline
        """
        if "steps" in params:
            self.steps = params.pop("steps")
        names = [name for name, _ in self.steps] if params else []
        replaced = {key: params.pop(key) for key in list(params) if key in names}
        if replaced:
            # a new list: the caller's list (or a clone's source) is never mutated
            self.steps = [(name, replaced.get(name, step)) for name, step in self.steps]
        if params:
            super().set_params(**params)
        return self

    # ---- structure -----------------------------------------------------------------------
    def _current(self) -> list[tuple[str, Any]]:
        """The fitted steps when fitted, else the steps as given."""
        return getattr(self, "steps_", None) or list(self.steps)

    def _fitted(self) -> list[tuple[str, Any]]:
        steps = getattr(self, "steps_", None)
        if steps is None:
            raise NotFittedError(
                "This Pipeline is not fitted yet; call fit before predicting or transforming."
            )
        return steps

    @property
    def named_steps(self) -> Bunch:
        """The steps by name: fitted ones after ``fit``, else those given."""
        return Bunch(**dict(self._current()))

    @property
    def _final_estimator(self) -> Any:
        return self.steps[-1][1] if self.steps else None

    def __len__(self) -> int:
        return len(self.steps)

    def __getitem__(self, ind: int | str | slice) -> Any:
        """A step by position or name, or a sub-pipeline for a slice (fitted if this is)."""
        steps = self._current()
        if isinstance(ind, slice):
            if ind.step not in (1, None):
                raise ValueError("Pipeline slicing only supports a step of 1.")
            sub = type(self)(steps[ind])
            if hasattr(self, "steps_"):
                sub.steps_ = list(steps[ind])
            return sub
        if isinstance(ind, str):
            return self.named_steps[ind]
        return steps[ind][1]

    def _validate_steps(self) -> None:
        if not isinstance(self.steps, list | tuple) or not self.steps:
            raise TypeError(
                f"steps must be a non-empty list of (name, estimator) tuples, got {self.steps!r}."
            )
        for item in self.steps:
            if not isinstance(item, tuple | list) or len(item) != 2:
                raise TypeError(f"Each step must be a (name, estimator) pair, got {item!r}.")
        names = [name for name, _ in self.steps]
        if len(set(names)) != len(names):
            dupes = sorted({n for n in names if names.count(n) > 1})
            raise ValueError(f"Step names must be unique; repeated: {dupes}.")
        for name in names:
            if not isinstance(name, str) or "__" in name:
                raise ValueError(f"Step name {name!r} must be a string without '__'.")
            if name in self.get_params(deep=False):
                raise ValueError(f"Step name {name!r} conflicts with the constructor argument.")
        for name, step in self.steps[:-1]:
            if step in _SKIP or is_sampler(step):
                continue
            if not (hasattr(step, "fit") or hasattr(step, "fit_transform")) or not hasattr(
                step, "transform"
            ):
                raise TypeError(
                    f"Step {name!r} ({step!r}) is neither a sampler (fit_resample) nor a "
                    "transformer (fit and transform); only the last step may be a plain "
                    "estimator."
                )
        final = self._final_estimator
        if final not in _SKIP and not hasattr(final, "fit"):
            raise TypeError(f"The last step {final!r} must have fit, or be 'passthrough'.")

    def _route(self, params: dict[str, Any], method: str = "fit") -> dict[str, dict[str, Any]]:
        """Split fit parameters by step: ``step__param``, or scikit-learn's metadata routing.

        With ``sklearn.set_config(enable_metadata_routing=True)``, parameters go where the
        steps requested them (``clf.set_fit_request(sample_weight=True)``); samplers request
        nothing: a later step's ``sample_weight`` reaches them by the resampling rule.
        """
        routed: dict[str, dict[str, Any]] = {name: {} for name, _ in self.steps}
        if params and get_config().get("enable_metadata_routing", False):
            found = process_routing(self, method, **params)
            last = self.steps[-1][0]
            for name, _ in self.steps:
                if name in found:
                    callee = method if name == last else "fit"
                    routed[name] = dict(found[name].get(callee, {}))
            return routed
        for key, value in params.items():
            name, sep, param = key.partition("__")
            if not sep or name not in routed:
                raise ValueError(
                    f"Fit parameter {key!r} must be named step__param with a step of this "
                    f"pipeline ({list(routed)}), e.g. '{self.steps[-1][0]}__sample_weight', "
                    "or routed by scikit-learn's metadata routing "
                    "(sklearn.set_config(enable_metadata_routing=True))."
                )
            routed[name][param] = value
        return routed

    def get_metadata_routing(self) -> MetadataRouter:
        """Where fit parameters go under scikit-learn's metadata routing.

        Every step but the samplers consumes its own requests (``fit`` for the steps before
        the last; ``fit``, ``fit_predict``, ``fit_transform`` or ``fit_resample`` for the
        last); samplers consume none, as a ``sample_weight`` is resampled through them.

        Returns
        -------
        MetadataRouter
        """
        router = MetadataRouter(owner=type(self).__name__)
        for position, (name, step) in enumerate(self.steps):
            if step in _SKIP or (is_sampler(step) and position < len(self.steps) - 1):
                continue
            mapping = MethodMapping().add(caller="fit", callee="fit")
            if position == len(self.steps) - 1:
                for method in ("fit_predict", "fit_transform"):
                    if hasattr(step, method):
                        mapping.add(caller=method, callee=method)
            router.add(method_mapping=mapping, **{name: step})
        return router

    # ---- fitting: the only place samplers act --------------------------------------------
    def _fit_steps(self, X: Any, y: Any, routed: dict[str, dict[str, Any]]) -> tuple[Any, Any]:
        """Clone and fit all steps but the last; return the data the last step is to see.

        ``self.steps_`` holds the clones (the last one still unfitted).
        """
        self.steps_ = [
            (name, step if step in _SKIP else clone(step, safe=False)) for name, step in self.steps
        ]
        Xt, yt = X, y
        n_rows = _n_rows(X)
        for position, (name, step) in enumerate(self.steps_[:-1]):
            if step in _SKIP:
                continue
            if is_sampler(step):
                later = [n for n, _ in self.steps[position + 1 :]]
                params = _with_later_weights(routed, later, step, n_rows, name)
                Xt, yt, *weights = step.fit_resample(Xt, yt, **params)
                n_after = _n_rows(Xt)
                if weights:
                    _replace_weights(routed, later, n_rows, weights[0])
                if n_after != n_rows:
                    _reindex_aligned(routed, later, step, n_rows, name)
                n_rows = n_after
            elif hasattr(step, "fit_transform"):
                Xt = step.fit_transform(Xt, yt, **routed[name])
            else:
                Xt = step.fit(Xt, yt, **routed[name]).transform(Xt)
        return Xt, yt

    def _record_counts(self, yt: Any) -> None:
        final = self.steps_[-1][1]
        if yt is not None and final not in _SKIP and is_classifier(final):
            self.final_class_counts_ = dict(Counter(np.asarray(yt).ravel().tolist()))

    def fit(self, X: Any, y: Any = None, **params: Any) -> Pipeline:
        """Fit the steps in order; samplers resample the data the later steps see.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
        y : array-like of shape (n_samples,), default=None
        **params : dict
            ``step__param`` fit parameters.

        Returns
        -------
        self : Pipeline
        """
        self._validate_steps()
        routed = self._route(params)
        Xt, yt = self._fit_steps(X, _one_label_per_row(y, self.steps), routed)
        final = self.steps_[-1][1]
        if final not in _SKIP:
            final.fit(Xt, yt, **routed[self.steps[-1][0]])
        self._record_counts(yt)
        return self

    @available_if(_final_has("fit_predict"))
    def fit_predict(self, X: Any, y: Any = None, **params: Any) -> Any:
        """Fit the steps, then ``fit_predict`` with the last one (on the resampled data).

        Returns
        -------
        ndarray
        """
        self._validate_steps()
        routed = self._route(params, "fit_predict")
        Xt, yt = self._fit_steps(X, _one_label_per_row(y, self.steps), routed)
        result = self.steps_[-1][1].fit_predict(Xt, yt, **routed[self.steps[-1][0]])
        self._record_counts(yt)
        return result

    @available_if(_final_has("transform"))
    def fit_transform(self, X: Any, y: Any = None, **params: Any) -> Any:
        """Fit the steps and transform the (resampled) training data with the last one.

        Returns
        -------
        array-like
        """
        self._validate_steps()
        routed = self._route(params, "fit_transform")
        Xt, yt = self._fit_steps(X, _one_label_per_row(y, self.steps), routed)
        final, last = self.steps_[-1][1], routed[self.steps[-1][0]]
        if hasattr(final, "fit_transform"):
            return final.fit_transform(Xt, yt, **last)
        return final.fit(Xt, yt, **last).transform(Xt)

    @available_if(_final_has("fit_resample"))
    def fit_resample(self, X: Any, y: Any, **params: Any) -> tuple[Any, Any]:
        """Resample through every step: a pipeline ending in a sampler is itself a sampler.

        Returns
        -------
        X_resampled, y_resampled
        """
        self._validate_steps()
        routed = self._route(params)
        Xt, yt = self._fit_steps(X, _one_label_per_row(y, self.steps), routed)
        return self.steps_[-1][1].fit_resample(Xt, yt, **routed[self.steps[-1][0]])

    # ---- prediction: samplers are skipped -------------------------------------------------
    def _transform_only(self, X: Any) -> Any:
        """``X`` through the fitted transformers; samplers do nothing outside ``fit``."""
        for _, step in self._fitted()[:-1]:
            if step in _SKIP or is_sampler(step):
                continue
            X = step.transform(X)
        return X

    @property
    def _fitted_final(self) -> Any:
        return self._fitted()[-1][1]

    @available_if(_final_has("predict"))
    def predict(self, X: Any, **params: Any) -> Any:
        """Predict with the last step on ``X`` transformed (never resampled).

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        return self._fitted_final.predict(self._transform_only(X), **params)

    @available_if(_final_has("predict_proba"))
    def predict_proba(self, X: Any, **params: Any) -> Any:
        """Class probabilities of the last step for every row of ``X``.

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
        """
        return self._fitted_final.predict_proba(self._transform_only(X), **params)

    @available_if(_final_has("predict_log_proba"))
    def predict_log_proba(self, X: Any, **params: Any) -> Any:
        """Log class probabilities of the last step.

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
        """
        return self._fitted_final.predict_log_proba(self._transform_only(X), **params)

    @available_if(_final_has("decision_function"))
    def decision_function(self, X: Any) -> Any:
        """Decision function of the last step.

        Returns
        -------
        ndarray
        """
        return self._fitted_final.decision_function(self._transform_only(X))

    @available_if(_final_has("score_samples"))
    def score_samples(self, X: Any) -> Any:
        """``score_samples`` of the last step.

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        return self._fitted_final.score_samples(self._transform_only(X))

    @available_if(_final_has("score"))
    def score(self, X: Any, y: Any = None, sample_weight: Any = None, **params: Any) -> float:
        """The last step's ``score`` on ``X`` and ``y`` as given (no resampling).

        Returns
        -------
        float
        """
        if sample_weight is not None:
            params["sample_weight"] = sample_weight
        return self._fitted_final.score(self._transform_only(X), y, **params)

    @available_if(_final_has("transform"))
    def transform(self, X: Any, **params: Any) -> Any:
        """``X`` through every transformer including the last (samplers skipped).

        Returns
        -------
        array-like
        """
        return self._fitted_final.transform(self._transform_only(X), **params)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Output feature names, passed through every step that names its outputs.

        Returns
        -------
        ndarray of str
        """
        names = input_features
        for _, step in self._fitted():
            if step in _SKIP:
                continue
            if not hasattr(step, "get_feature_names_out"):
                raise AttributeError(f"{step!r} does not provide get_feature_names_out.")
            names = step.get_feature_names_out(names)
        return names

    # ---- fitted attributes taken from the steps -------------------------------------------
    @property
    def classes_(self) -> np.ndarray:
        """The classes of the final classifier."""
        return self._fitted_attribute(self._fitted_final_or_none(), "classes_")

    def _fitted_final_or_none(self) -> Any:
        steps = getattr(self, "steps_", None)
        return steps[-1][1] if steps else None

    @staticmethod
    def _fitted_attribute(step: Any, name: str) -> Any:
        # AttributeError (not NotFittedError) so that hasattr() is False before fit
        if step is None or not hasattr(step, name):
            raise AttributeError(f"{name} is available once the pipeline is fitted.")
        return getattr(step, name)

    @property
    def n_features_in_(self) -> int:
        """Number of features seen by the first step during ``fit``."""
        return self._fitted_attribute(self._first_step(), "n_features_in_")

    @property
    def feature_names_in_(self) -> np.ndarray:
        """Column names seen by the first step during ``fit``."""
        return self._fitted_attribute(self._first_step(), "feature_names_in_")

    def _first_step(self) -> Any:
        for _, step in getattr(self, "steps_", None) or []:
            if step not in _SKIP:
                return step
        return None

    def __sklearn_is_fitted__(self) -> bool:
        steps = getattr(self, "steps_", None)
        if steps is None:
            return False
        last = next((s for _, s in reversed(steps) if s not in _SKIP), None)
        if last is None or is_sampler(last):
            return True
        try:
            check_is_fitted(last)
        except NotFittedError:
            return False
        return True

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        try:
            active = [s for _, s in self.steps if s not in _SKIP]
        except (TypeError, ValueError):
            return tags  # steps malformed: fit will say so
        if not active:
            return tags
        first = get_tags(active[0])
        final = self.steps[-1][1]
        last = get_tags(final) if final not in _SKIP else None
        tags.input_tags.pairwise = first.input_tags.pairwise
        # the pipeline accepts what every step accepts
        tags.input_tags.sparse = all(get_tags(s).input_tags.sparse for s in active)
        tags.input_tags.allow_nan = all(get_tags(s).input_tags.allow_nan for s in active)
        if last is not None:
            tags.estimator_type = last.estimator_type
            tags.target_tags.multi_output = last.target_tags.multi_output
            tags.classifier_tags = last.classifier_tags
            tags.regressor_tags = last.regressor_tags
            tags.transformer_tags = last.transformer_tags
            if last.target_tags.required:
                tags.target_tags.required = True
        if any(is_sampler(s) for s in active):
            # samplers need one class label per row: y is required and single-output
            tags.target_tags.required = True
            tags.target_tags.multi_output = False
            if tags.classifier_tags is not None:
                tags.classifier_tags.multi_label = False
        return tags


def _one_label_per_row(y: Any, steps: Sequence[tuple[str, Any]]) -> Any:
    """A column-vector ``y`` made 1-D (with scikit-learn's warning) when a sampler follows.

    Samplers take one label per row; a classifier given ``y`` of shape ``(n, 1)`` warns and
    ravels it, so the pipeline does the same before the first sampler sees it.
    """
    # only the shape attribute: np.ndim would call __array_function__ of array-likes
    shape = getattr(y, "shape", None)
    if shape is None or len(shape) != 2 or shape[1] != 1:
        return y
    if not any(is_sampler(s) for _, s in steps):
        return y
    warnings.warn(
        "A column-vector y was passed when a 1d array was expected. Please change the shape "
        "of y to (n_samples,), for example using ravel().",
        DataConversionWarning,
        stacklevel=3,
    )
    return y.iloc[:, 0] if hasattr(y, "iloc") else np.asarray(y).ravel()


def _n_rows(X: Any) -> int | None:
    shape = getattr(X, "shape", None)
    if shape is not None and len(shape) >= 1:
        return int(shape[0])
    try:
        return len(X)
    except TypeError:
        return None


def _takes_sample_weight(sampler: Any) -> bool:
    try:
        return "sample_weight" in inspect.signature(sampler.fit_resample).parameters
    except (TypeError, ValueError):
        return False


def _with_later_weights(
    routed: dict[str, dict[str, Any]],
    later: Sequence[str],
    sampler: Any,
    n_rows: int | None,
    sampler_name: str,
) -> dict[str, Any]:
    """The sampler's fit parameters, plus the later steps' ``sample_weight`` to resample.

    A weight per row given to a step after the sampler must follow the resampled rows; a
    sampler that takes ``sample_weight`` resamples it (synthetic rows get weights from their
    parents). All later steps must then share one weight vector.
    """
    params = dict(routed[sampler_name])
    if "sample_weight" in params or n_rows is None or not _takes_sample_weight(sampler):
        return params
    given = [
        routed[n]["sample_weight"]
        for n in later
        if _n_rows(routed[n].get("sample_weight")) == n_rows
        and not isinstance(routed[n]["sample_weight"], str)
    ]
    if not given:
        return params
    first = np.asarray(given[0])
    if any(not np.array_equal(np.asarray(g), first) for g in given[1:]):
        raise ValueError(
            f"Steps after sampler {sampler_name!r} were given different sample_weight "
            "vectors; the sampler resamples one. Give every later step the same weights."
        )
    params["sample_weight"] = given[0]
    return params


def _replace_weights(
    routed: dict[str, dict[str, Any]], later: Sequence[str], n_rows: int | None, weights: Any
) -> None:
    """Later steps' ``sample_weight`` (one per input row) becomes the resampled weights."""
    for name in later:
        value = routed[name].get("sample_weight")
        if value is not None and not isinstance(value, str) and _n_rows(value) == n_rows:
            routed[name]["sample_weight"] = weights


def _reindex_aligned(
    routed: dict[str, dict[str, Any]],
    later: Sequence[str],
    sampler: Any,
    n_before: int | None,
    sampler_name: str,
) -> None:
    """Follow a sampler's row change in the sample-aligned fit parameters of later steps."""
    indices = getattr(sampler, "sample_indices_", None)
    for name in later:
        for param, value in routed[name].items():
            if n_before is None or isinstance(value, str) or _n_rows(value) != n_before:
                continue
            if indices is None:
                raise ValueError(
                    f"Fit parameter {name}__{param} has one value per row, but sampler "
                    f"{sampler_name!r} changed the rows and cannot say where they came from "
                    "(no sample_indices_; synthetic rows have no value of their own). Give "
                    "the parameter to a step before the sampler, or use class weights."
                )
            routed[name][param] = np.asarray(value)[np.asarray(indices)]


def _default_names(steps: Sequence[Any]) -> Iterator[str]:
    names = [type(s).__name__.lower() if s not in _SKIP else "passthrough" for s in steps]
    totals = Counter(names)
    seen: Counter[str] = Counter()
    for n in names:
        if totals[n] > 1:
            seen[n] += 1
            yield f"{n}-{seen[n]}"
        else:
            yield n


def make_pipeline(*steps: Any) -> Pipeline:
    """Build a :class:`Pipeline`, naming each step after its class (lower case).

    Repeated class names get ``-1``, ``-2`` ... suffixes.

    Parameters
    ----------
    *steps : estimators
        Samplers, transformers and a final estimator, in order.

    Returns
    -------
    Pipeline

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.preprocessing import StandardScaler
    >>> from smotekit import SMOTE
    >>> pipe = make_pipeline(StandardScaler(), SMOTE(random_state=0), LogisticRegression())
    >>> [name for name, _ in pipe.steps]
    ['standardscaler', 'smote', 'logisticregression']
    """
    return Pipeline(list(zip(_default_names(steps), steps, strict=True)))
