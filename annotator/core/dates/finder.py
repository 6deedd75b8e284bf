"""Rule-based finding and TIMEX3 normalisation of date expressions in news text.

How it works: every rule is one regex, compiled at import, plus a handler that turns a match
into a candidate (span, type, value, mod) or rejects it by looking at the words around it
(``rules.py``, ``period_rules.py``, ``news_rules.py``; ``candidates.py`` registers them). A rule runs only within
reach of the words it cannot match without, found by one scan, which keeps the cost near one
pass over the text. Overlapping candidates are settled longest-first; then position and amount words next to a
mention become its ``mod`` ("the end of" -> END, "more than" -> MORE_THAN), and a clock time
next to a day becomes one TIME ("Friday at 3 p.m."). Anaphoric mentions ("the following day",
"a year earlier") then take their value from the last date the text named (``anaphora.py``), and every value is
checked: calendar arithmetic outside 0001-9999 (``resolve.py``) gives no date, never an error.

Anchored values (weekdays, bare months, "last year") are resolved against the document
creation time (dct) in the direction of the clause's tense (see ``tense.py``); with no tense cue
a weekday or bare month leans to the past, as news mostly reports. Without a dct the
unknown digits are written as ``X``: "September" -> ``XXXX-09``, "Friday" -> ``XXXX-WXX-5``,
"today" -> ``XXXX-XX-XX``, "last year" -> ``XXXX``; absolute expressions keep their value.

Spans follow TimeML: a leading "the" belongs to the expression ("the 1990s", "the past two
years"), prepositions do not ("on Friday" -> "Friday"), and "ago" does ("two years ago").
"""

from __future__ import annotations

import bisect
import calendar
import datetime
import itertools
import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass

# Importing a rule module registers its rules; the order is their priority among overlapping
# candidates of one length: calendar rules first, then periods and clock times, then news conventions.
# isort: off
from annotator.core.dates import rules  # noqa: F401
from annotator.core.dates import period_rules  # noqa: F401
from annotator.core.dates import news_rules  # noqa: F401

# isort: on
from annotator.core.dates import resolve as cal
from annotator.core.dates.anaphora import resolve_anaphora
from annotator.core.dates.candidates import RULES, TRIGGER_CLASS, TRIGGER_WORDS, TRIGGERS, Candidate, Context, Handler, Rule
from annotator.core.dates.lexicon import (
    DAY_OF_MONTH,
    MONTH_WITH_DAY,
    STARTS_WITH_NUMBER,
    day_number,
)
from annotator.core.dates.tense import SentenceIndex, crosses_sentence
from annotator.core.dates.timex import TIMEX_MODS, validate_timex


@dataclass(frozen=True)
class DateMention:
    """One date expression: ``text == document_text[start:end]`` (code points, end-exclusive)."""

    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None


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


def _with_modifiers(candidate: Candidate, text: str, floor: int, ceiling: int) -> Candidate:
    """Grow ``candidate`` over the mod words around it, never below ``floor`` or past ``ceiling``."""
    start, end, mod = candidate.start, candidate.end, candidate.mod
    kind = candidate.type
    if mod is not None or kind == "SET":
        return candidate  # every mod below needs a mention without one, and none is for a SET
    # Both prefixes end in spaces or hyphens after a few words; most mentions have neither in
    # front, and checking the last word first spares the two searches.
    last_word = text[max(floor, start - 40) : start].rstrip(_SPACES_AND_HYPHENS).lower()
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
    if mod is None and kind != "SET" and last_word.endswith(_AMOUNT_LAST_WORDS):
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


def _join_day_and_clock(candidates: list[Candidate], text: str, sentences: SentenceIndex | None) -> list[Candidate]:
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


# Links and e-mail addresses. Each alternative starts at a fixed prefix or at the start of a
# token and then only runs forward, so a 100,000-character base64 blob costs one pass: an
# unanchored "\S+@" retried the whole rest of the token at every position (quadratic).
def _inside_url(start: int, end: int, urls: list[tuple[int, int]], url_starts: list[int]) -> bool:
    index = bisect.bisect_left(url_starts, end) - 1
    return index >= 0 and urls[index][1] > start


