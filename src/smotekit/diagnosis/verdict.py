"""From the numbers to a verdict: findings with reasons, and what to try instead.

Every sentence is built from the measured numbers; the thresholds are the named constants
below, each with the reason for its value. They are rules of thumb read off the cited
literature, not cut-offs it prescribes: none of these papers gives a universal threshold, so
the report always shows the numbers behind a verdict.

References
----------
* Napierala, K. & Stefanowski, J. (2016). Types of minority class examples and their influence
  on learning classifiers from imbalanced data. J. Intell. Inf. Syst. 46, 563-597.
* Napierala, K., Stefanowski, J. & Wilk, S. (2010). Learning from imbalanced data in presence
  of noisy and borderline examples. RSCTC 2010, LNCS 6086, 158-167.
* Ho, T. K. & Basu, M. (2002). Complexity measures of supervised classification problems.
  IEEE TPAMI 24(3), 289-300.
* Fernández, A., García, S., del Jesus, M. J. & Herrera, F. (2008). A study of the behaviour of
  linguistic fuzzy rule based classification systems in the framework of imbalanced data-sets.
  Fuzzy Sets and Systems 159(18), 2378-2398 (the KEEL imbalanced collections: IR above 1.5).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from smotekit.diagnosis.complexity import Overlap
from smotekit.diagnosis.results import ClassDiagnosis, SyntheticDiagnosis

# ---- thresholds ----------------------------------------------------------------------------
#: Napierala & Stefanowski call a minority class "safe" when safe examples dominate it, and
#: "unsafe" otherwise: below half safe rows the class lives mostly on or across the boundary.
SAFE_DOMINANT = 0.5
#: At least this share of safe rows: the class is well separated (N&S's safe data sets, on
#: which nearly every method, with or without resampling, does well).
SAFE_EASY = 0.8
#: Rare + outlier rows from this share: a caution. N&S find these two types the most harmful
#: to classifiers; a third of the class is where they start to dominate its recognition.
RARE_OUTLIER_CAUTION = 0.3
#: Rare + outlier rows from this share: SMOTE is not recommended. Half the class then sits
#: alone among other classes; interpolating from those rows places points inside them, and
#: Napierala, Stefanowski & Wilk (2010) found cleaning (NCR, SPIDER2) beat over-sampling on
#: data disturbed this way.
RARE_OUTLIER_AGAINST = 0.5
#: N1 or N3 from this fraction of its chance level (same labels shuffled): a caution. Ho &
#: Basu read their measures against randomly labelled problems, the complex extreme; half-way
#: there, the classes share much of their space.
OVERLAP_CAUTION = 0.5
#: From this fraction of the chance level the neighbourhoods are nearly as mixed as random
#: labels: the features hardly tell the classes apart locally, whatever the balance.
OVERLAP_AGAINST = 0.8
#: Rows of a class whose exact features also occur with another label: from 5% a caution
#: (an irreducible error a sampler can only reinforce), from 20% not recommended.
CROSS_DUPLICATES_CAUTION = 0.05
CROSS_DUPLICATES_AGAINST = 0.2
#: Rows of a class with an exact copy in the class: SMOTE between a row and its copy returns
#: the row, so from a fifth of the class many "synthetic" rows are copies.
WITHIN_DUPLICATES_CAUTION = 0.2
#: Imbalance ratios below this are treated as balanced (the KEEL imbalanced collections start
#: above 1.5; Fernández et al. 2008).
IMBALANCE_MIN = 1.5
#: A sampler whose new rows sit in other-class neighbourhoods this much more often (in
#: percentage points) than the class's own rows do moves the class into its neighbours.
SYNTHETIC_EXCESS_CAUTION = 0.10
#: Samplers whose shares differ by less than this (5 percentage points) are not ranked.
SYNTHETIC_SAME = 0.05

#: A numeric y with more distinct values than this may be a quantity rather than classes.
MANY_CLASSES = 20

SEVERITIES = ("info", "caution", "against", "blocker")
LEVELS = {
    "info": "applicable",
    "caution": "caution",
    "against": "not_recommended",
    "blocker": "not_applicable",
}
HEADLINES = {
    "applicable": "SMOTE is applicable",
    "caution": "SMOTE may help, with caution",
    "not_recommended": "SMOTE is not recommended",
    "not_applicable": "SMOTE does not apply",
}


@dataclass
class Finding:
    """One reason behind the verdict.

    Attributes
    ----------
    code : str
        Stable identifier: ``target``, ``no_minority``, ``many_classes``, ``too_small``,
        ``rare_outlier``, ``boundary``, ``safe``, ``cross_duplicates``, ``within_duplicates``,
        ``balanced``, ``overlap``, ``separable``, ``synthetic_invades``,
        ``synthetic_comparison``.
    severity : str
        ``info``, ``caution``, ``against`` or ``blocker``.
    message : str
        What was measured.
    suggestion : str
        What to do about it ("" when nothing).
    label : object or None
        The class concerned (``None``: the whole data set).
    """

    code: str
    severity: str
    message: str
    suggestion: str = ""
    label: Any = None


@dataclass
class Verdict:
    """The verdict: a level, the findings behind it, and suggestions.

    Attributes
    ----------
    level : str
        ``applicable``, ``caution``, ``not_recommended`` or ``not_applicable``.
    findings : list of Finding
        Most severe first.
    """

    level: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def headline(self) -> str:
        return HEADLINES[self.level]

    @property
    def suggestions(self) -> list[str]:
        """Suggestions of the most severe findings first, without repeats."""
        out: list[str] = []
        for f in self.findings:
            if f.suggestion and f.suggestion not in out:
                out.append(f.suggestion)
        return out

    @property
    def suggestion(self) -> str:
        return " ".join(self.suggestions[:2])

    @property
    def text(self) -> str:
        lines = [self.headline + "."]
        lines += [f"- {f.message}" for f in self.findings]
        if self.suggestion:
            lines.append("Suggestion: " + self.suggestion)
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        from smotekit.diagnosis.results import plain

        return {
            "level": self.level,
            "headline": self.headline,
            "findings": [
                {
                    "code": f.code,
                    "severity": f.severity,
                    "label": plain(f.label),
                    "message": f.message,
                    "suggestion": f.suggestion,
                }
                for f in self.findings
            ],
            "suggestion": self.suggestion,
            "text": self.text,
        }


def _rank(severity: str) -> int:
    return SEVERITIES.index(severity)


def make_verdict(findings: list[Finding]) -> Verdict:
    """The level of the most severe finding; findings sorted most severe first."""
    ordered = sorted(findings, key=lambda f: -_rank(f.severity))
    top = ordered[0].severity if ordered else "info"
    return Verdict(LEVELS[top], ordered)


def not_applicable(reason: str) -> Verdict:
    """The verdict for a target SMOTE does not apply to (multi-label, continuous, one class)."""
    return Verdict("not_applicable", [Finding("target", "blocker", reason)])


# ---- per class ------------------------------------------------------------------------------
def class_findings(c: ClassDiagnosis) -> list[Finding]:
    """Findings about one minority class."""
    out: list[Finding] = []
    name = f"class {c.label!s}"
    k = c.k
    if c.size <= 1:
        out.append(
            Finding(
                "too_small",
                "blocker",
                f"{name.capitalize()} has a single row: SMOTE has no same-class neighbour to "
                "interpolate with.",
                f"Collect more {name} examples; meanwhile weight {name} (class_weight) or "
                "repeat its row (RandomOverSampler).",
                c.label,
            )
        )
    elif c.size <= k:
        out.append(
            Finding(
                "too_small",
                "blocker",
                f"{name.capitalize()} has {c.size} rows; SMOTE with k_neighbors={k} needs at "
                f"least {k + 1} (each row picks among its {k} nearest same-class rows).",
                f"For {name} use k_neighbors={c.size - 1} or fewer, RandomOverSampler, or "
                "class weights; more examples of the class are best.",
                c.label,
            )
        )
    s = c.typology_share
    u = s["rare"] + s["outlier"]
    types = (
        f"{s['safe']:.0%} safe, {s['borderline']:.0%} borderline, {s['rare']:.0%} rare, "
        f"{s['outlier']:.0%} outlier"
    )
    if u >= RARE_OUTLIER_CAUTION:
        severity = "against" if u >= RARE_OUTLIER_AGAINST else "caution"
        message = (
            f"{u:.0%} of {name}'s {c.size} rows are rare or outliers among their {k} nearest "
            f"neighbours ({types}): the class is unsafe in Napierala & Stefanowski's sense, and "
            "SMOTE interpolates from such rows into other classes' regions."
        )
        if s["outlier"] >= s["rare"]:
            hint = (
                f"{s['outlier']:.0%} of {name} are outliers (no same-class neighbour among "
                f"{k}): check them for label noise; cleaning the boundary (TomekLinks or "
                "EditedNearestNeighbours on the other classes, or SMOTEENN) or class weights "
                "are likely to serve better than plain SMOTE."
            )
        else:
            hint = (
                f"{s['rare']:.0%} of {name} are rare (one same-class neighbour among {k}): "
                "they form small isolated groups; class weights, or over-sampling that stays "
                "within such groups (a smaller k_neighbors, KMeansSMOTE), are likely to serve "
                "better than plain SMOTE."
            )
        out.append(Finding("rare_outlier", severity, message, hint, c.label))
    elif s["safe"] < SAFE_DOMINANT:
        out.append(
            Finding(
                "boundary",
                "caution",
                f"Only {s['safe']:.0%} of {name} is safe ({types}): the class lives mostly on "
                "the boundary, where SMOTE's segments can cross into other classes.",
                f"With {s['borderline']:.0%} of {name} borderline, variants that target or "
                "clean the boundary (BorderlineSMOTE, SMOTETomek) deserve a comparison with "
                "plain SMOTE under cross-validation.",
                c.label,
            )
        )
    elif s["safe"] >= SAFE_EASY:
        out.append(
            Finding(
                "safe",
                "info",
                f"{s['safe']:.0%} of {name}'s {c.size} rows are safe ({types}): its "
                "neighbourhoods are its own.",
                f"SMOTE can be used for {name}; with so few unsafe rows, class weights or a "
                "tuned decision threshold may do as well, so compare them.",
                c.label,
            )
        )
    else:
        out.append(
            Finding(
                "safe",
                "info",
                f"{name.capitalize()} is dominated by safe rows ({types}).",
                f"SMOTE can be used for {name}.",
                c.label,
            )
        )
    cross = c.duplicates_cross / c.size if c.size else 0.0
    if cross >= CROSS_DUPLICATES_CAUTION:
        severity = "against" if cross >= CROSS_DUPLICATES_AGAINST else "caution"
        out.append(
            Finding(
                "cross_duplicates",
                severity,
                f"{c.duplicates_cross} of {name}'s rows ({cross:.0%}) have exact copies with "
                "another label: no sampler or classifier can separate identical rows.",
                "Check those labels (or add the features that tell the rows apart) before "
                "resampling.",
                c.label,
            )
        )
    within = c.duplicates_within / c.size if c.size else 0.0
    if within >= WITHIN_DUPLICATES_CAUTION:
        out.append(
            Finding(
                "within_duplicates",
                "caution",
                f"{within:.0%} of {name}'s rows have an exact copy in the class: SMOTE "
                "between a row and its copy returns the row itself.",
                f"Drop exact duplicates of {name} before resampling, or expect copies among "
                "the synthetic rows.",
                c.label,
            )
        )
    if c.imbalance_ratio < IMBALANCE_MIN:
        out.append(
            Finding(
                "balanced",
                "info",
                f"{name.capitalize()} is only {c.imbalance_ratio:.2f} times smaller than the "
                f"largest class (below {IMBALANCE_MIN}): there is little to balance.",
                "",
                c.label,
            )
        )
    return out


# ---- whole data set -------------------------------------------------------------------------
def class_count_findings(classes: list[ClassDiagnosis]) -> list[Finding]:
    """Findings about the set of classes: none smaller than another, or suspiciously many."""
    out: list[Finding] = []
    sizes = [c.size for c in classes]
    if sizes and min(sizes) == max(sizes):
        out.append(
            Finding(
                "no_minority",
                "blocker",
                f"All {len(sizes)} classes have {sizes[0]} rows: there is no minority class to "
                "over-sample.",
                "Nothing to balance; if some class matters more, weight it instead.",
            )
        )
    numeric = all(
        isinstance(c.label, int | float) and not isinstance(c.label, bool) for c in classes
    )
    if numeric and len(classes) > MANY_CLASSES:
        median = sorted(sizes)[len(sizes) // 2]
        out.append(
            Finding(
                "many_classes",
                "caution",
                f"y has {len(classes)} distinct numeric values (a median of {median} rows "
                "each): if it measures a quantity (a count, an age, a score), it is a "
                "regression target and SMOTE's classes do not apply.",
                "For a numeric target, bin it into a few classes first, or use "
                "smotekit.SMOTER / SMOGN for regression.",
            )
        )
    return out


def overlap_findings(o: Overlap) -> list[Finding]:
    """Findings about N1 and N3 read against their chance levels."""
    r1, r3 = o.n1_relative, o.n3_relative
    sample = "" if o.n1_exact else f" (N1 on a stratified sample of {o.n1_rows} rows)"
    numbers = (
        f"N3 = {o.n3:.3f} ({_pct(r3)} of the {o.n3_chance:.3f} expected with shuffled labels) "
        f"and N1 = {o.n1:.3f} ({_pct(r1)} of {o.n1_chance:.3f}){sample}"
    )
    worst = max((r for r in (r1, r3) if math.isfinite(r)), default=float("nan"))
    if not math.isfinite(worst):
        return []
    if worst >= OVERLAP_CAUTION:
        severity = "against" if worst >= OVERLAP_AGAINST else "caution"
        strength = (
            "nearly as much as randomly labelled classes would"
            if severity == "against"
            else "heavily"
        )
        return [
            Finding(
                "overlap",
                severity,
                f"The classes overlap {strength}: {numbers}.",
                "The features barely separate the classes locally; better features, or a "
                "probabilistic model with a tuned decision threshold, are likely to help more "
                "than resampling."
                if severity == "against"
                else "Expect modest gains from any resampling; compare with class weights.",
            )
        ]
    return [Finding("separable", "info", f"The classes are largely separable locally: {numbers}.")]


def synthetic_findings(results: list[SyntheticDiagnosis]) -> list[Finding]:
    """Findings about where each sampler put its new rows, and a comparison between them."""
    out: list[Finding] = []
    ran = [r for r in results if not r.error and r.n_synthetic]
    for r in ran:
        for c in r.classes:
            excess = c.other_class_share - c.original_other_class_share
            if c.n_synthetic and excess >= SYNTHETIC_EXCESS_CAUTION:
                out.append(
                    Finding(
                        "synthetic_invades",
                        "caution",
                        f"{r.sampler} puts {c.other_class_share:.0%} of its {c.n_synthetic} new "
                        f"class-{c.label!s} rows in neighbourhoods dominated by other classes, "
                        f"against {c.original_other_class_share:.0%} of the class's own rows.",
                        f"Prefer a sampler that keeps class {c.label!s} in its own region, or "
                        "clean after over-sampling (SMOTEENN, SMOTETomek).",
                        c.label,
                    )
                )
    if len(ran) >= 2:
        ordered = sorted(ran, key=lambda r: r.other_class_share)
        best, worst = ordered[0], ordered[-1]
        low, high = best.other_class_share, worst.other_class_share
        if high - low < SYNTHETIC_SAME:
            message = (
                f"The {len(ran)} samplers tried put about the same share of their new rows in "
                f"other-class neighbourhoods ({low:.0%} to {high:.0%})."
            )
        else:
            message = (
                f"Of the samplers tried, {best.sampler} puts the fewest new rows in other-class "
                f"neighbourhoods ({low:.0%}) and {worst.sampler} the most ({high:.0%})."
            )
        out.append(Finding("synthetic_comparison", "info", message))
    return out


def _pct(x: float) -> str:
    return f"{x:.0%}" if math.isfinite(x) else "n/a"
