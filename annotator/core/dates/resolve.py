"""Calendar arithmetic for the date finder: anchored expressions resolved against a reference day.

Every function here either returns a value inside the proleptic Gregorian calendar that
``datetime`` and TIMEX3 share (years 0001 to 9999) or raises ``OutsideCalendar``: "tomorrow"
in an article dated 9999-12-31 names no day we can write, so the finder reports no date for it
rather than an invalid value or an ``OverflowError``. Without a reference day (``dct is None``)
the unknown digits are written as ``X``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Literal

from annotator.core.dates.lexicon import SEASON_ORDER
from annotator.core.dates.tense import Tense

Direction = Literal["past", "future", "before", "after", "near", "recent"]

FIRST_YEAR, LAST_YEAR = datetime.MINYEAR, datetime.MAXYEAR


class OutsideCalendar(Exception):
    """The expression names a time before 0001-01-01 or after 9999-12-31."""


def year_text(year: int) -> str:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise OutsideCalendar(year)
    return f"{year:04d}"


def add_days(day: datetime.date, days: int) -> datetime.date:
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError:
        raise OutsideCalendar(day, days) from None


def from_ordinal(ordinal: int) -> datetime.date:
    if not 1 <= ordinal <= datetime.date.max.toordinal():
        raise OutsideCalendar(ordinal)
    return datetime.date.fromordinal(ordinal)


def fixed_direction(rel: str | None) -> Direction | None:
    """The direction ``rel`` sets whatever the tense ("last", "next", "coming"), else ``None``:
    callers then need not read the clause's tense at all."""
    rel = rel.lower() if rel else None
    if rel in ("last", "past"):
        return "before"
    if rel == "next":
        return "after"
    if rel == "coming":
        return "future"
    return None


def direction(tense: Tense | None, rel: str | None) -> Direction:
    fixed = fixed_direction(rel)
    if fixed is not None:
        return fixed
    rel = rel.lower() if rel else None
    if tense == "past":
        return "past"
    if tense == "future" or rel == "this":
        return "future"
    return "near"


def pick(current: int, target: int, period: int, direction: Direction) -> int:
    """The ordinal congruent to ``target`` modulo ``period`` that ``direction`` names from ``current``.

    past: latest on or before; future: earliest on or after; before/after: strictly;
    near: the closest, ties going to the past (news mostly reports); recent: the past one
    unless the future one is less than half as far.
    """
    latest = current - (current - target) % period
    if direction == "past":
        return latest
    if direction == "before":
        return latest - period if latest == current else latest
    earliest = latest if latest == current else latest + period
    if direction == "future":
        return earliest
    if direction == "after":
        return earliest + period if earliest == current else earliest
    if direction == "recent":
        return latest if current - latest <= 2 * (earliest - current) else earliest
    return latest if current - latest <= earliest - current else earliest


def month_value(ordinal: int) -> str:
    """``year * 12 + month - 1`` as ``YYYY-MM``."""
    return f"{year_text(ordinal // 12)}-{ordinal % 12 + 1:02d}"


def quarter_value(ordinal: int) -> str:
    """``year * 4 + quarter - 1`` as ``YYYY-QN``."""
    return f"{year_text(ordinal // 4)}-Q{ordinal % 4 + 1}"


def quarter_of(day: datetime.date) -> str:
    """The calendar quarter ``day`` is in: ``2024-05-16`` -> ``2024-Q2``."""
    return f"{year_text(day.year)}-Q{(day.month - 1) // 3 + 1}"


def week_value(day: datetime.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year_text(year)}-W{week:02d}"


def season_ordinal(day: datetime.date) -> int:
    # A winter is named by the year it starts in: January 2024 is in 2023-WI.
    if day.month <= 2:
        return (day.year - 1) * 4 + 3
    return day.year * 4 + (day.month - 3) // 3


def resolve_month(month: int, dct: datetime.date | None, direction: Direction) -> str:
    if dct is None:
        return f"XXXX-{month:02d}"
    return month_value(pick(dct.year * 12 + dct.month - 1, month - 1, 12, direction))


def resolve_season(season: str, dct: datetime.date | None, direction: Direction) -> str:
    if dct is None:
        return f"XXXX-{season}"
    ordinal = pick(season_ordinal(dct), SEASON_ORDER.index(season), 4, direction)
    return f"{year_text(ordinal // 4)}-{SEASON_ORDER[ordinal % 4]}"


