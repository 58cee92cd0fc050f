"""Reading and writing tables for the command line: CSV and Parquet, written atomically.

Every failure to read an input or to write an output is one :class:`SmotekitError` whose
message says what was wrong and how to fix it (``smotekit`` prints it as one line and exits
with status 1). Outputs are written to a temporary file in the output's folder and renamed
over the output only once complete, so a failure or Ctrl-C at any point leaves no partial
file (and any previous output as it was); inputs are only ever opened for reading.
"""

from __future__ import annotations

import csv
import errno
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import click

from smotekit._compat import read_csv
from smotekit.errors import InvalidInputError, SmotekitError

FORMATS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}

#: The first bytes of every Parquet file (and its last ones).
PARQUET_MAGIC = b"PAR1"


class OutputError(SmotekitError):
    """An output file could not be written; nothing was left behind."""


def table_format(path: Path, explicit: str | None = None, *, role: str = "input") -> str:
    """``'csv'`` or ``'parquet'``, from ``explicit`` or the file extension.

    ``role`` (``"input"`` or ``"output"``) only changes the advice of the error message.
    """
    if explicit:
        return explicit
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        fix = (
            "name it .csv or .parquet, or pass --format"
            if role == "output"
            else "rename it to .csv (comma-separated text) or .parquet"
        )
        raise InvalidInputError(
            f"Cannot tell the format of '{path}' from its extension "
            f"('{Path(path).suffix or 'none'}'): {fix}."
        )
    return fmt


def _require_pyarrow() -> None:
    try:
        import pyarrow  # noqa: F401 - only probing that the optional extra is installed
    except ImportError:
        raise InvalidInputError("Parquet needs pyarrow: pip install 'smotekit[parquet]'.") from None


# ---- reading ----------------------------------------------------------------------------


def read_error(path: Path, exc: OSError) -> InvalidInputError:
    """The message for an input that the system refuses to read."""
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM):
        return InvalidInputError(
            f"Input file '{path}' cannot be read: permission denied. Check its permissions "
            f"(e.g. chmod u+r '{path}') or copy it to a place you can read."
        )
    reason = exc.strerror or type(exc).__name__
    return InvalidInputError(
        f"Input file '{path}' cannot be read ({reason}). Check that the file and its disk are "
        "accessible, or copy it elsewhere and try again."
    )


def check_readable(path: Path) -> bytes:
    """Refuse a missing, folder or unreadable input; return its first bytes."""
    if not path.exists():
        raise InvalidInputError(f"Input file '{path}' does not exist; check the path.")
    if path.is_dir():
        raise InvalidInputError(f"Input '{path}' is a folder; give a .csv or .parquet file.")
    try:
        with open(path, "rb") as handle:
            head = handle.read(4)
    except OSError as exc:
        raise read_error(path, exc) from None
    if not head:
        raise InvalidInputError(f"Input file '{path}' is empty (0 bytes): there is no table.")
    return head


def read_table(path: Path, fmt: str) -> Any:
    """Read a whole table into a pandas DataFrame, refusing anything doubtful.

    Refused with a message: a missing, empty, unreadable or folder path; a file whose content
    is not its format (a ``.parquet`` that is CSV text, a ``.csv`` that is Parquet); corrupt or
    truncated files; CSV that is not UTF-8; duplicate column names; a header without rows.
    """
    path = Path(path)
    head = check_readable(path)
    frame = _read_parquet(path, head) if fmt == "parquet" else _read_csv(path, head)
    if len(frame.columns) and len(frame) == 0:
        raise InvalidInputError(
            f"Input file '{path}' has a header ({len(frame.columns)} column(s)) but no data "
            "rows: there is nothing to resample. Check that it is the right file."
        )
    return frame


def check_content(path: Path, fmt: str, head: bytes) -> None:
    """Refuse a file whose first bytes are not its format's (Parquet named .csv, ...)."""
    if fmt == "parquet" and head != PARQUET_MAGIC:
        looks = " (it looks like text, e.g. CSV: rename it to .csv)" if head.isascii() else ""
        raise InvalidInputError(
            f"Input file '{path}' is not a readable Parquet file: it does not start with "
            f"Parquet's 'PAR1' marker{looks}. Check that it is Parquet and complete."
        )
    if fmt == "csv" and head == PARQUET_MAGIC:
        raise InvalidInputError(
            f"Input file '{path}' is a Parquet file, not CSV: rename it to .parquet."
        )
    if fmt == "csv" and head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InvalidInputError(
            f"Input file '{path}' is not a readable CSV file: it is UTF-16 text, and smotekit "
            "reads CSV as UTF-8. Save it as UTF-8 first (e.g. iconv -f utf-16 -t utf-8 "
            f"'{path}' > converted.csv)."
        )


