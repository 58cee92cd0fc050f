"""A progress line on stderr for long passes over a file: rows, bytes, rate.

The line is redrawn in place on a terminal; when stderr is a file or a pipe (a log, a test),
one line is written every ``log_every`` seconds and one when the pass ends, so logs stay short.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


def _size(n: float) -> str:
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if abs(n) < 1000 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    raise AssertionError  # pragma: no cover - the loop returns


class Progress:
    """Rows and bytes done in one pass, shown as a rate line.

    Parameters
    ----------
    label : str
        What the pass does, e.g. ``"pass 1/2: counting classes"``.
    total_bytes : int, optional
        Size of what the pass reads (shows a percentage).
    stream : file, default=sys.stderr
    enabled : bool, default=True
        ``False`` makes every call a no-op (``--quiet``).
    log_every : float, default=10
        Seconds between lines when ``stream`` is not a terminal.

    Examples
    --------
    >>> import io
    >>> out = io.StringIO()
    >>> bar = Progress("pass 1/2: reading", total_bytes=2000, stream=out)
    >>> bar.update(rows=10, nbytes=1000)
    >>> bar.close()
    >>> "10 rows" in out.getvalue() and "100%" in out.getvalue()
    True
    """

    def __init__(
        self,
        label: str,
        total_bytes: int | None = None,
        *,
        stream: TextIO | None = None,
        enabled: bool = True,
        log_every: float = 10.0,
    ) -> None:
        self.label = label
        self.total_bytes = total_bytes
        self.stream = sys.stderr if stream is None else stream
        self.enabled = enabled
        self.rows = 0
        self.nbytes = 0
        self._start = time.perf_counter()
        self._last = self._start
        self._tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._every = 0.25 if self._tty else log_every

    def update(self, rows: int = 0, nbytes: int = 0) -> None:
        """Add ``rows`` and ``nbytes`` done; redraw at most every so often."""
        self.rows += rows
        self.nbytes += nbytes
        now = time.perf_counter()
        if self.enabled and now - self._last >= self._every:
            self._last = now
            self._draw(final=False)

    def close(self) -> None:
        """Draw the final line of the pass."""
        if self.enabled:
            if self.total_bytes is not None:
                self.nbytes = max(self.nbytes, self.total_bytes)
            self._draw(final=True)

    def line(self) -> str:
        """The current progress line, without control characters."""
        elapsed = max(time.perf_counter() - self._start, 1e-9)
        parts = [f"{self.label}: {self.rows:,} rows"]
        if self.nbytes:
            done = _size(self.nbytes)
            if self.total_bytes:
                share = min(100.0, 100.0 * self.nbytes / self.total_bytes)
                done += f" of {_size(self.total_bytes)} ({share:.0f}%)"
            parts.append(done)
            parts.append(f"{_size(self.nbytes / elapsed)}/s")
        parts.append(f"{self.rows / elapsed:,.0f} rows/s")
        parts.append(f"{elapsed:.1f} s")
        return ", ".join(parts)

    def _draw(self, *, final: bool) -> None:
        text = self.line()
        if self._tty:
            self.stream.write("\r" + text + ("\n" if final else ""))
        else:
            self.stream.write(text + "\n")
        self.stream.flush()
