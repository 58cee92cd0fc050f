"""Pieces the four ensembles share: parameter rules, random seeds, labels, members, tags.

Everything here uses public scikit-learn API only.
"""

from __future__ import annotations

import inspect
import numbers
import warnings
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
from sklearn.base import clone
from sklearn.utils import check_random_state, get_tags

import smotekit.samplers.params as params
from smotekit.errors import InvalidInputError, InvalidParameterError, SmotekitWarning
from smotekit.pipeline import Pipeline, make_pipeline
from smotekit.plan.strategy import resolve_sampling_strategy
from smotekit.samplers.base import check_random_state_type
from smotekit.samplers.random_under import RandomUnderSampler

#: Seeds are drawn below this bound, as scikit-learn's ensembles draw theirs.
MAX_SEED = np.iinfo(np.int32).max


# ---- parameter rules ------------------------------------------------------------------------
def _is_int(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool | np.bool_)


def _is_float(value: Any) -> bool:
    return (
        isinstance(value, numbers.Real)
        and not isinstance(value, bool | np.bool_)
        and not _is_int(value)
        and bool(np.isfinite(value))
    )


def fraction(*, closed_high: bool = True) -> params.Rule:
    """A float in ``(0, 1]`` (or ``(0, 1)`` when ``closed_high`` is False)."""
    if closed_high:
        return params.Rule(lambda v: _is_float(v) and 0 < v <= 1, "a float in (0, 1]")
    return params.Rule(lambda v: _is_float(v) and 0 < v < 1, "a float in (0, 1)")


def positive_real() -> params.Rule:
    """A finite number > 0."""
    return params.Rule(lambda v: (_is_float(v) or _is_int(v)) and v > 0, "a finite number > 0")


def count_or_fraction(low: int = 1, *, none: bool = False) -> params.Rule:
    """An int >= ``low``, a float in (0, 1], and optionally None."""
    says = f"an int >= {low} or a float in (0, 1]"
    if none:
        says = "None, " + says

    def test(v: Any) -> bool:
        if v is None:
            return none
        if _is_int(v):
            return v >= low
        return _is_float(v) and 0 < v <= 1

    return params.Rule(test, says)


def n_jobs() -> params.Rule:
    """joblib's ``n_jobs``: None (one job unless a joblib context says otherwise) or an int
    other than 0 (-1: all cores)."""
    return params.Rule(
        lambda v: v is None or (_is_int(v) and v != 0),
        "None (one job) or an int other than 0 (-1: all cores)",
    )


def verbose() -> params.Rule:
    """An int >= 0 (or a bool)."""
    return params.Rule(
        lambda v: isinstance(v, bool | np.bool_) or (_is_int(v) and v >= 0), "an int >= 0"
    )


def random_state() -> params.Rule:
    return params.Checked(lambda name, value: check_random_state_type(value))


def classifier(*, weights: bool = False) -> params.Rule:
    """None or an object with ``fit`` and ``predict``."""
    example = "DecisionTreeClassifier(max_depth=1)" if weights else "DecisionTreeClassifier()"
    return params.estimator("fit", "predict", example=example)


def shared_rules() -> dict[str, params.Rule]:
    """Rules of the parameters that mean the same in every ensemble, by name."""
    return {
        "estimator": classifier(),
        "n_estimators": params.integer(1),
        "bootstrap": params.boolean(),
        "warm_start": params.boolean(),
        "sampling_strategy": params.sampling_strategy(),
        "replacement": params.boolean(),
        "n_jobs": n_jobs(),
        "random_state": random_state(),
        "verbose": verbose(),
    }


def parameter_rules(ensemble: Any, /, **own: params.Rule) -> dict[str, params.Rule]:
    """Rules of ``ensemble``'s parameters in the order of its signature: ``own`` where
    given, else the shared rule; a parameter with neither is checked by the class itself."""
    shared = shared_rules()
    return {
        name: own[name] if name in own else shared[name]
        for name in inspect.signature(type(ensemble)).parameters
        if name in own or name in shared
    }


