"""Shared by the schema version 2 tests: one two-sentence article, its phrases' offsets, and
reading and writing its annotation file in a project."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.core.actors import ActorRegistry, new_actor
from annotator.core.annotations import AnnotationSet
from annotator.core.model import SCHEMA_VERSION, ActorRef, ActorType, ClaimAttributes, ClaimForm, Span, Stance, TimexValue
from annotator.core.storage import Fingerprint, FolderProject

TEXT = (
    "YEREVAN - Armenia has frozen its participation in the CSTO, Prime Minister Nikol Pashinyan said on Friday. "
    '"We intend to contact our Armenian colleagues," Kremlin spokesman Dmitry Peskov said on Monday.'
)


def at(phrase: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(phrase, start + 1)
    return start, start + len(phrase)


def raw_span(span_id: str, phrase: str, label: str, **fields: object) -> dict:
    start, end = at(phrase)
    return {"id": span_id, "start": start, "end": end, "label": label, "text": phrase, **fields}


def reopen(project: FolderProject) -> FolderProject:
    project.close()
    return FolderProject.open(project.root, annotator=project.annotator)


def load_set(project: FolderProject, doc_id: str = "a") -> tuple[AnnotationSet, Fingerprint]:
    document = project.load_document(doc_id)
    loaded = project.load_annotations(document)
    return AnnotationSet.from_file(document, loaded.annotation_file), loaded.fingerprint


def save_set(project: FolderProject, annotations: AnnotationSet, fingerprint: Fingerprint) -> Fingerprint:
    return project.save_annotations(annotations.snapshot(project.annotator), fingerprint)


def write_annotations(project: FolderProject, spans: list[dict], version: int = SCHEMA_VERSION, doc_id: str = "a") -> Path:
    document = project.load_document(doc_id)
    path = project.annotation_path(doc_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    content = {
        "schema_version": version,
        "document_id": doc_id,
        "annotator": project.annotator,
        "text_sha256": document.text_sha256,
        "status": "in progress",
        "spans": spans,
    }
    path.write_text(json.dumps(content, indent=2), encoding="utf-8")
    return path


def with_registry(project: FolderProject, *names: str) -> dict[str, str]:
    registry = ActorRegistry(project.settings.actors)
    ids = {}
    for name in names:
        edit = new_actor(registry, name, ActorType.PERSON)
        edit.apply(registry)
        ids[name] = edit.actor.id
    project.save_registry(registry.all())
    return ids


def full_v2_spans(actor_ids: dict[str, str]) -> list[Span]:
    def span(span_id: str, phrase: str, label: str, occurrence: int = 0, **fields: object) -> Span:
        start, end = at(phrase, occurrence)
        return Span(id=span_id, start=start, end=end, label=label, text=phrase, **fields)

    return [
        span("pm", "Nikol Pashinyan", "actor", actor_id=actor_ids["Nikol Pashinyan"]),
        span("friday", "Friday", "date", timex=TimexValue(type="DATE", value="2024-02-23")),
        span("monday", "Monday", "date", timex=TimexValue(type="DATE", value="2024-02-26", mod="START")),
        span("peskov", "Dmitry Peskov", "actor", actor_id=actor_ids["Dmitry Peskov"]),
        span(
            "froze",
            "Armenia has frozen its participation in the CSTO",
            "claim",
            claim=ClaimAttributes(
                claimant=ActorRef(span_id="pm"),
                target=ActorRef(actor_id=actor_ids["CSTO"]),
                date_span_id="friday",
                stance=Stance.OPPOSES,
                topic="security “alliances”",
                form=ClaimForm.INDIRECT_SPEECH,
                note="said in an interview\nwith France 24",
            ),
        ),
        span(
            "contact",
            "We intend to contact our Armenian colleagues",
            "claim",
            claim=ClaimAttributes(claimant=ActorRef(span_id="peskov"), form=ClaimForm.DIRECT_QUOTE),
        ),
    ]
