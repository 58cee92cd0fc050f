"""``sampling_strategy`` in every form imbalanced-learn accepts, turned into counts per class."""

from __future__ import annotations

import math
import numbers
import os
from collections.abc import Callable, Mapping
from typing import Any, Literal

import numpy as np

from smotekit.errors import InvalidInputError, InvalidParameterError

Direction = Literal["over-sampling", "under-sampling", "cleaning"]
_STRINGS = ("auto", "minority", "majority", "not minority", "not majority", "all")


def class_counts(labels: np.ndarray) -> dict[Any, int]:
    """Rows per class, with classes in sorted order."""
    if labels.dtype.kind in "iu" and labels.size:
        low, high = int(labels.min()), int(labels.max())
        if low >= 0 and high < 1 << 20:  # counting beats sorting for small integer labels
            counts = np.bincount(labels.astype(np.intp, copy=False))
            present = np.flatnonzero(counts)
            values = present.astype(labels.dtype).tolist()
            return {c: int(n) for c, n in zip(values, counts[present].tolist(), strict=True)}
        if high - low < 1 << 20:
            # offsets from the smallest label in 64 bits of the labels' signedness: no overflow
            # for narrow dtypes (int8 -128..127) nor for uint64 labels beyond the int64 range
            wide = np.uint64 if labels.dtype.kind == "u" else np.int64
            smallest = wide(labels.min())
            counts = np.bincount((labels.astype(wide) - smallest).astype(np.intp))
            present = np.flatnonzero(counts)
            values = (present.astype(wide) + smallest).astype(labels.dtype).tolist()
            return {c: int(n) for c, n in zip(values, counts[present].tolist(), strict=True)}
    classes, counts = np.unique(labels, return_counts=True)
    return {c: int(n) for c, n in zip(classes.tolist(), counts.tolist(), strict=True)}


def resolve_sampling_strategy(
    sampling_strategy: Any,
    labels: np.ndarray,
    direction: Direction,
    counts: dict[Any, int] | None = None,
) -> dict[Any, int]:
    """Return ``{class: n}`` sorted by class.

    For over-sampling ``n`` is the number of rows to *add* to the class; for under-sampling
    it is the number of rows to *keep*. Classes left alone are absent.

    Forms (as imbalanced-learn): a float (binary only: desired minority/majority ratio after
    resampling), ``'auto'`` (= ``'not majority'`` when over-sampling, ``'not minority'`` when
    under-sampling), ``'minority'``, ``'majority'``, ``'not minority'``, ``'not majority'``,
    ``'all'``, a dict ``{class: n_samples_after}``, or a callable ``y -> dict``.
    """
    counts = class_counts(labels) if counts is None else counts
    if len(counts) < 2:
        only = next(iter(counts))
        raise InvalidInputError(
            f"y has a single class ({only!r}, {counts[only]} rows): the target 'y' needs to "
            "have more than 1 class. There is no imbalance to correct, and the sampler can't "
            "balance when only one class is present. Check that "
            "the target column is right and that no filtering removed the other classes."
        )
    if direction == "bypass":
        return {}  # the sampler decides by itself (FunctionSampler): only y is checked
    if direction == "cleaning":
        result = _for_cleaning(sampling_strategy, counts)
    elif isinstance(sampling_strategy, str):
        result = _from_string(sampling_strategy, counts, direction)
    elif isinstance(sampling_strategy, numbers.Real) and not isinstance(sampling_strategy, bool):
        result = _from_float(float(sampling_strategy), counts, direction)
    elif isinstance(sampling_strategy, Mapping):
        result = _from_dict(dict(sampling_strategy), counts, direction)
    elif callable(sampling_strategy):
        result = _from_callable(sampling_strategy, labels, counts, direction)
    else:
        raise InvalidParameterError(
            f"sampling_strategy={sampling_strategy!r} is not understood. Use a float (binary "
            f"problems), one of {list(_STRINGS)}, a dict {{class: n_samples}}, or a callable "
            "returning such a dict."
        )
    if direction == "over-sampling" and labels.shape[0] == sum(counts.values()):
        # in memory (out-of-core paths plan from counts alone and write the rows out)
        _check_output_fits(sampling_strategy, result, counts)
    return dict(sorted(result.items(), key=lambda kv: _sort_key(kv[0])))


def machine_memory() -> int | None:
    """Bytes of memory of this machine (RAM and swap), if known."""
    try:
        total = 0
        with open("/proc/meminfo") as handle:
            for line in handle:
                if line.startswith(("MemTotal:", "SwapTotal:")):
                    total += int(line.split()[1]) * 1024
        if total:
            return total
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


