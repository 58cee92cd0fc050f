"""``smotekit evaluate`` and ``smotekit paper``: does SMOTE help on this data?

``evaluate`` cross-validates the imbalance strategies side by side and writes one HTML report;
``paper`` reruns the SMOTE paper's section-5 experiment and prints its AUCs beside Table 3.
Heavy imports (scikit-learn, matplotlib) happen inside the commands, so ``smotekit --help``
stays fast.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import sys
from pathlib import Path
from types import TracebackType
from typing import Any

import click
from sklearn.base import BaseEstimator, ClassifierMixin

#: Built-in classifier names of ``--classifier``.
CLASSIFIERS = ("logistic", "tree", "hgb")


class _Progress:
    """A click progress bar on stderr, created on the first report (when the total is known)."""

    def __init__(self, label: str, enabled: bool) -> None:
        self.label, self.enabled = label, enabled
        self.bar: Any = None
        self.shown = 0

    def __call__(self, done: int, total: int, what: str) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            self.bar = click.progressbar(
                length=total, label=self.label, file=sys.stderr, show_pos=True, show_eta=True
            )
            self.bar.__enter__()
        self.bar.update(done - self.shown, current_item=what)
        self.shown = done

    def __enter__(self) -> _Progress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.bar is not None:
            self.bar.__exit__(kind, value, tb)


#: Top-level packages whose estimators ``--classifier`` imports without ``--trust-package``.
#: Importing a module runs its code, so a name outside these is refused unless trusted.
KNOWN_PACKAGES = ("sklearn", "smotekit", "imblearn", "xgboost", "lightgbm", "catboost")


def _refuse(
    spec: str, why: str, tail: str = "nothing was constructed or run"
) -> click.BadParameter:
    return click.BadParameter(f"{spec!r}: {why}; {tail}.")


def _dotted(node: ast.expr, spec: str) -> str:
    """``package.module.Class`` from a name node; anything else (calls, subscripts) refused."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        raise _refuse(
            spec, "a class must be named by a plain import path like package.module.Class"
        )
    parts.append(node.id)
    path = ".".join(reversed(parts))
    if any(p.startswith("__") for p in parts):
        raise _refuse(spec, f"{path} names a private attribute (__...), not an estimator class")
    return path


def _resolve(node: ast.expr, spec: str, trusted: frozenset[str]) -> tuple[str, type]:
    """The class ``node`` names, imported only from a known or trusted package, never called.

    Raises ``BadParameter`` unless it is a scikit-learn estimator class (``BaseEstimator``).
    """
    path = _dotted(node, spec)
    module_name, _, class_name = path.rpartition(".")
    if not module_name:
        raise _refuse(
            spec,
            f"{path} is not one of {list(CLASSIFIERS)} nor an import path like "
            "sklearn.ensemble.RandomForestClassifier",
        )
    package = module_name.split(".")[0]
    if package not in KNOWN_PACKAGES and package not in trusted:
        raise _refuse(
            spec,
            f"{path} is not a scikit-learn classifier class from a known estimator package "
            f"({', '.join(KNOWN_PACKAGES)}); importing another package runs its code, so it "
            f"is imported only when trusted: add --trust-package {package} if you mean it",
            "nothing was imported or run",
        )
    try:
        cls = getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError) as exc:
        raise click.BadParameter(f"cannot import {path}: {exc}") from None
    if not (inspect.isclass(cls) and issubclass(cls, BaseEstimator)):
        raise _refuse(
            spec,
            f"{path} is not a scikit-learn classifier class (a subclass of "
            "sklearn.base.BaseEstimator and ClassifierMixin, e.g. "
            "sklearn.ensemble.RandomForestClassifier)",
        )
    return path, cls


