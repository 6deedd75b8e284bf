"""A claim suggestion's topic, stance and target, guessed from the surface (pure, no I/O).

* **Topic**: the codebook topic whose name or an alias has all its words in the claim's sentence
  (whole words, case-insensitive); the one with most words wins, and two topics tied at the most
  words are ambiguous. Where the sentence names none (or is ambiguous), the topic of the most
  similar claims the coder already coded, in the corpus and this article
  (core/suggest/similar_claims.py: TF-IDF nearest neighbours, the claimant's own claims weighing
  more); where no coded claim is similar enough, the topic of the same claimant's nearest
  earlier claim in this article, else the topic its claims in the corpus have most often (where
  the sentence or the similar claims were split between topics, only one of those is taken);
  else none.
* **Ranked topics** (``rank_topics``): the guess first, then up to ``RANKED_TOPICS`` - 1 other
  codebook topics by what speaks for them (``TOPIC_WEIGHTS``): their share of the similar claims'
  votes, the share of their name's words (stems) in the sentence, and their share of the
  claimant's claims in this article and the corpus; a topic nothing speaks for is left out. The
  Details panel offers them in this order (Down: the next guess) when the guess is wrong.
* **Stance**: where the wording says it: "called for", "demanded", "supports", "backed", ...
  support; "rejected", "condemned", "opposed", "denied", "refused", "accused", ... oppose. A
  negation just before the cue ("did not support") turns support into opposition and drops an
  opposition ("did not deny" is not support); cues of both stances in one sentence give none.
  Where the wording says none, the claimant's usual stance on the guessed topic in the coded
  claims (an actor usually keeps its stance on a topic; a tie gives none).
* **Target**: the actor mention right after "accused", "criticised", "urged", "called on", ...
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from annotator.core.model import LabelKind, Span, Stance, Topic
from annotator.core.suggest.base import RankedTopic, SuggestContext, SuggestedSpan, builder
from annotator.core.suggest.scan import IntervalSet, WordStarts
from annotator.core.suggest.similar_claims import CodedClaimText, IndexCache, TopicGuess, stems, usual_stance

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
# Stance cues and targeting verbs, as words (a space stands for any run of white space): the
# patterns below are built from them, and claims.py finds their first letters in one pass.
SUPPORT_CUES = (
    "called for", "calls for", "call for", "demanded", "demands", "demand", "supports", "supported", "support", "backed",
    "backs", "endorsed", "endorses", "endorse", "welcomed", "welcomes", "welcome", "praised", "praises",
)  # fmt: skip
OPPOSE_CUES = (
    "rejected", "rejects", "reject", "condemned", "condemns", "condemn", "opposed", "opposes", "oppose", "denied", "denies",
    "deny", "refused", "refuses", "refuse", "accused", "accuses", "criticised", "criticized", "criticises", "criticizes",
    "blamed", "blames", "denounced", "denounces",
)  # fmt: skip
TARGETING_VERBS = (
    "accused", "accuses", "accusing", "criticised", "criticized", "criticises", "criticizes", "criticising", "criticizing",
    "urged", "urges", "urging", "called on", "calls on", "calling on", "blamed", "blames", "condemned", "condemns", "warned",
    "warns",
)  # fmt: skip


def _alternatives(phrases: Iterable[str]) -> str:
    return "|".join(phrase.replace(" ", r"\s+") for phrase in phrases)


_CUE = re.compile(rf"\b(?:(?P<supports>{_alternatives(SUPPORT_CUES)})|(?P<opposes>{_alternatives(OPPOSE_CUES)}))\b", re.IGNORECASE)
# "not", "n't", "never", "no longer" among the three words before the cue, in the same clause
_NEGATION = re.compile(r"(?:\b(?:not|never|no\s+longer)|n[’']t)(?:\s+\w+){0,2}\s+$", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[,;:—–()\"“”]")
TARGET_VERBS = re.compile(rf"\b(?:{_alternatives(TARGETING_VERBS)})\s+(?:the\s+)?", re.IGNORECASE)


RANKED_TOPICS = 4
_ranked_topic = builder(RankedTopic, "name", "score")
# What each kind of evidence weighs in a ranked topic's score (they sum to 1).
TOPIC_WEIGHTS = {"similar": 0.4, "sentence": 0.3, "claimant": 0.3}


def _words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text)}


@dataclass(frozen=True)
class CodedClaim:
    """A claim the coder already coded in this article: where it starts, whose, its topic."""

    start: int
    actor_id: str
    topic: str


@dataclass(frozen=True)
class TopicNames:
    """The codebook's topics as the topic guess reads them, worked out once per codebook: each
    name's and alias's words, and every spelling (casefolded) with the topic name it stands for."""

    words: tuple[tuple[str, frozenset[str]], ...]  # (topic name, the words of one of its names or aliases)
    names: Mapping[str, str]
    stems: tuple[tuple[str, frozenset[str]], ...] = ()  # (topic name, the stems of one of its names or aliases), for rank_topics

    @functools.cached_property
    def topic_names(self) -> frozenset[str]:
        """The topics' names (what ``names`` maps every spelling to)."""
        return frozenset(self.names.values())

    @classmethod
    def of(cls, topics: Sequence[Topic]) -> TopicNames:
        spellings = [(t.name, n) for t in topics for n in (t.name, *t.aliases)]
        return cls(
            tuple((name, frozenset(words)) for name, n in spellings if (words := _words(n))),
            {n.casefold(): name for name, n in spellings},
            tuple((name, frozenset(found)) for name, n in spellings if (found := stems(n))),
        )


