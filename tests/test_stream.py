"""Streamed resampling of files: the same rows as in memory, originals byte for byte, bounded."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from smotekit import SMOTE, BorderlineSMOTE, RandomOverSampler, RandomUnderSampler
from smotekit._compat import read_csv  # exact floats on every pandas, as the CLI reads them
from smotekit.cli.main import main
from smotekit.errors import InvalidInputError, NonNumericFeatureError
from smotekit.scale.plan import OutOfCoreError
from smotekit.scale.stream import resample_file

pytest.importorskip("pyarrow")

# tiny chunks: many batches, the hold budget exceeded, new rows rendered in many ranges
SMALL = {"chunk_bytes": 4096, "chunk_rows": 97, "hold_bytes": 16_000, "progress": False}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_frame(n: int = 2500, seed: int = 0, labels=("x", "y", "z")) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(rng.normal(size=(n, 4)) * [1, 10, 1e-3, 1e6], columns=list("abcd"))
    frame["count"] = rng.integers(0, 100, n)
    frame["label"] = rng.choice(list(labels), p=[0.8, 0.15, 0.05], size=n)
    return frame


def in_memory(sampler, frame: pd.DataFrame, target: str = "label") -> pd.DataFrame:
    """What ``smotekit resample`` writes without streaming, as a frame."""
    X_res, y_res = sampler.fit_resample(frame.drop(columns=target), frame[target])
    return X_res.assign(**{target: y_res})[list(frame.columns)].reset_index(drop=True)


def read(path: Path) -> pd.DataFrame:
    return pd.read_parquet(path) if path.suffix == ".parquet" else read_csv(path)


SAMPLERS = {
    "smote": lambda: SMOTE(random_state=7),
    "smote-box-float": lambda: SMOTE(
        random_state=7, gap="box", integer_columns="float", k_neighbors=3
    ),
    "smote-percentage": lambda: SMOTE(random_state=7, percentage=250, allocation="random"),
    "random-over": lambda: RandomOverSampler(random_state=7),
    "random-under": lambda: RandomUnderSampler(random_state=7),
    "random-under-replacement": lambda: RandomUnderSampler(
        random_state=7, replacement=True, sampling_strategy={"x": 900, "y": 300}
    ),
}


@pytest.mark.parametrize("name", list(SAMPLERS))
@pytest.mark.parametrize(
    "formats", [("csv", "csv"), ("csv", "parquet"), ("parquet", "csv"), ("parquet", "parquet")]
)
def test_stream_equals_in_memory(tmp_path: Path, name: str, formats):
    frame = make_frame()
    source = tmp_path / f"in.{formats[0]}"
    if formats[0] == "csv":
        frame.to_csv(source, index=False)
    else:
        frame.to_parquet(source, index=False)
    before = digest(source)
    output = tmp_path / f"out.{formats[1]}"
    streamed = SAMPLERS[name]()
    result = resample_file(streamed, source, output, "label", **SMALL)
    expected = in_memory(SAMPLERS[name](), read(source))
    got = read(output)
    # same rows, same order, same values; CSV ints read back as ints
    pd.testing.assert_frame_equal(got, expected, check_exact=True, check_dtype=formats[1] == "csv")
    assert result.n_output == len(expected)
    assert result.counts_after == expected["label"].value_counts().sort_index().to_dict()
    assert digest(source) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_provenance_is_the_in_memory_recipe(tmp_path: Path):
    frame = make_frame(seed=3)
    source = tmp_path / "in.csv"
    frame.to_csv(source, index=False)
    streamed, memory = SMOTE(random_state=11), SMOTE(random_state=11)
    result = resample_file(streamed, source, tmp_path / "out.csv", "label", **SMALL)
    in_memory(memory, frame)
    a, b = streamed.provenance_, memory.provenance_
    assert result.passes == 3  # the budget let 'y' go in pass 1; one more pass collected it
    assert a.first_row == b.first_row == len(frame)
    for field in ("labels", "base", "neighbor", "gap"):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field))
    assert streamed.sampling_strategy_ == memory.sampling_strategy_


def test_csv_originals_are_copied_byte_for_byte(tmp_path: Path):
    # odd formatting a reader accepts but a writer would not reproduce: 1.50, +3, 1e0, CRLF
    text = "a,b,label\r\n1.50,+3,0\r\n\r\n1e0,7,0\r\n2.0,8,0\r\n0.5,9,1\r\n0.25,10,1\r\n0.75,11,1"
    source = tmp_path / "odd.csv"
    source.write_bytes(text.encode())
    out = tmp_path / "out.csv"
    resample_file(SMOTE(random_state=0, k_neighbors=2), source, out, "label", progress=False)
    written = out.read_bytes()
    assert written.startswith(text.encode() + b"\n")
    back = read_csv(out)
    assert back["label"].tolist() == [0, 0, 0, 1, 1, 1]  # balanced already: nothing added
    # under-sampling keeps the kept records' bytes, and drops the blank line
    out = tmp_path / "under.csv"
    resample_file(RandomUnderSampler(random_state=0), source, out, "label", progress=False)
    kept = out.read_bytes().split(b"\n")
    assert kept[0] == b"a,b,label\r"
    assert all(line + b"\n" in text.encode() + b"\n" for line in kept[1:-1])
    pd.testing.assert_frame_equal(
        read_csv(out),
        in_memory(RandomUnderSampler(random_state=0), read_csv(source)),
    )


def test_output_does_not_depend_on_chunk_sizes(tmp_path: Path):
    frame = make_frame(seed=5)
    source = tmp_path / "in.parquet"
    frame.to_parquet(source, index=False)
    outputs = []
    for chunk_rows, hold in ((50, 4_000), (333, 10**9), (10_000, 10**9)):
        out = tmp_path / f"out{chunk_rows}.csv"
        resample_file(
            SMOTE(random_state=2, gap="box"),
            source,
            out,
            "label",
            chunk_rows=chunk_rows,
            hold_bytes=hold,
            progress=False,
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]


def test_column_widened_when_a_later_block_does_not_parse(tmp_path: Path):
    # 'b' looks like integers for thousands of rows, then holds a decimal
    frame = make_frame(n=3000, seed=1)
    frame["b"] = np.arange(3000)
    text = frame.to_csv(index=False).replace("\n2999,", "\n2999.5,", 1)
    frame = frame.astype({"b": float})
    frame.loc[2999, "b"] = 2999.5
    source = tmp_path / "widen.csv"
    source.write_text(text.replace(",2999,", ",2999.5,"))
    out = tmp_path / "out.csv"
    resample_file(SMOTE(random_state=0), source, out, "label", **SMALL)
    expected = in_memory(SMOTE(random_state=0), read_csv(source))
    assert expected["b"].dtype == np.float64
    pd.testing.assert_frame_equal(read(out), expected, check_exact=True)


def test_refusals_and_errors_name_the_problem(tmp_path: Path):
    frame = make_frame(n=400)
    source = tmp_path / "in.csv"
    frame.to_csv(source, index=False)
    out = tmp_path / "out.csv"
    with pytest.raises(OutOfCoreError, match="nearest rows among all classes"):
        resample_file(BorderlineSMOTE(), source, out, "label", progress=False)
    with pytest.raises(OutOfCoreError, match="callable sampling_strategy"):
        resample_file(SMOTE(sampling_strategy=lambda y: {}), source, out, "label", progress=False)
    with pytest.raises(OutOfCoreError, match="shrinkage"):
        resample_file(RandomOverSampler(shrinkage=1.0), source, out, "label", progress=False)
    with pytest.raises(InvalidInputError, match="'nope' is not in"):
        resample_file(SMOTE(), source, out, "nope", progress=False)
    # a NaN in a majority row, far from the rows SMOTE holds: named as in memory
    bad = frame.copy()
    bad.loc[bad.index[bad["label"] == "x"][-1], "c"] = np.nan
    bad.to_csv(source, index=False)
    with pytest.raises(InvalidInputError, match=r"'c' \(1 NaN\)"):
        resample_file(SMOTE(), source, out, "label", **SMALL)
    frame.assign(d="text").to_csv(source, index=False)
    with pytest.raises(NonNumericFeatureError, match="'d'"):
        resample_file(SMOTE(), source, out, "label", progress=False)
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_cli_streams_on_request_and_above_the_threshold(tmp_path: Path, capsys, monkeypatch):
    frame = make_frame(n=1500)
    source = tmp_path / "in.csv"
    frame.to_csv(source, index=False)
    expected = in_memory(SMOTE(random_state=4), frame)

    def run(*args):
        with pytest.raises(SystemExit) as info:
            main(["resample", str(source), "-t", "label", "--seed", "4", *args])
            raise SystemExit(0)
        return info.value.code or 0, capsys.readouterr()

    code, out = run("-o", str(tmp_path / "a.csv"), "--stream")
    assert code == 0
    assert "streamed in 2 passes" in out.out and "pass 2: writing new rows" in out.err
    pd.testing.assert_frame_equal(read_csv(tmp_path / "a.csv"), expected, check_exact=True)
    # automatic above the threshold (made tiny here); a sampler that needs all rows is noted
    monkeypatch.setattr("smotekit.cli.stream.stream_threshold", lambda: 100)
    code, out = run("-o", str(tmp_path / "b.csv"), "-q")
    assert code == 0 and out.err == "" and out.out == ""
    pd.testing.assert_frame_equal(read_csv(tmp_path / "b.csv"), expected, check_exact=True)
    code, out = run("-o", str(tmp_path / "c.csv"), "--sampler", "borderline")
    assert code == 0 and "note: reading the whole file into memory" in out.err
    code, out = run("-o", str(tmp_path / "d.csv"), "--sampler", "borderline", "--stream")
    assert code == 1 and "cannot run in streaming mode" in out.err


def test_class_column_anywhere_and_integer_labels(tmp_path: Path):
    frame = make_frame(n=1200, seed=8, labels=(3, 1, 2))
    frame = frame[["label", "a", "count", "b"]]
    source = tmp_path / "in.csv"
    frame.to_csv(source, index=False)
    for name in ("out.csv", "out.parquet"):
        out = tmp_path / name
        resample_file(SMOTE(random_state=1), source, out, "label", **SMALL)
        expected = in_memory(SMOTE(random_state=1), read_csv(source))
        pd.testing.assert_frame_equal(read(out), expected, check_exact=True)
