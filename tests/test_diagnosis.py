"""The diagnosis: known answers on constructed data, exact checks against brute force, the
synthetic-row diagnosis, the renderings (JSON schema, HTML) and the command line end to end."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.sparse.csgraph import minimum_spanning_tree
from scipy.spatial.distance import cdist

from smotekit import SMOTE, SMOTENC, NonNumericFeatureError, RandomOverSampler
from smotekit.cli.main import main
from smotekit.diagnosis import diagnose, diagnose_sampler, diagnose_synthetic
from smotekit.diagnosis.complexity import mst_edges, n1_boundary, n1_chance, n3_chance
from smotekit.diagnosis.space import fit_space
from smotekit.diagnosis.typology import TYPES, classify, type_limits
from smotekit.errors import InvalidInputError, InvalidParameterError

DATA = Path(__file__).parent / "data"


# ---- brute-force references ------------------------------------------------------------------
def brute_neighbors(Z: np.ndarray, k: int) -> np.ndarray:
    """Each row's k nearest other rows, nearest first, ties by the smaller position."""
    D = cdist(Z, Z, "sqeuclidean")
    out = []
    for i in range(Z.shape[0]):
        others = np.array([j for j in range(Z.shape[0]) if j != i])
        order = np.lexsort((others, D[i, others]))
        out.append(others[order[:k]])
    return np.array(out)


def brute_type(same: int) -> str:
    """The paper's rule for k = 5, written out."""
    return {5: "safe", 4: "safe", 3: "borderline", 2: "borderline", 1: "rare", 0: "outlier"}[same]


def blobs(rng, n_major=200, n_minor=40, shift=12.0, d=3):
    X = np.vstack([rng.normal(0, 1, (n_major, d)), rng.normal(shift, 1, (n_minor, d))])
    y = np.array([0] * n_major + [1] * n_minor)
    return X, y


def minority(d, label=1):
    return next(c for c in d.classes if c.label == label)


# ---- constructed data with a known answer ---------------------------------------------------
def test_well_separated_classes_are_safe_and_smote_applies():
    X, y = blobs(np.random.default_rng(0))
    d = diagnose(X, y)
    c = minority(d)
    assert c.typology == {"safe": 40, "borderline": 0, "rare": 0, "outlier": 0}
    assert c.imbalance_ratio == 5.0 and c.k_available and c.is_minority
    assert d.overlap.n3 == 0.0
    assert d.overlap.n1 == pytest.approx(2 / 240)  # one MST edge joins the two blobs
    assert d.verdict.level == "applicable"
    assert {f.code for f in d.verdict.findings} == {"safe", "separable"}
    assert "100% of class 1's 40 rows are safe" in d.verdict.text


def test_classes_from_one_distribution_overlap_and_the_verdict_warns():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(400, 4))
    y = np.array([0] * 300 + [1] * 100)
    d = diagnose(X, y)
    s = minority(d).typology_share
    assert s["safe"] < 0.2
    assert s["borderline"] + s["rare"] + s["outlier"] > 0.8
    assert d.overlap.n3_relative > 0.8 and d.overlap.n1_relative > 0.8
    assert d.verdict.level == "not_recommended"
    codes = {f.code for f in d.verdict.findings}
    assert {"overlap", "rare_outlier"} <= codes
    # the text is built from the numbers
    share = s["rare"] + s["outlier"]
    assert f"{share:.0%} of class 1's 100 rows are rare or outliers" in d.verdict.text
    assert f"N3 = {d.overlap.n3:.3f}" in d.verdict.text
    assert d.verdict.suggestion


# ---- exact checks against brute force -------------------------------------------------------
def test_typology_equals_brute_force():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(150, 3))
    y = rng.choice([0, 1, 2], size=150, p=[0.6, 0.3, 0.1])
    X[y == 1] += 0.8
    d = diagnose(X, y)
    _, Z = fit_space(X, y)
    nb = brute_neighbors(Z, 5)
    for c in d.classes:
        rows = np.flatnonzero(y == c.label)
        expected = dict.fromkeys(TYPES, 0)
        for i in rows:
            expected[brute_type(int((y[nb[i]] == y[i]).sum()))] += 1
        assert c.typology == expected
        assert c.nn_error == pytest.approx(np.mean(y[nb[rows, 0]] != c.label))


