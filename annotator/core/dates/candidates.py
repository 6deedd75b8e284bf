"""What the date rules produce and how they are registered: candidates, the scan context, triggers.

A rule is a regex plus a handler (``rule`` registers both) that turns a match into a
``Candidate`` or rejects it. Rules run in the order they are registered, which is also their
priority among candidates of equal length (``rules`` first, then ``news_rules``).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from annotator.core.dates.cased import case_sensitive
from annotator.core.dates.guards import guarded
from annotator.core.dates.tense import Cue, SentenceIndex, Tense, clause_tense


class Candidate(NamedTuple):
    """What a rule found. A named tuple, not a dataclass: a text of 200,000 characters makes
    thousands of them, and a tuple is built several times faster than a frozen dataclass."""

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
    # "the following day", "a year earlier": a time relative to the date the text named last.
    # ``value`` is then the reading from the dct, used when no earlier date fits.
    anaphor: Anaphor | None = None
    # A value that costs a look at the sentence (its tense), worked out only if the candidate is
    # chosen: most bare months lie inside a longer date. It must return a value, never raise.
    deferred: Callable[[], str] | None = None


@dataclass(frozen=True)
class Anaphor:
    unit: str  # day, week, month, quarter, year
    steps: int
    # True: keep the earlier date's own granularity ("a year earlier" than 1989-Q3 is 1988-Q3).
    keep: bool
    # Only an earlier date of this granularity counts ("a year ago" after a quarter in earnings news).
    needs: str | None = None
    part: str | None = None  # "the next morning": TMO on the day found
    # "the 1988 period": the earlier date's quarter, moved into this year.
    year: int | None = None
    # The latest value the mention can take, in its own granularity: "the latest quarter" has
    # ended, so a quarter the text forecast ("fourth-quarter earnings will ...") is not it.
    latest: str | None = None
    # The earliest value it can take: a "year-earlier" result counts back from the article, so
    # after "last year" it is that year again, not the one before it.
    earliest: str | None = None
    # A look back one year after a span of months ("for the nine months ... a year earlier")
    # compares the span with last year's: the year, not the quarter the text named before.
    spans_year: bool = False
    # A DURATION that measures from the last date ("two days later": TimeML's duration and its
    # signal) keeps its value; the day it reaches from that date (else ``point``, read from the
    # dct) becomes the story's time, as a date would.
    measures: bool = False
    # "the previous Friday": that weekday before (``steps`` -1) or after (+1) the earlier day.
    weekday: int | None = None
    point: str | None = None


class Context:
    """The text a scan runs over (``text``), where it sits in the document, and the dct."""

    def __init__(self, document: str, offset: int, text: str, dct: datetime.date | None, lenient: bool) -> None:
        self.document = document
        self.offset = offset
        self.text = text
        self.dct = dct
        # A span the user tagged by hand is a date by decision: context vetoes are off.
        self.lenient = lenient
        # The tense cues of each sentence, found once however many dates it holds.
        self.cues: dict[tuple[int, int], list[Cue]] = {}
        self._sentences: SentenceIndex | None = None
        self._windowed = 0  # sentences found by scanning around an expression, before the index
        # A handler's answers that depend on the dct only (a weekday in a direction), by key.
        self.memo: dict[tuple[object, ...], str] = {}

    def sentences(self, build: bool = True) -> SentenceIndex | None:
        """The sentence ends of ``text``, found on first use (``build``) or ``None`` if not found
        yet; ``None`` for a span of a document, whose scan must stay as short as the span (the
        windowed functions serve it)."""
        if self.offset != 0 or self.text is not self.document:
            return None
        if self._sentences is None and build:
            self._sentences = SentenceIndex(self.text)
        return self._sentences

    def tense(self, start: int, end: int) -> Tense | None:
        # A windowed look-up reads a few hundred characters; the index reads the whole text once.
        # Both find the same sentence (a property test), so the index is built only once the
        # look-ups so far would have paid for it: a long text with a few dates never reads it all.
        index = self._sentences
        if index is None:
            self._windowed += 1
            if self._windowed * _CHARACTERS_PER_LOOK_UP > len(self.text):
                index = self.sentences()
        return clause_tense(self.document, self.offset + start, self.offset + end, self.cues, index)

    def word_before(self, pos: int) -> str:
        """The letters (A-Z) right before the spaces before ``pos``, within 40 characters, lower-cased."""
        # The same as searching r"([A-Za-z]+)\s+\Z" in text[pos - 40:pos], without trying 40 starts.
        segment = self.text[max(0, pos - 40) : pos]
        stripped = segment.rstrip()
        if len(stripped) == len(segment):
            return ""
        # The trailing letters, stripped in C: what stepping back over them one by one finds.
        return stripped[len(stripped.rstrip(ASCII_LETTERS)) :].lower()

    def word_after(self, pos: int) -> str:
        match = _WORD_AFTER.match(self.text, pos)
        return match[1] if match else ""


ASCII_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_WORD_AFTER = re.compile(r"\s+([A-Za-z]+)")
# What one windowed sentence look-up costs, in characters of the text the index scans for as
# long (measured on a 200,000-character article: 4 us a look-up, 9 ns a character).
_CHARACTERS_PER_LOOK_UP = 450


# --- rules -----------------------------------------------------------------------------------

Handler = Callable[[re.Match[str], Context], "Candidate | None"]


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    triggers: tuple[str, ...]  # the trigger classes one of which every match contains
    handler: Handler
    # How far a match reaches before its trigger word starts and after it ends, in characters.
    before: int
    after: int
    source: str = ""  # the regex as written (read under _RULE_FLAGS), before it was made case-sensitive and guarded
    # Something every window the rule matches in holds, in its lower-cased text ("weekend"; the
    # match holds it, or its look-ahead read it): a window without it is not scanned. A search
    # that skips most characters costs far less than the rule's.
    needs: re.Pattern[str] | None = None
    needs_text: str | None = None  # ``needs`` when it is plain text: ``str.find`` is quicker still
    # How many characters before a window what the rule needs may start (its look-behind reads them).
    needs_back: int = 0
    # Every candidate the handler returns has its match's span: the scan then calls it only for
    # a match that no longer or earlier candidate overlaps. A handler that moves an end says so.
    keeps_span: bool = True
    # Every match starts where a trigger word of the rule's classes that the scan finds starts
    # (never inside one): the regex is then tried at those places only (a property test per rule).
    starts_at_trigger: bool = False


RULES: list[Rule] = []

# Regex scans cost most of the time, so a rule runs only in windows around the words it
# cannot match without. One scan of the lower-cased text finds them all; each class is a
# word start ("day" also finds "days"), and a word belongs to one class (the first listed).
# The narrower a class, the fewer windows its rules read.
TRIGGER_WORDS = {
    "decade": r"\d+0s",
    "code": r"q[1-4]|h[12]",
    # Numbers that can only be a numeric date or a clock time get classes of their own, so that
    # the date and clock rules read the text around them only.
    "numdate": r"\d{4}-\d\d-\d\d|\d{1,2}[./]\d{1,2}[./]\d{4}",
    "clocktime": r"\d{1,2}(?:[:.h]\d\d|\s*[ap]\.?\s?m)|\d{4}(?=\s*(?:gmt|utc))",
    "digit": r"\d+",
    "sequence": r"earlier|later",
    "holiday": r"christmas|boxing\s+day|new\s+year|halloween|valentine|thanksgiving|easter(?![a-z])|good\s+friday|election\s+day",
    "quarter": r"quarter|period",
    "set": r"every(?![a-z])|each|daily|weekly|monthly|annually|yearly|hourly|nightly|fortnightly|once|twice|thrice|times|per(?![a-z])",
    "weekdays": r"mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays",
    "weekday": r"monday|tuesday|wednesday|thursday|friday|saturday|sunday",
    "century": r"centur",
    "unit": r"second|minute|hour|day|week|fortnight|month|year|decade",
    # Whole names and abbreviations only: "march" and "may" stay triggers, "market" and "declined" do not.
    "month": "|".join(
        f"{name}(?![a-z])"
        for name in r"jan(?:uary)? feb(?:ruary)? mar(?:ch)? apr(?:il)? may june? july? aug(?:ust)? sep(?:t|tember)? oct(?:ober)? nov(?:ember)? dec(?:ember)?".split()
    ),
    "season": r"spring|summer|autumn|fall|winter",
    "deictic": r"today|tonight|yesterday|tomorrow|morning|afternoon|evening|night",
    "ago": r"ago",
    "clock": r"noon|midday|midnight",
    "reference": r"now(?![a-z])|current|coming|nowadays|these\s+days|present(?![a-z])|recent|past|future|term",
    "spoken": r"nineteen|thousand",
    "fiscal": r"fiscal|fy",
    "ties": r"twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties",
    "half": r"half",
    # Words that open an anaphoric weekday ("the previous Friday") or a part of a year ("the first two quarters of").
    "before_after": r"previous|preceding|following",
    "edge": r"first|last|final",
}


def _alternatives(words: str) -> list[str]:
    """The top-level alternatives of a regex: "a|b(?:c|d)" -> ["a", "b(?:c|d)"]."""
    found, depth, start = [], 0, 0
    for index, char in enumerate(words):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            found.append(words[start:index])
            start = index + 1
    found.append(words[start:])
    return found


# Letters by how often English words start with them: the regex tries the letter groups in
# this order, and the order of groups with different first letters changes no match.
_WORD_START_ORDER = "taoswicbphfmdrlengyuvjkqxz"


def _compile_triggers(classes: dict[str, str]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex for all trigger words, and the class each of its groups stands for.

    It finds what ``\b(?:(?P<class>words)|...)`` finds, the first class listed winning, but
    tries at each word start only the words that begin with its letters: the words are grouped
    by first letter, and within a letter by second letter where every word of the group goes
    on with a plain letter, each group keeping its words in their order. Words that differ in
    a letter cannot match at the same place, so only the order within a group matters, and a
    word start costs a few comparisons, not a hundred. Only ``lastgroup`` and the span of a
    match are read, so each class's group is an empty one at the end of its word.
    """
    by_letter: dict[str, list[tuple[str, str]]] = {}
    others: list[tuple[str, str]] = []
    for name, words in classes.items():
        for word in _alternatives(words):
            if word[:1].isalpha() and word[:1].islower():
                by_letter.setdefault(word[0], []).append((name, word[1:]))
            else:
                others.append((name, word))
    group_class: dict[str, str] = {}

    def groups(rests: list[tuple[str, str]]) -> str:
        # The group that names the class is empty and closes the alternative: an alternative
        # that opens with a group is entered and left at every word start of its letter, one
        # that opens with a letter is turned away by one comparison.
        named = []
        for name, rest in rests:
            group = f"g{len(group_class)}"
            group_class[group] = name
            named.append(f"(?:{rest})(?P<{group}>)")
        return "|".join(named)

    def letter_group(rests: list[tuple[str, str]]) -> str:
        if len(rests) < 4 or not all(rest[:1].isalpha() and rest[:1].islower() and rest[1:2] not in ("?", "*", "+", "{") for _, rest in rests):
            return groups(rests)
        by_second: dict[str, list[tuple[str, str]]] = {}
        for name, rest in rests:
            by_second.setdefault(rest[0], []).append((name, rest[1:]))
        return "|".join(f"{re.escape(second)}(?:{groups(items)})" for second, items in by_second.items())

    unordered = set(by_letter) - set(_WORD_START_ORDER)
    assert not unordered, unordered
    parts = [f"{re.escape(letter)}(?:{letter_group(by_letter[letter])})" for letter in sorted(by_letter, key=_WORD_START_ORDER.index)]
    # Words that start with a digit come last, behind one test for a digit: no word can start
    # with both a letter and a digit, so the order between the two kinds changes nothing.
    # Most word starts begin no trigger word at all, and one test of the first character
    # turns them away before the two dozen letter groups are tried.
    assert all(word.startswith(r"\d") for _, word in others), others
    if others:
        parts.append(rf"(?=\d)(?:{groups(others)})")
    first = re.escape("".join(by_letter))
    return re.compile(rf"\b(?=[{first}\d])(?:" + "|".join(parts) + ")"), group_class


