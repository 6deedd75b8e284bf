"""Search the coded spans of the corpus: by label, text, linked actor, claimant, stance, topic and date range.

Pure: the items are what core/analysis/corpus.py's ``catalog_items`` reads through the store (each
document id with this annotator's spans, the open documents' unsaved ones winning), the registry and
codebook are copies taken by the caller. Every criterion that is set must hold (they combine with AND):

* ``label``: the span's label; ``text``: a case-insensitive substring of the span's text, or a
  case-insensitive regular expression searched in it with ``regex``;
* ``actor``: a registry actor by name or alias (case, accents and spacing ignored, merges followed),
  or by whole words of one (“Pashinyan”) when they name one actor only: an actor mention linked to
  it, or a claim whose claimant or target is it;
* ``claimant``: a registry actor the same way: a claim whose claimant (its mention's actor, or the
  registry actor it names) is it. An actor or claimant the registry does not know, or words naming
  several actors, find nothing and say so in ``AnnotationSearch.problems``;
* ``stance``; ``topic``: the claim's topic by name or codebook alias (case and spacing ignored);
* ``since`` / ``until``: the claim's own date, its linked date span's normalised TIMEX3 value,
  compared on the bound's precision ("2024" keeps all of 2024, "2024-03" all of March). A claim
  without a date of its own (no linked date, or a date without a DATE/TIME value) is left out of a
  date range unless ``undated`` is set; the article's date never stands in for it here.

Claimant, stance, topic and a date range hold only for claims. Offsets are code points into the
stored text, as every span's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from annotator.core.actors import ActorRegistry, _fold
from annotator.core.analysis.network import claim_date
from annotator.core.codebook import Codebook
from annotator.core.model import Actor, ActorRef, Span, Stance

from .index import CONTEXT, _flat

MAX_HITS = 5000
_BOUND = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class AnnotationQueryError(ValueError):
    """The query cannot be run (a broken regular expression, a date bound that is no date); the message says why."""


class SearchedDocument(Protocol):
    """A document id and its publication date (``document.id``, ``document.metadata.date``) with one coder's spans."""

    @property
    def document(self) -> object: ...

    @property
    def spans(self) -> tuple[Span, ...]: ...


@dataclass(frozen=True)
class AnnotationQuery:
    label: str = ""  # "" any label
    text: str = ""
    regex: bool = False
    actor: str = ""
    claimant: str = ""
    stance: Stance | None = None
    topic: str = ""
    since: str = ""  # TIMEX3 date prefixes: 2024, 2024-03, 2024-03-05
    until: str = ""
    undated: bool = False  # with a date range: claims without a date of their own are kept too

    def is_empty(self) -> bool:
        return not (
            self.label or self.text.strip() or self.actor.strip() or self.claimant.strip() or self.stance or self.topic.strip() or self.since or self.until
        )


@dataclass(frozen=True)
class AnnotationHit:
    document_id: str
    span_id: str
    label: str
    start: int  # code points into the stored text, end-exclusive
    end: int
    text: str
    actor: str = ""  # the linked actor's name (mentions), "" when unlinked
    claimant: str = ""  # claims: the claimant's name, or its mention's text when unlinked
    stance: Stance | None = None
    topic: str = ""
    date: str = ""  # claims: the linked date's TIMEX3 value, "" when the claim has none


@dataclass(frozen=True)
class AnnotationSearch:
    hits: tuple[AnnotationHit, ...]
    problems: tuple[str, ...] = ()  # what made a criterion match nothing (an unknown actor)
    truncated: bool = False  # more than the limit matched; the first ones are given


def search_annotations(
    items: Iterable[SearchedDocument],
    query: AnnotationQuery,
    registry: ActorRegistry,
    claim_labels: Collection[str],
    codebook: Codebook | None = None,
    limit: int = MAX_HITS,
) -> AnnotationSearch:
    """The spans matching every criterion of ``query``, in corpus order then text order.

    Raises AnnotationQueryError for a bad regular expression or date bound."""
    if query.is_empty():
        return AnnotationSearch(())
    matches_text = _text_matcher(query)
    for bound in (query.since, query.until):
        if bound and not _BOUND.match(bound):
            raise AnnotationQueryError(f"not a date: {bound!r} (write 2024, 2024-03 or 2024-03-05)")
    problems: list[str] = []
    actor = _wanted_actor(registry, query.actor, "actor", problems)
    claimant = _wanted_actor(registry, query.claimant, "claimant", problems)
    if problems:
        return AnnotationSearch((), tuple(problems))
    topic = _topic_matcher(query.topic, codebook)
    claim_only = bool(query.claimant.strip() or query.stance or query.topic.strip() or query.since or query.until)
    hits: list[AnnotationHit] = []
    for item in items:
        spans = {span.id: span for span in item.spans}
        for span in sorted(item.spans, key=lambda s: (s.start, -s.end, s.id)):
            if query.label and span.label != query.label:
                continue
            if not matches_text(span.text):
                continue
            is_claim = span.label in claim_labels
            if claim_only and not is_claim:
                continue
            claim = span.claim
            who = _claimant_actor(claim.claimant, spans, registry) if claim else None
            if actor is not None:
                linked = registry.resolve(span.actor_id) if span.actor_id else None
                target = _claimant_actor(claim.target, spans, registry) if claim else None
                if actor not in (linked, who, target):
                    continue
            if claimant is not None and who != claimant:
                continue
            if query.stance is not None and (claim is None or claim.stance is not query.stance):
                continue
            if query.topic.strip() and (claim is None or not topic(claim.topic)):
                continue
            date = _own_date(span, spans, item)
            if (query.since or query.until) and not (_in_range(date, query.since, query.until) if date else query.undated):
                continue
            hits.append(_hit(item, span, spans, registry, who, date))
            if len(hits) >= limit:
                return AnnotationSearch(tuple(hits), truncated=True)
    return AnnotationSearch(tuple(hits))


