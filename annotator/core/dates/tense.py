"""Is the clause around a time expression reporting the past or announcing the future?

News conventions resolve "Friday" or "in September" by the tense of the clause they sit in
("said Friday" is the past Friday, "will meet on Friday" the coming one). The rule is simple on
purpose, so that users can predict it: collect the explicit tense cues of the sentence and let
the nearest one win, where a cue behind a clause break (comma, semicolon, dash, quote, or the
"saying"/"that" that opens reported speech) counts as further away. Without any cue the tense is ``None`` and callers pick the nearest date.
"""

from __future__ import annotations

import bisect
import re
from typing import Literal

from annotator.core.dates.cased import by_first_letter
from annotator.core.dates.guards import first_characters

# "present" (is, are) leans neither way: callers treat it like no cue and pick the nearest date.
Tense = Literal["past", "present", "future"]

# Multi-word future cues come first so that "to be hosted" is read as one future cue and its
# "-ed" word is not counted again as a past one.
_FUTURE_CUES = (
    r"(?:will|would|shall)(?:\s+(?:not|still|also|then|now|soon|probably|likely|never|only|already))?\s+(?:be|have)\s+\w+",
    r"(?:is|are|was|were)\s+(?:due|set|scheduled|expected|slated|poised|going)\s+to",
    r"to\s+be\s+\w+",
    r"(?:vowed|pledged|promised|agreed|decided|threatened|hopes?|wants?|plans?|intends?|aims?|expects?|seeks?|planning|preparing)\s+to",
    r"ahead\s+of",
    r"(?:is|are)\s+to",
    r"going\s+to",
    r"will|won['’]t|['’]ll|shall|would",
    # Not bare "planned": "slower than planned" looks back.
    r"planned\s+(?:for|to|a|an|the|its|their|his|her)|planning|as\s+soon\s+as|scheduled|slated|expected|upcoming|coming|tomorrow|forthcoming",
    # "next to the embassy" is a place.
    r"next(?!\s+to\b)",
    # A deadline granted or put off looks ahead even when told in the past ("gave them until
    # Friday", "postponed the vote until Monday"); a bare "until" does not ("until Friday, they
    # had not").
    r"(?:postpone|delay|defer|extend|adjourn|give|grant)(?:s|ed|d)?\s+(?:[\w'’-]+\s+){0,4}?(?:until|till)",
    r"(?:gave|given)\s+(?:[\w'’-]+\s+){0,4}?(?:until|till)",
)
_IRREGULAR_PAST = (
    "said told was were had did came went took taken gave given saw seen made met held left fought won lost sent "
    "brought bought thought became began begun found led spoke spoken broke broken wrote written ran rose risen fell "
    "fallen grew grown knew known drew drawn flew flown threw thrown struck sought taught caught felt kept paid sold "
    "stood understood heard meant built spent sank fled froze frozen withdrew withdrawn retook undertook overtook "
    "oversaw swore sworn chose chosen drove driven hid hidden bore tore woke got gotten laid shot"
).split()


def _by_first_letter(words: list[str]) -> str:
    """``"|".join(words)`` with the words grouped by first letter ("s(?:aid|aw)|t(?:old)"): a
    word start then tries the words of its letter only. For plain words followed by a word's
    end the order of the words changes no match, since no two can end at a word's end there."""
    rests: dict[str, list[str]] = {}
    for word in words:
        rests.setdefault(word[0], []).append(word[1:])
    return "|".join(f"{letter}(?:{'|'.join(rest)})" for letter, rest in rests.items())