TRIGGERS, TRIGGER_CLASS = _compile_triggers(TRIGGER_WORDS)
# Unless a rule says otherwise, a match reaches at most this far before or after the trigger
# in it (the longest expressions, "the following twenty-one and a half years", are under half).
REACH = 100
# Added to every reach (but a reach of nothing before the trigger): runs of spaces and line
# breaks inside an expression, and the look-ahead after a match ("(?!\w)") must never meet the
# end of a window.
MARGIN = 20


_RULE_FLAGS = re.IGNORECASE | re.VERBOSE


def rule(
    pattern: str,
    triggers: tuple[str, ...],
    reach: tuple[int, int] = (REACH, REACH),
    needs: str | None = None,
    keeps_span: bool = True,
    needs_back: int = 0,
    starts_at_trigger: bool = False,
) -> Callable[[Handler], Handler]:
    """Register a rule that only matches text containing a word of one of ``triggers``.

    ``reach``: the most characters a match can hold before its trigger word and after it
    (counting from where the trigger's pattern ends: "jan" in "January"). The scan reads only
    those windows, so a reach too short loses matches; the windowed-equals-full-scan tests
    check it. ``needs``: a regex (case-sensitive, for the lower-cased text) that finds something
    in every window the rule matches in; a window where it finds nothing is skipped (a
    property test per rule); ``needs_back``: how far before the window it may start (a
    look-behind the rule opens with reads it). ``keeps_span``: every candidate the handler returns spans its
    match exactly, so the handler may be called only once the match is known to be chosen
    (a test holds every such rule to it; a candidate that moves makes the scan call every
    handler instead). ``starts_at_trigger``: every match starts where one of the trigger words
    the scan finds does, so the regex is tried only there (a property test per rule).
    """
    assert triggers and all(name in TRIGGER_WORDS for name in triggers), triggers
    # Written without IGNORECASE (its letters as classes of their cases) and behind a look-ahead
    # for its first characters, the regex turns most positions and alternatives away at once.
    source, flags = case_sensitive(pattern, _RULE_FLAGS)
    compiled = re.compile(guarded(source, flags), flags)

    def register(handler: Handler) -> Handler:
        # A rule that reaches nothing before its trigger word starts its matches at that word
        # (its look-behind may read the characters before, which a window start does not hide):
        # no spaces to allow for, so its windows open at the word.
        before = reach[0] + MARGIN if reach[0] else 0
        plain = needs if needs and re.escape(needs) == needs else None
        RULES.append(
            Rule(
                compiled,
                triggers,
                handler,
                before,
                reach[1] + MARGIN,
                pattern,
                re.compile(needs) if needs else None,
                plain,
                needs_back,
                keeps_span,
                starts_at_trigger,
            )
        )
        return handler

    return register
