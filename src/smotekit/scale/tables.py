"""Chunked reading and atomic writing of CSV and Parquet files with pyarrow.

Reading: :class:`TableSource` yields record batches of a CSV file (``pyarrow.csv.open_csv``,
one block at a time) or a Parquet file (``ParquetFile.iter_batches``). A streaming CSV reader
infers column types from the first block only; when a later block does not fit (an integer
column with a ``1.5`` further down), :meth:`TableSource.widen` widens that column as a
whole-file reader would (int -> float -> string) and the pass starts again, so every pass
of a run reads the same schema.

Writing: :class:`TableSink` writes to a temporary file next to the output and renames it at
the end (as :func:`smotekit.cli.io.write_table_atomic`). For CSV to CSV it copies the
original records as raw bytes (:func:`copy_lines`), so they are byte for byte what the input
holds; new rows are formatted by Arrow's CSV writer, whose numbers read back exactly.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from smotekit.errors import InvalidInputError

#: Bytes of CSV text parsed per block (and per record batch). Arrow's streaming CSV reader
#: holds about 32 blocks ahead of the consumer: with 16 MiB blocks its pool peaked at 528 MiB
#: while reading a 0.5 GB file, with 2 MiB at 75 MiB, at the same speed (3.6 s vs 5.8 s).
CHUNK_BYTES = 2 << 20
#: Bytes per read when CSV records are copied as raw bytes (no parsing, nothing held).
COPY_BYTES = 16 << 20
#: Rows per record batch for Parquet input and for rendered new rows.
CHUNK_ROWS = 1 << 16

_CONVERSION = re.compile(r"In CSV column #(\d+): CSV conversion error to (\w+)")
#: How a CSV column is widened when a later block does not parse as its inferred type.
_WIDER = {"null": "int64", "bool": "string", "int64": "double", "double": "string"}


def require_pyarrow() -> Any:
    """Import pyarrow or say how to install it."""
    try:
        import pyarrow
    except ImportError:
        raise InvalidInputError(
            "Streaming files needs pyarrow: pip install 'smotekit[parquet]'."
        ) from None
    return pyarrow


class TableSource:
    """A CSV or Parquet file read in record batches, with a schema stable over passes.

    Parameters
    ----------
    path : Path
    fmt : {"csv", "parquet"}
    chunk_bytes : int
        CSV text per block (a batch holds the rows of one block).
    chunk_rows : int
        Rows per batch of a Parquet file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "t.csv").write_text("a,label\\n1,0\\n2,1\\n")
    >>> source = TableSource(folder / "t.csv", "csv")
    >>> [batch.num_rows for batch in source.batches()]
    [2]
    >>> source.schema.names
    ['a', 'label']
    """

    def __init__(
        self, path: Path, fmt: str, *, chunk_bytes: int = CHUNK_BYTES, chunk_rows: int = CHUNK_ROWS
    ) -> None:
        require_pyarrow()
        if not path.exists():
            raise InvalidInputError(f"Input file '{path}' does not exist.")
        self.path = path
        self.fmt = fmt
        self.chunk_bytes = chunk_bytes
        self.chunk_rows = chunk_rows
        self.size = path.stat().st_size
        self._types: dict[str, Any] = {}
        self.schema = self._read_schema()

    def _read_schema(self) -> Any:
        import pyarrow as pa

        if self.fmt == "parquet":
            import pyarrow.parquet as pq

            return pq.ParquetFile(self.path).schema_arrow
        if self.size == 0:
            raise InvalidInputError(f"Input file '{self.path}' is empty.")
        try:
            reader = self._open_csv(None)
        except pa.ArrowInvalid as exc:
            raise InvalidInputError(
                f"Input file '{self.path}' is not a readable CSV file: {exc}"
            ) from None
        schema = reader.schema
        reader.close()
        self._types = {f.name: f.type for f in schema}
        return schema

    def _open_csv(self, columns: list[str] | None, handle: Any = None) -> Any:
        import pyarrow.csv as pcsv

        read = pcsv.ReadOptions(block_size=self.chunk_bytes, use_threads=True)
        convert = pcsv.ConvertOptions(
            column_types=self._types or None, include_columns=columns or None
        )
        source = str(self.path) if handle is None else handle
        return pcsv.open_csv(source, read_options=read, convert_options=convert)

    def widen(self, error: Exception) -> bool:
        """Widen the CSV column a conversion ``error`` names; ``False`` if it names none.

        After a widening the schema changes, and a pass that was under way must start again.
        """
        import pyarrow as pa

        match = _CONVERSION.search(str(error))
        if self.fmt != "csv" or match is None:
            return False
        column, to = self.schema.names[int(match.group(1))], match.group(2)
        wider = _WIDER.get(to)
        if wider is None:
            return False
        self._types[column] = pa.type_for_alias(wider)
        self.schema = pa.schema([pa.field(n, self._types[n]) for n in self.schema.names])
        return True

    def batches(
        self, columns: list[str] | None = None, on_bytes: Callable[[int], None] | None = None
    ) -> Iterator[Any]:
        """Yield record batches of the whole file (only ``columns``, if given), in order.

        ``on_bytes(n)`` is told, after each batch, how many more bytes of the file were read.
        """
        if self.fmt == "parquet":
            import pyarrow.parquet as pq

            parquet = pq.ParquetFile(self.path)
            done = reported = 0
            total_rows = max(parquet.metadata.num_rows, 1)
            for batch in parquet.iter_batches(batch_size=self.chunk_rows, columns=columns):
                done += batch.num_rows
                if on_bytes is not None:
                    position = self.size * done // total_rows  # bytes in proportion to rows
                    on_bytes(position - reported)
                    reported = position
                yield batch
            return
        import pyarrow as pa

        # a file handle of our own tells how far the (read-ahead) reader has got
        handle = pa.OSFile(str(self.path), "rb")
        reported = 0
        try:
            reader = self._open_csv(columns, handle)
            for batch in reader:
                if on_bytes is not None:
                    position = min(handle.tell(), self.size)
                    on_bytes(position - reported)
                    reported = position
                yield batch
        finally:
            handle.close()


class TableSink:
    """An output file written to a temporary name and renamed into place by :meth:`commit`.

    Parameters
    ----------
    path : Path
        The output; its folder must exist.
    fmt : {"csv", "parquet"}
    schema : pyarrow.Schema
        The columns and types of every row written.
    """

    def __init__(self, path: Path, fmt: str, schema: Any) -> None:
        require_pyarrow()
        self.path = path.resolve()
        if not self.path.parent.is_dir():
            raise InvalidInputError(f"Output folder '{self.path.parent}' does not exist.")
        self.fmt = fmt
        self.schema = schema
        fd, tmp = tempfile.mkstemp(
            prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent
        )
        os.close(fd)
        self.tmp = Path(tmp)
        self._file: BinaryIO | None = open(self.tmp, "wb")  # noqa: SIM115 - closed in commit
        self._writer: Any = None
        self.rows = 0

    @property
    def raw(self) -> BinaryIO:
        """The output file itself, for raw CSV bytes (before any batch is written)."""
        assert self._file is not None and self._writer is None
        return self._file

    def _open_writer(self, header: bool) -> None:
        import pyarrow.csv as pcsv
        import pyarrow.parquet as pq

        if self.fmt == "parquet":
            self._writer = pq.ParquetWriter(self._file, self.schema)
        else:
            options = pcsv.WriteOptions(include_header=header)
            self._writer = pcsv.CSVWriter(self._file, self.schema, write_options=options)

    def write(self, table: Any, *, header: bool = True) -> None:
        """Append the rows of a table or record batch (cast to the sink's schema).

        ``header=False`` for a CSV whose header was copied raw.
        """
        if self._writer is None:
            self._open_writer(header)
        table = conform(table, self.schema)
        if table.num_rows:
            self._writer.write(table)
            self.rows += table.num_rows

    def commit(self) -> None:
        """Finish the file and rename it onto the output path."""
        if self._writer is None:
            self._open_writer(header=self.fmt != "csv" or self._file.tell() == 0)
        self._writer.close()
        assert self._file is not None
        self._file.close()
        self._file = None
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        """Remove the temporary file (after an error); the output path is left as it was."""
        try:
            if self._writer is not None:
                self._writer.close()
        except Exception:  # the temporary file is removed anyway
            pass
        if self._file is not None:
            self._file.close()
            self._file = None
        self.tmp.unlink(missing_ok=True)


def conform(table: Any, schema: Any) -> Any:
    """``table`` (a Table or RecordBatch) with ``schema``'s column order, types and metadata."""
    import pyarrow as pa

    columns = []
    for field in schema:
        column = table.column(field.name)
        if not column.type.equals(field.type):
            column = column.cast(field.type)
        columns.append(column)
    if isinstance(table, pa.RecordBatch):
        return pa.RecordBatch.from_arrays(columns, schema=schema)
    return pa.Table.from_arrays(columns, schema=schema)


def output_schema(schema: Any, *, ints_as_float: list[str] = ()) -> Any:
    """The output schema: the input's, with ``ints_as_float`` columns as float64.

    pandas metadata describing a range index is dropped: the output has more (or fewer) rows
    than the range it describes, and the in-memory path writes no index either.
    """
    import json

    import pyarrow as pa

    fields = [
        pa.field(f.name, pa.float64(), f.nullable, f.metadata) if f.name in ints_as_float else f
        for f in schema
    ]
    metadata = dict(schema.metadata or {})
    if b"pandas" in metadata:
        info = json.loads(metadata[b"pandas"])
        if all(isinstance(c, dict) for c in info.get("index_columns", [])):
            info["index_columns"] = []
            metadata[b"pandas"] = json.dumps(info).encode()
    return pa.schema(fields, metadata=metadata or None)


# ---- raw CSV records --------------------------------------------------------------------


def _header_end(handle: BinaryIO) -> bytes:
    """Read and return the header line (with its newline)."""
    line = handle.readline()
    if not line.endswith(b"\n"):
        line += b"\n"
    return line


def copy_file(source: Path, out: BinaryIO, on_bytes: Callable[[int], None] | None = None) -> int:
    """Copy a CSV file's bytes (header and records) to ``out``; end with a newline.

    Returns the bytes written. Every record is thereby exactly as in the input.
    """
    written = 0
    last = b"\n"
    with open(source, "rb") as handle:
        while True:
            block = handle.read(COPY_BYTES)
            if not block:
                break
            out.write(block)
            written += len(block)
            last = block[-1:]
            if on_bytes is not None:
                on_bytes(len(block))
    if last != b"\n":
        out.write(b"\n")
        written += 1
    return written


def copy_lines(
    source: Path,
    out: BinaryIO,
    decisions: Iterator[np.ndarray],
    on_bytes: Callable[[int], None] | None = None,
) -> int:
    """Copy the header and, ``m`` times each, the records of a CSV file to ``out``.

    ``decisions`` yields arrays of multiplicities, one per record in input order (arrays of
    any lengths; they are consumed as records are met). Records are lines, and empty lines are
    not records, as Arrow's CSV reader (without ``newlines_in_values``) and pandas read them.
    Returns the records written.

    Examples
    --------
    >>> import io, tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = path.write_bytes(b"a\\n1\\n\\n2\\n3")
    >>> out = io.BytesIO()
    >>> copy_lines(path, out, iter([np.array([1, 0]), np.array([2])]))
    3
    >>> out.getvalue()
    b'a\\n1\\n3\\n3\\n'
    """
    pending = np.zeros(0, dtype=np.intp)
    written = 0

    def take(n: int) -> np.ndarray:
        nonlocal pending
        while pending.shape[0] < n:
            try:
                pending = np.concatenate([pending, next(decisions)])
            except StopIteration:
                raise InvalidInputError(
                    f"'{source}' has more lines than records the CSV reader found; a quoted "
                    "field with a line break is not supported in streaming mode."
                ) from None
        got, pending = pending[:n], pending[n:]
        return got

    with open(source, "rb") as handle:
        out.write(_header_end(handle))
        carry = b""
        while True:
            block = handle.read(COPY_BYTES)
            last = not block
            data = carry + block
            if not data:
                break
            if last and not data.endswith(b"\n"):
                data += b"\n"
            raw = np.frombuffer(data, dtype=np.uint8)
            newlines = np.flatnonzero(raw == 10)
            if newlines.shape[0] == 0:
                carry = data
                continue
            end = int(newlines[-1]) + 1
            carry = data[end:]
            starts = np.concatenate([[0], newlines[:-1] + 1])
            stops = newlines + 1
            content = stops - starts - 1
            crlf = (content > 0) & (raw[np.maximum(stops - 2, 0)] == 13)
            record = (content - crlf) > 0
            repeat = np.zeros(starts.shape[0], dtype=np.intp)
            repeat[record] = take(int(record.sum()))
            written += int(repeat.sum())
            out.write(_gather(raw, starts, stops, repeat))
            if on_bytes is not None:
                on_bytes(len(block))
            if last:
                break
    return written


def _gather(raw: np.ndarray, starts: np.ndarray, stops: np.ndarray, repeat: np.ndarray) -> bytes:
    """The bytes of lines ``starts[i]:stops[i]``, each ``repeat[i]`` times, in order."""
    if (repeat == 1).all():
        return raw[: int(stops[-1])].tobytes()
    lengths = stops - starts
    if repeat.max(initial=0) <= 1:
        # a byte mask: one byte of temporary per byte of the block
        return raw[: int(stops[-1])][np.repeat(repeat.astype(bool), lengths)].tobytes()
    pieces = []
    group = 8192  # lines per gather, so the index array stays a few MB
    for first in range(0, starts.shape[0], group):
        chosen = first + np.repeat(
            np.arange(min(group, starts.shape[0] - first)), repeat[first : first + group]
        )
        if chosen.shape[0] == 0:
            continue
        size = lengths[chosen]
        offsets = np.cumsum(size) - size
        index = np.repeat(starts[chosen] - offsets, size) + np.arange(int(size.sum()))
        pieces.append(raw[index].tobytes())
    return b"".join(pieces)
