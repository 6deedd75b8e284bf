"""TIMEX3 vocabulary and value checking.

Values follow TimeML/TIMEX3 as HeidelTime writes them for news:

* DATE: ``2024``, ``2024-02``, ``2024-02-23``, ``2024-W08``, ``2024-W08-5``, ``2024-W08-WE``,
  ``2020-FA`` (SP, SU, FA, WI), ``2024-Q1``, ``2024-H2``, decades ``199``, centuries ``19``,
  and ``PRESENT_REF`` / ``PAST_REF`` / ``FUTURE_REF``.
* TIME: a day (``2024-02-23`` or ``XXXX-WXX-5``) then ``T15:00`` or a part of day
  ``TMO`` / ``TAF`` / ``TEV`` / ``TNI`` / ``TDT``.
* DURATION: ``P2Y``, ``P6W``, ``P3D``, ``PT5H``, ``P1.5D``; ``X`` for an unknown amount (``PXY``)
  and ``DE`` / ``CE`` for decades and centuries of unknown count (``PXDE``).
* SET: a duration (``P1Y`` for "every year") or a date pattern with ``X`` (``XXXX-WXX-1``).

Any digit of a DATE or TIME value may be ``X`` where the text leaves it open ("XXXX-09").
"""

from __future__ import annotations

import datetime
import re

TIMEX_TYPES: tuple[str, ...] = ("DATE", "TIME", "DURATION", "SET")
TIMEX_MODS: tuple[str, ...] = (
    "START",
    "MID",
    "END",
    "MORE_THAN",
    "LESS_THAN",
    "APPROX",
    "EQUAL_OR_MORE",
    "EQUAL_OR_LESS",
    "BEFORE",
    "AFTER",
    "ON_OR_BEFORE",
    "ON_OR_AFTER",
)
REF_VALUES: tuple[str, ...] = ("PRESENT_REF", "PAST_REF", "FUTURE_REF")

_DATE_VALUE = re.compile(
    r"""
    (?P<century>[\dX]{2})
    | (?P<decade>[\dX]{3})
    | (?P<year>[\dX]{4})
      (?: -(?P<month>[\dX]{2}) (?: -(?P<day>[\dX]{2}) )?
        | -W(?P<week>[\dX]{2}) (?: -(?P<wday>[\dX]|WE) )?
        | -(?P<season>SP|SU|FA|WI)
        | -Q(?P<quarter>[1-4X])
        | -H(?P<half>[12X])
      )?
    """,
    re.VERBOSE,
)
_TIME_OF_DAY = re.compile(r"(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?|(?P<part>MO|AF|EV|NI|DT)")
_NUMBER = r"(?:\d+(?:\.\d+)?|X)"
_DURATION_VALUE = re.compile(rf"P(?P<date>(?:{_NUMBER}(?:DE|CE|Y|Q|M|W|D))*)(?:T(?P<time>(?:{_NUMBER}[HMS])+))?")


def validate_timex(type: str, value: str, mod: str | None) -> str | None:  # noqa: A002 - the TIMEX3 attribute is called type
    """``None`` if the triple is valid TIMEX3, else one human-readable sentence saying what is wrong."""
    if type not in TIMEX_TYPES:
        return f"'{type}' is not a TIMEX3 type; use one of {', '.join(TIMEX_TYPES)}"
    if mod is not None and mod not in TIMEX_MODS:
        return f"'{mod}' is not a TIMEX3 mod; use one of {', '.join(TIMEX_MODS)}"
    if not value:
        return "the value is empty"
    if type == "DURATION":
        return _check_duration(value)
    if type == "DATE":
        if value in REF_VALUES:
            return None
        if value[0] == "P" and _DURATION_VALUE.fullmatch(value) and value not in ("P", "PT"):  # a duration opens with P
            return f"'{value}' is a duration; use type DURATION"
        if "T" in value:
            return f"'{value}' has a time of day; use type TIME"
        return _check_date(value)
    if type == "TIME":
        return _check_time(value)
    # SET: "every year" is a period, "every Monday" a date pattern, "every morning" a time pattern.
    if value.startswith("P"):
        return _check_duration(value)
    return _check_time(value) if "T" in value else _check_date(value)


def _check_duration(value: str) -> str | None:
    match = _DURATION_VALUE.fullmatch(value)
    if match is None or not (match["date"] or match["time"]):
        return f"'{value}' is not a valid duration (e.g. P2Y, P6W, P3D, PT5H, PXY)"
    return None


def _check_time(value: str) -> str | None:
    day, sep, clock = value.partition("T")
    if not sep:
        return f"'{value}' is not a valid TIME value (e.g. 2024-02-23T15:00, 2024-02-23TMO)"
    problem = _check_date(day)
    if problem is not None:
        return problem
    day_match = _DATE_VALUE.fullmatch(day)
    if day_match is None or (day_match["day"] is None and day_match["wday"] in (None, "WE")):
        return f"'{value}' does not name a day before the time of day"
    match = _TIME_OF_DAY.fullmatch(clock)
    if match is None:
        return f"'{value}' is not a valid TIME value (e.g. 2024-02-23T15:00, 2024-02-23TMO)"
    if match["hour"] is not None:
        hour, minute, second = int(match["hour"]), int(match["minute"]), int(match["second"] or 0)
        # 24:00 is ISO 8601's end of the day ("midnight" at the end of a date).
        if minute > 59 or second > 59 or hour > 24 or (hour == 24 and (minute or second)):
            return f"'{value}' is not a valid time of day"
    return None


def _check_date(value: str) -> str | None:
    match = _DATE_VALUE.fullmatch(value)
    if match is None:
        return f"'{value}' is not a valid DATE value (e.g. 2024, 2024-02, 2024-02-23, 2024-W08, 2020-FA, 199, 19)"
    year_text = match["year"]
    year = int(year_text) if year_text and "X" not in year_text else None
    month_text, day_text = match["month"], match["day"]
    month: int | None = None
    if month_text is not None and "X" not in month_text:
        month = int(month_text)
        if not 1 <= month <= 12:
            return f"'{value}' is not a valid month"
    if day_text is not None and "X" not in day_text:
        day = int(day_text)
        import calendar  # with locale: loaded by the first value with a day, not the window

        # An unknown year may be a leap year, so 29 February stays possible.
        last = calendar.monthrange(year if year is not None else 2000, month)[1] if month is not None else 31
        if not 1 <= day <= last:
            return f"'{value}' is not a valid day"
    week_text = match["week"]
    if week_text is not None and "X" not in week_text:
        week = int(week_text)
        last_week = datetime.date(year, 12, 28).isocalendar()[1] if year is not None else 53
        if not 1 <= week <= last_week:
            return f"'{value}' is not a valid week"
    wday = match["wday"]
    if wday is not None and wday not in ("WE", "X") and not 1 <= int(wday) <= 7:
        return f"'{value}' is not a valid day of the week (1 is Monday, 7 Sunday)"
    return None