_URL = re.compile(r"(?:https?://|www\.)\S+|(?<!\S)[^\s@]*@[^\s@]+\.\S*", re.IGNORECASE)


# ``TRIGGERS`` with the non-word character before its word in place of its opening "\b": a regex
# that opens with a class is searched for by skipping the characters outside it in one loop,
# where "\b" is tried at every position of the text. A space put in front of the text stands for
# its start. Every trigger word ends in a word character, so the character a match takes in
# front is never the last one of the match before it (a property test holds it to ``TRIGGERS``).
_TRIGGERS_AFTER_NON_WORD = re.compile(r"\W" + TRIGGERS.pattern.removeprefix(r"\b"))
assert _TRIGGERS_AFTER_NON_WORD.pattern != r"\W" + TRIGGERS.pattern, "TRIGGERS no longer opens with \\b"
# The same with a class of plain characters in front: "\W" costs the engine a look-up of the
# character's Unicode category at every position of the text, "[^A-Za-z0-9_]" one bit. It lets
# every non-ASCII character in front of a word, letters too ("é" of "émay"): a match behind
# such a letter is a word the regex above does not find, and then the text is scanned with it.
_TRIGGERS_AFTER_NON_ASCII_WORD = re.compile(r"[^A-Za-z0-9_]" + TRIGGERS.pattern.removeprefix(r"\b"))


def _triggers(lower: str) -> dict[str, list[tuple[int, int]]]:
    """For each trigger class, where its words are in the lower-cased text, in order."""
    found: dict[str, list[tuple[int, int]]] = {name: [] for name in TRIGGER_WORDS}
    by_group = {group: found[name] for group, name in TRIGGER_CLASS.items()}
    spaced = " " + lower
    for match in _TRIGGERS_AFTER_NON_ASCII_WORD.finditer(spaced):
        start, end = match.span()
        # Up to the first word behind a letter the two scans find the same; most texts have none.
        if spaced[start] > "\x7f" and spaced[start].isalnum():  # what "\W" turns away beyond the class
            return _triggers_after_non_word(spaced)
        # The match's offsets in the text, less the character in front of the word.
        by_group[match.lastgroup or ""].append((start, end - 1))
    return found


def _triggers_after_non_word(spaced: str) -> dict[str, list[tuple[int, int]]]:
    """``_triggers`` of ``spaced[1:]``, each word found behind a character ``\\W`` holds."""
    found: dict[str, list[tuple[int, int]]] = {name: [] for name in TRIGGER_WORDS}
    for match in _TRIGGERS_AFTER_NON_WORD.finditer(spaced):
        found[TRIGGER_CLASS[match.lastgroup or ""]].append((match.start(), match.end() - 1))
    return found


def _windows(
    rule: Rule, triggers: dict[str, list[tuple[int, int]]], length: int, joined: dict[tuple[str, ...], list[tuple[int, int]]] | None = None
) -> list[tuple[int, int, int]]:
    """The disjoint stretches of the text within ``rule``'s reach of one of its trigger words,
    each as (start, end, where its last trigger word starts).

    ``joined`` keeps the trigger words of each set of classes, sorted, for the next rule with
    the same classes (several rules share them)."""
    spans = joined.get(rule.triggers) if joined is not None else None
    if spans is None:
        spans = triggers[rule.triggers[0]] if len(rule.triggers) == 1 else sorted(span for name in rule.triggers for span in triggers[name])
        if joined is not None:
            joined[rule.triggers] = spans
    merged: list[tuple[int, int, int]] = []
    if not spans:
        return merged
    before, after = rule.before, rule.after
    # A match ends well before the window does, so a pattern's "(?!\w)" never meets the
    # window's end in the middle of a word (extending it to the word's end would make a long
    # token quadratic).
    window_lo, window_hi = spans[0][0] - before, spans[0][1] + after
    last = spans[0][0]
    for start, end in spans:
        lo = start - before
        if lo <= window_hi:
            hi = end + after
            if hi > window_hi:
                window_hi = hi
        else:
            merged.append((window_lo if window_lo > 0 else 0, window_hi if window_hi < length else length, last))
            window_lo, window_hi = lo, end + after
        last = start
    merged.append((window_lo if window_lo > 0 else 0, window_hi if window_hi < length else length, last))
    return merged