#: Used when the machine's memory is unknown: 1 PiB.
_FALLBACK_MEMORY = 1 << 50


def _gb(n_bytes: int) -> str:
    return f"{n_bytes / 1e9:,.1f} GB"


def _check_output_fits(sampling_strategy: Any, added: dict[Any, int], counts: dict[Any, int]):
    """Refuse, before anything is allocated, an output that cannot fit in this machine's memory.

    The plan does not know X's columns, so the bound is per column: every column of the output
    holds ``n_out`` values of at least 8 bytes (floats and 64-bit integers; sample_indices_
    and the row numbers are as long), and not even one such column fits.
    """
    n_new = sum(added.values())
    n_out = sum(counts.values()) + n_new
    per_column = n_out * 8
    memory = machine_memory() or _FALLBACK_MEMORY
    if per_column <= memory:
        return
    largest = max(added, key=added.__getitem__)
    if isinstance(sampling_strategy, Mapping):
        asked = f"sampling_strategy[{largest!r}]={sampling_strategy.get(largest)!r}"
    else:
        asked = "sampling_strategy"
    raise InvalidParameterError(
        f"{asked} asks for {n_new:,} new rows ({n_out:,} rows out): the output would need "
        f"{n_out:,} rows x 8 bytes = {_gb(per_column)} for each column of X (times its number "
        f"of columns, plus as much again for the labels), more than this machine's "
        f"{_gb(memory)} of memory. Ask for fewer rows (a count per class near the majority's, "
        "or 'auto' to balance the classes), or resample a part of the data at a time."
    )


def _sort_key(label: Any) -> Any:
    return (0, label) if isinstance(label, numbers.Number) else (1, str(label))


def _from_string(name: str, counts: dict[Any, int], direction: Direction) -> dict[Any, int]:
    if name not in _STRINGS:
        raise InvalidParameterError(
            f"sampling_strategy={name!r} is not a known strategy; choose one of {list(_STRINGS)}."
        )
    n_max, n_min = max(counts.values()), min(counts.values())
    majority = max(counts, key=counts.__getitem__)
    minority = min(counts, key=counts.__getitem__)
    if name == "auto":
        name = "not majority" if direction == "over-sampling" else "not minority"
    if direction == "over-sampling" and name == "majority":
        raise InvalidParameterError(
            "sampling_strategy='majority' cannot be used with an over-sampler: adding rows to "
            "the largest class makes the imbalance worse. Use 'minority' or 'not majority'."
        )
    if direction == "under-sampling" and name == "minority":
        raise InvalidParameterError(
            "sampling_strategy='minority' cannot be used with an under-sampler: removing rows "
            "from the smallest class makes the imbalance worse. Use 'majority' or "
            "'not minority'."
        )
    targeted = {
        "minority": [minority],
        "majority": [majority],
        "not minority": [c for c in counts if c != minority],
        "not majority": [c for c in counts if c != majority],
        "all": list(counts),
    }[name]
    if direction == "over-sampling":
        return {c: n_max - counts[c] for c in targeted}
    return {c: n_min for c in targeted}


def _for_cleaning(sampling_strategy: Any, counts: dict[Any, int]) -> dict[Any, int]:
    """Cleaning samplers: which classes may lose rows (``{class: current count}``)."""
    if isinstance(sampling_strategy, str):
        if sampling_strategy == "minority":
            raise InvalidParameterError(
                "sampling_strategy='minority' cannot be used with a cleaning sampler: cleaning "
                "only the smallest class makes the imbalance worse. Use 'auto' (= 'not "
                "minority'), 'majority', 'not majority' or 'all'."
            )
        classes = _from_string(sampling_strategy, counts, "under-sampling")
        return {c: counts[c] for c in classes}
    if isinstance(sampling_strategy, list | tuple | set | np.ndarray):
        unknown = [c for c in sampling_strategy if c not in counts]
        if unknown:
            raise InvalidParameterError(
                f"sampling_strategy names class(es) {unknown} that are not in y; y has classes "
                f"{list(counts)}."
            )
        return {c: counts[c] for c in sampling_strategy}
    raise InvalidParameterError(
        f"sampling_strategy={sampling_strategy!r} is not understood by a cleaning sampler: it "
        "removes the rows its rule flags, so it takes the classes to clean, as a list or one "
        f"of {list(_STRINGS)}, not counts."
    )


