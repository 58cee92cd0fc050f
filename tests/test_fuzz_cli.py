"""The command line on broken files and failing disks: one clear line, nothing lost.

Issue #17. Every failure to read an input or to write an output ends in exactly one line on
stderr (what was wrong and how to fix it) and a non-zero exit status; the input keeps its
bytes and its mtime; no output file (complete or partial) and no temporary file is left, and
an earlier output stays as it was. This holds for every command that writes (resample, its
streamed mode, diagnose --html, evaluate and paper reports) and for Ctrl-C at the moment of
writing. ``evaluate -c`` never runs code that is not a scikit-learn classifier class.

Failures of the system (disk full, permission denied, read-only folder) are simulated
in-process with monkeypatch, so they run as root too.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

import click
import numpy as np
import pandas as pd
import pytest

from smotekit.cli.evaluate import KNOWN_PACKAGES, parse_classifier
from smotekit.cli.main import cli, main

pytest.importorskip("pyarrow")

#: Every command and the argument naming the file it writes.
WRITERS = ["resample", "resample-parquet", "stream", "diagnose", "evaluate", "paper"]


# ---- helpers ----------------------------------------------------------------------------------
def make_frame(n: int = 80, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(rng.normal(size=(n, 3)), columns=["x1", "x2", "x3"])
    frame["count"] = rng.integers(0, 50, n)
    frame["label"] = np.r_[np.zeros(n - n // 4, dtype=int), np.ones(n // 4, dtype=int)]
    return frame


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "data.csv"
    make_frame().to_csv(path, index=False)
    return path


def args_for(command: str, source: Path, out: Path, target: str = "label") -> list[str]:
    """The arguments of ``command`` reading ``source`` and writing ``out``, kept fast."""
    if command in ("resample", "resample-parquet"):
        return ["resample", str(source), "-t", target, "-o", str(out), "-q", "--seed", "0"]
    if command == "stream":
        return ["resample", str(source), "-t", target, "-o", str(out), "-q", "--stream"]
    if command == "diagnose":
        return ["diagnose", str(source), "-t", target, "--html", str(out)]
    if command == "evaluate":
        return [
            "evaluate", str(source), "-t", target, "-o", str(out), "-q", "-s",
            "none,random-over", "-c", "logistic", "--folds", "2", "--repeats", "1",
            "--no-diagnosis",
        ]  # fmt: skip
    if command == "paper":
        return [
            "paper", str(source), "-t", target, "-o", str(out), "-q", "--smote-levels",
            "0,100", "--under-levels", "100", "--folds", "2",
        ]  # fmt: skip
    raise AssertionError(command)


def output_for(command: str, folder: Path) -> Path:
    name = {"resample": "out.csv", "resample-parquet": "out.parquet", "stream": "out.csv"}
    return folder / name.get(command, "out.html")


def run(args: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(args)
        raise SystemExit(0)
    captured = capsys.readouterr()
    return info.value.code or 0, captured.out, captured.err


def snapshot(path: Path) -> tuple[bytes, int] | None:
    if not path.is_file():
        return None
    return path.read_bytes(), path.stat().st_mtime_ns


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def assert_one_line(err: str, *words: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ") and "Traceback" not in err, err
    for word in words:
        assert word in lines[0], (word, lines[0])


def assert_failed_cleanly(
    code, err, *, expected_code, words, source, before, out, previous=None
) -> None:
    assert code == expected_code, err
    assert_one_line(err, *words)
    assert snapshot(source) == before  # bytes and mtime of the input
    if previous is None:
        assert not out.exists()
    else:
        assert out.read_bytes() == previous
    assert leftovers(out.parent) == []


def test_every_command_that_writes_is_covered():
    """A new command that writes a file must join WRITERS (and these tests)."""
    assert set(cli.commands) == {"resample", "diagnose", "evaluate", "paper"}


# ---- inputs that cannot be read ----------------------------------------------------------------
def _csv_text() -> str:
    return make_frame().to_csv(index=False)


def _parquet_bytes(tmp: Path, frame: pd.DataFrame | None = None) -> bytes:
    path = tmp / "made.parquet"
    (make_frame() if frame is None else frame).to_parquet(path, index=False)
    data = path.read_bytes()
    path.unlink()
    return data


def _write(name: str, content):
    def make(folder: Path) -> Path:
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif callable(content):
            result = content(folder)
            if isinstance(result, bytes):
                path.write_bytes(result)
            else:
                path.write_text(result, encoding="utf-8")
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return make


def _duplicate_parquet(folder: Path) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = folder / "dup-made.parquet"
    pq.write_table(pa.table([[1.0, 2.0], [3.0, 4.0], [0, 1]], names=["a", "a", "label"]), path)
    data = path.read_bytes()
    path.unlink()
    return data


def _folder(folder: Path) -> Path:
    path = folder / "folder.csv"
    path.mkdir()
    return path


BAD_INPUTS = {
    "parquet-that-is-csv": (
        _write("fake.parquet", _csv_text()),
        ["not a readable Parquet file", "rename it to .csv"],
    ),
    "csv-that-is-parquet": (
        _write("fake.csv", lambda f: _parquet_bytes(f)),
        ["is a Parquet file, not CSV", "rename it to .parquet"],
    ),
    "truncated-parquet": (
        _write("cut.parquet", lambda f: _parquet_bytes(f)[:-200]),
        ["not a readable Parquet file", "truncated"],
    ),
    "truncated-csv": (
        _write("cut.csv", _csv_text()[:-9]),
        ["looks truncated", "fields", "Write or copy it again"],
    ),
    "latin-1-csv": (
        _write("latin.csv", ("x1,café,label\n1,2,0\n1,3,1\n").encode("latin-1")),
        ["not UTF-8", "0xe9", "iconv"],
    ),
    "utf-16-csv": (_write("wide.csv", _csv_text().encode("utf-16")), ["UTF-16", "iconv"]),
    "binary-garbage-csv": (
        _write("noise.csv", bytes(range(128, 256)) * 8),
        ["not UTF-8", "Convert it first"],
    ),
    "header-only-csv": (
        _write("header.csv", "x1,x2,label\n"),
        ["has a header", "no data rows"],
    ),
    "header-only-parquet": (
        _write("header.parquet", lambda f: _parquet_bytes(f, make_frame().iloc[:0])),
        ["has a header", "no data rows"],
    ),
    "empty-file": (_write("empty.csv", ""), ["is empty"]),
    "blank-lines": (_write("blank.csv", "\n\n\n"), ["is empty", "no header"]),
    "ragged-csv": (
        _write("ragged.csv", _csv_text() + "1,2,3,4,5,6\n"),
        ["not a readable CSV file", "Expected 5 fields", "quote fields"],
    ),
    "unclosed-quote": (
        _write("quote.csv", _csv_text() + '1,2,"3,4,0\n'),
        ["not a readable CSV file", "EOF inside string"],
    ),
    "duplicate-csv-columns": (
        _write("dup.csv", "a,a,label\n" + "1,2,0\n3,4,1\n" * 10),
        ["duplicate column names", "'a'", "rename"],
    ),
    "duplicate-parquet-columns": (
        _write("dup.parquet", _duplicate_parquet),
        ["duplicate column names", "'a'"],
    ),
    "unknown-extension": (
        _write("data.txt", _csv_text()),
        ["Cannot tell the format", "'.txt'", "rename it to .csv"],
    ),
    "missing-target-column": (
        _write("notarget.csv", _csv_text().replace("label", "klass")),
        ["'label'", "not in notarget.csv", "'klass'", "--target"],
    ),
    "directory": (_folder, ["is a folder"]),
    "missing-file": (lambda folder: folder / "nowhere.csv", ["does not exist", "check the path"]),
}

READERS = ["resample", "diagnose", "evaluate", "paper"]


@pytest.mark.parametrize("command", READERS)
@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_unreadable_input(case, command, tmp_path, capsys):
    make, words = BAD_INPUTS[case]
    source = make(tmp_path)
    before = snapshot(source)
    out = output_for(command, tmp_path)
    code, _, err = run(args_for(command, source, out), capsys)
    assert_failed_cleanly(
        code, err, expected_code=1, words=words, source=source, before=before, out=out
    )


STREAM_WORDS = {
    "truncated-csv": ["not a readable CSV file", "Expected 5 columns, got"],
    "header-only-csv": ["has no rows", "nothing to resample"],
    "header-only-parquet": ["has no rows", "nothing to resample"],
    "ragged-csv": ["not a readable CSV file", "Expected 5 columns, got 6"],
    "unclosed-quote": ["not a readable CSV file"],
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_unreadable_input_streamed(case, tmp_path, capsys):
    make, words = BAD_INPUTS[case]
    source = make(tmp_path)
    before = snapshot(source)
    out = output_for("stream", tmp_path)
    code, _, err = run(args_for("stream", source, out), capsys)
    assert_failed_cleanly(
        code,
        err,
        expected_code=1,
        words=STREAM_WORDS.get(case, words),
        source=source,
        before=before,
        out=out,
    )


@pytest.mark.parametrize("command", [*READERS, "stream"])
def test_input_without_read_permission(command, data, tmp_path, capsys, monkeypatch):
    real_open = open

    def refusing_open(file, *args, **kwargs):
        if Path(file) == data:
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("smotekit.cli.io.open", refusing_open, raising=False)
    before = snapshot(data)
    out = output_for(command, tmp_path)
    code, _, err = run(args_for(command, data, out), capsys)
    assert_failed_cleanly(
        code,
        err,
        expected_code=1,
        words=["cannot be read: permission denied", "chmod u+r"],
        source=data,
        before=before,
        out=out,
    )


def test_input_without_read_permission_for_real(data, tmp_path, capsys):
    """The same with chmod, where it denies access (not for root)."""
    data.chmod(0)
    try:
        if os.access(data, os.R_OK):
            pytest.skip("chmod does not deny access here (running as root)")
        out = tmp_path / "out.csv"
        code, _, err = run(args_for("resample", data, out), capsys)
        assert code == 1
        assert_one_line(err, "permission denied")
        assert not out.exists()
    finally:
        data.chmod(0o644)


# ---- outputs that cannot be written --------------------------------------------------------
class _Boom:
    """What the writer raises: a disk error or Ctrl-C, after writing part of the file."""

    def __init__(self, error: BaseException) -> None:
        self.error = error
        self.calls = 0

    def partial_then_raise(self, path) -> None:
        self.calls += 1
        with open(path, "wb") as handle:
            handle.write(b"partial,content\n")
        raise self.error


def break_writer(command: str, monkeypatch, boom: _Boom) -> None:
    """Make the writer of ``command`` write part of its file, then raise ``boom.error``."""
    if command == "resample":
        monkeypatch.setattr(pd.DataFrame, "to_csv", lambda self, p, **k: boom.partial_then_raise(p))
    elif command == "resample-parquet":
        monkeypatch.setattr(
            pd.DataFrame, "to_parquet", lambda self, p, **k: boom.partial_then_raise(p)
        )
    elif command == "stream":
        from smotekit.scale.tables import TableSink

        def commit(sink):
            boom.calls += 1
            sink._file.write(b"partial,content\n")
            raise boom.error

        monkeypatch.setattr(TableSink, "commit", commit)
    else:  # the HTML reports
        real_open = open

        def failing_open(file, mode="r", *args, **kwargs):
            if "w" in mode and str(file).endswith(".tmp"):
                boom.partial_then_raise(file)
            return real_open(file, mode, *args, **kwargs)

        monkeypatch.setattr("smotekit.cli.io.open", failing_open, raising=False)


DISK_ERRORS = {
    "disk-full": (
        OSError(errno.ENOSPC, "No space left on device"),
        ["the disk is full", "free some space", "Nothing was written"],
    ),
    "permission": (
        PermissionError(errno.EACCES, "Permission denied"),
        ["permission denied", "choose a folder you can write to"],
    ),
    "read-only": (
        OSError(errno.EROFS, "Read-only file system"),
        ["read-only file system", "choose a writable folder"],
    ),
}


@pytest.mark.parametrize("command", WRITERS)
@pytest.mark.parametrize("failure", list(DISK_ERRORS))
def test_write_failure_leaves_no_partial_output(failure, command, data, capsys, monkeypatch):
    error, words = DISK_ERRORS[failure]
    boom = _Boom(error)
    break_writer(command, monkeypatch, boom)
    out = output_for(command, data.parent)
    out.write_bytes(b"previous output\n")
    before = snapshot(data)
    code, _, err = run(args_for(command, data, out), capsys)
    assert boom.calls == 1
    assert_failed_cleanly(
        code,
        err,
        expected_code=1,
        words=[*words, out.name],
        source=data,
        before=before,
        out=out,
        previous=b"previous output\n",
    )


@pytest.mark.parametrize("command", WRITERS)
def test_ctrl_c_while_writing_leaves_no_partial_output(command, data, capsys, monkeypatch):
    boom = _Boom(KeyboardInterrupt())
    break_writer(command, monkeypatch, boom)
    out = output_for(command, data.parent)
    before = snapshot(data)
    code, _, err = run(args_for(command, data, out), capsys)
    assert boom.calls == 1
    assert_failed_cleanly(
        code,
        err,
        expected_code=130,
        words=["interrupted", "no partial output"],
        source=data,
        before=before,
        out=out,
    )


@pytest.mark.parametrize("command", WRITERS)
@pytest.mark.parametrize("failure", ["permission", "read-only"])
def test_folder_that_refuses_new_files(failure, command, data, capsys, monkeypatch):
    """The temporary file cannot even be created (a read-only folder)."""
    error, words = DISK_ERRORS[failure]
    real_mkstemp = tempfile.mkstemp

    def refusing_mkstemp(*args, **kwargs):
        if Path(kwargs.get("dir", "")) == data.parent:
            raise type(error)(error.errno, error.strerror)
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", refusing_mkstemp)
    out = output_for(command, data.parent)
    before = snapshot(data)
    code, _, err = run(args_for(command, data, out), capsys)
    assert_failed_cleanly(
        code, err, expected_code=1, words=words, source=data, before=before, out=out
    )


def test_read_only_folder_for_real(data, tmp_path, capsys):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("chmod does not deny writing here (running as root)")
        out = folder / "out.csv"
        code, _, err = run(args_for("resample", data, out), capsys)
        assert code == 1
        assert_one_line(err, "permission denied")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize("command", ["resample", "stream"])
def test_written_output_is_readable_like_any_new_file(command, data, capsys):
    out = output_for(command, data.parent)
    code, _, err = run(args_for(command, data, out), capsys)
    assert code == 0, err
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask  # not mkstemp's private 0600
    assert leftovers(data.parent) == []
    assert len(pd.read_csv(out)) == 120


# ---- the output is the input, or not a file in a folder -----------------------------------------
def _same_path(source: Path) -> Path:
    return source


def _symlink(source: Path) -> Path:
    link = source.parent / "link.csv"
    link.symlink_to(source)
    return link


def _hardlink(source: Path) -> Path:
    link = source.parent / "hard.csv"
    os.link(source, link)
    return link


@pytest.mark.parametrize("command", ["resample", "stream", "diagnose", "evaluate", "paper"])
@pytest.mark.parametrize("how", [_same_path, _symlink, _hardlink], ids=["same", "symlink", "hard"])
def test_output_that_is_the_input(how, command, data, capsys):
    out = how(data)
    before = snapshot(data)
    code, _, err = run(args_for(command, data, out), capsys)
    assert code == 2
    assert_one_line(err, "never overwrites its input", "Choose another")
    assert snapshot(data) == before
    assert leftovers(data.parent) == []


@pytest.mark.parametrize("command", ["resample", "diagnose", "evaluate"])
def test_output_that_is_a_folder(command, data, tmp_path, capsys):
    before = snapshot(data)
    code, _, err = run(args_for(command, data, tmp_path), capsys)
    assert code == 2
    assert_one_line(err, "is a folder", "give a file name")
    assert snapshot(data) == before


@pytest.mark.parametrize("command", ["resample", "diagnose", "paper"])
def test_output_in_a_missing_folder(command, data, tmp_path, capsys):
    out = tmp_path / "no" / "such" / output_for(command, tmp_path).name
    code, _, err = run(args_for(command, data, out), capsys)
    assert code == 2
    assert_one_line(err, "does not exist", "create it first")
    assert not (tmp_path / "no").exists()


def test_unknown_output_extension_fails_before_any_work(data, tmp_path, capsys, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("the data was read before the output was checked")

    monkeypatch.setattr("smotekit.cli.io.read_table", never)
    code, _, err = run(args_for("resample", data, tmp_path / "out.xlsx"), capsys)
    assert code == 1
    assert_one_line(err, "Cannot tell the format", "'.xlsx'", "--format")


# ---- evaluate -c runs nothing it should not --------------------------------------------------
def test_popen_example_runs_nothing(tmp_path, capsys):
    marker = tmp_path / "x"
    spec = f'subprocess.Popen(args=["touch","{marker}"])'
    code, _, err = run(["evaluate", "-c", spec, "-o", str(tmp_path / "r.html")], capsys)
    assert code == 2
    assert_one_line(err, "subprocess.Popen", "not a scikit-learn classifier", "--trust-package")
    assert not marker.exists()
    assert not (tmp_path / "r.html").exists()


def test_trusting_a_package_still_requires_a_classifier_class(tmp_path, capsys):
    marker = tmp_path / "x"
    spec = f'subprocess.Popen(args=["touch","{marker}"])'
    code, _, err = run(["evaluate", "--trust-package", "subprocess", "-c", spec], capsys)
    assert code == 2
    assert_one_line(err, "not a scikit-learn classifier class", "nothing was constructed")
    assert not marker.exists()


UNSAFE_SPECS = {
    "os-system": ('os.system("touch {m}")', "--trust-package os"),
    "dunder-import": ('__import__("os").system("touch {m}")', "plain import path"),
    "call-in-a-value": (
        'sklearn.linear_model.LogisticRegression(C=__import__("os").system("touch {m}"))',
        "plain import path",
    ),
    "nested-popen": (
        'sklearn.ensemble.BaggingClassifier(estimator=subprocess.Popen(args=["touch","{m}"]))',
        "--trust-package subprocess",
    ),
    "lambda-value": (
        "sklearn.linear_model.LogisticRegression(C=(lambda: open('{m}', 'w'))())",
        "plain import path",
    ),
    "private-attribute": ('sklearn.__builtins__.open("{m}", "w")', "private attribute"),
    "double-star": (
        'sklearn.linear_model.LogisticRegression(**{{"C": 1}})',
        "** is not supported",
    ),
    "positional": ("sklearn.linear_model.LogisticRegression(1.0)", "by name (k=v)"),
    "not-a-classifier": ("sklearn.preprocessing.StandardScaler()", "not a scikit-learn classifier"),
    "regressor": ("sklearn.linear_model.LinearRegression", "not a scikit-learn classifier"),
    "function": ("sklearn.utils.estimator_checks.check_estimator()", "not a scikit-learn"),
    "numpy-class": ("numpy.random.RandomState(seed=1)", "--trust-package numpy"),
    "pipeline-without-classifier": (
        'sklearn.pipeline.Pipeline(steps=[("s", sklearn.preprocessing.StandardScaler())])',
        "must end in a classifier",
    ),
    "syntax": ("sklearn.tree.DecisionTreeClassifier(", "is not NAME or package.module.Class"),
}


@pytest.mark.parametrize("case", list(UNSAFE_SPECS))
def test_classifier_specs_that_are_refused(case, tmp_path):
    template, words = UNSAFE_SPECS[case]
    marker = tmp_path / "ran"
    with pytest.raises(click.BadParameter) as info:
        parse_classifier(template.format(m=marker))
    assert words in info.value.format_message()
    assert not marker.exists()


@pytest.mark.parametrize(
    ("spec", "name"),
    [
        ("sklearn.linear_model.LogisticRegression(C=0.5)", "LogisticRegression"),
        (
            "sklearn.ensemble.BaggingClassifier("
            "estimator=sklearn.tree.DecisionTreeClassifier(max_depth=2), n_estimators=3)",
            "BaggingClassifier",
        ),
        (
            'sklearn.pipeline.Pipeline(steps=[("scale", sklearn.preprocessing.StandardScaler()),'
            ' ("model", sklearn.linear_model.LogisticRegression(class_weight={0: 1, 1: 3}))])',
            "Pipeline",
        ),
        ("smotekit.ensemble.BalancedRandomForestClassifier(n_estimators=5)", "BalancedRandom"),
    ],
    ids=["literal", "nested", "pipeline", "smotekit"],
)
def test_classifier_specs_that_are_built(spec, name):
    estimator = parse_classifier(spec)
    assert type(estimator).__name__.startswith(name)


def test_known_packages_are_documented_in_the_help(capsys):
    code, out, _ = run(["evaluate", "--help"], capsys)
    assert code == 0
    text = " ".join(out.split())
    assert "--trust-package" in text
    for package in KNOWN_PACKAGES:
        assert package in text
