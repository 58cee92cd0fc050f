"""FunctionSampler: any function ``(X, y, **kw) -> (X, y)`` used as a sampler."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, ClassVar

import numpy as np
import scipy.sparse as sp
from sklearn.utils import check_array

import smotekit.samplers.params as params
from smotekit.door import ingest_target
from smotekit.door.runners import container_family
from smotekit.errors import InvalidInputError, InvalidParameterError
from smotekit.plan.strategy import resolve_sampling_strategy
from smotekit.samplers.base import BaseSampler


def _identity(X: Any, y: Any) -> tuple[Any, Any]:
    return X, y


class FunctionSampler(BaseSampler):
    """Use a function ``func(X, y, **kw_args) -> (X_res, y_res)`` as a sampler.

    Drop-in for ``imblearn.FunctionSampler``: the function may remove, repeat or invent rows
    (an outlier filter, a domain-specific augmentation) and the result fits anywhere a
    sampler does, e.g. in :class:`smotekit.pipeline.Pipeline`, where it acts on training
    folds only.

    Parameters
    ----------
    func : callable, default=None
        ``func(X, y, **kw_args)`` returning ``(X_res, y_res)``, or ``(X_res, y_res,
        sample_weight_res)`` when it is given ``sample_weight``. ``None``: the identity.
    accept_sparse : bool, default=True
        Whether a scipy.sparse ``X`` is accepted (``validate=True`` only).
    kw_args : dict, default=None
        Keyword arguments for ``func``. Keyword arguments given to ``fit_resample`` (e.g.
        routed by a pipeline) are added to them.
    validate : bool, default=True
        ``True``: ``X`` is checked and handed to ``func`` as a numpy array (or sparse
        matrix), ``y`` as a 1-D numpy array, and the result is put back into the
        containers they came in (a DataFrame keeps its column names and dtypes, a Series
        its name; the rows get a new default index). ``False``: ``func`` sees ``X`` and
        ``y`` as given and its result is returned as it is.

    Attributes
    ----------
    sampling_strategy_ : dict
        Always empty: the function decides.
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when X is a data frame with string column names (``validate=True``).

    Examples
    --------
    >>> import numpy as np
    >>> from smotekit import FunctionSampler
    >>> X = np.arange(20.0).reshape(10, 2)
    >>> y = np.array([0] * 7 + [1] * 3)
    >>> def drop_first_rows(X, y, n):
    ...     return X[n:], y[n:]
    >>> X_res, y_res = FunctionSampler(func=drop_first_rows, kw_args={"n": 2}).fit_resample(X, y)
    >>> X_res.shape, int(y_res.sum())
    ((8, 2), 3)
    """

    _direction = "bypass"
    _accepts_any_values = True
    _parameters: ClassVar[dict[str, params.Rule]] = {
        "func": params.Rule(
            lambda v: v is None or callable(v),
            "a callable func(X, y, **kw_args) -> (X, y), or None (the identity)",
        ),
        "accept_sparse": params.boolean(),
        "kw_args": params.Rule(
            lambda v: v is None or isinstance(v, dict),
            "a dict of keyword arguments for func, or None",
        ),
        "validate": params.boolean(),
    }

    def __init__(
        self,
        *,
        func: Callable[..., Any] | None = None,
        accept_sparse: bool = True,
        kw_args: dict[str, Any] | None = None,
        validate: bool = True,
    ) -> None:
        self.func = func
        self.accept_sparse = accept_sparse
        self.kw_args = kw_args
        self.validate = validate

    def fit(self, X: Any, y: Any) -> FunctionSampler:
        """Check the inputs (when ``validate``); ``fit_resample`` calls the function.

        Returns
        -------
        self : object
        """
        self.check_params()
        if self.validate:
            self._validated(X, y)
        self.sampling_strategy_: dict[Any, int] = {}
        return self

    def fit_resample(self, X: Any, y: Any, **params: Any) -> tuple[Any, ...]:
        """Return ``func(X, y, **kw_args, **params)``, in the caller's containers.

        Returns
        -------
        X_resampled, y_resampled[, sample_weight_resampled]
        """
        self.check_params()
        kwargs = dict(self.kw_args or {})
        clash = sorted(set(kwargs) & set(params))
        if clash:
            raise InvalidParameterError(
                f"fit_resample was given {clash}, which kw_args already sets; give each "
                "argument once."
            )
        kwargs.update(params)
        func = _identity if self.func is None else self.func
        self._check_accepts(func, kwargs)
        self.sampling_strategy_ = {}
        if not self.validate:
            return self._checked_output(func(X, y, **kwargs), params)
        X_in, target = self._validated(X, y)
        output = self._checked_output(func(X_in, target.labels, **kwargs), params)
        X_out = _restore_features(X, output[0])
        y_out = target.wrap(np.asarray(output[1]).astype(target.labels.dtype, copy=False))
        return (X_out, y_out, *output[2:])

    def _validated(self, X: Any, y: Any) -> tuple[Any, Any]:
        if container_family(X) != "memory" or container_family(y) != "memory":
            raise InvalidInputError(
                "FunctionSampler runs its function in memory; compute the Dask collections "
                "first (X.compute()), or use validate=False to hand them to it as they are."
            )
        names = getattr(X, "columns", None)
        try:
            X_in = check_array(
                X,
                accept_sparse=["csr", "csc", "coo"] if self.accept_sparse else False,
                dtype=None,
                ensure_all_finite=False,
            )
        except TypeError as exc:
            raise InvalidInputError(
                f"{exc} FunctionSampler(accept_sparse=False) needs dense X: pass "
                "X.toarray(), or set accept_sparse=True."
            ) from None
        target = ingest_target(y, X_in.shape[0])
        resolve_sampling_strategy(None, target.labels, "bypass", target.counts)  # 2+ classes
        self.n_features_in_ = X_in.shape[1]
        if names is not None and all(isinstance(c, str) for c in names):
            self.feature_names_in_ = np.asarray(list(names), dtype=object)
        elif hasattr(self, "feature_names_in_"):
            del self.feature_names_in_
        return X_in, target

    @staticmethod
    def _check_accepts(func: Callable[..., Any], kwargs: dict[str, Any]) -> None:
        try:
            signature = inspect.signature(func)
        except (TypeError, ValueError):
            return  # a builtin or C function: let the call say
        taken = signature.parameters.values()
        if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in taken):
            return
        missing = sorted(set(kwargs) - {p.name for p in taken})
        if missing:
            raise InvalidParameterError(
                f"FunctionSampler's func {getattr(func, '__name__', func)!r} does not take "
                f"{missing}; add them to its parameters (a sample_weight it is given must "
                "be returned resampled: return X, y, sample_weight)."
            )

    @staticmethod
    def _checked_output(output: Any, params: dict[str, Any]) -> tuple[Any, ...]:
        if not isinstance(output, tuple | list) or len(output) not in (2, 3):
            raise InvalidInputError(
                "FunctionSampler's func must return (X, y), or (X, y, sample_weight); it "
                f"returned {type(output).__name__}."
            )
        if "sample_weight" in params and len(output) != 3:
            raise InvalidInputError(
                "FunctionSampler's func was given sample_weight but returned two values; "
                "return (X, y, sample_weight) with the weights of the rows it returns."
            )
        return tuple(output)


def _restore_features(original: Any, X_res: Any) -> Any:
    """``X_res`` in ``original``'s container: same column names and dtypes where possible."""
    if isinstance(original, list) and isinstance(X_res, np.ndarray):
        return X_res.tolist()
    module = type(original).__module__.split(".")[0]
    if module not in ("pandas", "polars") or type(X_res).__module__.split(".")[0] == module:
        return X_res  # not a frame, or the function kept the container itself
    if module == "pandas":
        import pandas as pd

        if sp.issparse(X_res):  # a frame of sparse columns was handed over as a matrix
            frame = pd.DataFrame.sparse.from_spmatrix(X_res, columns=original.columns)
        else:
            frame = pd.DataFrame(X_res, columns=original.columns)
        try:
            return frame.astype(original.dtypes.to_dict())
        except (TypeError, ValueError):
            return frame  # a function that changed a column's kind keeps what it made
    import polars as pl

    if sp.issparse(X_res):
        X_res = X_res.toarray()
    frame = pl.DataFrame(np.asarray(X_res), schema=original.columns, orient="row")
    try:
        return frame.cast(dict(original.schema))
    except (pl.exceptions.PolarsError, TypeError, ValueError):
        return frame
