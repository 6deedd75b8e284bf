"""Rule-based finding and TIMEX3 normalisation of date expressions in news text.

How it works: every rule is one regex, compiled at import, plus a handler that turns a match
into a candidate (span, type, value, mod) or rejects it by looking at the words around it
(``rules.py``, ``period_rules.py``, ``news_rules.py``; ``candidates.py`` registers them). A rule runs only within
reach of the words it cannot match without, found by one scan, which keeps the cost near one
pass over the text. Overlapping candidates are settled longest-first; then position and amount words next to a
mention become its ``mod`` ("the end of" -> END, "more than" -> MORE_THAN), and a clock time
next to a day becomes one TIME ("Friday at 3 p.m.": ``extents.py``). Anaphoric mentions ("the following day",
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
from annotator.core.dates.extents import grow_extents, join_day_and_clock, with_second_days
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
    chosen = with_second_days(chosen, text)
    grown = grow_extents(chosen, text)
    # The values come from many rules; this is the one place that keeps the promise that
    # every mention carries a valid TIMEX3 value, whatever the text.
    joined = join_day_and_clock(resolve_anaphora(grown, ctx.dct), text, ctx.sentences(build=False))
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
