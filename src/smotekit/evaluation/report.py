"""One self-contained HTML report: tables, verdict, and plots embedded as base64 PNG.

The file needs nothing beside itself (no scripts, no external images or styles), so it can be
mailed, archived or opened offline. Plots are drawn with matplotlib's object API (no pyplot
state, no display needed); it is the optional ``report`` extra.
"""

from __future__ import annotations

import html
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from smotekit.errors import InvalidInputError
from smotekit.evaluation.comparison_html import CSS, comparison_fragment, comparison_section
from smotekit.evaluation.plotting import figure, png

if TYPE_CHECKING:
    from smotekit.evaluation.comparison import Comparison
    from smotekit.evaluation.paper import PaperResult

__all__ = ["build_report", "comparison_fragment", "write_report"]


def _paper_figure(paper: PaperResult) -> str:
    fig = figure(7.5, 6)
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
    return png(fig, "ROC points and convex hulls at the paper's under-sampling levels")


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

    fig = figure(7.5, 6)
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
    return png(fig, "PCA view of original and synthetic rows")


def _pca_section(X: Any, y: Any, random_state: int) -> str:
    try:
        return _pca_figure(X, y, random_state)
    except ValueError as exc:
        # an illustration must not cost the user the comparison (e.g. NaN SMOTE refuses)
        return f'<p class="note">No PCA view: {html.escape(str(exc))}</p>'


def _comparison_html(result: Comparison, X: Any, y: Any) -> str:
    parts = [comparison_section(result)]
    if X is not None and y is not None:
        parts += [
            "<h2>Where SMOTE puts its rows</h2>",
            '<p class="note">SMOTE (SMOTE-NC / SMOTE-N with nominal columns) applied to all '
            "rows, for this picture only; the evaluation above resampled training folds only. "
            "Axes: the first two principal components of the original rows (scaled, nominal "
            "columns one-hot encoded).</p>",
            _pca_section(X, y, result.info["random_state"]),
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
        f"<title>{e(title)}</title><style>{CSS}</style></head><body>\n"
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
