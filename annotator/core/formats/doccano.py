"""doccano JSONL: one document per line, spans and relations (doccano 1.8's sequence labelling with relations).

Export writes doccano 1.8's export shape, ``{"id", "text", "entities": [{"id", "label",
"start_offset", "end_offset"}], "relations": [{"id", "from_id", "to_id", "type"}], "Comments": []}``
plus ``document_id`` (doccano keeps unknown keys as metadata). Relations are ``claimant``,
``target`` and ``date``, from the claim. Import also reads doccano's import shape
``{"text", "label": [[start, end, "Label"], ...]}`` (the peers' files). Offsets are code points,
as doccano's Python back end stores them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from annotator.core.model import ProjectSettings

from .common import (
    ExportItem,
    ExportReport,
    FormatError,
    ParsedDocument,
    ParsedImport,
    ParsedSpan,
    Progress,
    exporting,
    json_line,
    line_bytes,
    parse_each,
    read_text,
)
from .registry import FormatSpec

_ROLES = {"claimant": "claimant", "target": "target", "date": "date", "claimdate": "date"}


def document_record(item: ExportItem, number: int) -> dict:
    number_of = {span.id: index for index, span in enumerate(item.spans, start=1)}
    entities = [{"id": number_of[s.id], "label": s.label, "start_offset": s.start, "end_offset": s.end} for s in item.spans]
    relations: list[dict] = []
    for span in item.spans:
        if span.claim is None:
            continue
        links = (
            ("claimant", span.claim.claimant.span_id if span.claim.claimant else None),
            ("target", span.claim.target.span_id if span.claim.target else None),
        )
        for role, other in (*links, ("date", span.claim.date_span_id)):
            if other is not None and other in number_of:
                relations.append({"id": len(relations) + 1, "from_id": number_of[span.id], "to_id": number_of[other], "type": role})
    return {"id": number, "text": item.document.text, "entities": entities, "relations": relations, "Comments": [], "document_id": item.document.id}


def export_doccano(items: Sequence[ExportItem], settings: ProjectSettings, out: Path, progress: Progress | None = None) -> ExportReport:
    report = ExportReport()
    lines: list[str] = []
    for done, item in exporting(items, report, progress):
        lines.append(json.dumps(document_record(item, done), ensure_ascii=False))
    if not report.cancelled:
        report.write(out, line_bytes(lines))
    return report


def _offset(value: object, what: str, source: str, line: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise FormatError(source, f"{what} {value!r} is not an offset", line)
    return value


def parse_record(record: object, source: str, line: int, name: str) -> ParsedDocument:
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise FormatError(source, 'not a doccano record (a JSON object with a "text")', line)
    text = record["text"]
    document_id = record.get("document_id")
    document = ParsedDocument(source=source, name=document_id if isinstance(document_id, str) else name, text=text)
    spans: dict[str, ParsedSpan] = {}
    if "entities" in record:
        entities = record["entities"]
        if not isinstance(entities, list):
            raise FormatError(source, '"entities" is not a list', line)
        for entity in entities:
            if not isinstance(entity, dict) or not isinstance(entity.get("label"), str):
                raise FormatError(source, f"entity {entity!r} has no label", line)
            start = _offset(entity.get("start_offset"), "start_offset", source, line)
            end = _offset(entity.get("end_offset"), "end_offset", source, line)
            key = str(entity.get("id", len(spans) + 1))
            spans[key] = ParsedSpan(key=key, start=start, end=end, label=entity["label"], text=None, line=line)
    else:
        labels = record.get("label", [])
        if not isinstance(labels, list):
            raise FormatError(source, '"label" is not a list of [start, end, label]', line)
        for entry in labels:
            if not (isinstance(entry, list) and len(entry) == 3 and isinstance(entry[2], str)):
                raise FormatError(source, f"label {entry!r} is not [start, end, label]", line)
            key = str(len(spans) + 1)
            spans[key] = ParsedSpan(
                key=key, start=_offset(entry[0], "start", source, line), end=_offset(entry[1], "end", source, line), label=entry[2], text=None, line=line
            )
    for span in spans.values():
        if span.end > len(text) or span.end <= span.start:
            raise FormatError(source, f"span [{span.start}, {span.end}) is outside the text (length {len(text)})", line)
        span.text = text[span.start : span.end]  # doccano does not repeat the text: the offsets are all there is
    for relation in record.get("relations", []) or []:
        if not isinstance(relation, dict):
            raise FormatError(source, f"relation {relation!r} is not an object", line)
        origin, target = str(relation.get("from_id")), str(relation.get("to_id"))
        role = _ROLES.get(str(relation.get("type", "")).lower())
        if origin not in spans or target not in spans:
            raise FormatError(source, f"relation {relation.get('id')} links unknown entities {origin} and {target}", line)
        if role is not None:
            setattr(spans[origin], role, target)
    document.spans = list(spans.values())
    return document


def import_doccano(source: Path, progress: Progress | None = None) -> ParsedImport:
    files = sorted(source.glob("*.jsonl")) if source.is_dir() else [source]
    parsed = ParsedImport()
    for path in files:
        try:
            content = read_text(path)
        except FormatError as error:
            parsed.problems.append(error)
            continue
        lines = [(number, line) for number, line in enumerate(content.split("\n"), start=1) if line.strip()]

        def parse_line(_: int, numbered: tuple[int, str], path: Path = path, single: bool = len(lines) == 1) -> ParsedDocument:
            number, line = numbered
            name = path.stem if single else f"{path.stem}-{number}"
            return parse_record(json_line(line, path.name, number), path.name, number, name)

        if not parse_each(parsed, lines, parse_line, progress, lambda _, path=path: path.name):
            return parsed
    if not files:
        parsed.problems.append(FormatError(source.name, "holds no .jsonl files"))
    return parsed


FORMAT = FormatSpec(
    name="doccano",
    title="doccano JSONL (spans and relations)",
    extensions=(".jsonl",),
    output="file",
    drops=(
        "span ids (numbered per document)",
        "actor registry links, date values, stance, topic, form and notes",
        "claimants and targets that are registry actors not named in the text",
    ),
    exporter=export_doccano,
    importer=import_doccano,
)