def check_table(path: Path, fmt: str, columns: list[str]) -> None:
    """Before streaming ``path`` in chunks: readable, its format's content, unique names,
    and the ``columns`` named on the command line among them."""
    check_content(path, fmt, check_readable(path))
    names = check_header(path, fmt)
    if names is not None:
        require_columns(names, columns, path)


def _read_parquet(path: Path, head: bytes) -> Any:
    import pandas as pd

    check_content(path, "parquet", head)
    check_header(path, "parquet")
    try:
        return pd.read_parquet(path)
    except MemoryError:
        raise
    except Exception as exc:  # pyarrow's errors, OSError, ValueError ...
        raise _parquet_error(path, exc) from None


def _parquet_error(path: Path, exc: Exception) -> InvalidInputError:
    """The message for a Parquet file that pyarrow cannot read."""
    if isinstance(exc, PermissionError):
        return read_error(path, exc)
    detail = " ".join(str(exc).split()) or type(exc).__name__
    return InvalidInputError(
        f"Input file '{path}' is not a readable Parquet file ({detail}): it may be "
        "truncated or damaged. Write it again, or check that it is Parquet and complete."
    )


def _read_csv(path: Path, head: bytes) -> Any:
    import pandas as pd

    check_content(path, "csv", head)
    try:
        frame = read_csv(path)
    except pd.errors.EmptyDataError:
        raise InvalidInputError(
            f"Input file '{path}' is empty: it has no header line and no rows."
        ) from None
    except UnicodeDecodeError as exc:
        raise not_utf8(path, exc) from None
    except pd.errors.ParserError as exc:
        detail = " ".join(str(exc).split()) or type(exc).__name__
        raise InvalidInputError(
            f"Input file '{path}' is not a readable CSV file ({detail}). Fix that line (every "
            "row needs as many fields as the header; quote fields that hold commas), or "
            "write the file again if it is truncated."
        ) from None
    except PermissionError as exc:
        raise read_error(path, exc) from None
    check_header(path, "csv")  # pandas renames duplicates (a, a.1): the raw header does not
    _refuse_truncated(path, frame)
    return frame


def not_utf8(path: Path, exc: UnicodeDecodeError) -> InvalidInputError:
    """The message for a CSV file that is not UTF-8 text."""
    byte = exc.object[exc.start : exc.start + 1].hex()
    return InvalidInputError(
        f"Input file '{path}' is not a readable CSV file: it is not UTF-8 text (byte 0x{byte} "
        f"at position {exc.start}), and smotekit reads CSV as UTF-8. Convert it first, with "
        f"its real encoding (e.g. iconv -f latin1 -t utf-8 '{path}' > converted.csv)."
    )


def check_header(path: Path, fmt: str) -> list[str] | None:
    """Refuse a table whose header repeats a column name; return the names (when read)."""
    if fmt == "parquet":
        _require_pyarrow()
        import pyarrow as pa
        import pyarrow.parquet as pq

        try:
            names = pq.read_schema(path).names
        except (pa.ArrowException, OSError, ValueError) as exc:
            raise _parquet_error(path, exc) from None
    else:
        try:
            with open(path, encoding="utf-8-sig", newline="") as handle:
                names = next(csv.reader(handle), [])
        except UnicodeDecodeError as exc:
            raise not_utf8(path, exc) from None
        except csv.Error:
            return None
        if not any(n.strip() for n in names):
            raise InvalidInputError(
                f"Input file '{path}' is empty: it has no header line and no rows."
            )
    _refuse_duplicates(path, names)
    return names


def _refuse_duplicates(path: Path, names: list[str]) -> None:
    seen: set[str] = set()
    duplicated = []
    for name in names:
        if name in seen and name not in duplicated:
            duplicated.append(name)
        seen.add(name)
    if duplicated:
        shown = ", ".join(repr(n) for n in duplicated[:10])
        raise InvalidInputError(
            f"Input file '{path}' has duplicate column names: {shown}. Each column must be "
            "named once: rename the copies in the header (or drop them) and try again."
        )


