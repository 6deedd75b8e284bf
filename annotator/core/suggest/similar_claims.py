"""What the coder's own coded claims say about a new claim: the topic of the most similar ones,
and the claimant's usual stance on a topic (pure, no I/O).

INCEpTION's recommenders learn a feature from the annotations already made; here the feature is
a claim's topic and the annotations are the project's coded claims (``CodedClaimText``: the
claim's text, its claimant actor, topic and stance, as ``MentionIndex.coded_claims`` reads them).

* **Similar claims** (``ClaimTopicIndex``): TF-IDF over word stems (a word's first
  ``STEM_LENGTH`` letters, casefolded, stop words left out) and cosine similarity. The codebook's
  topic names and aliases join the index as claims of their topic ("peace treaty" is like
  "Armenia-Azerbaijan peace"). The topic is the one the ``NEIGHBOURS`` most similar claims
  (similarity at least ``MIN_SIMILARITY``) vote for, each vote weighted by its similarity, a claim
  by the same claimant weighing ``SAME_CLAIMANT`` times more; two topics with the same weight give
  none, and the guesses after it choose only between them. The index is built once per set of
  coded claims and codebook (``IndexCache``, owned by the caller, keeps the last one) and answers a claim with one pass
  over the postings of its own stems (those in more than ``COMMON_STEM_SHARE`` of many claims
  left out).
* **Usual stance** (``usual_stance``): the stance the claimant took most often on the topic in
  the coded claims; a tie, or no claim of theirs on it, gives none.

A document's own claims come from the document (``extra``): the index's copy of that document
(``exclude``) is left out, so claims coded since the index was built count at once.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from annotator.core.mentions import CodedClaimText
from annotator.core.model import Stance, Topic

__all__ = ["CodedClaimText", "ClaimTopicIndex", "IndexCache", "TopicGuess", "stems", "usual_stance"]

NEIGHBOURS = 5
MIN_SIMILARITY = 0.1
SAME_CLAIMANT = 1.5
STEM_LENGTH = 6
# A stem found in more coded claims than both of these is left out of the similarity (not of the
# vectors' lengths): in a large project it is in too many claims to tell a topic, and walking them
# all for every claim would make a long article slow.
COMMON_STEM_CLAIMS = 200
COMMON_STEM_SHARE = 0.05
# From this many coded claims the sums run in numpy (imported only then), over the best LARGE_HITS.
LARGE_INDEX = 5000
LARGE_HITS = 64
SHORT_POSTINGS = 32  # a stem in no more claims than this is summed one claim at a time
# Below LARGE_INDEX, a claim whose stems' postings hold more than this many entries in all is summed
# in numpy (the same sums in the same order, so the same scores; below it Python's loop is cheaper).
ARRAY_POSTINGS = 256
_WORD = re.compile(r"\w+")
# Words that say nothing of a claim's topic (function words and reporting verbs).
STOP_WORDS = frozenset(
    """a about after again against all also an and any are as at be because been before being but by can could did do does
    for from had has have he her his how i if in into is it its itself me more most my no nor not now of on or our out over
    said says say she so some such than that the their them then there these they this those to told under until up very
    was we were what when where which while who whom why will with would you your""".split()
)


@dataclass(frozen=True)
class TopicGuess:
    """The similar claims' topic (None: two or more as likely, ``tied``) and how sure it is."""

    topic: str | None
    score: float  # the winning topic's share of the neighbours' weighted votes, times its best similarity
    tied: tuple[str, ...] = ()


def stems(text: str) -> list[str]:
    """The words of ``text`` that can say its topic, each cut to its first ``STEM_LENGTH`` letters
    ("withdraw", "withdrawal" -> "withdr")."""
    return [w[:STEM_LENGTH] for w in _WORD.findall(text.casefold()) if w not in STOP_WORDS and not w.isdigit()]


def _counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for stem in stems(text):
        counts[stem] = counts.get(stem, 0) + 1
    return counts