def _names(topics: Sequence[Topic] | TopicNames) -> TopicNames:
    return topics if isinstance(topics, TopicNames) else TopicNames.of(topics)


def topic_in_sentence(sentence: str, topics: Sequence[Topic] | TopicNames) -> tuple[str | None, tuple[str, ...]]:
    """(the topic the sentence names, or None; the topics tied at the most words when it is ambiguous)."""
    words = _words(sentence)
    best: dict[str, int] = {}
    for name, needed in _names(topics).words:
        if needed <= words and len(needed) > best.get(name, 0):
            best[name] = len(needed)
    if not best:
        return None, ()
    most = max(best.values())
    tied = tuple(sorted(name for name, size in best.items() if size == most))
    return (tied[0], ()) if len(tied) == 1 else (None, tied)


def guess_topic(
    sentence: str,
    topics: Sequence[Topic] | TopicNames,
    *,
    actor_id: str | None = None,
    start: int = 0,
    coded: Iterable[CodedClaim] = (),
    corpus: Mapping[str, Sequence[str]] | None = None,
    similar: Callable[[Callable[[str], str | None]], TopicGuess | None] | None = None,
) -> str | None:
    """The topic (its codebook name) of a claim in ``sentence`` starting at ``start``, by
    ``actor_id``: see the module's docstring. ``topics``: the codebook's active topics (or their
    ``TopicNames``, worked out once); ``coded``: this article's coded claims; ``corpus``: per actor,
    the topics of their claims across the corpus; ``similar(names)``: the topic the most similar
    coded claims have (``ClaimTopicIndex.guess``), given the map from a coded topic to the codebook
    name it may be guessed as."""
    codebook = _names(topics)
    if not codebook.names:
        return None
    named, tied = topic_in_sentence(sentence, codebook)
    if named is not None:
        return named
    names = codebook.names  # a claim may name its topic by an alias
    allowed = set(tied) if tied else set(names.values())
    if similar is not None:
        learned = similar(lambda coded_topic: name if (name := names.get(coded_topic.casefold())) in allowed else None)
        if learned is not None and learned.topic is not None:
            return learned.topic
        if learned is not None and learned.tied:
            allowed &= set(learned.tied)  # the similar claims are split between these: only one of them
    if actor_id is None:
        return None
    earlier = [(c.start, names.get(c.topic.casefold())) for c in coded if c.actor_id == actor_id and c.start < start]
    earlier = [(at, name) for at, name in earlier if name in allowed]
    if earlier:
        return max(earlier)[1]
    counts = Counter(name for t in (corpus or {}).get(actor_id, ()) if (name := names.get(t.casefold())) in allowed)
    if not counts:
        return None
    [(first, n), *rest] = counts.most_common(2) + [("", -1)]
    return first if rest[0][1] < n else None  # two topics as frequent: none


