"""Claim suggestions: sentences with a reporting verb or a quotation, with the claim's extent,
a claimant guess, a date guess and the form (direct quote / indirect speech).

Per sentence, in order:

* a quotation of four words or more (or a clause ending inside its marks) is a direct quote; its extent is the quoted words (a
  comma or full stop left inside the marks stays out); the claimant is the subject of the
  reporting verb next to it (``"...," he told`` / ``Pashinyan said "..."``);
* else a reporting verb makes indirect speech: ``CONTENT, X said ...`` (the content before the
  comma), ``X said (Friday) (that) CONTENT`` (the content after it), and for verbs whose object
  is the claim (accused, demanded, called for, ...) the verb phrase itself.

The claimant is the actor mention (the document's own actor spans, else known-actor matches)
that ends right before the verb or starts right after it; a pronoun subject ("he", "she", "it",
"they") takes the last actor before the sentence; else a run of capitalised words before the verb.
The date is the date next to the verb ("said Friday", "said on Monday"), else the nearest in the
sentence, else the date of the claim before it in the article (coded or suggested: '"...," he told
a news conference' after 'X said Monday ...'). Everything is guessed from the surface: the coder confirms it.
"""

from __future__ import annotations

import bisect
import operator
import re
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

import ahocorasick

from annotator.core.actors import ActorRegistry
from annotator.core.model import ClaimForm, Document, LabelKind
from annotator.core.suggest import claim_fields
from annotator.core.suggest.base import SuggestContext, SuggestedSpan, Suggestion, SuggestionKind, builder, make_span
from annotator.core.suggest.claim_fields import ClaimGuesser, CodedClaim, guess_stance, target_after
from annotator.core.suggest.dates import timex_value
from annotator.core.suggest.known_actors import MatcherCache
from annotator.core.suggest.scan import IntervalSet, WordStarts, ascii_folded, finditer_at, positions
from annotator.core.suggest.similar_claims import IndexCache

if TYPE_CHECKING:
    from annotator.core.dates import DateMention

SPEECH_VERBS = (
    "said|says|say|told|tells|warned|warns|stated|states|claimed|claims|insisted|insists|argued|argues|"
    "announced|announces|added|adds|declared|declares|stressed|stresses|noted|notes|denied|denies|"
    "confirmed|confirms|explained|explains|wrote|writes|believes|believed|suggested|suggests|promised|promises|"
    "threatened|threatens|admitted|admits|asserted|asserts|maintained|maintains|reported|reports"
)
OBJECT_VERBS = "accused|accuses|demanded|demands|called for|calls for|urged|urges|condemned|condemns|criticised|criticized|blamed|blames|rejected|rejects"
_VERB = re.compile(rf"\b(?:(?P<speech>{SPEECH_VERBS})|(?P<object>{OBJECT_VERBS}))\b")
_QUOTE = re.compile(r"[\"“«„]([^\"“”«»„\n]{3,}?)[\"”»“]")
_SENTENCE_END = re.compile(r"(?<=[.!?])(?P<quote>[\"”»’']?)\s+(?=[\"“«„A-Z0-9])|\n\s*\n|\n(?=\s*[A-Z#\"“])")
_PRONOUNS = {"he", "she", "it", "they", "we", "i"}
_CAPITALISED = re.compile(r"(?:(?:[A-Z][\w'’.-]*|of|the|for|and)\s+)*[A-Z][\w'’.-]*$")
_THAT = re.compile(r"\s*(?:,\s*)?(?:that\s+)?")
_LISTENER_THAT = re.compile(r"(?:\s+[^\s,.;]+){1,4}?\s+that\s+")  # "told the European Parliament that"
_PREPOSITION = re.compile(r"(?:in|at|on|during|after|before|while|to|from|with|via|through|referring)\b", re.IGNORECASE)
_SUBJECT_GAP = re.compile(r"(?:\s+(?:also|has|had|have|again|then|\w+ly))*\s*")
_PRONOUN_SUBJECT = re.compile(r"\b(he|she|it|they|we)(?:\s+(?:also|has|had|have|again|then|\w+ly))*\s*$", re.IGNORECASE)  # its words: _SUBJECT_ENDS
_RELATIVE = re.compile(r"\bwhat\s+\w+\s+(?:has\s+|had\s+|have\s+)?$")
_AND_BEFORE = re.compile(r"\band\s+$")
_CLAUSE_END = re.compile(rf",\s+(?:which|who|in what|where|while)\b|\s+and\s+(?=(?:{SPEECH_VERBS}|{OBJECT_VERBS})\b)")


