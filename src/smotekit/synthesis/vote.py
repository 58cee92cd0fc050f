"""Nominal values of synthetic rows by majority vote (SMOTE-NC and SMOTE-N, paper section 6).

A nominal value cannot be interpolated; the paper gives a synthetic row, in each nominal
feature, the value held by the majority of a group of rows (SMOTE-NC: the base row's k nearest
neighbours; SMOTE-N: the base row and its k nearest neighbours). When several values tie for
the most votes, one of them is drawn uniformly by the call's random generator, separately for
every synthetic row, so rows made from the same base may differ only where the vote is split.
"""

from __future__ import annotations

import numpy as np

#: Voter-by-voter comparisons kept in memory at once (rows x voters x voters booleans).
_CELLS = 1 << 22


def majority_vote(
    codes: np.ndarray, voters: np.ndarray, base: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """The voted code of every nominal column for every synthetic row.

    Parameters
    ----------
    codes : ndarray of int, shape (n_rows, n_nominal)
        Codes of the nominal values of the class's rows.
    voters : ndarray of int, shape (n_rows, n_voters)
        For each row of the class, the local indices of the rows that vote for it.
    base : ndarray of int, shape (n_synthetic,)
        Local index of the base row of each synthetic row.
    rng : numpy Generator
        Breaks ties; drawn from only for synthetic rows whose vote is tied, column by column.

    Returns
    -------
    ndarray of intp, shape (n_synthetic, n_nominal)

    Examples
    --------
    >>> import numpy as np
    >>> codes = np.array([[0], [1], [1], [2]])
    >>> voters = np.array([[1, 2, 3], [0, 2, 3], [0, 1, 3], [0, 1, 2]])
    >>> majority_vote(codes, voters, np.array([0, 3]), np.random.default_rng(0)).ravel()
    array([1, 1])
    """
    n_rows, n_voters = voters.shape
    out = np.empty((base.shape[0], codes.shape[1]), dtype=np.intp)
    step = max(1, _CELLS // max(1, n_voters * n_voters))
    for j in range(codes.shape[1]):
        ballots = codes[:, j][voters]  # (n_rows, n_voters)
        candidate = np.empty(ballots.shape, dtype=bool)
        for start in range(0, n_rows, step):
            b = ballots[start : start + step]
            same = b[:, :, None] == b[:, None, :]
            votes = same.sum(axis=2)
            # a value stands once, at its first ballot, so a tie is uniform over values
            first = ~np.tril(same, k=-1).any(axis=2)
            candidate[start : start + step] = first & (votes == votes.max(axis=1, keepdims=True))
        n_candidates = candidate.sum(axis=1)
        pick = candidate.argmax(axis=1)[base]
        tied = np.flatnonzero(n_candidates[base] > 1)
        if tied.size:
            score = np.where(candidate[base[tied]], rng.random((tied.size, n_voters)), -1.0)
            pick[tied] = score.argmax(axis=1)
        out[:, j] = ballots[base, pick]
    return out
