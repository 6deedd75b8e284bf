"""Finding date expressions in news text and normalising them to TIMEX3 values.

Stdlib only, no Qt: ``find_dates`` for suggestions, ``normalise_span`` for a span the user
tagged, ``validate_timex`` for values the user typed. See ``finder.py`` for the conventions.
"""

from annotator.core.dates.finder import DateMention, find_dates, normalise_span
from annotator.core.dates.timex import TIMEX_MODS, TIMEX_TYPES, validate_timex

__all__ = ["TIMEX_MODS", "TIMEX_TYPES", "DateMention", "find_dates", "normalise_span", "validate_timex"]