class _Mention(NamedTuple):  # a tuple: thousands are made per long article
    start: int
    end: int
    actor_id: str | None


_start_of = operator.itemgetter(0)


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, surrounding spaces left out."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in [*_sentence_ends(text), None]:
        end = match.start() + len(match.group("quote") or "") if match is not None else len(text)
        first, last = start, end  # text[start:end].strip()'s bounds, without the slices (str.strip strips str.isspace())
        while first < last and text[first].isspace():
            first += 1
        while last > first and text[last - 1].isspace():
            last -= 1
        if last > first:
            bounds.append((first, last))
        start = match.end() if match is not None else len(text)
    return bounds


def _sentence_ends(text: str) -> list[re.Match[str]]:
    """``_SENTENCE_END.finditer(text)``, tried only where a sentence end can start: right after
    a full stop, "!" or "?", or at a line break (every other position fails at once)."""
    starts = [at if text[at] == "\n" else at + 1 for at in positions(".!?\n", text)]
    return list(finditer_at(_SENTENCE_END, text, starts))


_QUOTE_OPENERS = '"“«„'  # the first character of every _QUOTE match


_POINTS_IN_TIME = frozenset({"DATE", "TIME"})  # the TIMEX3 types that can date a claim
_VERB_WORD, _CUE_WORD, _AIM_WORD = 1, 2, 4  # what a word of _word_automaton starts


@cache
def _word_automaton() -> ahocorasick.Automaton:
    """Every reporting verb's spelling (the places where ``_VERB`` can match), and the first
    letters of every stance cue (``_STANCE_STEMS``) and targeting verb (``_TARGET_STEMS``), in
    lower case: one pass over a text folded by ``ascii_folded`` finds them all. A verb spelt in
    the text is spelt so in its folded form too (lower-case ASCII stays), and a capitalised
    "Said" found there is refused by ``_VERB`` itself."""
    words: dict[str, int] = {}
    for verb in f"{SPEECH_VERBS}|{OBJECT_VERBS}".split("|"):
        words[verb] = words.get(verb, 0) | _VERB_WORD
    for stems, flag in ((_STANCE_STEMS, _CUE_WORD), (_TARGET_STEMS, _AIM_WORD)):
        for stem in stems:
            words[stem] = words.get(stem, 0) | flag
    automaton = ahocorasick.Automaton()
    for word, flags in words.items():
        automaton.add_word(word, (len(word), flags))
    automaton.make_automaton()
    return automaton


