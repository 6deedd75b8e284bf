"""Projects with actors, claims and dates for the format tests, and a comparison that ignores span ids."""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

from annotator.core.model import (
    Actor,
    ActorRef,
    ActorType,
    AnnotationFile,
    ClaimAttributes,
    ClaimForm,
    Document,
    Span,
    Stance,
    TimexValue,
)
from annotator.core.storage import Fingerprint, ProjectStore, create_project, open_project

REPO = Path(__file__).resolve().parents[3]
BENCH_DOCS = REPO.parent / "shared" / "bench-docs"

TEXT = (
    "Yerevan, 23 February 2024. Prime Minister Nikol Pashinyan said on Friday that Armenia had frozen "
    "its participation in the CSTO 👩‍👩‍👧.\nThe Kremlin said Moscow regretted the decision; "
    "Pashinyan's office, citing שלום and café, called it final.\n"
)

ACTORS = (
    Actor(id="a1", name="Nikol Pashinyan", type=ActorType.PERSON, aliases=("Pashinin",)),
    Actor(id="a2", name="Russia", type=ActorType.STATE),
    Actor(id="a3", name="Kremlin", type=ActorType.ORGANISATION, merged_into="a2"),
)


def span_at(text: str, span_id: str, needle: str, label: str, occurrence: int = 0, **fields: object) -> Span:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return Span(id=span_id, start=start, end=start + len(needle), label=label, text=needle, **fields)


def sample_spans(text: str = TEXT) -> list[Span]:
    return [
        span_at(text, "s1", "Nikol Pashinyan", "actor", actor_id="a1"),
        span_at(text, "s2", "Friday", "date", timex=TimexValue(type="DATE", value="2024-02-23")),
        span_at(
            text,
            "s3",
            "Armenia had frozen its participation in the CSTO 👩‍👩‍👧",
            "claim",
            claim=ClaimAttributes(
                claimant=ActorRef(span_id="s1"),
                target=ActorRef(actor_id="a2"),
                date_span_id="s2",
                stance=Stance.OPPOSES,
                topic="CSTO membership",
                form=ClaimForm.INDIRECT_SPEECH,
                note="said at a press conference",
            ),
        ),
        span_at(text, "s4", "The Kremlin", "actor", actor_id="a3"),
        span_at(
            text,
            "s5",
            "Moscow regretted the decision",
            "claim",
            claim=ClaimAttributes(claimant=ActorRef(span_id="s4"), stance=Stance.SUPPORTS, topic="CSTO membership", form=ClaimForm.PARAPHRASE),
        ),
        span_at(text, "s6", "Pashinyan", "actor", occurrence=1, actor_id="a1"),
        span_at(text, "s7", "called it final", "claim", claim=ClaimAttributes(claimant=ActorRef(span_id="s6"), stance=Stance.OPPOSES, topic="CSTO membership")),
        # Across a line break, and nested in a claim.
        span_at(text, "s8", "CSTO 👩‍👩‍👧.\nThe Kremlin", "actor"),
        span_at(text, "s9", "café", "actor"),
    ]


def make_project(root: Path, documents: dict[str, tuple[str, list[Span]]], actors: tuple[Actor, ...] = ACTORS, annotator: str = "maria") -> ProjectStore:
    store = create_project(root, "test", annotator=annotator)
    store.add_documents(Document.create(doc_id, text) for doc_id, (text, _) in documents.items())
    if actors:
        store.save_registry(actors)
    for doc_id, (_text, spans) in documents.items():
        if spans:
            document = store.load_document(doc_id)
            store.save_annotations(
                AnnotationFile(document_id=doc_id, annotator=annotator, text_sha256=document.text_sha256, spans=tuple(spans)), Fingerprint(None)
            )
    return store


def sample_project(root: Path) -> ProjectStore:
    return make_project(root, {"doc1": (TEXT, sample_spans())})


