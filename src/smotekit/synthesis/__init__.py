"""Synthesis: writing synthetic rows from a recipe (base row, neighbour row, gap)."""

from smotekit.synthesis.recipe import GapStream, Recipe
from smotekit.synthesis.render import render_dense, render_sparse

__all__ = ["GapStream", "Recipe", "render_dense", "render_sparse"]