def test_type_limits_scale_with_k():
    assert type_limits(5) == (4, 2)
    assert [TYPES[t] for t in classify(np.arange(8)[::-1], 7)] == [
        "safe",
        "safe",
        "safe",
        "borderline",
        "borderline",
        "rare",
        "rare",
        "outlier",
    ]


def test_n1_and_n3_equal_brute_force():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(120, 4))
    y = (X[:, 0] + rng.normal(0, 0.7, 120) > 0.6).astype(int)
    d = diagnose(X, y)
    _, Z = fit_space(X, y)
    D = cdist(Z, Z)
    tree = minimum_spanning_tree(D).tocoo()  # continuous data: no zero distances, unique MST
    boundary = np.zeros(120, dtype=bool)
    cross = y[tree.row] != y[tree.col]
    boundary[tree.row[cross]] = boundary[tree.col[cross]] = True
    assert d.overlap.n1 == pytest.approx(boundary.mean(), abs=0)
    ours = {tuple(sorted(e)) for e in mst_edges(Z).tolist()}
    assert ours == {tuple(sorted(e)) for e in zip(tree.row, tree.col, strict=True)}
    np.fill_diagonal(D, np.inf)
    assert d.overlap.n3 == pytest.approx(np.mean(y[D.argmin(axis=1)] != y), abs=0)
    assert d.overlap.n1_exact and d.overlap.n1_rows == 120


def test_chance_levels_are_the_exact_mean_over_all_labelings():
    Z = np.array([[0.0], [1.0], [3.0], [6.0], [10.0], [15.0]])  # a path: degrees 1,2,2,2,2,1
    edges = mst_edges(Z)
    y0 = np.array([0, 0, 0, 0, 1, 1])
    nearest = brute_neighbors(Z, 1)[:, 0]
    n1s, n3s = [], []
    for ones in itertools.combinations(range(6), 2):
        y = np.zeros(6, dtype=int)
        y[list(ones)] = 1
        n1s.append(n1_boundary(edges, y).mean())
        n3s.append(np.mean(y[nearest] != y))
    assert n1_chance(edges, y0) == pytest.approx(np.mean(n1s))
    assert n3_chance(y0) == pytest.approx(np.mean(n3s))


def test_n1_on_a_stratified_sample_says_so():
    X, y = blobs(np.random.default_rng(4), 300, 60)
    d = diagnose(X, y, max_mst_rows=90)
    o = d.overlap
    assert not o.n1_exact and o.n1_rows == 90
    assert "stratified sample of 90 rows" in d.to_text()
    assert d.to_dict()["overlap"]["n1_rows"] == 90
    assert o.n3 == 0.0  # N3 stays exact on every row


def test_hvdm_embedding_is_the_hvdm_distance():
    X = pd.DataFrame(
        {
            "a": [1.0, 4.0, 2.0, 8.0, 5.0, 3.0],
            "c": ["x", "y", "x", "z", "y", "z"],
            "b": [0.0, 1.0, 1.0, 0.0, 1.0, 0.0],
        }
    )
    y = np.array([0, 0, 1, 1, 1, 0])
    space, Z = fit_space(X, y)
    assert space.n_nominal == 1 and space.n_numeric == 2
    p = {v: np.array([np.mean(y[X["c"] == v] == c) for c in (0, 1)]) for v in "xyz"}
    for i, j in itertools.combinations(range(6), 2):
        d2 = sum(((X[col][i] - X[col][j]) / (4 * X[col].std(ddof=0))) ** 2 for col in "ab")
        d2 += np.sum((p[X["c"][i]] - p[X["c"][j]]) ** 2)
        assert np.linalg.norm(Z[i] - Z[j]) == pytest.approx(np.sqrt(d2))
    d = diagnose(X, y, k=2)
    assert d.n_nominal == 1 and "Value Difference Metric" in d.distance
    with pytest.raises(NonNumericFeatureError, match="metric='euclidean'"):
        diagnose(X, y, metric="euclidean")


