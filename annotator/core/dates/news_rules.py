"""News rules: the year a report is about, holidays, TimeML references (PRESENT_REF, PAST_REF,
FUTURE_REF), fiscal years, ranges of years, anaphoric days and earnings-news periods.
Importing ``rules`` (for ``OF_AFTER``) registers the calendar rules first, so on a tie in length
they win."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

from annotator.core.dates import resolve as cal
from annotator.core.dates.candidates import Anaphor, Candidate, Context, rule
from annotator.core.dates.lexicon import (
    AMOUNT,
    DAY_OF_MONTH,
    MONTH_WITH_DAY,
    MONTHS,
    ORDINAL,
    PART_OF_DAY,
    PARTS_OF_DAY,
    SEASON,
    SEASONS,
    SMALL_NUMBERS,
    TENS,
    WEEKDAY,
    WEEKDAYS,
    YEAR,
    YEAR_END,
    day_number,
    parse_amount,
    parse_ordinal,
)
from annotator.core.dates.rules import OF_AFTER
from annotator.core.dates.tense import sentence_bounds

_YEAR_NOT_A_DATE = re.compile(r"\s+(?:of|before|after|earlier|later|when|in\s+which)\b", re.IGNORECASE)


@rule(
    r"(?<![\w-])the\s+(?:(?P<kind>fiscal|full|current(?:\s+fiscal)?|calendar|(?:latest|most\s+recent)(?:\s+fiscal)?)\s+)?(?-i:year)(?![\w-])(?P<ended>\s+(?:ended|ending)\b)?",
    triggers=("unit",),
    reach=(25, 15),
    needs="year",
    keeps_span=False,  # "the year ended": the candidate ends before "ended"
)
def _the_year(match: re.Match[str], ctx: Context) -> Candidate | None:
    if match["ended"]:
        # "in the year ended March 31": twelve months, not a calendar year.
        return Candidate(match.start(), match.start("ended"), "DURATION", "P1Y")
    if _YEAR_NOT_A_DATE.match(ctx.text, match.end()):
        return None  # "the year of the flood", "the year before": another rule's, or no date
    value = cal.shift_unit(ctx.dct, "year", 0)
    if match["kind"] and match["kind"].lower().startswith("current"):
        return Candidate(match.start(), match.end(), "DATE", value)
    if match["kind"] and match["kind"].lower().startswith(("latest", "most")):
        # "the latest fiscal year" has been reported, so it has ended: the year before the article's.
        return Candidate(match.start(), match.end(), "DATE", cal.shift_unit(ctx.dct, "year", -1))
    # "For the year, sales rose": the year the text is about, else the article's; never a year
    # after the article's ("forecast a rise for the full year" after "a target for 1992").
    return Candidate(match.start(), match.end(), "DATE", value, anaphor=Anaphor("year", 0, keep=False, latest=value if ctx.dct else None))


_TEEN_OR_TENS = rf"(?:(?:{'|'.join(TENS)})(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"


@rule(
    rf"""(?<![\w-])
    # "January nineteen ninety-seven", "the winter of nineteen ninety-four": a month or season of that year.
    (?:(?P<m>{MONTH_WITH_DAY})\s+(?:of\s+)?|(?:the\s+)?(?P<s>{SEASON})\s+(?:of\s+)?)?
    (?: (?P<year>the\s+year\s+)?nineteen[\s-]+(?P<rest>{_TEEN_OR_TENS}|hundred|oh[\s-](?:one|two|three|four|five|six|seven|eight|nine))
      | (?P<the>the\s+year\s+)two\s+thousand(?:\s+(?:and\s+)?(?P<unit>one|two|three|four|five|six|seven|eight|nine|ten))?
    )(?![\w-])""",
    triggers=("spoken",),
    reach=(40, 25),
)
def _spoken_year(match: re.Match[str], ctx: Context) -> Candidate | None:
    # Broadcast transcripts spell years out: "nineteen ninety-six", "the year two thousand".
    if match["the"] is not None:
        year = 2000 + int(parse_amount(match["unit"]) or 0) if match["unit"] else 2000
    else:
        rest = " ".join(match["rest"].lower().replace("-", " ").split())
        if rest == "hundred":
            number = 0
        elif rest.startswith("oh "):
            number = int(parse_amount(rest[3:]) or 0)
        else:
            number = int(parse_amount(rest) or 0)
        year = 1900 + number
    if match["m"]:
        return Candidate(match.start(), match.end(), "DATE", f"{year}-{MONTHS[match['m'].rstrip('.').lower()]:02d}")
    if match["s"]:
        return Candidate(match.start(), match.end(), "DATE", f"{year}-{SEASONS[match['s'].lower()]}")
    return Candidate(match.start(), match.end(), "DATE", str(year))


# Holidays news dates events by; each name gives its day in a year. Movable feasts follow the
# Western church and the United States (Thanksgiving), as the wire services write them.
_HOLIDAYS: dict[str, Callable[[int], datetime.date]] = {
    "christmas eve": lambda year: datetime.date(year, 12, 24),
    "christmas": lambda year: datetime.date(year, 12, 25),
    "christmas day": lambda year: datetime.date(year, 12, 25),
    "boxing day": lambda year: datetime.date(year, 12, 26),
    "new year's eve": lambda year: datetime.date(year, 12, 31),
    "new year's day": lambda year: datetime.date(year, 1, 1),
    "new year's": lambda year: datetime.date(year, 1, 1),
    "halloween": lambda year: datetime.date(year, 10, 31),
    "valentine's day": lambda year: datetime.date(year, 2, 14),
    "thanksgiving": lambda year: cal.nth_weekday(year, 11, 3, 4),
    "thanksgiving day": lambda year: cal.nth_weekday(year, 11, 3, 4),
    "easter": cal.easter,
    "easter sunday": cal.easter,
    "easter monday": lambda year: cal.easter(year) + datetime.timedelta(days=1),
    "good friday": lambda year: cal.easter(year) - datetime.timedelta(days=2),
    # United States elections: the Tuesday after the first Monday of November.
    "election day": lambda year: cal.nth_weekday(year, 11, 0, 1) + datetime.timedelta(days=1),
}


def _monday_of_week(day_in: Callable[[int], datetime.date]) -> Callable[[int], datetime.date]:
    """The Monday of the ISO week that holds the day ``day_in`` gives in a year."""

    def monday(year: int) -> datetime.date:
        day = day_in(year)
        return day - datetime.timedelta(days=day.weekday())

    return monday


@rule(
    rf"""(?<![\w-])(?:(?P<rel>last|this|next|coming)\s+)?
    (?P<name>(?-i:Christmas(?:\s+(?:Eve|Day))?|Boxing\s+Day|New\s+Year['’]s(?:\s+(?:Eve|Day))?|Halloween|Valentine['’]s\s+Day
      |Thanksgiving(?:\s+Day)?|Easter(?:\s+(?:Sunday|Monday))?|Good\s+Friday|Election\s+Day))
    (?P<week>\s+(?-i:week))?(?:,?\s+(?P<y>{YEAR}){YEAR_END})?(?![\w-])""",
    triggers=("holiday",),
    reach=(8, 25),
)
def _holiday(match: re.Match[str], ctx: Context) -> Candidate | None:
    day_in = _HOLIDAYS[" ".join(match["name"].lower().replace("’", "'").split())]
    if match["week"]:
        # "Easter week", "Christmas week": the ISO week that holds the day, picked by when it
        # begins (a week that began on the dct's Monday is "this" one, not last year's).
        day_in = _monday_of_week(day_in)
    if match["y"]:
        day = day_in(int(match["y"]))
        if match["week"]:
            return Candidate(match.start(), match.end(), "DATE", cal.week_value(day))
        return Candidate(match.start(), match.end(), "DATE", day.isoformat(), day=True)
    direction = cal.fixed_direction(match["rel"]) or cal.direction(ctx.tense(match.start(), match.end()), match["rel"])
    value = cal.resolve_holiday(day_in, ctx.dct, direction)
    if value is None:
        return None  # without a dct a movable feast has no day to write
    if match["week"]:
        return Candidate(match.start(), match.end(), "DATE", cal.week_value(datetime.date.fromisoformat(value)))
    return Candidate(match.start(), match.end(), "DATE", value, day=True)


# --- present, past and future references, fiscal years, ranges, anaphora --------------------


_COUNTS = "|".join([*list(SMALL_NUMBERS)[1:], *TENS, "hundred", "dozen"])
_CURRENT_AS_NOUN = frozenset("strong weak swift fast powerful electric electrical ocean rip cold warm jet alternating direct".split())


# What may stand between a sentence's start and its first word: spaces and opening quotes.
_BEFORE_FIRST_WORD = " \t\xa0\"'`“‘("


def _is_discourse_now(match: re.Match[str], ctx: Context) -> bool:
    """ "Now" opening a sentence and set off by a comma ("Now, the council said, ...") marks a turn
    in the telling; "Now the council is ..." and "Right now, ..." speak of the present."""
    if not ctx.text.startswith(",", match.end()):
        return False
    start = ctx.offset + match.start()
    opening, _ = sentence_bounds(ctx.document, start, start + 3)  # the sentence finder the tense cues use
    return not ctx.document[opening:start].strip(_BEFORE_FIRST_WORD)


@rule(
    rf"""(?<![\w-])
    (?: (?P<present>(?:right\s+)?now|currently|nowadays|these\s+days|at\s+present)
      # "the past three summers" counts something other than units of time: not "the past".
      | (?P<past>(?:more\s+|most\s+)?recently|the\s+past(?!\s+(?:of|few|several|couple|\d|(?:{_COUNTS})\b)))
      | (?P<future>the\s+(?:near\s+|foreseeable\s+|distant\s+|immediate\s+)?future(?!\s+of\b)|the\s+(?:near|short|long)\s+term)
      # Without "the" (which makes them durations: "the coming years"), bare plurals point vaguely ahead or back.
      | (?<!the\s)(?:(?P<ahead>coming|future)|(?P<back>past))\s+(?:days|weeks|months|quarters|years|decades)
      # "current" before a noun is the article's present ("current market conditions"); "then current" a past one.
      | (?P<cur>(?P<then>then[\s-])?(?-i:current))(?=\s+(?!accounts?\b|affairs\b|events\b)[a-z])
    )(?![\w-])""",
    triggers=("reference",),
    reach=(25, 15),
)
def _reference(match: re.Match[str], ctx: Context) -> Candidate | None:
    # TimeML's PRESENT_REF, PAST_REF and FUTURE_REF: the time is the article's own, or vaguely before or after it.
    if match["cur"] and ctx.word_before(match.start()) in _CURRENT_AS_NOUN:
        return None  # "a strong current", "the electric current"
    if match["present"] == "Now" and not ctx.lenient and _is_discourse_now(match, ctx):
        return None  # "Now, he says, ...": a discourse marker that opens the sentence, not the present time
    if match["then"]:
        return Candidate(match.start(), match.end(), "DATE", "PAST_REF")
    present = match["present"] or not (match["past"] or match["back"] or match["future"] or match["ahead"])
    value = "PRESENT_REF" if present else "PAST_REF" if match["past"] or match["back"] else "FUTURE_REF"
    return Candidate(match.start(), match.end(), "DATE", value)


@rule(
    rf"""(?<![\w-])
    (?: (?:the\s+)?fiscal(?:\s+year)?\s+(?P<y>{YEAR})(?:[-/–](?P<end>\d\d|{YEAR}))?
      | FY[\s-]?(?P<fy>{YEAR}|\d\d)(?:[-/–](?P<fyend>\d\d))?
    ){YEAR_END}""",
    triggers=("fiscal",),
    reach=(5, 25),
)
def _fiscal_year(match: re.Match[str], ctx: Context) -> Candidate | None:
    # A fiscal year is named by the year it ends in: "fiscal 2020-21" and "FY21" end in 2021.
    start_year = match["y"] or match["fy"]
    end = match["end"] or match["fyend"]
    if match["fy"] and len(start_year) == 2:
        start_year, end = None, start_year
    if end is None:
        year = int(start_year)
    elif len(end) == 4:
        year = int(end)
    else:
        century = int(start_year[:2]) if start_year else (ctx.dct.year // 100 if ctx.dct else 20)
        year = century * 100 + int(end)
        if start_year and year < int(start_year):
            year += 100
    if start_year and end and not 0 <= year - int(start_year) <= 1:
        return None  # "fiscal 2010-15" is not one fiscal year
    return Candidate(match.start(), match.end(), "DATE", cal.year_text(year))


_RANGE_START = re.compile(rf"(?<![\w$€£#@/.,:])(?P<y>{YEAR})[-–]\Z")


# Every match follows a dash: a window without one (most digits are no range's second end) is skipped.
@rule(r"(?<=[-–])(?P<yy>\d\d)(?![\w%]|[.,]\d)", triggers=("digit", "numdate", "clocktime"), reach=(0, 5), needs=r"[-–]\d", needs_back=1)
def _range_end(match: re.Match[str], ctx: Context) -> Candidate | None:
    # "1990-95", "in 2014-15": the second end of a range of years, in the first one's century.
    before = _RANGE_START.search(ctx.text, max(0, match.start() - 6), match.start())
    if before is None:
        return None
    first = int(before["y"])
    year = first - first % 100 + int(match["yy"])
    if year <= first:
        year += 100
    if year - first > 20:
        return None  # "1990-45" is no range of years
    return Candidate(match.start(), match.end(), "DATE", cal.year_text(year))


_ANAPHORIC_STEPS = {"following": 1, "next": 1, "previous": -1, "preceding": -1, "prior": -1, "same": 0}


@rule(
    rf"""(?<![\w-])
    (?: (?:the|that)\s+(?P<which>following|next|previous|preceding|prior|same)\s+(?P<unit>day|week|month|year|{PART_OF_DAY})
      | (?P<edge>later|earlier)\s+(?:that|the\s+same)\s+(?P<unit2>day|week|month|year|{PART_OF_DAY})
      | that\s+(?:same\s+)?(?P<unit3>day|week|month|year|{PART_OF_DAY})
      | the\s+day\s+(?P<side>before|after)(?=\s*[,.;:)]|\s+(?:that|he|she|they|it|when)\b)
    )(?![\w-])""",
    triggers=("unit", "deictic"),
    reach=(25, 25),
    needs=r"following|next|previous|preceding|prior|same|that|day\s+(?:before|after)",
)
def _anaphoric(match: re.Match[str], ctx: Context) -> Candidate | None:
    unit = (match["unit"] or match["unit2"] or match["unit3"] or "day").lower()
    if match["which"]:
        steps = _ANAPHORIC_STEPS[match["which"].lower()]
    elif match["side"]:
        steps = -1 if match["side"].lower() == "before" else 1
    else:
        steps = 0
    part = PARTS_OF_DAY.get(unit)
    if part is not None:
        unit = "day"
    anaphor = Anaphor(unit, steps, keep=False, part=part)
    value = cal.shift_unit(ctx.dct, unit, steps)
    if part is not None:
        return Candidate(match.start(), match.end(), "TIME", f"{value}T{part}", anaphor=anaphor)
    return Candidate(match.start(), match.end(), "DATE", value, day=unit == "day", anaphor=anaphor)


@rule(
    rf"""(?<![\w-])
    (?: (?P<n>{AMOUNT})[\s-]+(?P<unit>days?|weeks?|months?|quarters?|years?|decades?)\s+(?P<dir>earlier|later)
      | (?P<adj>(?:the\s+)?(?:comparable\s+)?year[\s-](?:earlier|ago)
          (?:\s+(?P<ord>first|second|third|fourth)?\s*(?P<what>quarter|period)|\s+(?P<span>{AMOUNT})\s+(?P<span_unit>months|weeks))?)
    )(?![\w-])""",
    triggers=("sequence", "ago"),
    reach=(50, 25),
)
def _earlier_later(match: re.Match[str], ctx: Context) -> Candidate | None:
    if match["span"]:
        # "the year-earlier nine months": a span of months, a year back; TimeML gives its length.
        amount = parse_amount(match["span"])
        return Candidate(match.start(), match.end(), "DURATION", cal.duration_value(amount, cal.unit_name(match["span_unit"])))
    if match["adj"]:
        # "the year-ago quarter", "a year-earlier loss": the same period one year back.
        value = cal.shift_unit(ctx.dct, "year", -1)
        if match["ord"]:
            index = int(parse_ordinal(match["ord"]) or 1)
            value = cal.shift_value(cal.resolve_quarter(index, ctx.dct, "near"), "year", -1, keep=True) if ctx.dct else f"XXXX-Q{index}"
            return Candidate(match.start(), match.end(), "DATE", value or "XXXX")
        if match["what"]:
            # "the year-ago period": the quarter the report is about, a year back.
            value = cal.shift_value(cal.shift_unit(ctx.dct, "quarter", -1), "year", -1, keep=True) or "XXXX" if ctx.dct else "XXXX-QX"
            # "year-ago" counts back from the article: a quarter the text forecast, a year back, is
            # not it ("the third quarter of 1990 ... the year-ago period" is last year's quarter).
            latest = value if ctx.dct and "ago" in match["adj"].lower() else None
            return Candidate(match.start(), match.end(), "DATE", value, anaphor=Anaphor("year", -1, keep=True, needs="quarter", latest=latest))
        anaphor = Anaphor("year", -1, keep=True, earliest=value if ctx.dct else None, spans_year=True)
        return Candidate(match.start(), match.end(), "DATE", value, anaphor=anaphor)
    amount = parse_amount(match["n"])
    unit = cal.unit_name(match["unit"])
    if unit in ("day", "week"):
        return None  # a count of days or weeks, a DURATION: the duration rule reads "later" after it
    if amount is None or not float(amount).is_integer():
        return Candidate(match.start(), match.end(), "DATE", "PAST_REF" if match["dir"].lower() == "earlier" else "FUTURE_REF")
    steps = int(amount) * (-1 if match["dir"].lower() == "earlier" else 1)
    if unit == "decade":
        unit, steps = "year", steps * 10
    value = cal.shift_unit(ctx.dct, unit, steps)
    spans_year = unit == "year" and steps == -1
    return Candidate(match.start(), match.end(), "DATE", value, day=unit == "day", anaphor=Anaphor(unit, steps, keep=True, spans_year=spans_year))


_ENDED_ON = re.compile(rf",?\s+(?:ended|ending)\s+(?P<m>{MONTH_WITH_DAY})\s+(?P<d>{DAY_OF_MONTH})(?:,?\s+(?P<y>{YEAR}){YEAR_END})?(?!\w)", re.IGNORECASE)


def _day_named(match: re.Match[str], ctx: Context) -> datetime.date | None:
    """The day an ``_ENDED_ON`` match names: with its year, or the latest one by the dct."""
    month, day = MONTHS[match["m"].rstrip(".").lower()], day_number(match["d"])
    try:
        if match["y"]:
            return datetime.date(int(match["y"]), month, day)
        resolved = cal.resolve_month_day(month, day, ctx.dct, "past") if ctx.dct else None
    except ValueError:
        return None
    return datetime.date.fromisoformat(resolved) if resolved else None


@rule(
    r"(?<![\w-])(?:the\s+)?(?P<which>latest|current|most\s+recent|recent)?\s*(?<![\w-])(?:(?:fiscal\s+)?quarter|(?<=latest\s)period)(?![\w-])",
    triggers=("quarter",),
    reach=(30, 10),
)
def _the_quarter(match: re.Match[str], ctx: Context) -> Candidate | None:
    # "the quarter", "the latest quarter", "the latest period": in earnings news the quarter the
    # text is about, else the last one ended.
    text = match.group().lower()
    if not text.startswith("the") and match["which"] is None:
        return None
    if match["which"] and match["which"].lower() == "current":
        return Candidate(match.start(), match.end(), "DATE", cal.shift_unit(ctx.dct, "quarter", 0))
    if OF_AFTER.match(ctx.text, match.end()):
        return None  # "the quarter of the population"
    closing = _ENDED_ON.match(ctx.text, match.end())
    if closing is not None:
        # "the quarter ended July 31": the three months before that day, named by the calendar
        # quarter that holds most of them (May to July is the second).
        last_day = _day_named(closing, ctx)
        if last_day is not None:
            return Candidate(match.start(), match.end(), "DATE", cal.quarter_of(last_day - datetime.timedelta(days=45)))
    ended = cal.shift_unit(ctx.dct, "quarter", -1)
    # "the latest quarter" is one already reported: not a quarter still running or to come.
    latest = ended if ctx.dct and match["which"] else None
    return Candidate(match.start(), match.end(), "DATE", ended, anaphor=Anaphor("quarter", 0, keep=True, needs="quarter", latest=latest))


@rule(
    rf"""(?<![\w-])
    (?: the\s+(?P<y>{YEAR})\s+(?:fiscal\s+)?(?:period|quarter)
      | (?P<back>(?:the\s+)?(?:same|comparable|corresponding|year-earlier|prior-year)\s+(?:period|quarter)\s+(?:of\s+)?
          (?:last\s+year|a\s+year\s+(?:ago|earlier)|the\s+(?:previous|prior)\s+year)
        | last\s+year['’]s\s+(?:quarter|period)
        | the\s+(?:quarter|period)\s+a\s+year\s+(?:ago|earlier))
    )(?![\w-])""",
    triggers=("quarter",),
    reach=(30, 35),
)
def _quarter_of_a_year(match: re.Match[str], ctx: Context) -> Candidate | None:
    # Earnings news compares the quarter it reports with the same quarter of another year:
    # "the 1988 period" and "the corresponding period last year" are that quarter, a year named
    # or a year back. Without an earlier quarter it is the last one ended.
    latest = cal.shift_unit(ctx.dct, "quarter", -1) if ctx.dct else None
    if match["back"]:
        value = (cal.shift_value(latest, "year", -1, keep=True) if latest else None) or "XXXX-QX"
        return Candidate(match.start(), match.end(), "DATE", value, anaphor=Anaphor("year", -1, keep=True, needs="quarter"))
    year = int(match["y"])
    value = f"{match['y']}{latest[4:]}" if latest else f"{match['y']}-QX"
    return Candidate(match.start(), match.end(), "DATE", value, anaphor=Anaphor("quarter", 0, keep=True, needs="quarter", year=year))


@rule(r"(?<![\w-])(?:the\s+)?year(?:['’]s)?[\s-]end(?![\w-])", triggers=("unit",), reach=(5, 10), needs="end")
def _year_end(match: re.Match[str], ctx: Context) -> Candidate | None:
    # "by year-end" is the end of the current year; "since year-end", or in the past tense, the
    # last one already passed.
    if ctx.dct is None:
        return Candidate(match.start(), match.end(), "DATE", "XXXX", "END")
    past = ctx.word_before(match.start()) == "since" or ctx.tense(match.start(), match.end()) == "past"
    year = ctx.dct.year - 1 if past and (ctx.dct.month, ctx.dct.day) != (12, 31) else ctx.dct.year
    return Candidate(match.start(), match.end(), "DATE", cal.year_text(year), "END")


@rule(
    r"""(?<![\w-])the\s+week\s+of\s+
    (?:(?P<m1>{month})\s+(?P<d1>{day})|(?P<d2>{day})\s+(?:of\s+)?(?P<m2>{month}))(?:,?\s+(?P<y>{year}){year_end})?(?!\w)""".format(
        month=MONTH_WITH_DAY, day=DAY_OF_MONTH, year=YEAR, year_end=YEAR_END
    ),
    triggers=("unit",),
    reach=(5, 35),
    needs=r"week\s+of",
)
def _week_of(match: re.Match[str], ctx: Context) -> Candidate | None:
    # "the week of March 6": the ISO week that holds the day.
    month = MONTHS[(match["m1"] or match["m2"]).rstrip(".").lower()]
    day = day_number(match["d1"] or match["d2"])
    if match["y"]:
        try:
            found = datetime.date(int(match["y"]), month, day)
        except ValueError:
            return None
    else:
        resolved = cal.resolve_month_day(month, day, ctx.dct, cal.direction(ctx.tense(match.start(), match.end()), None))
        if resolved is None:
            return None
        if ctx.dct is None:
            return Candidate(match.start(), match.end(), "DATE", "XXXX-WXX")
        found = datetime.date.fromisoformat(resolved)
    return Candidate(match.start(), match.end(), "DATE", cal.week_value(found))


# "a day-long meeting", "the two-week-long strike": a length that modifies a noun, a DURATION
# written without the noun's determiner (TimeML leaves it to the noun, as with "the 30-day period").
@rule(
    rf"(?<![\w-])(?:(?P<n>{AMOUNT})-)?(?P<unit>hour|day|week|month|year|decade|century)-long(?![\w-])",
    triggers=("unit", "century"),
    reach=(25, 10),
    needs="long",
)
def _unit_long(match: re.Match[str], ctx: Context) -> Candidate | None:
    amount = parse_amount(match["n"]) if match["n"] else 1.0
    if amount is None:
        return None
    return Candidate(match.start(), match.end(), "DURATION", cal.duration_value(amount, cal.unit_name(match["unit"])))


# "by mid-afternoon", "at mid morning": that part of the day the text is on (the last day it
# named, else the dct's); "mid" before it is the mention's MID.
@rule(
    r"(?:(?<=\bmid-)|(?<=\bmid\s))(?P<part>morning|afternoon|evening)(?![\w-])",
    triggers=("deictic",),
    reach=(0, 10),
    needs=r"mid[-\s]",
    needs_back=4,
)
def _mid_part_of_day(match: re.Match[str], ctx: Context) -> Candidate | None:
    part = PARTS_OF_DAY[match["part"].lower()]
    anaphor = Anaphor("day", 0, keep=False, part=part)
    return Candidate(match.start(), match.end(), "TIME", f"{cal.shift_unit(ctx.dct, 'day', 0)}T{part}", anaphor=anaphor)


# "Today is the eighth day of the strike", "it's the second day of talks": said of the present,
# the day counted is the article's own.
@rule(
    rf"(?:(?<=\btoday\sis\s)|(?<=\bit\sis\s)|(?<=\bthis\sis\s)|(?<=\bit['’]s\s))the\s+(?P<ord>{ORDINAL})\s+day(?=[ ]of\b)",
    triggers=("unit",),
    reach=(25, 5),
    needs="day of",
)
def _ordinal_day_today(match: re.Match[str], ctx: Context) -> Candidate | None:
    return Candidate(match.start(), match.end(), "DATE", cal.shift_unit(ctx.dct, "day", 0), day=True)


# "at a later date", "at a later stage": a time ahead the text does not name.
@rule(r"(?<![\w-])a\s+later\s+(?:date|time|stage)(?![\w-])", triggers=("sequence",), reach=(5, 10), needs="later")
def _a_later_date(match: re.Match[str], ctx: Context) -> Candidate | None:
    return Candidate(match.start(), match.end(), "DATE", "FUTURE_REF")


# "the day before last Tuesday's hearing", "the day after Friday": a day next to a weekday, one
# mention (TimeML's extent leaves "the" to the noun phrase it opens, as "day before last Tuesday").
@rule(
    rf"(?<![\w-])day\s+(?P<side>before|after)\s+(?:(?P<rel>last|next|this|coming)\s+)?(?P<wd>{WEEKDAY})(?![\w-])",
    triggers=("weekday",),
    reach=(30, 5),
    needs=r"day\s+(?:before|after)",
)
def _day_next_to_weekday(match: re.Match[str], ctx: Context) -> Candidate | None:
    rel = match["rel"]
    direction = cal.fixed_direction(rel) or cal.direction(ctx.tense(match.start(), match.end()), rel)
    if direction == "near":
        direction = "recent"  # as a weekday alone: news reports more than it announces
    day = cal.resolve_weekday(WEEKDAYS[match["wd"].lower()], ctx.dct, direction)
    if ctx.dct is None:
        return Candidate(match.start(), match.end(), "DATE", "XXXX-XX-XX", day=True)
    shifted = cal.add_days(datetime.date.fromisoformat(day), -1 if match["side"].lower() == "before" else 1)
    return Candidate(match.start(), match.end(), "DATE", shifted.isoformat(), day=True)
