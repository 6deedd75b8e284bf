"""How a chosen mention's extent and value grow from the words around it.

After the rules' candidates are settled (``finder.py``): position and amount words next to a
mention become its ``mod`` ("the end of" -> END, "more than" -> MORE_THAN, "pre-2008" -> BEFORE)
and join its extent; a hyphenated expression before a noun leaves "the" to the noun; the second
day of "April 24 and 25" becomes a date of its own; and a clock time next to a day becomes one
TIME ("Friday at 3 p.m."), or takes the day last named in its sentence.
"""

from __future__ import annotations

import calendar
import re

from annotator.core.dates.candidates import Candidate
from annotator.core.dates.lexicon import DAY_OF_MONTH, MONTH_WITH_DAY, STARTS_WITH_NUMBER, day_number
from annotator.core.dates.tense import SentenceIndex, crosses_sentence

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
# What the suffix's words open with (under IGNORECASE only these match "o" and "a").
_SUFFIX_OPENING = frozenset("oOaA")
# "post-1959 politics", "pre-2008 levels": the time after or before the one named.
_SIDE_PREFIX = re.compile(r"(?<![\w-])(?P<side>pre|post)-\Z", re.IGNORECASE)
# The words each prefix ends in (a necessary condition for the searches above).
_POSITION_LAST_WORDS = ("of", "early", "late", "mid")
_SIDE_LAST_WORDS = ("pre", "post")
_AMOUNT_LAST_WORDS = ("than", "over", "under", "nearly", "almost", "barely", "about", "around", "approximately", "roughly", "some", "least", "most", "to")
# A prefix is looked for only after one of them.
_MOD_LAST_WORDS = (*_POSITION_LAST_WORDS, *_AMOUNT_LAST_WORDS, *_SIDE_LAST_WORDS)
_DAY_THEN_CLOCK = re.compile(r"\s*,?\s*(?:at\s+)?")
_CLOCK_THEN_DAY = re.compile(r"\s*,?\s*(?:on\s+)?")


# Every character ``str.isspace`` holds (what ``str.rstrip()`` strips), and the hyphen.
SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
_SPACES_AND_HYPHENS = SPACES + "-"


# A hyphenated expression before a noun modifies it ("the 30-day waiting period", "the
# third-quarter loss", "the year-ago results"): TimeML leaves the noun's determiner out of it.
_PRENOMINAL = re.compile(r"[Tt]he\s+(?P<rest>(?:fiscal\s+)?[\w.]+-(?:day|week|month|year|quarter|hour|minute|decade|century|ago|earlier))")
_WORD_AFTER = re.compile(r"\s+[A-Za-z]")


def _with_modifiers(candidate: Candidate, text: str, floor: int, ceiling: int, before: str) -> Candidate:
    """Grow ``candidate`` (no mod yet, not a SET: every mod below needs a mention without one, and
    none is for a SET) over the mod words around it, never below ``floor`` or past ``ceiling``.
    ``before``: the text before it, lower-cased, without the spaces and hyphens at its end; every
    prefix ends in one of its words, so checking the last word first spares the searches."""
    start, end, mod = candidate.start, candidate.end, None
    kind, last_word = candidate.type, before
    if kind == "DATE" and not candidate.ago and text[start - 1 : start] == "-" and last_word.endswith(_SIDE_LAST_WORDS):
        match = _SIDE_PREFIX.search(text, max(floor, start - 6), start)
        if match:
            start = match.start()
            mod = "BEFORE" if match["side"].lower() == "pre" else "AFTER"
    if mod is None and kind in ("DATE", "TIME") and not candidate.ago and last_word.endswith(_POSITION_LAST_WORDS):
        match = _POSITION_PREFIX.search(text, max(floor, start - 40), start)
        if match:
            start = match.start()
            word = (match["of"] or match["edge"] or match["mid"]).lower()
            mod = {"start": "START", "beginning": "START", "dawn": "START", "early": "START", "middle": "MID", "mid": "MID"}.get(word, "END")
    if mod is None and last_word.endswith(_AMOUNT_LAST_WORDS):
        match = _AMOUNT_PREFIX.search(text, max(floor, start - 25), start)
        if match:
            words = " ".join(match["amt"].lower().split())
            bare = words.removeprefix("just ").removeprefix("well ")
            amount_mod = _AMOUNT_MODS[bare]
            numeric = STARTS_WITH_NUMBER.match(text, start) is not None
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
    # The suffix opens with spaces ("\s" is ``isspace``) and then "or" or "at".
    if mod is None and end + 1 < ceiling and text[end].isspace() and (text[end + 1] in _SUFFIX_OPENING or text[end + 1].isspace()):
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
    if (start, end, mod) == (candidate.start, candidate.end, candidate.mod):
        return candidate
    return candidate._replace(start=start, end=end, mod=mod)


