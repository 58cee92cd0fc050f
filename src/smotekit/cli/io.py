"""Reading and writing tables for the command line: CSV and Parquet, written atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from smotekit.errors import InvalidInputError

FORMATS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}


def table_format(path: Path, explicit: str | None = None) -> str:
    """``'csv'`` or ``'parquet'``, from ``explicit`` or the file extension."""
    if explicit:
        return explicit
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InvalidInputError(
            f"Cannot tell the format of '{path}' from its extension; use .csv or .parquet, "
            "or pass --format."
        )
    return fmt


def _require_pyarrow() -> None:
    try:
        import pyarrow  # noqa: F401 - only probing that the optional extra is installed
    except ImportError:
        raise InvalidInputError("Parquet needs pyarrow: pip install 'smotekit[parquet]'.") from None


def read_table(path: Path, fmt: str) -> Any:
    """Read a whole table into a pandas DataFrame."""
    import pandas as pd

    if not path.exists():
        raise InvalidInputError(f"Input file '{path}' does not exist.")
    if path.is_dir():
        raise InvalidInputError(f"Input '{path}' is a folder; give a .csv or .parquet file.")
    if fmt == "parquet":
        _require_pyarrow()
        import pyarrow as pa

        try:
            return pd.read_parquet(path)
        except (pa.ArrowException, OSError, ValueError) as exc:
            detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise InvalidInputError(
                f"Input file '{path}' is not a readable Parquet file ({detail}); check that it "
                "is Parquet and complete, or pass --format csv if it is CSV."
            ) from None
    try:
        return pd.read_csv(path)
    except pd.errors.EmptyDataError:
        raise InvalidInputError(f"Input file '{path}' is empty.") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise InvalidInputError(f"Input file '{path}' is not a readable CSV file: {exc}") from None


def write_table_atomic(frame: Any, path: Path, fmt: str) -> None:
    """Write ``frame`` to ``path`` via a temporary file in the same folder and a rename.

    A reader never sees a half-written file, and an interrupted run leaves any previous
    ``path`` as it was.
    """
    path = path.resolve()
    if not path.parent.is_dir():
        raise InvalidInputError(f"Output folder '{path.parent}' does not exist.")
    if fmt == "parquet":
        _require_pyarrow()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        if fmt == "parquet":
            frame.to_parquet(tmp, index=False)
        else:
            frame.to_csv(tmp, index=False)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
