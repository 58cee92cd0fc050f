"""The sampler protocol: what a sampler of your own is written against.

A sampler states only its own idea; the door (containers, checks), the plan
(``sampling_strategy``, exact counts), the neighbour engine, the one random generator, the
rendering, provenance, ``sample_weight``, pipelines, streaming and Dask come with the base
classes. Two ways in (``docs/protocol.md`` walks through both, runnable):

* **A SMOTE variant** subclasses :class:`InterpolationSampler` and overrides one or both
  seams: ``allocate(ctx, n_new, rng)`` (which rows of the class are base rows, how many
  times: local indices into ``ctx.rows``) and ``place(ctx, base, rng)`` (each new row's
  neighbour, an input position, and a scale on its gap). ``ctx`` is a
  :class:`ClassContext`: the class's rows, their neighbours within the class
  (``ctx.neighbors``) and among all classes (``ctx.neighbors_among_all(m)``).
* **Any other sampler** subclasses :class:`BaseOverSampler` or :class:`BaseUnderSampler`
  and implements ``decide(features, target, rng) -> Outcome``: which original rows to keep
  (``keep``), which to repeat (``copies``), and any synthetic rows.

Class attributes say what a sampler reads, for the out-of-core runners: ``rows_needed``
(``"counts"``, ``"targeted rows"`` or ``"all rows"``).

Examples
--------
>>> import numpy as np
>>> from smotekit.protocol import InterpolationSampler
>>> class MidpointSMOTE(InterpolationSampler):
...     '''SMOTE whose new rows sit on the first half of each segment.'''
...     rows_needed = "targeted rows"
...     def place(self, ctx, base, rng):
...         neighbor, _ = super().place(ctx, base, rng)
...         return neighbor, np.full(base.shape[0], 0.5)
>>> X = np.random.default_rng(0).normal(size=(60, 2)); y = np.r_[[0] * 50, [1] * 10]
>>> sampler = MidpointSMOTE(random_state=0)
>>> X_res, y_res = sampler.fit_resample(X, y)
>>> bool((sampler.provenance_.gaps() <= 0.5).all()), int((y_res == 1).sum())
(True, 50)
>>> sampler.get_params()["k_neighbors"]
5
"""

from smotekit.door import Features, Target
from smotekit.plan.allocation import allocate_even, allocate_random, allocate_weighted
from smotekit.samplers.base import BaseOverSampler, BaseSampler, BaseUnderSampler
from smotekit.samplers.interpolation import ClassContext, InterpolationSampler
from smotekit.samplers.outcome import Outcome

__all__ = [
    "BaseOverSampler",
    "BaseSampler",
    "BaseUnderSampler",
    "ClassContext",
    "Features",
    "InterpolationSampler",
    "Outcome",
    "Target",
    "allocate_even",
    "allocate_random",
    "allocate_weighted",
]