# ---- duplicates and class sizes -------------------------------------------------------------
def test_duplicates_within_and_across_classes():
    rng = np.random.default_rng(5)
    X, y = blobs(rng, 100, 30)
    X[101] = X[100]  # a copy inside class 1
    X[102] = X[0]  # class 1 rows equal to class 0 rows
    X[103] = X[1]
    X[104] = X[1]
    d = diagnose(X, y)
    dup = d.duplicates
    assert dup.duplicate_rows == 4
    assert dup.conflicting_groups == 2 and dup.rows_in_conflict == 5
    c = minority(d)
    assert c.duplicates_within == 4 and c.duplicates_cross == 3
    assert next(c for c in d.classes if c.label == 0).duplicates_cross == 2
    finding = next(f for f in d.verdict.findings if f.code == "cross_duplicates")
    assert finding.severity == "caution" and "3 of class 1's rows (10%)" in finding.message


def test_heavy_cross_duplication_is_against_smote():
    X, y = blobs(np.random.default_rng(6), 100, 20)
    X[100:110] = X[:10]
    d = diagnose(X, y)
    f = next(f for f in d.verdict.findings if f.code == "cross_duplicates")
    assert f.severity == "against" and "(50%)" in f.message
    assert d.verdict.level == "not_recommended"


def test_class_not_larger_than_k():
    rng = np.random.default_rng(7)
    X = np.vstack([rng.normal(0, 1, (50, 2)), rng.normal(8, 1, (4, 2)), [[20.0, 20.0]]])
    y = np.array([0] * 50 + [1] * 4 + [2])
    d = diagnose(X, y)
    assert [c.k_available for c in d.classes] == [True, False, False]
    assert d.verdict.level == "not_applicable"
    small = [f for f in d.verdict.findings if f.code == "too_small"]
    assert "Class 1 has 4 rows; SMOTE with k_neighbors=5 needs at least 6" in small[0].message
    assert "k_neighbors=3" in small[0].suggestion
    assert "single row" in small[1].message
    assert d.to_dict()["classes"][1]["k_available"] is False
    assert diagnose(X, y, k=3).classes[1].k_available


# ---- targets SMOTE does not apply to --------------------------------------------------------
def test_multilabel_target_is_explained_not_crashed_on():
    rng = np.random.default_rng(8)
    X = rng.normal(size=(50, 3))
    Y = (rng.random((50, 3)) < 0.4).astype(int)
    d = diagnose(X, Y)
    assert not d.applicable and d.target_type == "multilabel-indicator"
    assert d.verdict.level == "not_applicable"
    several = np.mean(Y.sum(axis=1) > 1)
    assert f"{several:.0%} of the 50 rows carry more than one label" in d.explanation
    assert json.loads(d.to_json())["target"]["explanation"] == d.explanation
    assert "DOES NOT APPLY" in d.to_text() and "</section>" in d.to_html()
    # one-hot with exactly one label per row is a multiclass target
    onehot = np.eye(3, dtype=int)[rng.integers(0, 3, 50)]
    assert diagnose(X, onehot).applicable


def test_continuous_and_single_class_targets_are_explained():
    rng = np.random.default_rng(9)
    X = rng.normal(size=(40, 2))
    d = diagnose(X, rng.normal(size=40))
    assert not d.applicable and d.target_type == "continuous"
    assert "40 distinct values over 40 rows" in d.explanation and "SMOTER" in d.explanation
    d = diagnose(X, np.zeros(40, dtype=int))
    assert not d.applicable and "single class" in d.explanation


def test_balanced_classes_and_numeric_targets_with_many_values():
    rng = np.random.default_rng(13)
    X = rng.normal(size=(60, 2))
    d = diagnose(X, [0, 1] * 30)
    assert d.minority == [] and d.verdict.level == "not_applicable"
    assert "All 2 classes have 30 rows" in d.verdict.findings[0].message
    y = rng.integers(0, 40, 60)
    d = diagnose(X, y)
    many = next(f for f in d.verdict.findings if f.code == "many_classes")
    assert f"y has {np.unique(y).size} distinct numeric values" in many.message


@pytest.mark.parametrize(
    ("X", "y", "error", "match"),
    [
        (None, [0, 1], InvalidInputError, "X is None"),
        (np.zeros((3, 2)), None, InvalidInputError, "y is None"),
        (np.zeros((3, 2)), [0, 1], InvalidInputError, "X has 3 rows but y has 2"),
        (np.array([[0.0, np.nan], [1.0, 2.0]]), [0, 1], InvalidInputError, "NaN"),
        (np.zeros((3, 2)), [0, 1, np.nan], InvalidInputError, "missing label"),
    ],
)
def test_bad_input_raises_clear_errors(X, y, error, match):
    with pytest.raises(error, match=match):
        diagnose(X, y)


