"""What the SMOTE variants share: a row's neighbourhood among all classes, and their docs.

Borderline-SMOTE, SVM-SMOTE and ADASYN all ask the same question of a minority row: how many
of its ``m`` nearest rows (of any class, itself excluded) belong to another class. The answer
sorts rows into *noise* (all of them), *danger* (at least half, not all) and *safe* (fewer
than half), as in Han et al. (2005).
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
from sklearn.base import clone

from smotekit.errors import SmotekitWarning, user_stacklevel
from smotekit.neighbors.engine import drop_self
from smotekit.samplers.interpolation import ClassContext

#: What ``m_neighbors`` is, for messages.
BORDER_M = (
    "the number of nearest rows of any class looked at to tell whether a row lies on the "
    "class border"
)


def among_all(ctx: ClassContext, local: np.ndarray, m: int, estimator: Any = None) -> np.ndarray:
    """Input positions of the ``m`` rows of any class nearest to the class rows ``local``.

    Shape ``(len(local), m')`` with ``m' = min(m, n_samples - 1)``; a row is never its own
    neighbour. A user ``estimator`` (built with ``n_neighbors = m + 1``) is cloned, fitted on
    all rows and queried; its own ordering is kept.
    """
    local = np.asarray(local, dtype=np.intp)
    if estimator is None:
        return ctx.neighbors_among_all(m, None if local.shape[0] == ctx.n_rows else local)
    X = ctx.features.numeric
    positions = ctx.rows[local]
    found = np.asarray(clone(estimator).fit(X).kneighbors(X[positions], return_distance=False))
    return drop_self(found, m, own=positions)


def other_class_counts(
    ctx: ClassContext, local: np.ndarray, m: int, estimator: Any = None
) -> tuple[np.ndarray, int]:
    """How many of each row's ``m`` nearest rows (any class) are of another class, and ``m'``.

    ``m'`` is the number of neighbours actually looked at (``m``, unless the data set has
    ``m`` rows or fewer).
    """
    near = among_all(ctx, local, m, estimator)
    return (~ctx.is_same_class(near)).sum(axis=1), int(near.shape[1])


def border_masks(n_other: np.ndarray, m: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(noise, danger, safe)``: all ``m`` others; ``m/2 <= others < m``; ``others < m/2``."""
    noise = n_other >= m
    safe = 2 * n_other < m
    return noise, ~noise & ~safe, safe


def warn_fallback(sampler: Any, ctx: ClassContext, n_new: int, reason: str) -> None:
    """Tell the user that a class was over-sampled by plain SMOTE instead of the method.

    The requested count is still delivered, but not by the method asked for, and a user
    comparing methods must know that.
    """
    warnings.warn(
        f"{type(sampler).__name__}: {reason} for class {ctx.label!r} ({ctx.n_rows} rows), so "
        f"its {n_new} synthetic rows were made by plain SMOTE over all of its rows instead. "
        "The method has nothing to work on here (classes well separated, or the class too "
        "small); plain SMOTE, class weights or no resampling may serve as well.",
        SmotekitWarning,
        stacklevel=user_stacklevel(),
    )


def fill_doc(cls: type) -> type:
    """Replace ``<<name>>`` markers in a sampler's docstring with the shared paragraphs."""
    doc = cls.__doc__ or ""
    for name, text in SHARED_DOCS.items():
        doc = doc.replace(f"    <<{name}>>\n", text)
    cls.__doc__ = doc
    return cls


SHARED_DOCS = {
    "sampling_strategy": """\
    sampling_strategy : float, str, dict or callable, default='auto'
        How many rows to reach per class, in every form imbalanced-learn accepts: a float
        (binary only: minority/majority ratio after resampling), ``'auto'`` (= ``'not
        majority'``), ``'minority'``, ``'not minority'``, ``'not majority'``, ``'all'``, a
        dict ``{class: n_samples_after}``, or a callable ``y -> dict``.
    random_state : int, Generator, RandomState or None, default=None
        Seed of the single random generator used for the whole call.
""",
    "k_neighbors": """\
    k_neighbors : int or estimator, default=5
        Same-class neighbours each base row chooses from, or an object with ``fit`` and
        ``kneighbors`` built with ``n_neighbors = k + 1`` (as in imbalanced-learn).
""",
    "metric": """\
    metric : {'euclidean', 'cosine', 'manhattan', 'chebyshev', 'heom', 'hvdm'}, default='euclidean'
        The distance every neighbour search of the call ranks by. ``'cosine'``, ``'heom'``
        and ``'hvdm'`` (each column over its range, or four standard deviations, across all
        rows: Wilson & Martinez 1997) run on the exact engine through a map into Euclidean
        space; ``'manhattan'`` and ``'chebyshev'`` on scikit-learn's trees (brute force in
        blocks of a fixed working memory). The new rows are placed as with the Euclidean
        distance: only which neighbours are found changes. In memory only (not streamed).
""",
    "n_jobs": """\
    n_jobs : int, default=None
        Threads for the neighbour searches and the synthesis (``None``/-1: all cores). The
        output for a seed is identical whatever the value.
""",
    "options": """\
    allocation : {'even', 'random'}, default='even'
        How the new rows are spread over the base rows the method selects: ``'even'`` (the
        SMOTE paper) uses each ``floor`` or ``ceil`` of ``n_new / n_base`` times;
        ``'random'`` draws them with replacement, as imbalanced-learn does.
    gap : {'segment', 'box'}, default='segment'
        ``'segment'``: one uniform number per synthetic row, so the point lies on the line
        through the base row and its neighbour (within the range the method allows);
        ``'box'``: one number per attribute (the SMOTE paper's pseudocode).
    integer_columns : {'round', 'float'}, default='round'
        Integer (and bool) columns: ``'round'`` rounds synthetic values to the nearest
        integer and keeps the dtype (imbalanced-learn truncates them); ``'float'`` returns
        them as float64.
    indicator : str, default=None
        Add a last column of that name marking the rows the sampler added (``True``; the
        input's rows ``False``), as R themis's ``indicator_column``: a boolean column in a
        data frame or table, 0/1 in an array's dtype. In memory only (not streamed).
""",
    "attributes": """\
    sampling_strategy_ : dict
        Rows added per class.
    provenance_ : DrawnRecipe
        Where every synthetic row came from, held as the draws that made it (a count and
        the k neighbours per base row; arrays are built when first read): ``base``,
        ``neighbor`` (input row positions),
        ``gaps()`` and ``to_frame()``; synthetic row ``i`` is output row
        ``provenance_.first_row + i`` and equals ``X[base] + gap * (X[neighbor] - X[base])``.
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when X is a data frame with string column names.
""",
}
