"""Calendar rules: explicit dates, months, seasons, years, decades, weekdays, relative days and
units, durations, sets, quarters and clock times. Each is registered with ``candidates.rule``."""

from __future__ import annotations

import datetime
import re

from annotator.core.dates import resolve as cal
from annotator.core.dates.candidates import Anaphor, Candidate, Context, rule
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
    SEASONS,
    STARTS_WITH_NUMBER,
    UNIT,
    WEEKDAY,
    WEEKDAYS,
    YEAR,
    YEAR_END,
    day_number,
    parse_amount,
    parse_ordinal,
)


def is_title(word: str) -> bool:
    """A unit word capitalised but not in capitals ("Week", not "WEEK"): relative words and
    counts start sentences, unit words do not, so the expression is a name ("This Week")."""
    return word[:1].isupper() and not word.isupper()


def _month_number(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


@rule(
    rf"""(?<![\w-])
    (?:(?P<wd>{WEEKDAY}),?\s+)?
    (?: (?P<m1>{MONTH_WITH_DAY})\s+(?P<d1>{DAY_OF_MONTH})(?!\d)(?:,?\s+(?P<y1>{YEAR}){YEAR_END})?
      | (?:the\s+)?(?<![\d.,])(?P<d2>{DAY_OF_MONTH})\s+(?:of\s+)?(?P<m2>{MONTH_WITH_DAY})(?:,?\s+(?P<y2>{YEAR}){YEAR_END})?
    )(?!\w)""",
    triggers=("month",),
    reach=(30, 30),
)
def _full_date(match: re.Match[str], ctx: Context) -> Candidate | None:
    month = _month_number(match["m1"] or match["m2"])
    day = day_number(match["d1"] or match["d2"])
    year = match["y1"] or match["y2"]
    if year is not None:
        try:
            value = datetime.date(int(year), month, day).isoformat()
        except ValueError:
            return None
    else:
        resolved = cal.resolve_month_day(month, day, ctx.dct, cal.direction(ctx.tense(match.start(), match.end()), None))
        if resolved is None:
            return None
        value = resolved
    return Candidate(match.start(), match.end(), "DATE", value, day=True)


@rule(
    r"""(?<![\w/.-])
    (?: (?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})(?:T(?P<ih>[01]\d|2[0-3]):(?P<imin>[0-5]\d))?
      | (?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<ny>\d{4})
    )(?![\w/-]|\.\d)""",
    triggers=("numdate",),
    reach=(0, 20),
    starts_at_trigger=True,  # digits after no separator: a numeric date's trigger word opens it
)
def _numeric_date(match: re.Match[str], ctx: Context) -> Candidate | None:
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
        return Candidate(match.start(), match.end(), "TIME", f"{value}T{match['ih']}:{match['imin']}")
    return Candidate(match.start(), match.end(), "DATE", value, day=True)


@rule(
    rf"(?<!\w)(?P<m>{MONTH_WITH_DAY})(?:(?:\s+of)?,?\s+(?P<y>{YEAR}){YEAR_END}|(?:\s+of)?\s+(?P<rel>last|this|next)\s+year(?!\w))",
    triggers=("month",),
    reach=(0, 30),
    starts_at_trigger=True,  # a month's name, a trigger word of its own
)
def _month_year(match: re.Match[str], ctx: Context) -> Candidate | None:
    month = _month_number(match["m"])
    if match["y"]:
        value = f"{match['y']}-{month:02d}"
    else:
        steps = {"last": -1, "this": 0, "next": 1}[match["rel"].lower()]
        value = f"{cal.year_text(ctx.dct.year + steps)}-{month:02d}" if ctx.dct else f"XXXX-{month:02d}"
    return Candidate(match.start(), match.end(), "DATE", value)


@rule(
    rf"(?<!\w)(?:the\s+)?(?P<s>{SEASON})(?:(?:\s+of)?,?\s+(?P<y>{YEAR}){YEAR_END}|(?:\s+of)?\s+(?P<rel>last|this|next)\s+year(?!\w))",
    triggers=("season",),
    reach=(5, 30),
)
def _season_year(match: re.Match[str], ctx: Context) -> Candidate | None:
    season = SEASONS[match["s"].lower()]
    if match["y"]:
        return Candidate(match.start(), match.end(), "DATE", f"{match['y']}-{season}")
    steps = {"last": -1, "this": 0, "next": 1}[match["rel"].lower()]
    year = cal.year_text(ctx.dct.year + steps) if ctx.dct else "XXXX"
    return Candidate(match.start(), match.end(), "DATE", f"{year}-{season}")


# Words after which a bare "May" is the month, and a bare season a date ("in May", "since spring").
_MONTH_CONTEXT = frozenset(
    "in since until till by from through during of early late mid last next this between and to or before after around "
    "throughout until end start beginning middle".split()
)
_NAME_PREFIX = re.compile(r"\s+(?-i:[A-Z][a-z]+)")
OF_AFTER = re.compile(r"\s+of\b", re.IGNORECASE)
_MARCH_AS_NAME = re.compile(r"\s+(?:for|of)\s+(?:the\s+)?(?-i:[A-Z][a-z])", re.IGNORECASE)


@rule(rf"(?<!\w)(?:(?P<rel>last|this|next|coming)\s+)?(?P<m>{MONTH_ALONE})(?![\w-])", triggers=("month",), reach=(8, 10))
def _month(match: re.Match[str], ctx: Context) -> Candidate | None:
    name, rel = match["m"], match["rel"]
    if not ctx.lenient and rel is None:
        before = ctx.word_before(match.start("m"))
        if before not in _MONTH_CONTEXT:
            # "may" as a modal, "Theresa May", "April Smith": only a date word in front makes them months.
            if name == "May" or (_NAME_PREFIX.match(ctx.text, match.end()) and ctx.word_after(match.end()).lower() not in WEEKDAYS):
                return None
    if not ctx.lenient and rel is None and name == "March" and _MARCH_AS_NAME.match(ctx.text, match.end()):
        return None  # the noun: "the March for Life", "the March of the Combatant Mothers"
    month, dct, start, end = MONTHS[name.lower()], ctx.dct, match.start(), match.end()

    def value() -> str:
        # "this May": the May of the article's year, whatever the tense and however far.
        if rel and rel.lower() == "this":
            return f"{cal.year_text(dct.year)}-{month:02d}"
        fixed = cal.fixed_direction(rel)
        if fixed is not None:
            return cal.resolve_month(month, dct, fixed)  # "last March": the tense does not count
        tense = ctx.tense(start, end)
        # Without any verb to go by ("rising to $42 in June from $29 in March"), news reports:
        # the past month unless the coming one is less than half as far.
        direction = "recent" if tense is None and rel is None else cal.direction(tense, rel)
        return cal.resolve_month(month, dct, direction)

    if dct is None:
        return Candidate(start, end, "DATE", cal.resolve_month(month, None, "near"))  # no year to pick: the tense does not count
    if not cal.FIRST_YEAR + 2 <= dct.year <= cal.LAST_YEAR - 2:
        return Candidate(start, end, "DATE", value())  # may leave the calendar, and then there is no candidate
    return Candidate(start, end, "DATE", "", deferred=value)


_SEASON_CONTEXT = frozenset("in since until till by during through early late mid before after over throughout".split())


@rule(rf"(?<!\w)(?:(?P<rel>this|last|next|past|coming)\s+|(?P<the>the)\s+)?(?P<s>{SEASON})(?![\w-])", triggers=("season",), reach=(8, 10))
def _season(match: re.Match[str], ctx: Context) -> Candidate | None:
    word, rel = match["s"].lower(), match["rel"]
    if not ctx.lenient:
        if rel is None and match["the"] is None and ctx.word_before(match.start()) not in _SEASON_CONTEXT:
            return None  # "a spring offensive", "the Arab Spring"
        # "fall" is a verb and "the fall of Kabul" an event: only "this/last/next fall" and "in the fall".
        if word == "fall" and (OF_AFTER.match(ctx.text, match.end()) or (rel is None and ctx.word_before(match.start()) != "in")):
            return None
        if match["the"] and OF_AFTER.match(ctx.text, match.end()):
            return None
    # "this summer", "this May": the one of the current year (or the nearer of two), whatever the tense.
    direction = "near" if rel and rel.lower() == "this" else cal.fixed_direction(rel) or cal.direction(ctx.tense(match.start(), match.end()), rel)
    return Candidate(match.start(), match.end(), "DATE", cal.resolve_season(SEASONS[word], ctx.dct, direction))


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


@rule(rf"(?<![\w$€£#@/.,:])(?P<y>{YEAR}){YEAR_END}", triggers=("digit", "numdate", "clocktime"), reach=(0, 5))
def _year(match: re.Match[str], ctx: Context) -> Candidate | None:
    year = int(match["y"])
    if not ctx.lenient:
        # Only a hyphen right before the year can end the model name (most years have a space there).
        start = match.start()
        hyphen = _LETTER_HYPHEN.search(ctx.text, max(0, start - 10), start) if start and ctx.text[start - 1] == "-" else None
        if hyphen and hyphen[1].lower() not in ("mid", "pre", "post"):
            return None  # "F-2024", "Su-2000": model names, not years ("mid-2024", "post-2008" are years)
        before, after = ctx.word_before(match.start()), ctx.word_after(match.end())
        if before in _NOT_YEAR_BEFORE or after.lower() in _COUNTED:
            return None
        if before in _QUANTIFIERS and after.islower() and after.endswith("s"):
            return None  # "some 1500 fighters"
        if year < 1900 and before not in ("in", "since", "from", "until", "till", "by", "between", "before", "after", "during", "year", "circa"):
            return None
    return Candidate(match.start(), match.end(), "DATE", match["y"])


_DECADE_WORDS = {word: str(3 + index) for index, word in enumerate("thirties forties fifties sixties seventies eighties nineties".split())}
_DECADE_WORDS["twenties"] = "2"


@rule(
    r"""(?<!\w)(?:(?P<the>the)\s+)?
    (?: (?P<full>(?:1\d|20)\d0)s | ['’‘](?P<short>\d)0s
      | (?P<word>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties) )(?!\w)""",
    triggers=("decade", "ties"),
    reach=(5, 5),
)
def _decade(match: re.Match[str], ctx: Context) -> Candidate | None:
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
    return Candidate(match.start(), match.end(), "DATE", value)


@rule(
    rf"(?<!\w)(?:the\s+)?(?P<ord>{ORDINAL})[\s-]+century(?!\w)",
    triggers=("century",),
    reach=(25, 5),
)
def _century(match: re.Match[str], ctx: Context) -> Candidate | None:
    number = parse_ordinal(match["ord"])
    if number is None or not 1 <= number <= 21:
        return None
    return Candidate(match.start(), match.end(), "DATE", f"{number - 1:02d}")


# "the first two quarters of 1990", "the last three months of 2023": a half or a quarter of that
# year, a DATE (longer than the duration inside it, so it wins).
@rule(
    rf"(?<!\w)the\s+(?P<rel>first|last|final)\s+(?P<n>two|2|three|3|six|6)\s+(?P<unit>quarters|months)\s+of\s+(?P<y>{YEAR}){YEAR_END}",
    triggers=("edge",),
    reach=(5, 40),
    needs=r"(?:first|last|final)\s+(?:two|2|three|3|six|6)\s",
)
def _part_of_year(match: re.Match[str], ctx: Context) -> Candidate | None:
    months = int(parse_amount(match["n"]) or 0) * (3 if match["unit"].lower() == "quarters" else 1)
    part = {3: "Q", 6: "H"}.get(months)
    if part is None:
        return None  # "the first two months of 1990" is neither
    index = 1 if match["rel"].lower() == "first" else (4 if part == "Q" else 2)
    return Candidate(match.start(), match.end(), "DATE", f"{match['y']}-{part}{index}")


@rule(
    rf"(?<!\w)the\s+(?P<rel>past|last|previous|coming|next|following|first|final)\s+(?:(?P<n>{AMOUNT})\s+)?(?P<unit>{UNIT}|quarters)(?!\w)",
    triggers=("unit", "quarter", "century"),
    reach=(45, 10),
    needs=r"the\s+(?:past|last|previous|coming|next|following|first|final)\s",
)
def _relative_duration(match: re.Match[str], ctx: Context) -> Candidate | None:
    unit_word, rel = match["unit"], match["rel"].lower()
    plural = unit_word.lower().endswith(("s", "ies"))
    if match["n"] is None and not plural and rel in ("previous", "next", "following", "first", "final"):
        return None  # "the next day", "the previous year": they point at a time the text set earlier
    if match["n"] is None and rel in ("last", "past") and unit_word.lower() == "century":
        return Candidate(match.start(), match.end(), "DATE", cal.shift_unit(ctx.dct, "century", -1))  # "the last century" is the 20th
    amount = parse_amount(match["n"]) if match["n"] else (None if plural else 1.0)
    return Candidate(match.start(), match.end(), "DURATION", cal.duration_value(amount, cal.unit_name(unit_word)))


@rule(
    r"(?<!\w)(?P<rel>last|this|next|coming|past)\s+(?P<unit>week|month|year|decade|century|quarter)(?!\w)",
    triggers=("unit", "quarter", "century"),
    reach=(8, 10),
    needs=r"(?:last|this|next|coming|past)\s",
)
def _relative_date(match: re.Match[str], ctx: Context) -> Candidate | None:
    if not ctx.lenient and is_title(match["unit"]):
        return None  # ABC's "This Week": a title in running text
    rel, unit = match["rel"].lower(), match["unit"].lower()
    if rel == "past":
        return Candidate(match.start(), match.end(), "DURATION", cal.duration_value(1, unit)) if unit != "quarter" else None
    steps = {"last": -1, "this": 0, "next": 1, "coming": 1}[rel]
    return Candidate(match.start(), match.end(), "DATE", cal.shift_unit(ctx.dct, unit, steps))


@rule(r"(?<!\w)(?:(?P<rel>this|last|next|coming)|(?P<the>the))\s+weekend(?!\w)", triggers=("unit",), reach=(8, 10), needs="weekend")
def _weekend(match: re.Match[str], ctx: Context) -> Candidate | None:
    if ctx.dct is None:
        return Candidate(match.start(), match.end(), "DATE", "XXXX-WXX-WE")
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
    return Candidate(match.start(), match.end(), "DATE", cal.shift_unit(ctx.dct, "week", steps) + "-WE")


_GENITIVE = ("'s", "’s")
_NAMED_DAYS = frozenset("good black bloody super cyber ash palm easter holy maundy shrove".split())


@rule(rf"(?<!\w)(?:(?P<rel>last|this|next|coming)\s+)?(?P<wd>{WEEKDAY})(?:\s+(?P<part>{PART_OF_DAY}))?(?![\w-])", triggers=("weekday",), reach=(8, 20))
def _weekday(match: re.Match[str], ctx: Context) -> Candidate | None:
    if not ctx.lenient and match["rel"] is None and ctx.word_before(match.start()) in _NAMED_DAYS:
        return None  # "Good Friday", "Bloody Sunday" name other days
    if match["rel"] is None and match["part"] is None and ctx.text.startswith(_GENITIVE, match.end()):
        # "Wednesday's ruling": the day of an event the story names, not the time of the clause's
        # verb ("vowed to fight Wednesday's ruling"): the latest such day, as with no cue at all.
        direction: cal.Direction = "recent"
    else:
        direction = cal.fixed_direction(match["rel"]) or cal.direction(ctx.tense(match.start(), match.end()), match["rel"])
    if direction == "near":
        # News reports more than it announces: without a cue a weekday is the latest one unless
        # the coming one is less than half as far ("up from 886 million Thursday" on a Monday).
        direction = "recent"
    weekday = WEEKDAYS[match["wd"].lower()]
    value = ctx.memo.get((weekday, direction))
    if value is None:  # news names the same few days again and again: each is worked out once
        value = ctx.memo[(weekday, direction)] = cal.resolve_weekday(weekday, ctx.dct, direction)
    if match["part"]:
        return Candidate(match.start(), match.end(), "TIME", f"{value}T{PARTS_OF_DAY[match['part'].lower()]}")
    return Candidate(match.start(), match.end(), "DATE", value, day=True)


# "the previous Friday": the Friday before the day the text is on (else before the dct's); longer
# than the weekday inside it, so it wins.
@rule(
    rf"(?<!\w)the\s+(?P<ana>previous|preceding|following)\s+(?P<wd>{WEEKDAY})(?:\s+(?P<part>{PART_OF_DAY}))?(?![\w-])",
    triggers=("before_after",),
    reach=(5, 40),
)
def _weekday_anaphor(match: re.Match[str], ctx: Context) -> Candidate | None:
    steps = 1 if match["ana"].lower() == "following" else -1
    weekday = WEEKDAYS[match["wd"].lower()]
    value = cal.resolve_weekday(weekday, ctx.dct, "after" if steps > 0 else "before")
    part = PARTS_OF_DAY[match["part"].lower()] if match["part"] else None
    anaphor = Anaphor("day", steps, keep=True, needs="day", weekday=weekday, part=part)
    if part:
        return Candidate(match.start(), match.end(), "TIME", f"{value}T{part}", anaphor=anaphor)
    return Candidate(match.start(), match.end(), "DATE", value, day=True, anaphor=anaphor)


_DAY_STEPS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
# A capitalised "Today" after a name or "the", inside a sentence, ends a title: "USA Today",
# "VOA Today", "the Today show" (TimeML marks no names).
_NAME_BEFORE_TODAY = re.compile(r"(?:(?<![\w.'’-])(?-i:[A-Z][\w&'’-]*)|(?<![\w-])the)[ \t]+\Z")


@rule(
    rf"""(?<!\w)
    (?: (?P<day>today|tonight|yesterday|tomorrow|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)(?:\s+(?P<part>{PART_OF_DAY}))?
      | (?P<rel>this|last)\s+(?P<part2>{PART_OF_DAY})
      | (?P<part3>{PART_OF_DAY})\s+(?P<day3>today|yesterday|tomorrow) )(?!\w)""",
    triggers=("deictic",),
    reach=(20, 25),
)
def _deictic_day(match: re.Match[str], ctx: Context) -> Candidate | None:
    part = match["part"] or match["part2"] or match["part3"]
    if match["day"] == "Today" and not ctx.lenient and _NAME_BEFORE_TODAY.search(ctx.text, max(0, match.start() - 30), match.start()):
        return None  # "a poll for USA Today": a newspaper, not the day
    if match["day"] or match["day3"]:
        # "yesterday afternoon" and "afternoon yesterday" are the same time
        word = " ".join((match["day"] or match["day3"]).lower().split())
        steps = _DAY_STEPS.get(word, -2 if "before" in word else 2)
        if word == "tonight":
            part = "night"
    else:
        steps = -1 if match["rel"].lower() == "last" else 0
    value = cal.shift_unit(ctx.dct, "day", steps)
    if part:
        return Candidate(match.start(), match.end(), "TIME", f"{value}T{PARTS_OF_DAY[part.lower()]}")
    return Candidate(match.start(), match.end(), "DATE", value, day=True)


@rule(
    rf"(?<!\w)(?:(?P<n>{AMOUNT})\s+(?P<unit>{UNIT})(?P<so>\s+or\s+so)?|(?<![\d,.]\s)(?P<bare>years|months|weeks|days|decades|centuries))\s+ago(?!\w)",
    triggers=("ago",),
    reach=(40, 5),
)
def _ago(match: re.Match[str], ctx: Context) -> Candidate | None:
    amount = parse_amount(match["n"]) if match["n"] else None
    if amount is None or not float(amount).is_integer():
        return Candidate(match.start(), match.end(), "DATE", "PAST_REF", "APPROX" if match["so"] else None, ago=True)
    unit, steps = cal.unit_name(match["unit"]), int(amount)
    if unit in ("second", "minute", "hour"):
        unit, steps = "day", 0
    elif unit == "fortnight":
        unit, steps = "week", steps * 2
    elif unit == "decade":
        unit, steps = "year", steps * 10
    value = cal.shift_unit(ctx.dct, unit, -steps)  # "99999999 days ago" lies outside the calendar
    # Earnings news compares a quarter with "a year ago": the same quarter a year back.
    # "ago" counts from the article, so the quarter it moves back is one already reported.
    latest = cal.shift_value(cal.shift_unit(ctx.dct, "quarter", -1), "year", -steps, keep=True) if ctx.dct and unit == "year" else None
    anaphor = Anaphor("year", -steps, keep=True, needs="quarter", latest=latest, spans_year=steps == 1) if unit == "year" else None
    # "a week or so ago": about that far back, the approximation in the mod.
    mod = "APPROX" if match["so"] else None
    return Candidate(match.start(), match.end(), "DATE", value, mod, ago=True, day=unit == "day", anaphor=anaphor)


# Money or counts before "a year" make it a rate: "$5 million a year", "30,000 barrels a day".
_RATE_BEFORE = re.compile(
    r"(?:\d|%|million|billion|trillion|percent|cent|barrels|tons|tonnes|dollars|euros|rubles|roubles|times|once|twice)\s+\Z", re.IGNORECASE
)
_AGE_AFTER = re.compile(r"[\s-]*old\b", re.IGNORECASE)
_SIGNAL_AFTER = re.compile(r"\s+(later|earlier)\b", re.IGNORECASE)
_ONE_DAY_OK = re.compile(r"\s+(?:after|before|later|earlier|of|ago)\b", re.IGNORECASE)
# "will one day be", "could some day win": after a modal, "one day" is an indefinite future (TimeML's FUTURE_REF).
_MODALS = frozenset("will would could can may might shall should must".split())
# After these "one day" is a length: "closed for one day", "delayed by one day", "lasted only one day".
_ONE_DAY_LENGTH = frozenset("for by within in after only just than least lasted lasting lasts last took takes take spent spend".split())


# "two more weeks", "an additional year": the count is of further units, the value the same;
# "eight trading days", "ten working days": days of one kind are still counted in days (P8D).
@rule(
    rf"(?<![\w-])(?:(?P<the>the)\s+)?(?P<n>{AMOUNT})(?:\s+(?:more|additional|extra|further))?(?:\s+(?-i:trading|business|working|school))?(?:\s+|-)(?P<unit>{UNIT})(?P<half>\s+and\s+a\s+half)?(?!\w)",
    triggers=("unit", "century"),
    reach=(45, 20),
    keeps_span=False,  # the amount, not "the" before it, may open the candidate
)
def _duration(match: re.Match[str], ctx: Context) -> Candidate | None:
    amount_text = " ".join(match["n"].lower().split())
    # TimeML keeps the determiner: "for the nine months ended Sept. 30" is "the nine months".
    start = match.start() if match["the"] and STARTS_WITH_NUMBER.match(match["n"]) and amount_text not in ("a", "an") else match.start("n")
    unit = cal.unit_name(match["unit"])
    if not ctx.lenient:
        if is_title(match["unit"]):
            return None  # CBS's "60 Minutes": a title in running text
        if _AGE_AFTER.match(ctx.text, match.end()):
            return None  # "a 25-year-old", "25 years old": ages
        if unit == "second" and amount_text in ("a", "an"):
            return None  # "a second round"
        hyphen = ctx.text[match.start("unit") - 1] == "-"  # "a one-day visit" is a length
        if unit == "day" and amount_text in ("one", "some") and not hyphen and not _ONE_DAY_OK.match(ctx.text, match.end()):
            before = ctx.word_before(start)
            if before in _MODALS:
                return Candidate(start, match.end(), "DATE", "FUTURE_REF")  # "it may one day be": some day to come
            if amount_text == "some" or before not in _ONE_DAY_LENGTH:
                return None  # "one day he will": indefinite
    if amount_text in ("a", "an", "one") and match["unit"].lower().endswith("s"):
        return None  # "a decades-long conflict": the bare plural rule reads "decades"
    amount = parse_amount(match["n"])
    if match["half"] and amount is not None:
        amount += 0.5
    if amount_text in ("a", "an") and _RATE_BEFORE.search(ctx.text, max(0, start - 20), start):
        return Candidate(start, match.end(), "SET", cal.duration_value(1, unit))
    anaphor = None
    signal = _SIGNAL_AFTER.match(ctx.text, match.end()) if unit in ("day", "week") else None
    if signal is not None and amount is not None and float(amount).is_integer():
        # TimeML: after a count of days or weeks, "later" and "earlier" are signals and the count
        # a DURATION ("three days later" is P3D); the day it reaches from the last date the text
        # named becomes the story's time. Years and months stay the DATE of a comparison ("up
        # from $2 million a year earlier", news_rules), as TimeBank writes them.
        steps = int(amount) * (-1 if signal[1].lower() == "earlier" else 1)
        try:
            point: str | None = cal.shift_unit(ctx.dct, unit, steps)
        except cal.OutsideCalendar:
            point = None
        anaphor = Anaphor(unit, steps, keep=True, measures=True, point=point)
    return Candidate(start, match.end(), "DURATION", cal.duration_value(amount, unit), anaphor=anaphor)


@rule(
    rf"(?<!\w)half\s+an?\s+(?P<unit>{UNIT})(?!\w)",
    triggers=("half",),
    reach=(0, 20),
)
def _half(match: re.Match[str], ctx: Context) -> Candidate | None:
    return Candidate(match.start(), match.end(), "DURATION", cal.duration_value(0.5, cal.unit_name(match["unit"])))


_BARE_CONTEXT = frozenset("for over in within after throughout take takes took taken taking last lasted lasting spend spent wait waited".split())
_LONG_OR_OF = re.compile(r"-long\b|\s+of\b", re.IGNORECASE)
_LATER_AFTER = re.compile(r"\s+(?:after|before|later|earlier)\b", re.IGNORECASE)
# "over the years", "in the years that followed": the stretch of time the story covers, a
# DURATION of unknown length ("the weeks before the shooting" points at a time: not these).
_OVER_THE = re.compile(r"(?<![\w-])(?:over|throughout)\s+the\s+\Z", re.IGNORECASE)
_THAT_FOLLOWED = re.compile(r"\s+(?:that|which)\s+followed\b", re.IGNORECASE)


# "in the weeks ahead", "the years ahead": like "the coming weeks", a stretch of unknown length.
@rule(r"(?<![\w-])the\s+(?P<u>decades|years|months|weeks|days|hours)\s+ahead(?![\w-])", triggers=("unit",), reach=(5, 15), needs="ahead")
def _units_ahead(match: re.Match[str], ctx: Context) -> Candidate | None:
    return Candidate(match.start(), match.end(), "DURATION", cal.duration_value(None, cal.unit_name(match["u"])))


@rule(
    r"(?<![\w-])(?:(?P<recent>recent)\s+)?(?P<u>decades|centuries|years|months|weeks|days|hours)(?!\w)",
    triggers=("unit", "century"),
    reach=(8, 10),
)
def _bare_units(match: re.Match[str], ctx: Context) -> Candidate | None:
    unit = cal.unit_name(match["u"])
    if not ctx.lenient and match["recent"] is None and unit not in ("decade", "century"):
        # "for years", "within days", "months-long", "weeks of talks" - but not "the years".
        before = ctx.word_before(match.start())
        determined = before in ("the", "these", "those", "his", "her", "its", "their", "our")
        follows = _LONG_OR_OF.match(ctx.text, match.end()) or _LATER_AFTER.match(ctx.text, match.end())
        if before not in _BARE_CONTEXT and (determined or not follows):
            stretch = before == "the" and (_OVER_THE.search(ctx.text, max(0, match.start() - 20), match.start()) or _THAT_FOLLOWED.match(ctx.text, match.end()))
            if not stretch:
                return None
    return Candidate(match.start(), match.end(), "DURATION", cal.duration_value(None, unit))


@rule(
    rf"""(?<!\w)
    (?: (?:every|each)\s+(?:(?P<other>other)\s+|(?P<n>{AMOUNT})\s+)?
        (?:(?P<unit>{UNIT})|(?P<quarter>quarter)|(?P<wd>{WEEKDAY})(?:\s+(?P<wdpart>{PART_OF_DAY}))?|(?P<m>{MONTH_ALONE})|(?P<s>{SEASON})|(?P<part>{PART_OF_DAY})|(?P<we>weekend))
      | (?-i:(?P<adv>daily|weekly|monthly|annually|yearly|hourly|nightly|fortnightly))
      | (?:once|twice|thrice|{AMOUNT}\s+times)\s+(?:a|an|per|each|every)\s+(?P<unit2>{UNIT})
      | per\s+(?P<unit3>hour|day|week|month|year)
      | (?P<wds>{WEEKDAY})s
    )(?!\w)""",
    triggers=("set", "weekdays"),
    reach=(30, 40),
)
def _set(match: re.Match[str], ctx: Context) -> Candidate | None:
    adverbs = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y", "hourly": "PT1H", "nightly": "P1D", "fortnightly": "P2W"}
    if match["adv"]:
        value = adverbs[match["adv"]]
    elif match["wd"] or match["wds"]:
        value = f"XXXX-WXX-{WEEKDAYS[(match['wd'] or match['wds']).lower()] + 1}"
        if match["wdpart"]:
            value += f"T{PARTS_OF_DAY[match['wdpart'].lower()]}"  # "every Tuesday night"
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
        value = cal.duration_value(amount, cal.unit_name(unit_word))
    return Candidate(match.start(), match.end(), "SET", value)


# "on Tuesday nights": a part of the day in the plural after a weekday recurs, like "Tuesdays".
@rule(
    rf"(?<!\w)(?P<wd>{WEEKDAY})\s+(?P<part>mornings|afternoons|evenings|nights)(?!\w)",
    triggers=("weekday",),
    reach=(0, 20),
    needs=r"(?:ings|noons|ghts)(?![a-z])",
)
def _weekday_parts(match: re.Match[str], ctx: Context) -> Candidate | None:
    part = PARTS_OF_DAY[match["part"].lower()[:-1]]
    return Candidate(match.start(), match.end(), "SET", f"XXXX-WXX-{WEEKDAYS[match['wd'].lower()] + 1}T{part}")