def test_bad_parameters():
    with pytest.raises(InvalidParameterError, match="k=0"):
        diagnose(np.zeros((4, 1)), [0, 0, 1, 1], k=0)
    with pytest.raises(InvalidParameterError, match="metric="):
        diagnose(np.zeros((4, 1)), [0, 0, 1, 1], metric="cosine")
    with pytest.raises(InvalidParameterError, match="fit_resample"):
        diagnose(np.zeros((4, 1)), [0, 0, 1, 1], samplers=["smote"])


# ---- synthetic rows -------------------------------------------------------------------------
def straddled():
    """A majority blob with four minority rows on each side. Every minority row has 3
    minority rows among its 5 nearest rows (no majority neighbourhood), but SMOTE's k=5
    same-class neighbours include 2 rows of the far side: 40% of its segments cross the
    majority."""
    rng = np.random.default_rng(10)
    major = rng.normal(0, 1, (150, 2))
    side = np.array([[6, 0.0], [6.3, 0.4], [5.8, -0.3], [6.1, -0.5]])
    return np.vstack([major, side, -side]), np.array([0] * 150 + [1] * 8)


def test_sampler_that_crosses_the_majority_is_caught():
    X, y = straddled()
    smote = diagnose_sampler(SMOTE(random_state=0), X, y)
    c = smote.classes[0]
    assert smote.found_by == "provenance" and c.n_synthetic == 142
    assert c.original_other_class_share == 0.0
    assert c.other_class_share > 0.15  # about 40% of segments cross, half of each inside
    assert c.beyond_p95_share > 0.2  # between the two groups is far from both
    copies = diagnose_sampler(RandomOverSampler(random_state=0), X, y)
    assert copies.classes[0].copies_share == 1.0 and copies.classes[0].other_class_share == 0
    d = diagnose(X, y, samplers={"smote": SMOTE(random_state=0), "copies": RandomOverSampler()})
    invades = [f for f in d.verdict.findings if f.code == "synthetic_invades"]
    assert [f.message.split()[0] for f in invades] == ["smote"]
    assert f"{c.other_class_share:.0%} of its 142 new class-1 rows" in invades[0].message
    comparison = next(f for f in d.verdict.findings if f.code == "synthetic_comparison")
    assert "copies puts the fewest" in comparison.message
    assert "smote" in d.to_text() and "copies" in d.to_html()


def test_samplers_within_five_points_are_not_ranked():
    from smotekit.diagnosis import SyntheticClass, SyntheticDiagnosis
    from smotekit.diagnosis.verdict import synthetic_findings

    def run(name, share):
        c = SyntheticClass(1, 10, share, share, dict.fromkeys(TYPES, 0), 0.5, 0.0, 0.0, 1, 2)
        return SyntheticDiagnosis(name, 10, [c])

    (same,) = synthetic_findings([run("a", 0.44), run("b", 0.45)])
    assert same.message.startswith("The 2 samplers tried put about the same share")
    (ranked,) = synthetic_findings([run("a", 0.30), run("b", 0.45)])
    assert "a puts the fewest new rows in other-class neighbourhoods (30%)" in ranked.message


def test_any_sampler_output_without_provenance():
    imblearn = pytest.importorskip("imblearn.over_sampling")
    X, y = straddled()
    X_res, y_res = imblearn.SMOTE(random_state=0).fit_resample(X, y)
    appended = diagnose_synthetic(X, y, X_res, y_res, name="imblearn")
    assert appended.found_by == "appended" and appended.n_synthetic == 142
    order = np.random.default_rng(0).permutation(len(y_res))
    shuffled = diagnose_synthetic(X, y, X_res[order], y_res[order])
    assert shuffled.found_by == "unmatched" and shuffled.n_synthetic == 142
    a, b = appended.classes[0], shuffled.classes[0]
    assert a.other_class_share == b.other_class_share
    assert a.median_distance_ratio == b.median_distance_ratio
    with pytest.raises(InvalidInputError, match=r"label\(s\) \[7\] that y does not have"):
        diagnose_synthetic(X, y, X_res, np.where(y_res == 1, 7, 0))


