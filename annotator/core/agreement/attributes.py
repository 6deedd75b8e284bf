"""Agreement on what matched spans carry, and claim-tuple agreement with partial credit.

Both work on pairs of spans the overlapping matching (``spans.match_spans``) paired up:

* attributes: the linked actor of actor mentions (resolved through merges), the TIMEX3 value
  of dates, the stance and the form of claims. A pair counts for an attribute when at least one
  of the two spans has it set; it agrees when both hold the same value.
* claim tuples: (claimant, topic, stance, date) of each matched claim pair, compared component
  by component. The claimant is the registry actor (of the linked mention, or linked directly),
  else the mention's text; the date is the linked date's TIMEX3 value, else its text; topics
  compare case- and space-insensitively. A pair earns credit = agreeing components / 4; claims
  left unmatched earn 0. Score = 2 * credit / (claims of A + claims of B), so identical coding
  scores 1 and a claim found by one coder only pulls it down like a miss in F1.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from annotator.core.model import ActorRef, LabelKind, LabelScheme, Span

ATTRIBUTES = ("actor", "date value", "stance", "form")
TUPLE_PARTS = ("claimant", "topic", "stance", "date")

Resolve = Callable[[str], str]


@dataclass
class AttributeCounts:
    agreeing: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ATTRIBUTES, 0))
    compared: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ATTRIBUTES, 0))

    def agreement(self, attribute: str) -> float:
        n = self.compared[attribute]
        return self.agreeing[attribute] / n if n else math.nan


@dataclass
class TupleCounts:
    credit: float = 0.0
    complete: int = 0  # matched pairs agreeing on all four parts
    matched: int = 0
    first: int = 0
    second: int = 0
    parts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TUPLE_PARTS, 0))

    @property
    def score(self) -> float:
        total = self.first + self.second
        return 2 * self.credit / total if total else math.nan


def attribute_values(span: Span, scheme: LabelScheme, resolve: Resolve) -> dict[str, str | None]:
    kind = scheme.kind_of(span.label)
    if kind is LabelKind.ACTOR:
        return {"actor": resolve(span.actor_id) if span.actor_id else None}
    if kind is LabelKind.DATE:
        return {"date value": span.timex.value if span.timex else None}
    if kind is LabelKind.CLAIM:
        claim = span.claim
        return {
            "stance": claim.stance.value if claim and claim.stance else None,
            "form": claim.form.value if claim and claim.form else None,
        }
    return {}


def compare_attributes(pairs: list[tuple[Span, Span]], scheme: LabelScheme, resolve: Resolve, counts: AttributeCounts) -> None:
    for x, y in pairs:
        mine, theirs = attribute_values(x, scheme, resolve), attribute_values(y, scheme, resolve)
        for attribute, value in mine.items():
            other = theirs.get(attribute)
            if value is None and other is None:
                continue
            counts.compared[attribute] += 1
            counts.agreeing[attribute] += value == other


def claim_tuple(claim: Span, by_id: dict[str, Span], resolve: Resolve) -> dict[str, str | None]:
    attributes = claim.claim

    def who(ref: ActorRef | None) -> str | None:
        if ref is None:
            return None
        if ref.actor_id is not None:
            return resolve(ref.actor_id)
        mention = by_id.get(ref.span_id or "")
        if mention is None:
            return None
        return resolve(mention.actor_id) if mention.actor_id else "text:" + " ".join(mention.text.casefold().split())

    date = by_id.get(attributes.date_span_id or "") if attributes else None
    return {
        "claimant": who(attributes.claimant) if attributes else None,
        "topic": " ".join(attributes.topic.casefold().split()) or None if attributes else None,
        "stance": attributes.stance.value if attributes and attributes.stance else None,
        "date": (date.timex.value if date.timex else "text:" + date.text) if date else None,
    }


def compare_claims(
    pairs: list[tuple[Span, Span]],
    first_count: int,
    second_count: int,
    first_by_id: dict[str, Span],
    second_by_id: dict[str, Span],
    resolve: Resolve,
    counts: TupleCounts,
) -> None:
    counts.first += first_count
    counts.second += second_count
    for x, y in pairs:
        mine, theirs = claim_tuple(x, first_by_id, resolve), claim_tuple(y, second_by_id, resolve)
        agreeing = [part for part in TUPLE_PARTS if mine[part] == theirs[part]]
        for part in agreeing:
            counts.parts[part] += 1
        counts.matched += 1
        counts.credit += len(agreeing) / len(TUPLE_PARTS)
        counts.complete += len(agreeing) == len(TUPLE_PARTS)
