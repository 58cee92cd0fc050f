"""SVM-SMOTE's default SVM, trained on a large set by parts: libsvm's optimum, in a fraction
of its time.

An SVM's answer depends only on its support vectors: a row with ``y f(x) >= 1`` (outside the
margin, on its own side) has a zero dual coefficient. So the optimum on a subset ``S`` is the
optimum on all rows as soon as every row outside ``S`` lies outside the margin of the model
trained on ``S`` (the Karush-Kuhn-Tucker conditions of the full problem then hold, with zero
coefficients for the rows left out; the RBF kernel's problem is strictly convex, so that
optimum is *the* optimum). The training below finds such an ``S`` (Osuna's decomposition
with a shrinking working set, done with scikit-learn's own ``SVC`` on each part):

1. the first part is every k-th row (about ``FIRST_ROWS``), plus every row of a class with
   few rows, so that each class is there;
2. the model of the last part scores every row; the next part is that model's support
   vectors and every row with ``y f(x) < 1 + BAND`` (the margin and a band around it);
3. stop when no row outside the last part has ``y f(x) < 1``.

``gamma='scale'`` is computed on all rows, as a fit on all rows would. The kernel is scored
in float32 and summed in float64 in bounded blocks on the call's threads: 4 s for 200k rows
against 10.5k support vectors, where scikit-learn's ``decision_function`` (libsvm, one
thread) takes 15 s; its error (7e-6 there) is far below libsvm's stopping tolerance (1e-3),
so every row outside the margin by more than that tolerance is found.

What it gives: the same optimisation problem solved to the same tolerance as one fit on all
rows. libsvm's answer is only defined to that tolerance (rows whose coefficient is within it
of zero can go either way). Measured on 200k x 20 (the benchmark's shape F): by parts, 10,500
support vectors against one fit's 10,502, 10,492 in common, and 4,955 of the minority class
against 4,954, all of those in common; one fit on the same rows shuffled finds 10,497, 10,495
in common, so reordering the rows moves about as many. Time: 50 s against 194 s for the one
fit (libsvm 3.x in scikit-learn 1.9, one process alone on the machine).

Below ``PARTS_FROM`` rows, for more than two classes and for sparse input, the SVM is trained
in one fit on all rows.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from smotekit._parallel import chunks, parallel_map, single_threaded_blas

#: rows from which the default SVM is trained by parts (a fit on 30k rows takes seconds)
PARTS_FROM = 30_000
#: rows of the first part (every k-th row)
FIRST_ROWS = 20_000
#: a class with at most this many rows joins the first part whole
SMALL_CLASS = 5_000
#: the band kept around the margin: rows with ``y f(x) < 1 + BAND`` join the next part
BAND = 0.1
#: parts after which the working set only grows (a guarantee that the training ends)
SHRINKING_PARTS = 3
#: libsvm's kernel cache (MB). Its default, 200, was most of SVM-SMOTE's memory on 200k rows
#: (peak rise 297 MB for a 64 MB output); the parts are small, 40 does the same work.
CACHE_MB = 40
#: the scoring's blocks: rows x support vectors (12 MB a thread: the kernel in float32 and float64)
_ROWS, _COLUMNS = 512, 2048


def default_svm() -> Any:
    """SVM-SMOTE's SVM when the user gives none: an RBF ``SVC`` with ``gamma='scale'``."""
    from sklearn.svm import SVC

    return SVC(gamma="scale", cache_size=CACHE_MB)