def _verbs(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, takes an object) of every reporting verb in ``text``: ``_VERB.finditer(text)``."""
    return _words_in(text)[0]


def _words_in(text: str) -> tuple[list[tuple[int, int, bool]], WordStarts | None, WordStarts | None]:
    """Every reporting verb in ``text`` as ``_verbs`` gives them, and where a stance cue and a
    targeting verb can start (``WordStarts`` for ``guess_stance`` and ``target_after``), from one
    pass of ``_word_automaton`` over the folded text. The verbs are ``_VERB.finditer(text)`` tried
    only where one of their spellings starts; every sentence's verbs are the ones that start in
    it: a verb is letters (and one space) and sentences are parted by spaces."""
    folded = ascii_folded(text)
    if folded is None:  # not reached: folding keeps the length (then every position is tried)
        return [(m.start(), m.end(), m.group("object") is not None) for m in _VERB.finditer(text)], None, None
    verb_starts: list[int] = []
    cue_starts: list[int] = []
    aim_starts: list[int] = []
    for last, (length, flags) in _word_automaton().iter(folded):
        start = last - length + 1
        if flags & _VERB_WORD:
            verb_starts.append(start)
        if flags & _CUE_WORD:
            cue_starts.append(start)
        if flags & _AIM_WORD:
            aim_starts.append(start)
    verbs = [(m.start(), m.end(), m.group("object") is not None) for m in finditer_at(_VERB, text, verb_starts)]
    return verbs, WordStarts(cue_starts), WordStarts(aim_starts)


def _indirect(text: str, s_start: int, s_end: int, v_start: int, v_end: int, date_starts: dict[int, DateMention]) -> tuple[int, int]:
    """The reported content of a speech verb: after it (``X said (on Friday) (that) CONTENT``) or
    before it (``CONTENT, X said in an interview``)."""
    after = v_end
    for gap in (1, 4):  # "said Friday", "said on Friday"
        mention = date_starts.get(v_end + gap)
        if mention is not None and text[v_end : mention.start].strip() in ("", "on") and mention.end <= s_end:
            after = mention.end
            break
    told = text[v_start:v_end] in ("told", "tells")
    that = _LISTENER_THAT.match(text, after, s_end) if told else None
    if that is not None:
        after = that.end()
    elif told:
        after = s_end  # "told the France 24 channel": a listener, not the content
    else:
        after = _THAT.match(text, after).end()
    stop = _clause_end(text, after, s_end)
    start, end = _trim(text, after, stop.start() if stop else s_end)
    if _three_words(text, start, end) and not _PREPOSITION.match(text, start):
        return start, end
    comma = text.rfind(",", s_start, v_start)
    if comma > s_start and _three_words(text, s_start, comma):
        return _trim(text, s_start, comma)
    return start, end


_THREE_WORDS = re.compile(r"\s*\S+\s+\S+\s+\S")  # \s is str.isspace(), as str.split() parts words


def _three_words(text: str, start: int, end: int) -> bool:
    """``len(text[start:end].split()) >= 3``, without the slice and the list of words."""
    return _THREE_WORDS.match(text, start, end) is not None


def _clause_end(text: str, start: int, end: int) -> re.Match[str] | None:
    """``_CLAUSE_END.search(text, start, end)``; it needs a comma and a "wh" (", which", ",
    who", ", in what", ", where", ", while") or an "and", so without them it is not run over
    the rest of the sentence."""
    if text.find("and", start, end) < 0 and (text.find("wh", start, end) < 0 or text.find(",", start, end) < 0):
        return None
    return _CLAUSE_END.search(text, start, end)


_SUBJECT_ENDS = ("he", "it", "they", "we", "also", "has", "had", "have", "again", "then", "ly")  # she: he


def _pronoun_subject(text: str, start: int, end: int) -> re.Match[str] | None:
    """``_PRONOUN_SUBJECT.search(text, start, end)``. It matches a pronoun and gap words up to
    ``end`` (spaces aside), so the last word there ends as one of ``_SUBJECT_ENDS`` (checked in
    lower case where it is ASCII: outside it, case folding has exceptions such as "ſ" for "s");
    without one it is not run over the sentence."""
    stop = min(end, len(text))
    while stop > start and text[stop - 1].isspace():
        stop -= 1
    tail = text[max(start, stop - 6) : stop]
    if tail.isascii() and not tail.lower().endswith(_SUBJECT_ENDS):
        return None
    return _PRONOUN_SUBJECT.search(text, start, end)


def _is_statement(quoted: str) -> bool:
    """A quotation of four words or more, or one that ends a clause inside its marks; shorter
    ones are scare quotes ("a "coordinated propaganda campaign" against him")."""
    return len(quoted.split()) >= 4 or (len(quoted.split()) >= 2 and quoted.rstrip()[-1:] in ",.?!")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ',;:—–-"”’'):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ',;:.—–-"”’'):
        end -= 1
    return start, end


def _first_letters(phrases: tuple[str, ...]) -> tuple[str, ...]:
    """The first four letters of each phrase's first word ("call" of "called for"): an ASCII text
    that a cue matches, ignoring case, holds them in lower case once folded (``ascii_folded``)."""
    return tuple(sorted({phrase.split(" ", 1)[0][:4] for phrase in phrases}))


_STANCE_STEMS = _first_letters(claim_fields.SUPPORT_CUES + claim_fields.OPPOSE_CUES)
_TARGET_STEMS = _first_letters(claim_fields.TARGETING_VERBS)


class _ActorIds(dict):  # a dict with __missing__: the memo
    """For one run: the id of the registry actor an actor id stands for now (merges followed),
    else the id itself, each asked of the registry once."""

    def __init__(self, registry: ActorRegistry) -> None:
        super().__init__()
        self._registry = registry

    def __missing__(self, actor_id: str | None) -> str | None:
        actor = self._registry.resolve(actor_id)
        self[actor_id] = found = actor.id if actor else actor_id
        return found


# Built as make_suggestion builds them (the same fields set), without a keyword dictionary a claim.
_claim_suggestion = builder(
    Suggestion,
    "document_id",
    "kind",
    "label",
    "start",
    "end",
    "text",
    "claimant",
    "claimant_actor_id",
    "date",
    "form",
    "topic",
    "ranked_topics",
    "stance",
    "target",
    "score",
)


class ClaimRecommender:
    name = "claims"
    kind = SuggestionKind.CLAIM

    def __init__(self) -> None:
        self._matchers = MatcherCache()
        self._claim_index = IndexCache()  # used when the context brings none (SuggestContext.claim_index)

    def suggest(self, document: Document, context: SuggestContext) -> list[Suggestion]:
        label = context.label_for(LabelKind.CLAIM)
        text = document.text
        if label is None or not text:
            return []
        mentions = [_Mention(s.start, s.end, s.actor_id) for s in context.spans_of(LabelKind.ACTOR)]
        matched = self._matchers.matches(context, text)
        if mentions:  # the coder's mentions first; a match overlapping one is left out
            covered = bytearray(len(text))
            for m in mentions:
                covered[m.start : m.end] = b"\x01" * (m.end - m.start)
            mentions += [_Mention(s, e, a) for s, e, a in matched if covered.find(1, s, e) < 0]
        else:
            mentions = list(map(_Mention._make, matched))
        mentions.sort(key=_start_of)
        dates = context.date_mentions(text)
        date_starts = {d.start: d for d in dates}
        taken = IntervalSet((s.start, s.end) for s in context.spans_of(LabelKind.CLAIM))
        any_taken = bool(taken)
        ids = _ActorIds(context.registry)
        found: list[Suggestion] = []
        last: tuple[SuggestedSpan | None, str | None] = (None, None)  # the last claimant: "he" is most often the last speaker
        carried: SuggestedSpan | None = None  # the last claim's date: a claim whose sentence names none is most often of the same day
        mention_starts = [m.start for m in mentions]
        # When a claim was made is a point in time: a duration ("three days later") or a set ("every week") is not.
        date_list = sorted((d for d in dates if d.type in _POINTS_IN_TIME), key=lambda d: d.start)
        date_offsets = [d.start for d in date_list]
        guesser = ClaimGuesser(context, document.id, _coded_claims(context), context.claim_index or self._claim_index)
        verbs, cues, aims = _words_in(text)
        verb_starts = [v[0] for v in verbs]
        ranks = guesser.ranks
        doc_id, kind = document.id, self.kind
        # Each mention and date as a claim's claimant or date span, made once (a frozen model: shared)
        mention_spans: dict[_Mention, SuggestedSpan] = {}
        date_spans: dict[int, SuggestedSpan] = {}
        openers = positions(_QUOTE_OPENERS, text)
        for s_start, s_end in sentences(text):
            first_verb, stop_verb = bisect.bisect_left(verb_starts, s_start), bisect.bisect_left(verb_starts, s_end)
            quoting = bisect.bisect_left(openers, s_start) < bisect.bisect_left(openers, s_end)
            if first_verb == stop_verb and not quoting:
                continue  # no reporting verb and no quotation: no claim
            quoted = [(m.start(), m.end(), m.start(1), m.end(1)) for m in _QUOTE.finditer(text, s_start, s_end)] if quoting else []
            # only this sentence's mentions and dates, and the last mention before it ("he", "it")
            first, stop = bisect.bisect_left(mention_starts, s_start), bisect.bisect_left(mention_starts, s_end)
            local = mentions[max(0, first - 1) : stop]
            local_dates = date_list[bisect.bisect_left(date_offsets, s_start) : bisect.bisect_left(date_offsets, s_end)]
            starting_here: dict[int, _Mention] | None = None  # made for the first claim that may have a target
            previous: tuple[SuggestedSpan | None, str | None] = (None, None)
            for start, end, verb, form in self._claims_in(text, s_start, s_end, date_starts, verbs[first_verb:stop_verb], quoted):
                if (
                    verb is not None
                    and (previous[0] is not None or previous[1] is not None)
                    and text.find("and", s_start, verb[0]) >= 0
                    and _AND_BEFORE.search(text, s_start, verb[0])
                ):
                    claimant, claimant_actor = previous  # "accused X of ... and demanded ...": the same subject
                else:
                    claimant, claimant_actor = self._claimant(text, verb, s_start, s_end, local, ids, last, quoted, mention_spans)
                previous = (claimant, claimant_actor)
                if previous[0] is not None or previous[1] is not None:  # no span equals None: as `!= (None, None)`
                    last = previous
                if any_taken and taken.overlaps(start, end):
                    carried = guesser.coded_date(start, end)
                    continue  # coded already; its speaker is still the last one ("he told" in the next sentence), its date the last date
                date = (self._date(verb, s_start, s_end, local_dates, date_spans) if local_dates else None) or carried
                carried = date
                lo, hi = (min(start, verb[0]), max(end, verb[1])) if verb is not None else (start, end)
                # a target starts where a targeting verb's match ends, in (lo, hi]: none when no mention starts there
                aimed = bisect.bisect_right(mention_starts, lo) < bisect.bisect_right(mention_starts, hi) and (aims is None or aims.any_in(lo, hi))
                if aimed and starting_here is None:
                    starting_here = {m.start: m for m in local if s_start <= m.start}
                target = target_after(text, lo, hi, starting_here, verbs=aims) if aimed and starting_here is not None else None
                claimant_id = claimant.actor_id if claimant is not None else claimant_actor
                claimant_id = ids[claimant_id] if claimant_id else claimant_id
                topic, ranked = guesser.ranked_topic(text[s_start:s_end], text[start:end], claimant_id, start) if ranks else (None, ())
                stance = guess_stance(text, lo, hi, s_start, cues=cues) if cues is None or cues.any_in(lo, hi) else None
                if stance is None and topic:  # the claimant's usual stance: none without a topic
                    stance = guesser.usual_stance(claimant_id, topic)
                if not 0 <= start < end:
                    raise ValueError(f"a suggestion must end after it starts ({start}, {end})")  # as make_suggestion
                found.append(
                    _claim_suggestion(
                        doc_id,
                        kind,
                        label,
                        start,
                        end,
                        text[start:end],
                        claimant,
                        claimant_actor,
                        date,
                        form,
                        topic,
                        ranked or None,
                        stance,
                        self._mention_span(text, target, ids) if isinstance(target, _Mention) else None,
                        0.7 if claimant is not None or claimant_actor else 0.4,
                    )
                )
        return found

    @staticmethod
    def _mention_span(text: str, m: _Mention, ids: _ActorIds) -> SuggestedSpan:
        return make_span(m.start, m.end, text[m.start : m.end], actor_id=ids[m.actor_id])

    @staticmethod
    def _claims_in(
        text: str,
        s_start: int,
        s_end: int,
        date_starts: dict[int, DateMention],
        verbs: Sequence[tuple[int, int, bool]],
        quoted: Sequence[tuple[int, int, int, int]],
    ) -> list[tuple[int, int, tuple[int, int] | None, ClaimForm]]:
        """The claims of one sentence, from its verbs (``_verbs``) and its quotations (each
        ``_QUOTE`` match's start and end, and its quoted words' start and end)."""
        quotes = [(q_start, q_end) for _, _, q_start, q_end in quoted if _is_statement(text[q_start:q_end])]
        if quoted:
            verbs = [v for v in verbs if not any(a <= v[0] < b for a, b, _, _ in quoted)]
        what = text.find("what", s_start, s_end)  # _RELATIVE needs one before the verb
        if what >= 0:
            verbs = [v for v in verbs if not (what + 4 <= v[0] and _RELATIVE.search(text, s_start, v[0]))]
        claims: list[tuple[int, int, tuple[int, int] | None, ClaimForm]] = []
        for q_start, q_end in quotes:
            start, end = _trim(text, q_start, q_end)
            if end <= start:
                continue
            near = min(verbs, key=lambda v: min(abs(v[0] - q_end), abs(q_start - v[1])), default=None)
            claims.append((start, end, (near[0], near[1]) if near else None, ClaimForm.DIRECT_QUOTE))
        if claims:
            return claims
        for v_start, v_end, takes_object in verbs:
            if takes_object:
                stop = _clause_end(text, v_end, s_end)
                start, end = _trim(text, v_start, stop.start() if stop else s_end)
            else:
                start, end = _indirect(text, s_start, s_end, v_start, v_end, date_starts)
            if _three_words(text, start, end) and not any(a < end and start < b for a, b, _, _ in claims):
                claims.append((start, end, (v_start, v_end), ClaimForm.INDIRECT_SPEECH))
        return claims

    @staticmethod
    def _claimant(
        text: str,
        verb: tuple[int, int] | None,
        s_start: int,
        s_end: int,
        mentions: Sequence[_Mention],
        ids: _ActorIds,
        last: tuple[SuggestedSpan | None, str | None],
        quoted: Sequence[tuple[int, int, int, int]],
        made: dict[_Mention, SuggestedSpan] | None = None,
    ) -> tuple[SuggestedSpan | None, str | None]:
        """The claimant of a claim by ``verb``: see the module's docstring. ``made``: each
        mention's span made so far in this document, reused (and added to)."""
        spans = {} if made is None else made

        def span(m: _Mention) -> SuggestedSpan:
            held = spans.get(m)
            if held is None:
                held = spans[m] = make_span(m.start, m.end, text[m.start : m.end], actor_id=ids[m.actor_id])
            return held

        def as_actor(m: _Mention) -> tuple[SuggestedSpan | None, str | None]:
            return None, ids[m.actor_id]

        if verb is None:
            inside = [m for m in mentions if s_start <= m.start and m.end <= s_end]
            return (span(inside[0]), None) if inside else (None, None)
        v_start, v_end = verb
        before = [m for m in mentions if s_start <= m.start and m.end <= v_start]
        if quoted:
            before = [m for m in before if not any(a <= m.start < b for a, b, _, _ in quoted)]
        if before and _SUBJECT_GAP.fullmatch(text, before[-1].end, v_start):
            return span(before[-1]), None
        subject = _pronoun_subject(text, s_start, v_start)
        if subject is not None:
            earlier = [m for m in mentions if m.end <= s_start]
            person = subject.group(1).lower() in ("he", "she")
            if person and (last[0] is not None or last[1] is not None):
                return (None, last[0].actor_id) if last[0] is not None and last[0].actor_id else last
            if earlier:
                return as_actor(earlier[-1])
            return last
        spoken = _VERB.fullmatch(text[v_start:v_end])
        if spoken and spoken.group("speech"):
            after = [m for m in mentions if v_end <= m.start <= v_end + 2 and m.end <= s_end]
            if after:
                return span(after[0]), None
        clause = max(s_start, text.rfind(",", s_start, v_start) + 1)
        phrase_start, phrase_end = _trim(text, clause, v_start)
        phrase = text[phrase_start:phrase_end]
        if phrase and phrase[0].isupper() and len(phrase.split()) <= 7 and phrase.lower() not in _PRONOUNS:
            return make_span(phrase_start, phrase_end, phrase), None
        if before:
            return span(before[0]), None  # "Armenia, which has relied on ..., has accused"
        run = _CAPITALISED.search(text[max(s_start, v_start - 80) : v_start].rstrip())
        if run is not None and run.group().strip():
            begin = max(s_start, v_start - 80) + run.start()
            stop = begin + len(run.group().rstrip())
            if text[begin:stop].lower() not in _PRONOUNS:
                return make_span(begin, stop, text[begin:stop]), None
        return None, None

    @staticmethod
    def _date(
        verb: tuple[int, int] | None, s_start: int, s_end: int, dates: Sequence[DateMention], made: dict[int, SuggestedSpan] | None = None
    ) -> SuggestedSpan | None:
        """The date of a claim by ``verb`` in the sentence: the one of ``dates`` inside it nearest
        the verb. ``made``: each date mention's span (by start) made so far, reused (and added to)."""
        inside = [d for d in dates if s_start <= d.start and d.end <= s_end]
        if not inside:
            return None
        anchor = verb[1] if verb is not None else s_start
        best = min(inside, key=lambda d: abs(d.start - anchor))
        held = made.get(best.start) if made is not None else None
        if held is None:
            held = make_span(best.start, best.end, best.text, timex=timex_value(best.type, best.value, best.mod))
            if made is not None:
                made[best.start] = held
        return held


def _coded_claims(context: SuggestContext) -> list[CodedClaim]:
    """The article's coded claims with a topic and a claimant actor (a mention's or a direct one)."""
    by_id = {span.id: span for span in context.spans}
    coded = []
    for span in context.spans_of(LabelKind.CLAIM):
        claim = span.claim
        if claim is None or not claim.topic or claim.claimant is None:
            continue
        actor_id = claim.claimant.actor_in(by_id)
        actor = context.registry.resolve(actor_id) if actor_id else None
        if actor_id:
            coded.append(CodedClaim(span.start, actor.id if actor else actor_id, claim.topic))
    return coded
