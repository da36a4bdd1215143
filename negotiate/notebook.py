"""Rich display in Jupyter: ``_repr_html_`` and ``_repr_markdown_`` for games and results.

A class mixes in :class:`Notebook` and says which block builder of :mod:`negotiate.render`
draws it (``_blocks``); the rendering itself (tables, escaping) is
:func:`negotiate.render.render_blocks`, the same code the command line uses. This module
imports nothing heavy, so model classes can use it at definition time; :mod:`negotiate.render`
is imported only when a notebook asks.
"""

from __future__ import annotations

from typing import Any


class Notebook:
    """Mixin: HTML and markdown tables in notebooks, built from :meth:`_blocks`."""

    __slots__ = ()

    def _blocks(self) -> list[Any]:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    def _repr_markdown_(self) -> str:
        """Markdown (headings and pipe tables) for Jupyter and other notebook front ends."""
        from negotiate.render import render_blocks

        return render_blocks(self._blocks(), "markdown")

    def _repr_html_(self) -> str:
        """An HTML fragment (escaped headings, paragraphs and ``<table>``) for notebooks."""
        from negotiate.render import render_blocks

        return render_blocks(self._blocks(), "html")
