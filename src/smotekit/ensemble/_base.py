"""The ensembles' base classes.

:class:`BalancedEnsemble` does what every ensemble does the same way: check the parameters
and the input, encode the labels, keep the members of a warm start, declare the input tags.
:class:`AveragingEnsemble` adds what the ensembles that average their members' probabilities
share: predictions, the out-of-bag estimate.

:class:`PipelineBagging` is the engine of the balanced bagging ensembles. Each member is a
:class:`smotekit.pipeline.Pipeline` ``[("sampler", ...), ("classifier", ...)]`` fitted on a
bag drawn from the training data (rows, and optionally columns): the sampler balances the
bag, then the classifier is fitted on the balanced rows. Predictions average the members'
class probabilities (or count their votes). As in scikit-learn's ``BaggingClassifier``,
members are fitted on class positions ``0 .. n_classes - 1``.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from joblib import effective_n_jobs
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.metrics import accuracy_score
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.parallel import Parallel, delayed
from sklearn.utils.validation import check_is_fitted, validate_data

from smotekit.door.weights import ingest_weights
from smotekit.ensemble._common import (
    accepts,
    check_parameters,
    check_two_classes,
    draw_indices,
    draw_seeds,
    fitted_pipelines,
    member_proba,
    resolve_amount,
    seed_random_states,
)
from smotekit.errors import InvalidInputError, InvalidParameterError
from smotekit.pipeline import Pipeline


@dataclass(frozen=True)
class BagRecipe:
    """How one member's bag was drawn; drawing it again gives the same rows and columns."""

    seed: int
    n_rows: int
    n_columns: int
    rows_drawn: int
    columns_drawn: int
    bootstrap: bool
    bootstrap_features: bool

    def draw(self, rng: np.random.RandomState) -> tuple[np.ndarray, np.ndarray]:
        """``(columns, rows)`` of the bag, drawn from ``rng`` (seeded with ``seed``)."""
        if self.bootstrap_features or self.columns_drawn != self.n_columns:
            columns = draw_indices(rng, self.n_columns, self.columns_drawn, self.bootstrap_features)
        else:
            columns = np.arange(self.n_columns)
        if self.bootstrap or self.rows_drawn != self.n_rows:
            rows = np.sort(draw_indices(rng, self.n_rows, self.rows_drawn, self.bootstrap))
        else:
            rows = np.arange(self.n_rows)
        return columns, rows


def _fit_member(template: Any, X: Any, y: np.ndarray, recipe: BagRecipe) -> tuple[Any, np.ndarray]:
    rng = np.random.RandomState(recipe.seed)
    columns, rows = recipe.draw(rng)
    member = clone(template)
    seed_random_states(member, rng)
    every_row = not recipe.bootstrap and recipe.rows_drawn == recipe.n_rows
    member.fit(_columns(X if every_row else X[rows], columns), y if every_row else y[rows])
    return member, columns


def _checked_weights(sample_weight: Any, X: Any) -> np.ndarray:
    """``sample_weight`` as finite weights >= 0, one per row of ``X``, not all zero."""
    weights = ingest_weights(sample_weight, X.shape[0])
    if not np.any(weights > 0):
        raise InvalidInputError(
            "sample_weight is zero for every row, so no row would count in the fit; at "
            "least one weight must be > 0."
        )
    return weights


def _columns(X: Any, columns: np.ndarray) -> Any:
    if columns.size == X.shape[1] and np.all(columns == np.arange(X.shape[1])):
        return X
    return X[:, columns]


def chunks(n_items: int, n_jobs: Any) -> list[slice]:
    """``n_items`` split into as many contiguous slices as there are jobs."""
    n_chunks = max(1, min(effective_n_jobs(n_jobs), n_items))
    bounds = np.linspace(0, n_items, n_chunks + 1).astype(int)
    return [slice(a, b) for a, b in itertools.pairwise(bounds.tolist())]


def _members_have(method: str) -> Any:
    """``available_if`` condition: the (fitted or configured) members offer ``method``."""

    def check(self: PipelineBagging) -> bool:
        members = getattr(self, "estimators_", None)
        if members:
            return hasattr(members[0], method)
        return hasattr(self.configured_estimator(), method)

    return check


