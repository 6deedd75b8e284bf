"""Anaphoric dates ("the following day", "a year earlier", "the 1989 period") take their value from
the last concrete date the text named before them, if it fits; in earnings news, anaphors that need
a quarter compare the quarter the report is about."""

from __future__ import annotations

import dataclasses
import datetime

from annotator.core.dates import resolve as cal
from annotator.core.dates.candidates import Candidate

# Spans that make most of a year: "a year earlier" after one compares whole years.
_SPANS_OF_MONTHS = frozenset(f"P{months}M" for months in range(6, 12))
# How far after the span (in characters: about one sentence) the look back still compares it.
_SPAN_REACH = 200


def _reported_quarter(value: str, dct: datetime.date | None) -> bool:
    """``value`` is a quarter an earnings report may be about: one already ended, of the dct's
    year or the one before (not a quarter forecast, nor one of the company's history)."""
    if cal.granularity(value) != "quarter":
        return False
    if dct is None:
        return True
    year, quarter = int(value[:4]), int(value[6:] or 0)
    return dct.year - 1 <= year and year * 4 + quarter <= dct.year * 4 + (dct.month - 1) // 3


def resolve_anaphora(candidates: list[Candidate], dct: datetime.date | None = None) -> list[Candidate]:
    """Anaphoric mentions take their value from the last concrete date before them, if it fits.

    Earnings news names the quarter it reports first ("third-quarter net rose ..."); a quarter
    named in passing after it ("after a flat second quarter") does not change what "the 1989
    period" or "a year ago" compare: while the text speaks of quarters, they take the reported one."""
    resolved: list[Candidate] = []
    last: str | None = None
    # The values that may be the last concrete date, newest last, their granularity not yet
    # worked out: only an anaphor needs it, and then only back to the newest concrete one.
    pending: list[str] = []
    # Where the last span of six to eleven months since the last concrete date ends ("the nine months").
    span_end = -1
    reported: str | None = None  # the first quarter named near the dct: the one an earnings report is about
    for candidate in candidates:
        anaphor = candidate.anaphor
        if candidate.type == "DURATION" and candidate.value in _SPANS_OF_MONTHS:
            span_end = candidate.end
        if anaphor is not None:
            while pending:
                value = pending.pop()
                if cal.granularity(value) is not None:
                    last = value
                    pending.clear()
        base = last
        if anaphor is not None and anaphor.needs == "quarter" and reported is not None and last is not None and cal.granularity(last) == "quarter":
            base = reported
        if anaphor is not None and base is not None and (anaphor.needs is None or cal.granularity(base) == anaphor.needs):
            try:
                if anaphor.year is not None:
                    value = cal.year_text(anaphor.year) + base[4:]
                elif anaphor.weekday is not None:
                    day = datetime.date.fromisoformat(base[:10])
                    value = cal.resolve_weekday(anaphor.weekday, day, "after" if anaphor.steps > 0 else "before")
                else:
                    value = cal.shift_value(base, anaphor.unit, anaphor.steps, anaphor.keep)
            except cal.OutsideCalendar:
                value = None
            if value is not None and anaphor.spans_year and span_end >= 0 and candidate.start - span_end <= _SPAN_REACH:
                value = value[:4]  # "for the nine months ... a year earlier": last year's span, named by its year
            if value is not None and anaphor.latest is not None and value > anaphor.latest:
                value = None  # later than the mention can be: its reading from the dct stands
            if value is not None and anaphor.earliest is not None and value[:4] < anaphor.earliest[:4]:
                value = None  # earlier than the mention can be: its reading from the dct stands
            if value is not None and anaphor.measures:
                anaphor = dataclasses.replace(anaphor, point=value)  # the duration keeps its value
            elif value is not None:
                candidate = candidate._replace(value=f"{value}T{anaphor.part}" if anaphor.part else value)
        # A look back for comparison ("up from $3 million a year ago") leaves the story's time where it was.
        comparison = anaphor is not None and anaphor.keep and (anaphor.steps < 0 or anaphor.year is not None)
        if anaphor is not None and anaphor.measures:
            if anaphor.point is not None and not comparison:
                pending.append(anaphor.point)  # "two days later they signed": the day they signed
                span_end = -1
        elif candidate.type in ("DATE", "TIME") and not comparison:
            if reported is None and "-Q" in candidate.value and _reported_quarter(candidate.value, dct):
                reported = candidate.value
            pending.append(candidate.value)
            span_end = -1
        resolved.append(candidate)
    return resolved
