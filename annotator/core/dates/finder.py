"""Rule-based finding and TIMEX3 normalisation of date expressions in news text.

How it works: every rule is one regex, compiled at import, plus a handler that turns a match
into a candidate (span, type, value, mod) or rejects it by looking at the words around it.
Overlapping candidates are settled longest-first; then position and amount words next to a
mention become its ``mod`` ("the end of" -> END, "more than" -> MORE_THAN), and a clock time
next to a day becomes one TIME ("Friday at 3 p.m.").

Anchored values (weekdays, bare months, "last year") are resolved against the document
creation time (dct) in the direction of the clause's tense (see ``tense.py``). Without a dct the
unknown digits are written as ``X``: "September" -> ``XXXX-09``, "Friday" -> ``XXXX-WXX-5``,
"today" -> ``XXXX-XX-XX``, "last year" -> ``XXXX``; absolute expressions keep their value.

Spans follow TimeML: a leading "the" belongs to the expression ("the 1990s", "the past two
years"), prepositions do not ("on Friday" -> "Friday"), and "ago" does ("two years ago").
"""

from __future__ import annotations

import bisect
import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

from annotator.core.dates.lexicon import (
    AMOUNT,
    DAY_OF_MONTH,
    MONTH_ALONE,
    MONTH_WITH_DAY,
    MONTHS,
    ORDINAL,
    PART_OF_DAY,
    PARTS_OF_DAY,
    SEASON,
    SEASON_ORDER,
    SEASONS,
    SMALL_NUMBERS,
    TENS,
    UNIT,
    WEEKDAY,
    WEEKDAYS,
    YEAR,
    YEAR_END,
    parse_amount,
    parse_ordinal,
)
from annotator.core.dates.tense import Tense, clause_tense, crosses_sentence
from annotator.core.dates.timex import validate_timex


@dataclass(frozen=True)
class DateMention:
    """One date expression: ``text == document_text[start:end]`` (code points, end-exclusive)."""

    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    type: str
    value: str
    mod: str | None = None
    # For joining "Friday" and "3 p.m.": the day a DATE names, or the clock time a TIME names.
    day: bool = False
    clock: str | None = None
    # "two years ago": amount words before it mean BEFORE / AFTER rather than MORE_THAN / LESS_THAN.
    ago: bool = False
    priority: int = 0


Direction = Literal["past", "future", "before", "after", "near"]


class _Context:
    """The text a scan runs over (``text``), where it sits in the document, and the dct."""

    def __init__(self, document: str, offset: int, text: str, dct: datetime.date | None, lenient: bool) -> None:
        self.document = document
        self.offset = offset
        self.text = text
        self.dct = dct
        # A span the user tagged by hand is a date by decision: context vetoes are off.
        self.lenient = lenient

    def tense(self, start: int, end: int) -> Tense | None:
        return clause_tense(self.document, self.offset + start, self.offset + end)

    def word_before(self, pos: int) -> str:
        match = _WORD_BEFORE.search(self.text, max(0, pos - 40), pos)
        return match[1].lower() if match else ""

    def word_after(self, pos: int) -> str:
        match = _WORD_AFTER.match(self.text, pos)
        return match[1] if match else ""


_WORD_BEFORE = re.compile(r"([A-Za-z]+)\s+\Z")
_WORD_AFTER = re.compile(r"\s+([A-Za-z]+)")


# --- resolution against the dct ----------------------------------------------------------


def _direction(tense: Tense | None, rel: str | None) -> Direction:
    rel = rel.lower() if rel else None
    if rel in ("last", "past"):
        return "before"
    if rel == "next":
        return "after"
    if rel == "coming":
        return "future"
    if tense == "past":
        return "past"
    if tense == "future" or rel == "this":
        return "future"
    return "near"