_START = operator.attrgetter("start")


# A match a handler cannot read gives no date: a day outside the calendar, or a word the
# lookup tables do not hold because IGNORECASE let a letter in that lower-casing leaves as it is
# ("ſpring", "thıs"). The text is the user's: it must never stop the finder.
_NO_READING = (cal.OutsideCalendar, KeyError, ValueError)


class _SpanMoved(Exception):
    """A handler evaluated lazily returned another span than its match's (see ``Rule.keeps_span``)."""


def _scan(ctx: Context, windowed: bool = True) -> list[Candidate]:
    """All mentions in ``ctx.text``, non-overlapping, sorted, with mods and joins applied."""
    try:
        return _scan_rules(ctx, windowed, lazy=True)
    except _SpanMoved:  # a rule that should not keep its span: every handler is called, as before
        return _scan_rules(ctx, windowed, lazy=False)


def _match_at_triggers(
    rule: Rule,
    priority: int,
    windows: list[tuple[int, int, int]],
    trigger_spans: list[tuple[int, int]],
    text: str,
    order: Iterator[int],
    deferred: bool,
    ctx: Context,
) -> list[tuple[int, int, int, int, object, Handler | None]]:
    """The entries for what ``rule.pattern.finditer`` finds in each of ``windows``, for a rule
    whose every match starts where one of its trigger words does (``Rule.starts_at_trigger``):
    the regex is tried at each trigger word of the window past the last match, which finds the
    leftmost match from there as the scan does, without trying the places in between."""
    match_at, handler = rule.pattern.match, rule.handler
    entries: list[tuple[int, int, int, int, object, Handler | None]] = []
    if not windows:
        return entries
    spans = iter(trigger_spans)
    start = next(spans)[0]  # windows hold every trigger word, the first window the first one
    for lo, hi, _ in windows:
        position = lo
        while start < hi:
            if start >= position and (match := match_at(text, start, hi)) is not None:
                position = match.end()
                if deferred:
                    entries.append((start - position, priority, start, next(order), match, handler))
                else:
                    try:
                        candidate = handler(match, ctx)
                    except _NO_READING:
                        candidate = None
                    if candidate is not None:
                        entries.append((candidate.start - candidate.end, priority, candidate.start, next(order), candidate, None))
            start = next(spans, (len(text) + 1, 0))[0]
    return entries


# "on April 24 and 25": a day number after "<Month> <day> and|or" is a day of that month too, if
# it is later and is followed by punctuation or a word that opens no noun ("May 5 and 30 people"
# counts people). Read off the chosen days, not by a rule: a rule would read every window
# around a number for the few that follow a date.
_AND_DAY = re.compile(
    rf"\s(?:and|or)\s(?P<d>{DAY_OF_MONTH})(?=\s*(?:[.;:)]|,(?!\s*\d)|\Z)|\s+(?:in|at|on|to|when|while|and|before|after|as|for|this|next|last)\b)"
)
_MONTH_AND_DAY = re.compile(rf"(?<![\w-])(?:{MONTH_WITH_DAY})\s+(?P<d>{DAY_OF_MONTH})\Z")


def _with_second_days(chosen: list[Candidate], text: str) -> list[Candidate]:
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


