"""When ``smotekit resample`` streams its input, and the streamed run itself.

Streaming (:mod:`smotekit.scale.stream`) reads the file twice in chunks and holds only the
class counts and the rows of the classes it grows. It is chosen automatically when the input
is larger than :data:`STREAM_BYTES` (1 GiB) or than an eighth of the memory available now:
reading a CSV into pandas and resampling it takes several times its size in memory (the
table, the resampled copy, the text written). ``--stream`` forces it, ``--no-stream`` never.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

import click

#: Inputs above this size are streamed (unless ``--no-stream``).
STREAM_BYTES = 1 << 30
#: ... and so are inputs above this share of the memory available.
STREAM_SHARE_OF_MEMORY = 1 / 8


def available_memory() -> int | None:
    """Bytes of memory available to a new process now (Linux ``MemAvailable``), if known."""
    try:
        with open("/proc/meminfo") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def stream_threshold() -> int:
    """Input size above which ``resample`` streams by default."""
    memory = available_memory()
    if memory is None:
        return STREAM_BYTES
    return min(STREAM_BYTES, int(memory * STREAM_SHARE_OF_MEMORY))


def wants_streaming(flag: bool | None, source: Path, sampler: Any, quiet: bool) -> bool:
    """Whether to stream: ``flag`` if given, else by size; say so when a big file cannot be.

    Raises the sampler's refusal (:class:`smotekit.scale.plan.OutOfCoreError`) when streaming
    was asked for explicitly.
    """
    from smotekit.scale.plan import OutOfCoreError, rows_needed

    if flag is False:
        return False
    if flag is None:
        if not source.exists() or source.stat().st_size <= stream_threshold():
            return False
        try:
            rows_needed(sampler)
        except OutOfCoreError as exc:
            if not quiet:
                click.echo(f"note: reading the whole file into memory: {exc}", err=True)
            return False
        return True
    rows_needed(sampler)
    return True


def resample_streamed(
    sampler: Any, source: Path, output: Path, target: str, fmt: str | None, quiet: bool
) -> Any:
    """Run :func:`smotekit.scale.stream.resample_file` with a progress line on stderr.

    The output is written through a temporary file renamed at the end (a failure or Ctrl-C
    leaves none); a failure to read ``source`` or to write ``output`` is one clear error.
    """
    from smotekit.cli.io import read_error, write_error
    from smotekit.errors import InvalidInputError
    from smotekit.scale.stream import resample_file

    try:
        import pyarrow as pa

        arrow_errors: tuple[type[BaseException], ...] = (pa.ArrowException,)
    except ImportError:  # pragma: no cover - streaming needs pyarrow
        arrow_errors = ()
    try:
        done = resample_file(sampler, source, output, target, output_format=fmt, progress=not quiet)
    except OSError as exc:
        if _about_input(exc, source, output):
            raise read_error(source, exc) from None
        raise write_error(output.resolve(), exc) from None
    except UnicodeDecodeError as exc:
        from smotekit.cli.io import not_utf8

        raise not_utf8(source, exc) from None
    except arrow_errors as exc:
        detail = " ".join(str(exc).split()) or type(exc).__name__
        raise InvalidInputError(
            f"Input file '{source}' could not be read in chunks ({detail}): it may be "
            "truncated, damaged or not in its extension's format. Check the file, or write "
            "it again."
        ) from None
    # the sink's temporary file was created private (0600): give the output the mode of any
    # new file, as the in-memory path does
    umask = os.umask(0)
    os.umask(umask)
    with contextlib.suppress(OSError):
        os.chmod(output.resolve(), 0o666 & ~umask)
    return done


def _about_input(exc: OSError, source: Path, output: Path) -> bool:
    """Whether an ``OSError`` of a streamed run concerns the input (else the output)."""
    import errno

    if exc.errno in (errno.ENOSPC, errno.EROFS, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return False
    name = Path(str(exc.filename)) if exc.filename else None
    if name is None:
        return False
    try:
        return name.resolve() == source.resolve()
    except OSError:
        return False
