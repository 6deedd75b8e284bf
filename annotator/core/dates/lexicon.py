"""Words of time: month, weekday, season and number names, and the regex pieces built from them.

Month and weekday names only count when capitalised ("may" and "march" are verbs); number words
and relative words ("Last year", "Six weeks") match in any case.
"""

from __future__ import annotations

import re

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("January", "Jan"),
        ("February", "Feb"),
        ("March", "Mar"),
        ("April", "Apr"),
        ("May",),
        ("June", "Jun"),
        ("July", "Jul"),
        ("August", "Aug"),
        ("September", "Sept", "Sep"),
        ("October", "Oct"),
        ("November", "Nov"),
        ("December", "Dec"),
    ),
    start=1,
):
    for _name in _names:
        MONTHS[_name.lower()] = _number

WEEKDAYS = {name.lower(): index for index, name in enumerate(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"))}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
SEASON_ORDER = ("SP", "SU", "FA", "WI")
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}

SMALL_NUMBERS = {
    name: value
    for value, name in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
}
TENS = {name: 10 * value for value, name in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}
ORDINALS = {
    name: value
    for value, name in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth "
        "sixteenth seventeenth eighteenth nineteenth twentieth".split(),
        start=1,
    )
}
# Amounts that name no number: "several years" is PXY.
VAGUE_AMOUNTS = ("a few", "few", "several", "many", "some", "a number of", "dozens of", "hundreds of", "a couple of", "couple of")

_TITLE_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_ABBREVIATED_MONTHS = r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?"
# With a day or a year next to it: full names in title or upper case ("FEBRUARY 23, 2024"), or abbreviations.
MONTH_WITH_DAY = rf"(?-i:{_TITLE_MONTHS}|{_TITLE_MONTHS.upper()}|{_ABBREVIATED_MONTHS})"
# On its own: only full names in title case ("MAY" in a headline is the verb).
MONTH_ALONE = rf"(?-i:{_TITLE_MONTHS})"
WEEKDAY = r"(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
SEASON = r"(?:spring|summer|autumn|fall|winter)"
PART_OF_DAY = r"(?:morning|afternoon|evening|night)"
# News years: 1000-2099; the year rule narrows this further by context.
YEAR = r"(?:1\d|20)\d\d"
YEAR_END = r"(?![\d%]|[.,]\d|\w)"
DAY_OF_MONTH = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
UNIT = r"(?:seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|years?|decades?|centur(?:y|ies))"
_NUMBER_WORD = (
    rf"(?:(?:{'|'.join(TENS)})(?:[\s-](?:{'|'.join(list(SMALL_NUMBERS)[1:10])}))?"
    rf"|{'|'.join(sorted(SMALL_NUMBERS, key=len, reverse=True))}|(?:a|one)\s+hundred|hundred|(?:a\s+)?dozen)"
)
# Up to six digits: nobody counts a million days, and a long run of digits is not an amount.
_DIGITS = r"(?:\d{1,3}(?:,\d{3}){1,2}|\d{1,6}(?:\.\d{1,3})?)(?![\d.,]\d)"
# A count of units: "two", "21", "twenty-one", "one and a half", "a", "several".
_VAGUE = "|".join(amount.replace(" ", r"\s+") for amount in VAGUE_AMOUNTS)
# "5 1/2": a whole number and a half, as wire copy writes it.
_WITH_HALF = r"\d{1,3}\s+1/2(?![\d/])"
# As first written; ``AMOUNT`` matches what this matches, in the same order (a property test).
AMOUNT_AS_WRITTEN = rf"(?:(?:{_NUMBER_WORD}|{_WITH_HALF}|{_DIGITS})(?:\s+and\s+a\s+half)?|{_VAGUE}|an?)"


