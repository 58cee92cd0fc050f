"""The :class:`Diagnosis` and its three renderings: text, JSON and an HTML fragment.

JSON (``Diagnosis.to_dict`` / ``to_json``, ``smotekit diagnose --json``)
-------------------------------------------------------------------------
The keys below are stable within ``"schema": "smotekit.diagnosis/1"``; a change to them
changes the schema name. Shares are fractions in [0, 1]; a number that could not be measured
is ``null``; class labels keep their JSON type (number, string or boolean).

``schema`` (str), ``applicable`` (bool: the target is a class target SMOTE can be run on),
``source`` (str or null: the file diagnosed),
``target``: ``{type, n_classes, explanation}`` (``explanation``: why SMOTE does not apply, or
null),
``data``: ``{n_rows, n_features, n_numeric, n_nominal, metric, distance, k}``,
``classes``: list, largest class first, of ``{label, size, is_minority, imbalance_ratio,
k_available, typology: {safe, borderline, rare, outlier} (row counts), typology_share (same
keys, shares), nn_error, duplicates_within, duplicates_cross}``,
``overlap``: ``{n1, n1_chance, n1_relative, n1_rows, n1_exact, n3, n3_chance, n3_relative}``
or null,
``duplicates``: ``{duplicate_rows, distinct_rows, conflicting_groups, rows_in_conflict}`` or
null,
``synthetic``: list of ``{sampler, error, n_synthetic, found_by, other_class_share, classes:
[{label, n_synthetic, other_class_share, original_other_class_share, typology,
typology_share, median_distance_ratio, beyond_p95_share, copies_share, typical_distance,
p95_distance}], summary}``,
``verdict``: ``{level, headline, findings: [{code, severity, label, message, suggestion}],
suggestion, text}``; ``level`` is one of ``applicable``, ``caution``, ``not_recommended``,
``not_applicable``.
"""

from __future__ import annotations

import html
import json
import math
from dataclasses import dataclass, field
from typing import Any

from smotekit.diagnosis.complexity import Overlap
from smotekit.diagnosis.duplicates import Duplicates
from smotekit.diagnosis.results import ClassDiagnosis, SyntheticDiagnosis, number
from smotekit.diagnosis.typology import TYPES
from smotekit.diagnosis.verdict import (
    Verdict,
    class_count_findings,
    class_findings,
    make_verdict,
    overlap_findings,
    synthetic_findings,
)

SCHEMA = "smotekit.diagnosis/1"


