"""The SMOTE family's shared body: neighbours within a class, then points between rows.

A variant of SMOTE differs from SMOTE only in *which* base rows get how many synthetic
samples (override :meth:`InterpolationSampler.allocate`) and *how* a point is placed
(override :meth:`InterpolationSampler.place`: the neighbour and a scale on the gap). The loop over
classes, the neighbour engine, the random stream and the rendering are written once, here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, partial
from typing import Any, ClassVar

import numpy as np
import scipy.sparse as sp

import smotekit.samplers.params as params
from smotekit._memory import release_freed_memory
from smotekit.door import Features, Target, ingest_features
from smotekit.errors import ClassTooSmallError, InvalidParameterError
from smotekit.neighbors import kneighbors_query, kneighbors_within, resolve_k
from smotekit.neighbors.engine import SAME_CLASS_K
from smotekit.neighbors.metrics import METRICS, NAN_EUCLIDEAN, MetricSpace, fit_metric
from smotekit.plan.allocation import even_counts, get_allocation, percentage_targets
from smotekit.plan.strategy import resolve_sampling_strategy
from smotekit.samplers.base import BaseOverSampler
from smotekit.samplers.outcome import Outcome, synthetic_outcome
from smotekit.samplers.params import Rule
from smotekit.synthesis import ClassDraws, DrawnRecipe, GapStream, NeighborDraw, Recipe

GAP_MODES = ("segment", "box")
INTEGER_MODES = ("round", "float")


def _search_object(k: int, estimator: Any) -> Any:
    """The user's neighbour estimator (cloned), or ``NearestNeighbors(n_neighbors=k + 1)``:
    what imbalanced-learn users read the number of neighbours from (the search itself runs
    on smotekit's engine unless the user gave an estimator)."""
    from sklearn.base import clone
    from sklearn.neighbors import NearestNeighbors

    return clone(estimator) if estimator is not None else NearestNeighbors(n_neighbors=k + 1)


@dataclass
class ClassContext:
    """What a variant may look at while planning the synthetic rows of one class.

    Neighbour tables are computed on first use only, so a variant pays for what it asks.
    """

    label: Any
    rows: np.ndarray  # input positions of the class's rows
    X: Any  # the class's rows as the neighbour search sees them (see ``search_space``)
    features: Features
    target: Target
    k: int
    estimator: Any = None
    n_jobs: int | None = None
    #: What the sampler's ``prepare`` computed once for the call (e.g. a model of all rows).
    state: Any = None
    #: The call's distance when it is not the Euclidean (``metric=``); ``X`` is then in its
    #: mapped space (engine distances) or raw (tree distances).
    metric: MetricSpace | None = None

    @property
    def n_rows(self) -> int:
        return int(self.rows.shape[0])

    @cached_property
    def neighbors(self) -> np.ndarray:
        """``(n_rows, k)`` local indices of each row's k nearest same-class rows."""
        if self.metric is not None and self.estimator is None:
            return self.metric.within(self.X, self.k, n_jobs=self.n_jobs)
        return kneighbors_within(self.X, self.k, estimator=self.estimator, n_jobs=self.n_jobs)

    def neighbors_among_all(self, m: int, local: np.ndarray | None = None) -> np.ndarray:
        """``(n, m)`` input positions of the m nearest rows of *any* class to each class row
        (or to the class rows at the local indices ``local``)."""
        rows = self.rows if local is None else self.rows[local]
        if self.metric is not None:
            return self.metric.among_all(self.features.numeric, m, rows, n_jobs=self.n_jobs)
        return kneighbors_query(self.features.numeric, m, rows=rows, n_jobs=self.n_jobs)

    def nearest_to_points(self, points: Any, m: int) -> np.ndarray:
        """Input positions of the ``m`` rows of any class nearest each new point (rows as
        the output holds them, unmapped)."""
        if self.metric is not None:
            return self.metric.nearest_among_all(self.features.numeric, m, points, self.n_jobs)
        return kneighbors_query(self.features.numeric, m, points=points, n_jobs=self.n_jobs)

    def neighbors_within(self, subset: np.ndarray, k: int) -> np.ndarray:
        """``(len(subset), k)`` local indices of each subset row's k nearest rows of the subset.

        ``subset`` holds local indices (into ``rows``) of at least ``k + 1`` rows, e.g. the
        class's rows in one cluster. The user's ``k_neighbors`` estimator is used only when
        ``k`` is the sampler's own ``k`` (it was built for that many neighbours).
        """
        subset = np.asarray(subset, dtype=np.intp)
        estimator = self.estimator if k == self.k else None
        if self.metric is not None and estimator is None:
            return subset[self.metric.within(self.X[subset], k, n_jobs=self.n_jobs)]
        found = kneighbors_within(self.X[subset], k, estimator=estimator, n_jobs=self.n_jobs)
        return subset[found]

    def is_same_class(self, positions: np.ndarray) -> np.ndarray:
        """Whether the input rows at ``positions`` belong to this class."""
        return self.target.labels[positions] == self.label


class InterpolationSampler(BaseOverSampler):
    """Base of samplers that place synthetic rows between a row and a same-class neighbour.

    Its parameters are SMOTE's (see :class:`smotekit.SMOTE`), so a variant that adds none
    of its own needs no ``__init__``; one that does lists all of them, as scikit-learn's
    ``get_params`` reads the constructor's signature.
    """

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        k_neighbors: Any = 5,
        n_jobs: int | None = None,
        allocation: str = "even",
        gap: str = "segment",
        integer_columns: str = "round",
        indicator: str | None = None,
    ) -> None:
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.n_jobs = n_jobs
        self.allocation = allocation
        self.gap = gap
        self.integer_columns = integer_columns
        self.indicator = indicator

    #: The parameter holding ``k`` (an int or an estimator); ADASYN names it ``n_neighbors``.
    _k_name: ClassVar[str] = "k_neighbors"
    _k_attribute: ClassVar[str] = "nn_k_"
    _parameters: ClassVar[dict[str, Rule]] = {
        "k_neighbors": params.neighbors(SAME_CLASS_K),
        "allocation": params.Checked(lambda name, value: get_allocation(value)),
        "gap": params.choice(*GAP_MODES),
        "integer_columns": params.choice(*INTEGER_MODES),
        "percentage": params.percentage(),
        "metric": params.choice(*METRICS),
        "missing": params.choice("error", NAN_EUCLIDEAN),
    }

    def _k(self) -> tuple[int, Any]:
        return resolve_k(getattr(self, self._k_name), self._k_name)

    def plan_counts(self, target: Target) -> dict[Any, int]:
        percentage = getattr(self, "percentage", None)
        if percentage is None:
            return super().plan_counts(target)
        if not isinstance(self.sampling_strategy, str):
            raise InvalidParameterError(
                "percentage and a numeric/dict/callable sampling_strategy both say how many "
                "samples to make; give only one. With percentage, sampling_strategy may only "
                "name the classes to over-sample ('auto', 'minority', 'not majority', ...)."
            )
        # the string picks the targeted classes; the percentage sets their amounts
        classes = list(
            resolve_sampling_strategy(
                self.sampling_strategy, target.labels, self._direction, target.counts
            )
        )
        return percentage_targets(target.counts, classes, percentage)

    # ---- seams for variants ---------------------------------------------------------
    def prepare(self, features: Features, target: Target, rng: np.random.Generator) -> Any:
        """Work done once per call, before the classes: a model of all rows, say.

        What it returns reaches every class as ``ctx.state`` (kept off ``self``, so one
        sampler may run in two threads at once). SMOTE: nothing.
        """
        return None

    def allocate(self, ctx: ClassContext, n_new: int, rng: np.random.Generator) -> np.ndarray:
        """Which base rows get how many samples: local indices into ``ctx.rows``.

        SMOTE: every row of the class, evenly (or at random, ``allocation='random'``).
        """
        return get_allocation(self.allocation)(ctx.n_rows, n_new, rng)

    def place(
        self, ctx: ClassContext, base: np.ndarray, rng: np.random.Generator
    ) -> tuple[np.ndarray, np.ndarray | None] | tuple[np.ndarray, Any, Any]:
        """How each point is placed: its neighbour (a global row position) and gap scale.

        SMOTE: one of the base row's k nearest same-class rows, uniformly at random, and the
        gap uniform in [0, 1] (scale ``None``). A variant may return a per-sample scale
        multiplying the uniform gap: 0.5 keeps the point nearer the base, a negative scale
        extrapolates away from the neighbour. A third value, a per-sample offset, starts the
        gap there: ``gap = offset + scale * u`` (Safe-Level-SMOTE's ``[1 - r, 1]``: offset
        ``1 - r``, scale ``r``; a fixed gap ``g``: offset ``g``, scale 0).
        """
        return ctx.rows[self._neighbor_draw(ctx, rng).take(base, 0)], None

    def _neighbor_draw(self, ctx: ClassContext, rng: np.random.Generator) -> NeighborDraw:
        """SMOTE's choice among the k neighbours, as a stream any range of rows can redraw."""
        table = ctx.neighbors
        if table.shape[0] < 2**31:
            # the draws keep the table until the output is written: int32 halves it
            table = table.astype(np.int32)
        return NeighborDraw(table, GapStream(int(rng.integers(0, 2**63 - 1)), 1))

    def search_space(self, features: Features, target: Target, label: Any, rows: np.ndarray) -> Any:
        """The points the neighbour search of class ``label`` (input rows ``rows``) runs on.

        SMOTE: the rows themselves, float ndarray or CSR. A variant whose distance is not the
        Euclidean distance of the rows (SMOTE-NC, SMOTE-N) returns the rows mapped into a
        space where the Euclidean distance ranks neighbours as its own distance does.
        """
        if (
            isinstance(features.numeric, np.ndarray)
            and rows.size
            and rows[-1] - rows[0] + 1 == rows.size
        ):
            # a class stored in one run of rows (data sorted by class): a view, not a copy
            return features.numeric[rows[0] : rows[-1] + 1]
        return features.numeric[rows]

    def nominal_codes(
        self, ctx: ClassContext, base: np.ndarray, rng: np.random.Generator
    ) -> np.ndarray | None:
        """Codes of the nominal values of the class's synthetic rows, shape ``(len(base), m)``.

        Called after the gaps are drawn; ``None`` (SMOTE) when ``X`` has no nominal columns.
        SMOTE-NC and SMOTE-N return one code per nominal column (``features.nominal``),
        chosen by vote; they replace what interpolation writes in those columns.
        """
        return None

    # ---- the body ---------------------------------------------------------------------
    def decide(self, features: Features, target: Target, rng: np.random.Generator) -> Outcome:
        # the draws are the provenance: rendering reads them range by range, and the arrays
        # of every synthetic row are only built if someone reads them
        drawn = self.draw_recipe(features, target, rng)
        release_freed_memory()  # the searches' temporaries, before the output is allocated
        drawn.first_row = features.n_rows
        self.provenance_ = drawn
        return self.outcome_of(features, drawn)

    def outcome_of(self, features: Features, recipe: Recipe | DrawnRecipe) -> Outcome:
        """The outcome "all originals, then the rows of ``recipe``" with this sampler's casts."""
        outcome = synthetic_outcome(
            features,
            recipe,
            round_integers=self.integer_columns == "round",
            n_jobs=self.n_jobs,
        )
        if self._missing and outcome.fill is not None and np.isnan(features.numeric).any():
            X = features.numeric
            outcome.fill = partial(fill_missing, fill=outcome.fill, X=X, recipe=recipe)
        return outcome

    def render_rows(
        self, features: Features, base: np.ndarray, neighbor: np.ndarray, gap: np.ndarray
    ) -> Any:
        """Rows ``X[base] + gap * (X[neighbor] - X[base])`` as the output would hold them
        (same kernel, dtype and rounding), for a variant that tests candidates before
        keeping them (Lee's)."""
        written = self.outcome_of(features, Recipe(np.zeros(base.shape[0]), base, neighbor, gap))
        if written.build_sparse is not None:
            return written.build_sparse()
        X = features.numeric
        written.fill(points := np.empty((base.shape[0], X.shape[1]), X.dtype))
        return points

    @property
    def _missing(self) -> bool:
        """Whether missing values (NaN) are accepted (``missing='nan_euclidean'``)."""
        return getattr(self, "missing", "error") == NAN_EUCLIDEAN

    @property
    def _defers_finite_check(self) -> bool:  # type: ignore[override]
        # with missing values the door checks for infinity up front instead
        return type(self)._defers_finite and not self._missing

    #: Whether SMOTE's finite check rides on the copy of the rows into the output.
    _defers_finite: ClassVar[bool] = False

    def read_features(self, X: Any) -> Features:
        if not self._missing:
            return super().read_features(X)
        features = ingest_features(X, allow_nan=True, sampler_name=type(self).__name__)
        if sp.issparse(features.numeric):
            raise InvalidParameterError(
                f"{type(self).__name__}(missing='nan_euclidean') takes dense X (an array or "
                "a data frame): a sparse matrix's missing entries are its zeros. Pass "
                "X.toarray(), or drop missing='nan_euclidean'."
            )
        return features

    def draw_recipe(
        self, features: Features, target: Target, rng: np.random.Generator
    ) -> DrawnRecipe:
        """Every class's synthetic rows as draws (the size of the class, not of the output).

        The in-memory path materialises the result; the out-of-core paths render it range by
        range. Both read the same draws, so they produce the same rows.
        """
        state = self.prepare(features, target, rng)
        k, estimator = self._k()
        metric = self.fit_metric(features, target, estimator)
        # imbalanced-learn's attribute for the neighbour search of k (ADASYN: ``nn_``)
        setattr(self, self._k_attribute, _search_object(k, estimator))
        labels = target.labels
        plan = {c: n for c, n in self.sampling_strategy_.items() if n > 0}
        self._check_class_sizes(plan, target.counts, k)
        box_seed = int(rng.integers(0, 2**63 - 1)) if self.gap == "box" else None
        parts = []
        for cls, n_new in plan.items():
            rows = np.flatnonzero(labels == cls)
            space = self.search_space(features, target, cls, rows)
            # before any search: SMOTE's own space is the class's rows, already gathered
            own_space = type(self).search_space is InterpolationSampler.search_space
            features.ensure_finite(rows, taken=space if own_space else None)
            class_metric = metric
            if own_space and metric is not None and metric.on_engine:
                space = metric.map(space)
            elif metric is not None and metric.name == NAN_EUCLIDEAN and not np.isnan(space).any():
                class_metric = None  # nothing missing in this class: the same distance
            ctx = ClassContext(
                cls, rows, space, features, target, k, estimator, self.n_jobs, state, class_metric
            )
            parts.append(self._class_draws(ctx, n_new, rng, box=box_seed is not None))
        return DrawnRecipe(parts, features.n_features, box_seed, labels.dtype)

    def fit_metric(self, features: Features, target: Target, estimator: Any) -> MetricSpace | None:
        """The call's distance (``metric``), fitted on all rows; ``None`` for the Euclidean."""
        name = getattr(self, "metric", "euclidean")
        if self._missing:
            if name != "euclidean" or estimator is not None:
                raise InvalidParameterError(
                    f"{type(self).__name__}(missing='nan_euclidean') ranks neighbours by the "
                    "nan_euclidean distance (over the columns both rows hold); it cannot take "
                    f"metric={name!r} or a neighbour estimator as well. Keep the default "
                    "metric and an int k_neighbors, or impute X first."
                )
            return MetricSpace(NAN_EUCLIDEAN)
        if name == "euclidean":
            return None
        self._refuse_two_distances(name, estimator)
        return fit_metric(name, features.numeric, target.labels)

    def _refuse_two_distances(self, name: str, estimator: Any) -> None:
        if estimator is not None:
            raise InvalidParameterError(
                f"{type(self).__name__} got both metric={name!r} and a neighbour estimator as "
                f"{self._k_name}: give the distance to one of them only (e.g. "
                f"{self._k_name}=NearestNeighbors(n_neighbors=k + 1, metric=...), or an "
                f"int {self._k_name} with metric={name!r})."
            )

    def _class_draws(
        self, ctx: ClassContext, n_new: int, rng: np.random.Generator, *, box: bool
    ) -> ClassDraws:
        """One class's draws, through the seams; kept compact where the seams are SMOTE's."""
        own = InterpolationSampler
        counts = base = None
        if type(self).allocate is own.allocate and self.allocation == "even":
            counts = even_counts(ctx.n_rows, n_new, rng)
        else:
            base = self.allocate(ctx, n_new, rng)
            if base.shape[0] and (base[1:] >= base[:-1]).all():
                counts, base = np.bincount(base, minlength=ctx.n_rows), None
        default_place = type(self).place is own.place
        votes = type(self).nominal_codes is not own.nominal_codes
        if base is None and (votes or not default_place):
            # variants read every base row at once; SMOTE's draws never need them listed
            assert counts is not None
            base = np.repeat(np.arange(ctx.n_rows, dtype=np.intp), counts)
        neighbor: NeighborDraw | np.ndarray
        offset = None
        if default_place:
            neighbor, scale = self._neighbor_draw(ctx, rng), None
        else:
            assert base is not None
            neighbor, scale, *rest = self.place(ctx, base, rng)
            offset = _per_row(rest[0], n_new) if rest else None
            scale = None if scale is None else _per_row(scale, n_new)
        gap = None if box else GapStream(int(rng.integers(0, 2**63 - 1)), 1)
        nominal = self.nominal_codes(ctx, base, rng) if votes else None
        if counts is not None:
            base = None  # the counts say it: no table as long as the output is kept
        return ClassDraws(
            ctx.label, ctx.rows, int(n_new), counts, base, neighbor, gap, scale, nominal, offset
        )

    def _check_class_sizes(self, plan: dict, counts: dict, k: int) -> None:
        for cls in plan:
            n = counts[cls]
            if n <= k:
                hint = (
                    f"set {self._k_name}={n - 1} (or lower)"
                    if n >= 2
                    else "it has no neighbour to interpolate with"
                )
                raise ClassTooSmallError(
                    f"Class {cls!r} has {n} row(s), but {type(self).__name__} needs at least "
                    f"{self._k_name} + 1 = {k + 1} rows in every class it over-samples (each row "
                    f"picks among its {k} nearest same-class neighbours). To resample it: {hint}"
                    ", use RandomOverSampler for this class, or leave it out with a dict "
                    "sampling_strategy; collecting more examples of this class is best."
                )


def fill_missing(
    out: np.ndarray, *, fill: Any, X: np.ndarray, recipe: Recipe | DrawnRecipe
) -> None:
    """``fill``, then each value missing in one parent only takes the other parent's value.

    A synthetic value is missing only where both its parents miss it (interpolation makes
    NaN as soon as one does).
    """
    fill(out)
    for start in range(0, out.shape[0], _MISSING_ROWS):
        block = out[start : start + _MISSING_ROWS]
        holes = np.isnan(block)
        if not holes.any():
            continue
        part = recipe.rows(start, start + block.shape[0])
        xb, xn = X[part.base], X[part.neighbor]
        base_has = ~np.isnan(xb)
        np.copyto(block, xb, where=holes & base_has, casting="unsafe")
        np.copyto(block, xn, where=holes & ~base_has & ~np.isnan(xn), casting="unsafe")


#: Synthetic rows patched at a time for missing values (a few MB of scratch).
_MISSING_ROWS = 1 << 14


def _per_row(values: Any, n: int) -> np.ndarray | None:
    """A variant's per-row scale or offset as a float array of ``n`` values (``None`` kept)."""
    if values is None:
        return None
    return np.broadcast_to(np.asarray(values, dtype=np.float64), (n,)).copy()