def _by_first_letter(alternatives: list[str]) -> str:
    """``"|".join(alternatives)`` with those that open with a letter grouped by it, in their
    order, and the others after them.

    A regex enters every alternative that opens with a group to find out that it fails; one
    that opens with a letter is turned away by one test of it, and a letter's group by one test
    for all its words. Alternatives that open with different characters cannot match at the same
    place, so only the order among those of one letter counts, and it is kept.
    """
    by_letter: dict[str, list[str]] = {}
    rest: list[str] = []
    for alternative in alternatives:
        if alternative[0].isalpha():
            by_letter.setdefault(alternative[0], []).append(alternative[1:])
        else:
            rest.append(alternative)
    return "|".join([*(f"{letter}(?:{'|'.join(words)})" for letter, words in by_letter.items()), *rest])


def _grouped_amount() -> str:
    """``AMOUNT_AS_WRITTEN`` with the alternatives of its nested groups spelt out into two lists,
    each grouped by first letter: the numbers (which may take "and a half") and the rest."""
    units = "|".join(list(SMALL_NUMBERS)[1:10])
    numbers = [
        *(rf"{tens}(?:[\s-](?:{units}))?" for tens in TENS),
        *sorted(SMALL_NUMBERS, key=len, reverse=True),
        r"a\s+hundred",
        r"one\s+hundred",
        "hundred",
        r"a\s+dozen",
        "dozen",
        _WITH_HALF,
        r"\d{1,3}(?:,\d{3}){1,2}(?![\d.,]\d)",
        r"\d{1,6}(?:\.\d{1,3})?(?![\d.,]\d)",
    ]
    others = [*(amount.replace(" ", r"\s+") for amount in VAGUE_AMOUNTS), "an?"]
    return rf"(?:(?:{_by_first_letter(numbers)})(?:\s+and\s+a\s+half)?|{_by_first_letter(others)})"


AMOUNT = _grouped_amount()
ORDINAL = rf"(?:\d{{1,2}}(?:st|nd|rd|th)|{'|'.join(sorted(ORDINALS, key=len, reverse=True))}|twenty[\s-]first)"

_SPACES = re.compile(r"[\s-]+")

# An amount that is a number ("two", "21", "a"), not a vague one ("several").
STARTS_WITH_NUMBER = re.compile(rf"(?:\d|an?\s|(?:{'|'.join([*SMALL_NUMBERS, *TENS])})\b)", re.IGNORECASE)


def parse_amount(text: str) -> float | None:
    """The number an AMOUNT match names; ``None`` for vague amounts ("several")."""
    words = _SPACES.sub(" ", text.lower()).strip()
    half = 0.0
    if words.endswith(" and a half"):
        words, half = words[: -len(" and a half")], 0.5
    if words.endswith(" 1/2"):
        words, half = words[: -len(" 1/2")], half + 0.5
    if words in ("a", "an"):
        return 1 + half
    if words in ("a couple of", "couple of"):  # "the next couple of years": two, give or take
        return 2 + half
    if words in VAGUE_AMOUNTS:
        return None
    if words in ("dozen", "a dozen"):
        return 12 + half
    if words in ("hundred", "a hundred", "one hundred"):
        return 100 + half
    if words in SMALL_NUMBERS:
        return SMALL_NUMBERS[words] + half
    first, _, second = words.partition(" ")
    if first in TENS:
        return TENS[first] + (SMALL_NUMBERS.get(second, 0) if second else 0) + half
    try:
        return float(words.replace(",", "")) + half
    except ValueError:
        return None


def day_number(text: str) -> int:
    """The day a DAY_OF_MONTH match names: "21st", "21ST" and "21ſt" (IGNORECASE) are 21."""
    return int(text.lower().rstrip("stndrhſ"))


def parse_ordinal(text: str) -> int | None:
    words = _SPACES.sub(" ", text.lower()).strip()
    if words == "twenty first":
        return 21
    if words in ORDINALS:
        return ORDINALS[words]
    digits = words.rstrip("stndrh")
    return int(digits) if digits.isdigit() else None
