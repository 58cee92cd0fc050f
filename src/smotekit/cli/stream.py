"""When ``smotekit resample`` streams its input, and the streamed run itself.

Streaming (:mod:`smotekit.scale.stream`) reads the file twice in chunks and holds only the
class counts and the rows of the classes it grows. It is chosen automatically when the input
is larger than :data:`STREAM_BYTES` (1 GiB) or than an eighth of the memory available now:
reading a CSV into pandas and resampling it takes several times its size in memory (the
table, the resampled copy, the text written). ``--stream`` forces it, ``--no-stream`` never.
"""

from __future__ import annotations

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
    """Run :func:`smotekit.scale.stream.resample_file` with a progress line on stderr."""
    from smotekit.scale.stream import resample_file

    return resample_file(sampler, source, output, target, output_format=fmt, progress=not quiet)
