"""Resample a CSV or Parquet file larger than memory, in two passes over it.

Pass 1 reads the file in chunks and keeps what the plan needs: the class counts and, for an
over-sampler, the rows of the classes it grows. Rows of other classes are held too while they
fit a small budget (the classes to grow are only known once all counts are); when the budget
is exceeded the largest class is let go, and if it turns out to be one to grow, one more pass
collects it. The plan is then made by the sampler's in-memory code
(:func:`smotekit.scale.plan.plan_from_class_rows`), so the recipe is identical.

Pass 2 writes the output: the original rows, unchanged, in input order (for CSV to CSV their
raw bytes; otherwise Arrow record batches with the input's types), then the new rows in
chunks, each rendered from its range of the recipe. Random under-sampling decides its kept
rows from the counts (:func:`smotekit.scale.plan.kept_ranks`) and filters in pass 2.

Memory: the targeted classes' rows, their draws (:class:`~smotekit.synthesis.DrawnRecipe`:
a count and ``k`` neighbours per class row, two stream seeds; nothing per synthetic row) and
one chunk; never the whole file, nor any table as long as the output. The output is written
to a temporary file and renamed into place.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from smotekit.door.checks import nonfinite_error
from smotekit.errors import InvalidInputError
from smotekit.samplers.base import BaseSampler
from smotekit.scale.plan import (
    ClassRowsPlan,
    kept_ranks,
    multiplicity,
    plan_counts,
    plan_from_class_rows,
    rows_needed,
    sorted_counts,
)
from smotekit.scale.progress import Progress
from smotekit.scale.tables import (
    CHUNK_BYTES,
    CHUNK_ROWS,
    TableSink,
    TableSource,
    copy_file,
    copy_lines,
    output_schema,
)

#: Bytes of other classes' rows held in pass 1 while the classes to grow are not yet known.
HOLD_BYTES = 64 << 20


@dataclass
class StreamResult:
    """What a streamed resampling did.

    Attributes
    ----------
    n_rows, n_output : int
        Rows read and rows written.
    counts_before, counts_after : dict
        Rows per class in the input and in the output (classes sorted).
    passes : int
        Passes over the input (2, or 3 when a class to grow had to be collected again).
    seconds : float
    plan : ClassRowsPlan or None
        The over-sampler's plan (``None`` for under-sampling).
    """

    n_rows: int
    n_output: int
    counts_before: dict[Any, int]
    counts_after: dict[Any, int]
    passes: int
    seconds: float
    plan: ClassRowsPlan | None = field(default=None, repr=False)


@dataclass
class _Scan:
    """What pass 1 learned."""

    n_rows: int = 0
    counts: dict[Any, int] = field(default_factory=dict)
    held: dict[Any, list] = field(default_factory=dict)  # class -> [(batch, positions)]
    held_bytes: int = 0
    dropped: set = field(default_factory=set)
    nan: dict[int, int] = field(default_factory=dict)
    inf: dict[int, int] = field(default_factory=dict)


def resample_file(
    sampler: BaseSampler,
    source: Path,
    output: Path,
    target: str,
    *,
    input_format: str | None = None,
    output_format: str | None = None,
    chunk_bytes: int = CHUNK_BYTES,
    chunk_rows: int = CHUNK_ROWS,
    hold_bytes: int = HOLD_BYTES,
    progress: bool = True,
    stream: Any = None,
) -> StreamResult:
    """Resample the file ``source`` into ``output`` in bounded memory.

    The output equals ``sampler.fit_resample`` on the whole table for the same seed: the
    original rows first, in input order (for an under-sampler, the kept ones), then the new
    rows grouped by class. ``source`` is only read.

    Parameters
    ----------
    sampler : SMOTE, RandomOverSampler or RandomUnderSampler
        Fitted by the call (``sampling_strategy_``; SMOTE's ``provenance_`` with positions in
        the input file). Samplers whose plan reads rows of every class are refused.
    source, output : Path
        CSV (``.csv``) or Parquet (``.parquet``, ``.pq``) files.
    target : str
        The class column.
    input_format, output_format : {"csv", "parquet"}, optional
        Default: from the file extensions.
    chunk_bytes : int
        CSV text parsed per chunk.
    chunk_rows : int
        Rows per chunk of Parquet input and of new rows rendered.
    hold_bytes : int
        Rows of not-yet-known classes held in pass 1 (see the module docs).
    progress : bool
        Show a progress line on ``stream`` (default stderr).

    Returns
    -------
    StreamResult

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import numpy as np, pandas as pd
    >>> from smotekit import SMOTE
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> rng = np.random.default_rng(0)
    >>> frame = pd.DataFrame(rng.normal(size=(100, 3)), columns=["a", "b", "c"])
    >>> frame["label"] = [0] * 90 + [1] * 10
    >>> frame.to_csv(folder / "in.csv", index=False)
    >>> result = resample_file(
    ...     SMOTE(random_state=0), folder / "in.csv", folder / "out.csv", "label", progress=False
    ... )
    >>> result.counts_after
    {0: 90, 1: 90}
    >>> X_res, y_res = SMOTE(random_state=0).fit_resample(frame.drop(columns="label"),
    ...                                                   frame["label"])
    >>> # Arrow's parser reads every float exactly (pandas' own only from pandas 3 on)
    >>> back = pd.read_csv(folder / "out.csv", engine="pyarrow")
    >>> bool((back.drop(columns="label").to_numpy() == X_res.to_numpy()).all())
    True
    """
    from smotekit.cli.io import table_format

    started = time.perf_counter()
    mode = rows_needed(sampler, "streaming")
    source, output = Path(source), Path(output)
    in_fmt = table_format(source, input_format)
    out_fmt = table_format(output, output_format)
    if output.exists() and output.resolve() == source.resolve():
        raise InvalidInputError(
            f"The output '{output}' is the input file; streaming never overwrites its input."
        )
    table = TableSource(source, in_fmt, chunk_bytes=chunk_bytes, chunk_rows=chunk_rows)
    if target not in table.schema.names:
        raise InvalidInputError(
            f"Column '{target}' is not in {source.name}; its columns are {table.schema.names}."
        )
    raw = in_fmt == "csv" and out_fmt == "csv"
    numeric = sampler.reads_numbers()
    # under-sampling CSV to CSV copies raw records: pass 1 needs the class column only
    only_labels = mode == "counts" and raw and not numeric

    scan = _scan(table, target, sampler, mode, numeric, only_labels, hold_bytes, progress, stream)
    passes = 1
    counts = sorted_counts(scan.counts)
    plan: ClassRowsPlan | None = None
    ranks: dict[Any, np.ndarray] | None = None
    held_table = None
    if mode == "counts":
        ranks = kept_ranks(sampler, counts)
        after = {c: len(ranks.get(c, ())) if c in ranks else n for c, n in counts.items()}
    else:
        strategy = plan_counts(sampler, counts)
        targeted = [c for c, n in strategy.items() if n > 0]
        missing = [c for c in targeted if c not in scan.held]
        if missing:
            passes += 1
            _collect(table, target, scan, missing, progress, stream)
        held_table, positions = _held_rows(table, scan, targeted)
        scan.held.clear()
        after = {c: n + strategy.get(c, 0) for c, n in counts.items()}
        if targeted:
            features = _without(held_table, target).to_pandas()
            labels = held_table.column(target).to_pandas().to_numpy()
            plan = plan_from_class_rows(sampler, features, labels, positions, counts, scan.n_rows)
            if plan.recipe is not None:
                held_table = None  # SMOTE renders from the plan's numbers only
    ints_as_float = []
    if plan is not None and plan.outcome.integers_as_float:
        import pyarrow as pa

        ints_as_float = [
            f.name
            for f in table.schema
            if f.name != target and (pa.types.is_integer(f.type) or pa.types.is_boolean(f.type))
        ]
    sink = TableSink(output, out_fmt, output_schema(table.schema, ints_as_float=ints_as_float))
    try:
        passes += 1
        written = _write_originals(table, sink, target, raw, ranks, scan.n_rows, progress, stream)
        if plan is not None and plan.n_new:
            written += _write_new_rows(
                plan, held_table, sink, target, raw, chunk_rows, progress, stream
            )
            plan.globalise()
        sink.commit()
    except BaseException:
        sink.abort()
        raise
    return StreamResult(
        n_rows=scan.n_rows,
        n_output=written,
        counts_before=counts,
        counts_after=after,
        passes=passes,
        seconds=time.perf_counter() - started,
        plan=plan,
    )


# ---- pass 1 -----------------------------------------------------------------------------


def _scan(table, target, sampler, mode, numeric, only_labels, hold_bytes, progress, stream):
    import pyarrow as pa

    while True:
        bar = Progress("pass 1: counting classes", table.size, enabled=progress, stream=stream)
        try:
            scan = _scan_once(table, target, sampler, mode, numeric, only_labels, hold_bytes, bar)
        except pa.ArrowInvalid as exc:
            if table.widen(exc):
                continue  # a column's type was widened: read again with the wider type
            raise InvalidInputError(f"'{table.path}' could not be read: {exc}") from None
        bar.close()
        # the reader's blocks are gone; hand their memory back before the plan needs it
        pa.default_memory_pool().release_unused()
        return scan


def _scan_once(table, target, sampler, mode, numeric, only_labels, hold_bytes, bar) -> _Scan:
    import pyarrow.compute as pc

    scan = _Scan()
    columns = [target] if only_labels else None
    names = [n for n in table.schema.names if n != target]
    checked = False
    for batch in table.batches(columns, on_bytes=lambda n: bar.update(nbytes=n)):
        labels = batch.column(target)
        if labels.null_count:
            first = scan.n_rows + int(np.flatnonzero(labels.is_null().to_numpy(False))[0])
            raise InvalidInputError(
                f"The class column '{target}' has {labels.null_count} missing label(s) in "
                f"rows {scan.n_rows}..{scan.n_rows + batch.num_rows - 1} (first at row "
                f"{first}). Drop those rows or fill in their class before resampling."
            )
        if numeric:
            if not checked:
                # the in-memory door's own checks on one row: non-numeric columns named alike
                sampler.read_features(_without(batch.slice(0, 1), target).to_pandas())
                checked = True
            _count_nonfinite(batch, names, scan)
        found = pc.value_counts(labels)
        values = found.field("values").to_pylist()
        for value, n in zip(values, found.field("counts").to_pylist(), strict=True):
            scan.counts[value] = scan.counts.get(value, 0) + int(n)
        if mode == "targeted rows":
            _hold(batch, labels, values, scan, hold_bytes)
        scan.n_rows += batch.num_rows
        bar.update(rows=batch.num_rows)
    if scan.nan or scan.inf:
        raise nonfinite_error(names, scan.nan, scan.inf)
    if scan.n_rows == 0:
        raise InvalidInputError(f"'{table.path}' has no rows: there is nothing to resample.")
    return scan


def _count_nonfinite(batch, names: list[str], scan: _Scan) -> None:
    """Add each feature column's missing/NaN and infinite values to the scan's totals."""
    import pyarrow as pa
    import pyarrow.compute as pc

    for j, name in enumerate(names):
        column = batch.column(name)
        missing = column.null_count
        infinite = 0
        if pa.types.is_floating(column.type) and not pc.all(pc.is_finite(column)).as_py():
            missing += pc.sum(pc.is_nan(column)).as_py() or 0
            infinite = pc.sum(pc.is_inf(column)).as_py() or 0
        if missing:
            scan.nan[j] = scan.nan.get(j, 0) + int(missing)
        if infinite:
            scan.inf[j] = scan.inf.get(j, 0) + int(infinite)


def _hold(batch, labels, values, scan: _Scan, hold_bytes: int) -> None:
    """Hold the batch's rows of every class still held; let the largest go when over budget."""
    import pyarrow.compute as pc

    for value in values:
        if value in scan.dropped:
            continue
        mask = pc.equal(labels, value)
        rows = batch.filter(mask)
        positions = scan.n_rows + np.flatnonzero(mask.to_numpy(zero_copy_only=False))
        scan.held.setdefault(value, []).append((rows, positions))
        scan.held_bytes += rows.nbytes + positions.nbytes
    while scan.held_bytes > hold_bytes and scan.held:
        # the largest class so far is the likeliest not to be grown ('auto' leaves the
        # majority alone); if it is to be grown after all, one more pass collects it
        largest = max(scan.held, key=lambda c: scan.counts[c])
        scan.held_bytes -= sum(r.nbytes + p.nbytes for r, p in scan.held.pop(largest))
        scan.dropped.add(largest)


