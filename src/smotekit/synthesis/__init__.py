"""Synthesis: writing synthetic rows from a recipe (base row, neighbour row, gap)."""

from smotekit.synthesis.draws import ClassDraws, DrawnRecipe, NeighborDraw
from smotekit.synthesis.recipe import GapStream, Recipe
from smotekit.synthesis.render import render_dense, render_sparse

__all__ = [
    "ClassDraws",
    "DrawnRecipe",
    "GapStream",
    "NeighborDraw",
    "Recipe",
    "render_dense",
    "render_sparse",
]
