"""Running an import or an export against a project, through the ``ProjectStore`` only.

An import is two steps. ``plan_import`` checks everything a format read against the
project and writes nothing: unknown labels and out-of-range offsets make the whole
import refused (``ImportPlan.errors``); a span whose text differs from the document
at its offsets is skipped and reported (``ImportPlan.skipped``); documents that
already hold this annotator's annotations are listed in ``ImportPlan.conflicts``.
``apply_import`` then writes, in ``merge`` or ``replace`` mode where there are conflicts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

from annotator.core.articles import detect_line_endings, document_id_for, parse_metadata
from annotator.core.model import (
    Actor,
    ActorRef,
    ActorType,
    AnnotationFile,
    ClaimAttributes,
    Document,
    LabelKind,
    Span,
    text_sha256,
    validate_annotations,
)
from annotator.core.storage import FileProblem, Fingerprint, ProjectError, ProjectStore

from .common import ActorInfo, ExportItem, FormatError, ParsedDocument, ParsedImport, ParsedSpan, Progress, keep_going


class ImportMode(str, Enum):
    REFUSE = "refuse"  # documents that hold annotations are not touched: the import is refused
    MERGE = "merge"  # imported spans are added; an identical span (same range and label) is not doubled
    REPLACE = "replace"  # the document's annotations become the imported ones


def export_items(store: ProjectStore, document_ids: Sequence[str] | None = None, progress: Progress | None = None) -> tuple[list[ExportItem], list[str]]:
    """Each document with this store's annotator's annotations; problems (unreadable files) as messages."""
    ids = list(document_ids) if document_ids else [entry.id for entry in store.documents()]
    known = {entry.id for entry in store.documents()}
    items: list[ExportItem] = []
    problems: list[str] = []
    for done, doc_id in enumerate(ids, start=1):
        if doc_id not in known:
            problems.append(f"no document {doc_id!r} in the project")
            continue
        try:
            document = store.load_document(doc_id)
            loaded = store.load_annotations(document)
        except ProjectError as error:
            problems.append(str(error))
            continue
        items.append(ExportItem(document, loaded.annotation_file))
        if not keep_going(progress, done, len(ids), doc_id):
            break
    return items, problems


# --- import planning ---------------------------------------------------------------


@dataclass
class PlannedDocument:
    doc_id: str
    new_document: Document | None  # set when the import creates the document
    document: Document
    spans: list[ParsedSpan]
    keep_ids: bool = False
    existing: AnnotationFile | None = None
    fingerprint: Fingerprint = field(default_factory=lambda: Fingerprint(None))


@dataclass
class ImportPlan:
    documents: list[PlannedDocument] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # any error: nothing is written
    skipped: list[str] = field(default_factory=list)  # spans or links left out, with where and why
    notes: list[str] = field(default_factory=list)

    @property
    def conflicts(self) -> list[str]:
        """Documents that already hold this annotator's spans."""
        return [planned.doc_id for planned in self.documents if planned.existing is not None and planned.existing.spans]

    @property
    def span_count(self) -> int:
        return sum(len(planned.spans) for planned in self.documents)


@dataclass
class ImportOutcome:
    documents_created: int = 0
    documents_annotated: int = 0
    spans_added: int = 0
    actors_added: int = 0
    cancelled: bool = False

    def summary(self) -> str:
        text = (
            f"imported {self.spans_added} span(s) into {self.documents_annotated} document(s)"
            f" ({self.documents_created} new document(s), {self.actors_added} new actor(s))"
        )
        return text + (" (cancelled)" if self.cancelled else "")


def _where(parsed: ParsedDocument, span: ParsedSpan) -> str:
    return f"{parsed.source}, line {span.line}" if span.line is not None else parsed.source


def _label_map(store: ProjectStore) -> dict[str, str]:
    names = store.scheme.names()
    mapping = {name.lower(): name for name in names}
    mapping.update({name: name for name in names})
    return mapping


def _normalise_newlines(text: str) -> tuple[str, list[int] | None]:
    """Text with CRLF and CR turned into LF (as article import does), and old -> new offsets (None: unchanged)."""
    if "\r" not in text:
        return text, None
    mapping: list[int] = []
    out: list[str] = []
    position = 0
    for index, char in enumerate(text):
        mapping.append(position)
        if char == "\r" and index + 1 < len(text) and text[index + 1] == "\n":
            continue  # the CR of a CRLF vanishes; its offset maps to the LF's
        out.append("\n" if char == "\r" else char)
        position += 1
    mapping.append(position)
    return "".join(out), mapping