class BalancedEnsemble(ClassifierMixin, BaseEstimator):
    """Base class of the balanced ensembles: parameters, input, labels, warm start, tags.

    Subclasses give their parameter rules (:meth:`parameter_rules`, plus
    :meth:`check_parameter_combinations` for rules across parameters), how ``fit`` and
    prediction read ``X`` (``fit_input``, ``predict_input``), how the members are fitted
    (:meth:`fit_members`) and what input the members accept (:meth:`accepted_input`).
    """

    #: ``validate_data`` settings of ``fit`` and of prediction.
    fit_input: ClassVar[dict[str, Any]] = {
        "accept_sparse": ["csr", "csc"],
        "dtype": None,
        "ensure_all_finite": False,
    }
    predict_input: ClassVar[dict[str, Any]] = fit_input
    #: What a warm start adds, and to what, in messages.
    warm_start_adds: ClassVar[str] = "members to the ensemble already fitted"
    #: What a warm start fits, in the warning when it fits none.
    new_members: ClassVar[str] = "estimators"
    #: Attributes holding one entry per member (emptied when fitting starts over).
    member_lists: ClassVar[tuple[str, ...]] = ("estimators_",)

    def parameter_rules(self) -> dict[str, Any]:
        raise NotImplementedError

    # the members, as scikit-learn's ensembles expose them: len(clf), clf[i], iter(clf)
    def __len__(self) -> int:
        """Number of fitted members."""
        return len(getattr(self, "estimators_", []))

    def __getitem__(self, index: Any) -> Any:
        """The fitted member at ``index``."""
        return self.estimators_[index]

    def __iter__(self) -> Any:
        """The fitted members, in order."""
        return iter(getattr(self, "estimators_", []))

    def check_parameter_combinations(self) -> None:
        """Rules no single parameter's rule can say (nothing by default)."""

    def accepted_input(self) -> tuple[bool, bool]:
        """``(sparse, allow_nan)``: what input the ensemble accepts."""
        raise NotImplementedError

    def fit_members(
        self,
        X: Any,
        y: np.ndarray,
        y_positions: np.ndarray,
        warm: bool,
        sample_weight: np.ndarray | None,
    ) -> None:
        """Fit the members on the checked data: ``y`` holds the labels, ``y_positions`` their
        class positions; ``warm`` says whether the members of a previous fit are kept;
        ``sample_weight`` is the checked weight of each training row (None: unweighted, and
        always None for the ensembles whose ``fit`` takes no weights)."""
        raise NotImplementedError

    # ---- fitting --------------------------------------------------------------------------
    def fit(self, X: Any, y: Any) -> BalancedEnsemble:
        """Fit the ensemble: each member on its own balanced sample of the training data.

        Parameters
        ----------
        X : {array-like, sparse matrix, DataFrame} of shape (n_samples, n_features)
            Training data. Sparse matrices are accepted when the members accept them.
        y : array-like of shape (n_samples,)
            Class labels.

        Returns
        -------
        self : object
            The fitted ensemble.
        """
        return self._fit_weighted(X, y, None)

    def _fit_weighted(self, X: Any, y: Any, sample_weight: Any) -> BalancedEnsemble:
        """:meth:`fit`, with a ``sample_weight`` per training row (None: unweighted) for the
        ensembles whose ``fit`` takes one."""
        check_parameters(self, self.parameter_rules())
        self.check_parameter_combinations()
        warm = bool(getattr(self, "warm_start", False)) and hasattr(self, "estimators_")
        previous_columns = getattr(self, "n_features_in_", None)
        X, y = validate_data(self, X, y, **self.fit_input)
        check_classification_targets(y)
        classes, y_positions = np.unique(y, return_inverse=True)
        check_two_classes(classes)
        weights = None if sample_weight is None else _checked_weights(sample_weight, X)
        if warm and (previous_columns != X.shape[1] or not np.array_equal(classes, self.classes_)):
            raise InvalidInputError(
                f"warm_start=True adds {self.warm_start_adds}, so X must have the same "
                f"{previous_columns} columns and y the same classes "
                f"{self.classes_.tolist()}; fit with warm_start=False to start over."
            )
        self.classes_ = classes
        self.n_classes_ = int(classes.size)
        self.fit_members(X, y, y_positions, warm, weights)
        return self

    def _members_to_add(self, warm: bool) -> int:
        """How many members this fit adds; starts the member lists over unless ``warm``, and
        drops a previous out-of-bag estimate."""
        if not warm:
            for name in self.member_lists:
                setattr(self, name, [])
        for stale in ("oob_score_", "oob_decision_function_"):
            if hasattr(self, stale):
                delattr(self, stale)
        n_more = self.n_estimators - len(self.estimators_)
        if n_more < 0:
            raise InvalidParameterError(
                f"n_estimators={self.n_estimators} must be >= len(estimators_)="
                f"{len(self.estimators_)} when warm_start=True: it must be larger or equal to "
                f"the number of {self.new_members} already fitted, since a warm start only adds "
                f"{self.warm_start_adds}. Fit with warm_start=False to start over."
            )
        if n_more == 0:
            warnings.warn(
                "Warm-start fitting without increasing n_estimators does not fit new "
                f"{self.new_members}.",
                UserWarning,
                stacklevel=4,
            )
        return n_more

    # ---- prediction -----------------------------------------------------------------------
    def _checked(self, X: Any) -> Any:
        check_is_fitted(self)
        return validate_data(self, X, reset=False, **self.predict_input)

    def predict_log_proba(self, X: Any) -> np.ndarray:
        """Logarithm of :meth:`predict_proba` (``-inf`` where a probability is 0).

        Parameters
        ----------
        X : {array-like, sparse matrix, DataFrame} of shape (n_samples, n_features)

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
        """
        with np.errstate(divide="ignore"):
            return np.log(self.predict_proba(X))

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse, tags.input_tags.allow_nan = self.accepted_input()
        return tags