def claimant_shares(
    actor_id: str, topics: Sequence[Topic] | TopicNames, coded: Iterable[CodedClaim] = (), corpus: Mapping[str, Sequence[str]] | None = None
) -> dict[str, float]:
    """Per codebook name, its share of ``actor_id``'s claims in this article (``coded``) and the corpus."""
    names = _names(topics).names
    own = [n for c in coded if c.actor_id == actor_id and (n := names.get(c.topic.casefold())) is not None]
    own += [n for t in (corpus or {}).get(actor_id, ()) if (n := names.get(t.casefold())) is not None]
    return {name: count / len(own) for name, count in Counter(own).items()}


def rank_topics(
    guess: str | None,
    sentence: str,
    topics: Sequence[Topic] | TopicNames,
    *,
    votes: Mapping[str, float] | None = None,
    actor_id: str | None = None,
    coded: Iterable[CodedClaim] = (),
    corpus: Mapping[str, Sequence[str]] | None = None,
    shares: Mapping[str, float] | None = None,
) -> tuple[RankedTopic, ...]:
    """The codebook topics a claim in ``sentence`` by ``actor_id`` could have, best first: ``guess``
    (``guess_topic``'s answer) first, then the others by score (see the module's docstring), at
    most ``RANKED_TOPICS``; ``votes``: per codebook name, the similar claims' weighted votes;
    ``shares``: ``claimant_shares()`` when the caller has it already (else worked out from ``coded`` and ``corpus``)."""
    codebook = _names(topics)
    if not codebook.names:
        return ()
    evidence: dict[str, float] = {}
    total_votes = sum((votes or {}).values())
    if total_votes > 0:
        known = codebook.topic_names
        for name, vote in (votes or {}).items():
            if name in known:
                evidence[name] = evidence.get(name, 0.0) + TOPIC_WEIGHTS["similar"] * vote / total_votes
    sentence_stems = set(stems(sentence))
    named: dict[str, float] = {}
    for name, needed in codebook.stems:
        if (share := len(needed & sentence_stems) / len(needed)) > named.get(name, 0.0):
            named[name] = share
    for name, share in named.items():
        evidence[name] = evidence.get(name, 0.0) + TOPIC_WEIGHTS["sentence"] * share
    if shares is None:
        shares = claimant_shares(actor_id, codebook, coded, corpus) if actor_id is not None else {}
    for name, share in shares.items():
        evidence[name] = evidence.get(name, 0.0) + TOPIC_WEIGHTS["claimant"] * share
    ranked = sorted((name for name, score in evidence.items() if score > 0 and name != guess), key=lambda name: (-evidence[name], name.casefold()))
    if guess is not None:
        ranked.insert(0, guess)
    # Built without validation (a name of the codebook, a score in [0, 1]): a long article has thousands of them.
    return tuple(_ranked_topic(name, round(min(1.0, evidence.get(name, 0.0)), 3)) for name in ranked[:RANKED_TOPICS])


def guess_stance(text: str, start: int, end: int, sentence_start: int | None = None, *, cues: WordStarts | None = None) -> Stance | None:
    """The stance the wording of ``text[start:end]`` (the claim and its verb) states, or None; a
    negation is looked for back to ``sentence_start`` (default ``start``) within the cue's clause.
    ``cues``: where the cues' first letters start in ``text`` (claims.py: ``_STANCE_STEMS``), found once for a
    long text, so that only those places are tried (the same answer)."""
    found: set[Stance] = set()
    first = start if sentence_start is None else min(start, sentence_start)
    for match in _CUE.finditer(text, start, end) if cues is None else cues.finditer(_CUE, text, start, end):
        stance = Stance.SUPPORTS if match.group("supports") else Stance.OPPOSES
        breaks = list(_CLAUSE_BREAK.finditer(text, first, match.start()))
        clause_start = breaks[-1].end() if breaks else first
        if _NEGATION.search(text[clause_start : match.start()]):
            if stance is Stance.OPPOSES:
                continue  # "did not deny": no stance said
            stance = Stance.OPPOSES
        found.add(stance)
    return found.pop() if len(found) == 1 else None


