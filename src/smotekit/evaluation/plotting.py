"""Figures for the HTML report: matplotlib's object API, embedded as base64 PNG.

No pyplot state and no display are needed; matplotlib is the optional ``report`` extra.
"""

from __future__ import annotations

import base64
import html
import io
from typing import Any

from smotekit.errors import InvalidInputError

__all__ = ["LINE_STYLES", "figure", "png"]

LINE_STYLES = ["-", "--", "-.", ":"]


def figure(width: float, height: float) -> Any:
    """A matplotlib Figure of ``width`` x ``height`` inches (clear error without matplotlib)."""
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise InvalidInputError(
            "The HTML report draws its plots with matplotlib: pip install 'smotekit[report]'."
        ) from None
    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def png(fig: Any, alt: str) -> str:
    """``<img>`` with the figure as base64 PNG data."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{data}">'