class ClaimTopicIndex:
    """TF-IDF vectors of the coded claims that have a topic, with postings per stem. Immutable once
    built: safe to share between threads."""

    def __init__(self, claims: Iterable[CodedClaimText], topics: Iterable[Topic] = ()) -> None:
        # The codebook's names and aliases describe their topics: each joins the index as a claim of no one's.
        described = [CodedClaimText("", name, None, topic.name) for topic in topics for name in (topic.name, *topic.aliases)]
        self.claims: tuple[CodedClaimText, ...] = tuple(c for c in (*claims, *described) if c.topic.strip())
        counts = [_counts(c.text) for c in self.claims]
        frequency = Counter(stem for count in counts for stem in count)
        total = len(self.claims)
        self._idf = {stem: math.log((1 + total) / (1 + n)) + 1.0 for stem, n in frequency.items()}
        self._unseen_idf = math.log(1 + total) + 1.0
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for number, count in enumerate(counts):
            for stem, weight in self._unit(count).items():
                postings[stem].append((number, weight))
        self._postings = dict(postings)
        self._common = max(COMMON_STEM_CLAIMS, int(COMMON_STEM_SHARE * total))
        self._arrays: dict[str, tuple[object, object]] | None = None
        self._stem_arrays: dict[str, tuple[object, object]] = {}  # (claim numbers, weights) per stem, made on first use (_sums_in_arrays)
        self._masks: dict[str, object] = {}  # per document excluded, the claims outside it (_outside)
        if total >= LARGE_INDEX:  # sums over long postings in numpy: a claim costs its stems, not their claims one by one
            import numpy as np  # noqa: PLC0415 - only for a large project

            self._arrays = {
                stem: (np.fromiter((n for n, _ in found), np.int64, len(found)), np.fromiter((w for _, w in found), np.float64, len(found)))
                for stem, found in self._postings.items()
                if len(found) > SHORT_POSTINGS
            }
        self._documents = [c.document_id for c in self.claims]
        self._stances: dict[tuple[str, str], list[tuple[str, Stance]]] = {}  # (actor, topic): (document, stance) each
        for claim in self.claims:
            if claim.actor_id and claim.stance is not None:
                self._stances.setdefault((claim.actor_id, claim.topic.casefold()), []).append((claim.document_id, claim.stance))

    def _unit(self, count: dict[str, int]) -> dict[str, float]:
        idf, unseen = self._idf, self._unseen_idf
        vector = {stem: n * idf.get(stem, unseen) for stem, n in count.items()}
        norm = math.sqrt(sum(w * w for w in vector.values()))
        return {stem: w / norm for stem, w in vector.items()} if norm else {}

    def vectors(self, claims: Sequence[CodedClaimText]) -> list[tuple[dict[str, float], CodedClaimText]]:
        """``claims`` (a document's own, for ``similar``'s ``extra``) as vectors of this index: computed once, asked many times."""
        return [(self._unit(_counts(c.text)), c) for c in claims if c.topic.strip()]

    def similar(
        self, text: str, *, exclude: str | None = None, extra: Sequence[tuple[dict[str, float], CodedClaimText]] = ()
    ) -> list[tuple[float, CodedClaimText]]:
        """The coded claims like ``text``, most similar first, with their cosine similarity (at
        least ``MIN_SIMILARITY``); those of document ``exclude`` left out, ``extra`` (``vectors()``) scored too."""
        found = self.nearest(text, exclude=exclude, extra=extra)
        return found if isinstance(found, list) else list(found)

    def nearest(
        self, text: str, *, exclude: str | None = None, extra: Sequence[tuple[dict[str, float], CodedClaimText]] = ()
    ) -> Sequence[tuple[float, CodedClaimText]]:
        """``similar()``'s answer, made only as far as it is read where it is long (``NearestClaims``):
        ``votes`` reads the first ``NEIGHBOURS`` it takes, not the hundreds of claims a long claim
        is at least a little like in a large project."""
        idf, unseen = self._idf, self._unseen_idf
        query: dict[str, float] = {}  # TF-IDF weights, normalised at the end (one division per claim found, not per stem)
        for word in _WORD.findall(text.casefold()):
            if word not in STOP_WORDS and not word.isdigit():
                stem = word[:STEM_LENGTH]
                query[stem] = query.get(stem, 0.0) + idf.get(stem, unseen)
        if not query:
            return []
        floor = MIN_SIMILARITY * math.sqrt(sum(w * w for w in query.values()))
        documents, claims = self._documents, self.claims
        if self._arrays is not None:
            found = self._similar_large(query, floor, exclude)
        else:
            postings, common = self._postings, self._common
            # a stem in a large share of the claims says little, and would cost a pass over them all
            used = [(stem, weight, found_in) for stem, weight in query.items() if len(found_in := postings.get(stem, ())) <= common and found_in]
            if sum(len(found_in) for _, _, found_in in used) > ARRAY_POSTINGS:
                numbers, sums = self._sums_in_arrays(used, floor, exclude)
                if not extra:  # nothing to merge: ordered and normalised in numpy too, as below
                    return NearestClaims(self.claims, numbers, sums, floor / MIN_SIMILARITY)
                hits = zip(numbers.tolist(), sums.tolist(), strict=True)  # type: ignore[attr-defined]
            else:
                scores: dict[int, float] = {}
                for _stem, weight, found_in in used:
                    for number, other in found_in:
                        scores[number] = scores.get(number, 0.0) + weight * other
                hits = [(n, score) for n, score in scores.items() if score >= floor and documents[n] != exclude]
            found = [(score, claims[n]) for n, score in hits]
        for vector, claim in extra:
            score = sum(weight * vector.get(stem, 0.0) for stem, weight in query.items())
            if score >= floor:
                found.append((score, claim))
        found.sort(key=lambda pair: -pair[0])
        norm = floor / MIN_SIMILARITY
        return [(score / norm, claim) for score, claim in found]

    def _sums_in_arrays(self, used: Sequence[tuple[str, float, Sequence[tuple[int, float]]]], floor: float, exclude: str | None) -> tuple[object, object]:
        """What ``similar``'s loop over ``used`` (its query's stems, weights and postings, in
        order) gives, as numpy arrays: the numbers and scores of the claims scoring at least
        ``floor`` outside document ``exclude``, in the order the loop first reaches them (by the
        first stem that has them, then by number: postings are in claim order), with the same
        sums: each claim's products added in the same stem order (numpy adds and multiplies
        float64 as Python does), so the same scores and the same order among equal ones.
        tests/core/test_suggest_similar_claims.py compares it with the loop."""
        import numpy as np  # noqa: PLC0415 - a dependency, imported only when a claim's postings are long

        scores = np.zeros(len(self.claims))
        first = np.full(len(self.claims), len(used))  # the first stem (its place in ``used``) that reaches each claim
        for place, (stem, weight, found_in) in enumerate(used):
            held = self._stem_arrays.get(stem)
            if held is None:  # a benign race: two threads make equal arrays
                held = self._stem_arrays[stem] = (
                    np.fromiter((n for n, _ in found_in), np.int64, len(found_in)),
                    np.fromiter((w for _, w in found_in), np.float64, len(found_in)),
                )
            numbers, weights = held
            scores[numbers] += weight * weights  # type: ignore[index, operator] - a stem's postings name each claim once
            first[numbers] = np.minimum(first[numbers], place)  # type: ignore[index]
        kept = scores >= floor  # floor > 0: a claim no stem reaches is never one
        if exclude is not None:
            kept &= self._outside(exclude)
        hits = np.flatnonzero(kept)
        ordered = hits[np.lexsort((hits, first[hits]))]
        return ordered, scores[ordered]

    def _outside(self, exclude: str) -> object:
        """Which claims are not of document ``exclude`` (a numpy mask, kept per document asked)."""
        import numpy as np  # noqa: PLC0415 - see _sums_in_arrays

        held = self._masks.get(exclude)
        if held is None:  # a benign race, as in _sums_in_arrays
            held = self._masks[exclude] = np.array([document != exclude for document in self._documents], dtype=bool)
        return held

    def _similar_large(self, query: dict[str, float], floor: float, exclude: str | None) -> list[tuple[float, CodedClaimText]]:
        """``similar``'s sums for a large index, in numpy; the ``LARGE_HITS`` best claims at most."""
        import numpy as np  # noqa: PLC0415 - imported once the index is large

        assert self._arrays is not None
        scores = np.zeros(len(self.claims))
        for stem, weight in query.items():
            held = self._arrays.get(stem)
            if held is None:  # a short list (or none): one by one
                for number, other in self._postings.get(stem, ()):
                    scores[number] += weight * other
            elif len(held[0]) <= self._common:  # type: ignore[arg-type]
                scores[held[0]] += weight * held[1]  # type: ignore[index, operator]
        kept = scores >= floor
        if exclude is not None:  # before the cut to the best: the left-out document's own claims must not take their places
            kept &= self._outside(exclude)
        hits = np.flatnonzero(kept)
        if len(hits) > LARGE_HITS:
            hits = hits[np.argpartition(scores[hits], -LARGE_HITS)[-LARGE_HITS:]]
        claims = self.claims
        return [(float(scores[n]), claims[n]) for n in hits.tolist()]

    def guess(
        self,
        text: str,
        names: Callable[[str], str | None],
        *,
        same_claimant: Callable[[str | None], bool] = lambda _actor: False,
        exclude: str | None = None,
        extra: Sequence[tuple[dict[str, float], CodedClaimText]] = (),
        found: Sequence[tuple[float, CodedClaimText]] | None = None,
    ) -> TopicGuess | None:
        """The topic the claims most like ``text`` have; ``names`` maps a coded topic to the
        codebook's name for it (None: not a topic to guess, e.g. retired or not among the tied
        ones), ``same_claimant`` says whether a claim's actor is the new claim's claimant;
        ``found``: ``similar()``'s answer for ``text`` when the caller has it already."""
        votes = self.votes(self.similar(text, exclude=exclude, extra=extra) if found is None else found, names, same_claimant)
        if not votes:
            return None
        weight = max(vote for vote, _best in votes.values())
        tied = tuple(sorted(name for name, (vote, _best) in votes.items() if math.isclose(vote, weight)))
        if len(tied) > 1:
            return TopicGuess(None, 0.0, tied)  # as much for two topics: one of them, if anything else says which
        first = tied[0]
        return TopicGuess(first, round(weight / sum(vote for vote, _best in votes.values()) * votes[first][1], 3))

    @staticmethod
    def votes(
        found: Sequence[tuple[float, CodedClaimText]], names: Callable[[str], str | None], same_claimant: Callable[[str | None], bool] = lambda _actor: False
    ) -> dict[str, tuple[float, float]]:
        """Per codebook topic, the weighted votes of the ``NEIGHBOURS`` most similar claims of
        ``found`` (``similar()``'s answer) that ``names`` maps to one, and its best similarity."""
        votes: dict[str, tuple[float, float]] = {}
        taken = 0
        for score, claim in found:
            name = names(claim.topic)
            if name is None:
                continue
            weight, best = votes.get(name, (0.0, score))
            votes[name] = (weight + score * (SAME_CLAIMANT if same_claimant(claim.actor_id) else 1.0), best)
            taken += 1
            if taken == NEIGHBOURS:
                break
        return votes

    def actor_ids(self) -> set[str]:
        """The claimant actor ids the coded claims name (as coded: merged actors not followed)."""
        return {claim.actor_id for claim in self.claims if claim.actor_id}

    def stance_counts(self, actor_id: str, topic: str, *, exclude: str | None = None) -> Counter[Stance]:
        """How often ``actor_id`` took each stance on ``topic`` (any case) outside document ``exclude``."""
        return Counter(stance for doc_id, stance in self._stances.get((actor_id, topic.casefold()), ()) if doc_id != exclude)