def _value(node: ast.expr, spec: str, trusted: frozenset[str]) -> Any:
    """A parameter value: a Python literal, or an estimator given the same way (nested)."""
    if isinstance(node, ast.Call):
        return _construct(node, spec, trusted, top=False)
    if isinstance(node, ast.List | ast.Tuple):
        values = [_value(v, spec, trusted) for v in node.elts]
        return values if isinstance(node, ast.List) else tuple(values)
    if isinstance(node, ast.Dict):
        if any(k is None for k in node.keys):
            raise _refuse(spec, "** inside a dict is not a literal")
        keys = [_value(k, spec, trusted) for k in node.keys if k is not None]
        return dict(zip(keys, [_value(v, spec, trusted) for v in node.values], strict=True))
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        raise _refuse(
            spec,
            f"the value {ast.unparse(node)!r} is not a literal (numbers, strings, True, False, "
            "None, lists, tuples, dicts) nor an estimator package.module.Class(k=v)",
        ) from None


def _construct(node: ast.Call, spec: str, trusted: frozenset[str], *, top: bool) -> Any:
    """Check the class and every parameter, and only then construct the estimator."""
    path, cls = _resolve(node.func, spec, trusted)
    from sklearn.pipeline import Pipeline

    # checked before anything is constructed: a name like subprocess.Popen must never run
    if top and not (issubclass(cls, ClassifierMixin) or issubclass(cls, Pipeline)):
        raise _refuse(
            spec,
            f"{path} is not a scikit-learn classifier class (a subclass of "
            "sklearn.base.BaseEstimator and ClassifierMixin, e.g. "
            "sklearn.ensemble.RandomForestClassifier, or a Pipeline ending in one)",
        )
    if node.args:
        raise _refuse(spec, f"give {path}'s parameters by name (k=v), not by position")
    if any(kw.arg is None for kw in node.keywords):
        raise _refuse(spec, f"give {path}'s parameters one by one (k=v); ** is not supported")
    kwargs = {kw.arg: _value(kw.value, spec, trusted) for kw in node.keywords}
    try:
        return cls(**kwargs)
    except (TypeError, ValueError) as exc:
        raise click.BadParameter(f"{path}: {exc}") from None


def parse_classifier(spec: str, trusted: tuple[str, ...] | frozenset[str] = ()) -> Any:
    """A classifier from ``--classifier``: ``package.module.Class(k=v, ...)``.

    Nothing the user did not mean runs: the name is resolved without calling anything, from
    a module whose top-level package is one of :data:`KNOWN_PACKAGES` or in ``trusted``
    (``--trust-package``); it must be a scikit-learn classifier class (``BaseEstimator`` and
    ``ClassifierMixin``) or a ``Pipeline`` (which must end in a classifier); parameter values
    must be Python literals or estimators named the same way. Only then is it constructed.

    Examples
    --------
    >>> parse_classifier("sklearn.ensemble.RandomForestClassifier(n_estimators=10)")
    RandomForestClassifier(n_estimators=10)
    """
    try:
        node = ast.parse(spec.strip(), mode="eval").body
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        raise click.BadParameter(f"{spec!r} is not NAME or package.module.Class(k=v)") from None
    trusted = frozenset(trusted)
    if isinstance(node, ast.Call):
        estimator = _construct(node, spec, trusted, top=True)
    else:
        estimator = _construct(ast.Call(func=node, args=[], keywords=[]), spec, trusted, top=True)
    from sklearn.base import is_classifier

    name = type(estimator).__name__
    if not is_classifier(estimator):
        raise click.BadParameter(
            f"{spec!r}: {name} is not a classifier (a Pipeline must end in a classifier)."
        )
    if not hasattr(estimator, "predict_proba"):
        raise click.BadParameter(
            f"{name} has no predict_proba; ROC-AUC, PR-AUC and the Brier score need one."
        )
    return estimator