class SampledMembers:
    """Mixin of the ensembles that keep each member's fitted sampler in ``samplers_``."""

    @property
    def pipelines_(self) -> list[Pipeline]:
        """``make_pipeline(sampler, member)`` for each member, fitted (built on access)."""
        check_is_fitted(self)
        return fitted_pipelines(self.samplers_, self.estimators_)


class AveragingEnsemble(BalancedEnsemble):
    """Base class of the ensembles that predict the mean of their members' probabilities.

    Members are fitted on class positions ``0 .. n_classes_ - 1``; :meth:`member_input`
    says which part of ``X`` a member reads (all of it by default).
    """

    def member_input(self, index: int, X: Any) -> Any:
        """The columns of ``X`` member ``index`` was fitted on."""
        return X

    def _sum_proba(self, part: slice, X: Any) -> np.ndarray:
        total = np.zeros((X.shape[0], self.n_classes_))
        for index in range(len(self.estimators_))[part]:
            member = self.estimators_[index]
            total += member_proba(member, self.member_input(index, X), self.n_classes_)
        return total

    def _mean_over_members(self, part_sum: Callable[[slice, Any], Any], X: Any) -> Any:
        """The mean of ``part_sum(part, X)`` over the members, parts summed in parallel."""
        parts = Parallel(n_jobs=self.n_jobs, verbose=self.verbose, prefer="threads")(
            delayed(part_sum)(part, X) for part in chunks(len(self.estimators_), self.n_jobs)
        )
        return sum(parts) / len(self.estimators_)

    def _out_of_bag_votes(
        self, X: Any, rows_used: Iterable[np.ndarray], too_few: str
    ) -> tuple[np.ndarray, np.ndarray]:
        """Sum of each member's probabilities on the training rows it never saw (not in
        its ``rows_used``), and how many members voted on each row; warns, saying
        ``too_few``, when some row got no vote."""
        n_rows = X.shape[0]
        votes = np.zeros((n_rows, self.n_classes_))
        n_votes = np.zeros(n_rows, dtype=np.int64)
        for index, used in enumerate(rows_used):
            out = np.ones(n_rows, dtype=bool)
            out[used] = False
            rows = np.flatnonzero(out)
            if rows.size == 0:
                continue
            member_X = self.member_input(index, X[rows])
            votes[rows] += member_proba(self.estimators_[index], member_X, self.n_classes_)
            n_votes[rows] += 1
        if np.any(n_votes == 0):
            warnings.warn(
                f"Some inputs do not have OOB scores. This probably means {too_few}.",
                UserWarning,
                stacklevel=5,
            )
        return votes, n_votes

    def predict_proba(self, X: Any) -> np.ndarray:
        """Class probabilities: the mean of the members' probabilities.

        Members without ``predict_proba`` vote; the probability of a class is then the share
        of members predicting it.

        Parameters
        ----------
        X : {array-like, sparse matrix, DataFrame} of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Columns in the order of ``classes_``.
        """
        return self._mean_over_members(self._sum_proba, self._checked(X))

    def predict(self, X: Any) -> np.ndarray:
        """The class with the highest mean probability.

        Parameters
        ----------
        X : {array-like, sparse matrix, DataFrame} of shape (n_samples, n_features)

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
        """
        proba = self.predict_proba(X)  # checks the fit first
        return self.classes_.take(np.argmax(proba, axis=1), axis=0)


