"""How far the corpus is coded: documents by status, spans per label, claims missing a claimant or a date.

The same numbers for ``annotator stats`` and the Analysis dock's progress view. Pure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from annotator.core.model import DocumentStatus

from .base import CodedDocument


@dataclass(frozen=True)
class MissingLink:
    document_id: str
    claim_id: str
    text: str
    missing: tuple[str, ...]  # "claimant", "date"


@dataclass
class CorpusCounts:
    documents: dict[str, int] = field(default_factory=lambda: {status.value: 0 for status in DocumentStatus})
    spans_per_label: Counter[str] = field(default_factory=Counter)  # the corpus
    spans_per_document: dict[str, Counter[str]] = field(default_factory=dict)  # document id -> label -> spans
    claims: int = 0
    missing: list[MissingLink] = field(default_factory=list)

    @property
    def without_claimant(self) -> int:
        return sum(1 for link in self.missing if "claimant" in link.missing)

    @property
    def without_date(self) -> int:
        return sum(1 for link in self.missing if "date" in link.missing)

    def as_json(self) -> dict[str, object]:
        return {
            "documents": dict(self.documents),
            "spans_per_label": dict(sorted(self.spans_per_label.items())),
            "spans_per_document": {doc: dict(sorted(counts.items())) for doc, counts in self.spans_per_document.items()},
            "claims": self.claims,
            "claims_without_claimant": self.without_claimant,
            "claims_without_date": self.without_date,
            "claims_missing": [
                {"document": link.document_id, "claim": link.claim_id, "text": link.text, "missing": list(link.missing)} for link in self.missing
            ],
        }


def corpus_counts(items: Iterable[CodedDocument], claim_labels: Iterable[str]) -> CorpusCounts:
    """Count ``items``; spans with a label in ``claim_labels`` (or with claim attributes) are claims.

    A document never opened by this coder (no annotation file) is new; a claim's date is its
    linked date span (the article's publication date does not count here: it is a fallback).
    """
    labels = set(claim_labels)
    counts = CorpusCounts()
    for item in items:
        status = item.annotations.status if item.annotations is not None else DocumentStatus.NEW
        counts.documents[status.value] += 1
        per_label: Counter[str] = Counter(span.label for span in item.spans)
        counts.spans_per_document[item.document.id] = per_label
        counts.spans_per_label.update(per_label)
        for span in item.spans:
            if span.label not in labels and span.claim is None:
                continue
            counts.claims += 1
            claim = span.claim
            missing = tuple(
                name
                for name, absent in (("claimant", claim is None or claim.claimant is None), ("date", claim is None or claim.date_span_id is None))
                if absent
            )
            if missing:
                counts.missing.append(MissingLink(item.document.id, span.id, span.text, missing))
    return counts
