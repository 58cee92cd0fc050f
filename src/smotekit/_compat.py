"""Small shims over differences between the oldest and newest releases smotekit supports."""

from __future__ import annotations

from typing import Any


def read_csv(source: Any, **kwargs: Any) -> Any:
    """``pandas.read_csv`` that reads every float exactly (correctly rounded), on any pandas.

    Before pandas 3 the default C float parser ('high') is fast but not correctly rounded: a
    float written with all its digits can come back one unit in the last place off (e.g.
    -0.1285346629440342 read as -0.12853466294403426), so a CSV round trip would change the
    data. ``float_precision="round_trip"`` parses with Python's own (exact) conversion; pandas
    3 parses exactly by default and deprecates the option, so it is only passed before.
    """
    import pandas as pd

    if int(pd.__version__.split(".", 1)[0]) < 3:
        kwargs.setdefault("float_precision", "round_trip")
    return pd.read_csv(source, **kwargs)
