"""Lee's over-sampling with rejection (Lee, Kim & Lee, IMCOM 2015)."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

import smotekit.samplers.params as params
from smotekit.door import Features, Target
from smotekit.samplers._family import fill_doc
from smotekit.samplers.interpolation import ClassContext, InterpolationSampler

#: Why ``gap`` must be ``'segment'`` (the parameter error says it).
ONE_GAP_PER_ROW = (
    "'segment': LeeSMOTE tests each new point before keeping it, and per-attribute ('box') "
    "gaps are drawn only when the rows are written, after that test"
)


@fill_doc
class LeeSMOTE(InterpolationSampler):
    """Lee's SMOTE with rejection: a new point that other classes dominate is drawn again.

    Each new row starts as a SMOTE candidate: its base row ``p`` (spread over the class's
    rows as ``allocation`` says), one of ``p``'s ``k_neighbors`` nearest same-class rows
    ``n`` drawn uniformly, and a gap ``g`` uniform in ``[0, 1)``: the point ``p + g (n -
    p)``. Among the candidate's ``m_neighbors`` nearest rows of the whole data (every class,
    the original rows only), the share of rows of other classes is its *rejection value*; a
    candidate whose value exceeds ``rejection_level`` is rejected, and a new neighbour and
    gap are drawn for the same base row. All candidates of a round are drawn and tested at
    once, then only the rejected ones are drawn again, at most ``max_attempts`` times in
    all. A row whose every candidate was rejected keeps its best one: the lowest rejection
    value, the earliest on a tie (the one a rising rejection level would accept first).
    The counts are exact. The candidate is tested as it is written out (the input's
    dtype, integer columns rounded when ``integer_columns='round'``), so every accepted row
    of the output passes the rule itself.

    Beside smote-variants 1.0.1 (``Lee``): it draws base rows at random and replaces a
    rejected candidate by one from a new random base row, so rows in regions other classes
    dominate lose their share; here each base row keeps the rows SMOTE gives it (the SMOTE
    paper's even spread, which the method extends), redrawn from that row. Its gap is one
    uniform normalised by the sum of two (not uniform on the segment); here SMOTE's uniform
    gap. It counts the majority class only (binary); here every other class. It rejects at
    a share equal to the level too, although it documents "higher than"; here the
    documented rule (they differ only when ``rejection_level * m_neighbors`` is a whole
    number). Instead of a limit per row, it raises the level by 0.1 after six rounds in
    which nothing was accepted. The gap is one per row: a point in the per-attribute box
    (``gap='box'``) is drawn only when rows are written, after the test, so ``'box'`` is
    refused.

    Ranked among the top over-samplers of 85 by Kovacs (Applied Soft Computing 83, 2019).

    Parameters
    ----------
    <<sampling_strategy>>
    <<k_neighbors>>
    <<metric>>
    <<n_jobs>>
    m_neighbors : int, default=5
        Nearest rows of any class around each candidate that decide its fate (smote-variants
        uses its ``n_neighbors``, 5, for both searches; fewer when the data have fewer rows).
    rejection_level : float, default=0.5
        A candidate is rejected when more than this share of its ``m_neighbors`` nearest
        rows belong to other classes, in [0, 1]: 1 accepts every candidate (plain SMOTE), 0
        only candidates with no other class among their nearest rows.
    max_attempts : int, default=10
        Candidates drawn at most per new row; after that many rejections the best is kept.
    <<options>>

    Only ``gap='segment'`` is accepted (see above).

    Attributes
    ----------
    rejections_ : dict
        Per over-sampled class: for each of its synthetic rows, in ``provenance_`` order,
        how many candidates were rejected before it was placed; ``max_attempts`` marks a row
        that kept its best rejected candidate.
    <<attributes>>

    References
    ----------
    J. Lee, N.-r. Kim and J.-H. Lee, "An Over-sampling Technique with Rejection for
    Imbalanced Class Learning", Proceedings of the 9th International Conference on
    Ubiquitous Information Management and Communication (IMCOM '15), ACM 2015, article 102,
    doi:10.1145/2701126.2701181.

    Examples
    --------
    >>> from collections import Counter
    >>> from smotekit import LeeSMOTE
    >>> from smotekit.datasets import load_pima
    >>> X, y = load_pima(return_X_y=True)
    >>> sampler = LeeSMOTE(random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> sorted(Counter(y_res).items())
    [(0, 500), (1, 500)]
    >>> tries = sampler.rejections_[1]
    >>> int(tries.sum()), int((tries == sampler.max_attempts).sum())  # rejected; kept anyway
    (324, 23)
    """

    _parameters: ClassVar[dict[str, params.Rule]] = {
        "m_neighbors": params.integer(1, " (rows of any class looked at around a new point)"),
        "rejection_level": params.real(0.0, 1.0),
        "max_attempts": params.integer(1, " (candidates drawn at most per new row)"),
        "gap": params.Rule(lambda v: isinstance(v, str) and v == "segment", ONE_GAP_PER_ROW),
    }
    why_all_rows = "it tests every new point against its nearest rows among all classes"

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        k_neighbors: Any = 5,
        metric: str = "euclidean",
        n_jobs: int | None = None,
        m_neighbors: int = 5,
        rejection_level: float = 0.5,
        max_attempts: int = 10,
        allocation: str = "even",
        gap: str = "segment",
        integer_columns: str = "round",
        indicator: str | None = None,
    ) -> None:
        super().__init__(
            sampling_strategy=sampling_strategy,
            random_state=random_state,
            k_neighbors=k_neighbors,
            n_jobs=n_jobs,
            allocation=allocation,
            gap=gap,
            integer_columns=integer_columns,
            indicator=indicator,
        )
        self.metric = metric
        self.m_neighbors = m_neighbors
        self.rejection_level = rejection_level
        self.max_attempts = max_attempts

    def prepare(self, features: Features, target: Target, rng: np.random.Generator) -> Any:
        self.rejections_: dict[Any, np.ndarray] = {}
        return self.rejections_  # filled per class, as ctx.state

    def place(
        self, ctx: ClassContext, base: np.ndarray, rng: np.random.Generator
    ) -> tuple[np.ndarray, float, np.ndarray]:
        n, k = base.shape[0], ctx.neighbors.shape[1]
        mate, gap = np.zeros(n, dtype=np.intp), np.zeros(n)
        best, tries, todo = np.full(n, np.inf), np.zeros(n, dtype=np.intp), np.arange(n)
        for _ in range(self.max_attempts):
            if not todo.size:
                break
            local = ctx.neighbors[base[todo], rng.integers(0, k, todo.size)]
            drawn = rng.random(todo.size)
            points = self.render_rows(ctx.features, ctx.rows[base[todo]], ctx.rows[local], drawn)
            near = ctx.nearest_to_points(points, self.m_neighbors)
            share = (~ctx.is_same_class(near)).mean(axis=1)
            better = share < best[todo]  # an accepted candidate beats every rejected one
            won = todo[better]
            mate[won], gap[won], best[won] = ctx.rows[local[better]], drawn[better], share[better]
            tries[todo[share > self.rejection_level]] += 1
            todo = todo[share > self.rejection_level]
        ctx.state[ctx.label] = tries
        return mate, 0.0, gap