class NearestClaims(Sequence[tuple[float, CodedClaimText]]):
    """``similar()``'s answer from ``ClaimTopicIndex._sums_in_arrays`` (the claims' numbers and
    scores, in the order the loop first reaches them): most similar first by a stable sort, each
    score divided by ``norm``, as ``similar`` orders them. Iterating makes only the first
    ``PREFIX`` or so (those scoring at least the ``PREFIX``-th best: every one of them comes before
    every other in the stable order, and among themselves in the same order), and the rest only
    if it is read on; indexing or ``len`` makes the whole. Read-only."""

    PREFIX = 16

    def __init__(self, claims: Sequence[CodedClaimText], numbers: object, sums: object, norm: float) -> None:
        self._claims, self._numbers, self._sums, self._norm = claims, numbers, sums, norm
        self._head: list[tuple[float, CodedClaimText]] | None = None
        self._whole: list[tuple[float, CodedClaimText]] | None = None

    def _made(self, order: object) -> list[tuple[float, CodedClaimText]]:
        claims = self._claims
        return list(zip((self._sums[order] / self._norm).tolist(), [claims[n] for n in self._numbers[order].tolist()], strict=True))  # type: ignore[index]

    def _all(self) -> list[tuple[float, CodedClaimText]]:
        if self._whole is None:
            import numpy as np  # noqa: PLC0415 - see ClaimTopicIndex._sums_in_arrays

            self._whole = self._made(np.argsort(-self._sums, kind="stable"))  # type: ignore[operator]
        return self._whole

    def _first(self) -> list[tuple[float, CodedClaimText]]:
        if self._head is None:
            import numpy as np  # noqa: PLC0415 - see ClaimTopicIndex._sums_in_arrays

            sums = self._sums
            if len(sums) <= self.PREFIX:  # type: ignore[arg-type]
                self._head = self._all()
            else:
                least = np.partition(sums, len(sums) - self.PREFIX)[len(sums) - self.PREFIX]  # type: ignore[arg-type] - the PREFIX-th best
                held = np.flatnonzero(sums >= least)  # type: ignore[operator] - in the loop's order
                self._head = self._made(held[np.argsort(-sums[held], kind="stable")])  # type: ignore[index]
        return self._head

    def __iter__(self) -> Iterator[tuple[float, CodedClaimText]]:
        head = self._first()
        yield from head
        if self._whole is not head:
            yield from self._all()[len(head) :]

    def __len__(self) -> int:
        return len(self._sums)  # type: ignore[arg-type]

    def __getitem__(self, index):  # type: ignore[no-untyped-def] - Sequence's int and slice forms
        return self._all()[index]