def _classifiers(specs: tuple[str, ...], trusted: tuple[str, ...] = ()) -> list[Any]:
    chosen: list[Any] = []
    for spec in specs or ("all",):
        for part in [spec] if "(" in spec else spec.split(","):
            part = part.strip()
            if part == "all":
                chosen.extend(CLASSIFIERS)
            elif part in CLASSIFIERS:
                chosen.append(part)
            elif part:
                chosen.append(parse_classifier(part, trusted))
    return chosen


def _load(data: Path | None, target: str | None) -> tuple[Any, Any, str, str]:
    """``X, y``, the data's name (for outputs) and its source description."""
    from smotekit.cli.io import read_table, require_columns, table_format

    if data is None:
        from smotekit.datasets import pima_path

        source, target, name = pima_path(), target or "label", "pima"
    else:
        if target is None:
            raise click.UsageError("--target is required: name the class column of DATA.")
        source, name = data, data.stem
    frame = read_table(source, table_format(source))
    require_columns(frame.columns, [target], source)
    return frame.drop(columns=target), frame[target], name, source.name


def _report_path(report: Path | None, name: str, suffix: str) -> Path:
    return report if report is not None else Path(f"{name}_{suffix}.html")


def _checked_report(data: Path | None, report: Path | None, suffix: str) -> Path:
    """The report's path, refused before any work if it is the input, a folder or nowhere."""
    from smotekit.cli.io import check_output

    out = _report_path(report, "pima" if data is None else data.stem, suffix)
    check_output(out, [data], option="--report")
    return out


def _paper_run(X: Any, y: Any, name: str, options: dict[str, Any], quiet: bool) -> Any:
    from smotekit.evaluation.paper import PAPER_TABLE3, paper_experiment

    dataset = options.get("dataset") or (name.lower() if name.lower() in PAPER_TABLE3 else None)
    with _Progress("paper experiment", not quiet) as progress:
        return paper_experiment(
            X,
            y,
            smote_levels=options["smote_levels"],
            under_levels=options["under_levels"],
            n_splits=options["paper_folds"],
            random_state=options["seed"],
            dataset=dataset or name,
            n_jobs=options["jobs"],
            progress=progress,
        )


def _levels(text: str) -> list[int]:
    try:
        return [int(float(v)) for v in text.split(",") if v.strip()]
    except ValueError:
        raise click.BadParameter(f"{text!r} is not a comma-separated list of numbers.") from None


_data_argument = click.argument(
    "data", metavar="[DATA]", required=False, type=click.Path(path_type=Path)
)
_target_option = click.option(
    "--target", "-t", help="Name of the class column (default for the bundled data: label)."
)