class PipelineBagging(AveragingEnsemble):
    """Base class of the bagging ensembles whose members are ``sampler -> classifier``.

    Subclasses say how a member balances its bag (:meth:`member_sampler`), how the bags are drawn
    (:meth:`bag_settings`) and which parameter rules apply (:meth:`parameter_rules`).
    """

    member_lists = ("estimators_", "estimators_features_", "_bag_recipes")

    # ---- what subclasses define ---------------------------------------------------------
    def bag_settings(self) -> dict[str, Any]:
        """``max_samples``, ``max_features``, ``bootstrap``, ``bootstrap_features``,
        ``oob_score``."""
        raise NotImplementedError

    def configured_estimator(self) -> Any:
        """The classifier each member ends with (unfitted; the default when None)."""
        raise NotImplementedError

    def configured_sampler(self) -> Any:
        """The sampler each member starts with (unfitted; the default when None)."""
        raise NotImplementedError

    def member_sampler(self, classes: np.ndarray, y: np.ndarray) -> Any:
        """The unfitted sampler of the members, set to balance labels that are class
        positions (``y`` holds the original labels)."""
        raise NotImplementedError

    def member_template(self, classes: np.ndarray, y: np.ndarray) -> Pipeline:
        """The unfitted member pipeline; sets ``sampler_`` and ``estimator_``."""
        self.sampler_ = self.member_sampler(classes, y)
        self.estimator_ = Pipeline(
            [("sampler", self.sampler_), ("classifier", clone(self.configured_estimator()))]
        )
        return self.estimator_

    # ---- fitting --------------------------------------------------------------------------
    def check_parameter_combinations(self) -> None:
        settings = self.bag_settings()
        if settings["oob_score"] and not settings["bootstrap"]:
            raise InvalidParameterError(
                "oob_score=True needs bootstrap=True (as in scikit-learn's and "
                "imbalanced-learn's bagging): the out-of-bag rows are those a bootstrap left out."
            )
        if settings["oob_score"] and self.warm_start:
            raise InvalidParameterError(
                "oob_score=True cannot be combined with warm_start=True (the out-of-bag "
                "estimate would mix bags drawn from different fits)."
            )

    def fit_members(
        self,
        X: Any,
        y: np.ndarray,
        y_positions: np.ndarray,
        warm: bool,
        sample_weight: None,
    ) -> None:
        """Draw the bags, balance each with the sampler, fit the members (the bagging
        ensembles' ``fit`` takes no ``sample_weight``: it is None)."""
        settings = self.bag_settings()
        template = self.member_template(self.classes_, y)
        n_more = self._members_to_add(warm)
        if n_more == 0:
            return

        n_rows, n_columns = X.shape
        rows_drawn = resolve_amount(
            settings["max_samples"], n_rows, "max_samples", replace=settings["bootstrap"]
        )
        self._max_samples = rows_drawn  # rows per bag, where scikit-learn's bagging keeps it
        columns_drawn = resolve_amount(
            settings["max_features"],
            n_columns,
            "max_features",
            replace=settings["bootstrap_features"],
        )
        seeds = draw_seeds(self.random_state, len(self.estimators_), n_more)
        recipes = [
            BagRecipe(
                int(seed),
                n_rows,
                n_columns,
                rows_drawn,
                columns_drawn,
                bool(settings["bootstrap"]),
                bool(settings["bootstrap_features"]),
            )
            for seed in seeds
        ]
        fitted = Parallel(n_jobs=self.n_jobs, verbose=self.verbose)(
            delayed(_fit_member)(template, X, y_positions, recipe) for recipe in recipes
        )
        self.estimators_ += [member for member, _ in fitted]
        self.estimators_features_ += [columns for _, columns in fitted]
        self._bag_recipes += recipes
        if settings["oob_score"]:
            self._set_out_of_bag(X, y_positions)

    def _set_out_of_bag(self, X: Any, y_positions: np.ndarray) -> None:
        votes, _ = self._out_of_bag_votes(
            X,
            self.estimators_samples_,
            "too few estimators were used to compute any reliable oob estimates",
        )
        totals = votes.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            self.oob_decision_function_ = votes / totals[:, np.newaxis]
        self.oob_score_ = float(accuracy_score(y_positions, np.argmax(votes, axis=1)))

    @property
    def estimators_samples_(self) -> list[np.ndarray]:
        """Rows (positions in the training data) drawn into each member's bag, before the
        sampler balanced it; recomputed from the bags' seeds on each access."""
        check_is_fitted(self)
        return [recipe.draw(np.random.RandomState(recipe.seed))[1] for recipe in self._bag_recipes]

    # ---- prediction -----------------------------------------------------------------------
    def member_input(self, index: int, X: Any) -> Any:
        return _columns(X, self.estimators_features_[index])

    def _sum_decisions(self, part: slice, X: Any) -> Any:
        return sum(
            self.estimators_[index].decision_function(self.member_input(index, X))
            for index in range(len(self.estimators_))[part]
        )

    @available_if(_members_have("decision_function"))
    def decision_function(self, X: Any) -> np.ndarray:
        """Mean of the members' decision functions (when the classifier has one).

        Parameters
        ----------
        X : {array-like, sparse matrix, DataFrame} of shape (n_samples, n_features)

        Returns
        -------
        score : ndarray of shape (n_samples,) or (n_samples, n_classes)
            One column for binary problems (towards ``classes_[1]``), else one per class.
        """
        return self._mean_over_members(self._sum_decisions, self._checked(X))

    def accepted_input(self) -> tuple[bool, bool]:
        return accepts([self.configured_sampler(), self.configured_estimator()])
