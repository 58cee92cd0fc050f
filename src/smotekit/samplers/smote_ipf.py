"""SMOTE-IPF (Saez et al. 2015): SMOTE, then the iterative-partitioning filter over all rows."""

from __future__ import annotations

from typing import Any, ClassVar

from sklearn.base import clone

import smotekit.samplers.params as params
from smotekit.errors import InvalidParameterError
from smotekit.samplers.base import BaseSampler
from smotekit.samplers.combine import _OverThenClean
from smotekit.samplers.partition_filter import IterativePartitioningFilter


class SMOTEIPF(_OverThenClean):
    """SMOTE, then the iterative-partitioning filter (IPF) over original and new rows.

    SMOTE fills the minority class with new rows; IPF then removes, from every class, the
    rows that classifiers built on parts of the data misclassify, round after round, until
    three rounds in a row each find fewer than 1% of the rows (see
    :class:`IterativePartitioningFilter`). The filter cleans the noise in the data and the
    noise SMOTE made (new rows placed among the other class). Ranked among the first of 85
    over-samplers by Kovacs (Applied Soft Computing 83, 2019).

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default='auto'
        Passed to the default SMOTE.
    random_state : int, Generator, RandomState or None, default=None
    smote : sampler, default=None
        The over-sampler (default ``SMOTE(sampling_strategy=sampling_strategy)``, k=5).
    ipf : IterativePartitioningFilter, default=None
        The filter (default ``IterativePartitioningFilter(fit_on=fit_on)``: all classes,
        5 parts, majority voting, stop after 3 rounds that each find < 1% of the rows).
    fit_on : {'part', 'rest'}, default='part'
        For the default filter: each model learns from its own part (the paper) or from the
        other parts, a row being noise on the vote alone (the cross-validated committees
        filter, as smote-variants 1.0.1 reads SMOTE-IPF; its trees, having seen most rows
        they judge, remove few). Set it on ``ipf`` when you pass one.
    n_jobs : int, default=None

    Attributes
    ----------
    sampling_strategy_ : dict
        Rows SMOTE added per class (before filtering).
    smote_ : sampler
        The fitted over-sampler.
    ipf_ : IterativePartitioningFilter
        The fitted filter (``n_rounds_``, ``removed_per_round_``).
    n_removed_ : int
        Rows the filter removed (originals and synthetic).
    provenance_ : Recipe
        Where the synthetic rows that survived came from.

    References
    ----------
    J. A. Saez, J. Luengo, J. Stefanowski and F. Herrera, "SMOTE-IPF: Addressing the noisy
    and borderline examples problem in imbalanced classification by a re-sampling method
    with filtering", Information Sciences 291, 184-203, 2015.

    Examples
    --------
    >>> from collections import Counter
    >>> from smotekit import SMOTEIPF
    >>> from smotekit.datasets import load_pima
    >>> X, y = load_pima(return_X_y=True)
    >>> sampler = SMOTEIPF(random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> sorted(Counter(y_res).items()), sampler.n_removed_
    ([(0, 471), (1, 254)], 275)
    """

    why_all_rows = "its filter classifies all rows"
    _cleaner_attribute = "ipf_"
    _parameters: ClassVar[dict[str, params.Rule]] = {
        **_OverThenClean._parameters,
        "ipf": params.sampler("smotekit.IterativePartitioningFilter()"),
        "fit_on": params.choice("part", "rest"),
    }

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        smote: Any = None,
        ipf: Any = None,
        fit_on: str = "part",
        n_jobs: int | None = None,
    ) -> None:
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.smote = smote
        self.ipf = ipf
        self.fit_on = fit_on
        self.n_jobs = n_jobs

    def _validate_params(self) -> None:
        if self.ipf is not None and self.fit_on != "part":
            raise InvalidParameterError(
                f"fit_on={self.fit_on!r} sets the default filter, but ipf={self.ipf!r} was "
                "given: set it on that filter instead, e.g. "
                f"ipf=IterativePartitioningFilter(fit_on={self.fit_on!r})."
            )

    def _cleaner(self) -> BaseSampler:
        if self.ipf is not None:
            return clone(self.ipf)
        return IterativePartitioningFilter(fit_on=self.fit_on, n_jobs=self.n_jobs)