def plan_import(store: ProjectStore, parsed: ParsedImport, progress: Progress | None = None) -> ImportPlan:
    """Check ``parsed`` against ``store``; nothing is written (see the module docstring)."""
    plan = ImportPlan(errors=[str(problem) for problem in parsed.problems], notes=list(parsed.notes))
    labels = _label_map(store)
    catalog = {entry.id for entry in store.documents()}
    by_hash: dict[str, str] | None = None
    taken = set(catalog)
    planned_ids: set[str] = set()
    for done, parsed_doc in enumerate(parsed.documents, start=1):
        keep_going(progress, done, len(parsed.documents), parsed_doc.source)
        text, mapping = (None, None) if parsed_doc.text is None else _normalise_newlines(parsed_doc.text)
        document: Document | None = None
        new_document: Document | None = None
        if parsed_doc.name in catalog:
            try:
                document = store.load_document(parsed_doc.name)
            except ProjectError as error:
                plan.errors.append(f"{parsed_doc.source}: {error}")
                continue
            if text is not None and document.text != text:
                # The same name but another text: the offsets cannot be trusted; look for the text elsewhere.
                document = None
        if document is None and text is not None:
            if by_hash is None:
                by_hash = {}
                for entry in store.documents():
                    try:
                        by_hash.setdefault(store.load_document(entry.id).text_sha256, entry.id)
                    except ProjectError:
                        continue
            found = by_hash.get(text_sha256(text))
            if found is not None:
                document = store.load_document(found)
            else:
                doc_id = document_id_for(_stem_path(parsed_doc.name), taken)
                taken.add(doc_id)
                new_document = Document.create(
                    doc_id,
                    text,
                    metadata=parsed_doc.metadata or parse_metadata(text),
                    source_file=parsed_doc.source,
                    source_encoding=parsed_doc.encoding or "utf-8",
                    line_endings=detect_line_endings(parsed_doc.text or ""),
                    line_endings_normalised=mapping is not None,
                )
                document = new_document
                by_hash[new_document.text_sha256] = doc_id
        if document is None:
            plan.errors.append(f"{parsed_doc.source}: no document {parsed_doc.name!r} in the project, and the file does not hold the text")
            continue
        if new_document is None and not parsed_doc.spans and parsed_doc.text is not None:
            plan.notes.append(f"{parsed_doc.source}: {parsed_doc.name} is already in the project as {document.id}; not imported again")
            continue
        if document.id in planned_ids:
            plan.errors.append(f"{parsed_doc.source}: document {document.id} is imported twice in one import")
            continue
        planned_ids.add(document.id)
        spans = _check_spans(parsed_doc, document, mapping, labels, store, plan)
        planned = PlannedDocument(document.id, new_document, document, spans, parsed_doc.keys_are_ids)
        if new_document is None:
            try:
                loaded = store.load_annotations(document)
            except FileProblem as error:
                plan.errors.append(f"{parsed_doc.source}: the project's annotations of {document.id} cannot be read, so they are not changed ({error})")
                continue
            planned.existing, planned.fingerprint = loaded.annotation_file, loaded.fingerprint
        plan.documents.append(planned)
    return plan


def _stem_path(name: str):  # noqa: ANN202 - a Path, for document_id_for
    from pathlib import Path

    return Path(re.sub(r"[\\/]", "_", name) or "document")


def _check_spans(
    parsed: ParsedDocument, document: Document, mapping: list[int] | None, labels: dict[str, str], store: ProjectStore, plan: ImportPlan
) -> list[ParsedSpan]:
    kept: list[ParsedSpan] = []
    length = len(document.text)
    for span in parsed.spans:
        label = labels.get(span.label) or labels.get(span.label.lower())
        if label is None:
            plan.errors.append(f"{_where(parsed, span)}: unknown label {span.label!r} (the project's labels: {', '.join(store.scheme.names())})")
            continue
        start, end = span.start, span.end
        if mapping is not None:
            if not (0 <= start < len(mapping) and 0 <= end < len(mapping)):
                plan.errors.append(f"{_where(parsed, span)}: span [{start}, {end}) is outside the text")
                continue
            start, end = mapping[start], mapping[end]
        if not 0 <= start < end <= length:
            plan.errors.append(f"{_where(parsed, span)}: span [{span.start}, {span.end}) is outside the text of {document.id} (length {length})")
            continue
        actual = document.text[start:end]
        expected = span.text.replace("\r\n", "\n").replace("\r", "\n") if span.text is not None and mapping is not None else span.text
        if expected is not None and actual != expected:
            plan.skipped.append(f"{_where(parsed, span)}: skipped, span [{span.start}, {span.end}) says {span.text!r} but the text there is {actual!r}")
            continue
        span.start, span.end, span.label, span.text = start, end, label, actual
        kept.append(span)
    return kept


