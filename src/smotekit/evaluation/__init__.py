"""Honest evaluation of imbalance strategies: does SMOTE help on this data?

- :func:`compare`: every strategy (no resampling, class weights, threshold tuning, random
  under/over-sampling, SMOTE, SMOTE + under-sampling, ...) cross-validated on the same
  repeated stratified folds, with corrected t-intervals, paired tests and a verdict.
- :func:`answer` (run by :func:`compare`): a recommendation first (strategy, classifier,
  decision threshold), and one of three outcomes for SMOTE: helps, does not help (or
  hurts), inconclusive; with ``cost_fn``/``cost_fp`` the least expected cost decides.
- :func:`paper_experiment`: the SMOTE paper's section 5 experiment (ROC points of
  under-sampling levels, with and without SMOTE, their convex hull and its AUC).
- :class:`PriorShiftCorrection` / :func:`prior_shift`: probabilities back to the true prior.
- :func:`build_report`: one self-contained HTML file with tables and plots.

Examples
--------
>>> from smotekit.datasets import load_pima
>>> from smotekit.evaluation import compare
>>> X, y = load_pima(return_X_y=True)
>>> result = compare(X, y, strategies="none,threshold,smote", classifiers="logistic",
...                  n_splits=3, n_repeats=1)
>>> "SMOTE" in result.verdict
True
"""

from smotekit.evaluation.calibration import PriorShiftCorrection, prior_shift, training_prior
from smotekit.evaluation.compare import compare
from smotekit.evaluation.comparison import Comparison
from smotekit.evaluation.judge import OUTCOMES, Answer, answer
from smotekit.evaluation.metrics import METRICS, fold_scores
from smotekit.evaluation.paper import PAPER_TABLE3, PaperResult, paper_experiment
from smotekit.evaluation.report import build_report, write_report
from smotekit.evaluation.stats import (
    corrected_difference,
    corrected_resampled_t_test,
    corrected_t_interval,
)
from smotekit.evaluation.strategies import DEFAULT_STRATEGIES, STRATEGIES

__all__ = [
    "DEFAULT_STRATEGIES",
    "METRICS",
    "OUTCOMES",
    "PAPER_TABLE3",
    "STRATEGIES",
    "Answer",
    "Comparison",
    "PaperResult",
    "PriorShiftCorrection",
    "answer",
    "build_report",
    "compare",
    "corrected_difference",
    "corrected_resampled_t_test",
    "corrected_t_interval",
    "fold_scores",
    "paper_experiment",
    "prior_shift",
    "training_prior",
    "write_report",
]