def resolve_quarter(index: int, dct: datetime.date, direction: Direction) -> str:
    """Quarter ``index`` (1-4) of the year ``direction`` picks from ``dct``."""
    return quarter_value(pick(dct.year * 4 + (dct.month - 1) // 3, index - 1, 4, direction))


def resolve_weekday(weekday: int, dct: datetime.date | None, direction: Direction) -> str:
    if dct is None:
        return f"XXXX-WXX-{weekday + 1}"
    current = dct.toordinal()
    return from_ordinal(pick(current, current - dct.weekday() + weekday, 7, direction)).isoformat()


def _days_in(month: int) -> int:
    return 29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31


def resolve_month_day(month: int, day: int, dct: datetime.date | None, direction: Direction) -> str | None:
    """``None`` if the day does not exist ("February 30") in any year it could be in."""
    if dct is None:
        return f"XXXX-{month:02d}-{day:02d}" if day <= _days_in(month) else None
    options = []
    # 29 February comes every four years (eight across a century not divisible by 400).
    reach = 8 if (month, day) == (2, 29) else 1
    for year in range(dct.year - reach, dct.year + reach + 1):
        try:
            options.append(datetime.date(year, month, day))
        except ValueError:
            continue
    if direction == "past":
        # Old days get a year in news copy: a past reading over half a year back loses to a
        # future one within two months ("called elections for June 30" - the coming June 30).
        past = [d for d in options if d <= dct][-1:]
        future = [d for d in options if d > dct][:1]
        if past and future and (dct - past[0]).days > 183 and (future[0] - dct).days <= 62:
            return future[0].isoformat()
    chosen = _pick_day(options, dct, direction)
    return chosen.isoformat() if chosen else None


def _pick_day(options: list[datetime.date], dct: datetime.date, direction: Direction) -> datetime.date | None:
    """The one of ``options`` (in date order) that ``direction`` picks around ``dct``, or None."""
    choices = {
        "past": [d for d in options if d <= dct][-1:],
        "before": [d for d in options if d < dct][-1:],
        "future": [d for d in options if d >= dct][:1],
        "after": [d for d in options if d > dct][:1],
        "near": sorted(options, key=lambda d: (abs((d - dct).days), d > dct))[:1],
    }[direction]
    return choices[0] if choices else None


def shift_unit(dct: datetime.date | None, unit: str, steps: int) -> str:
    """The calendar unit containing ``dct``, moved by ``steps`` ("last year" is -1)."""
    if unit == "day":
        return add_days(dct, steps).isoformat() if dct else "XXXX-XX-XX"
    if unit == "week":
        return week_value(add_days(dct, 7 * steps)) if dct else "XXXX-WXX"
    if unit == "month":
        return month_value(dct.year * 12 + dct.month - 1 + steps) if dct else "XXXX-XX"
    if unit == "quarter":
        return quarter_value(dct.year * 4 + (dct.month - 1) // 3 + steps) if dct else "XXXX-QX"
    if unit == "year":
        return year_text(dct.year + steps) if dct else "XXXX"
    if unit == "decade":
        decade = dct.year // 10 + steps if dct else 0
        if dct and not 0 <= decade <= LAST_YEAR // 10:
            raise OutsideCalendar(decade)
        return f"{decade:03d}" if dct else "XXX"
    century = dct.year // 100 + steps if dct else 0
    if dct and not 0 <= century <= LAST_YEAR // 100:
        raise OutsideCalendar(century)
    return f"{century:02d}" if dct else "XX"


_DURATION_UNITS = {
    "second": ("S", True),
    "minute": ("M", True),
    "hour": ("H", True),
    "day": ("D", False),
    "week": ("W", False),
    "month": ("M", False),
    "quarter": ("Q", False),
    "year": ("Y", False),
    "decade": ("DE", False),
    "century": ("CE", False),
}
# A fraction of a unit is written as whole units plus the rest in the next smaller unit: 1.5 years = P1Y6M.
_SMALLER = {"year": ("month", 12), "week": ("day", 7), "day": ("hour", 24), "hour": ("minute", 60), "minute": ("second", 60)}


# Letters IGNORECASE lets a unit word hold that lower-casing leaves as they are ("yearſ").
_FOLDS = str.maketrans({"ſ": "s", "ı": "i", "\u0307": None})


def unit_name(word: str) -> str:
    word = word.lower().translate(_FOLDS)
    if word.startswith("centur"):
        return "century"
    return word[:-1] if word.endswith("s") else word


def duration_value(amount: float | None, unit: str) -> str:
    if unit == "fortnight":
        unit, amount = "week", None if amount is None else amount * 2
    if amount is not None and unit in ("decade", "century"):
        # A known count of decades is written in years ("three decades" = P30Y), as news readers count them.
        unit, amount = "year", amount * (10 if unit == "decade" else 100)
    if amount is not None and unit == "quarter":
        unit, amount = "month", amount * 3  # "the next three quarters" = P9M
    if amount is not None and not float(amount).is_integer() and unit in _SMALLER:
        # A fraction is written as whole units plus the rest in the next smaller unit, as ISO 8601
        # and TimeBank write it: 2 1/2 years = P2Y6M, 5 1/2 hours = PT5H30M, half an hour = PT30M.
        smaller, factor = _SMALLER[unit]
        whole = int(amount)
        rest = (amount - whole) * factor
        if float(rest).is_integer():
            if whole == 0:
                unit, amount = smaller, rest
            else:
                return _join(_part(whole, unit), _part(int(rest), smaller))
    designator, is_time = _DURATION_UNITS[unit]
    number = "X" if amount is None else (str(int(amount)) if float(amount).is_integer() else f"{amount:g}")
    return f"PT{number}{designator}" if is_time else f"P{number}{designator}"


def _part(amount: int, unit: str) -> tuple[str, bool]:
    designator, is_time = _DURATION_UNITS[unit]
    return f"{amount}{designator}", is_time


def _join(first: tuple[str, bool], second: tuple[str, bool]) -> str:
    date = "".join(text for text, is_time in (first, second) if not is_time)
    time = "".join(text for text, is_time in (first, second) if is_time)
    return f"P{date}" + (f"T{time}" if time else "")


# --- anaphora: times the text itself set ("the following day", "a year earlier") -----------

_UNIT_ORDER = {"day": 0, "week": 1, "month": 2, "quarter": 3, "year": 4}


def granularity(value: str) -> str | None:
    """The unit a concrete DATE or TIME value names: ``2024-02-23T15:00`` -> ``day``; ``None`` if vague."""
    day = value.partition("T")[0]
    if "X" in day or len(day) < 4 or not day[:4].isdigit():
        return None
    rest = day[4:]
    if rest == "":
        return "year"
    if len(rest) == 6 and rest[0] == "-" and rest[3] == "-":
        return "day"
    if len(rest) == 3 and rest[1:].isdigit():
        return "month"
    if rest.startswith("-Q"):
        return "quarter"
    if rest.startswith("-W") and len(rest) == 4:
        return "week"
    return None


def _as_day(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value[:10])


def truncate(value: str, unit: str) -> str | None:
    """``value`` at the coarser ``unit``: ``2024-02-23`` at ``month`` is ``2024-02``."""
    own = granularity(value)
    if own is None or _UNIT_ORDER[own] > _UNIT_ORDER[unit]:
        return None
    if own == unit:
        return value.partition("T")[0]
    if unit == "year":
        return value[:4]
    if unit == "quarter":
        month = int(value[5:7]) if own in ("day", "month") else None
        return f"{value[:4]}-Q{(month - 1) // 3 + 1}" if month else None
    if unit == "month" and own == "day":
        return value[:7]
    if unit == "week" and own == "day":
        return week_value(_as_day(value))
    return None


def shift_value(value: str, unit: str, steps: int, keep: bool) -> str | None:
    """``value`` moved by ``steps`` ``unit``s; ``None`` if the two cannot be combined.

    ``keep``: in ``value``'s own granularity ("a year earlier" than 1989-Q3 is 1988-Q3);
    otherwise at the granularity of ``unit`` ("the following year" after 1998-05-12 is 1999).
    """
    if not keep:
        base = truncate(value, unit)
        return None if base is None else shift_value(base, unit, steps, keep=True)
    own = granularity(value)
    if own is None or _UNIT_ORDER[own] > _UNIT_ORDER[unit]:
        return None
    if own == "day":
        day = _as_day(value)
        if unit == "day":
            return add_days(day, steps).isoformat()
        if unit == "week":
            return add_days(day, 7 * steps).isoformat()
        months = steps * {"month": 1, "quarter": 3, "year": 12}[unit]
        ordinal = day.year * 12 + day.month - 1 + months
        year_text(ordinal // 12)
        month = ordinal % 12 + 1
        return datetime.date(ordinal // 12, month, min(day.day, _days_in(month) if month != 2 else 28 + calendar_leap(ordinal // 12))).isoformat()
    if own == "week":
        monday = datetime.date.fromisocalendar(int(value[:4]), int(value[6:8]), 1)
        return week_value(add_days(monday, 7 * steps * (52 if unit == "year" else 1))) if unit in ("week", "year") else None
    if own == "month":
        months = steps * {"month": 1, "quarter": 3, "year": 12}[unit]
        return month_value(int(value[:4]) * 12 + int(value[5:7]) - 1 + months)
    if own == "quarter":
        quarters = steps * (4 if unit == "year" else 1)
        return quarter_value(int(value[:4]) * 4 + int(value[6]) - 1 + quarters)
    return year_text(int(value[:4]) + steps)


def calendar_leap(year: int) -> int:
    return 1 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 0


# --- holidays --------------------------------------------------------------------------------


def easter(year: int) -> datetime.date:
    """Western Easter Sunday (the Meeus/Jones/Butcher Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_shift) // 451
    month, day = divmod(h + weekday_shift - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> datetime.date:
    """The ``n``-th ``weekday`` (0 is Monday) of a month: Thanksgiving is the 4th Thursday of November."""
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def resolve_holiday(day_in: Callable[[int], datetime.date], dct: datetime.date | None, direction: Direction) -> str | None:
    """The holiday's day in the year ``direction`` picks around ``dct``; ``None`` without a dct."""
    if dct is None:
        return None
    options = []
    for year in (dct.year - 1, dct.year, dct.year + 1):
        if FIRST_YEAR <= year <= LAST_YEAR:
            options.append(day_in(year))
    chosen = _pick_day(options, dct, direction)
    if chosen is None:
        raise OutsideCalendar(dct)
    return chosen.isoformat()