def test_sampler_refusing_the_data_is_reported_not_raised():
    X = pd.read_csv(DATA / "credit_g.csv").head(200)
    y = X.pop("label")
    d = diagnose(X, y, samplers={"smote": SMOTE(), "smote-nc": SMOTENC(random_state=0)})
    smote, nc = d.synthetic
    assert smote.error and "non-numeric" in smote.error and smote.n_synthetic == 0
    assert nc.error is None and nc.n_synthetic == int((y == "good").sum() - (y == "bad").sum())
    assert "refused (below)" in d.to_text() and "smote: X has non-numeric" in d.to_text()
    assert "error: X has non-numeric" in d.to_html()


# ---- renderings -----------------------------------------------------------------------------
TOP_KEYS = {
    "schema",
    "applicable",
    "source",
    "target",
    "data",
    "classes",
    "overlap",
    "duplicates",
    "synthetic",
    "verdict",
}
CLASS_KEYS = {
    "label",
    "size",
    "is_minority",
    "imbalance_ratio",
    "k_available",
    "typology",
    "typology_share",
    "nn_error",
    "duplicates_within",
    "duplicates_cross",
}
SYNTHETIC_KEYS = {
    "sampler",
    "error",
    "n_synthetic",
    "found_by",
    "other_class_share",
    "classes",
    "summary",
}
SYNTHETIC_CLASS_KEYS = {
    "label",
    "n_synthetic",
    "other_class_share",
    "original_other_class_share",
    "typology",
    "typology_share",
    "median_distance_ratio",
    "beyond_p95_share",
    "copies_share",
    "typical_distance",
    "p95_distance",
}


def test_json_schema_is_stable():
    X, y = straddled()
    data = json.loads(diagnose(X, y, samplers=[SMOTE(random_state=0)]).to_json())
    assert data["schema"] == "smotekit.diagnosis/1"
    assert set(data) == TOP_KEYS
    assert set(data["target"]) == {"type", "n_classes", "explanation"}
    assert set(data["data"]) == {
        "n_rows",
        "n_features",
        "n_numeric",
        "n_nominal",
        "metric",
        "distance",
        "k",
    }
    for c in data["classes"]:
        assert set(c) == CLASS_KEYS and set(c["typology"]) == set(TYPES)
    assert set(data["overlap"]) == {
        "n1",
        "n1_chance",
        "n1_relative",
        "n1_rows",
        "n1_exact",
        "n3",
        "n3_chance",
        "n3_relative",
    }
    assert set(data["duplicates"]) == {
        "duplicate_rows",
        "distinct_rows",
        "conflicting_groups",
        "rows_in_conflict",
    }
    (s,) = data["synthetic"]
    assert set(s) == SYNTHETIC_KEYS and s["sampler"] == "SMOTE"
    assert set(s["classes"][0]) == SYNTHETIC_CLASS_KEYS
    assert set(data["verdict"]) == {"level", "headline", "findings", "suggestion", "text"}
    assert set(data["verdict"]["findings"][0]) == {
        "code",
        "severity",
        "label",
        "message",
        "suggestion",
    }
    not_applicable = json.loads(diagnose(X, np.linspace(0, 1, len(X))).to_json())
    assert set(not_applicable) == TOP_KEYS and not_applicable["applicable"] is False


def test_json_has_no_nan_and_labels_keep_their_type():
    X = np.array([[0.0], [0.0], [0.0], [1.0], [2.0], [3.0]])  # class "a": one distinct point
    d = diagnose(
        X,
        np.array(["a", "a", "a", "b", "b", "b"]),
        k=2,
        samplers=[RandomOverSampler(sampling_strategy={"a": 5}, random_state=0)],
    )
    text = d.to_json()
    assert "NaN" not in text and "Infinity" not in text
    data = json.loads(text)
    assert [c["label"] for c in data["classes"]] == ["a", "b"]
    assert data["synthetic"][0]["classes"][0]["median_distance_ratio"] is None