@dataclass
class Diagnosis:
    """Whether SMOTE suits a data set, with the numbers that say so.

    Built by :func:`smotekit.diagnosis.diagnose`; print it, or render it with
    :meth:`to_text`, :meth:`to_json` or :meth:`to_html`.

    Attributes
    ----------
    applicable : bool
        Whether the target is a class target SMOTE can be run on at all.
    target_type : str
        ``binary``, ``multiclass``, ``multilabel-indicator``, ``continuous``, ...
    n_rows, n_features : int
    k : int
        Neighbourhood size of the typology (and the ``k_neighbors`` checked against sizes).
    metric : str
        ``hvdm`` or ``euclidean``; ``distance`` says in words what was measured.
    classes : list of ClassDiagnosis
        Every class, largest first; ``minority`` lists those smaller than the largest.
    overlap : Overlap or None
        N1 and N3 with their chance levels.
    duplicates : Duplicates or None
    synthetic : list of SyntheticDiagnosis
        One per sampler diagnosed.
    verdict : Verdict
    explanation : str or None
        Why SMOTE does not apply to this target (multi-label, continuous, one class).

    Examples
    --------
    >>> import numpy as np
    >>> from smotekit.diagnosis import diagnose
    >>> rng = np.random.default_rng(0)
    >>> X = np.vstack([rng.normal(0, 1, (80, 2)), rng.normal(6, 1, (20, 2))])
    >>> d = diagnose(X, [0] * 80 + [1] * 20)
    >>> d.verdict.level
    'applicable'
    >>> d.to_html().startswith('<section class="smotekit-diagnosis"')
    True
    """

    applicable: bool
    target_type: str
    n_rows: int
    n_features: int
    k: int
    metric: str = "hvdm"
    distance: str = ""
    n_numeric: int = 0
    n_nominal: int = 0
    classes: list[ClassDiagnosis] = field(default_factory=list)
    overlap: Overlap | None = None
    duplicates: Duplicates | None = None
    synthetic: list[SyntheticDiagnosis] = field(default_factory=list)
    verdict: Verdict = field(default_factory=lambda: Verdict("applicable"))
    explanation: str | None = None
    source: str | None = None

    # ---- the verdict ---------------------------------------------------------------------
    @property
    def minority(self) -> list[ClassDiagnosis]:
        """The classes smaller than the largest one."""
        return [c for c in self.classes if c.is_minority]

    def refresh_verdict(self) -> Verdict:
        """Rebuild the verdict from the numbers (e.g. after adding synthetic diagnoses)."""
        if not self.applicable:
            return self.verdict
        findings = class_count_findings(self.classes)
        for c in self.minority:
            findings += class_findings(c)
        if self.overlap is not None:
            findings += overlap_findings(self.overlap)
        findings += synthetic_findings(self.synthetic)
        self.verdict = make_verdict(findings)
        return self.verdict

    # ---- renderings ----------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Plain data with the stable keys documented in :mod:`smotekit.diagnosis.report`."""
        o = self.overlap
        dup = self.duplicates
        return {
            "schema": SCHEMA,
            "applicable": self.applicable,
            "source": self.source,
            "target": {
                "type": self.target_type,
                "n_classes": len(self.classes) if self.classes else None,
                "explanation": self.explanation,
            },
            "data": {
                "n_rows": self.n_rows,
                "n_features": self.n_features,
                "n_numeric": self.n_numeric,
                "n_nominal": self.n_nominal,
                "metric": self.metric,
                "distance": self.distance,
                "k": self.k,
            },
            "classes": [c.to_dict() for c in self.classes],
            "overlap": None
            if o is None
            else {
                "n1": number(o.n1),
                "n1_chance": number(o.n1_chance),
                "n1_relative": number(o.n1_relative),
                "n1_rows": o.n1_rows,
                "n1_exact": o.n1_exact,
                "n3": number(o.n3),
                "n3_chance": number(o.n3_chance),
                "n3_relative": number(o.n3_relative),
            },
            "duplicates": None
            if dup is None
            else {
                "duplicate_rows": dup.duplicate_rows,
                "distinct_rows": dup.distinct_rows,
                "conflicting_groups": dup.conflicting_groups,
                "rows_in_conflict": dup.rows_in_conflict,
            },
            "synthetic": [s.to_dict() for s in self.synthetic],
            "verdict": self.verdict.to_dict(),
        }

    def to_json(self, indent: int | None = 2) -> str:
        """The :meth:`to_dict` data as JSON text."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_text(self) -> str:
        """A readable report for the terminal."""
        return render_text(self)

    def to_html(self) -> str:
        """A self-contained HTML fragment: one ``<section>`` with tables, no external assets."""
        return render_html(self)

    def _repr_html_(self) -> str:
        # what a notebook shows for a Diagnosis left as a cell's last value
        return self.to_html()

    def __str__(self) -> str:
        return self.to_text()


# ---- shared cells -------------------------------------------------------------------------
def _pct(x: float | None) -> str:
    return "n/a" if x is None or not math.isfinite(x) else f"{x:.0%}"


def _num(x: float | None, digits: int = 3) -> str:
    return "n/a" if x is None or not math.isfinite(x) else f"{x:.{digits}f}"


def _class_rows(d: Diagnosis) -> tuple[list[str], list[list[str]]]:
    head = ["class", "rows", "IR", *TYPES, "1-NN err", "dup in", "dup across", f"k={d.k} ok"]
    rows = []
    for c in d.classes:
        s = c.typology_share
        rows.append(
            [
                str(c.label) + ("" if c.is_minority else " (largest)"),
                str(c.size),
                f"{c.imbalance_ratio:.2f}",
                *[_pct(s[t]) for t in TYPES],
                _pct(c.nn_error),
                str(c.duplicates_within),
                str(c.duplicates_cross),
                "yes" if c.k_available else "NO",
            ]
        )
    return head, rows


def _synthetic_rows(
    d: Diagnosis, notes: list[tuple[str, str]] | None = None
) -> tuple[list[str], list[list[str]]]:
    """The comparison table; with ``notes``, a refusal's message goes there, not in a cell."""
    head = [
        "sampler",
        "class",
        "new rows",
        "other-class nbhd",
        "(originals)",
        *TYPES,
        "dist/spacing",
        "beyond p95",
        "copies",
    ]
    rows = []
    for r in d.synthetic:
        if r.error or not r.n_synthetic:
            note = f"error: {r.error}" if r.error else "no new rows"
            if r.error and notes is not None:
                notes.append((r.sampler, r.error))
                note = "refused (below)"
            rows.append([r.sampler, note] + [""] * (len(head) - 2))
            continue
        for c in r.classes:
            s = c.typology_share
            rows.append(
                [
                    r.sampler,
                    str(c.label),
                    str(c.n_synthetic),
                    _pct(c.other_class_share),
                    _pct(c.original_other_class_share),
                    *[_pct(s[t]) for t in TYPES],
                    _num(c.median_distance_ratio, 2),
                    _pct(c.beyond_p95_share),
                    _pct(c.copies_share),
                ]
            )
    return head, rows


