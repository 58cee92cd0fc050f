"""Balanced random forest: every tree grows on its own balanced random under-sample."""

from __future__ import annotations

import warnings
from typing import Any, ClassVar

import numpy as np
from sklearn.metrics import accuracy_score
from sklearn.tree import DecisionTreeClassifier
from sklearn.utils.class_weight import compute_sample_weight
from sklearn.utils.parallel import Parallel, delayed
from sklearn.utils.validation import check_is_fitted

import smotekit.ensemble._common as common
import smotekit.samplers.params as params
from smotekit.ensemble._base import AveragingEnsemble, SampledMembers

_TREE_PARAMETERS = (
    "criterion",
    "max_depth",
    "min_samples_split",
    "min_samples_leaf",
    "min_weight_fraction_leaf",
    "max_features",
    "max_leaf_nodes",
    "min_impurity_decrease",
    "ccp_alpha",
    "monotonic_cst",
)


def _bootstrap_size(max_samples: Any, n_rows: int) -> int:
    """Rows drawn (with replacement) from a tree's under-sample of ``n_rows`` rows."""
    if max_samples is None:
        return n_rows
    if isinstance(max_samples, float):
        return max(1, int(max_samples * n_rows))
    return min(int(max_samples), n_rows)


def _rows_used(sampler: Any, tree: Any, bootstrap: bool, max_samples: Any) -> np.ndarray:
    """Training rows (positions, repeats included) a tree was fitted on."""
    kept = sampler.sample_indices_
    if not bootstrap:
        return kept
    rng = np.random.RandomState(tree.random_state)
    return kept[rng.randint(0, kept.size, _bootstrap_size(max_samples, kept.size))]


def _grow(
    tree: Any,
    sampler: Any,
    X: Any,
    y: np.ndarray,
    y_positions: np.ndarray,
    weights: np.ndarray | None,
    bootstrap: bool,
    max_samples: Any,
    per_tree_balanced: bool,
) -> tuple[Any, Any]:
    """Under-sample with ``sampler``, optionally bootstrap the under-sample, fit ``tree``."""
    X_kept, _ = sampler.fit_resample(X, y)
    kept = sampler.sample_indices_
    y_kept = y_positions[kept]
    weight = None if weights is None else weights[kept]
    if bootstrap:
        rng = np.random.RandomState(tree.random_state)
        picks = rng.randint(0, kept.size, _bootstrap_size(max_samples, kept.size))
        counts = np.bincount(picks, minlength=kept.size).astype(np.float64)
        weight = counts if weight is None else weight * counts
        if per_tree_balanced:
            weight = weight * compute_sample_weight("balanced", y_kept, indices=picks)
    tree.fit(X_kept, y_kept, sample_weight=weight)
    return tree, sampler


