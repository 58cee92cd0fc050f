"""Real datasets bundled with smotekit, so examples and the quick start work offline."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from smotekit.datasets.imbalance import make_imbalance

__all__ = ["load_pima", "make_imbalance", "pima_path"]


def pima_path() -> Path:
    """Path of the bundled ``pima.csv`` (last column ``label``)."""
    return Path(str(resources.files("smotekit.datasets").joinpath("data/pima.csv")))


def load_pima(*, return_X_y: bool = False, as_frame: bool = True) -> Any:
    """Load the Pima Indians Diabetes data (768 rows, 268 diabetic): a SMOTE paper dataset.

    Parameters
    ----------
    return_X_y : bool, default=False
        Return ``(X, y)`` instead of one frame with a ``label`` column.
    as_frame : bool, default=True
        pandas objects (integer columns stay int64); ``False`` gives float64 numpy arrays.

    Returns
    -------
    DataFrame, or (X, y)

    Examples
    --------
    >>> from smotekit.datasets import load_pima
    >>> X, y = load_pima(return_X_y=True)
    >>> X.shape, int(y.sum())
    ((768, 8), 268)
    """
    from smotekit._compat import read_csv

    frame = read_csv(pima_path())
    if not return_X_y:
        return frame if as_frame else frame.to_numpy()
    X, y = frame.drop(columns="label"), frame["label"]
    if as_frame:
        return X, y
    return X.to_numpy(dtype=float), y.to_numpy()