# --- import application --------------------------------------------------------------


class _Registry:
    """Resolves imported actors against the project's registry; new actors are added once."""

    def __init__(self, actors: Sequence[Actor]) -> None:
        self.actors = list(actors)
        self.added = 0

    def resolve(self, info: ActorInfo) -> str:
        by_id = {actor.id: actor for actor in self.actors}
        if info.id and info.id in by_id and _same_name(by_id[info.id], info.name):
            return info.id
        for actor in self.actors:
            if not actor.retired and _same_name(actor, info.name):
                return actor.id
        actor_id = info.id if info.id and info.id not in by_id and _safe(info.id) else _next_id(by_id)
        try:
            kind = ActorType(info.type) if info.type else ActorType.OTHER
        except ValueError:
            kind = ActorType.OTHER
        self.actors.append(Actor(id=actor_id, name=info.name or actor_id, type=kind))
        self.added += 1
        return actor_id


def _same_name(actor: Actor, name: str) -> bool:
    wanted = " ".join(name.split()).casefold()
    return wanted in {" ".join(n.split()).casefold() for n in (actor.name, *actor.aliases)}


def _safe(value: str) -> bool:
    from annotator.core.model import is_safe_identifier

    return is_safe_identifier(value)


def _next_id(taken: dict[str, object]) -> str:
    number = len(taken) + 1
    while f"a{number}" in taken:
        number += 1
    return f"a{number}"


def _next_span_id(taken: set[str]) -> str:
    number = len(taken) + 1
    while f"s{number}" in taken:
        number += 1
    taken.add(f"s{number}")
    return f"s{number}"


def apply_import(store: ProjectStore, plan: ImportPlan, mode: ImportMode = ImportMode.REFUSE, progress: Progress | None = None) -> ImportOutcome:
    """Write what ``plan`` holds. Refuses (ProjectError) when the plan has errors, or conflicts in REFUSE mode."""
    if plan.errors:
        raise ProjectError(f"nothing imported: {len(plan.errors)} problem(s), the first: {plan.errors[0]}")
    if plan.conflicts and mode is ImportMode.REFUSE:
        raise ProjectError(f"{len(plan.conflicts)} document(s) already hold annotations ({', '.join(plan.conflicts[:5])}); choose merge or replace")
    if not store.writable:
        raise ProjectError("the project is open read-only; nothing imported")
    registry = _Registry(store.settings.actors)
    kinds = {label.name: label.effective_kind for label in store.scheme.labels}
    files: list[tuple[PlannedDocument, AnnotationFile]] = []
    for planned in plan.documents:
        files.append((planned, _build_file(store, planned, mode, registry, kinds, plan)))
    # Everything is built and checked before the first write.
    actor_ids = {actor.id for actor in registry.actors}
    for planned, annotation_file in files:
        problems = validate_annotations(planned.document, annotation_file, store.scheme, actor_ids)
        if problems:
            raise ProjectError(f"{planned.doc_id}: nothing imported, " + "; ".join(p.message for p in problems[:3]))
    if registry.added:
        store.save_registry(registry.actors)
    outcome = ImportOutcome(actors_added=registry.added)
    new_documents = [planned.new_document for planned, _ in files if planned.new_document is not None]
    if new_documents:
        store.add_documents(new_documents)
        outcome.documents_created = len(new_documents)
    for done, (planned, annotation_file) in enumerate(files, start=1):
        # A new article without spans (an article source) needs no annotation file.
        if planned.spans or planned.existing is not None:
            store.save_annotations(annotation_file, planned.fingerprint)
            outcome.documents_annotated += 1
        outcome.spans_added += len(annotation_file.spans) - (len(planned.existing.spans) if planned.existing and mode is ImportMode.MERGE else 0)
        if not keep_going(progress, done, len(files), planned.doc_id) and done < len(files):
            outcome.cancelled = True
            break
    return outcome