def _scan_rules(ctx: Context, windowed: bool, lazy: bool) -> list[Candidate]:  # noqa: C901, PLR0912 - the scan, one pass each
    text = ctx.text
    lower = text.lower()
    # Each match or candidate behind its sort key: length (longest first), the rule's priority,
    # start, and the order found (so that the tuples compare in C and never reach what follows).
    # A rule whose candidates keep their match's span has its handler called only if the match
    # is not overlapped by a longer or earlier one already chosen (a bare month or year inside a
    # full date, most of them): with the span known, the order and the overlaps are the same.
    found: list[tuple[int, int, int, int, object, Handler | None]] = []
    # Lower-casing keeps offsets for all but a few letters ("İ"); for those, scan everything.
    triggers = _triggers(lower) if windowed and len(lower) == len(text) else None
    # A rule's ``needs`` is searched for in the lower-cased text: exact unless a letter matches
    # an ASCII one only under IGNORECASE ("ı" an i, "ſ" an s), and then every window is read.
    needs_hold = triggers is not None and "ı" not in text and "ſ" not in text
    joined: dict[tuple[str, ...], list[tuple[int, int]]] = {}
    append = found.append
    order = itertools.count()  # the order found, the last key of each entry
    for priority, rule in enumerate(RULES):
        spans = [(0, len(text), len(text))] if triggers is None else _windows(rule, triggers, len(text), joined)
        pattern, handler = rule.pattern, rule.handler
        needs, needs_text, back = (rule.needs, rule.needs_text, rule.needs_back) if needs_hold else (None, None, 0)
        deferred = lazy and rule.keeps_span
        if rule.starts_at_trigger and needs_hold:  # a letter only IGNORECASE folds ('ı' an i) hides a trigger word
            # Every match starts where one of the rule's trigger words does: the regex is tried
            # there only, each from the end of the last match, as its scan of the window would.
            found += _match_at_triggers(rule, priority, spans, joined[rule.triggers], text, order, deferred, ctx)
            continue
        for lo, hi, last in spans:
            if needs is not None:
                from_ = lo - back if lo > back else 0
                if lower.find(needs_text, from_, hi) == -1 if needs_text else needs.search(lower, from_, hi) is None:
                    continue  # nothing the rule cannot match without
            for match in pattern.finditer(text, lo, hi):
                start, end = match.span()
                if deferred:
                    append((start - end, priority, start, next(order), match, handler))
                else:
                    try:
                        candidate = handler(match, ctx)
                    except _NO_READING:
                        candidate = None  # "tomorrow" on 9999-12-31: no day to name
                    if candidate is not None:
                        append((candidate.start - candidate.end, priority, candidate.start, next(order), candidate, None))
                # Every match holds the start of one of the rule's trigger words (a property test
                # per rule), and the next one starts where this one ends: past the window's last
                # trigger word none is left to find, and the rest of the window is not read.
                if end > last:
                    break
    if not ctx.lenient and ("@" in text or "://" in text or "www." in lower):
        # Dates inside links ("themoscowtimes.com/2024/02/23/...") are part of an address.
        urls = [(m.start(), m.end()) for m in _URL.finditer(text)]
        if urls:
            url_starts = [lo for lo, _ in urls]  # sorted and disjoint, so one look-up per candidate
            found = [entry for entry in found if not _inside_url(entry[2], entry[2] - entry[0], urls, url_starts)]
    # Longest first; among equals the earlier rule wins. Candidates are short, so marking the
    # characters taken keeps this linear however many there are.
    found.sort()
    taken = bytearray(len(text))
    chosen: list[Candidate] = []
    for negative_length, _, start, _, item, handler in found:
        end = start - negative_length
        if taken.find(1, start, end) != -1:
            continue
        if handler is None:
            candidate = item
        else:
            try:
                candidate = handler(item, ctx)
            except _NO_READING:
                continue  # "tomorrow" on 9999-12-31: no day to name
            if candidate is None:
                continue
            if candidate.start != start or candidate.end != end:
                raise _SpanMoved(candidate)
        taken[start:end] = b"\x01" * (end - start)
        chosen.append(candidate)
    chosen.sort(key=_START)
    chosen = [c if c.deferred is None else c._replace(value=c.deferred(), deferred=None) for c in chosen]
    chosen = _with_second_days(chosen, text)
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
        if candidate.mod is None and candidate.type != "SET":  # what _with_modifiers returns as it is, kept without a call
            start, end = candidate.start, candidate.end
            ceiling = chosen[index + 1].start if index + 1 < len(chosen) else length
            # Most mentions have no mod word before them and no suffix after: one look at the
            # text before (every prefix ends in a word of _MOD_LAST_WORDS) and at the two
            # characters after keeps them without the call (the tests _with_modifiers starts with).
            if text[max(floor, start - 40) : start].rstrip(_SPACES_AND_HYPHENS).lower().endswith(_MOD_LAST_WORDS) or (
                end + 1 < ceiling and text[end].isspace() and (text[end + 1] in _SUFFIX_OPENING or text[end + 1].isspace())
            ):
                candidate = _with_modifiers(candidate, text, floor, ceiling)
        grown.append(candidate)
        floor = candidate.end
    # The values come from many rules; this is the one place that keeps the promise that
    # every mention carries a valid TIMEX3 value, whatever the text.
    joined = _join_day_and_clock(resolve_anaphora(grown, ctx.dct), text, ctx.sentences(build=False))
    # News repeats its dates: each distinct (type, value, mod) is checked once.
    valid: dict[tuple[str, str, str | None], bool] = {}
    kept = []
    for c in joined:
        key = (c.type, c.value, c.mod)
        ok = valid.get(key)
        if ok is None:
            ok = valid[key] = is_valid_timex(c.type, c.value, c.mod)
        if ok:
            kept.append(c)
    return kept