def usual_stance(counts: Iterable[Counter[Stance]]) -> Stance | None:
    """The stance most frequent over ``counts`` (one per actor id standing for the claimant, and
    one for the document's own claims); a tie gives none."""
    total: Counter[Stance] = Counter()
    for count in counts:
        total.update(count)
    ranked = total.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


class IndexCache:
    """The last indexes built, per set of coded claims (the same tuple, or an equal one, reuses it). Thread-safe.

    Owned by whoever runs suggestions, never process-wide: the window holds one per open project
    (gui/suggestion_flow.py) and hands it to every run through ``SuggestContext.claim_index``, so
    its runs reuse the index while the other documents' claims stay as they are (a project of
    20,000 coded claims takes about half a second to index); a corpus run (core/suggest/corpus.py,
    the CLI) holds one for the run. The window leaves the open document's claims out of the index,
    so each document has an index of its own: the last ``KEPT`` are kept, and a coder going back
    and forth between two articles builds each once. ``builds`` counts the indexes it built."""

    KEPT = 2

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held: list[tuple[tuple[CodedClaimText, ...], tuple[Topic, ...], ClaimTopicIndex]] = []  # the most recent last
        self.builds = 0

    def for_claims(self, claims: tuple[CodedClaimText, ...], topics: tuple[Topic, ...] = ()) -> ClaimTopicIndex:
        with self._lock:
            for place, held in enumerate(self._held):
                if (held[0] is claims or held[0] == claims) and (held[1] is topics or held[1] == topics):
                    self._held.append(self._held.pop(place))
                    return held[2]
        index = ClaimTopicIndex(claims, topics)
        with self._lock:
            self._held = [*self._held, (claims, topics, index)][-self.KEPT :]
            self.builds += 1
        return index