def canonical(store: ProjectStore, *, keep_actor_ids: bool = False) -> dict[str, set[tuple]]:
    """Each document's spans with links as (start, end, label) of their ends and actors by name: ids do not matter."""
    actors = {actor.id: actor for actor in store.settings.actors}
    result: dict[str, set[tuple]] = {}
    for entry in store.documents():
        document = store.load_document(entry.id)
        loaded = store.load_annotations(document).annotation_file
        spans = {span.id: span for span in (loaded.spans if loaded else ())}

        def where(span_id: str | None, spans: dict[str, Span] = spans) -> tuple | None:
            span = spans.get(span_id) if span_id else None
            return (span.start, span.end, span.label) if span else None

        def actor(actor_id: str | None) -> tuple | None:
            if actor_id is None:
                return None
            found = actors[actor_id]
            return (found.id if keep_actor_ids else None, found.name, found.type.value)

        def ref(value: ActorRef | None) -> tuple | None:
            if value is None:
                return None
            return ("span", where(value.span_id)) if value.span_id else ("actor", actor(value.actor_id))

        rows = set()
        for span in spans.values():
            claim = span.claim
            rows.add(
                (
                    span.start,
                    span.end,
                    span.label,
                    span.text,
                    actor(span.actor_id),
                    span.timex.model_dump_json() if span.timex else None,
                    None
                    if claim is None
                    else (ref(claim.claimant), ref(claim.target), where(claim.date_span_id), claim.stance, claim.topic, claim.form, claim.note),
                )
            )
        result[document.text_sha256] = rows
    return result


# Hostile texts: emoji and ZWJ sequences, flags, combining marks, right-to-left, CRLF already normalised to LF.
PIECES = ["a", "Bob", " ", "\n", "👩‍👩‍👧", "🇦🇲", "e\u0301", "שלום", "مرحبا", "😀", "x\u20dd", "\u200d", "Zoë", ",", "\u00a0"]
HOSTILE_TEXTS = st.lists(st.sampled_from(PIECES), min_size=3, max_size=40).map("".join)


@st.composite
def annotated_texts(draw: st.DrawFn, *, trim: frozenset[str] = frozenset()) -> tuple[str, list[Span]]:
    """A hostile text and spans on it: actors (some linked), dates with values, claims linking them.

    ``trim``: characters no span may start or end with (for formats that cannot hold them there).
    """
    text = draw(HOSTILE_TEXTS)
    spans: list[Span] = []
    ranges = set()
    for number in range(draw(st.integers(1, 8))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, min(len(text), start + 15)))
        while start < end and text[start] in trim:
            start += 1
        while end > start and text[end - 1] in trim:
            end -= 1
        label = draw(st.sampled_from(["actor", "claim", "date"]))
        if start >= end or (start, end, label) in ranges:
            continue
        ranges.add((start, end, label))
        fields: dict[str, object] = {}
        if label == "actor" and draw(st.booleans()):
            fields["actor_id"] = draw(st.sampled_from(["a1", "a2"]))
        if label == "date" and draw(st.booleans()):
            fields["timex"] = draw(
                st.sampled_from(
                    [TimexValue(type="DATE", value="2024-02-23"), TimexValue(type="DATE", value="2023", mod="END"), TimexValue(type="DURATION", value="P2Y")]
                )
            )
        spans.append(Span(id=f"s{number + 1}", start=start, end=end, label=label, text=text[start:end], **fields))
    actor_spans = [span.id for span in spans if span.label == "actor"]
    date_spans = [span.id for span in spans if span.label == "date"]
    linked: list[Span] = []
    for span in spans:
        if span.label == "claim" and draw(st.booleans()):
            claimant = ActorRef(span_id=draw(st.sampled_from(actor_spans))) if actor_spans and draw(st.booleans()) else ActorRef(actor_id="a2")
            span = span.model_copy(
                update={
                    "claim": ClaimAttributes(
                        claimant=claimant,
                        target=ActorRef(span_id=actor_spans[0]) if actor_spans and draw(st.booleans()) else None,
                        date_span_id=draw(st.sampled_from(date_spans)) if date_spans and draw(st.booleans()) else None,
                        stance=draw(st.sampled_from([None, *Stance])),
                        topic=draw(st.sampled_from(["", "CSTO membership", "ضرائب"])),
                        form=draw(st.sampled_from([None, *ClaimForm])),
                        note=draw(st.sampled_from(["", "nuance 😀"])),
                    )
                }
            )
        linked.append(span)
    return text, linked


def reopen(root: Path, annotator: str = "maria") -> ProjectStore:
    return open_project(root, annotator=annotator)