_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def is_valid_timex(kind: str, value: str, mod: str | None) -> bool:
    """``validate_timex(kind, value, mod) is None``, the two shapes most dates take (a year, a
    day: "2024", "2024-02-23") answered without its regex (a property test compares them)."""
    if kind == "DATE" and (mod is None or mod in TIMEX_MODS) and value.isascii():
        if len(value) == 4 and value.isdigit():
            return True
        if len(value) == 10 and value[4] == "-" and value[7] == "-" and value[:4].isdigit() and value[5:7].isdigit() and value[8:].isdigit():
            month, day = int(value[5:7]), int(value[8:])
            return 1 <= month <= 12 and 1 <= day <= _DAYS_IN_MONTH[month] + (month == 2 and calendar.isleap(int(value[:4])))
    return validate_timex(kind, value, mod) is None


def _normalise_dct(dct: datetime.date | None) -> datetime.date | None:
    # A datetime is a date too; only its calendar day counts.
    return dct.date() if isinstance(dct, datetime.datetime) else dct


def find_dates(text: str, dct: datetime.date | None) -> list[DateMention]:
    """Every date expression in ``text``, sorted by start, resolved against ``dct``.

    Offsets are code points into ``text`` exactly as given (end-exclusive), so
    ``text[m.start:m.end] == m.text``. Pure function: safe to call from any thread.
    """
    ctx = Context(text, 0, text, _normalise_dct(dct), lenient=False)
    return trusted_mentions(text, _scan(ctx))


_new = object.__new__


def trusted_mentions(text: str, candidates: list[Candidate]) -> list[DateMention]:
    """``[DateMention(c.start, c.end, text[c.start:c.end], c.type, c.value, c.mod) for c in candidates]``,
    each mention's fields set in its ``__dict__`` at once rather than by six calls of
    ``object.__setattr__`` (a frozen dataclass's ``__init__``), in one loop rather than a call
    each: the same objects (equal, same hash and repr; a property test compares them), for
    values the finder has already checked. A long text makes thousands of them."""
    mentions = []
    append = mentions.append
    for candidate in candidates:
        start, end, kind, value, mod = candidate[:5]  # a slice of a tuple is quicker to unpack than named fields
        mention = _new(DateMention)
        fields = mention.__dict__
        fields["start"] = start
        fields["end"] = end
        fields["text"] = text[start:end]
        fields["type"] = kind
        fields["value"] = value
        fields["mod"] = mod
        append(mention)
    return mentions


# Words a hand-tagged span may carry around the date itself ("on Friday", "in the 1990s,").
_FILLER = re.compile(r"[\s\W]*(?:(?:on|in|at|since|from|by|until|till|during|for|over|the|of|before|after)\b[\s\W]*)*", re.IGNORECASE)
# "three days later": the signal after a duration may be in the span (the value is the duration's).
_TRAILING = re.compile(r"[\s\W]*(?:(?:later|earlier|before|after)\b[\s\W]*)?", re.IGNORECASE)


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
    ctx = Context(text, start, span, _normalise_dct(dct), lenient=True)
    candidates = _scan(ctx)
    if not candidates:
        return None
    best = max(candidates, key=lambda c: c.end - c.start)
    if not (_FILLER.fullmatch(span, 0, best.start) and _TRAILING.fullmatch(span, best.end)):
        return None
    return DateMention(start, end, span, best.type, best.value, best.mod)