def _from_float(ratio: float, counts: dict[Any, int], direction: Direction) -> dict[Any, int]:
    if len(counts) != 2:
        raise InvalidParameterError(
            f"A float sampling_strategy ({ratio}) is only for binary targets; y has "
            f"{len(counts)} classes. Use a dict {{class: n_samples}} or a string such as "
            "'not majority'."
        )
    if not 0 < ratio <= 1:
        raise InvalidParameterError(
            f"sampling_strategy={ratio} must be in (0, 1]: it is the ratio of minority to "
            "majority rows after resampling (1.0 balances the classes)."
        )
    majority = max(counts, key=counts.__getitem__)
    minority = min(counts, key=counts.__getitem__)
    n_maj, n_min = counts[majority], counts[minority]
    if direction == "over-sampling":
        wanted = int(ratio * n_maj)
        if wanted < n_min:
            raise InvalidParameterError(
                f"sampling_strategy={ratio} asks for a minority/majority ratio of {ratio}, but "
                f"the data already has {n_min}/{n_maj} = {n_min / n_maj:.4g}; reaching it would "
                "require removing samples from the minority class, which an over-sampler does "
                f"not do. Use a ratio >= {n_min / n_maj:.4g}, or an under-sampler."
            )
        return {minority: wanted - n_min}
    wanted = int(n_min / ratio)
    if wanted > n_maj:
        raise InvalidParameterError(
            f"sampling_strategy={ratio} asks for a minority/majority ratio of {ratio}, but the "
            f"data already has {n_min}/{n_maj} = {n_min / n_maj:.4g}; reaching it would require "
            "generating new majority samples, which an under-sampler does not do. Use a ratio "
            f">= {n_min / n_maj:.4g}, or an over-sampler."
        )
    return {majority: wanted}


def _from_dict(
    wanted: dict[Any, Any], counts: dict[Any, int], direction: Direction
) -> dict[Any, int]:
    unknown = [k for k in wanted if k not in counts]
    if unknown:
        raise InvalidParameterError(
            f"sampling_strategy names class(es) {unknown} that are not in y; y has classes "
            f"{list(counts)}."
        )
    out = {}
    for cls, n in wanted.items():
        _check_count_type(cls, n, counts[cls])
        if n < 0:
            raise InvalidParameterError(
                f"sampling_strategy[{cls!r}]={n!r}: the number of samples in a class cannot "
                "be negative; give a non-negative integer."
            )
        n = int(n)
        if direction == "over-sampling":
            if n < counts[cls]:
                raise InvalidParameterError(
                    f"sampling_strategy[{cls!r}]={n} is below the {counts[cls]} rows class "
                    f"{cls!r} already has: an over-sampler adds rows and never removes any. "
                    f"Ask for at least {counts[cls]}, or use an under-sampler."
                )
            out[cls] = n - counts[cls]
        else:
            if n > counts[cls]:
                raise InvalidParameterError(
                    f"sampling_strategy[{cls!r}]={n} is above the {counts[cls]} rows class "
                    f"{cls!r} has: an under-sampler removes rows and never adds any, so the "
                    f"number kept should be less or equal to the original: ask for at most "
                    f"{counts[cls]}, or use an over-sampler."
                )
            out[cls] = n
    return out


def _check_count_type(cls: Any, n: Any, present: int) -> None:
    """A count in a ``sampling_strategy`` dict is an integer: refuse a bool, float or other."""
    if isinstance(n, numbers.Integral) and not isinstance(n, bool | np.bool_):
        return
    what = f"sampling_strategy[{cls!r}]={n!r}"
    wanted = f"the number of rows class {cls!r} should have after resampling (it has {present} now)"
    if isinstance(n, bool | np.bool_):
        raise InvalidParameterError(
            f"{what} is a bool, not a count: each value must be an integer, {wanted}; give it "
            "as an int."
        )
    if isinstance(n, numbers.Real):
        value = float(n)
        if math.isfinite(value) and value.is_integer():
            fix = f"write it as the integer {int(value)}"
        elif math.isfinite(value):
            fix = f"round it to an integer (e.g. {math.floor(value)} or {math.ceil(value)})"
        else:
            fix = "give a finite integer"
        # a whole float only needs writing as an int; others also need the sign rule
        must = "an integer" if value.is_integer() else "a non-negative integer"
        raise InvalidParameterError(
            f"{what} is a {type(n).__name__}: each value must be {must}, {wanted}; {fix}."
        )
    raise InvalidParameterError(
        f"{what} is a {type(n).__name__}, not a count: each value must be a non-negative "
        f"integer, {wanted}."
    )


def _from_callable(
    func: Callable[..., Any], labels: np.ndarray, counts: dict[Any, int], direction: Direction
) -> dict[Any, int]:
    wanted = func(labels)
    if not isinstance(wanted, Mapping):
        raise InvalidParameterError(
            f"The sampling_strategy callable returned {type(wanted).__name__}; it must return "
            "a dict {class: n_samples}."
        )
    return _from_dict(dict(wanted), counts, direction)
