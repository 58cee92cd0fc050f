"""Exact duplicate rows, within a class and across classes.

Duplicates matter to SMOTE twice. A row's copy is its nearest neighbour at distance 0, and the
segment between them is a single point: SMOTE then makes more copies, not new points. And a
feature vector that occurs with two labels is an irreducible error: no sampler and no
classifier can put the two copies on different sides of a boundary; synthesising around it
adds minority points exactly where the majority is.

Rows are compared on their exact input values (nominal values by equality).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from smotekit.diagnosis.results import plain


@dataclass
class Duplicates:
    """Duplicate rows of a data set.

    Attributes
    ----------
    duplicate_rows : int
        Rows equal to an earlier row (``n_rows - distinct_rows``).
    distinct_rows : int
    conflicting_groups : int
        Distinct feature vectors that occur with more than one label.
    rows_in_conflict : int
        Rows whose feature vector also occurs with another label.
    within : dict
        Per class: its rows that have an exact copy in the same class.
    cross : dict
        Per class: its rows whose feature vector also occurs with another label.
    """

    duplicate_rows: int
    distinct_rows: int
    conflicting_groups: int
    rows_in_conflict: int
    within: dict
    cross: dict


def find_duplicates(raw: np.ndarray, labels: np.ndarray) -> Duplicates:
    """Count exact duplicate rows of ``raw``, per class and across classes.

    Parameters
    ----------
    raw : ndarray of shape (n, d)
        The rows as numbers (nominal values as codes).
    labels : ndarray of shape (n,)

    Returns
    -------
    Duplicates

    Examples
    --------
    >>> import numpy as np
    >>> raw = np.array([[1.0, 2.0], [1.0, 2.0], [1.0, 2.0], [5.0, 5.0]])
    >>> d = find_duplicates(raw, np.array(["a", "a", "b", "b"]))
    >>> d.duplicate_rows, d.rows_in_conflict, d.within, d.cross
    (2, 3, {'a': 2, 'b': 0}, {'a': 2, 'b': 1})
    """
    n = raw.shape[0]
    classes, label_codes = np.unique(labels, return_inverse=True)
    _, group = np.unique(np.asarray(raw), axis=0, return_inverse=True)
    group = group.ravel()
    n_groups = int(group.max()) + 1 if n else 0
    # rows per (group, class) and distinct classes per group
    pair = group.astype(np.int64) * classes.size + label_codes
    pair_count = np.bincount(pair, minlength=n_groups * classes.size).reshape(
        n_groups, classes.size
    )
    labels_per_group = (pair_count > 0).sum(axis=1)
    in_conflict = labels_per_group[group] > 1
    has_twin = pair_count[group, label_codes] > 1
    within = {
        plain(c): int(np.count_nonzero(has_twin & (label_codes == i)))
        for i, c in enumerate(classes)
    }
    cross = {
        plain(c): int(np.count_nonzero(in_conflict & (label_codes == i)))
        for i, c in enumerate(classes)
    }
    return Duplicates(
        duplicate_rows=n - n_groups,
        distinct_rows=n_groups,
        conflicting_groups=int(np.count_nonzero(labels_per_group > 1)),
        rows_in_conflict=int(np.count_nonzero(in_conflict)),
        within=within,
        cross=cross,
    )
