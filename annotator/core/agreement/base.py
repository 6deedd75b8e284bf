"""The agreement package's interface: the two kinds of study and what a measure is.

Modelled on DKPro Agreement: a *coding study* gives every item (here: a token)
one category per coder; a *unitizing study* gives every coder a set of units
(here: spans) on one continuum (here: the code points of the texts). They are
separate data structures, and each measure is a small class over one of them.

A measure returns ``nan`` when it is undefined for the data (no items, or no
expected disagreement because every coder used one category throughout); the
report shows that as "-" and JSON as ``null``. Nothing here reads files.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

# The category of a token that no span covers.
OUTSIDE = "O"


@dataclass(frozen=True)
class CodingStudy:
    """``items[i][r]``: the category coder ``r`` gave item ``i`` (None: not coded)."""

    coders: tuple[str, ...]
    items: tuple[tuple[str | None, ...], ...]

    def __post_init__(self) -> None:
        for item in self.items:
            if len(item) != len(self.coders):
                raise ValueError(f"an item has {len(item)} codes for {len(self.coders)} coders")

    def categories(self) -> list[str]:
        return sorted({value for item in self.items for value in item if value is not None})


@dataclass(frozen=True)
class Unit:
    """One coder's unit ``[start, end)`` of ``category`` on the continuum."""

    coder: int
    start: int
    end: int
    category: str


@dataclass(frozen=True)
class UnitizingStudy:
    """Units of several coders on the continuum ``[0, length)``.

    Units of one coder and category never overlap (``add`` merges overlapping or
    touching ones of the same coder and category into their union: alpha_U is
    defined for a segmentation of the continuum into units and gaps).
    """

    coders: tuple[str, ...]
    length: int
    units: tuple[Unit, ...] = field(default=())

    @classmethod
    def build(cls, coders: Sequence[str], length: int, units: Sequence[Unit]) -> UnitizingStudy:
        merged: list[Unit] = []
        keyed = sorted(units, key=lambda u: (u.coder, u.category, u.start, u.end))
        for unit in keyed:
            if not 0 <= unit.start < unit.end <= length:
                raise ValueError(f"unit [{unit.start}, {unit.end}) is outside the continuum [0, {length})")
            last = merged[-1] if merged else None
            if last is not None and last.coder == unit.coder and last.category == unit.category and unit.start < last.end:
                merged[-1] = Unit(last.coder, last.start, max(last.end, unit.end), last.category)
            else:
                merged.append(unit)
        return cls(tuple(coders), length, tuple(merged))

    def categories(self) -> list[str]:
        return sorted({unit.category for unit in self.units})


class CodingMeasure(Protocol):
    name: str

    def __call__(self, study: CodingStudy) -> float: ...


class UnitizingMeasure(Protocol):
    name: str

    def __call__(self, study: UnitizingStudy, category: str | None = None) -> float: ...


def ratio(numerator: float, denominator: float) -> float:
    """``numerator / denominator``, or nan when the denominator is zero."""
    return numerator / denominator if denominator else math.nan
