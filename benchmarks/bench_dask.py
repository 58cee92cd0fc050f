"""SMOTE on a Dask DataFrame larger than one worker's memory, with 1 and 2 workers.

Run by hand (not part of the tests)::

    .venv/bin/python benchmarks/bench_dask.py --size-gb 3 --worker-memory 2GiB

1. Writes a Parquet data set of ``--size-gb`` in memory (30 float64 columns, 0/1 label, 0.5 %
   minority) as many files under ``--dir`` (default /work/bench-data, not in the repository).
2. For 1 and then 2 workers (processes, one thread each, ``--worker-memory`` each: the data
   is larger than that): ``dd.read_parquet`` -> ``SMOTE().fit_resample`` -> ``to_parquet``.
   Reported: wall time (plan and write), peak RSS of every worker (sampled every 0.2 s and
   the workers' own ``ru_maxrss``), the client's peak RSS.
3. Verification: the output's class counts, and every original partition's rows unchanged
   (a hash of each input partition equals that of the matching output partition).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd


def generate(
    folder: Path, size_bytes: int, n_features: int, minority: float, seed: int, rows_per_file: int
) -> dict:
    rng = np.random.default_rng(seed)
    names = [f"x{j}" for j in range(n_features)]
    counts = {0: 0, 1: 0}
    written, i, first = 0, 0, 0
    while written < size_bytes:
        label = (rng.random(rows_per_file) < minority).astype(np.int64)
        X = rng.standard_normal((rows_per_file, n_features))
        X[label == 1] += 1.5
        frame = pd.DataFrame(X, columns=names)
        frame["label"] = label
        frame.index = pd.RangeIndex(first, first + rows_per_file)  # a global row number
        first += rows_per_file
        frame.to_parquet(folder / f"part.{i:04d}.parquet")
        counts[1] += int(label.sum())
        counts[0] += rows_per_file - int(label.sum())
        written += frame.memory_usage(index=False).sum()
        i += 1
    return counts


def worker_rss() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def worker_maxrss() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rows_digest(frame) -> tuple[int, int]:
    """``(rows, sum of the rows' hashes)``: each hash covers a row's index label and values."""
    sums = (
        frame.map_partitions(
            lambda part: pd.Series(
                [len(part), int(pd.util.hash_pandas_object(part).to_numpy().sum(dtype=np.uint64))],
                dtype="uint64",
            ),
            meta=(None, "uint64"),
        )
        .compute()
        .to_numpy()
        .reshape(-1, 2)
    )
    return int(sums[:, 0].sum()), int(sums[:, 1].sum(dtype=np.uint64))


def run(n_workers: int, data: Path, out: Path, memory: str, seed: int) -> dict:
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    from smotekit import SMOTE

    cluster = LocalCluster(
        n_workers=n_workers,
        threads_per_worker=1,
        processes=True,
        memory_limit=memory,
        dashboard_address=None,
        silence_logs=40,
    )
    client = Client(cluster)
    peaks: dict[str, float] = {}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            try:
                for worker, rss in client.run(worker_rss).items():
                    peaks[worker] = max(peaks.get(worker, 0.0), rss)
            except Exception:  # a worker restarting: sample again next time
                pass
            stop.wait(0.2)

    sampler_thread = threading.Thread(target=sample, daemon=True)
    sampler_thread.start()
    try:
        t0 = time.perf_counter()
        frame = dd.read_parquet(data)
        X, y = frame.drop(columns="label"), frame["label"]
        X_res, y_res = SMOTE(random_state=seed, n_jobs=1).fit_resample(X, y)
        t_plan = time.perf_counter() - t0
        X_res.assign(label=y_res).to_parquet(out, write_index=True)
        t_total = time.perf_counter() - t0
        stop.set()
        sampler_thread.join()
        maxrss = client.run(worker_maxrss)
        result = {
            "workers": n_workers,
            "worker_memory_limit": memory,
            "partitions_in": frame.npartitions,
            "plan_seconds": t_plan,
            "total_seconds": t_total,
            "worker_peak_rss_mb_sampled": sorted(peaks.values()),
            "worker_maxrss_mb": sorted(maxrss.values()),
            "client_maxrss_mb": worker_maxrss(),
        }
        # verification
        got = dd.read_parquet(out)
        counts = got["label"].value_counts().compute().sort_index().to_dict()
        result["output_counts"] = {int(k): int(v) for k, v in counts.items()}
        # originals keep their index labels (0 .. n-1); new rows are labelled n, n+1, ...
        before = rows_digest(frame)
        n_in = before[0]
        after = rows_digest(got.map_partitions(lambda part: part[part.index < n_in]))
        result["originals_unchanged"] = before == after
        return result
    finally:
        stop.set()
        client.close()
        cluster.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-gb", type=float, default=3.0)
    parser.add_argument("--worker-memory", default="2GiB")
    parser.add_argument("--features", type=int, default=30)
    parser.add_argument("--minority", type=float, default=0.005)
    parser.add_argument("--rows-per-file", type=int, default=125_000)
    parser.add_argument("--dir", type=Path, default=Path("/work/bench-data"))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="bench-dask-", dir=args.dir))
    try:
        data = folder / "input"
        data.mkdir()
        counts = generate(
            data,
            int(args.size_gb * 1e9),
            args.features,
            args.minority,
            args.seed,
            args.rows_per_file,
        )
        report = {
            "load_before": os.getloadavg(),
            "input_counts": counts,
            "input_gb_in_memory": args.size_gb,
        }
        runs = []
        for n in (1, 2):
            out = folder / f"out{n}"
            runs.append(run(n, data, out, args.worker_memory, args.seed))
            runs[-1]["counts_ok"] = runs[-1]["output_counts"] == {0: counts[0], 1: counts[0]}
            shutil.rmtree(out, ignore_errors=True)
        report["runs"] = runs
        report["load_after"] = os.getloadavg()
        print(json.dumps(report, indent=2))
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
