"""The space the diagnosis measures distances in: HVDM, as in the typology's paper.

Napierala & Stefanowski (2016) find each example's neighbours with the Heterogeneous Value
Difference Metric (HVDM; Wilson & Martinez, "Improved heterogeneous distance functions",
JAIR 6, 1997). Its per-attribute distances are

* numeric attribute ``a``: ``|x - y| / (4 sigma_a)`` (``sigma_a`` its standard deviation);
* nominal attribute ``a``: ``sqrt(sum_c (P(c | a = x) - P(c | a = y))**2)``, the normalised
  Value Difference Metric: two values are close when the classes occur with them at similar
  rates;

and ``HVDM(x, y) = sqrt(sum_a d_a(x, y)**2)``. Both parts are Euclidean distances of an
embedding: a numeric column divided by ``4 sigma``, and a nominal column replaced by one
column per class holding ``P(c | value)``. So HVDM is computed *exactly* as the Euclidean
distance of :class:`FeatureSpace` rows, and the library's exact neighbour search serves it.

``metric="euclidean"`` uses the raw values instead (what SMOTE itself sees); it needs every
column numeric. Missing values are refused with the library's usual message (impute first):
a diagnosis of imputed data should say what it measured.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from smotekit.door import ingest_features, ingest_nominal
from smotekit.errors import InvalidInputError, InvalidParameterError, NonNumericFeatureError

METRICS = ("hvdm", "euclidean")
#: Sparse input is densified for the diagnosis up to this many cells.
MAX_DENSE_CELLS = 50_000_000

_WHO = "diagnose"


@dataclass
class FeatureSpace:
    """A fitted embedding in which Euclidean distance is the diagnosis's distance.

    Attributes
    ----------
    metric : str
        ``"hvdm"`` or ``"euclidean"``.
    nominal_mask : ndarray of bool
        Which input columns are nominal.
    column_names : list of str
    classes : ndarray
        The class labels, sorted; the order of the VDM columns.
    raw : ndarray of shape (n_rows, n_features)
        The input values as numbers (nominal columns as codes): exact duplicates are found here.
    """

    metric: str
    nominal_mask: np.ndarray
    column_names: list[str]
    classes: np.ndarray
    raw: np.ndarray
    center: np.ndarray
    scale: np.ndarray
    vdm_tables: list[np.ndarray]  # per nominal column: (n_values, n_classes) P(c | value)
    nominal_values: list[Any]  # per nominal column: its distinct values, in code order
    prior: np.ndarray  # class shares: the VDM vector of a value never seen in X

    @property
    def n_numeric(self) -> int:
        return int((~self.nominal_mask).sum())

    @property
    def n_nominal(self) -> int:
        return int(self.nominal_mask.sum())

    def describe(self) -> str:
        """One sentence saying what distance the numbers were measured with."""
        if self.metric == "euclidean":
            return (
                f"Euclidean distance on the raw values of the {self.n_numeric} numeric "
                "column(s), as SMOTE itself measures it"
            )
        parts = []
        if self.n_numeric:
            parts.append(f"{self.n_numeric} numeric column(s) scaled by 4 standard deviations")
        if self.n_nominal:
            parts.append(
                f"{self.n_nominal} nominal column(s) compared by the Value Difference Metric "
                "(class frequencies of each value)"
            )
        return "HVDM (Wilson & Martinez 1997): " + "; ".join(parts)

    def embed(self, numbers: np.ndarray, codes: np.ndarray | None) -> np.ndarray:
        """Rows in the space: ``numbers`` are the numeric columns, ``codes`` the nominal ones.

        A code of ``-1`` (a value not seen when fitting) gets the class shares as its VDM
        vector: the class rates of a value one knows nothing about.
        """
        out = [(numbers - self.center) * self.scale]
        if codes is not None:
            for j, table in enumerate(self.vdm_tables):
                c = codes[:, j]
                block = np.where((c >= 0)[:, None], table[np.maximum(c, 0)], self.prior[None])
                out.append(block)
        return np.ascontiguousarray(np.hstack(out), dtype=np.float64)

    def transform(self, X: Any) -> np.ndarray:
        """Embed new rows (e.g. a resampled ``X``) given in the container ``X`` came in."""
        numbers, codes = self._read(X)
        return self.embed(numbers, codes)

    def read_raw(self, X: Any) -> np.ndarray:
        """New rows as numbers comparable with :attr:`raw` (nominal values as X's codes)."""
        numbers, codes = self._read(X)
        if codes is None:
            return numbers
        out = np.empty((numbers.shape[0], self.nominal_mask.shape[0]), dtype=np.float64)
        out[:, ~self.nominal_mask] = numbers
        out[:, self.nominal_mask] = codes
        return out

    def _read(self, X: Any) -> tuple[np.ndarray, np.ndarray | None]:
        if not self.nominal_mask.any():
            feats = ingest_features(X, numeric=True, sampler_name=_WHO)
            values = _dense(feats.numeric)
            if values.shape[1] != self.nominal_mask.shape[0]:
                raise InvalidInputError(
                    f"The resampled X has {values.shape[1]} column(s), the original "
                    f"{self.nominal_mask.shape[0]}; they must have the same columns."
                )
            return values.astype(np.float64, copy=False), None
        feats = ingest_nominal(X, self.nominal_mask, require="any", sampler_name=_WHO)
        numbers = feats.numeric[:, ~self.nominal_mask]
        new = feats.nominal
        codes = np.empty_like(new.codes)
        import pandas as pd

        for j in range(new.codes.shape[1]):
            # the new table's own codes are translated to X's codes by value
            translate = pd.Index(self.nominal_values[j]).get_indexer(pd.Index(new.values[j]))
            codes[:, j] = translate[new.codes[:, j]]
        return numbers, codes


def _dense(values: Any) -> np.ndarray:
    if sp.issparse(values):
        cells = values.shape[0] * values.shape[1]
        if cells > MAX_DENSE_CELLS:
            raise InvalidInputError(
                f"X is sparse with {values.shape[0]} x {values.shape[1]} = {cells} cells; the "
                f"diagnosis works on dense rows up to {MAX_DENSE_CELLS} cells. Diagnose a "
                "stratified sample of the rows (e.g. sklearn.model_selection.train_test_split "
                "with stratify=y) or reduce the columns first."
            )
        return values.toarray()
    return np.asarray(values)


def fit_space(
    X: Any, labels: np.ndarray, *, metric: str = "hvdm", categorical_features: Any = "auto"
) -> tuple[FeatureSpace, np.ndarray]:
    """Read ``X``, decide its nominal columns and return the space and the embedded rows.

    Parameters
    ----------
    X : array-like, DataFrame or sparse matrix of shape (n_rows, n_features)
    labels : ndarray of shape (n_rows,)
        The class of every row (the VDM part of HVDM counts classes per value).
    metric : {"hvdm", "euclidean"}, default="hvdm"
    categorical_features : "auto", "all" or list, default="auto"
        Nominal columns, as for :class:`smotekit.SMOTENC`. ``"auto"``: none when every column
        is numeric, else the data frame's category/object/string/bool columns.

    Returns
    -------
    space : FeatureSpace
    Z : ndarray of shape (n_rows, n_dims)
        The rows in the space: Euclidean distances there are the diagnosis's distances.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[0.0, 10.0], [2.0, 10.0], [4.0, 40.0]])
    >>> space, Z = fit_space(X, np.array([0, 0, 1]))
    >>> bool(np.isclose(np.linalg.norm(Z[0] - Z[1]), 2.0 / (4 * X[:, 0].std())))
    True
    """
    if metric not in METRICS:
        raise InvalidParameterError(f"metric={metric!r} is not valid; choose one of {METRICS}.")
    nominal = None
    auto = isinstance(categorical_features, str) and categorical_features == "auto"
    # None or an empty list say "no nominal column": the numeric path, as for "auto"
    empty = categorical_features is None or (
        not isinstance(categorical_features, str) and len(categorical_features) == 0
    )
    if not auto and not empty:
        feats = ingest_nominal(X, categorical_features, require="any", sampler_name=_WHO)
        nominal = feats.nominal
    else:
        try:
            feats = ingest_features(X, numeric=True, sampler_name=_WHO)
        except NonNumericFeatureError:
            feats = ingest_nominal(X, "auto", require="any", sampler_name=_WHO)
            nominal = feats.nominal
    raw = _dense(feats.numeric).astype(np.float64, copy=False)
    n, d = raw.shape
    mask = np.zeros(d, dtype=bool) if nominal is None else np.asarray(nominal.mask, dtype=bool)
    if metric == "euclidean" and mask.any():
        names = [feats.column_names[j] for j in np.flatnonzero(mask)]
        raise NonNumericFeatureError(
            f"metric='euclidean' measures raw numeric values, but X has nominal column(s) "
            f"{names[:10]}. Use metric='hvdm' (nominal values compared by the class rates they "
            "occur with), or encode them first."
        )
    classes, label_codes = np.unique(labels, return_inverse=True)
    numbers = raw[:, ~mask]
    if metric == "hvdm":
        center = numbers.mean(axis=0)
        sigma = numbers.std(axis=0)
        # a constant column contributes no distance: its scale is 0, not 1/0
        scale = np.divide(1.0, 4.0 * sigma, out=np.zeros_like(sigma), where=sigma > 0)
    else:
        center = np.zeros(numbers.shape[1])
        scale = np.ones(numbers.shape[1])
    prior = np.bincount(label_codes, minlength=classes.size) / n
    tables, values = [], []
    codes = None
    if mask.any():
        assert nominal is not None
        codes = np.asarray(nominal.codes, dtype=np.intp)
        for j in range(codes.shape[1]):
            n_values = len(nominal.values[j])
            counts = np.zeros((n_values, classes.size))
            np.add.at(counts, (codes[:, j], label_codes), 1.0)
            tables.append(counts / counts.sum(axis=1, keepdims=True))
            values.append(nominal.values[j])
    space = FeatureSpace(
        metric=metric,
        nominal_mask=mask,
        column_names=list(feats.column_names),
        classes=classes,
        raw=raw,
        center=center,
        scale=scale,
        vdm_tables=tables,
        nominal_values=values,
        prior=prior,
    )
    return space, space.embed(numbers, codes)