_PAST_CUES = (
    r"ha(?:s|ve)\s+(?:been|not|already|long)",
    r"ago|earlier|previously|formerly|last|yesterday|already",
    _by_first_letter(_IRREGULAR_PAST),
)
# "is heard", "are held": a passive in the present, its participle no past cue ("is expected"
# stays a future one).
_PRESENT_CUES = r"(?:is|are)\s+(?:being\s+)?(?!(?:expected|scheduled|planned|slated|intended|supposed)\b)(?:[a-z]+ed|heard|held|seen|made|taken|given|shown|known|done|paid|sold|built|sent|kept)|is|are|am|isn['’]t|aren['’]t"
# "faster than expected" compares with an old expectation: no tense either way.
_NEUTRAL_CUES = r"than\s+(?:expected|planned|anticipated|forecast|predicted|scheduled)"
_CUES = re.compile(
    rf"(?<![\w'’-])(?:(?P<neutral>{_NEUTRAL_CUES})|(?P<future>{'|'.join(_FUTURE_CUES)})|(?P<past>{'|'.join(_PAST_CUES)})|(?P<present>{_PRESENT_CUES})|(?P<ed>(?-i:[a-z]{{2,}}ed)))(?![\w-])",
    re.IGNORECASE,
)
# Words ending in -ed that are not past participles.
_NOT_PAST = frozenset(
    {"indeed", "need", "speed", "seed", "feed", "bleed", "breed", "creed", "greed", "proceed", "exceed", "succeed", "hundred", "embed", "steed", "tweed"}
)
_TENSE_OF_CUE: dict[str, Tense] = {"future": "future", "past": "past", "ed": "past", "present": "present"}
_CLAUSE_BREAK = re.compile(r"[,;:—–()\"“”]|\b(?:and|but|while|whereas|saying|that)\b")
# A comma or "and" between two names joins them ("Poland, Hungary and the Czech Republic",
# "between Australia and India"): no clause ends there.
_NAME_BEFORE = re.compile(r"(?<![\w.'’-])(?-i:[A-Z][\w.'’-]*)\Z")
_NAME_AFTER = re.compile(r"\s+(?:the\s+)?(?-i:[A-Z])")


def _breaks(text: str, lo: int, hi: int) -> int:
    """The clause breaks in ``text[lo:hi]``, the gap between a cue and an expression. Both names
    must lie inside the gap: a comma right after the expression ("announced Friday, LIN holders
    would") still ends its clause."""
    count = 0
    for match in _CLAUSE_BREAK.finditer(text, lo, hi):
        word = match.group()
        if (
            word in (",", "and")
            and _NAME_BEFORE.search(text[max(lo, match.start() - 30) : match.start()].rstrip())
            and _NAME_AFTER.match(text, match.end(), hi)
        ):
            continue
        count += 1
    return count


# A cue behind a clause break is this many characters further away; cues further than
# _MAX_SCORE belong to another clause's verb and are ignored.
_CLAUSE_PENALTY = 40
_MAX_SCORE = 90
# A word in -ed is often an adjective ("renewed annually", "the disputed enclave"): it counts as further away.
_WEAK_PENALTY = 30
# Sentences longer than this (a 200,000-character paragraph) are cut to a window around the expression.
_WINDOW = 250
# A line break, or a full stop, "!" or "?" before a capital or digit. Written to open with its
# first character (not as "\n|[.!?]..."), so that a search skips every other character at once.
_SENTENCE_END = re.compile(r"[\n.!?](?:(?<=\n)|(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9]))")
_OPENING_QUOTES = frozenset("\"'“‘(")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st jr sr gen col lt sgt capt gov sen rep prof rev no vs inc co ltd jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_LONGEST_ABBREVIATION = max(map(len, _ABBREVIATIONS))


def sentence_bounds(text: str, start: int, end: int, window: int = _WINDOW) -> tuple[int, int]:
    """The sentence around ``text[start:end]``, cut to a window of a few hundred characters."""
    lo, hi = max(0, start - window), min(len(text), end + window)
    # One character past ``start``, so that the look-ahead for a capital sees the expression's first letter.
    for match in _SENTENCE_END.finditer(text, lo, min(len(text), start + 1)):
        if _is_sentence_end(text, match):
            lo = match.end()
    for match in _SENTENCE_END.finditer(text, end, hi):
        if _is_sentence_end(text, match):
            hi = match.start() + 1
            break
    return lo, hi


def crosses_sentence(text: str, lo: int, hi: int) -> bool:
    """True if a sentence ends somewhere in ``text[lo:hi]``."""
    return any(_is_sentence_end(text, match) for match in _SENTENCE_END.finditer(text, lo, hi))


