"""The command line end to end: real files in, summary out, input untouched, atomic output."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from smotekit.cli import registry
from smotekit.cli.main import main
from smotekit.datasets import pima_path

DATA = Path(__file__).parent / "data"


def run(args: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(["resample", *args])
        raise SystemExit(0)
    out = capsys.readouterr()
    return info.value.code or 0, out.out, out.err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def satimage(tmp_path: Path) -> Path:
    target = tmp_path / "satimage.csv"
    shutil.copy(DATA / "satimage.csv", target)
    return target


def test_resample_real_csv_balances_and_keeps_input(satimage: Path, tmp_path: Path, capsys):
    before = digest(satimage)
    out = tmp_path / "out.csv"
    code, stdout, _ = run(
        [str(satimage), "--target", "label", "-o", str(out), "--seed", "0"], capsys
    )
    assert code == 0
    assert digest(satimage) == before
    original = pd.read_csv(satimage)
    result = pd.read_csv(out)
    assert result["label"].value_counts().to_dict() == {0: 5809, 1: 5809}
    # originals come first and unchanged; integer pixel columns stay integers
    pd.testing.assert_frame_equal(result.iloc[: len(original)], original)
    assert all(pd.api.types.is_integer_dtype(t) for t in result.dtypes)
    assert "5809" in stdout and "+5183" in stdout
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_percentage_mode_and_parquet(tmp_path: Path, capsys):
    pytest.importorskip("pyarrow")
    src = tmp_path / "phoneme.csv"
    shutil.copy(DATA / "phoneme.csv", src)
    out = tmp_path / "phoneme.parquet"
    code, stdout, _ = run(
        [str(src), "-t", "label", "-o", str(out), "--percentage", "200", "--seed", "3"], capsys
    )
    assert code == 0, stdout
    result = pd.read_parquet(out)
    counts = result["label"].value_counts().to_dict()
    assert counts == {0: 3818, 1: 1586 * 3}
    # Parquet in, CSV out works too
    back = tmp_path / "back.csv"
    code, _, _ = run(
        [str(out), "-t", "label", "-o", str(back), "--sampler", "random-under", "--seed", "0"],
        capsys,
    )
    assert code == 0
    assert pd.read_csv(back)["label"].value_counts().to_dict() == {0: 3818, 1: 3818}


def test_same_seed_same_file(satimage: Path, tmp_path: Path, capsys):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    for path in (a, b):
        assert (
            run([str(satimage), "-t", "label", "-o", str(path), "--seed", "7", "-q"], capsys)[0]
            == 0
        )
    assert digest(a) == digest(b)


def test_bundled_dataset_runs_without_input(tmp_path: Path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, stdout, _ = run(["--seed", "0"], capsys)
    assert code == 0
    assert (tmp_path / "pima_resampled.csv").exists()
    assert "pima.csv" in stdout


def test_refuses_to_overwrite_input(satimage: Path, capsys):
    before = digest(satimage)
    code, _, err = run([str(satimage), "-t", "label", "-o", str(satimage)], capsys)
    assert code == 2
    assert "never overwrites its input" in err
    assert digest(satimage) == before


def test_failed_run_leaves_previous_output(tmp_path: Path, capsys):
    credit = tmp_path / "credit_g.csv"
    shutil.copy(DATA / "credit_g.csv", credit)
    out = tmp_path / "out.csv"
    out.write_text("previous\n")
    code, _, err = run([str(credit), "-t", "label", "-o", str(out)], capsys)
    assert code == 1
    assert "non-numeric column(s) 'checking_status'" in err
    assert out.read_text() == "previous\n"
    assert len(list(tmp_path.iterdir())) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-t", "nope"], "Column 'nope' is not in"),
        (["-t", "label", "--k", "700"], "Class 1 has 626 row(s)"),
        (["-t", "label", "--ratio", "0.01"], "would require removing samples"),
        (["-t", "label", "--strategy", "sideways"], "not a known strategy"),
    ],
)
def test_bad_input_gives_message_and_exit_1(satimage, tmp_path, capsys, args, message):
    code, _, err = run([str(satimage), "-o", str(tmp_path / "o.csv"), *args], capsys)
    assert code == 1
    assert message in err
    assert "Traceback" not in err


def test_missing_file_and_target(tmp_path: Path, capsys):
    code, _, err = run([str(tmp_path / "none.csv"), "-t", "label"], capsys)
    assert code == 1 and "does not exist" in err
    code, _, err = run([str(tmp_path / "none.csv")], capsys)
    assert code == 2 and "--target is required" in err


def test_console_script_entry_point(tmp_path: Path):
    """The installed command itself (a real process), not only the function."""
    out = tmp_path / "p.csv"
    proc = subprocess.run(
        [sys.executable, "-m", "smotekit.cli.main", "resample", "-o", str(out), "--seed", "1"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert pd.read_csv(out)["label"].value_counts().to_dict() == {0: 500, 1: 500}


NOMINAL_SAMPLERS = {"smote-nc", "smote-n"}
REMOVES_ROWS = {
    "tomek",
    "enn",
    "renn",
    "all-knn",
    "ncr",
    "cnn",
    "oss",
    "near-miss",
    "cluster-centroids",
    "iht",
    "smote-tomek",
    "smote-enn",
    "smote-ipf",
    "ipf",
    "random-under",
    "smote-under",
}


@pytest.mark.parametrize("name", registry.available())
def test_every_registered_sampler_runs(name: str, tmp_path: Path, capsys):
    """Each --sampler on real data: numeric Pima, or credit_g for the nominal samplers."""
    out = tmp_path / "out.csv"
    args = ["--sampler", name, "-o", str(out), "-q"]
    if name in NOMINAL_SAMPLERS:
        source = tmp_path / "credit_g.csv"
        frame = pd.read_csv(DATA / "credit_g.csv")
        if name == "smote-n":  # SMOTE-N takes nominal columns only
            # pandas 3 reads strings as its "str" dtype, not object: select the non-numbers
            frame = frame.select_dtypes(exclude="number")
        frame.to_csv(source, index=False)
        args = [str(source), "-t", "label", *args]
    else:
        frame = pd.read_csv(pima_path())
    if "random_state" in registry.build(name, {}).get_params():
        args += ["--seed", "0"]
    code, _, err = run(args, capsys)
    assert code == 0, err
    result = pd.read_csv(out)
    assert list(result.columns) == list(frame.columns)
    if name not in REMOVES_ROWS:  # over-samplers: the original rows come first, unchanged
        head = result.iloc[: len(frame)].reset_index(drop=True)
        pd.testing.assert_frame_equal(head, frame, check_dtype=False)


def test_option_that_does_not_apply_is_refused(tmp_path: Path, capsys):
    code, _, err = run(
        ["--sampler", "tomek", "--gap", "box", "-o", str(tmp_path / "o.csv")], capsys
    )
    assert code == 2
    assert "--gap do(es) not apply to --sampler tomek" in err
    assert not (tmp_path / "o.csv").exists()


def test_unreadable_inputs_end_in_one_clear_line(tmp_path: Path, capsys):
    """A .parquet that is not Parquet, a truncated Parquet file, a folder: one line, exit 1."""
    fake = tmp_path / "fake.parquet"
    fake.write_text("a,b,label\n1,2,0\n")
    real = tmp_path / "real.parquet"
    pd.read_csv(pima_path()).to_parquet(real)
    truncated = tmp_path / "truncated.parquet"
    truncated.write_bytes(real.read_bytes()[: real.stat().st_size // 2])
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    for source, words in (
        (fake, "not a readable Parquet file"),
        (truncated, "not a readable Parquet file"),
        (folder, "is a folder"),
    ):
        out = tmp_path / "out.csv"
        code, _, err = run([str(source), "-t", "label", "-o", str(out)], capsys)
        assert code == 1 and words in err, err
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1
        assert not out.exists()


def test_metric_option_reaches_the_sampler(tmp_path: Path, capsys):
    out = tmp_path / "o.csv"
    code, _, err = run(["--metric", "hvdm", "--seed", "0", "-o", str(out)], capsys)
    assert code == 0, err
    from smotekit import SMOTE

    frame = pd.read_csv(pima_path())
    X, y = frame.drop(columns="label"), frame["label"]
    X_res, _ = SMOTE(metric="hvdm", random_state=0).fit_resample(X, y)
    written = pd.read_csv(out).drop(columns="label")
    pd.testing.assert_frame_equal(written, X_res.reset_index(drop=True), check_dtype=False)
    code, _, err = run(["--sampler", "smobd", "--metric", "cosine", "-o", str(out)], capsys)
    assert code == 2 and "--metric do(es) not apply to --sampler smobd" in err


def test_set_passes_any_constructor_parameter(tmp_path: Path, capsys):
    from smotekit import PolynomFitSMOTE

    out = tmp_path / "o.csv"
    args = ["--sampler", "polynom-fit-smote", "--set", "topology=mesh", "--set", "degree=3"]
    code, _, err = run([*args, "--seed", "0", "-o", str(out)], capsys)
    assert code == 0, err
    frame = pd.read_csv(pima_path())
    X, y = frame.drop(columns="label"), frame["label"]
    X_res, _ = PolynomFitSMOTE(topology="mesh", degree=3, random_state=0).fit_resample(X, y)
    written = pd.read_csv(out).drop(columns="label")
    pd.testing.assert_frame_equal(written, X_res.reset_index(drop=True), check_dtype=False)
    for bad, message in [
        (["--sampler", "ccr", "--set", "topology=mesh"], "has no parameter 'topology'"),
        (["--set", "k_neighbors=3", "--k", "4"], "repeats an option"),
        (["--set", "oops"], "takes name=value"),
        (["--sampler", "ccr", "--set", "energy=-1"], "energy=-1 must be"),
    ]:
        code, _, err = run([*bad, "-o", str(tmp_path / "bad.csv")], capsys)
        assert code != 0 and message in err, err
        assert not (tmp_path / "bad.csv").exists()