def _build_file(
    store: ProjectStore, planned: PlannedDocument, mode: ImportMode, registry: _Registry, kinds: dict[str, LabelKind], plan: ImportPlan
) -> AnnotationFile:
    existing = list(planned.existing.spans) if planned.existing is not None and mode is ImportMode.MERGE else []
    taken = {span.id for span in existing}
    by_range = {(span.start, span.end, span.label): span.id for span in existing}
    key_to_id: dict[str, str] = {}
    fresh: list[ParsedSpan] = []
    keep_ids = planned.keep_ids
    for parsed in planned.spans:
        same = by_range.get((parsed.start, parsed.end, parsed.label))
        if same is not None:
            key_to_id[parsed.key] = same  # already there: links may point at it, nothing else changes
            continue
        if keep_ids and _safe(parsed.key) and parsed.key not in taken:
            span_id = parsed.key
            taken.add(span_id)
        else:
            span_id = _next_span_id(taken)
        key_to_id[parsed.key] = span_id
        by_range[(parsed.start, parsed.end, parsed.label)] = span_id
        fresh.append(parsed)
    kind_of_id = {span.id: kinds.get(span.label, LabelKind.OTHER) for span in existing}
    kind_of_id.update({key_to_id[p.key]: kinds.get(p.label, LabelKind.OTHER) for p in fresh})
    built: list[Span] = []
    for parsed in fresh:
        kind = kinds.get(parsed.label, LabelKind.OTHER)
        fields: dict[str, object] = {}
        if kind is LabelKind.ACTOR and parsed.actor is not None:
            fields["actor_id"] = registry.resolve(parsed.actor)
        if kind is LabelKind.DATE and parsed.timex is not None:
            fields["timex"] = parsed.timex
        if kind is LabelKind.CLAIM and parsed.has_claim:
            fields["claim"] = ClaimAttributes(
                claimant=_ref(parsed.claimant, key_to_id, kind_of_id, registry, plan, planned, "claimant"),
                target=_ref(parsed.target, key_to_id, kind_of_id, registry, plan, planned, "target"),
                date_span_id=_date_ref(parsed.date, key_to_id, kind_of_id, plan, planned),
                stance=parsed.stance,
                topic=parsed.topic,
                form=parsed.form,
                note=parsed.note,
            )
        built.append(Span(id=key_to_id[parsed.key], start=parsed.start, end=parsed.end, label=parsed.label, text=parsed.text or "", **fields))
    spans = tuple(sorted([*existing, *built], key=Span.sort_key))
    base = planned.existing
    return AnnotationFile(
        document_id=planned.doc_id,
        annotator=store.annotator,
        text_sha256=planned.document.text_sha256,
        status=base.status if base is not None else AnnotationFile.model_fields["status"].default,
        spans=spans,
    )


def _ref(value, key_to_id, kind_of_id, registry, plan, planned, role):  # noqa: ANN001, ANN202
    if value is None:
        return None
    if isinstance(value, ActorInfo):
        return ActorRef(actor_id=registry.resolve(value))
    span_id = key_to_id.get(value)
    if span_id is None or kind_of_id.get(span_id) is not LabelKind.ACTOR:
        plan.skipped.append(f"{planned.doc_id}: {role} link to {value!r} dropped (not an imported actor span)")
        return None
    return ActorRef(span_id=span_id)


def _date_ref(value, key_to_id, kind_of_id, plan, planned):  # noqa: ANN001, ANN202
    if value is None:
        return None
    span_id = key_to_id.get(value)
    if span_id is None or kind_of_id.get(span_id) is not LabelKind.DATE:
        plan.skipped.append(f"{planned.doc_id}: date link to {value!r} dropped (not an imported date span)")
        return None
    return span_id


def check_parsed(parsed: ParsedImport) -> None:
    """Raise the first problem of a parse (for callers that want an exception)."""
    if parsed.problems:
        raise parsed.problems[0]


__all__ = ["FormatError", "ImportMode", "ImportOutcome", "ImportPlan", "apply_import", "check_parsed", "export_items", "plan_import"]