def join_day_and_clock(candidates: list[Candidate], text: str, sentences: SentenceIndex | None) -> list[Candidate]:
    """ "Friday at 3 p.m." and "3 p.m. on Friday" are one TIME on that day; a clock time further
    on in the same sentence ("began Thursday ... ended before midnight") is on the day last named."""
    joined: list[Candidate] = []
    last_day: tuple[str, int] | None = None  # value and end of the day last named
    for index, candidate in enumerate(candidates):
        previous = joined[-1] if joined else None
        if previous is not None and previous.mod is None and candidate.mod is None:
            gap_lo, gap_hi = previous.end, candidate.start
            if previous.day and candidate.clock and _DAY_THEN_CLOCK.fullmatch(text, gap_lo, gap_hi):
                joined[-1] = previous._replace(end=candidate.end, type="TIME", value=f"{previous.value}T{candidate.clock}", day=False)
                last_day = (previous.value, candidate.end)
                continue
            if previous.clock and candidate.day and _CLOCK_THEN_DAY.fullmatch(text, gap_lo, gap_hi):
                joined[-1] = previous._replace(end=candidate.end, value=f"{candidate.value}T{previous.clock}", clock=None)
                last_day = (candidate.value, candidate.end)
                continue
        if (
            candidate.clock
            and last_day is not None
            and not (crosses_sentence(text, last_day[1], candidate.start) if sentences is None else sentences.crosses(last_day[1], candidate.start))
        ):
            candidate = candidate._replace(value=f"{last_day[0]}T{candidate.clock}")
        elif candidate.clock:
            day = _day_after_clock(candidates, index, text)
            if day is not None:
                candidate = candidate._replace(value=f"{day}T{candidate.clock}")
        if candidate.day:
            last_day = (candidate.value, candidate.end)
        joined.append(candidate)
    return joined


# "at 10:35 a.m. (0735 GMT) Friday": a clock time, the same time in another zone in brackets,
# then the day: both clock times are on that day, and stay mentions of their own.
_BRACKETS_BEFORE_DAY = re.compile(r"\s*(?:\)|\(\s*\))\s*,?\s*(?:on\s+)?")


def _day_after_clock(candidates: list[Candidate], index: int, text: str) -> str | None:
    """The value of the day named right after the clock time ``candidates[index]`` and a bracket
    holding only clock times (the one it opens, or the one it is in), or ``None``."""
    end = candidates[index].end
    if text[end : end + 3].strip()[:1] not in ("(", ")"):
        return None  # most clock times have no bracket after them: one look
    gap: list[str] = []
    for following in candidates[index + 1 : index + 4]:
        gap.append(text[end : following.start])
        if following.day:
            return following.value if _BRACKETS_BEFORE_DAY.fullmatch("".join(gap)) else None
        if not following.clock:
            return None
        end = following.end
    return None


def grow_extents(chosen: list[Candidate], text: str) -> list[Candidate]:
    """``chosen`` (settled, in order), each grown over the mod words around it and without the
    determiner of a noun it modifies."""
    grown: list[Candidate] = []
    floor = 0
    length = len(text)
    for index, candidate in enumerate(chosen):
        if (
            text[candidate.start] in "tT"
            and (prenominal := _PRENOMINAL.fullmatch(text, candidate.start, candidate.end))
            and _WORD_AFTER.match(text, candidate.end)
        ):
            candidate = candidate._replace(start=prenominal.start("rest"))  # "the 30-day period": "the" is the period's
        if candidate.mod is None and candidate.type != "SET":  # the mentions _with_modifiers is for
            start, end = candidate.start, candidate.end
            ceiling = chosen[index + 1].start if index + 1 < len(chosen) else length
            # Most mentions have no mod word before them and no suffix after: one look at the
            # text before (every prefix ends in a word of _MOD_LAST_WORDS) and at the two
            # characters after keeps them without the call.
            before = text[max(floor, start - 40) : start].rstrip(_SPACES_AND_HYPHENS).lower()
            if before.endswith(_MOD_LAST_WORDS) or (
                end + 1 < ceiling and text[end].isspace() and (text[end + 1] in _SUFFIX_OPENING or text[end + 1].isspace())
            ):
                candidate = _with_modifiers(candidate, text, floor, ceiling, before)
        grown.append(candidate)
        floor = candidate.end
    return grown


# "on April 24 and 25": a day number after "<Month> <day> and|or" is a day of that month too, if
# it is later and is followed by punctuation or a word that opens no noun ("May 5 and 30 people"
# counts people). Read off the chosen days, not by a rule: a rule would read every window
# around a number for the few that follow a date.
_AND_DAY = re.compile(
    rf"\s(?:and|or)\s(?P<d>{DAY_OF_MONTH})(?=\s*(?:[.;:)]|,(?!\s*\d)|\Z)|\s+(?:in|at|on|to|when|while|and|before|after|as|for|this|next|last)\b)"
)
_MONTH_AND_DAY = re.compile(rf"(?<![\w-])(?:{MONTH_WITH_DAY})\s+(?P<d>{DAY_OF_MONTH})\Z")


def with_second_days(chosen: list[Candidate], text: str) -> list[Candidate]:
    """``chosen`` with the second day of each "<Month> <day> and <day>" inserted after the first."""
    added: list[tuple[int, Candidate]] = []
    for index, candidate in enumerate(chosen):
        end = candidate.end
        if not (candidate.day and text.startswith((" and ", " or "), end)):
            continue  # most days are followed by neither: one look
        following = _AND_DAY.match(text, end)
        first = _MONTH_AND_DAY.search(text, candidate.start, end)
        value = candidate.value
        if following is None or first is None or len(value) != 10:
            continue
        if index + 1 < len(chosen) and chosen[index + 1].start < following.end("d"):
            continue  # the number is part of another mention
        month, day = int(value[5:7]), day_number(following["d"])
        if day <= day_number(first["d"]) or day > calendar.monthrange(int(value[:4]) if value[:4].isdigit() else 2000, month)[1]:
            continue  # "June 12 and 3 abstentions", "February 28 and 30"
        added.append((index + 1, Candidate(following.start("d"), following.end("d"), "DATE", f"{value[:8]}{day:02d}", day=True)))
    for index, candidate in reversed(added):
        chosen.insert(index, candidate)
    return chosen