def check_parameters(estimator: Any, rules: Mapping[str, params.Rule]) -> None:
    """Run ``rules`` (name -> rule) on ``estimator``'s parameters; the first failure raises
    :class:`smotekit.errors.InvalidParameterError` naming the parameter."""
    values = estimator.get_params(deep=False)
    for name, rule in rules.items():
        rule.check(name, values[name])


# ---- randomness ---------------------------------------------------------------------------
def random_state_of(value: Any) -> np.random.RandomState:
    """A ``RandomState`` from ``random_state`` (scikit-learn semantics; a numpy ``Generator``
    seeds a new ``RandomState`` and advances, as a shared ``RandomState`` would)."""
    if isinstance(value, np.random.Generator):
        return np.random.RandomState(int(value.integers(0, 2**32 - 1)))
    return check_random_state(value)


def draw_seeds(random_state: Any, n_before: int, n_new: int) -> np.ndarray:
    """Seeds of members ``n_before .. n_before + n_new - 1``.

    The seeds of the first ``n_before`` members are drawn and dropped, so that growing an
    ensemble with ``warm_start`` gives the members a fresh fit of the larger ensemble gets.
    """
    rng = random_state_of(random_state)
    return rng.randint(MAX_SEED, size=n_before + n_new)[n_before:]


def seed_random_states(estimator: Any, rng: np.random.RandomState) -> Any:
    """Give every ``random_state`` parameter of ``estimator`` (nested ones too) its own
    integer drawn from ``rng``, in sorted parameter order."""
    names = sorted(
        key
        for key in estimator.get_params(deep=True)
        if key == "random_state" or key.endswith("__random_state")
    )
    if names:
        estimator.set_params(**{key: int(rng.randint(MAX_SEED)) for key in names})
    return estimator


def seeded_clones(rng: np.random.RandomState, *templates: Any) -> list[Any]:
    """Unfitted clones of ``templates``, their ``random_state`` parameters drawn from ``rng``
    (one template after the other)."""
    return [seed_random_states(clone(template), rng) for template in templates]


def draw_indices(
    rng: np.random.RandomState, population: int, size: int, replace: bool
) -> np.ndarray:
    """``size`` positions out of ``population``: a bootstrap or a draw without replacement."""
    if replace:
        return rng.randint(0, population, size)
    return rng.choice(population, size, replace=False)


def resolve_amount(value: Any, total: int, name: str, *, replace: bool) -> int:
    """How many of ``total`` rows (or columns) ``value`` asks for: an int, or a fraction."""
    if value is None:
        return total
    if _is_int(value):
        if value > total and not replace:
            raise InvalidParameterError(
                f"{name}={value} is larger than the {total} available; without replacement "
                f"at most {total} can be drawn. Use a float fraction, or bootstrap."
            )
        return int(value)
    return max(1, int(value * total))


# ---- labels -------------------------------------------------------------------------------
def check_two_classes(classes: np.ndarray) -> None:
    """Refuse a target with one class: there is nothing to balance, nor to classify."""
    if classes.size < 2:
        raise InvalidInputError(
            f"y has one class only ({classes[0]!r}): a balanced ensemble needs at least 2 "
            "classes (one class cannot be balanced against another)."
        )


class EncodedStrategy:
    """A ``sampling_strategy`` callable for members fitted on class positions.

    Bagging members are fitted on class positions ``0 .. n_classes - 1`` (as in scikit-learn's
    bagging); this calls the user's function with the original labels and turns the classes
    of its answer into positions.
    """

    def __init__(self, func: Callable[[np.ndarray], Mapping[Any, int]], classes: np.ndarray):
        self.func = func
        self.classes = classes

    def __call__(self, y: np.ndarray) -> dict[int, int]:
        labels = self.classes[np.asarray(y, dtype=np.intp)]
        return encode_strategy_keys(self.func(labels), self.classes)

    def __repr__(self) -> str:
        return f"EncodedStrategy({self.func!r})"