def _is_sentence_end(text: str, match: re.Match[str]) -> bool:
    stop = match.start()
    if text[stop] != ".":
        return True
    # The word before the full stop (what r"(\w+)\.$" finds there). Only its last few letters
    # count: a word longer than every abbreviation ends the sentence, and lower-casing never
    # makes a word shorter. Most full stops follow such a word, found by one test.
    floor = stop - _LONGEST_ABBREVIATION - 1
    if floor >= 0 and text[floor:stop].isalnum():
        return True
    start, floor = stop, max(0, floor)
    while start > floor and (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    # "Feb. 23", "U.S. officials", "Mr. Putin": a full stop after an abbreviation ends nothing.
    return start == stop or (stop - start > 1 and text[start:stop].lower() not in _ABBREVIATIONS)


class SentenceIndex:
    """``sentence_bounds`` and ``crosses_sentence`` for one text, from one scan of all of it.

    The per-expression functions scan a window of the text each time; this finds the sentence
    ends once and answers each question with a bisect. The answers are the windowed ones
    exactly (a property test compares them): a window scan differs from the whole-text scan
    only where a window starts inside a match (the line breaks in its spaces then match on
    their own) or ends before the letter a match's look-ahead needs (the match then fails and,
    again, only its line breaks match).
    """

    def __init__(self, text: str, window: int = _WINDOW) -> None:
        self.text = text
        self.window = window
        matches = list(_SENTENCE_END.finditer(text))
        self.starts = [match.start() for match in matches]
        self.ends = [match.end() for match in matches]
        # The last character each match's look-ahead reads.
        self.needs = [start if text[start] == "\n" else end + 1 if text[end] in _OPENING_QUOTES else end for start, end in zip(self.starts, self.ends)]
        # ``_is_sentence_end``, its first test written out: most full stops follow a long word.
        longest = _LONGEST_ABBREVIATION
        self.accepted = [
            text[start] != "." or (start > longest and text[start - longest - 1 : start].isalnum()) or _is_sentence_end(text, match)
            for start, match in zip(self.starts, matches)
        ]

    def _straddling(self, lo: int) -> int:
        """The end of the match whose inside ``lo`` lies in, or ``lo``."""
        index = bisect.bisect_left(self.starts, lo) - 1
        return self.ends[index] if index >= 0 and self.ends[index] > lo else lo

    def _last_end(self, lo: int, hi: int) -> int | None:
        """The end of the last sentence end that ``finditer(text, lo, hi)`` finds and accepts."""
        text, starts = self.text, self.starts
        index = bisect.bisect_left(starts, hi) - 1
        while index >= 0 and starts[index] >= lo:
            if self.needs[index] < hi:
                if self.accepted[index]:
                    return self.ends[index]
            else:
                line = text.rfind("\n", starts[index] + 1, min(self.ends[index], hi))
                if line != -1:
                    return line + 1
            index -= 1
        line = text.rfind("\n", lo, min(self._straddling(lo), hi))
        return line + 1 if line != -1 else None

    def _first_start(self, lo: int, hi: int) -> int | None:
        """The start of the first sentence end that ``finditer(text, lo, hi)`` finds and accepts."""
        text, starts = self.text, self.starts
        line = text.find("\n", lo, min(self._straddling(lo), hi))
        if line != -1:
            return line
        index = bisect.bisect_left(starts, lo)
        while index < len(starts) and starts[index] < hi:
            if self.needs[index] < hi:
                if self.accepted[index]:
                    return starts[index]
            else:
                line = text.find("\n", starts[index] + 1, min(self.ends[index], hi))
                return line if line != -1 else None
            index += 1
        return None

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        """``sentence_bounds(text, start, end, window)``."""
        length = len(self.text)
        lo = self._last_end(max(0, start - self.window), min(length, start + 1))
        hi_limit = min(length, end + self.window)
        hi = self._first_start(end, hi_limit)
        return (max(0, start - self.window) if lo is None else lo, hi_limit if hi is None else hi + 1)

    def crosses(self, lo: int, hi: int) -> bool:
        """``crosses_sentence(text, lo, hi)``."""
        return self._first_start(lo, hi) is not None


# A cue: its start, end, kind (a group name of ``_CUES``) and lower-cased text.
Cue = tuple[int, int, str, str]


def _grouped_by_letter(kinds: list[tuple[str, str]]) -> tuple[re.Pattern[str], dict[str, str]]:
    """``_CUES`` for the lower-cased text, its alternatives grouped by their first letter, and
    the kind each group name stands for.

    Every cue is spelt out into alternatives that open with a letter, in the order ``_CUES``
    tries them; the alternatives of one letter are tried together, in that order, each ending
    in an empty group that names its kind. Alternatives that open with different letters cannot
    match at the same place, so only the order within a letter matters, and a word start tries
    the cues of its letter only. The "-ed" word, which may open with any letter, comes last, as
    in ``_CUES``.
    """
    by_letter: dict[str, list[tuple[str, str]]] = {}
    others: list[tuple[str, str]] = []
    for kind, source in kinds:
        for letter, rest in by_first_letter(source):
            if letter is None:
                others.append((kind, rest))
            else:
                by_letter.setdefault(letter, []).append((kind, rest))
    kind_of: dict[str, str] = {}

    def named(kind: str, rest: str) -> str:
        name = f"c{len(kind_of)}"
        kind_of[name] = kind
        return f"{rest}(?P<{name}>)"

    parts = [f"{re.escape(letter)}(?:{'|'.join(named(kind, rest) for kind, rest in cues)})" for letter, cues in by_letter.items()]
    for _, rest in others:  # "['’]ll": opening with no letter, they meet none of the letters' cues
        first = first_characters(rest, 0)
        assert first is not None and not any(re.fullmatch(first, letter) for letter in "abcdefghijklmnopqrstuvwxyz"), rest
    parts += [named(kind, rest) for kind, rest in others]
    kind_of["ed"] = "ed"
    return re.compile(rf"(?<![\w'’-])(?:{'|'.join(parts)}|[a-z]{{2,}}ed(?P<ed>))(?![\w-])"), kind_of


# Matching the lower-cased text without IGNORECASE finds the same cues three times as fast. It
# is exact unless lower-casing changes a length ("İ") or a letter folds onto an ASCII one only
# under IGNORECASE ("ſ" is an s, "K" a k); such sentences take the slow way.
_CUES_LOWER, _CUE_KIND = _grouped_by_letter(
    [("neutral", _NEUTRAL_CUES), *(("future", cue) for cue in _FUTURE_CUES), *(("past", cue) for cue in _PAST_CUES), ("present", _PRESENT_CUES)]
)
_FOLDS_TO_ASCII = "ıſK"


def _cues(text: str, lo: int, hi: int) -> list[Cue]:
    base = max(0, lo - 1)  # the look-behind sees one character before the sentence
    segment = text[base:hi]
    lower = segment.lower()
    # Three substring searches: far quicker than hashing every character of the sentence.
    if len(lower) != len(segment) or any(letter in segment for letter in _FOLDS_TO_ASCII):
        return [(match.start(), match.end(), match.lastgroup or "ed", match.group().lower()) for match in _CUES.finditer(text, lo, hi)]
    cues: list[Cue] = []
    for match in _CUES_LOWER.finditer(lower, lo - base):
        kind = _CUE_KIND[match.lastgroup or "ed"]
        start, end = match.start(), match.end()
        if kind == "ed" and segment[start:end] != lower[start:end]:
            continue  # "Ahmed": the -ed cue is for lower-case words only
        cues.append((start + base, end + base, kind, lower[start:end]))
    return cues


def clause_tense(
    text: str, start: int, end: int, cache: dict[tuple[int, int], list[Cue]] | None = None, sentences: SentenceIndex | None = None
) -> Tense | None:
    """The tense of the nearest cue around ``text[start:end]`` in its sentence, or ``None``.

    ``cache`` keeps each sentence's cues for the next expression in it (one per scan of ``text``);
    ``sentences``, an index of ``text``, finds the sentence without scanning for it.
    """
    lo, hi = sentence_bounds(text, start, end) if sentences is None else sentences.bounds(start, end)
    if cache is None:
        cues = _cues(text, lo, hi)
    elif (lo, hi) in cache:
        cues = cache[(lo, hi)]
    else:
        cues = cache[(lo, hi)] = _cues(text, lo, hi)
    best: Tense | None = None
    best_score = _MAX_SCORE + 1
    # Without a cue in the expression's own clause, a fronted expression takes the tense of the
    # main verb after it ("On Sunday, police and FBI agents said ..."); a late one keeps none,
    # since its verb may be a present the cues do not list ("faces questions on Thursday").
    fallback: Tense | None = None
    fallback_score = float("inf")
    seen_after = False
    for cue_start, cue_end, kind, word in cues:
        if cue_start < end and cue_end > start:
            continue  # "next" in "next week" is the expression itself
        if kind == "neutral" or (kind == "ed" and word in _NOT_PAST):
            continue
        if cue_start >= end:
            # After the expression only the first verb counts: later ones belong to the clauses
            # it governs ("In September, it announced plans to ...": announced, not plans to).
            if seen_after:
                break
            seen_after = True
        if cue_end <= start:
            gap_lo, gap_hi = cue_end, start
        else:
            gap_lo, gap_hi = end, cue_start
        score = gap_hi - gap_lo + (_WEAK_PENALTY if kind == "ed" else 0)
        if score >= best_score and not (best is None and cue_start >= end and score < fallback_score):
            continue  # clause breaks only add to the score: this cue cannot win
        score += _CLAUSE_PENALTY * _breaks(text, gap_lo, gap_hi)
        if score < best_score:
            best_score = score
            best = _TENSE_OF_CUE[kind]
        elif best is None and cue_start >= end and score < fallback_score:
            fallback_score = score
            fallback = _TENSE_OF_CUE[kind]
    return best if best is not None else fallback