# ---- text ---------------------------------------------------------------------------------
def _table(head: list[str], rows: list[list[str]], indent: str = "  ") -> list[str]:
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(head)]

    def line(cells: list[str]) -> str:
        out = [cells[0].ljust(widths[0])]
        out += [
            c.rjust(w) if c[:1].isdigit() or c in ("n/a", "yes", "NO") else c.ljust(w)
            for c, w in zip(cells[1:], widths[1:], strict=True)
        ]
        return (indent + "  ".join(out)).rstrip()

    return [line(head)] + [line(r) for r in rows]


def render_text(d: Diagnosis) -> str:
    """The terminal report of a diagnosis."""
    title = "smotekit diagnose" + (f": {d.source}" if d.source else "")
    lines = [title, "=" * len(title)]
    lines.append(f"{d.n_rows} rows, {d.n_features} features; target: {d.target_type}")
    if not d.applicable:
        lines += ["", f"verdict: {d.verdict.headline.upper()}", f"  {d.explanation}"]
        return "\n".join(lines)
    lines.append(f"distance: {d.distance}; k = {d.k} neighbours")
    lines += ["", "classes (safe/borderline/rare/outlier: Napierala & Stefanowski 2016)"]
    lines += _table(*_class_rows(d))
    o = d.overlap
    if o is not None:
        lines += ["", "class overlap (Ho & Basu 2002; chance = expected with shuffled labels)"]
        where = "all rows" if o.n1_exact else f"stratified sample of {o.n1_rows} rows"
        lines.append(
            f"  N1 boundary fraction (MST)   {o.n1:.3f}   chance {o.n1_chance:.3f}   "
            f"{_pct(o.n1_relative)} of chance   ({where})"
        )
        lines.append(
            f"  N3 leave-one-out 1-NN error  {o.n3:.3f}   chance {o.n3_chance:.3f}   "
            f"{_pct(o.n3_relative)} of chance   (all rows)"
        )
    dup = d.duplicates
    if dup is not None:
        lines += [
            "",
            f"duplicates: {dup.duplicate_rows} row(s) repeat an earlier row; "
            f"{dup.rows_in_conflict} row(s) in {dup.conflicting_groups} feature vector(s) "
            "that occur with more than one label",
        ]
    if d.synthetic:
        lines += [
            "",
            f"synthetic rows: their {d.k} nearest original rows, and distance to the class",
        ]
        notes: list[tuple[str, str]] = []
        lines += _table(*_synthetic_rows(d, notes))
        # samplers refused for the same reason share one line
        by_reason: dict[str, list[str]] = {}
        for name, reason in notes:
            by_reason.setdefault(reason, []).append(name)
        lines += [f"  {', '.join(names)}: {reason}" for reason, names in by_reason.items()]
    lines += ["", f"verdict: {d.verdict.headline.upper()}"]
    lines += [f"  - {f.message}" for f in d.verdict.findings]
    if d.verdict.suggestion:
        lines += ["", "suggestion: " + d.verdict.suggestion]
    return "\n".join(lines)


