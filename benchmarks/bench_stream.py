"""Streaming SMOTE of a CSV file larger than memory, against Arrow's read+write floor.

Run by hand (not part of the tests)::

    .venv/bin/python benchmarks/bench_stream.py --size-gb 5       # the issue's benchmark
    .venv/bin/python benchmarks/bench_stream.py --size-gb 0.05    # a quick try

1. Generates a CSV of ``--size-gb`` (30 float64 columns and a 0/1 label, 0.5 % minority) in
   chunks with numpy and Arrow's CSV writer, under ``--dir`` (default /work/bench-data, never
   in the repository); deleted at the end unless ``--keep``.
2. The floor: a child process reads the file with Arrow's streaming CSV reader and writes it
   back with Arrow's CSV writer.
3. ``smotekit resample --stream`` (SMOTE, 'auto': the minority grows to the majority's size,
   so the output is about twice the input) in a child process.

Each child's wall time and peak RSS (``os.wait4``'s ``ru_maxrss`` of that child alone) are
reported. Verification: the output's class counts, and the output's first bytes equal the
input byte for byte (the originals are copied raw), by SHA-256 of both.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def generate(path: Path, size_bytes: int, n_features: int, minority: float, seed: int) -> dict:
    """Write the CSV chunk by chunk; return its rows per class."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    rng = np.random.default_rng(seed)
    names = [f"x{j}" for j in range(n_features)]
    schema = pa.schema([*(pa.field(n, pa.float64()) for n in names), pa.field("label", pa.int64())])
    counts = {0: 0, 1: 0}
    rows = 100_000
    with open(path, "wb") as sink, pcsv.CSVWriter(sink, schema) as writer:
        while sink.tell() < size_bytes:
            label = (rng.random(rows) < minority).astype(np.int64)
            X = rng.standard_normal((rows, n_features))
            X[label == 1] += 1.5  # the minority sits apart, as a class would
            columns = [pa.array(X[:, j]) for j in range(n_features)] + [pa.array(label)]
            writer.write_table(pa.Table.from_arrays(columns, schema=schema))
            counts[1] += int(label.sum())
            counts[0] += rows - int(label.sum())
    return counts


FLOOR = """
import sys, pyarrow.csv as pcsv
reader = pcsv.open_csv(sys.argv[1], read_options=pcsv.ReadOptions(block_size=64 << 20))
with open(sys.argv[2], "wb") as sink:
    writer = pcsv.CSVWriter(sink, reader.schema)
    for batch in reader:
        writer.write_batch(batch)
    writer.close()
"""


def run_child(args: list[str]) -> dict:
    """Run a child process; its wall time and its own peak RSS (``os.wait4``)."""
    started = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    out, err = child.stdout.read().decode(), child.stderr.read().decode()
    child.stdout.close()
    child.stderr.close()
    if status != 0:
        raise RuntimeError(f"{args} failed ({status}):\n{out}\n{err}")
    return {"seconds": seconds, "peak_rss_mb": usage.ru_maxrss / 1024, "stdout": out, "stderr": err}


def sha256(path: Path, limit: int | None = None) -> str:
    digest = hashlib.sha256()
    left = path.stat().st_size if limit is None else limit
    with open(path, "rb") as handle:
        while left > 0:
            block = handle.read(min(64 << 20, left))
            if not block:
                break
            digest.update(block)
            left -= len(block)
    return digest.hexdigest()


def label_counts(path: Path) -> dict:
    import pyarrow.compute as pc
    import pyarrow.csv as pcsv

    counts: dict = {}
    options = pcsv.ConvertOptions(include_columns=["label"])
    for batch in pcsv.open_csv(path, convert_options=options):
        found = pc.value_counts(batch.column("label"))
        for value, n in zip(
            found.field("values").to_pylist(), found.field("counts").to_pylist(), strict=True
        ):
            counts[value] = counts.get(value, 0) + n
    return dict(sorted(counts.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-gb", type=float, default=5.0)
    parser.add_argument("--features", type=int, default=30)
    parser.add_argument("--minority", type=float, default=0.005)
    parser.add_argument("--dir", type=Path, default=Path("/work/bench-data"))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", action="store_true", help="Keep the generated files.")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="bench-stream-", dir=args.dir))
    try:
        source = folder / "input.csv"
        report: dict = {"load_before": os.getloadavg()}
        t0 = time.perf_counter()
        counts = generate(source, int(args.size_gb * 1e9), args.features, args.minority, args.seed)
        report["generate_seconds"] = time.perf_counter() - t0
        size = source.stat().st_size
        report.update(input_bytes=size, input_counts=counts, rows=sum(counts.values()))
        floor = run_child([PYTHON, "-c", FLOOR, str(source), str(folder / "floor.csv")])
        (folder / "floor.csv").unlink()
        output = folder / "output.csv"
        smote = run_child(
            [
                PYTHON,
                "-m",
                "smotekit.cli.main",
                "resample",
                str(source),
                "-t",
                "label",
                "-o",
                str(output),
                "--seed",
                str(args.seed),
                "--stream",
            ]
        )
        out_size = output.stat().st_size
        expected = {0: counts[0], 1: counts[0]}
        got = label_counts(output)
        originals_ok = sha256(source) == sha256(output, size)
        report.update(
            floor_seconds=floor["seconds"],
            floor_peak_rss_mb=floor["peak_rss_mb"],
            floor_mb_per_s=size / 1e6 / floor["seconds"],
            smote_seconds=smote["seconds"],
            smote_peak_rss_mb=smote["peak_rss_mb"],
            smote_input_mb_per_s=size / 1e6 / smote["seconds"],
            smote_written_mb_per_s=out_size / 1e6 / smote["seconds"],
            time_vs_floor=smote["seconds"] / floor["seconds"],
            output_bytes=out_size,
            output_counts=got,
            counts_ok=got == expected,
            originals_byte_identical=originals_ok,
            load_after=os.getloadavg(),
            smote_summary=smote["stdout"].strip().splitlines(),
        )
        print(json.dumps(report, indent=2))
        if not (report["counts_ok"] and originals_ok):
            sys.exit("verification FAILED")
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
