"""SMOTE-N: SMOTE for nominal features only (Chawla et al. 2002, section 6.2)."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from sklearn.preprocessing import OrdinalEncoder

import smotekit.samplers.params as params
from smotekit.door import Features, Target, ingest_nominal
from smotekit.samplers._encoders import fitted_encoder
from smotekit.samplers.interpolation import ClassContext, InterpolationSampler
from smotekit.samplers.tags import tag_categorical
from smotekit.synthesis.vote import majority_vote


def class_probabilities(codes: np.ndarray, classes: np.ndarray, n_classes: int) -> np.ndarray:
    """``P[v, i] = C_vi / C_v``: the share of the rows holding value ``v`` that are of class i.

    ``codes`` are one column's value codes over *all* rows of the training data, ``classes``
    the rows' class indices.
    """
    n_values = int(codes.max()) + 1 if codes.size else 0
    counts = np.bincount(codes * n_classes + classes, minlength=n_values * n_classes)
    counts = counts.reshape(n_values, n_classes).astype(np.float64)
    return counts / np.maximum(counts.sum(axis=1, keepdims=True), 1.0)


def value_difference(probabilities: np.ndarray) -> np.ndarray:
    """The Value Difference Metric of one feature: ``delta[v1, v2]`` for all value pairs.

    ``delta(V1, V2) = sum_i |C1i / C1 - C2i / C2| ** k`` with ``k = 1`` (the paper's
    equation 1, Cost and Salzberg's modified VDM, which drops Stanfill and Waltz's weight and
    so is symmetric).

    Examples
    --------
    >>> import numpy as np
    >>> P = class_probabilities(np.array([0, 0, 1, 1, 2]), np.array([0, 1, 1, 1, 0]), 2)
    >>> value_difference(P)
    array([[0., 1., 1.],
           [1., 0., 2.],
           [1., 2., 0.]])
    """
    return np.abs(probabilities[:, None, :] - probabilities[None, :, :]).sum(axis=2)


def vdm_space(codes: np.ndarray, probabilities: list[np.ndarray]) -> np.ndarray:
    """Rows (of one class) where the squared Euclidean distance is the VDM distance.

    The paper's distance between rows X and Y is ``Delta = sum_f delta(x_f, y_f) ** r`` with
    ``r = 1`` (equation 2, exemplar weights 1), a sum over features and classes of
    ``|P[x_f, i] - P[y_f, i]|``. A difference ``|p - q|`` of numbers taken from a finite
    sorted set ``t_0 < t_1 < ...`` is the sum of the steps ``t_{l+1} - t_l`` lying between
    them; giving each row one coordinate ``sqrt(step)`` per step it lies above makes that sum
    the squared Euclidean distance. The neighbour engine (exact, ties by row order) then
    ranks rows by ``Delta`` itself. Only the values present in the class matter, so only
    their steps are used. With two classes ``P[v, 1] = 1 - P[v, 0]``: one class is enough,
    its steps counted twice.
    """
    n = codes.shape[0]
    blocks = []
    for j, P in enumerate(probabilities):
        n_classes = P.shape[1]
        used = range(1) if n_classes == 2 else range(n_classes)
        factor = 2.0 if n_classes == 2 else 1.0
        row_p = P[codes[:, j]]
        for i in used:
            levels = np.unique(row_p[:, i])
            if levels.shape[0] < 2:
                continue
            steps = np.sqrt(factor * np.diff(levels))
            rank = np.searchsorted(levels, row_p[:, i])
            # row above step l (levels[l] -> levels[l + 1]) iff its rank exceeds l
            above = rank[:, None] > np.arange(levels.shape[0] - 1)[None, :]
            blocks.append(above * steps[None, :])
    if not blocks:
        return np.zeros((n, 1), dtype=np.float64)
    return np.hstack(blocks)


class SMOTEN(InterpolationSampler):
    """SMOTE-N: Synthetic Minority Over-sampling TEchnique for Nominal features.

    As in the paper (section 6.2): the distance between two rows is the Value Difference
    Metric of Stanfill and Waltz as modified by Cost and Salzberg, computed from the class
    frequencies of every value over the whole training data,
    ``Delta(X, Y) = sum_f delta(x_f, y_f)`` with ``delta(V1, V2) = sum_i |C1i/C1 - C2i/C2|``;
    each base row's ``k_neighbors`` nearest rows of its own class are found with it, and the
    synthetic row takes, in every feature, the value held by the majority of the base row
    and those k neighbours (a tie broken at random by the call's generator). Nothing is
    interpolated: every value of a synthetic row is a value of the original data, in the
    column's own dtype, and original rows come back unchanged.

    Parameters
    ----------
    categorical_encoder : estimator, default=None
        imbalanced-learn's parameter: an encoder of the nominal values (default
        ``OrdinalEncoder(dtype=np.int32)``), fitted and kept as ``categorical_encoder_``
        for what users read from it; the resampling does not depend on how values are
        numbered.
    categorical_features : 'auto', 'all', array-like of int, str or bool, default='all'
        Which columns are nominal; SMOTE-N needs all of them to be. ``'all'`` (as
        imbalanced-learn): every column, whatever its dtype (integer or float codes are
        categories). ``'auto'``: the columns of a data frame with a category, object,
        string or bool dtype, or any numpy array of strings, objects or bools, and a
        refusal if another column is left. Positions, names or a boolean mask must cover
        every column.
    sampling_strategy : float, str, dict or callable, default='auto'
        How many rows to reach per class, as in :class:`smotekit.SMOTE`.
    random_state : int, Generator, RandomState or None, default=None
        Seed of the single random generator used for the whole call.
    k_neighbors : int or estimator, default=5
        Neighbours of each base row, or an object with ``fit`` and ``kneighbors`` built with
        ``n_neighbors = k + 1``; it is fitted on the class's rows encoded so that the squared
        Euclidean distance is the VDM distance.
    n_jobs : int, default=None
        Threads for the neighbour search (``None``/-1: all cores).
    percentage : float, default=None
        The paper's "SMOTE N%", as in :class:`smotekit.SMOTE`.
    allocation : {'even', 'random'}, default='even'
        How the new rows are spread over the base rows, as in :class:`smotekit.SMOTE`.
    indicator : str, default=None
        Add a last column of that name marking the rows the sampler added (``True``; the
        input's rows ``False``), as R themis's ``indicator_column``: a boolean column in a
        data frame or table, 0/1 in an array's dtype. In memory only (not streamed).

    Attributes
    ----------
    sampling_strategy_ : dict
        Rows added per class.
    categorical_features_ : ndarray of int
        Positions of the nominal columns (all of them).
    categorical_encoder_ : estimator
        ``categorical_encoder`` fitted on the nominal values.
    provenance_ : Recipe
        ``base`` of every synthetic row and, in ``nominal``, the codes of its voted values;
        ``neighbor`` is the base row itself and the gap 0, as nothing is interpolated.
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when X is a data frame with string column names.

    See Also
    --------
    SMOTENC : nominal and continuous features.

    Examples
    --------
    >>> import numpy as np
    >>> from smotekit import SMOTEN
    >>> X = np.array([["a", "x"], ["a", "y"], ["b", "x"], ["a", "x"], ["b", "y"],
    ...               ["b", "y"], ["a", "y"], ["b", "x"]], dtype=object)
    >>> y = np.array([0, 0, 0, 0, 0, 1, 1, 1])
    >>> X_res, y_res = SMOTEN(k_neighbors=2, random_state=0).fit_resample(X, y)
    >>> X_res.shape, int((y_res == 1).sum()), X_res.dtype
    ((10, 2), 5, dtype('O'))
    >>> set(X_res[:, 0]) <= {"a", "b"}
    True
    """

    why_all_rows = "its value difference metric counts every value in every class"

    #: Nothing is interpolated; these fix the shared body's modes (they are not parameters).
    gap: ClassVar[str] = "segment"
    integer_columns: ClassVar[str] = "round"

    _parameters: ClassVar[dict[str, params.Rule]] = {
        "categorical_features": params.categorical_features(),
        "categorical_encoder": params.estimator(
            "fit", example="sklearn.preprocessing.OrdinalEncoder()"
        ),
    }

    def __init__(
        self,
        categorical_encoder: Any = None,
        *,
        categorical_features: Any = "all",
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        k_neighbors: Any = 5,
        n_jobs: int | None = None,
        percentage: float | None = None,
        allocation: str = "even",
        indicator: str | None = None,
    ) -> None:
        self.categorical_encoder = categorical_encoder
        self.categorical_features = categorical_features
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.n_jobs = n_jobs
        self.percentage = percentage
        self.allocation = allocation
        self.indicator = indicator

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # like scikit-learn's OneHotEncoder: categorical input, ``string`` tag False since X
        # is validated element by element (an unhashable value is refused)
        return tag_categorical(tags)

    def read_features(self, X: Any) -> Features:
        features = ingest_nominal(
            X, self.categorical_features, require="all", sampler_name=type(self).__name__
        )
        self.categorical_features_ = features.nominal.columns
        self.categorical_encoder_ = fitted_encoder(
            self.categorical_encoder, features, OrdinalEncoder(dtype=np.int32)
        )
        return features

    def search_space(
        self, features: Features, target: Target, label: Any, rows: np.ndarray
    ) -> np.ndarray:
        # value frequencies per class over the whole training data, as the VDM prescribes
        _, classes = np.unique(target.labels, return_inverse=True)
        classes = classes.ravel()
        n_classes = int(classes.max()) + 1
        codes = features.nominal.codes
        probabilities = [
            class_probabilities(codes[:, j], classes, n_classes) for j in range(codes.shape[1])
        ]
        return vdm_space(codes[rows], probabilities)

    def place(
        self, ctx: ClassContext, base: np.ndarray, rng: np.random.Generator
    ) -> tuple[np.ndarray, np.ndarray]:
        # no interpolation: the recipe records the base row itself, at gap 0
        return ctx.rows[base], np.zeros(base.shape[0])

    def nominal_codes(
        self, ctx: ClassContext, base: np.ndarray, rng: np.random.Generator
    ) -> np.ndarray:
        # the paper: a majority vote of the feature vector in consideration and its k
        # nearest neighbours
        voters = np.hstack([np.arange(ctx.n_rows)[:, None], ctx.neighbors])
        return majority_vote(ctx.features.nominal.codes[ctx.rows], voters, base, rng)
