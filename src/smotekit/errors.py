"""Exceptions and warnings raised by smotekit.

Every error subclasses the builtin a caller would already catch (``ValueError`` or
``TypeError``), so code written against imbalanced-learn or scikit-learn keeps working, and
every message says what was wrong and what to do about it.
"""

from __future__ import annotations


class SmotekitError(Exception):
    """Base class of all smotekit errors."""


class InvalidInputError(SmotekitError, ValueError):
    """The data given to a sampler cannot be resampled as it is."""


class NonNumericFeatureError(SmotekitError, TypeError, ValueError):
    """X holds values that are not numbers where the sampler needs numbers.

    It is both a ``TypeError`` (the value has the wrong type) and a ``ValueError`` (what
    scikit-learn raises for strings it cannot convert), so either ``except`` clause catches it.
    """


class MultiLabelError(InvalidInputError):
    """``y`` is a multi-label or multi-output target, to which resampling does not apply."""


class ClassTooSmallError(InvalidInputError):
    """A class to be over-sampled has too few rows for the neighbour search."""


class InvalidParameterError(SmotekitError, ValueError, TypeError):
    """A sampler parameter has a value outside what it accepts.

    A ``ValueError`` and a ``TypeError``, as scikit-learn's own ``InvalidParameterError``,
    so code written for scikit-learn or imbalanced-learn catches it the same way.
    """


class SmotekitWarning(UserWarning):
    """Something worked, but not quite as asked; the message says how."""


def user_stacklevel() -> int:
    """``stacklevel`` for ``warnings.warn`` that points at the first frame outside smotekit.

    A warning raised deep in a sampler should name the user's line, whatever the depth of
    the calls between (which differs by sampler and path).
    """
    import os
    import sys

    package = os.path.dirname(os.path.abspath(__file__))
    frame = sys._getframe(1)  # the caller of warnings.warn's caller is level 2
    level = 1
    while frame is not None and frame.f_code.co_filename.startswith(package):
        frame = frame.f_back
        level += 1
    return level