@click.command()
@_data_argument
@_target_option
@click.option(
    "--strategies",
    "-s",
    default="default",
    show_default=True,
    help="Comma-separated: none, class-weight, threshold, random-under, random-over, smote, "
    "smote-under, borderline, adasyn, svm-smote, kmeans-smote, smote-tomek, smote-enn, "
    "tomek, enn, noise-filter; 'default' or 'all'.",
)
@click.option(
    "--classifier",
    "-c",
    "classifiers",
    multiple=True,
    help="logistic, tree, hgb, all (default), or a scikit-learn classifier class by import "
    "path with literal parameters, e.g. 'sklearn.ensemble.RandomForestClassifier("
    "n_estimators=200)' (nested estimators as estimator=package.Class(...)). Nothing is "
    "called before it is checked to be a classifier class (or a Pipeline); only packages "
    "sklearn, smotekit, imblearn, xgboost, lightgbm and catboost are imported, others need "
    "--trust-package. Repeatable.",
)
@click.option(
    "--trust-package",
    "trusted",
    multiple=True,
    metavar="PACKAGE",
    help="Allow --classifier to import estimators from this top-level package too "
    "(importing a package runs its code, so only the known estimator packages are imported "
    "without it). Repeatable.",
)
@click.option("--folds", default=5, show_default=True, help="Folds of the repeated CV.")
@click.option("--repeats", default=3, show_default=True, help="Repetitions of the CV.")
@click.option("--seed", default=0, show_default=True, help="Seed of folds and samplers.")
@click.option(
    "--prior-correction/--no-prior-correction",
    default=True,
    show_default=True,
    help="Correct probabilities for the prior shift of resampling (Brier shown both ways).",
)
@click.option(
    "--threshold-scoring",
    type=click.Choice(["balanced_accuracy", "f1", "g_mean"]),
    default="balanced_accuracy",
    show_default=True,
    help="What threshold tuning maximises.",
)
@click.option(
    "--metric",
    type=click.Choice(["pr_auc", "roc_auc", "balanced_accuracy", "f1", "g_mean", "recall"]),
    default="pr_auc",
    show_default=True,
    help="What the answer judges strategies on (without costs).",
)
@click.option(
    "--min-gain",
    type=float,
    help="Smallest gain worth having (default: 0.02 of the metric; with costs, a 5%% saving "
    "as 0.05). An interval that excludes it means 'does not help'.",
)
@click.option(
    "--cost-fn",
    type=float,
    help="Cost of a missed minority case, e.g. 20. With costs the answer picks the strategy "
    "and threshold of least expected cost and draws cost curves.",
)
@click.option("--cost-fp", type=float, help="Cost of a false alarm (default 1 with --cost-fn).")
@click.option("--categorical", help="Nominal columns, comma-separated (default: auto).")
@click.option(
    "--report",
    "-o",
    type=click.Path(path_type=Path),
    help="HTML report to write (default: DATA's name + '_evaluation.html', in this folder).",
)
@click.option(
    "--json",
    "json_path",
    type=click.Path(path_type=Path),
    help="Also write the answer, summary and tests as JSON to this file.",
)
@click.option("--paper", "with_paper", is_flag=True, help="Also run the SMOTE paper's experiment.")
@click.option("--diagnosis/--no-diagnosis", default=True, help="Include the data diagnosis.")
@click.option("--threads", default=1, show_default=True, help="Threads per model (0: no limit).")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def evaluate(
    data: Path | None,
    target: str | None,
    strategies: str,
    classifiers: tuple[str, ...],
    trusted: tuple[str, ...],
    folds: int,
    repeats: int,
    seed: int,
    prior_correction: bool,
    threshold_scoring: str,
    metric: str,
    min_gain: float | None,
    cost_fn: float | None,
    cost_fp: float | None,
    categorical: str | None,
    report: Path | None,
    json_path: Path | None,
    with_paper: bool,
    diagnosis: bool,
    threads: int,
    quiet: bool,
) -> None:
    """Does SMOTE help on DATA? Cross-validate every strategy side by side; write a report.

    DATA is a CSV or Parquet file (default: the bundled Pima diabetes data). All strategies
    and classifiers share the same repeated stratified folds; samplers run on training folds
    only. First printed: a recommendation (strategy, classifier, decision threshold) and
    whether SMOTE helps, does not help, or the data cannot tell (inconclusive); then the
    table, paired tests and the evidence. The HTML report adds ROC, PR, cost and
    reliability curves and a PCA view of SMOTE's rows.
    """
    from smotekit.cli.io import check_output, write_text_atomic
    from smotekit.evaluation import build_report, compare
    from smotekit.evaluation.judge import check_options
    from smotekit.evaluation.paper import PAPER_SMOTE_LEVELS, PAPER_UNDER_LEVELS

    chosen = _classifiers(classifiers, trusted)  # checked before the data is even read
    check_options(metric, min_gain, cost_fn, cost_fp)
    out = _checked_report(data, report, "evaluation")
    if json_path is not None:
        check_output(json_path, [data, out], option="--json")
        if json_path.resolve() == out.resolve():
            raise click.UsageError(
                f"--json and --report are the same file '{out}'; give them different names."
            )
    X, y, name, source = _load(data, target)
    nominal = [c.strip() for c in categorical.split(",")] if categorical else "auto"
    with _Progress(f"evaluating on {source}", not quiet) as progress:
        result = compare(
            X,
            y,
            strategies=strategies,
            classifiers=chosen,
            n_splits=folds,
            n_repeats=repeats,
            random_state=seed,
            prior_correction=prior_correction,
            categorical=nominal,
            threshold_scoring=threshold_scoring,
            metric=metric,
            min_gain=min_gain,
            cost_fn=cost_fn,
            cost_fp=cost_fp,
            n_threads=threads or None,
            progress=progress,
        )
    if not quiet:
        click.echo(result.to_text())
    if json_path is not None:
        write_text_atomic(result.to_json(), json_path, option="--json")
    paper = None
    if with_paper:
        options = {
            "smote_levels": PAPER_SMOTE_LEVELS,
            "under_levels": PAPER_UNDER_LEVELS,
            "paper_folds": 10,
            "seed": seed,
            "jobs": None,
            "dataset": None,
        }
        paper = _paper_run(X, y, name, options, quiet)
        if not quiet:
            click.echo("\n" + paper.to_text())
    page = build_report(
        result, paper=paper, X=X, y=y, title=f"Does SMOTE help? {source}", diagnosis=diagnosis
    )
    written = write_text_atomic(page, out, option="--report")
    if not quiet:
        click.echo(f"\nwrote {written.name} ({result.info['seconds']:.1f} s of cross-validation)")


