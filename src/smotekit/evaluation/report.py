"""One self-contained HTML report: tables, verdict, and plots embedded as base64 PNG.

The file needs nothing beside itself (no scripts, no external images or styles), so it can be
mailed, archived or opened offline. Plots are drawn with matplotlib's object API (no pyplot
state, no display needed); it is the optional ``report`` extra.
"""

from __future__ import annotations

import base64
import html
import io
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from smotekit.errors import InvalidInputError
from smotekit.evaluation.metrics import METRICS
from smotekit.evaluation.strategies import STRATEGIES

if TYPE_CHECKING:
    from smotekit.evaluation.comparison import Comparison
    from smotekit.evaluation.paper import PaperResult

__all__ = ["build_report", "write_report"]

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:2em auto;
max-width:1200px;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.8em}
table{border-collapse:collapse;margin:.8em 0;font-size:.88em}
th,td{border:1px solid #ddd;padding:.3em .5em;text-align:right;vertical-align:top}
th:first-child,td:first-child{text-align:left}th{background:#f4f4f4}
.ci{color:#777;font-size:.85em;display:block;white-space:nowrap}.b{color:#137333;font-weight:600}
.w{color:#b3261e;font-weight:600}.verdict{background:#f6f8fa;border-left:4px solid #4a7;
padding:.8em 1em}.note{color:#555;font-size:.9em}img{max-width:100%;height:auto}
"""

_STYLE = ["-", "--", "-.", ":"]


def _figure(width: float, height: float) -> Any:
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise InvalidInputError(
            "The HTML report draws its plots with matplotlib: pip install 'smotekit[report]'."
        ) from None
    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def _png(fig: Any, alt: str) -> str:
    """``<img>`` with the figure as base64 PNG data."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{data}">'


def _curves_figure(result: Comparison, clf: str) -> str:
    from sklearn.metrics import average_precision_score, precision_recall_curve, roc_curve
    from sklearn.metrics import roc_auc_score as auc

    fig = _figure(11, 4.4)
    roc_ax, pr_ax = fig.subplots(1, 2)
    base_rate = result.info["n_minority"] / result.info["n_rows"]
    for i, strategy in enumerate(result.strategies):
        if (clf, strategy) not in result.curves:
            continue
        positive, p = result.curves[(clf, strategy)]
        label = STRATEGIES[strategy].label
        style = {"linestyle": _STYLE[(i // 10) % 4], "color": f"C{i % 10}", "linewidth": 1.4}
        fpr, tpr, _ = roc_curve(positive, p)
        roc_ax.plot(fpr, tpr, label=f"{label} ({auc(positive, p):.3f})", **style)
        precision, recall, _ = precision_recall_curve(positive, p)
        ap = average_precision_score(positive, p)
        pr_ax.step(recall, precision, where="post", label=f"{label} ({ap:.3f})", **style)
    roc_ax.plot([0, 1], [0, 1], color="#bbb", linewidth=0.8)
    roc_ax.set(xlabel="false positive rate", ylabel="true positive rate (minority recall)")
    roc_ax.set_title(f"ROC, {clf} (AUC)")
    pr_ax.axhline(base_rate, color="#bbb", linewidth=0.8)
    pr_ax.set(xlabel="recall (minority)", ylabel="precision", ylim=(0, 1.02))
    pr_ax.set_title(f"precision-recall, {clf} (average precision)")
    for ax in (roc_ax, pr_ax):
        ax.legend(fontsize=7.5, loc="lower right" if ax is roc_ax else "upper right")
        ax.grid(alpha=0.3)
    return _png(fig, f"ROC and precision-recall curves per strategy for {clf}")


def _paper_figure(paper: PaperResult) -> str:
    fig = _figure(7.5, 6)
    ax = fig.subplots()
    for i, (smote, part) in enumerate(paper.points.groupby("smote")):
        label = "under-sampling only" if smote == 0 else f"SMOTE {smote}% + under-sampling"
        colour = f"C{i % 10}"
        ax.scatter(part.fp_rate, part.tp_rate, s=14, color=colour, alpha=0.8)
        hull_fp, hull_tp = paper.hull(int(smote))
        auc = paper.aucs.set_index("smote").at[smote, "auc_hull"]
        ax.plot(
            hull_fp, hull_tp, color=colour, linewidth=1.3, label=f"{label} (hull AUC {auc:.4f})"
        )
    ax.plot([0, 100], [0, 100], color="#bbb", linewidth=0.8)
    ax.set(xlabel="%FP", ylabel="%TP", xlim=(0, 100), ylim=(0, 101))
    ax.set_title(f"SMOTE paper, section 5: {paper.dataset or 'data'} (points and convex hulls)")
    ax.legend(fontsize=8, loc="lower right")
    ax.grid(alpha=0.3)
    return _png(fig, "ROC points and convex hulls at the paper's under-sampling levels")


def _pca_figure(X: Any, y: Any, random_state: int) -> str:
    """Original and SMOTE rows in the first two principal components of the original data."""
    from sklearn.compose import ColumnTransformer
    from sklearn.decomposition import PCA
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    from smotekit.evaluation.compare import nominal_columns, prepare_data
    from smotekit.evaluation.strategies import Columns, _smote_for

    frame, labels, minority, majority = prepare_data(X, y)
    columns = Columns(tuple(frame.columns), nominal_columns(frame))
    sampler = _smote_for(columns, random_state, 1)
    X_res, _ = sampler.fit_resample(frame, labels)
    n = len(frame)
    encode = ColumnTransformer(
        [
            (
                "nominal",
                OneHotEncoder(handle_unknown="ignore", sparse_output=False),
                list(columns.nominal),
            )
        ],
        remainder=StandardScaler(),
    )
    # the projection is learned from the original rows only, then applied to the new ones
    pca = PCA(n_components=2, random_state=random_state)
    original = pca.fit_transform(encode.fit_transform(frame))
    synthetic = pca.transform(encode.transform(X_res.iloc[n:]))
    rng = np.random.default_rng(random_state)

    def some(points: np.ndarray, limit: int = 2500) -> np.ndarray:
        # a sample keeps the PNG small and the picture readable on large data
        return points if len(points) <= limit else points[rng.choice(len(points), limit, False)]

    fig = _figure(7.5, 6)
    ax = fig.subplots()
    is_min = labels == minority
    maj, mino, syn = some(original[~is_min]), some(original[is_min]), some(synthetic)
    ax.scatter(maj[:, 0], maj[:, 1], s=7, color="#999", alpha=0.45, label=f"majority ({majority})")
    ax.scatter(syn[:, 0], syn[:, 1], s=9, color="C1", alpha=0.6, marker="x", label="synthetic")
    ax.scatter(mino[:, 0], mino[:, 1], s=10, color="C0", alpha=0.85, label=f"minority ({minority})")
    share = pca.explained_variance_ratio_
    ax.set(xlabel=f"PC 1 ({share[0]:.0%} of variance)", ylabel=f"PC 2 ({share[1]:.0%})")
    ax.set_title(f"{type(sampler).__name__} on all rows: original vs synthetic (PCA of originals)")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return _png(fig, "PCA view of original and synthetic rows")


def _cell(result: Comparison, clf: str, strategy: str, metric: str) -> str:
    sub = result.summary
    row = sub[(sub.classifier == clf) & (sub.strategy == strategy) & (sub.metric == metric)]
    if row.empty:
        return "<td></td>"
    r = row.iloc[0]
    marks = []
    for reference, letter in (("none", "n"), ("threshold", "t")):
        out = result.outcome(clf, strategy, reference, metric)
        if out == "better":
            marks.append(f'<span class="b" title="better than {reference}">▲{letter}</span>')
        elif out == "worse":
            marks.append(f'<span class="w" title="worse than {reference}">▼{letter}</span>')
    return (
        f"<td>{r['mean']:.3f} {' '.join(marks)}"
        f'<span class="ci">[{r.low:.3f}, {r.high:.3f}]</span></td>'
    )


def _tests_html(result: Comparison, clf: str) -> str:
    """The paired tests of one classifier, every outcome spelled out, in a fold-out."""
    e = html.escape
    tests = result.tests[result.tests.classifier == clf]
    blocks = []
    for reference in ("none", "threshold"):
        part = tests[tests.reference == reference]
        if part.empty:
            continue
        head = "".join(f"<th>{e(METRICS[m].label)}</th>" for m in result.metrics)
        rows = []
        for strategy in result.strategies:
            mine = part[part.strategy == strategy].set_index("metric")
            if mine.empty:
                continue
            cells = []
            for m in result.metrics:
                r = mine.loc[m]
                css = {"better": "b", "worse": "w"}.get(r.outcome, "")
                cells.append(
                    f'<td><span class="{css}">{e(r.outcome)}</span>'
                    f'<span class="ci">{r.difference:+.3f}, p={r.p_value:.3g}</span></td>'
                )
            rows.append(f"<td>{e(STRATEGIES[strategy].label)}</td>{''.join(cells)}")
        body = "".join(f"<tr>{r}</tr>" for r in rows)
        blocks.append(
            f"<p>Against {e(STRATEGIES[reference].label)} (difference of means, "
            f"strategy minus reference; p of the corrected resampled t-test):</p>"
            f"<table><tr><th>strategy</th>{head}</tr>{body}</table>"
        )
    if not blocks:
        return ""
    return f"<details><summary>Paired tests, {e(clf)}</summary>{''.join(blocks)}</details>"


def _pca_section(X: Any, y: Any, random_state: int) -> str:
    try:
        return _pca_figure(X, y, random_state)
    except ValueError as exc:
        # an illustration must not cost the user the comparison (e.g. NaN SMOTE refuses)
        return f'<p class="note">No PCA view: {html.escape(str(exc))}</p>'


def _comparison_html(result: Comparison, X: Any, y: Any) -> str:
    info = result.info
    e = html.escape
    parts = [
        "<h2>Comparison</h2>",
        f"<p>{info['n_rows']} rows, {info['n_features']} features ({len(info['nominal'])} "
        f"nominal{': ' + e(', '.join(info['nominal'])) if info['nominal'] else ''}); "
        f"minority <b>{e(str(info['minority']))}</b>: {info['n_minority']} rows, majority "
        f"{e(str(info['majority']))}: {info['n_majority']}. {info['n_splits']}-fold stratified "
        f"cross-validation repeated {info['n_repeats']} times (seed {info['random_state']}); "
        "every strategy and classifier saw the same folds, and samplers ran on training folds "
        f"only. Threshold tuning maximised {e(info['threshold_scoring'])}. Run time "
        f"{info['seconds']:.1f} s.</p>",
        '<p class="note">Each cell: mean over the folds, below it the 95% corrected t-interval '
        "(Nadeau &amp; Bengio's correction for overlapping folds, on the logit scale so that it "
        "stays within 0 and 1). "
        '<span class="b">▲n</span>/<span class="w">▼n</span>: significantly better/worse than '
        'no resampling; <span class="b">▲t</span>/<span class="w">▼t</span>: than threshold '
        f"tuning (corrected resampled t-test, p &lt; {info['alpha']}; for the Brier score lower "
        "is better). Brier score: probabilities "
        + (
            "after prior-shift correction; the last column without it."
            if info["prior_correction"]
            else "as the models give them (no prior correction)."
        )
        + "</p>",
        f'<div class="verdict"><b>Verdict.</b> {e(result.verdict)}</div>',
    ]
    for clf in result.classifiers:
        parts.append(f"<h3>{e(clf)}: {e(info['classifier_names'][clf])}</h3>")
        head = "".join(f"<th>{e(METRICS[m].label)}</th>" for m in result.metrics)
        rows = []
        for strategy in result.strategies:
            label = e(STRATEGIES[strategy].label)
            title = e(STRATEGIES[strategy].description)
            if (clf, strategy) in result.failures:
                msg = e(result.failures[(clf, strategy)])
                rows.append(
                    f'<tr><td title="{title}">{label}</td>'
                    f'<td colspan="{len(result.metrics)}">failed: {msg}</td></tr>'
                )
                continue
            cells = "".join(_cell(result, clf, strategy, m) for m in result.metrics)
            rows.append(f'<tr><td title="{title}">{label}</td>{cells}</tr>')
        parts.append(f"<table><tr><th>strategy</th>{head}</tr>{''.join(rows)}</table>")
        parts.append(_tests_html(result, clf))
        parts.append(_curves_figure(result, clf))
    parts.append(
        '<p class="note">Curves: the out-of-fold predictions of the first repetition, pooled '
        "(every row predicted once, by a model that did not see it); the numbers in their "
        "legends are for those pooled predictions and so differ a little from the fold means "
        "in the tables.</p>"
    )
    if X is not None and y is not None:
        parts += [
            "<h2>Where SMOTE puts its rows</h2>",
            '<p class="note">SMOTE (SMOTE-NC / SMOTE-N with nominal columns) applied to all '
            "rows, for this picture only; the evaluation above resampled training folds only. "
            "Axes: the first two principal components of the original rows (scaled, nominal "
            "columns one-hot encoded).</p>",
            _pca_section(X, y, info["random_state"]),
        ]
    return "\n".join(parts)


def _paper_html(paper: PaperResult) -> str:
    e = html.escape
    table = paper.table()
    head = "".join(f"<th>{e(str(c))}</th>" for c in table.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{'' if pd.isna(v) else e(str(v))}</td>" for v in row) + "</tr>"
        for row in table.itertuples(index=False)
    )
    gain = paper.gain_over_under_sampling()
    gain_text = ", ".join(f"SMOTE {k}%: {v:+.0f}" for k, v in gain.items())
    info = paper.info
    return "\n".join(
        [
            "<h2>The SMOTE paper's experiment (section 5)</h2>",
            f"<p>{e(str(info['classifier']))} standing in for C4.5, "
            f"{info['n_splits']}-fold stratified CV; the majority under-sampled at "
            f"{e(', '.join(f'{u:g}' for u in info['under']))} %, the minority SMOTEd at "
            f"{e(', '.join(str(s) for s in info['smote']))} % (0: under-sampling alone). Each "
            "point: %TP and %FP from the confusion counts pooled over the test folds. AUC x "
            "10<sup>4</sup> by the trapezoid rule with (0,0) and (100,100) added: under the "
            "convex hull (the headline) and under the points themselves. The paper's column "
            f"is its Table 3. Run time {info['seconds']:.1f} s.</p>",
            f"<table><tr>{head}</tr>{rows}</table>",
            f"<p>Hull AUC gain over under-sampling alone (x 10<sup>4</sup>): {e(gain_text)}.</p>"
            if gain
            else "",
            _paper_figure(paper),
        ]
    )


def _diagnosis_html(X: Any, y: Any) -> str | None:
    try:
        from smotekit.diagnosis import diagnose
    except ImportError:
        return None
    return diagnose(X, y).to_html()


_METHOD = """<h2>Method</h2><p class="note">Intervals: mean ± t<sub>J&minus;1</sub> ·
sqrt((1/J + n<sub>test</sub>/n<sub>train</sub>) s²) over the J repeated-CV fold scores; the
n<sub>test</sub>/n<sub>train</sub> term is Nadeau &amp; Bengio's correction for the overlap of
training folds, without which the interval is too narrow. Paired tests: the corrected
resampled t-test on the fold-by-fold differences (Nadeau, C. &amp; Bengio, Y. (2003).
Inference for the generalization error. <i>Machine Learning</i> 52, 239&ndash;281; for repeated
k-fold: Bouckaert, R. &amp; Frank, E. (2004), PAKDD). Prior-shift correction: p' = p·w₁ /
(p·w₁ + (1&minus;p)·w₀), w = true prior / training prior (Saerens, Latinne &amp; Decaestecker
(2002), <i>Neural Computation</i> 14, 21&ndash;41; Elkan (2001), IJCAI); it leaves ROC-AUC and
PR-AUC unchanged and moves the Brier score. Metrics treat the minority as the positive
class; G-mean = sqrt(recall of minority · recall of majority).</p>"""


def build_report(
    comparison: Comparison | None = None,
    *,
    paper: PaperResult | None = None,
    X: Any = None,
    y: Any = None,
    title: str = "smotekit evaluation",
    diagnosis: bool = True,
) -> str:
    """The whole report as one HTML string (plots inline as base64 PNG).

    Parameters
    ----------
    comparison : Comparison, default=None
        From :func:`smotekit.evaluation.compare`: tables, verdict, ROC and PR curves.
    paper : PaperResult, default=None
        From :func:`smotekit.evaluation.paper_experiment`: side-by-side AUCs and its plot.
    X, y : default=None
        The data: with them the report adds the PCA view of SMOTE's rows and, when
        ``smotekit.diagnosis`` is installed, its diagnosis.
    title : str
    diagnosis : bool, default=True
        Include the diagnosis section when available.

    Returns
    -------
    str

    Examples
    --------
    >>> from smotekit.datasets import load_pima
    >>> from smotekit.evaluation import compare
    >>> X, y = load_pima(return_X_y=True)
    >>> result = compare(X, y, strategies="none,smote", classifiers="tree",
    ...                  n_splits=2, n_repeats=1)
    >>> page = build_report(result)
    >>> page.startswith("<!DOCTYPE html>") and "data:image/png;base64," in page
    True
    """
    e = html.escape
    body = [f"<h1>{e(title)}</h1>"]
    if comparison is not None:
        body.append(_comparison_html(comparison, X, y))
    if diagnosis and X is not None and y is not None:
        fragment = _diagnosis_html(X, y)
        if fragment is not None:
            # the fragment may bring its own heading; add one only when it has none
            heading = "" if "<h2" in fragment[:500] else "<h2>Diagnosis</h2>"
            body.append(f'<section id="diagnosis">{heading}{fragment}</section>')
    if paper is not None:
        body.append(_paper_html(paper))
    if comparison is not None:
        body.append(_METHOD)
    import smotekit

    body.append(f'<p class="note">smotekit {e(smotekit.__version__)}</p>')
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{e(title)}</title><style>{_CSS}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def write_report(page: str, path: str | os.PathLike[str]) -> Path:
    """Write ``page`` to ``path`` atomically: a temporary file in the same folder, then a rename.

    A reader never sees half a report, and an interrupted run leaves an older report intact.

    Returns
    -------
    Path
        The resolved path written.
    """
    target = Path(path).resolve()
    if not target.parent.is_dir():
        raise InvalidInputError(f"Output folder '{target.parent}' does not exist.")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(page)
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would make a report only its writer can read
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
