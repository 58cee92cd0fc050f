"""MLSMOTE (Charte, Rivera, del Jesus & Herrera, KBS 89, 2015): SMOTE for multi-label data.

``y`` is a 0/1 indicator matrix (one column per label), so it does not pass the single-label
door (:mod:`smotekit.door.target`); it is read here, as a CSR matrix of 0/1 whatever its
container, and given back in that container. ``X`` takes the door as for every sampler, and
the synthetic rows are a :class:`~smotekit.synthesis.Recipe` (seed, reference neighbour,
gap) rendered by the package's own kernels, so integer columns, float32, sparse ``X`` and
data frames come back exactly as SMOTE gives them.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar

import numpy as np
import scipy.sparse as sp

import smotekit.samplers.params as params
from smotekit.door import Features
from smotekit.door.labels import new_labels
from smotekit.door.runners import container_family
from smotekit.door.weights import ingest_weights
from smotekit.errors import (
    ClassTooSmallError,
    InvalidInputError,
    SmotekitWarning,
    user_stacklevel,
)
from smotekit.neighbors import kneighbors_within
from smotekit.samplers.base import BaseOverSampler, _check_aligned, make_rng
from smotekit.samplers.interpolation import GAP_MODES, INTEGER_MODES
from smotekit.samplers.outcome import resampled_weights, synthetic_outcome
from smotekit.synthesis import GapStream, Recipe

#: How a synthetic row's labels are chosen from its seed and the seed's k neighbours.
LABEL_GENERATION = ("ranking", "union", "intersection")

_SINGLE_LABEL_HINT = (
    "MLSMOTE over-samples multi-label data: y must be a 0/1 indicator matrix of shape "
    "(n_samples, n_labels), a 1 where the row has the label. For single-label (binary or "
    "multiclass) data use smotekit.SMOTE. If y lists each row's labels, turn it into a "
    "matrix first with sklearn.preprocessing.MultiLabelBinarizer."
)


# ---- y: the label matrix ---------------------------------------------------------------
@dataclass
class LabelMatrix:
    """``y`` as MLSMOTE reads it, and how to give it back in its container.

    Attributes
    ----------
    bits : csr_matrix of int64, shape (n_samples, n_labels)
        1 where the row has the label; no stored zeros.
    names : ndarray
        The labels as ``y`` names them: a data frame's column labels, else column positions.
    kind : {"numpy", "list", "sparse", "pandas"}
    original : object
        What the caller gave (for ``"numpy"``: the array, or the array read from another
        array-like, which then comes back as a numpy array).
    """

    bits: sp.csr_matrix
    names: np.ndarray
    kind: str
    original: Any

    def wrap(self, new_bits: sp.csr_matrix, index: Any = None) -> Any:
        """``y`` followed by ``new_bits`` (the synthetic rows' labels), in ``y``'s container.

        ``index``: the output's row labels when ``X`` was a data frame (a pandas ``y`` takes
        them); otherwise a pandas ``y`` keeps its own and new rows get fresh labels.
        """
        y = self.original
        if self.kind == "sparse":
            base = sp.csr_matrix(y)
            out = sp.vstack([base, new_bits.astype(y.dtype)], format="csr").asformat(y.format)
            return type(y)(out) if isinstance(y, sp.sparray) else out
        if self.kind == "pandas":
            return _pandas_labels_out(y, new_bits, index)
        values = np.asarray(y)
        out = np.concatenate([values, new_bits.toarray().astype(values.dtype)], axis=0)
        return out.tolist() if self.kind == "list" else out


def read_label_matrix(y: Any, n_rows: int) -> LabelMatrix:
    """Check ``y`` (a 0/1 indicator matrix with one row per row of ``X``) and read it.

    Raises
    ------
    InvalidInputError
        ``y`` is missing, 1-D, not 2-D, has no label column, holds values other than 0 and
        1 (or missing ones), or has another number of rows than ``X``.
    """
    if y is None:
        raise InvalidInputError(
            "MLSMOTE requires y, but y is None. Pass the labels of every row as a 0/1 "
            "indicator matrix (n_samples x n_labels): fit_resample(X, y)."
        )
    if sp.issparse(y):
        _check_shape(y.shape, y.ndim, n_rows)
        if y.dtype.kind not in "biuf":
            raise InvalidInputError(
                f"y has dtype {y.dtype}; a label matrix holds 0/1 numbers or booleans."
            )
        bits = sp.csr_matrix(y, copy=True)
        bits.sum_duplicates()
        _check_bits(bits.data, lambda i: _sparse_position(bits, i))
        bits.eliminate_zeros()
        return LabelMatrix(bits.astype(np.int64), np.arange(bits.shape[1]), "sparse", y)
    module = type(y).__module__.split(".")[0]
    if module == "pandas":
        return _read_pandas_labels(y, n_rows)
    kind = "list" if isinstance(y, list | tuple) else "numpy"
    try:
        values = np.asarray(y)
    except ValueError:  # rows of different lengths: label sets, not a matrix
        raise InvalidInputError(
            "y could not be read as a matrix (its rows have different lengths). "
            + _SINGLE_LABEL_HINT
        ) from None
    _check_shape(values.shape, values.ndim, n_rows)
    if values.dtype.kind not in "biuf":
        raise InvalidInputError(
            f"y has dtype {values.dtype}; a label matrix holds 0/1 numbers or booleans. "
            "Convert it first (e.g. y.astype(int) if it holds '0' and '1' as text)."
        )
    _check_bits(values, lambda i: tuple(int(v) for v in np.unravel_index(i, values.shape)))
    bits = sp.csr_matrix(values != 0).astype(np.int64)
    original = y if isinstance(y, np.ndarray) or kind == "list" else values
    return LabelMatrix(bits, np.arange(values.shape[1]), kind, original)


def _read_pandas_labels(y: Any, n_rows: int) -> LabelMatrix:
    import pandas as pd

    if not isinstance(y, pd.DataFrame):
        shape = getattr(y, "shape", (len(y),))
        _check_shape(shape, len(shape), n_rows)  # a Series is 1-D: refused there
    _check_shape(y.shape, 2, n_rows)
    for j in range(y.shape[1]):
        dtype = y.dtypes.iloc[j]
        numeric = pd.api.types.is_bool_dtype(dtype) or (
            pd.api.types.is_numeric_dtype(dtype)
            and not pd.api.types.is_complex_dtype(dtype)
            and not isinstance(dtype, pd.CategoricalDtype)
        )
        if not numeric:
            raise InvalidInputError(
                f"y's column {y.columns[j]!r} has dtype {dtype}; every column of a label "
                "matrix holds 0/1 numbers or booleans. Convert it first (e.g. "
                "y.astype(int))."
            )
    values = y.to_numpy(dtype=np.float64, na_value=np.nan)
    _check_bits(values, lambda i: tuple(int(v) for v in np.unravel_index(i, values.shape)))
    bits = sp.csr_matrix(values != 0).astype(np.int64)
    return LabelMatrix(bits, np.asarray(list(y.columns), dtype=object), "pandas", y)


def _check_shape(shape: tuple, ndim: int, n_rows: int) -> None:
    if ndim == 1:
        raise InvalidInputError(f"y is 1-D (shape {tuple(shape)}). " + _SINGLE_LABEL_HINT)
    if ndim != 2:
        raise InvalidInputError(f"y must be 2-D (n_samples x n_labels); got shape {shape}.")
    if shape[1] == 0:
        raise InvalidInputError(f"y has no label column (shape {shape}): nothing to balance.")
    if shape[0] != n_rows:
        raise InvalidInputError(
            f"X has {n_rows} rows but y has {shape[0]}; they must match one to one. Check "
            "that X and y come from the same rows (e.g. both after the same filtering)."
        )


def _check_bits(values: np.ndarray, where: Any) -> None:
    """Refuse values other than 0 and 1; ``where(i)`` names flat position ``i``."""
    flat = np.ravel(values)
    if flat.dtype.kind == "b":
        return
    if flat.dtype.kind == "f":
        missing = np.flatnonzero(np.isnan(flat))
        if missing.size:
            raise InvalidInputError(
                f"y has {missing.size} missing value(s) (NaN), first at (row, label) "
                f"{where(missing[0])}. Every row must say 0 or 1 for every label: fill them "
                "in (a missing label is usually 0) or drop those rows."
            )
    bad = np.flatnonzero((flat != 0) & (flat != 1))
    if bad.size:
        value = flat[bad[0]].item()
        raise InvalidInputError(
            f"y must be a 0/1 indicator matrix, but it holds {value!r} at (row, label) "
            f"{where(bad[0])} ({bad.size} value(s) other than 0 and 1). A 1 says the row "
            "has the label. If y holds the classes of several outputs (multi-output, not "
            "multi-label), MLSMOTE does not apply: resample each output on its own."
        )


def _sparse_position(bits: sp.csr_matrix, i: int) -> tuple[int, int]:
    """(row, column) of stored value ``i`` of a CSR matrix."""
    row = int(np.searchsorted(bits.indptr, i, side="right") - 1)
    return row, int(bits.indices[i])


def _pandas_labels_out(y: Any, new_bits: sp.csr_matrix, index: Any) -> Any:
    """A pandas ``y`` with the new rows appended: columns, dtypes and row labels kept."""
    import pandas as pd

    n_new = new_bits.shape[0]
    if index is None:
        name = None if isinstance(y.index, pd.MultiIndex) else y.index.name
        index = y.index.append(pd.Index(new_labels(y.index, n_new), name=name))
    if n_new == 0:
        out = y.copy()
        out.index = index
        return out
    block = pd.DataFrame(new_bits.toarray(), index=index[y.shape[0] :])
    block = block.astype({j: y.dtypes.iloc[j] for j in range(y.shape[1])})
    block.columns = y.columns
    out = pd.concat([y, block], axis=0)
    out.index = index
    return out


# ---- the imbalance measures ------------------------------------------------------------
def imbalance_ratios(counts: np.ndarray) -> tuple[np.ndarray, float, np.ndarray]:
    """IRLbl of every label, MeanIR, and the minority labels (positions, in column order).

    ``IRLbl(l) = max_j count(j) / count(l)``; MeanIR is their mean over the labels some row
    has (a label no row has has no ratio: ``inf``, left out of the mean, never minority).
    A label is a minority label when ``IRLbl > MeanIR``; a ratio within rounding of MeanIR
    is compared exactly, in rational numbers.

    Examples
    --------
    >>> irlbl, mean_ir, minority = imbalance_ratios(np.array([6, 3, 2]))
    >>> irlbl.tolist(), mean_ir, minority.tolist()
    ([1.0, 2.0, 3.0], 2.0, [2])
    """
    counts = np.asarray(counts, dtype=np.int64)
    present = counts > 0
    if not present.any():
        return np.full(counts.shape, np.inf), math.nan, np.zeros(0, dtype=np.intp)
    top = int(counts.max())
    irlbl = np.full(counts.shape, np.inf)
    irlbl[present] = top / counts[present]
    n_present = int(present.sum())
    mean_ir = math.fsum(irlbl[present].tolist()) / n_present
    minority = present & (irlbl > mean_ir)
    close = present & (np.abs(irlbl - mean_ir) <= 1e-9 * mean_ir)
    if close.any():
        values, times = np.unique(counts[present], return_counts=True)
        total = sum(
            (Fraction(top, int(c)) * int(t) for c, t in zip(values, times, strict=True)),
            Fraction(0),
        )
        exact = total / n_present
        for j in np.flatnonzero(close):
            minority[j] = Fraction(top, int(counts[j])) > exact
    return irlbl, mean_ir, np.flatnonzero(minority)


# ---- the synthetic label sets ----------------------------------------------------------
def label_sets(bits: sp.csr_matrix, members: np.ndarray, rule: str) -> sp.csr_matrix:
    """The label set of each synthetic row, from its seed and the seed's neighbours.

    ``members`` is ``(m, k + 1)``: row ``i`` holds the input positions of synthetic row
    ``i``'s seed and its ``k`` neighbours. A label is set by ``rule``: ``"ranking"``, when
    more than half of those ``k + 1`` rows have it (the paper's ``count > (k + 1) / 2``);
    ``"union"``, when any has it; ``"intersection"``, when all have it.

    Examples
    --------
    >>> bits = sp.csr_matrix(np.array([[1, 1, 0], [1, 0, 0], [1, 1, 1]]))
    >>> members = np.array([[0, 1, 2]])
    >>> [label_sets(bits, members, r).toarray().tolist() for r in LABEL_GENERATION]
    [[[1, 1, 0]], [[1, 1, 1]], [[1, 0, 0]]]
    """
    m, width = members.shape
    pick = sp.csr_matrix(
        (
            np.ones(members.size, dtype=np.int64),
            members.ravel().astype(np.int64),
            np.arange(0, members.size + 1, width, dtype=np.int64),
        ),
        shape=(m, bits.shape[0]),
    )
    votes = sp.csr_matrix(pick @ bits)  # how many of the k + 1 rows have each label
    if rule == "ranking":
        keep = 2 * votes.data > width
    elif rule == "union":
        keep = votes.data > 0
    else:
        keep = votes.data == width
    votes.data = keep.astype(np.int64)
    votes.eliminate_zeros()
    return votes


@dataclass
class Draws:
    """The synthetic rows MLSMOTE makes: their recipe and their labels."""

    recipe: Recipe
    label_bits: sp.csr_matrix


def draw_rows(
    X: Any,
    labels: LabelMatrix,
    minority: np.ndarray,
    *,
    k: int,
    rule: str,
    box: bool,
    rng: np.random.Generator,
    n_jobs: int | None,
) -> Draws:
    """One synthetic row per (minority label, row having it), label by label in column
    order, seeds in input order within a label."""
    bits = labels.bits
    n, d = X.shape
    csc = bits.tocsc()
    csc.sort_indices()
    box_seed = int(rng.integers(0, 2**63 - 1)) if box else None
    seeds, refs, gaps, which, sets = [], [], [], [], []
    for j in minority:
        rows = csc.indices[csc.indptr[j] : csc.indptr[j + 1]].astype(np.intp)
        k_l = min(k, rows.shape[0] - 1)  # a bag of k rows or fewer: all its other rows
        near = kneighbors_within(X[rows], k_l, n_jobs=n_jobs)
        pick = rng.integers(0, k_l, size=rows.shape[0])
        seeds.append(rows)
        refs.append(rows[near[np.arange(rows.shape[0]), pick]])
        if not box:
            gaps.append(rng.random(rows.shape[0]))
        which.append(np.full(rows.shape[0], j, dtype=np.intp))
        sets.append(label_sets(bits, np.concatenate([rows[:, None], rows[near]], axis=1), rule))
    empty = np.zeros(0, dtype=np.intp)
    base = np.concatenate(seeds) if seeds else empty
    neighbor = np.concatenate(refs) if refs else empty
    gap: Any = GapStream(box_seed, d) if box_seed is not None else np.zeros(0)
    if gaps:
        gap = np.concatenate(gaps)
    names = labels.names[np.concatenate(which)] if which else labels.names[:0]
    recipe = Recipe(names, base, neighbor, gap, first_row=n)
    if sets:
        new_bits = sp.vstack(sets, format="csr")
    else:
        new_bits = sp.csr_matrix((0, bits.shape[1]), dtype=np.int64)
    return Draws(recipe, new_bits)


# ---- the sampler -----------------------------------------------------------------------
class MLSMOTE(BaseOverSampler):
    """Multilabel SMOTE: synthetic rows for the minority labels of multi-label data.

    ``y`` is a 0/1 indicator matrix, one column per label. Each label's imbalance is
    measured by ``IRLbl = (count of the most frequent label) / (count of the label)``, and
    ``MeanIR`` is their mean; every label whose IRLbl is above MeanIR is a *minority label*.
    For each minority label (in column order) and each row having it (the *seed*, in input
    order), the seed's ``k_neighbors`` nearest rows among those having the label are found
    (Euclidean distance on ``X``), one of them is drawn at random as the reference, and one
    synthetic row is made: features ``seed + gap * (reference - seed)`` with ``gap``
    uniform in [0, 1], labels voted by the seed and its ``k_neighbors`` neighbours
    (``label_generation``). The number of new rows is thus set by the data, as in the
    paper: one per (minority label, row having it).

    Parameters
    ----------
    random_state : int, Generator, RandomState or None, default=None
        Seed of the single random generator used for the whole call.
    k_neighbors : int, default=5
        Neighbours of each seed among the rows having the label (the paper's k=5). A label
        that only ``k`` rows or fewer have uses all its other rows (the paper's "head" of
        the sorted distances is then the whole bag), and the ranking's majority is taken
        over those rows.
    label_generation : {'ranking', 'union', 'intersection'}, default='ranking'
        The synthetic row's labels, from its seed and the seed's k neighbours (the paper's
        three methods; ranking is its default): ``'ranking'``, the labels more than half
        of these ``k + 1`` rows have (``count > (k + 1) / 2`` in the paper's Algorithm 1);
        ``'union'``, the labels any of them has; ``'intersection'``, those all of them
        have. The minority label being processed is always set (all these rows have it).
    gap : {'box', 'segment'}, default='box'
        ``'box'`` (the paper's Algorithm 1, which draws a random number for each numeric
        attribute): one uniform gap per attribute, a point in the box the seed and its
        reference span. ``'segment'``: one gap per synthetic row, a point on the segment
        between them (smotekit's SMOTE default, after the SMOTE paper's text).
    n_jobs : int, default=None
        Threads for the neighbour search and the synthesis (``None``/-1: all cores). The
        output for a seed is identical whatever the value.
    integer_columns : {'round', 'float'}, default='round'
        As in :class:`smotekit.SMOTE`: integer (and bool) columns of ``X`` are rounded and
        keep their dtype, or come back as float64.

    Attributes
    ----------
    irlbl_ : ndarray of shape (n_labels,)
        IRLbl of each label, measured on the input (``inf`` for a label no row has: it has
        no ratio, takes no part in MeanIR and is never a minority label).
    mean_ir_ : float
        MeanIR, the mean IRLbl of the labels some row has (NaN when no row has any label).
    minority_labels_ : ndarray
        The minority labels, in the order they were processed (column order), named as
        ``y`` names them: a data frame's column labels, else column positions.
    sampling_strategy_ : dict
        Rows added per minority label (the number of rows having it).
    seeds_ : ndarray of int
        Input position of each synthetic row's seed (output rows ``n_samples`` on, in order).
    references_ : ndarray of int
        Input position of each synthetic row's reference neighbour.
    provenance_ : Recipe
        The same as a recipe: ``labels`` (the minority label each row was made for),
        ``base`` (= ``seeds_``), ``neighbor`` (= ``references_``), ``gaps()`` and
        ``to_frame()``; synthetic row ``i`` is output row ``provenance_.first_row + i``.
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when X is a data frame with string column names.

    Notes
    -----
    Imbalance is measured once, on the input: IRLbl, MeanIR, the minority labels and the
    rows having each label are fixed before any row is made, and a row made for one label
    is never a seed, a neighbour or a count for another. The paper's Algorithm 1 computes
    MeanIR once, before its loop over the labels, but calls ``calculateIRperLabel(D,
    label)`` inside that loop, while it adds each new row to ``D``; read to the letter, a
    label later in the column order would be measured, and find its rows, among the rows
    made for the labels before it, and the result would depend on the order of the
    columns. The R package mldr.resampling and a Java port for Mulan measure once, on the
    input, as here.

    When no label is a minority label (every label equally frequent, say), a
    :class:`~smotekit.SmotekitWarning` says so and the data come back unchanged: a fold of
    a cross-validation may be balanced. A minority label that only one row has cannot be
    interpolated and is refused (:class:`~smotekit.ClassTooSmallError`).

    ``X`` must be numeric (dense or sparse): the paper's HVDM distance and its vote for
    nominal attributes are not implemented. ``y`` may be a numpy array, a nested list, a
    scipy.sparse matrix or array, or a pandas DataFrame of 0/1 (or boolean) columns, and
    comes back in the same container, its dtype, columns and row labels kept (new rows get
    new labels, as for ``X``).

    References
    ----------
    F. Charte, A. J. Rivera, M. J. del Jesus and F. Herrera, "MLSMOTE: Approaching
    imbalanced multilabel learning through synthetic instance generation", Knowledge-Based
    Systems 89, 385-397, 2015.

    Examples
    --------
    >>> from sklearn.datasets import make_multilabel_classification
    >>> from smotekit import MLSMOTE
    >>> X, y = make_multilabel_classification(n_samples=300, n_classes=5, random_state=0)
    >>> y.sum(axis=0)
    array([ 95, 136, 110, 124, 106])
    >>> sampler = MLSMOTE(random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> sampler.minority_labels_, sampler.sampling_strategy_
    (array([0, 2, 4]), {0: 95, 2: 110, 4: 106})
    >>> X_res.shape, y_res.sum(axis=0)
    ((611, 20), array([238, 286, 300, 256, 281]))

    Labels 0, 2 and 4 (IRLbl above MeanIR, ``sampler.irlbl_`` and ``sampler.mean_ir_``)
    made one row per row having them (95 + 110 + 106 = 311); each new row also carries
    the labels most of its seed's neighbourhood has, so the other labels' counts grow too.
    """

    _parameters: ClassVar[dict[str, params.Rule]] = {
        "k_neighbors": params.integer(
            1, " (neighbours of each seed among the rows having its label; the paper uses 5)"
        ),
        "label_generation": params.choice(*LABEL_GENERATION),
        "gap": params.choice(*GAP_MODES),
        "integer_columns": params.choice(*INTEGER_MODES),
    }
    why_all_rows = "its label matrix is read whole, in memory"

    def __init__(
        self,
        *,
        random_state: Any = None,
        k_neighbors: int = 5,
        label_generation: str = "ranking",
        gap: str = "box",
        n_jobs: int | None = None,
        integer_columns: str = "round",
    ) -> None:
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.label_generation = label_generation
        self.gap = gap
        self.n_jobs = n_jobs
        self.integer_columns = integer_columns

    def fit(self, X: Any, y: Any) -> MLSMOTE:
        """Check the inputs and measure the labels' imbalance (``irlbl_``, ``mean_ir_``,
        ``minority_labels_``, ``sampling_strategy_``); ``fit_resample`` makes the rows.

        Returns
        -------
        self : object
        """
        labels = _read_inputs(self, X, y)[1]
        _measure(self, labels)
        for name in ("provenance_", "seeds_", "references_"):  # a former call's rows
            if hasattr(self, name):
                delattr(self, name)
        return self

    def fit_resample(
        self, X: Any, y: Any, *, sample_weight: Any = None, **params: Any
    ) -> tuple[Any, ...]:
        """Add one synthetic row per (minority label, row having it).

        Parameters
        ----------
        X : {array-like, DataFrame, sparse matrix} of shape (n_samples, n_features)
            Numeric features.
        y : {array-like, DataFrame, sparse matrix} of shape (n_samples, n_labels)
            0/1 indicator matrix of the labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the rows, returned third: original rows keep theirs; a synthetic
            row weighs ``w[seed] + g * (w[reference] - w[seed])`` (``g`` its gap, averaged
            over the attributes in box mode).

        Returns
        -------
        X_resampled, y_resampled[, sample_weight_resampled]
            Original rows first (unchanged), then the synthetic rows, in the containers
            ``X`` and ``y`` came in.
        """
        self._check_fit_params(params)
        features, labels = _read_inputs(self, X, y)
        weights = None if sample_weight is None else ingest_weights(sample_weight, features.n_rows)
        minority = _measure(self, labels)
        rng = make_rng(self.random_state)
        draws = draw_rows(
            features.numeric,
            labels,
            minority,
            k=self.k_neighbors,
            rule=self.label_generation,
            box=self.gap == "box",
            rng=rng,
            n_jobs=self.n_jobs,
        )
        self.provenance_ = draws.recipe
        self.seeds_ = draws.recipe.base
        self.references_ = draws.recipe.neighbor
        outcome = synthetic_outcome(
            features,
            draws.recipe,
            round_integers=self.integer_columns == "round",
            n_jobs=self.n_jobs,
        )
        X_out, index = features.assemble(
            None,
            np.zeros(0, dtype=np.intp),
            outcome.n_synthetic,
            outcome.fill,
            outcome.build_sparse,
            integers_as_float=outcome.integers_as_float,
            parents=draws.recipe,
        )
        y_out = labels.wrap(draws.label_bits, index)
        if weights is None:
            return X_out, y_out
        return X_out, y_out, resampled_weights(weights, outcome, features.n_rows)

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        tags.target_tags.single_output = False
        tags.target_tags.two_d_labels = True
        return tags


def _plain(value: Any) -> Any:
    """A numpy scalar as the Python value (dict keys that print as ``0``, not ``np.int64(0)``)."""
    return value.item() if isinstance(value, np.generic) else value


def _read_inputs(sampler: MLSMOTE, X: Any, y: Any) -> tuple[Features, LabelMatrix]:
    """Check the parameters, ``X`` (numeric, through the door) and ``y`` (a label matrix)."""
    sampler.check_params()
    if container_family(X) != "memory" or container_family(y) != "memory":
        raise InvalidInputError(
            "MLSMOTE resamples in memory: compute the Dask collections first "
            "(X.compute(), y.compute())."
        )
    features = sampler.read_features(X)
    _check_aligned(X, y)
    labels = read_label_matrix(y, features.n_rows)
    sampler.n_features_in_ = features.n_features
    if features.feature_names_in is not None:
        sampler.feature_names_in_ = features.feature_names_in
    elif hasattr(sampler, "feature_names_in_"):
        del sampler.feature_names_in_
    return features, labels


def _measure(sampler: MLSMOTE, labels: LabelMatrix) -> np.ndarray:
    """Set the imbalance attributes; return the minority labels' positions (checked)."""
    counts = np.asarray(labels.bits.sum(axis=0)).ravel()
    irlbl, mean_ir, minority = imbalance_ratios(counts)
    for j in minority:
        if counts[j] < 2:
            name = _plain(labels.names[j])
            drop = {
                "pandas": f"y.drop(columns=[{name!r}])",
                "sparse": f"y[:, numpy.r_[0:{j}, {j + 1}:y.shape[1]]]",
            }.get(labels.kind, f"numpy.delete(y, {j}, axis=1)")
            raise ClassTooSmallError(
                f"Label {name!r} is a minority label (IRLbl {irlbl[j]:.4g} > MeanIR "
                f"{mean_ir:.4g}), but only one row has it: MLSMOTE places each new row "
                "between a row having the label and a neighbour having it too, so it needs "
                f"at least 2 such rows. Drop that column from y ({drop}) to resample the "
                "other labels, or gather more rows having it."
            )
    sampler.irlbl_ = irlbl
    sampler.mean_ir_ = mean_ir
    sampler.minority_labels_ = labels.names[minority]
    sampler.sampling_strategy_ = {_plain(labels.names[j]): int(counts[j]) for j in minority}
    if minority.size == 0:
        why = (
            "no row has any label"
            if math.isnan(mean_ir)
            else f"no label's IRLbl is above MeanIR = {mean_ir:.4g}"
        )
        warnings.warn(
            f"MLSMOTE found no minority label ({why}): the data are returned unchanged.",
            SmotekitWarning,
            stacklevel=user_stacklevel(),
        )
    return minority