def _refuse_truncated(path: Path, frame: Any) -> None:
    """A last line cut short (no line end, fewer fields than the header) is a truncated file.

    pandas fills the missing fields with NaN, which would read as missing values (or a
    missing class) instead of the damaged file it is.
    """
    if len(frame) == 0:
        return
    size = path.stat().st_size
    with open(path, "rb") as handle:
        handle.seek(max(0, size - (1 << 16)))
        tail = handle.read()
    if tail.endswith((b"\n", b"\r")):
        return
    last = tail.rsplit(b"\n", 1)[-1].decode("utf-8", errors="replace")
    try:
        fields = len(next(csv.reader([last]), []))
    except csv.Error:
        return
    n_columns = len(frame.columns)
    if 0 < fields < n_columns and frame.iloc[-1, fields:].isna().all():
        raise InvalidInputError(
            f"Input file '{path}' looks truncated: its last line (row {len(frame)}) has "
            f"{fields} of {n_columns} fields and no line end, as if the file was cut off "
            "while being written or copied. Write or copy it again (or delete that last "
            "line if the rest is complete)."
        )


def require_columns(names: Any, columns: list[str], source: Path, *, several: bool = False) -> None:
    """Refuse target columns that the table (its column ``names``) does not have.

    ``several``: the option takes several columns (the message says "Column(s)").
    """
    names = list(names)
    missing = [c for c in columns if c not in names]
    if missing:
        shown = ", ".join(repr(str(c)) for c in names[:20])
        more = f" and {len(names) - 20} more" if len(names) > 20 else ""
        which = ", ".join(repr(c) for c in missing)
        what = f"Column(s) {which} not" if several else f"Column {which} is not"
        raise InvalidInputError(
            f"{what} in {source.name}; its columns are {shown}{more}. Pass the class "
            "column's exact name with --target."
        )


# ---- writing ----------------------------------------------------------------------------


def same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` are one file (the same path, a symlink or a hard link)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return Path(a).resolve() == Path(b).resolve()


def check_output(
    path: Path, inputs: Iterable[Path | None] = (), *, option: str = "--output"
) -> None:
    """Refuse, before any work, an output that is an input, a folder or in no folder."""
    for source in inputs:
        if source is not None and path.exists() and source.exists() and same_file(path, source):
            raise click.UsageError(
                f"The output '{path}' is the input file '{source}'; smotekit never overwrites "
                f"its input. Choose another {option}."
            )
    if path.is_dir():
        raise click.UsageError(
            f"The output '{path}' is a folder; give a file name, e.g. {option} "
            f"'{path / 'resampled.csv'}'."
        )
    parent = path.resolve().parent
    if not parent.is_dir():
        raise click.UsageError(
            f"The output's folder '{parent}' does not exist; create it first or choose "
            f"another {option}."
        )


def write_error(path: Path, exc: OSError, option: str = "--output") -> OutputError:
    """The message for an output the system refused to write (nothing was left behind)."""
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        why = "the disk is full (no space left on device)"
        fix = f"free some space, or write to another disk with {option}"
    elif code == errno.EROFS:
        why = "the folder is on a read-only file system"
        fix = f"choose a writable folder with {option}"
    elif isinstance(exc, PermissionError) or code in (errno.EACCES, errno.EPERM):
        why = f"permission denied in folder '{path.parent}'"
        fix = f"choose a folder you can write to with {option}, or change its permissions"
    else:
        why = exc.strerror or str(exc) or type(exc).__name__
        fix = f"check the folder and the disk, or choose another {option}"
    return OutputError(f"Could not write '{path}': {why}. Nothing was written: {fix}.")


def write_atomic(
    path: Path, write: Callable[[str], None], *, option: str = "--output", mode: int = 0o666
) -> Path:
    """Call ``write(tmp)`` on a temporary file next to ``path``, then rename it to ``path``.

    A reader never sees a half-written file; a failure or an interruption (Ctrl-C) removes
    the temporary file and leaves any previous ``path`` as it was. The file gets ``mode``
    less the umask, as a newly created file would. Returns the resolved path written.
    """
    target = Path(path).resolve()
    if not target.parent.is_dir():
        raise OutputError(
            f"Output folder '{target.parent}' does not exist; create it first or choose "
            f"another {option}."
        )
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise write_error(target, exc, option) from None
    os.close(fd)
    try:
        write(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, mode & ~umask)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise write_error(target, exc, option) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def write_table_atomic(frame: Any, path: Path, fmt: str, *, option: str = "--output") -> Path:
    """Write ``frame`` to ``path`` (CSV or Parquet) atomically (:func:`write_atomic`)."""
    if fmt == "parquet":
        _require_pyarrow()

    def write(tmp: str) -> None:
        if fmt == "parquet":
            frame.to_parquet(tmp, index=False)
        else:
            frame.to_csv(tmp, index=False)

    return write_atomic(path, write, option=option)


def write_text_atomic(text: str, path: Path, *, option: str = "--output") -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically (:func:`write_atomic`)."""

    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(text)

    return write_atomic(path, write, option=option)
