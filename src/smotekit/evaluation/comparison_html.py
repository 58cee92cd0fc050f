"""The comparison's HTML: the answer first, then the tables, paired tests and figures.

Used by the report page and, on its own, by a notebook showing a :class:`Comparison`.
"""

from __future__ import annotations

import html
from typing import Any

from smotekit.evaluation.judge_figures import cost_figure, reliability_figure
from smotekit.evaluation.metrics import METRICS
from smotekit.evaluation.plotting import LINE_STYLES, figure, png
from smotekit.evaluation.strategies import STRATEGIES

# a Comparison is passed in but never imported: comparison.py renders itself through this
# module, and importing it back (even for types) would close an import cycle
Comparison = Any

__all__ = ["CSS", "comparison_fragment", "comparison_section"]

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:2em auto;
max-width:1200px;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.8em}
table{border-collapse:collapse;margin:.8em 0;font-size:.88em}
th,td{border:1px solid #ddd;padding:.3em .5em;text-align:right;vertical-align:top}
th:first-child,td:first-child{text-align:left}th{background:#f4f4f4}
.ci{color:#777;font-size:.85em;display:block;white-space:nowrap}.b{color:#137333;font-weight:600}
.w{color:#b3261e;font-weight:600}.verdict{background:#f6f8fa;border-left:4px solid #4a7;
padding:.8em 1em}.answer{background:#eef6ee;border-left:4px solid #137333;padding:.6em 1em;
margin:1em 0}.answer p{margin:.3em 0}.note{color:#555;font-size:.9em}img{max-width:100%;height:auto}
"""


def _curves_figure(result: Comparison, clf: str) -> str:
    from sklearn.metrics import average_precision_score, precision_recall_curve, roc_curve
    from sklearn.metrics import roc_auc_score as auc

    fig = figure(11, 4.4)
    roc_ax, pr_ax = fig.subplots(1, 2)
    base_rate = result.info["n_minority"] / result.info["n_rows"]
    for i, strategy in enumerate(result.strategies):
        if (clf, strategy) not in result.curves:
            continue
        positive, p = result.curves[(clf, strategy)]
        label = STRATEGIES[strategy].label
        style = {"linestyle": LINE_STYLES[(i // 10) % 4], "color": f"C{i % 10}", "linewidth": 1.4}
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
    return png(fig, f"ROC and precision-recall curves per strategy for {clf}")


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


def comparison_section(result: Comparison) -> str:
    """The comparison as HTML: the answer first, then tables, tests and figures."""
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
    answer = result.answer
    if answer is not None and answer.recommendation is not None:
        parts.insert(1, answer.to_html())
        parts.append(
            '<p class="note">The answer judges on '
            f"{e(answer.criterion_label)}: a synthetic strategy <i>helps</i> when it beats every "
            "alternative without invented rows beyond the 95% interval of the paired "
            "difference, <i>does not help</i> when that interval excludes a useful gain "
            f"({e(_gain(answer))}), <i>hurts</i> when it lies below zero, and is "
            "<i>inconclusive</i> otherwise. Thresholds are chosen on other folds' out-of-fold "
            "predictions and scored on the fold they never saw.</p>"
        )
        rec_clf = answer.recommendation.classifier
        if answer.costs is not None:
            parts.append(cost_figure(result))
        parts.append(reliability_figure(result, rec_clf))
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
    return "\n".join(parts)


def _gain(answer: Any) -> str:
    if answer.criterion == "cost":
        return f"a saving of {answer.min_gain:.0%} of the alternative's expected cost"
    return f"{answer.min_gain:g} {answer.criterion_label}"


def comparison_fragment(result: Comparison) -> str:
    """The comparison section alone (answer, tables, tests, figures) as an HTML fragment.

    It is what a notebook shows for a :class:`Comparison`; the styles are inline in
    :func:`build_report`'s page only, so a fragment reads plainly.
    """
    return f'<div class="smotekit"><style>{_scoped(CSS)}</style>{comparison_section(result)}</div>'


def _scoped(css: str) -> str:
    """``css`` with every rule limited to ``.smotekit`` (``body`` becomes ``.smotekit``), so a
    notebook showing the fragment keeps its own page styles."""
    rules = []
    for rule in css.replace("\n", " ").split("}"):
        if "{" not in rule:
            continue
        selectors, body = rule.split("{", 1)
        scoped = [
            ".smotekit" if s.strip() == "body" else f".smotekit {s.strip()}"
            for s in selectors.split(",")
        ]
        rules.append(",".join(scoped) + "{" + body + "}")
    return "".join(rules)