def _collect(table, target, scan: _Scan, classes: list, progress, stream) -> None:
    """One more pass holding every row of ``classes`` (let go in pass 1)."""
    import pyarrow.compute as pc

    bar = Progress(
        f"extra pass: collecting class(es) {classes}", table.size, enabled=progress, stream=stream
    )
    offset = 0
    for c in classes:
        scan.held[c] = []
    for batch in table.batches(on_bytes=lambda n: bar.update(nbytes=n)):
        labels = batch.column(target)
        for c in classes:
            mask = pc.equal(labels, c)
            if pc.any(mask).as_py():
                positions = offset + np.flatnonzero(mask.to_numpy(zero_copy_only=False))
                scan.held[c].append((batch.filter(mask), positions))
        offset += batch.num_rows
        bar.update(rows=batch.num_rows)
    bar.close()


def _without(data, target: str):
    """``data`` (an Arrow table or record batch) without its ``target`` column.

    ``select`` rather than ``drop_columns``: pyarrow 15 (our lower bound) has no
    ``RecordBatch.drop_columns``.
    """
    return data.select([i for i, name in enumerate(data.schema.names) if name != target])


def _held_rows(table, scan: _Scan, classes: list) -> tuple[Any, np.ndarray]:
    """The held rows of ``classes`` as one table (class by class, input order within each)."""
    import pyarrow as pa

    batches, positions = [], []
    for c in classes:
        for rows, where in scan.held.get(c, []):
            batches.append(rows)
            positions.append(where)
    if not batches:
        return None, np.zeros(0, dtype=np.int64)
    held = pa.Table.from_batches(batches, schema=batches[0].schema).combine_chunks()
    return held, np.concatenate(positions).astype(np.int64, copy=False)