# ---- HTML ---------------------------------------------------------------------------------
def _html_table(head: list[str], rows: list[list[str]], caption: str) -> str:
    e = html.escape
    out = [f"<table><caption>{e(caption)}</caption><thead><tr>"]
    out += [f'<th scope="col">{e(h)}</th>' for h in head]
    out.append("</tr></thead><tbody>")
    for r in rows:
        out.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def render_html(d: Diagnosis) -> str:
    """The HTML fragment of a diagnosis (escaped text, no scripts, styles or links)."""
    e = html.escape
    parts = [f'<section class="smotekit-diagnosis" data-level="{e(d.verdict.level)}">']
    title = "When not to use SMOTE: diagnosis" + (f" of {d.source}" if d.source else "")
    parts.append(f"<h2>{e(title)}</h2>")
    parts.append(f"<p>{d.n_rows} rows, {d.n_features} features; target: {e(d.target_type)}.</p>")
    parts.append(f"<p><strong>Verdict: {e(d.verdict.headline)}.</strong></p>")
    if not d.applicable:
        parts.append(f"<p>{e(d.explanation or '')}</p></section>")
        return "".join(parts)
    parts.append("<ul>" + "".join(f"<li>{e(f.message)}</li>" for f in d.verdict.findings) + "</ul>")
    if d.verdict.suggestion:
        parts.append(f"<p>Suggestion: {e(d.verdict.suggestion)}</p>")
    parts.append(f"<p>Distance: {e(d.distance)}; k = {d.k}.</p>")
    parts.append(
        _html_table(
            *_class_rows(d),
            caption="Classes: safe / borderline / rare / outlier rows (Napierala & "
            "Stefanowski 2016), 1-NN error, duplicates",
        )
    )
    o = d.overlap
    if o is not None:
        where = "all rows" if o.n1_exact else f"stratified sample of {o.n1_rows} rows"
        parts.append(
            _html_table(
                ["measure", "value", "chance level", "relative", "rows"],
                [
                    [
                        "N1 boundary fraction (MST)",
                        _num(o.n1),
                        _num(o.n1_chance),
                        _pct(o.n1_relative),
                        where,
                    ],
                    [
                        "N3 leave-one-out 1-NN error",
                        _num(o.n3),
                        _num(o.n3_chance),
                        _pct(o.n3_relative),
                        "all rows",
                    ],
                ],
                caption="Class overlap (Ho & Basu 2002); chance level = expected value with "
                "the labels shuffled",
            )
        )
    dup = d.duplicates
    if dup is not None:
        parts.append(
            f"<p>Duplicates: {dup.duplicate_rows} row(s) repeat an earlier row; "
            f"{dup.rows_in_conflict} row(s) share their features with a row of another "
            "label.</p>"
        )
    if d.synthetic:
        parts.append(
            _html_table(
                *_synthetic_rows(d),
                caption=f"Synthetic rows by sampler: share whose {d.k} nearest original rows "
                "are mostly of another class, their types, and distance to the class",
            )
        )
    parts.append("</section>")
    return "".join(parts)