def _pick(current: int, target: int, period: int, direction: Direction) -> int:
    """The ordinal congruent to ``target`` modulo ``period`` that ``direction`` names from ``current``.

    past: latest on or before; future: earliest on or after; before/after: strictly;
    near: the closest, ties going to the past (news mostly reports).
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
    return latest if current - latest <= earliest - current else earliest


def _month_value(ordinal: int) -> str:
    return f"{ordinal // 12:04d}-{ordinal % 12 + 1:02d}"


def _week_value(day: datetime.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _season_ordinal(day: datetime.date) -> int:
    # A winter is named by the year it starts in: January 2024 is in 2023-WI.
    if day.month <= 2:
        return (day.year - 1) * 4 + 3
    return day.year * 4 + (day.month - 3) // 3


def _resolve_month(month: int, dct: datetime.date | None, direction: Direction) -> str:
    if dct is None:
        return f"XXXX-{month:02d}"
    return _month_value(_pick(dct.year * 12 + dct.month - 1, month - 1, 12, direction))


def _resolve_season(season: str, dct: datetime.date | None, direction: Direction) -> str:
    if dct is None:
        return f"XXXX-{season}"
    ordinal = _pick(_season_ordinal(dct), SEASON_ORDER.index(season), 4, direction)
    return f"{ordinal // 4:04d}-{SEASON_ORDER[ordinal % 4]}"


def _resolve_weekday(weekday: int, dct: datetime.date | None, direction: Direction) -> str:
    if dct is None:
        return f"XXXX-WXX-{weekday + 1}"
    current = dct.toordinal()
    return datetime.date.fromordinal(_pick(current, current - dct.weekday() + weekday, 7, direction)).isoformat()


def _resolve_month_day(month: int, day: int, dct: datetime.date | None, direction: Direction) -> str | None:
    if dct is None:
        return f"XXXX-{month:02d}-{day:02d}" if day <= (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31) else None
    options = []
    for year in (dct.year - 1, dct.year, dct.year + 1):
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
    choices = {
        "past": [d for d in options if d <= dct][-1:],
        "before": [d for d in options if d < dct][-1:],
        "future": [d for d in options if d >= dct][:1],
        "after": [d for d in options if d > dct][:1],
        "near": sorted(options, key=lambda d: (abs((d - dct).days), d > dct))[:1],
    }[direction]
    return choices[0].isoformat() if choices else None


def _shift_unit(dct: datetime.date | None, unit: str, steps: int) -> str:
    """The calendar unit containing ``dct``, moved by ``steps`` ("last year" is -1)."""
    if unit == "day":
        return (dct + datetime.timedelta(days=steps)).isoformat() if dct else "XXXX-XX-XX"
    if unit == "week":
        return _week_value(dct + datetime.timedelta(weeks=steps)) if dct else "XXXX-WXX"
    if unit == "month":
        return _month_value(dct.year * 12 + dct.month - 1 + steps) if dct else "XXXX-XX"
    if unit == "quarter":
        ordinal = dct.year * 4 + (dct.month - 1) // 3 + steps if dct else 0
        return f"{ordinal // 4:04d}-Q{ordinal % 4 + 1}" if dct else "XXXX-QX"
    if unit == "year":
        return f"{dct.year + steps:04d}" if dct else "XXXX"
    if unit == "decade":
        return f"{dct.year // 10 + steps:03d}" if dct else "XXX"
    return f"{dct.year // 100 + steps:02d}" if dct else "XX"  # century


_DURATION_UNITS = {
    "second": ("S", True),
    "minute": ("M", True),
    "hour": ("H", True),
    "day": ("D", False),
    "week": ("W", False),
    "month": ("M", False),
    "year": ("Y", False),
    "decade": ("DE", False),
    "century": ("CE", False),
}
# A fraction of a unit is written in the next smaller unit where it comes out whole: 1.5 years = P18M.
_SMALLER = {"year": ("month", 12), "week": ("day", 7), "day": ("hour", 24), "hour": ("minute", 60), "minute": ("second", 60)}


def _unit_name(word: str) -> str:
    word = word.lower()
    if word.startswith("centur"):
        return "century"
    return word[:-1] if word.endswith("s") else word


def _duration_value(amount: float | None, unit: str) -> str:
    if unit == "fortnight":
        unit, amount = "week", None if amount is None else amount * 2
    if amount is not None and unit in ("decade", "century"):
        # A known count of decades is written in years ("three decades" = P30Y), as news readers count them.
        unit, amount = "year", amount * (10 if unit == "decade" else 100)
    if amount is not None and not float(amount).is_integer() and unit in _SMALLER:
        smaller, factor = _SMALLER[unit]
        if float(amount * factor).is_integer():
            unit, amount = smaller, amount * factor
    designator, is_time = _DURATION_UNITS[unit]
    number = "X" if amount is None else (str(int(amount)) if float(amount).is_integer() else f"{amount:g}")
    return f"PT{number}{designator}" if is_time else f"P{number}{designator}"


# --- rules -----------------------------------------------------------------------------------

_Handler = Callable[[re.Match[str], _Context], "_Candidate | None"]
# (pattern, words one of which the lower-cased text must contain for the rule to run, handler)
_RULES: list[tuple[re.Pattern[str], tuple[str, ...], _Handler]] = []


def _rule(pattern: str, needs: tuple[str, ...] = ()) -> Callable[[_Handler], _Handler]:
    """Register a rule; ``needs`` lets a scan skip it cheaply (regex scans cost most of the time)."""
    compiled = re.compile(pattern, re.IGNORECASE | re.VERBOSE)

    def register(handler: _Handler) -> _Handler:
        _RULES.append((compiled, needs, handler))
        return handler

    return register


def _month_number(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


@_rule(
    rf"""(?<![\w-])
    (?:(?P<wd>{WEEKDAY}),?\s+)?
    (?: (?P<m1>{MONTH_WITH_DAY})\s+(?P<d1>{DAY_OF_MONTH})(?!\d)(?:,?\s+(?P<y1>{YEAR}){YEAR_END})?
      | (?:the\s+)?(?<![\d.,])(?P<d2>{DAY_OF_MONTH})\s+(?:of\s+)?(?P<m2>{MONTH_WITH_DAY})(?:,?\s+(?P<y2>{YEAR}){YEAR_END})?
    )(?!\w)"""
)
def _full_date(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    month = _month_number(match["m1"] or match["m2"])
    day = int((match["d1"] or match["d2"]).rstrip("stndrh"))
    year = match["y1"] or match["y2"]
    if year is not None:
        try:
            value = datetime.date(int(year), month, day).isoformat()
        except ValueError:
            return None
    else:
        resolved = _resolve_month_day(month, day, ctx.dct, _direction(ctx.tense(match.start(), match.end()), None))
        if resolved is None:
            return None
        value = resolved
    return _Candidate(match.start(), match.end(), "DATE", value, day=True)


@_rule(
    r"""(?<![\w/.-])
    (?: (?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})(?:T(?P<ih>[01]\d|2[0-3]):(?P<imin>[0-5]\d))?
      | (?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<ny>\d{4})
    )(?![\w/-]|\.\d)"""
)
def _numeric_date(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    if match["iy"]:
        year, month, day = int(match["iy"]), int(match["im"]), int(match["id"])
    else:
        first, second, year = int(match["a"]), int(match["b"]), int(match["ny"])
        # "02/23/2024" is American month-first; "23.02.2024" (and "23/02/2024") is day-first.
        month_first = (match["sep"] == "/" and first <= 12) or second > 12
        month, day = (first, second) if month_first else (second, first)
    try:
        value = datetime.date(year, month, day).isoformat()
    except ValueError:
        return None
    if match["ih"]:
        return _Candidate(match.start(), match.end(), "TIME", f"{value}T{match['ih']}:{match['imin']}")
    return _Candidate(match.start(), match.end(), "DATE", value, day=True)


@_rule(rf"(?<!\w)(?P<m>{MONTH_WITH_DAY})(?:(?:\s+of)?,?\s+(?P<y>{YEAR}){YEAR_END}|(?:\s+of)?\s+(?P<rel>last|this|next)\s+year(?!\w))")
def _month_year(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    month = _month_number(match["m"])
    if match["y"]:
        value = f"{match['y']}-{month:02d}"
    else:
        steps = {"last": -1, "this": 0, "next": 1}[match["rel"].lower()]
        value = f"{ctx.dct.year + steps:04d}-{month:02d}" if ctx.dct else f"XXXX-{month:02d}"
    return _Candidate(match.start(), match.end(), "DATE", value)


@_rule(
    rf"(?<!\w)(?:the\s+)?(?P<s>{SEASON})(?:(?:\s+of)?,?\s+(?P<y>{YEAR}){YEAR_END}|(?:\s+of)?\s+(?P<rel>last|this|next)\s+year(?!\w))",
    needs=("spring", "summer", "autumn", "fall", "winter"),
)
def _season_year(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    season = SEASONS[match["s"].lower()]
    if match["y"]:
        return _Candidate(match.start(), match.end(), "DATE", f"{match['y']}-{season}")
    steps = {"last": -1, "this": 0, "next": 1}[match["rel"].lower()]
    year = f"{ctx.dct.year + steps:04d}" if ctx.dct else "XXXX"
    return _Candidate(match.start(), match.end(), "DATE", f"{year}-{season}")


# Words after which a bare "May" is the month, and a bare season a date ("in May", "since spring").
_MONTH_CONTEXT = frozenset(
    "in since until till by from through during of early late mid last next this between and to or before after around "
    "throughout until end start beginning middle".split()
)
_NAME_PREFIX = re.compile(r"\s+(?-i:[A-Z][a-z]+)")
_OF_AFTER = re.compile(r"\s+of\b", re.IGNORECASE)


@_rule(rf"(?<!\w)(?:(?P<rel>last|this|next|coming)\s+)?(?P<m>{MONTH_ALONE})(?![\w-])")
def _month(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    name, rel = match["m"], match["rel"]
    if not ctx.lenient and rel is None:
        before = ctx.word_before(match.start("m"))
        if before not in _MONTH_CONTEXT:
            # "may" as a modal, "Theresa May", "April Smith": only a date word in front makes them months.
            if name == "May" or (_NAME_PREFIX.match(ctx.text, match.end()) and ctx.word_after(match.end()).lower() not in WEEKDAYS):
                return None
    direction = _direction(ctx.tense(match.start(), match.end()), rel)
    return _Candidate(match.start(), match.end(), "DATE", _resolve_month(MONTHS[name.lower()], ctx.dct, direction))


_SEASON_CONTEXT = frozenset("in since until till by during through early late mid before after over throughout".split())


@_rule(rf"(?<!\w)(?:(?P<rel>this|last|next|past|coming)\s+|(?P<the>the)\s+)?(?P<s>{SEASON})(?![\w-])", needs=("spring", "summer", "autumn", "fall", "winter"))
def _season(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    word, rel = match["s"].lower(), match["rel"]
    if not ctx.lenient:
        if rel is None and match["the"] is None and ctx.word_before(match.start()) not in _SEASON_CONTEXT:
            return None  # "a spring offensive", "the Arab Spring"
        # "fall" is a verb and "the fall of Kabul" an event: only "this/last/next fall" and "in the fall".
        if word == "fall" and (_OF_AFTER.match(ctx.text, match.end()) or (rel is None and ctx.word_before(match.start()) != "in")):
            return None
        if match["the"] and _OF_AFTER.match(ctx.text, match.end()):
            return None
    direction = _direction(ctx.tense(match.start(), match.end()), rel)
    return _Candidate(match.start(), match.end(), "DATE", _resolve_season(SEASONS[word], ctx.dct, direction))


# Words that make a four-digit number something other than a year.
_NOT_YEAR_BEFORE = frozenset(
    "no nos number resolution article flight room page pages route highway section paragraph chapter code model version "
    "bus decree order law item unit units cve iso rule bill case".split()
)
_QUANTIFIERS = frozenset("some about around nearly almost roughly approximately over under than least only just another all".split())
_COUNTED = frozenset(
    "people persons troops soldiers servicemen civilians residents refugees migrants children women men workers police "
    "officers members households homes houses buildings km kilometres kilometers miles metres meters feet tons tonnes "
    "barrels dollars euros rubles roubles pounds yuan votes seats cases deaths casualties prisoners detainees tanks "
    "missiles drones shells rounds vehicles aircraft jobs signatures delegates participants hectares times percent "
    "points users followers pages words".split()
)
_LETTER_HYPHEN = re.compile(r"([A-Za-z]+)-\Z")


@_rule(rf"(?<![\w$€£#@/.,:])(?P<y>{YEAR}){YEAR_END}")
def _year(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    year = int(match["y"])
    if not ctx.lenient:
        hyphen = _LETTER_HYPHEN.search(ctx.text, max(0, match.start() - 10), match.start())
        if hyphen and hyphen[1].lower() != "mid":
            return None  # "F-2024", "Su-2000": model names, not years
        before, after = ctx.word_before(match.start()), ctx.word_after(match.end())
        if before in _NOT_YEAR_BEFORE or after.lower() in _COUNTED:
            return None
        if before in _QUANTIFIERS and after.islower() and after.endswith("s"):
            return None  # "some 1500 fighters"
        if year < 1900 and before not in ("in", "since", "from", "until", "till", "by", "between", "before", "after", "during", "year", "circa"):
            return None
    return _Candidate(match.start(), match.end(), "DATE", match["y"])


_DECADE_WORDS = {word: str(3 + index) for index, word in enumerate("thirties forties fifties sixties seventies eighties nineties".split())}
_DECADE_WORDS["twenties"] = "2"


@_rule(
    r"""(?<!\w)(?:(?P<the>the)\s+)?
    (?: (?P<full>(?:1\d|20)\d0)s | ['’‘](?P<short>\d)0s
      | (?P<word>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties) )(?!\w)""",
    needs=("0s", "ties"),
)
def _decade(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    if match["word"]:
        if match["the"] is None:
            return None  # "in his fifties" is an age
        value = "19" + _DECADE_WORDS[match["word"].lower()]
    elif match["short"]:
        digit = match["short"]
        value = ("20" if digit <= "2" else "19") + digit
    else:
        full = match["full"]
        # "the 1900s" is the century; "the 2000s" is the decade news means by it.
        value = full[:2] if full.endswith("00") and not full.startswith("20") else full[:3]
    return _Candidate(match.start(), match.end(), "DATE", value)


@_rule(rf"(?<!\w)(?:the\s+)?(?P<ord>{ORDINAL})[\s-]+century(?!\w)", needs=("century",))
def _century(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    number = parse_ordinal(match["ord"])
    if number is None or not 1 <= number <= 21:
        return None
    return _Candidate(match.start(), match.end(), "DATE", f"{number - 1:02d}")


@_rule(rf"(?<!\w)the\s+(?P<rel>past|last|previous|coming|next|following|first|final)\s+(?:(?P<n>{AMOUNT})\s+)?(?P<unit>{UNIT})(?!\w)")
def _relative_duration(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    unit_word, rel = match["unit"], match["rel"].lower()
    plural = unit_word.lower().endswith(("s", "ies"))
    if match["n"] is None and not plural and rel in ("previous", "next", "following", "first", "final"):
        return None  # "the next day", "the previous year": they point at a time the text set earlier
    if match["n"] is None and rel in ("last", "past") and unit_word.lower() == "century":
        return _Candidate(match.start(), match.end(), "DATE", _shift_unit(ctx.dct, "century", -1))  # "the last century" is the 20th
    amount = parse_amount(match["n"]) if match["n"] else (None if plural else 1.0)
    return _Candidate(match.start(), match.end(), "DURATION", _duration_value(amount, _unit_name(unit_word)))


@_rule(r"(?<!\w)(?P<rel>last|this|next|coming|past)\s+(?P<unit>week|month|year|decade|century|quarter)(?!\w)")
def _relative_date(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    rel, unit = match["rel"].lower(), match["unit"].lower()
    if rel == "past":
        return _Candidate(match.start(), match.end(), "DURATION", _duration_value(1, unit)) if unit != "quarter" else None
    steps = {"last": -1, "this": 0, "next": 1, "coming": 1}[rel]
    return _Candidate(match.start(), match.end(), "DATE", _shift_unit(ctx.dct, unit, steps))


@_rule(r"(?<!\w)(?:(?P<rel>this|last|next|coming)|(?P<the>the))\s+weekend(?!\w)", needs=("weekend",))
def _weekend(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    if ctx.dct is None:
        return _Candidate(match.start(), match.end(), "DATE", "XXXX-WXX-WE")
    rel = (match["rel"] or "").lower()
    if rel == "last":
        steps = -1
    elif rel in ("next", "coming"):
        steps = 1
    elif rel == "this":
        steps = 0
    else:
        tense = ctx.tense(match.start(), match.end())
        # Past: the latest weekend already begun; future: this week's; no cue: the nearer one.
        past = tense == "past" or (tense is None and ctx.dct.weekday() <= 2)
        steps = -1 if past and ctx.dct.weekday() < 5 else 0
    return _Candidate(match.start(), match.end(), "DATE", _shift_unit(ctx.dct, "week", steps) + "-WE")


_NAMED_DAYS = frozenset("good black bloody super cyber ash palm easter holy maundy shrove".split())


@_rule(rf"(?<!\w)(?:(?P<rel>last|this|next|coming)\s+)?(?P<wd>{WEEKDAY})(?:\s+(?P<part>{PART_OF_DAY}))?(?![\w-])")
def _weekday(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    if not ctx.lenient and match["rel"] is None and ctx.word_before(match.start()) in _NAMED_DAYS:
        return None  # "Good Friday", "Bloody Sunday" name other days
    direction = _direction(ctx.tense(match.start(), match.end()), match["rel"])
    value = _resolve_weekday(WEEKDAYS[match["wd"].lower()], ctx.dct, direction)
    if match["part"]:
        return _Candidate(match.start(), match.end(), "TIME", f"{value}T{PARTS_OF_DAY[match['part'].lower()]}")
    return _Candidate(match.start(), match.end(), "DATE", value, day=True)


_DAY_STEPS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}


@_rule(
    rf"""(?<!\w)
    (?: (?P<day>today|tonight|yesterday|tomorrow|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)(?:\s+(?P<part>{PART_OF_DAY}))?
      | (?P<rel>this|last)\s+(?P<part2>{PART_OF_DAY}) )(?!\w)""",
    needs=("today", "tonight", "yesterday", "tomorrow", "morning", "afternoon", "evening", "night"),
)
def _deictic_day(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    part = match["part"] or match["part2"]
    if match["day"]:
        word = " ".join(match["day"].lower().split())
        steps = _DAY_STEPS.get(word, -2 if "before" in word else 2)
        if word == "tonight":
            part = "night"
    else:
        steps = -1 if match["rel"].lower() == "last" else 0
    value = _shift_unit(ctx.dct, "day", steps)
    if part:
        return _Candidate(match.start(), match.end(), "TIME", f"{value}T{PARTS_OF_DAY[part.lower()]}")
    return _Candidate(match.start(), match.end(), "DATE", value, day=True)


@_rule(rf"(?<!\w)(?:(?P<n>{AMOUNT})\s+(?P<unit>{UNIT})|(?P<bare>years|months|weeks|days|decades|centuries))\s+ago(?!\w)", needs=("ago",))
def _ago(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    amount = parse_amount(match["n"]) if match["n"] else None
    if amount is None or not float(amount).is_integer():
        return _Candidate(match.start(), match.end(), "DATE", "PAST_REF", ago=True)
    unit, steps = _unit_name(match["unit"]), int(amount)
    if unit in ("second", "minute", "hour"):
        unit, steps = "day", 0
    elif unit == "fortnight":
        unit, steps = "week", steps * 2
    elif unit == "decade":
        unit, steps = "year", steps * 10
    try:
        value = _shift_unit(ctx.dct, unit, -steps)
    except (OverflowError, ValueError):  # "99999999 days ago": before the calendar starts
        return None
    if validate_timex("DATE", value, None) is not None:  # "2024 years ago" from 2000: no such year
        return None
    return _Candidate(match.start(), match.end(), "DATE", value, ago=True, day=unit == "day")


# Money or counts before "a year" make it a rate: "$5 million a year", "30,000 barrels a day".
_RATE_BEFORE = re.compile(
    r"(?:\d|%|million|billion|trillion|percent|cent|barrels|tons|tonnes|dollars|euros|rubles|roubles|times|once|twice)\s+\Z", re.IGNORECASE
)
_AGE_AFTER = re.compile(r"[\s-]*old\b", re.IGNORECASE)
_ONE_DAY_OK = re.compile(r"\s+(?:after|before|later|earlier|of|ago)\b", re.IGNORECASE)


@_rule(rf"(?<![\w-])(?P<n>{AMOUNT})(?:\s+|-)(?P<unit>{UNIT})(?P<half>\s+and\s+a\s+half)?(?!\w)")
def _duration(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    amount_text = " ".join(match["n"].lower().split())
    unit = _unit_name(match["unit"])
    if not ctx.lenient:
        if _AGE_AFTER.match(ctx.text, match.end()):
            return None  # "a 25-year-old", "25 years old": ages
        if unit == "second" and amount_text in ("a", "an"):
            return None  # "a second round"
        if unit == "day" and amount_text in ("one", "some") and not _ONE_DAY_OK.match(ctx.text, match.end()):
            return None  # "one day he will": indefinite
    if amount_text in ("a", "an", "one") and match["unit"].lower().endswith("s"):
        return None  # "a decades-long conflict": the bare plural rule reads "decades"
    amount = parse_amount(match["n"])
    if match["half"] and amount is not None:
        amount += 0.5
    if amount_text in ("a", "an") and _RATE_BEFORE.search(ctx.text, max(0, match.start() - 20), match.start()):
        return _Candidate(match.start(), match.end(), "SET", _duration_value(1, unit))
    return _Candidate(match.start(), match.end(), "DURATION", _duration_value(amount, unit))


@_rule(rf"(?<!\w)half\s+an?\s+(?P<unit>{UNIT})(?!\w)", needs=("half",))
def _half(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    return _Candidate(match.start(), match.end(), "DURATION", _duration_value(0.5, _unit_name(match["unit"])))


_BARE_CONTEXT = frozenset("for over in within after throughout take takes took taken taking last lasted lasting spend spent wait waited".split())
_LONG_OR_OF = re.compile(r"-long\b|\s+of\b", re.IGNORECASE)
_LATER_AFTER = re.compile(r"\s+(?:after|before|later|earlier)\b", re.IGNORECASE)


@_rule(r"(?<![\w-])(?:(?P<recent>recent)\s+)?(?P<u>decades|centuries|years|months|weeks|days|hours)(?!\w)")
def _bare_units(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    unit = _unit_name(match["u"])
    if not ctx.lenient and match["recent"] is None and unit not in ("decade", "century"):
        # "for years", "within days", "months-long", "weeks of talks" - but not "the years".
        before = ctx.word_before(match.start())
        determined = before in ("the", "these", "those", "his", "her", "its", "their", "our")
        follows = _LONG_OR_OF.match(ctx.text, match.end()) or _LATER_AFTER.match(ctx.text, match.end())
        if before not in _BARE_CONTEXT and (determined or not follows):
            return None
    return _Candidate(match.start(), match.end(), "DURATION", _duration_value(None, unit))


@_rule(
    rf"""(?<!\w)
    (?: (?:every|each)\s+(?:(?P<other>other)\s+|(?P<n>{AMOUNT})\s+)?
        (?:(?P<unit>{UNIT})|(?P<quarter>quarter)|(?P<wd>{WEEKDAY})|(?P<m>{MONTH_ALONE})|(?P<s>{SEASON})|(?P<part>{PART_OF_DAY})|(?P<we>weekend))
      | (?-i:(?P<adv>daily|weekly|monthly|annually|yearly|hourly|nightly|fortnightly))
      | (?:once|twice|thrice|{AMOUNT}\s+times)\s+(?:a|an|per|each|every)\s+(?P<unit2>{UNIT})
      | per\s+(?P<unit3>hour|day|week|month|year)
      | (?P<wds>{WEEKDAY})s
    )(?!\w)""",
    needs=("every", "each", "ly", "once", "twice", "thrice", "times", "per", "days"),
)
def _set(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    adverbs = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y", "hourly": "PT1H", "nightly": "P1D", "fortnightly": "P2W"}
    if match["adv"]:
        value = adverbs[match["adv"]]
    elif match["wd"] or match["wds"]:
        value = f"XXXX-WXX-{WEEKDAYS[(match['wd'] or match['wds']).lower()] + 1}"
    elif match["m"]:
        value = f"XXXX-{MONTHS[match['m'].lower()]:02d}"
    elif match["s"]:
        value = f"XXXX-{SEASONS[match['s'].lower()]}"
    elif match["part"]:
        value = f"XXXX-XX-XXT{PARTS_OF_DAY[match['part'].lower()]}"
    elif match["we"]:
        value = "XXXX-WXX-WE"
    elif match["quarter"]:
        value = "P3M"
    else:
        unit_word = match["unit"] or match["unit2"] or match["unit3"]
        amount: float | None = 1.0
        if match["other"]:
            amount = 2.0
        elif match["n"]:
            amount = parse_amount(match["n"])
        value = _duration_value(amount, _unit_name(unit_word))
    return _Candidate(match.start(), match.end(), "SET", value)


@_rule(
    rf"""(?<!\w)
    (?: (?:the\s+)?(?P<ord>first|second|third|fourth|final|last|1st|2nd|3rd|4th)\s+(?P<kind>quarter|half)
        (?:\s+of\s+(?:(?P<y>{YEAR}){YEAR_END}|(?P<rel>last|this|next)\s+year|(?P<this>the|this)\s+year))?
      | (?P<code>Q[1-4]|H[12])\s+(?P<cy>{YEAR}){YEAR_END}
    )(?!\w)""",
    needs=("quarter", "half", "q1", "q2", "q3", "q4", "h1", "h2"),
)
def _quarter(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    if match["code"]:
        return _Candidate(match.start(), match.end(), "DATE", f"{match['cy']}-{match['code'].upper()}")
    kind = "Q" if match["kind"].lower() == "quarter" else "H"
    period = 4 if kind == "Q" else 2
    ordinal_word = match["ord"].lower()
    index = period if ordinal_word in ("final", "last") else int(parse_ordinal(ordinal_word) or 0)
    if not 1 <= index <= period:
        return None
    explicit = match["y"] or match["rel"] or match["this"]
    if not explicit and (kind == "H" or _OF_AFTER.match(ctx.text, match.end())):
        return None  # "the second half of the match", "the last quarter of the century"
    if match["y"]:
        year = match["y"]
    elif match["rel"] or match["this"]:
        steps = {"last": -1, "next": 1}.get((match["rel"] or "").lower(), 0)
        year = f"{ctx.dct.year + steps:04d}" if ctx.dct else "XXXX"
    elif ctx.dct is None:
        year = "XXXX"
    else:
        direction = _direction(ctx.tense(match.start(), match.end()), None)
        ordinal = _pick(ctx.dct.year * 4 + (ctx.dct.month - 1) // 3, index - 1, 4, direction)
        return _Candidate(match.start(), match.end(), "DATE", f"{ordinal // 4:04d}-Q{ordinal % 4 + 1}")
    return _Candidate(match.start(), match.end(), "DATE", f"{year}-{kind}{index}")


_CLOCK_CONTEXT = frozenset("at from until till by before after around about since to between and".split())


@_rule(
    r"""(?<![\w:.,])
    (?: (?P<h>1[0-2]|0?[1-9])(?:[:.](?P<m>[0-5]\d))?\s*(?P<ampm>[ap])\.?\s?m\b\.?
      | (?P<h24>[01]?\d|2[0-3])[:h](?P<m24>[0-5]\d)(?!\d)
      | (?P<hhmm>[01]\d|2[0-3])(?P<mm>[0-5]\d)(?=\s*(?:GMT|UTC))
      | (?P<word>noon|midday|midnight)
    )
    (?:\s*(?P<tz>GMT|UTC|EST|EDT|CET|CEST|BST|MSK|local\s+time|Moscow\s+time|Kyiv\s+time))?
    (?!\w)""",
    needs=("noon", "midday", "midnight", ":", "am", "pm", "a.m", "p.m", "gmt", "utc", "h"),
)
def _clock(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    if match["ampm"]:
        hour = int(match["h"]) % 12 + (12 if match["ampm"].lower() == "p" else 0)
        minute = int(match["m"] or 0)
    elif match["h24"]:
        if not ctx.lenient and match["tz"] is None and ctx.word_before(match.start()) not in _CLOCK_CONTEXT:
            return None  # "3:30" alone may be a score, a ratio or a verse
        hour, minute = int(match["h24"]), int(match["m24"])
    elif match["hhmm"]:
        hour, minute = int(match["hhmm"]), int(match["mm"])
    else:
        # ISO 8601 writes the midnight that ends a day as 24:00.
        hour, minute = (24, 0) if match["word"].lower() == "midnight" else (12, 0)
    clock = f"{hour:02d}:{minute:02d}"
    day = ctx.dct.isoformat() if ctx.dct else "XXXX-XX-XX"
    return _Candidate(match.start(), match.end(), "TIME", f"{day}T{clock}", clock=clock)


@_rule(r"(?<!\w)(?:earlier|later)\s+this\s+(?P<unit>week|month|year)(?!\w)", needs=("this",))
def _earlier_this(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    return _Candidate(match.start(), match.end(), "DATE", _shift_unit(ctx.dct, match["unit"].lower(), 0))


@_rule(
    r"(?<!\w)(?:the\s+)?(?:very\s+)?(?P<pos>start|beginning|middle|end|close)\s+of\s+(?:the|this)\s+(?P<unit>week|month|year|decade|century)(?!\w)",
    needs=("of",),
)
def _part_of_current(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    mod = {"start": "START", "beginning": "START", "middle": "MID"}.get(match["pos"].lower(), "END")
    return _Candidate(match.start(), match.end(), "DATE", _shift_unit(ctx.dct, match["unit"].lower(), 0), mod)


# --- modifiers and joins -------------------------------------------------------------------

_POSITION_PREFIX = re.compile(
    r"(?<![\w-])(?:the\s+)?(?:very\s+)?(?:(?P<of>start|beginning|dawn|middle|end|close)\s+of\s+|(?P<edge>early|late)[\s-]+|(?P<mid>mid)(?:-\s*|\s+))\Z",
    re.IGNORECASE,
)
_AMOUNT_PREFIX = re.compile(
    r"(?<![\w-])(?P<amt>(?:just\s+|well\s+)?(?:more|less|fewer|longer|shorter)\s+than|(?:just\s+|well\s+)?(?:over|under)|nearly|almost|barely"
    r"|about|around|approximately|roughly|some|at\s+least|at\s+most|up\s+to|no\s+(?:more|less|fewer|later|earlier)\s+than)\s+\Z",
    re.IGNORECASE,
)
_AMOUNT_MODS = {
    "more than": "MORE_THAN",
    "longer than": "MORE_THAN",
    "over": "MORE_THAN",
    "less than": "LESS_THAN",
    "fewer than": "LESS_THAN",
    "shorter than": "LESS_THAN",
    "under": "LESS_THAN",
    "nearly": "LESS_THAN",
    "almost": "LESS_THAN",
    "barely": "LESS_THAN",
    "about": "APPROX",
    "around": "APPROX",
    "approximately": "APPROX",
    "roughly": "APPROX",
    "some": "APPROX",
    "at least": "EQUAL_OR_MORE",
    "no less than": "EQUAL_OR_MORE",
    "no fewer than": "EQUAL_OR_MORE",
    "at most": "EQUAL_OR_LESS",
    "up to": "EQUAL_OR_LESS",
    "no more than": "EQUAL_OR_LESS",
    "no later than": "ON_OR_BEFORE",
    "no earlier than": "ON_OR_AFTER",
}
# "more than two years ago" lies before the point two years back.
_AGO_MODS = {"MORE_THAN": "BEFORE", "LESS_THAN": "AFTER", "EQUAL_OR_MORE": "ON_OR_BEFORE", "EQUAL_OR_LESS": "ON_OR_AFTER", "APPROX": "APPROX"}
_SUFFIX = re.compile(
    r"\s+(?:or\s+(?:(?P<more>more|longer)|(?P<less>less|fewer|shorter)|(?P<so>so)|(?P<earlier>earlier)|(?P<later>later))"
    r"|at\s+the\s+(?:(?P<latest>latest)|(?P<earliest>earliest)))(?!\w)",
    re.IGNORECASE,
)
_STARTS_WITH_NUMBER = re.compile(rf"(?:\d|an?\s|(?:{'|'.join([*SMALL_NUMBERS, *TENS])})\b)", re.IGNORECASE)
_DAY_THEN_CLOCK = re.compile(r"\s*,?\s*(?:at\s+)?")
_CLOCK_THEN_DAY = re.compile(r"\s*,?\s*(?:on\s+)?")


def _with_modifiers(candidate: _Candidate, text: str, floor: int, ceiling: int) -> _Candidate:
    """Grow ``candidate`` over the mod words around it, never below ``floor`` or past ``ceiling``."""
    start, end, mod = candidate.start, candidate.end, candidate.mod
    kind = candidate.type
    if mod is None and kind in ("DATE", "TIME") and not candidate.ago:
        match = _POSITION_PREFIX.search(text, max(floor, start - 40), start)
        if match:
            start = match.start()
            word = (match["of"] or match["edge"] or match["mid"]).lower()
            mod = {"start": "START", "beginning": "START", "dawn": "START", "early": "START", "middle": "MID", "mid": "MID"}.get(word, "END")
    if mod is None and kind != "SET":
        match = _AMOUNT_PREFIX.search(text, max(floor, start - 25), start)
        if match:
            words = " ".join(match["amt"].lower().split())
            bare = words.removeprefix("just ").removeprefix("well ")
            amount_mod = _AMOUNT_MODS[bare]
            numeric = _STARTS_WITH_NUMBER.match(text, start) is not None
            if bare in ("over", "under", "some") and not numeric:
                amount_mod = None  # "over the past two years" is a span of time, not "more than"
            if kind == "DURATION":
                mod = amount_mod if amount_mod not in ("ON_OR_BEFORE", "ON_OR_AFTER") else None
            elif candidate.ago:
                mod = _AGO_MODS.get(amount_mod or "")
            elif amount_mod in ("APPROX", "ON_OR_BEFORE", "ON_OR_AFTER") and bare != "some":
                mod = amount_mod
            if mod is not None:
                start = match.start()
    if mod is None and kind != "SET":
        match = _SUFFIX.match(text, end, ceiling)
        if match:
            if kind == "DURATION":
                mod = "EQUAL_OR_MORE" if match["more"] else "EQUAL_OR_LESS" if match["less"] else "APPROX" if match["so"] else None
            else:
                mod = (
                    "ON_OR_BEFORE"
                    if match["earlier"] or match["latest"]
                    else "ON_OR_AFTER"
                    if match["later"] or match["earliest"]
                    else "APPROX"
                    if match["so"]
                    else None
                )
            if mod is not None:
                end = match.end()
    return replace(candidate, start=start, end=end, mod=mod)


def _join_day_and_clock(candidates: list[_Candidate], text: str) -> list[_Candidate]:
    """ "Friday at 3 p.m." and "3 p.m. on Friday" are one TIME on that day; a clock time further
    on in the same sentence ("began Thursday ... ended before midnight") is on the day last named."""
    joined: list[_Candidate] = []
    last_day: tuple[str, int] | None = None  # value and end of the day last named
    for candidate in candidates:
        previous = joined[-1] if joined else None
        if previous is not None and previous.mod is None and candidate.mod is None:
            gap_lo, gap_hi = previous.end, candidate.start
            if previous.day and candidate.clock and _DAY_THEN_CLOCK.fullmatch(text, gap_lo, gap_hi):
                joined[-1] = replace(previous, end=candidate.end, type="TIME", value=f"{previous.value}T{candidate.clock}", day=False)
                last_day = (previous.value, candidate.end)
                continue
            if previous.clock and candidate.day and _CLOCK_THEN_DAY.fullmatch(text, gap_lo, gap_hi):
                joined[-1] = replace(previous, end=candidate.end, value=f"{candidate.value}T{previous.clock}", clock=None)
                last_day = (candidate.value, candidate.end)
                continue
        if candidate.clock and last_day is not None and not crosses_sentence(text, last_day[1], candidate.start):
            candidate = replace(candidate, value=f"{last_day[0]}T{candidate.clock}")
        if candidate.day:
            last_day = (candidate.value, candidate.end)
        joined.append(candidate)
    return joined


_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+", re.IGNORECASE)


def _scan(ctx: _Context) -> list[_Candidate]:
    """All mentions in ``ctx.text``, non-overlapping, sorted, with mods and joins applied."""
    text = ctx.text
    found: list[_Candidate] = []
    lowered = text.lower()
    for priority, (pattern, needs, handler) in enumerate(_RULES):
        if needs and not any(word in lowered for word in needs):
            continue
        for match in pattern.finditer(text):
            try:
                candidate = handler(match, ctx)
            except OverflowError:  # "last week" of an article dated 0001-01-01: before the calendar starts
                candidate = None
            if candidate is not None:
                found.append(replace(candidate, priority=priority))
    if not ctx.lenient:
        # Dates inside links ("themoscowtimes.com/2024/02/23/...") are part of an address.
        urls = [(m.start(), m.end()) for m in _URL.finditer(text)]
        if urls:
            found = [c for c in found if not any(lo < c.end and c.start < hi for lo, hi in urls)]
    # Longest first; among equals the earlier rule wins.
    found.sort(key=lambda c: (c.start - c.end, c.priority, c.start))
    starts: list[int] = []
    chosen: list[_Candidate] = []
    for candidate in found:
        index = bisect.bisect_right(starts, candidate.start)
        if index > 0 and chosen[index - 1].end > candidate.start:
            continue
        if index < len(chosen) and chosen[index].start < candidate.end:
            continue
        starts.insert(index, candidate.start)
        chosen.insert(index, candidate)
    grown: list[_Candidate] = []
    for index, candidate in enumerate(chosen):
        floor = grown[-1].end if grown else 0
        ceiling = chosen[index + 1].start if index + 1 < len(chosen) else len(text)
        grown.append(_with_modifiers(candidate, text, floor, ceiling))
    return _join_day_and_clock(grown, text)


def _normalise_dct(dct: datetime.date | None) -> datetime.date | None:
    # A datetime is a date too; only its calendar day counts.
    return dct.date() if isinstance(dct, datetime.datetime) else dct


def find_dates(text: str, dct: datetime.date | None) -> list[DateMention]:
    """Every date expression in ``text``, sorted by start, resolved against ``dct``.

    Offsets are code points into ``text`` exactly as given (end-exclusive), so
    ``text[m.start:m.end] == m.text``. Pure function: safe to call from any thread.
    """
    ctx = _Context(text, 0, text, _normalise_dct(dct), lenient=False)
    return [DateMention(c.start, c.end, text[c.start : c.end], c.type, c.value, c.mod) for c in _scan(ctx)]


# Words a hand-tagged span may carry around the date itself ("on Friday", "in the 1990s,").
_FILLER = re.compile(r"[\s\W]*(?:(?:on|in|at|since|from|by|until|till|during|for|over|the|of|before|after)\b[\s\W]*)*", re.IGNORECASE)
_TRAILING = re.compile(r"[\s\W]*")


def normalise_span(text: str, start: int, end: int, dct: datetime.date | None) -> DateMention | None:
    """The TIMEX3 reading of ``text[start:end]``, a span the user tagged, or ``None``.

    The span is read as the longest date expression inside it, with the surrounding sentence
    deciding its tense; any other words in the span may only be prepositions, "the" and
    punctuation. Context vetoes that keep ``find_dates`` quiet ("May" without a date word,
    years in links) do not apply: the user has already decided it is a date.
    """
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span {start}:{end} is outside the text of length {len(text)}")
    span = text[start:end]
    ctx = _Context(text, start, span, _normalise_dct(dct), lenient=True)
    candidates = _scan(ctx)
    if not candidates:
        return None
    best = max(candidates, key=lambda c: c.end - c.start)
    if not (_FILLER.fullmatch(span, 0, best.start) and _TRAILING.fullmatch(span, best.end)):
        return None
    return DateMention(start, end, span, best.type, best.value, best.mod)
