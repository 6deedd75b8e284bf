"""Finding date expressions in news text and normalising them to TIMEX3 values.

Stdlib only, no Qt: ``find_dates`` for suggestions, ``normalise_span`` for a span the user
tagged, ``validate_timex`` for values the user typed. See ``finder.py`` for the conventions.
The finder compiles many patterns, so it is imported on first use: validating a value or
opening the window does not pay for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from annotator.core.dates.timex import TIMEX_MODS, TIMEX_TYPES, validate_timex

if TYPE_CHECKING:
    from annotator.core.dates.finder import DateMention, find_dates, normalise_span

__all__ = ["TIMEX_MODS", "TIMEX_TYPES", "DateMention", "find_dates", "normalise_span", "validate_timex"]


def __getattr__(name: str) -> Any:
    if name in ("DateMention", "find_dates", "normalise_span"):
        from annotator.core.dates import finder

        return getattr(finder, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