class BalancedRandomForestClassifier(SampledMembers, AveragingEnsemble):
    """A random forest in which every tree grows on a balanced random under-sample.

    Balanced random forest (Chen, Liaw & Breiman 2004): for each tree, draw a bootstrap
    sample of the minority class and draw as many rows, with replacement, from every other
    class; grow an unpruned randomised tree (``max_features`` candidate columns per split) on
    that balanced sample. The forest predicts the mean of the trees' class probabilities.
    Each tree's sample is drawn by a :class:`smotekit.RandomUnderSampler` seeded from
    ``random_state``; with the defaults (``sampling_strategy='all'``, ``replacement=True``,
    ``bootstrap=False``) this is exactly the algorithm of the paper.

    Drop-in for ``imblearn.ensemble.BalancedRandomForestClassifier`` (imbalanced-learn
    >= 0.13 defaults); the differences are listed in the Notes.

    Parameters
    ----------
    n_estimators : int, default=100
        Number of trees.
    criterion : {'gini', 'entropy', 'log_loss'}, default='gini'
        Split quality measure of the trees.
    max_depth : int, default=None
        Maximum depth of the trees (``None``: grown until the leaves are pure or smaller
        than ``min_samples_split``).
    min_samples_split : int or float, default=2
        Minimum rows (or fraction of rows) needed to split a node.
    min_samples_leaf : int or float, default=1
        Minimum rows (or fraction of rows) in a leaf.
    min_weight_fraction_leaf : float, default=0.0
        Minimum weighted fraction of the rows in a leaf.
    max_features : {'sqrt', 'log2'}, int, float or None, default='sqrt'
        Columns considered at each split.
    max_leaf_nodes : int, default=None
        Grow trees with at most this many leaves, best first.
    min_impurity_decrease : float, default=0.0
        Split a node only if the impurity decreases by at least this much.
    bootstrap : bool, default=False
        Draw a bootstrap of each tree's balanced under-sample before growing the tree. The
        under-sampler already bootstraps (``replacement=True``), as the paper does.
    oob_score : bool or callable, default=False
        Estimate the generalisation score on the rows each tree never saw (out of bag):
        accuracy, or ``oob_score(y_true, y_pred)`` when it is a callable.
    sampling_strategy : float, str, dict or callable, default='all'
        How each tree's sample is balanced: ``'all'`` (every class drawn down to the size of
        the smallest), ``'auto'`` (= ``'not minority'``), ``'majority'``,
        ``'not majority'``, a float (binary: minority/majority ratio), a dict
        ``{class: n_samples}`` or a callable ``y -> dict``.
    replacement : bool, default=True
        Whether the under-sampler draws with replacement (a bootstrap of each class).
    n_jobs : int, default=None
        Threads growing and querying the trees (joblib; ``None`` is one, ``-1`` all cores).
    random_state : int, RandomState instance or None, default=None
        Seeds every tree's under-sampler and tree.
    verbose : int, default=0
        joblib's verbosity while growing the trees.
    warm_start : bool, default=False
        Keep the trees of the previous ``fit`` and add new ones up to ``n_estimators``.
    class_weight : {'balanced', 'balanced_subsample'}, dict or None, default=None
        Class weights applied as sample weights of the trees: ``'balanced'`` from the class
        frequencies of ``y``; ``'balanced_subsample'`` from those of each tree's bootstrap
        (``bootstrap=True``; otherwise as ``'balanced'``).
    ccp_alpha : float, default=0.0
        Cost-complexity pruning of the trees.
    max_samples : int, float or None, default=None
        With ``bootstrap=True``, rows drawn from each tree's under-sample: an int (at most
        its size), a fraction of it, or ``None`` (its size).
    monotonic_cst : array-like of int of shape (n_features,), default=None
        Monotonicity constraint of each column (1 increasing, -1 decreasing, 0 none).

    Attributes
    ----------
    estimator_ : DecisionTreeClassifier
        The unfitted tree the forest clones.
    base_sampler_ : RandomUnderSampler
        The unfitted under-sampler the forest clones.
    estimators_ : list of DecisionTreeClassifier
        The fitted trees, fitted on class positions ``0 .. n_classes_ - 1`` (as in
        scikit-learn's forests).
    samplers_ : list of RandomUnderSampler
        The fitted under-samplers, one per tree: ``sample_indices_`` are the training rows a
        tree grew on (before the optional bootstrap).
    pipelines_ : list of Pipeline
        ``make_pipeline(sampler, tree)`` for each tree, fitted.
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    n_classes_ : int
        Number of classes.
    n_outputs_ : int
        Always 1.
    feature_importances_ : ndarray of shape (n_features,)
        Impurity-based importance of each column, averaged over the trees.
    oob_score_ : float
        Out-of-bag score (only with ``oob_score``).
    oob_decision_function_ : ndarray of shape (n_samples, n_classes)
        Out-of-bag class probabilities of the training rows (only with ``oob_score``).
    n_features_in_ : int
        Number of columns seen in ``fit``.
    feature_names_in_ : ndarray of str
        Column names seen in ``fit`` (when ``X`` was a data frame with string names).

    See Also
    --------
    BalancedBaggingClassifier : bagging with any sampler and classifier.

    Notes
    -----
    ``fit``'s ``sample_weight`` reaches the trees as in imbalanced-learn: each tree is
    fitted with the weights of the rows its under-sample kept. The under-sample is drawn
    without looking at the weights, so, as in scikit-learn's random forests, a weight of 2
    is not the same as a repeated row.

    Differences from imbalanced-learn: ``oob_score`` does not need ``bootstrap=True``: a
    row is out of bag for a tree that never saw it, whether the under-sampler or the
    bootstrap left it out (imbalanced-learn only counts the rows of the under-sample left
    out by the bootstrap), and a callable ``oob_score`` gets the original labels. ``fit``
    reads ``X`` as float32 (sparse: CSC), as scikit-learn's forests do; missing values (NaN)
    are handled by the trees. A float ``max_samples`` is a fraction of each tree's
    under-sample (imbalanced-learn: of the training set, capped at the under-sample). The
    trees are ``sklearn.tree.DecisionTreeClassifier``; the class is not a subclass of
    ``sklearn.ensemble.RandomForestClassifier`` (public scikit-learn API only) and has no
    ``decision_path``.

    References
    ----------
    - C. Chen, A. Liaw and L. Breiman, "Using random forest to learn imbalanced data",
      Technical Report 666, Department of Statistics, University of California, Berkeley,
      2004.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.metrics import balanced_accuracy_score
    >>> from smotekit.ensemble import BalancedRandomForestClassifier
    >>> X, y = make_classification(n_samples=300, weights=[0.9], random_state=0)
    >>> clf = BalancedRandomForestClassifier(n_estimators=10, random_state=0).fit(X, y)
    >>> np.bincount(y[clf.samplers_[0].sample_indices_])   # the first tree's balanced rows
    array([31, 31])
    >>> balanced_accuracy_score(y, clf.predict(X)) > 0.8
    True
    """

    # float32, NaN allowed, as scikit-learn's forests read X
    fit_input: ClassVar[dict[str, Any]] = {
        "accept_sparse": "csc",
        "dtype": np.float32,
        "ensure_all_finite": "allow-nan",
    }
    predict_input: ClassVar[dict[str, Any]] = {**fit_input, "accept_sparse": "csr"}
    warm_start_adds = "trees to the forest already grown"
    new_members = "trees"
    member_lists = ("estimators_", "samplers_")

    def __init__(
        self,
        n_estimators: int = 100,
        *,
        criterion: str = "gini",
        max_depth: Any = None,
        min_samples_split: Any = 2,
        min_samples_leaf: Any = 1,
        min_weight_fraction_leaf: float = 0.0,
        max_features: Any = "sqrt",
        max_leaf_nodes: Any = None,
        min_impurity_decrease: float = 0.0,
        bootstrap: bool = False,
        oob_score: Any = False,
        sampling_strategy: Any = "all",
        replacement: bool = True,
        n_jobs: Any = None,
        random_state: Any = None,
        verbose: int = 0,
        warm_start: bool = False,
        class_weight: Any = None,
        ccp_alpha: float = 0.0,
        max_samples: Any = None,
        monotonic_cst: Any = None,
    ) -> None:
        self.n_estimators = n_estimators
        self.criterion = criterion
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.min_weight_fraction_leaf = min_weight_fraction_leaf
        self.max_features = max_features
        self.max_leaf_nodes = max_leaf_nodes
        self.min_impurity_decrease = min_impurity_decrease
        self.bootstrap = bootstrap
        self.oob_score = oob_score
        self.sampling_strategy = sampling_strategy
        self.replacement = replacement
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.verbose = verbose
        self.warm_start = warm_start
        self.class_weight = class_weight
        self.ccp_alpha = ccp_alpha
        self.max_samples = max_samples
        self.monotonic_cst = monotonic_cst

    def parameter_rules(self) -> dict[str, Any]:
        either, literal = params.either, params.literal
        return common.parameter_rules(
            self,
            criterion=params.choice("gini", "entropy", "log_loss"),
            max_depth=either(literal(None), params.integer(1), says="None or an int >= 1"),
            min_samples_split=either(
                params.integer(2), common.fraction(), says="an int >= 2 or a float in (0, 1]"
            ),
            min_samples_leaf=either(
                params.integer(1),
                common.fraction(closed_high=False),
                says="an int >= 1 or a float in (0, 1)",
            ),
            min_weight_fraction_leaf=params.real(0.0, 0.5),
            max_features=either(
                literal(None, "sqrt", "log2"),
                params.integer(1),
                common.fraction(),
                says="'sqrt', 'log2', None, an int >= 1 or a float in (0, 1]",
            ),
            max_leaf_nodes=either(literal(None), params.integer(2), says="None or an int >= 2"),
            min_impurity_decrease=params.real(0.0),
            oob_score=params.Rule(
                lambda v: isinstance(v, bool | np.bool_) or callable(v),
                "True, False or a callable score(y_true, y_pred)",
            ),
            class_weight=params.Rule(
                lambda v: (
                    v is None
                    or (isinstance(v, str) and v in ("balanced", "balanced_subsample"))
                    or isinstance(v, dict)
                    or (isinstance(v, list) and len(v) == 1 and isinstance(v[0], dict))
                ),
                "None, 'balanced', 'balanced_subsample' or a dict {class: weight}",
            ),
            ccp_alpha=params.real(0.0),
            max_samples=common.count_or_fraction(1, none=True),
            monotonic_cst=params.Rule(
                lambda v: v is None or (hasattr(v, "__len__") and not isinstance(v, str)),
                "None or an array-like with one of -1, 0, 1 per column",
            ),
        )

    # ---- fitting --------------------------------------------------------------------------
    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> BalancedRandomForestClassifier:
        """Grow the forest: each tree on its own balanced under-sample of the training data.

        Parameters
        ----------
        X : {array-like, sparse matrix, DataFrame} of shape (n_samples, n_features)
            Training data (read as float32; sparse: CSC).
        y : array-like of shape (n_samples,)
            Class labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Weight of each training row (finite, >= 0, not all 0). Each tree is fitted with
            the weights of the rows its under-sample kept (times ``class_weight`` and the
            bootstrap counts); the under-sample itself is drawn ignoring the weights, so a
            weight of 2 does not make a row twice as likely to be drawn.

        Returns
        -------
        self : object
            The fitted forest.
        """
        return self._fit_weighted(X, y, sample_weight)

    def fit_members(
        self,
        X: Any,
        y: np.ndarray,
        y_positions: np.ndarray,
        warm: bool,
        sample_weight: np.ndarray | None,
    ) -> None:
        """Grow the forest: one balanced under-sample, then one tree, per estimator."""
        self.n_outputs_ = 1
        self.estimator_ = DecisionTreeClassifier(
            **{name: getattr(self, name) for name in _TREE_PARAMETERS}
        )
        self.base_sampler_ = common.under_sampler(self.sampling_strategy, self.replacement, y)
        weights = self._class_weights(y, warm)
        if sample_weight is not None:  # as scikit-learn's forests: times the class weights
            weights = sample_weight if weights is None else weights * sample_weight

        n_more = self._members_to_add(warm)
        if n_more > 0:
            pairs = [
                common.seeded_clones(
                    np.random.RandomState(seed), self.base_sampler_, self.estimator_
                )
                for seed in common.draw_seeds(self.random_state, len(self.estimators_), n_more)
            ]
            grown = Parallel(n_jobs=self.n_jobs, verbose=self.verbose, prefer="threads")(
                delayed(_grow)(
                    tree,
                    sampler,
                    X,
                    y,
                    y_positions,
                    weights,
                    self.bootstrap,
                    self.max_samples,
                    isinstance(self.class_weight, str)
                    and self.class_weight == "balanced_subsample"
                    and self.bootstrap,
                )
                for sampler, tree in pairs
            )
            self.estimators_ += [tree for tree, _ in grown]
            self.samplers_ += [sampler for _, sampler in grown]
        if self.oob_score:
            self._set_out_of_bag(X, y, y_positions)

    def _class_weights(self, y: np.ndarray, warm: bool) -> np.ndarray | None:
        """Class weights as sample weights of the training rows (None: none, or per tree)."""
        weight = self.class_weight
        if weight is None:
            return None
        if isinstance(weight, list):
            weight = weight[0]
        presets = ("balanced", "balanced_subsample")
        if isinstance(weight, str) and weight in presets and warm:
            warnings.warn(
                'class_weight presets "balanced" or "balanced_subsample" are not recommended '
                "for warm_start if the fitted data differs from the full dataset: the weights "
                "are computed from the data given to this fit only.",
                UserWarning,
                stacklevel=4,
            )
        if isinstance(weight, str) and weight == "balanced_subsample":
            if self.bootstrap:
                return None  # computed on each tree's bootstrap
            weight = "balanced"
        return compute_sample_weight(weight, y)

    def _set_out_of_bag(self, X: Any, y: np.ndarray, y_positions: np.ndarray) -> None:
        proba, n_votes = self._out_of_bag_votes(
            X.tocsr() if hasattr(X, "tocsr") else X,
            (
                _rows_used(sampler, tree, self.bootstrap, self.max_samples)
                for tree, sampler in zip(self.estimators_, self.samplers_, strict=True)
            ),
            "too few trees were used to compute any reliable OOB estimates",
        )
        proba /= np.maximum(n_votes, 1)[:, np.newaxis]
        self.oob_decision_function_ = proba
        y_pred = self.classes_.take(np.argmax(proba, axis=1))
        if callable(self.oob_score):
            self.oob_score_ = self.oob_score(y, y_pred)
        else:
            self.oob_score_ = float(accuracy_score(y, y_pred))

    # ---- fitted views ---------------------------------------------------------------------
    @property
    def feature_importances_(self) -> np.ndarray:
        """Impurity-based importance of each column, averaged over the trees that split;
        sums to 1 (all zeros when no tree split)."""
        check_is_fitted(self)
        splitting = [t.feature_importances_ for t in self.estimators_ if t.tree_.node_count > 1]
        if not splitting:
            return np.zeros(self.n_features_in_, dtype=np.float64)
        mean = np.mean(splitting, axis=0, dtype=np.float64)
        return mean / np.sum(mean)

    # ---- prediction -----------------------------------------------------------------------
    def apply(self, X: Any) -> np.ndarray:
        """Index of the leaf each row ends in, for every tree.

        Parameters
        ----------
        X : {array-like, sparse matrix, DataFrame} of shape (n_samples, n_features)

        Returns
        -------
        leaves : ndarray of shape (n_samples, n_estimators)
        """
        X = self._checked(X)
        return np.column_stack([tree.apply(X) for tree in self.estimators_])

    def accepted_input(self) -> tuple[bool, bool]:
        return True, True  # the trees split on missing values