def in_context(hit: AnnotationHit, text: str) -> tuple[str, str, str]:
    """(before, the span, after) on one line, from the document's stored text; the span's own text
    alone when the document's text no longer holds it there."""
    if text[hit.start : hit.end] != hit.text:
        return "", _flat(hit.text), ""
    return _flat(text[max(0, hit.start - CONTEXT) : hit.start]), _flat(hit.text), _flat(text[hit.end : hit.end + CONTEXT])


def _text_matcher(query: AnnotationQuery) -> Callable[[str], bool]:
    wanted = query.text.strip() if not query.regex else query.text
    if not wanted:
        return lambda _text: True
    if query.regex:
        try:
            pattern = re.compile(wanted, re.IGNORECASE)
        except re.error as error:
            raise AnnotationQueryError(f"not a regular expression: {error}") from None
        return lambda text: pattern.search(text) is not None
    folded = wanted.casefold()
    return lambda text: folded in text.casefold()


def _wanted_actor(registry: ActorRegistry, name: str, role: str, problems: list[str]) -> Actor | None:
    if not name.strip():
        return None
    actor = registry.find(name)
    if actor is not None:
        return actor
    # A part of a name ("Pashinyan" for Nikol Pashinyan): taken when it names one actor only.
    wanted = _fold(name).split()
    partial = [a for a in registry.active() if any(_contains_words(_fold(n).split(), wanted) for n in (a.name, *a.aliases))]
    if len(partial) == 1:
        return partial[0]
    if partial:
        names = ", ".join(a.name for a in partial[:5])
        problems.append(f"“{name.strip()}” names several actors ({names}): type more of the name, so no {role} matches")
    else:
        problems.append(f"no actor named “{name.strip()}” in the registry (by name or alias), so no {role} matches")
    return None


def _contains_words(words: list[str], wanted: list[str]) -> bool:
    return any(words[i : i + len(wanted)] == wanted for i in range(len(words) - len(wanted) + 1))


def _topic_matcher(wanted: str, codebook: Codebook | None) -> Callable[[str], bool]:
    folded = _fold(wanted)
    topic = codebook.resolve(wanted) if codebook is not None else None
    if topic is None:
        return lambda text: _fold(text) == folded
    assert codebook is not None
    return lambda text: _fold(text) == folded or codebook.resolve(text) == topic


def _claimant_actor(ref: ActorRef | None, spans: dict[str, Span], registry: ActorRegistry) -> Actor | None:
    actor_id = ref.actor_in(spans) if ref is not None else None
    return registry.resolve(actor_id) if actor_id else None


def _own_date(span: Span, spans: dict[str, Span], item: SearchedDocument) -> str:
    """The claim's own normalised date ("" when none: the article's date does not count here)."""
    if span.claim is None or span.claim.date_span_id is None:
        return ""
    when, by_article = claim_date(span, spans, item)  # type: ignore[arg-type]  # needs only document.metadata.date
    return "" if by_article else when


def _in_range(when: str, since: str, until: str) -> bool:
    if not re.match(r"^\d{4}", when):
        return False  # "PRESENT_REF" and the like name no period
    if since and when[: len(since)] < since:
        return False
    return not (until and when[: len(until)] > until)


def _hit(item: SearchedDocument, span: Span, spans: dict[str, Span], registry: ActorRegistry, who: Actor | None, date: str) -> AnnotationHit:
    linked = registry.resolve(span.actor_id) if span.actor_id else None
    claim = span.claim
    claimant = ""
    if who is not None:
        claimant = who.name
    elif claim is not None and claim.claimant is not None and claim.claimant.span_id is not None:
        mention = spans.get(claim.claimant.span_id)
        claimant = " ".join(mention.text.split()) if mention is not None else ""
    return AnnotationHit(
        document_id=item.document.id,  # type: ignore[attr-defined]
        span_id=span.id,
        label=span.label,
        start=span.start,
        end=span.end,
        text=span.text,
        actor=linked.name if linked is not None else "",
        claimant=claimant,
        stance=claim.stance if claim is not None else None,
        topic=" ".join(claim.topic.split()) if claim is not None else "",
        date=date,
    )


def documents_of(hits: Sequence[AnnotationHit]) -> list[str]:
    """The documents the hits are in, in the hits' order (each once)."""
    return list(dict.fromkeys(hit.document_id for hit in hits))