def encode_strategy_keys(strategy: Mapping[Any, Any], classes: np.ndarray) -> dict[int, Any]:
    """``{class: n}`` -> ``{position of the class in classes: n}``."""
    out: dict[int, Any] = {}
    for key, value in dict(strategy).items():
        where = np.flatnonzero(classes == key) if _comparable(key, classes) else []
        if len(where) != 1:
            raise InvalidParameterError(
                f"sampling_strategy names class {key!r}, which is not in y (classes: "
                f"{classes.tolist()})."
            )
        out[int(where[0])] = value
    return out


def _comparable(key: Any, classes: np.ndarray) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return bool(np.any(classes == key))
    except (TypeError, ValueError):
        return False


def encode_strategy(strategy: Any, classes: np.ndarray) -> Any:
    """``sampling_strategy`` in terms of class positions (strings and floats are unchanged)."""
    if isinstance(strategy, Mapping):
        return encode_strategy_keys(strategy, classes)
    if callable(strategy) and not isinstance(strategy, str):
        return EncodedStrategy(strategy, classes)
    return strategy


def replace_sampling_strategy(sampler: Any, strategy: Any, encoded: Any, owner: str) -> Any:
    """Set the ensemble's ``sampling_strategy`` (as ``encoded`` for the members' labels) on
    ``sampler``, as imbalanced-learn does, warning when that overrides a value the user chose
    for the sampler itself.

    Samplers without a ``sampling_strategy`` parameter (e.g. ``FunctionSampler``) decide
    by themselves and are left alone.
    """
    own_params = sampler.get_params(deep=False)
    if "sampling_strategy" not in own_params:
        return sampler
    own = own_params["sampling_strategy"]
    try:
        default = inspect.signature(type(sampler)).parameters["sampling_strategy"].default
    except (KeyError, TypeError, ValueError):
        default = own
    if not _same(own, default) and not _same(own, strategy):
        warnings.warn(
            f"The sampler's own sampling_strategy={own!r} is replaced by {owner}'s "
            f"sampling_strategy={strategy!r} (as in imbalanced-learn); set sampling_strategy "
            f"on {owner} instead.",
            SmotekitWarning,
            stacklevel=6,
        )
    return sampler.set_params(sampling_strategy=encoded)


def _same(a: Any, b: Any) -> bool:
    if a is b:
        return True
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


# ---- members ------------------------------------------------------------------------------
def under_sampler(sampling_strategy: Any, replacement: Any, y: np.ndarray) -> RandomUnderSampler:
    """The members' random under-sampler; the strategy's errors are said here, once and with
    the user's labels ``y``."""
    resolve_sampling_strategy(sampling_strategy, y, "under-sampling")
    return RandomUnderSampler(sampling_strategy=sampling_strategy, replacement=replacement)


def member_proba(member: Any, X: Any, n_classes: int) -> np.ndarray:
    """Class probabilities of a member fitted on class positions, one column per class (a
    one-hot vote when it has no ``predict_proba``)."""
    out = np.zeros((X.shape[0], n_classes))
    if hasattr(member, "predict_proba"):
        out[:, np.asarray(member.classes_, dtype=np.intp)] = member.predict_proba(X)
    else:
        out[np.arange(X.shape[0]), np.asarray(member.predict(X), dtype=np.intp)] = 1.0
    return out


def fitted_pipelines(samplers: list[Any], members: list[Any]) -> list[Pipeline]:
    """``make_pipeline(sampler, member)`` for each fitted pair, marked fitted as it is."""
    pipelines = []
    for sampler, member in zip(samplers, members, strict=True):
        pipeline = make_pipeline(sampler, member)
        pipeline.steps_ = list(pipeline.steps)  # the steps are fitted already
        pipelines.append(pipeline)
    return pipelines


# ---- tags ---------------------------------------------------------------------------------
def accepts(objects: list[Any]) -> tuple[bool, bool]:
    """``(sparse, allow_nan)``: what every object in ``objects`` accepts, by its tags."""
    sparse = allow_nan = True
    for obj in objects:
        try:
            tags = get_tags(obj)
        except Exception:  # an object without scikit-learn tags: claim nothing for it
            return False, False
        sparse = sparse and bool(tags.input_tags.sparse)
        allow_nan = allow_nan and bool(tags.input_tags.allow_nan)
    return sparse, allow_nan