@click.command()
@_data_argument
@_target_option
@click.option(
    "--dataset",
    type=click.Choice(["pima", "phoneme", "satimage"]),
    help="Whose Table 3 row to compare with (default: from DATA's file name).",
)
@click.option(
    "--smote-levels",
    default="0,100,200,300,400,500",
    show_default=True,
    help="SMOTE N% levels (0: under-sampling alone).",
)
@click.option(
    "--under-levels",
    default=None,
    help="Under-sampling U% levels (default: the paper's 18, 10 to 2000).",
)
@click.option("--folds", default=10, show_default=True, help="Stratified CV folds.")
@click.option("--seed", default=0, show_default=True)
@click.option("--jobs", default=1, show_default=True, help="Processes (joblib).")
@click.option(
    "--report",
    "-o",
    type=click.Path(path_type=Path),
    help="HTML report with the ROC plot (default: DATA's name + '_paper.html').",
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def paper(
    data: Path | None,
    target: str | None,
    dataset: str | None,
    smote_levels: str,
    under_levels: str | None,
    folds: int,
    seed: int,
    jobs: int,
    report: Path | None,
    quiet: bool,
) -> None:
    """The SMOTE paper's experiment (section 5) on DATA, beside the paper's Table 3.

    A decision tree (CART, for the paper's C4.5) is cross-validated with the majority
    under-sampled at the paper's levels and the minority SMOTEd at each N%; the ROC points,
    their convex hull and its AUC are compared with Table 3 (pima, phoneme, satimage).
    """
    from smotekit.cli.io import write_text_atomic
    from smotekit.evaluation import build_report
    from smotekit.evaluation.paper import PAPER_UNDER_LEVELS

    out = _checked_report(data, report, "paper")
    X, y, name, source = _load(data, target)
    options = {
        "smote_levels": _levels(smote_levels),
        "under_levels": _levels(under_levels) if under_levels else PAPER_UNDER_LEVELS,
        "paper_folds": folds,
        "seed": seed,
        "jobs": jobs,
        "dataset": dataset,
    }
    result = _paper_run(X, y, name, options, quiet)
    if not quiet:
        click.echo(result.to_text())
    page = build_report(paper=result, title=f"SMOTE paper experiment: {source}")
    written = write_text_atomic(page, out, option="--report")
    if not quiet:
        click.echo(f"wrote {written.name} ({result.info['seconds']:.1f} s)")