def test_html_fragment_is_self_contained_and_escaped():
    X, y = blobs(np.random.default_rng(11), 60, 15)
    labels = np.where(y == 1, "<b>rare & odd</b>", "plain")
    html_text = diagnose(X, labels, samplers=[SMOTE(random_state=0)]).to_html()
    assert html_text.startswith('<section class="smotekit-diagnosis" data-level="')
    assert html_text.endswith("</section>")
    assert html_text.count("<table>") == 3
    assert "<b>rare" not in html_text and "&lt;b&gt;rare &amp; odd&lt;/b&gt;" in html_text
    for external in ("<script", "<link", "<style", "http://", "https://", "src="):
        assert external not in html_text


# ---- command line ---------------------------------------------------------------------------
def cli(args: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(["diagnose", *args])
        raise SystemExit(0)
    out = capsys.readouterr()
    return info.value.code or 0, out.out, out.err


@pytest.mark.parametrize("name", ["satimage", "phoneme", "credit_g", None])
def test_cli_on_every_data_file(name, capsys, tmp_path):
    args = [] if name is None else [str(DATA / f"{name}.csv"), "--target", "label"]
    code, text, err = cli(args, capsys)
    assert code == 0, err
    assert "verdict: SMOTE" in text and "N3 leave-one-out" in text
    page = tmp_path / "d.html"
    code, out, err = cli([*args, "--json", "--html", str(page)], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert data["applicable"] is True
    assert data["source"] == f"{name or 'pima'}.csv"
    assert data["verdict"]["level"] in ("applicable", "caution", "not_recommended")
    assert page.read_text().startswith("<section")


def test_cli_compares_samplers(capsys):
    code, text, err = cli(["--samplers", "smote,borderline,adasyn,random-over", "--json"], capsys)
    assert code == 0, err
    data = json.loads(text)
    assert [s["sampler"] for s in data["synthetic"]] == [
        "smote",
        "borderline",
        "adasyn",
        "random-over",
    ]
    assert all(s["n_synthetic"] == 232 for s in data["synthetic"])
    assert data["synthetic"][3]["classes"][0]["copies_share"] == 1.0
    code, text, _ = cli(["--samplers", "smote,borderline"], capsys)
    assert code == 0 and "other-class nbhd" in text and "borderline" in text


def test_cli_multilabel_and_continuous_targets(tmp_path, capsys):
    rng = np.random.default_rng(12)
    frame = pd.DataFrame(rng.normal(size=(30, 2)), columns=["f1", "f2"])
    frame["a"] = rng.integers(0, 2, 30)
    frame["b"] = 1 - frame["a"] * rng.integers(0, 2, 30)
    frame["price"] = rng.normal(size=30)
    path = tmp_path / "multi.csv"
    frame.to_csv(path, index=False)
    code, text, _ = cli([str(path), "-t", "a,b"], capsys)
    assert code == 0 and "multi-label" in text and "DOES NOT APPLY" in text
    code, out, _ = cli([str(path.with_name("multi.csv")), "-t", "price", "--json"], capsys)
    assert code == 0 and json.loads(out)["target"]["type"] == "continuous"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["{pima}", "-t", "nope"], 1, "Column(s) 'nope' not in pima.csv"),
        (["{pima}"], 2, "--target is required"),
        (["{missing}", "-t", "label"], 1, "does not exist"),
        (["--samplers", "smote,wobble"], 2, "Unknown sampler(s) wobble"),
        (["--k", "0"], 2, "at least 1"),
        (["{nan}", "-t", "label"], 1, "NaN"),
        (["{only}", "-t", "label"], 1, "no column besides the target"),
        (["{text}", "-t", "label"], 1, "not a readable CSV"),
    ],
)
def test_cli_bad_input(args, code, message, tmp_path, capsys):
    from smotekit.datasets import pima_path

    (tmp_path / "nan.csv").write_text("x,label\n1,0\n,1\n3,1\n")
    (tmp_path / "only.csv").write_text("label\n0\n1\n")
    (tmp_path / "text.csv").write_bytes(b"\xff\xfe\x00garbage\x00\n\x81")
    paths = {
        "pima": str(pima_path()),
        "missing": str(tmp_path / "none.csv"),
        "nan": str(tmp_path / "nan.csv"),
        "only": str(tmp_path / "only.csv"),
        "text": str(tmp_path / "text.csv"),
    }
    got, out, err = cli([a.format(**paths) for a in args], capsys)
    assert got == code
    assert message in err
    assert "Traceback" not in err and out == ""