# ---- pass 2 -----------------------------------------------------------------------------


def _write_originals(table, sink, target, raw, ranks, n_rows, progress, stream) -> int:
    """The original rows (the kept ones, for under-sampling), in input order."""
    bar = Progress("pass 2: writing original rows", table.size, enabled=progress, stream=stream)
    seen: dict[Any, int] = {}
    if raw and ranks is None:
        # CSV to CSV, every row kept: the records are copied byte for byte
        copy_file(table.path, sink.raw, on_bytes=lambda n: bar.update(nbytes=n))
        written = n_rows
    elif raw:

        def decisions():
            for batch in table.batches([target]):
                labels = batch.column(target).to_numpy(zero_copy_only=False)
                yield multiplicity(labels, ranks, seen)

        written = copy_lines(
            table.path, sink.raw, decisions(), on_bytes=lambda n: bar.update(nbytes=n)
        )
    else:
        written = 0
        for batch in table.batches(on_bytes=lambda n: bar.update(nbytes=n)):
            if ranks is not None:
                labels = batch.column(target).to_numpy(zero_copy_only=False)
                times = multiplicity(labels, ranks, seen)
                if not (times == 1).all():
                    batch = batch.take(np.repeat(np.arange(batch.num_rows), times))
            sink.write(batch)
            written += batch.num_rows
            bar.update(rows=batch.num_rows)
    bar.rows = written
    bar.close()
    return written


def _write_new_rows(plan, held_table, sink, target, raw, chunk_rows, progress, stream) -> int:
    """Copies (RandomOverSampler) or synthetic rows (SMOTE), chunk by chunk."""
    import pyarrow as pa

    bar = Progress("pass 2: writing new rows", enabled=progress, stream=stream)
    label_type = sink.schema.field(target).type
    n_copies = plan.copies.shape[0]
    for start in range(0, n_copies, chunk_rows):
        # copies: the held rows themselves, with the file's own Arrow types
        part = held_table.take(plan.copies[start : start + chunk_rows])
        sink.write(part, header=not raw)
        bar.update(rows=part.num_rows)
    n_synthetic = plan.n_new - n_copies
    for start in range(0, n_synthetic, chunk_rows):
        stop = min(start + chunk_rows, n_synthetic)
        frame = plan.synthetic_frame(start, stop)
        part = pa.Table.from_pandas(frame, preserve_index=False)
        labels = pa.array(plan.new_labels(n_copies + start, n_copies + stop)).cast(label_type)
        sink.write(part.append_column(target, labels), header=not raw)
        bar.update(rows=part.num_rows)
    bar.close()
    return plan.n_new


__all__ = ["HOLD_BYTES", "StreamResult", "resample_file"]