def target_after(text: str, start: int, end: int, mention_starts: Mapping[int, object], *, verbs: WordStarts | None = None) -> object | None:
    """The mention (a value of ``mention_starts``, keyed by start) right after the first
    "accused" / "urged" / "called on" ... in ``text[start:end]``, or None; ``verbs``: where the
    verbs' first letters start in ``text`` (claims.py: ``_TARGET_STEMS``), as ``guess_stance``'s ``cues``."""
    for match in TARGET_VERBS.finditer(text, start, end) if verbs is None else verbs.finditer(TARGET_VERBS, text, start, end):
        mention = mention_starts.get(match.end())
        if mention is not None:
            return mention
    return None


class ClaimGuesser:
    """The topic and stance guesses of one document's claim suggestions: built once per document
    (the similar-claims index once per set of coded claims, through ``cache``), asked per claim."""

    def __init__(self, context: SuggestContext, document_id: str, coded: Sequence[CodedClaim], cache: IndexCache) -> None:
        self._context, self._document_id, self._coded = context, document_id, coded
        self._by_id = {span.id: span for span in context.spans}
        self._index = context.shared("claim topic index", None, lambda: cache.for_claims(tuple(context.coded_claims), tuple(context.topics)))
        registry = context.registry
        self._resolved: dict[str, str] = {}
        self._raw_ids: dict[str, list[str]] = {}  # per resolved actor id, the ids the coded claims name it by
        for actor_id in self._index.actor_ids():
            actor = registry.resolve(actor_id)
            self._resolved[actor_id] = resolved = actor.id if actor is not None else actor_id
            self._raw_ids.setdefault(resolved, []).append(actor_id)
        self._own = tuple(self._own_claims())
        self._own_vectors = self._index.vectors(self._own)
        self._topics = {t.name: (t.name, *t.aliases) for t in context.topics}
        self._codebook = TopicNames.of(context.topics)
        self._stances: dict[tuple[str, str], Stance | None] = {}
        self._shares: dict[str, dict[str, float]] = {}  # per claimant: claimant_shares()
        self._dated: _DatedClaims | None = None  # for coded_date, made on its first question
        # Per claimant, the starts of its coded claims in this article, in order: all a claim's start
        # changes in its topic guess is how many of them come before it (guess_topic's "earlier").
        self._coded_starts: dict[str, list[int]] = {}
        for claim in sorted(coded, key=lambda c: c.start):
            self._coded_starts.setdefault(claim.actor_id, []).append(claim.start)
        self._ranked: dict[tuple[str, str, str | None, int], tuple[str | None, tuple[RankedTopic, ...]]] = {}

    def _own_claims(self) -> Iterable[CodedClaimText]:
        """This document's coded claims with a topic, as the document holds them now."""
        by_id = self._by_id
        for span in self._context.spans_of(LabelKind.CLAIM):
            claim = span.claim
            if claim is None or not claim.topic.strip():
                continue
            actor_id = claim.claimant.actor_in(by_id) if claim.claimant is not None else None
            actor = self._context.registry.resolve(actor_id) if actor_id else None
            yield CodedClaimText(self._document_id, span.text, actor.id if actor else actor_id, claim.topic, claim.stance)

    def coded_date(self, start: int, end: int) -> SuggestedSpan | None:
        """The date span of the coded claim overlapping ``[start, end)`` (the first such claim with a
        date, in the context's order), as a claim suggestion's date (None: it has none). Asked for
        every coded claim the recommender meets, so answered by bisect, not a pass over the claims."""
        if self._dated is None:
            self._dated = _DatedClaims(self._context.spans_of(LabelKind.CLAIM), self._by_id)
        date = self._dated.first_overlapping(start, end)
        return None if date is None else SuggestedSpan(start=date.start, end=date.end, text=date.text, timex=date.timex)

    @property
    def ranks(self) -> bool:
        """Whether there is a codebook to guess topics from (else ``ranked_topic`` is ``(None, ())``)."""
        return bool(self._codebook.names)

    def _actor(self, actor_id: str | None) -> str | None:
        return self._resolved.get(actor_id, actor_id) if actor_id else None

    def topic(self, sentence: str, claim_text: str, actor_id: str | None, start: int) -> str | None:
        """The topic of the claim ``claim_text`` in ``sentence`` by ``actor_id`` (resolved), starting at ``start``."""
        return self.ranked_topic(sentence, claim_text, actor_id, start)[0]

    def ranked_topic(self, sentence: str, claim_text: str, actor_id: str | None, start: int) -> tuple[str | None, tuple[RankedTopic, ...]]:
        """``topic()``'s guess and the topics ranked after it (``rank_topics``), from one look-up of the similar claims.

        Worked out once per document for each sentence, claim text, claimant and number of that
        claimant's coded claims before ``start`` (everything else the answer depends on is the
        same for the whole document): a sentence repeated in an article (an agency's boilerplate,
        a quote given twice) costs a dictionary look-up the second time."""
        earlier = self._coded_starts.get(actor_id) if actor_id is not None else None
        key = (sentence, claim_text, actor_id, bisect.bisect_left(earlier, start) if earlier else 0)
        held = self._ranked.get(key)
        if held is None:
            held = self._ranked[key] = self._ranked_topic(sentence, claim_text, actor_id, start)
        return held

    def _ranked_topic(self, sentence: str, claim_text: str, actor_id: str | None, start: int) -> tuple[str | None, tuple[RankedTopic, ...]]:
        codebook, corpus = self._codebook, self._context.claim_topics
        if not codebook.names:
            return None, ()
        same = (lambda other: other is not None and self._actor(other) == actor_id) if actor_id else (lambda _other: False)
        found = self._index.nearest(claim_text, exclude=self._document_id, extra=self._own_vectors)  # read as far as the votes go

        def similar(names: Callable[[str], str | None]) -> TopicGuess | None:
            return self._index.guess(claim_text, names, same_claimant=same, found=found)

        guess = guess_topic(sentence, codebook, actor_id=actor_id, start=start, coded=self._coded, corpus=corpus, similar=similar)
        votes = {name: vote for name, (vote, _best) in self._index.votes(found, lambda topic: codebook.names.get(topic.casefold()), same).items()}
        if actor_id is not None and actor_id not in self._shares:  # the same for every claim of the document by this actor
            self._shares[actor_id] = claimant_shares(actor_id, codebook, self._coded, corpus)
        shares = self._shares.get(actor_id, {}) if actor_id is not None else {}
        return guess, rank_topics(guess, sentence, codebook, votes=votes, shares=shares)

    def usual_stance(self, actor_id: str | None, topic: str | None) -> Stance | None:
        """The claimant's (resolved) most frequent stance on ``topic`` (a codebook name) in the coded claims."""
        if not actor_id or not topic:
            return None
        if (actor_id, topic) not in self._stances:  # the same for every claim of the document by this actor on this topic
            spellings = {n.casefold() for n in self._topics.get(topic, (topic,))}
            counts = [self._index.stance_counts(raw, spelling, exclude=self._document_id) for raw in self._raw_ids.get(actor_id, ()) for spelling in spellings]
            counts.append(Counter(c.stance for c in self._own if c.actor_id == actor_id and c.stance is not None and c.topic.casefold() in spellings))
            self._stances[(actor_id, topic)] = usual_stance(counts)
        return self._stances[(actor_id, topic)]


class _DatedClaims:
    """The coded claims that have a date span, in an ``IntervalSet``: which ones overlap a range
    is a bisect and a walk over its few candidates."""

    def __init__(self, claims: Sequence[Span], by_id: Mapping[str, Span]) -> None:
        dated = []
        for order, span in enumerate(claims):
            date = by_id.get(span.claim.date_span_id or "") if span.claim is not None else None
            if date is not None:
                dated.append((span.start, span.end, order, date))
        dated.sort(key=lambda item: (item[0], item[1]))  # the IntervalSet's order
        self._items = dated
        self._intervals = IntervalSet((item[0], item[1]) for item in dated)

    def first_overlapping(self, start: int, end: int) -> Span | None:
        """The date of the claim first in the given order among those with ``s < end and start < e``."""
        best = None
        for s_start, s_end, order, date in map(self._items.__getitem__, self._intervals.candidates(start, end)):
            if start < s_end and s_start < end and (best is None or order < best[0]):
                best = (order, date)
        return None if best is None else best[1]
