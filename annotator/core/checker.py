"""Claims and links that need attention before a document is done."""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass

from annotator.core.actors import ActorRegistry
from annotator.core.model import LabelKind, LabelScheme, Span


@dataclass(frozen=True)
class Finding:
    span_id: str
    message: str


def _quote(span: Span) -> str:
    # Made only for a span with a finding: most spans have none, and 5,000 splits were a third of a check.
    return f"“{' '.join(span.text.split())[:60]}”"


def check_spans(spans: Iterable[Span], scheme: LabelScheme, registry: ActorRegistry | None = None) -> list[Finding]:
    """What is missing or broken in one document's spans, in text order."""
    spans = sorted(spans, key=Span.sort_key)
    by_id = {span.id: span for span in spans}
    has_dates = any(scheme.kind_of(label) is LabelKind.DATE for label in {span.label for span in spans})
    kinds = label_kinds(scheme)
    findings: list[Finding] = []
    for span in spans:
        findings.extend(span_findings(span, kinds, has_dates, by_id, registry))
    return findings


def label_kinds(scheme: LabelScheme) -> dict[str, LabelKind]:
    return {label.name: label.effective_kind for label in scheme.labels}


def span_findings(
    span: Span, kinds: Mapping[str, LabelKind], has_dates: bool, known_ids: Container[str], registry: ActorRegistry | None = None
) -> list[Finding]:
    """One span's findings. They depend on the span, on whether the document has any date span,
    on which span ids exist (a claim's links) and on the registry: nothing else (core/check_cache.py
    keeps the findings of an open document current from that)."""
    findings: list[Finding] = []
    kind = kinds.get(span.label, LabelKind.OTHER)
    if kind is LabelKind.CLAIM:
        claim = span.claim
        if claim is None or claim.claimant is None:
            findings.append(Finding(span.id, f"claim {_quote(span)} has no claimant"))
        if has_dates and (claim is None or claim.date_span_id is None):
            findings.append(Finding(span.id, f"claim {_quote(span)} has no date, and the article has dates"))
        for target in sorted(i for i in span.linked_span_ids() if i not in known_ids):
            findings.append(Finding(span.id, f"claim {_quote(span)} links to span {target}, which does not exist"))
        for role, ref in (("claimant", claim and claim.claimant), ("target", claim and claim.target)):
            if ref is not None and ref.actor_id is not None and registry is not None and registry.get(ref.actor_id) is None:
                findings.append(Finding(span.id, f"claim {_quote(span)}: {role} actor {ref.actor_id} is not in the registry"))
    elif kind is LabelKind.ACTOR:
        if span.actor_id is None:
            findings.append(Finding(span.id, f"actor {_quote(span)} is not linked to the registry"))
        elif registry is not None and registry.get(span.actor_id) is None:
            findings.append(Finding(span.id, f"actor {_quote(span)} links to {span.actor_id}, which is not in the registry"))
    elif kind is LabelKind.DATE and span.timex is None:
        findings.append(Finding(span.id, f"date {_quote(span)} has no normalised value"))
    return findings
