"""Parameter rules, declared once per class (in the spirit of scikit-learn's
``_parameter_constraints``, with public code only).

A sampler lists its rules in ``_parameters = {"name": rule, ...}``; the rules of its base
classes apply too. :meth:`BaseSampler.check_params` runs every rule whose parameter the
class's constructor takes, then the class's ``_validate_params`` for checks that involve
several parameters. Each rule says, in the error, what the value must be.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from smotekit.errors import InvalidParameterError
from smotekit.neighbors import resolve_k


class Rule:
    """A test of one parameter's value and the words saying what it must be."""

    def __init__(self, test: Callable[[Any], bool], says: str) -> None:
        self.test = test
        self.says = says

    def check(self, name: str, value: Any) -> None:
        if not self.test(value):
            raise InvalidParameterError(f"{name}={value!r} must be {self.says}.")


class Checked(Rule):
    """A rule made of a function that raises its own message (``check(name, value)``)."""

    def __init__(self, check: Callable[[str, Any], Any]) -> None:
        super().__init__(lambda value: True, "")
        self._check = check

    def check(self, name: str, value: Any) -> None:
        self._check(name, value)


def _is_int(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool | np.bool_)


def _is_real(value: Any) -> bool:
    return (
        isinstance(value, numbers.Real)
        and not isinstance(value, bool | np.bool_)
        and not np.isnan(value)
    )


def choice(*options: str) -> Rule:
    """One of ``options`` (strings)."""

    class _Choice(Rule):
        def check(self, name: str, value: Any) -> None:
            if not isinstance(value, str) or value not in options:
                raise InvalidParameterError(
                    f"{name}={value!r} is not valid; choose one of {list(options)}."
                )

    return _Choice(lambda v: True, "")


def integer(low: int, why: str = "") -> Rule:
    """An int >= ``low``."""
    return Rule(lambda v: _is_int(v) and v >= low, f"an int >= {low}{why}")


def real(low: float | None = None, high: float | None = None, why: str = "") -> Rule:
    """A finite number in ``[low, high]`` (either end may be open: ``None``)."""

    def test(v: Any) -> bool:
        return (
            _is_real(v)
            and np.isfinite(v)
            and (low is None or v >= low)
            and (high is None or v <= high)
        )

    if low is not None and high is not None:
        says = f"a number between {low:g} and {high:g}{why}"
    elif low is not None:
        says = f"a number >= {low:g}{why}"
    else:
        says = f"a number{why}"
    return Rule(test, says)


def boolean() -> Rule:
    """True or False."""
    return Rule(lambda v: isinstance(v, bool | np.bool_), "True or False")


def neighbors(purpose: str) -> Rule:
    """An int >= 1 or a neighbour estimator built for that many + 1 (see ``resolve_k``)."""
    return Checked(lambda name, value: resolve_k(value, name, purpose))


def estimator(*methods: str, example: str) -> Rule:
    """An object with ``methods`` (e.g. ``fit``), or None."""
    return Rule(
        lambda v: v is None or all(hasattr(v, m) for m in methods),
        f"None or an object with {' and '.join(methods)} (e.g. {example})",
    )


def n_jobs() -> Rule:
    """None (all cores), -1 (all cores) or a positive int."""
    return Rule(
        lambda v: v is None or (_is_int(v) and (v == -1 or v > 0)),
        "None (all cores), -1 (all cores) or a positive int",
    )


def either(*rules: Rule, says: str) -> Rule:
    """A value that passes any of ``rules``."""

    def test(value: Any) -> bool:
        for rule in rules:
            try:
                rule.check("_", value)
            except InvalidParameterError:
                continue
            return True
        return False

    return Rule(test, says)


def literal(*values: Any) -> Rule:
    """Exactly one of ``values`` (e.g. ``None`` or ``'auto'``)."""
    return Rule(
        lambda v: any(v is x or (isinstance(v, str) and v == x) for x in values),
        " or ".join(repr(x) for x in values),
    )


def per_class(rule: Rule, says: str) -> Rule:
    """A value for every class (a dict ``{class: value}``) or one value for all."""

    def test(value: Any) -> bool:
        values = list(value.values()) if isinstance(value, Mapping) else [value]
        return all(_passes(rule, v) for v in values)

    return Rule(test, says)


def _passes(rule: Rule, value: Any) -> bool:
    try:
        rule.check("_", value)
    except InvalidParameterError:
        return False
    return True


def sampler(example: str) -> Rule:
    """None or a sampler (an object with ``fit_resample``)."""
    return estimator("fit_resample", example=example)


def sampling_strategy() -> Rule:
    """A float, a string, a dict or a callable; its values are checked with the class counts
    (:func:`smotekit.plan.strategy.resolve_sampling_strategy`), which the data brings."""
    return Rule(
        lambda v: (
            isinstance(v, str | Mapping | list | tuple | np.ndarray) or _is_real(v) or callable(v)
        ),
        "a float, a string ('auto', 'minority', 'not minority', 'not majority', 'all'), a "
        "dict {class: n_samples}, a list of classes (cleaning samplers) or a callable "
        "y -> dict",
    )


def percentage() -> Rule:
    """None, or the paper's N% (a positive number)."""
    return Rule(
        lambda v: v is None or (_is_real(v) and np.isfinite(v) and v > 0),
        "None or a positive number: the amount of SMOTE in percent of the class (the paper's "
        "N%, e.g. 200 for two new rows per row)",
    )


def categorical_features() -> Rule:
    """'auto', 'all', or columns; which columns they name is checked against ``X``."""
    return Rule(
        lambda v: isinstance(v, str) or (hasattr(v, "__len__") and not isinstance(v, bytes)),
        "'auto', 'all', or a list of column positions, column names or a boolean mask",
    )


def check_declared(sampler: Any) -> None:
    """Run every rule declared along ``sampler``'s classes on the parameters it takes."""
    taken = sampler.get_params(deep=False)
    seen: set[str] = set()
    for cls in type(sampler).__mro__:
        for name, rule in vars(cls).get("_parameters", {}).items():
            if name in seen or name not in taken:
                continue
            seen.add(name)
            rule.check(name, taken[name])
