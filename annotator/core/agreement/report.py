"""The agreement table: per label and overall, per document and for the corpus.

``agreement_report`` runs every measure over a ``Corpus`` and returns plain data that the CLI
prints (or writes as JSON) and the window shows. Span F1 is summed over coder pairs (micro);
with a ``reference`` coder the pairs are (reference, other coder) only and precision and
recall are given too.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations

from annotator.core.agreement.alpha import KrippendorffAlpha
from annotator.core.agreement.attributes import ATTRIBUTES, TUPLE_PARTS, AttributeCounts, TupleCounts, compare_attributes, compare_claims
from annotator.core.agreement.corpus import Corpus, DocumentCoding
from annotator.core.agreement.kappa import kappa_for
from annotator.core.agreement.spans import SpanCounts, match_spans
from annotator.core.agreement.studies import token_study, unitizing_study
from annotator.core.agreement.unitizing import KrippendorffAlphaU
from annotator.core.model import LabelKind, LabelScheme, Span

ALL = "all"
CORPUS = "corpus"
COLUMNS = ("f1_exact", "f1_overlap", "kappa", "alpha", "alpha_u")


@dataclass(frozen=True)
class Row:
    scope: str  # a document id, or "corpus"
    label: str  # a label, or "all"
    spans: dict[str, int]  # per coder
    f1_exact: float
    f1_overlap: float
    precision: float  # against the reference (nan without one)
    recall: float
    kappa: float
    alpha: float
    alpha_u: float

    def value(self, column: str) -> float:
        return getattr(self, column)


@dataclass(frozen=True)
class Disagreement:
    document_id: str
    label: str
    start: int
    end: int
    text: str
    kind: str  # "only <coder>", "boundaries"
    coders: tuple[str, ...]


@dataclass
class AgreementReport:
    coders: tuple[str, ...]
    reference: str | None
    kappa_measure: str
    rows: list[Row] = field(default_factory=list)
    attributes: dict[str, tuple[int, int]] = field(default_factory=dict)  # attribute -> (agreeing, compared)
    claims: dict[str, float] = field(default_factory=dict)
    disagreements: list[Disagreement] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def row(self, scope: str, label: str) -> Row | None:
        return next((r for r in self.rows if r.scope == scope and r.label == label), None)

    def to_json(self) -> dict:
        def clean(value: float) -> float | None:
            return None if isinstance(value, float) and math.isnan(value) else value

        return {
            "coders": list(self.coders),
            "reference": self.reference,
            "kappa_measure": self.kappa_measure,
            "rows": [
                {
                    "scope": r.scope,
                    "label": r.label,
                    "spans": r.spans,
                    **{name: clean(getattr(r, name)) for name in (*COLUMNS, "precision", "recall")},
                }
                for r in self.rows
            ],
            "attributes": {name: {"agreeing": a, "compared": n, "agreement": clean(a / n if n else math.nan)} for name, (a, n) in self.attributes.items()},
            "claim_tuples": {name: clean(value) for name, value in self.claims.items()},
            "disagreements": [d.__dict__ | {"coders": list(d.coders)} for d in self.disagreements],
            "skipped": self.skipped,
            "problems": self.problems,
        }


def _pairs(coders: tuple[str, ...], reference: str | None) -> list[tuple[str, str]]:
    if reference is None:
        return list(combinations(coders, 2))
    return [(reference, coder) for coder in coders if coder != reference]


def _row(documents: list[DocumentCoding], scope: str, label: str | None, coders: tuple[str, ...], reference: str | None) -> Row:
    exact, overlap = SpanCounts(), SpanCounts()
    for coding in documents:
        for first, second in _pairs(coders, reference):
            a = [s for s in coding.spans[first] if label is None or s.label == label]
            b = [s for s in coding.spans[second] if label is None or s.label == label]
            exact.add(len(match_spans(a, b, exact=True)), len(a), len(b))
            overlap.add(len(match_spans(a, b, exact=False)), len(a), len(b))
    tokens = token_study(documents, coders, label)
    _name, kappa = kappa_for(tokens)
    units = unitizing_study(documents, coders, label)
    return Row(
        scope=scope,
        label=label or ALL,
        spans={coder: sum(1 for c in documents for s in c.spans[coder] if label is None or s.label == label) for coder in coders},
        f1_exact=exact.f1,
        f1_overlap=overlap.f1,
        precision=overlap.precision if reference else math.nan,
        recall=overlap.recall if reference else math.nan,
        kappa=kappa,
        alpha=KrippendorffAlpha()(tokens),
        alpha_u=KrippendorffAlphaU()(units),
    )


def _disagreements(coding: DocumentCoding, coders: tuple[str, ...]) -> list[Disagreement]:
    found: dict[tuple[int, int, str], Disagreement] = {}
    for first, second in combinations(coders, 2):
        a, b = coding.spans[first], coding.spans[second]
        pairs = match_spans(a, b, exact=False)
        matched_a = {x.id for x, _ in pairs}
        matched_b = {y.id for _, y in pairs}
        for x, y in pairs:
            if (x.start, x.end) != (y.start, y.end):
                start, end = min(x.start, y.start), max(x.end, y.end)
                found.setdefault(
                    (start, end, x.label), Disagreement(coding.document.id, x.label, start, end, coding.document.text[start:end], "boundaries", (first, second))
                )
        for coder, spans, matched in ((first, a, matched_a), (second, b, matched_b)):
            for span in spans:
                if span.id not in matched:
                    found.setdefault(
                        (span.start, span.end, span.label),
                        Disagreement(coding.document.id, span.label, span.start, span.end, span.text, f"only {coder}", (coder,)),
                    )
    return sorted(found.values(), key=lambda d: (d.start, -d.end, d.label))


def agreement_report(
    corpus: Corpus, scheme: LabelScheme, resolve: Callable[[str], str] = lambda actor_id: actor_id, reference: str | None = None
) -> AgreementReport:
    coders = corpus.coders
    if reference is not None and reference not in coders:
        raise ValueError(f"reference coder {reference!r} is not among the coders ({', '.join(coders)})")
    report = AgreementReport(
        coders, reference, "cohen_kappa" if len(coders) == 2 else "fleiss_kappa", skipped=list(corpus.skipped), problems=list(corpus.problems)
    )
    labels = scheme.names()
    for scope, documents in [*((c.document.id, [c]) for c in corpus.documents), (CORPUS, corpus.documents)]:
        for label in (*labels, None):
            report.rows.append(_row(documents, scope, label, coders, reference))
    attributes, claims = AttributeCounts(), TupleCounts()
    claim_labels = {label.name for label in scheme.labels if label.effective_kind is LabelKind.CLAIM}
    for coding in corpus.documents:
        report.disagreements.extend(_disagreements(coding, coders))
        for first, second in _pairs(coders, reference):
            a, b = coding.spans[first], coding.spans[second]
            pairs = match_spans(a, b, exact=False)
            compare_attributes(pairs, scheme, resolve, attributes)
            by_a: dict[str, Span] = {s.id: s for s in a}
            by_b: dict[str, Span] = {s.id: s for s in b}
            claim_pairs = [(x, y) for x, y in pairs if x.label in claim_labels]
            compare_claims(claim_pairs, sum(s.label in claim_labels for s in a), sum(s.label in claim_labels for s in b), by_a, by_b, resolve, claims)
    report.attributes = {name: (attributes.agreeing[name], attributes.compared[name]) for name in ATTRIBUTES}
    report.claims = {
        "score": claims.score,
        "matched": claims.matched,
        "complete": claims.complete,
        **{f"{part}_agreement": claims.parts[part] / claims.matched if claims.matched else math.nan for part in TUPLE_PARTS},
    }
    return report


def format_table(report: AgreementReport) -> str:
    """The report as a plain-text table, one row per scope and label, then attributes and claims."""

    def show(value: float) -> str:
        return "-" if math.isnan(value) else f"{value:.3f}"

    kappa = "Cohen k" if report.kappa_measure == "cohen_kappa" else "Fleiss k"
    head = ["scope", "label", *(f"n {c}" for c in report.coders), "F1 exact", "F1 overlap", kappa, "alpha", "alpha_U"]
    if report.reference:  # after the two F1 columns, as in the rows below
        head[-3:-3] = [f"P vs {report.reference}", f"R vs {report.reference}"]
    lines = [head]
    for r in report.rows:
        cells = [r.scope, r.label, *(str(r.spans[c]) for c in report.coders), show(r.f1_exact), show(r.f1_overlap)]
        if report.reference:
            cells += [show(r.precision), show(r.recall)]
        lines.append([*cells, show(r.kappa), show(r.alpha), show(r.alpha_u)])
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    out = ["  ".join(cell.ljust(w) for cell, w in zip(line, widths)) for line in lines]
    out.append("")
    out.append("attributes of matched spans: " + ", ".join(f"{name} {show(a / n if n else math.nan)} ({a}/{n})" for name, (a, n) in report.attributes.items()))
    c = report.claims
    out.append(
        f"claim tuples (claimant, topic, stance, date), partial credit: {show(c['score'])} over {c['matched']} matched claim pair(s), "
        f"{c['complete']} agreeing on all four; " + ", ".join(f"{part} {show(c[f'{part}_agreement'])}" for part in TUPLE_PARTS)
    )
    for line in report.skipped:
        out.append(f"skipped {line}")
    for line in report.problems:
        out.append(f"problem {line}")
    return "\n".join(out)