def fit_default_svm(X: Any, labels: np.ndarray, threads: int) -> Any:
    """The default SVM fitted on ``(X, labels)``: by parts on large dense two-class data,
    else in one fit. ``support_`` holds positions in ``X`` either way."""
    import scipy.sparse as sp

    svm = default_svm()
    classes, counts = np.unique(labels, return_counts=True)
    n = len(labels)
    if sp.issparse(X) or n < PARTS_FROM or classes.size != 2:
        return svm.fit(X, labels)
    X = np.asarray(X, dtype=np.float64)
    variance = X.var()  # gamma='scale' as scikit-learn computes it, on all rows
    gamma = 1.0 / (X.shape[1] * variance) if variance != 0 else 1.0
    svm.set_params(gamma=gamma)
    sign = np.where(labels == classes[1], 1.0, -1.0)  # decision_function > 0: classes_[1]
    centre = X.mean(axis=0)  # the kernel is translation-invariant; centred terms cancel less

    part = _first_part(labels, classes, counts)
    for round_ in range(n):  # ends: after SHRINKING_PARTS the part grows every round
        svm.fit(X[part], labels[part])
        if part.size == n:
            break
        margin = sign * _rbf_decision(svm, X, gamma, centre, threads)
        inside = np.zeros(n, dtype=bool)
        inside[part] = True
        if not np.any((margin < 1) & ~inside):
            break
        keep = margin < 1 + BAND
        keep[part[svm.support_]] = True
        if round_ >= SHRINKING_PARTS:
            keep |= inside
        part = np.flatnonzero(keep)
        if part.size > n // 2:  # no gain left: one fit on all rows
            part = np.arange(n)
    svm.support_ = part[svm.support_].astype(svm.support_.dtype)
    svm.shape_fit_ = X.shape
    svm.set_params(gamma="scale")  # what it is: the 'scale' gamma of all rows, fitted on them
    return svm


def _first_part(labels: np.ndarray, classes: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Every k-th row, and every row of a class with at most ``SMALL_CLASS`` rows."""
    n = len(labels)
    take = np.zeros(n, dtype=bool)
    take[:: -(-n // FIRST_ROWS)] = True
    for label, count in zip(classes, counts, strict=True):
        if count <= SMALL_CLASS:
            take |= labels == label
    return np.flatnonzero(take)


def _rbf_decision(
    svm: Any, X: np.ndarray, gamma: float, centre: np.ndarray, threads: int
) -> np.ndarray:
    """``svm.decision_function(X)`` for a two-class RBF ``SVC``, in float32 on ``threads``;
    rows and support vectors are taken relative to ``centre`` (any point: the kernel only
    sees differences).

    ``exp(-g |x - s|^2)`` comes from one product of augmented rows, ``[x, 1, -g|x|^2]`` times
    ``[2g s, -g|s|^2, 1]``, so a block costs one GEMM, one ``exp`` and one product with the
    dual coefficients; scikit-learn's own scoring (libsvm, one thread) took 10x longer.
    """
    sv = np.asarray(svm.support_vectors_, dtype=np.float64) - centre
    d = sv.shape[1]
    right = np.empty((sv.shape[0], d + 2), dtype=np.float32)
    right[:, :d] = 2 * gamma * sv
    right[:, d] = -gamma * np.einsum("ij,ij->i", sv, sv)
    right[:, d + 1] = 1
    coef = np.asarray(svm.dual_coef_[0], dtype=np.float64)
    out = np.empty(X.shape[0])

    def block(span: tuple[int, int]) -> None:
        a, z = span
        x = X[a:z] - centre
        left = np.empty((z - a, d + 2), dtype=np.float32)
        left[:, :d] = x
        left[:, d] = 1
        left[:, d + 1] = -gamma * np.einsum("ij,ij->i", x, x)
        total = np.zeros(z - a)
        scratch = np.empty((z - a, _COLUMNS), dtype=np.float32)
        wide = np.empty((z - a, _COLUMNS))
        for p, q in chunks(right.shape[0], _COLUMNS):
            kernel, kernel64 = scratch[:, : q - p], wide[:, : q - p]
            np.matmul(left, right[p:q].T, out=kernel)
            np.exp(kernel, out=kernel)
            kernel64[...] = kernel
            total += kernel64 @ coef[p:q]
        out[a:z] = total + svm.intercept_[0]

    with single_threaded_blas():
        parallel_map(block, chunks(X.shape[0], _ROWS), threads)
    return out
