"""Label Studio JSON: a list of tasks, each with ``data.text`` and one annotation of ``labels`` regions.

Offsets are UTF-16 code units, as Label Studio's JavaScript front end counts them
(converted in ``utf16``). Per region, beside its ``labels`` result, Label Studio's
per-region controls carry the rest, under the region's id: ``choices`` for ``stance``
and ``form``, ``textarea`` for ``topic``, ``note``, ``timex`` (``DATE 2024-02-23``),
``actor`` (``a1 = Nikol Pashinyan (person)``) and ``claimant_actor``/``target_actor``
(registry actors not named in the text); links are ``relation`` results labelled
``claimant``, ``target`` and ``date``. The labelling config that declares these controls
is written beside the export as ``<name>.label_config.xml``. Import reads the
annotations of each task (the first not cancelled), or its predictions when it has none.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import quoteattr

from annotator.core.model import ClaimForm, ProjectSettings, Stance

from .common import (
    ExportItem,
    ExportReport,
    FormatError,
    ParsedDocument,
    ParsedImport,
    ParsedSpan,
    Progress,
    ProjectView,
    actor_from,
    actor_text,
    exporting,
    form_from,
    parse_each,
    read_limited,
    stance_from,
    timex_from,
    timex_text,
)
from .registry import FormatSpec
from .utf16 import Utf16Offsets

TEXTAREAS = ("topic", "note", "timex", "actor", "claimant_actor", "target_actor")


def label_config(settings: ProjectSettings) -> str:
    """Label Studio's labelling config for the project's labels and the per-region controls the export uses."""
    labels = "\n".join(f"    <Label value={quoteattr(label.name)} background={quoteattr(label.colour)}/>" for label in settings.label_scheme.labels)
    stances = "".join(f"<Choice value={quoteattr(s.value)}/>" for s in Stance)
    forms = "".join(f"<Choice value={quoteattr(f.value)}/>" for f in ClaimForm)
    areas = "\n".join(f'  <TextArea name="{name}" toName="text" perRegion="true" maxSubmissions="1"/>' for name in TEXTAREAS)
    return (
        "<View>\n"
        '  <Relations><Relation value="claimant"/><Relation value="target"/><Relation value="date"/></Relations>\n'
        '  <Labels name="label" toName="text">\n'
        f"{labels}\n"
        "  </Labels>\n"
        '  <Text name="text" value="$text"/>\n'
        f'  <Choices name="stance" toName="text" perRegion="true">{stances}</Choices>\n'
        f'  <Choices name="form" toName="text" perRegion="true">{forms}</Choices>\n'
        f"{areas}\n"
        "</View>\n"
    )


def task(item: ExportItem, number: int, view: ProjectView) -> dict:
    text = item.document.text
    units = Utf16Offsets(text)
    results: list[dict] = []
    spans = {span.id: span for span in item.spans}

    def region(span_id: str, kind: str, from_name: str, extra: dict) -> dict:
        span = spans[span_id]
        value = {"start": units.to_utf16(span.start), "end": units.to_utf16(span.end), **extra}
        return {"id": span_id, "from_name": from_name, "to_name": "text", "type": kind, "origin": "manual", "value": value}

    for span in item.spans:
        results.append(region(span.id, "labels", "label", {"text": span.text, "labels": [span.label]}))
        areas: dict[str, str] = {}
        if span.actor_id is not None:
            actor = view.actors.get(span.actor_id)
            areas["actor"] = actor_text(actor) if actor else span.actor_id
        if span.timex is not None:
            areas["timex"] = timex_text(span.timex)
        claim = span.claim
        if claim is not None:
            if claim.stance is not None:
                results.append(region(span.id, "choices", "stance", {"choices": [claim.stance.value]}))
            if claim.form is not None:
                results.append(region(span.id, "choices", "form", {"choices": [claim.form.value]}))
            if claim.topic:
                areas["topic"] = claim.topic
            if claim.note:
                areas["note"] = claim.note
            for role, ref in (("claimant", claim.claimant), ("target", claim.target)):
                if ref is None:
                    continue
                if ref.span_id is not None:
                    results.append({"from_id": span.id, "to_id": ref.span_id, "type": "relation", "direction": "right", "labels": [role]})
                else:
                    actor = view.actors.get(ref.actor_id or "")
                    areas[f"{role}_actor"] = actor_text(actor) if actor else str(ref.actor_id)
            if claim.date_span_id is not None:
                results.append({"from_id": span.id, "to_id": claim.date_span_id, "type": "relation", "direction": "right", "labels": ["date"]})
        for name, value in areas.items():
            results.append(region(span.id, "textarea", name, {"text": [value]}))
    annotator = item.annotations.annotator if item.annotations else ""
    return {
        "id": number,
        "data": {"text": text, "document_id": item.document.id},
        "annotations": [{"id": number, "completed_by": annotator, "result": results, "was_cancelled": False, "ground_truth": False}],
        "predictions": [],
    }


def export_label_studio(items: Sequence[ExportItem], settings: ProjectSettings, out: Path, progress: Progress | None = None) -> ExportReport:
    view = ProjectView(settings)
    report = ExportReport()
    tasks: list[dict] = []
    for done, item in exporting(items, report, progress):
        tasks.append(task(item, done, view))
    if not report.cancelled:
        report.write(out, json.dumps(tasks, ensure_ascii=False, indent=1).encode("utf-8", "surrogatepass"))
        report.write(out.with_name(f"{out.stem}.label_config.xml"), label_config(settings).encode("utf-8"))
    return report


# --- import ----------------------------------------------------------------------


def _results(task_record: dict) -> list:
    for key in ("annotations", "completions", "predictions"):
        for annotation in task_record.get(key) or []:
            if isinstance(annotation, dict) and not annotation.get("was_cancelled") and not annotation.get("skipped"):
                result = annotation.get("result")
                return result if isinstance(result, list) else []
    return []


def parse_task(record: object, source: str, number: int) -> ParsedDocument:
    where = f"task {number}"
    if not isinstance(record, dict) or not isinstance(record.get("data"), dict):
        raise FormatError(source, f'{where} is not a Label Studio task (an object with "data")')
    data = record["data"]
    text = data.get("text")
    if not isinstance(text, str):
        text = next((value for value in data.values() if isinstance(value, str)), None)
    if text is None:
        raise FormatError(source, f"{where} has no text in its data")
    name = data.get("document_id") if isinstance(data.get("document_id"), str) else f"{Path(source).stem}-{record.get('id', number)}"
    document = ParsedDocument(source=source, name=name, text=text, keys_are_ids=True)
    units = Utf16Offsets(text)
    spans: dict[str, ParsedSpan] = {}
    later: list[dict] = []
    for result in _results(record):
        if not isinstance(result, dict):
            raise FormatError(source, f"{where}: result {result!r} is not an object")
        if result.get("type") == "labels":
            value = result.get("value") or {}
            labels = value.get("labels") or []
            if not labels or not isinstance(labels[0], str):
                raise FormatError(source, f"{where}: region {result.get('id')} has no label")
            try:
                start, end = units.to_code_point(int(value["start"])), units.to_code_point(int(value["end"]))
            except (KeyError, TypeError, ValueError) as error:
                raise FormatError(source, f"{where}: region {result.get('id')} has bad offsets ({error})") from None
            key = str(result.get("id") or len(spans) + 1)
            covered = value.get("text")
            spans[key] = ParsedSpan(key=key, start=start, end=end, label=labels[0], text=covered if isinstance(covered, str) else None)
        else:
            later.append(result)
    for result in later:
        kind = result.get("type")
        if kind == "relation":
            origin, target = str(result.get("from_id")), str(result.get("to_id"))
            role = next((label for label in result.get("labels") or [] if label in ("claimant", "target", "date")), None)
            if origin not in spans or target not in spans:
                raise FormatError(source, f"{where}: relation between unknown regions {origin} and {target}")
            if role is not None:
                setattr(spans[origin], role, target)
            continue
        span = spans.get(str(result.get("id")))
        value = result.get("value") or {}
        if span is None:
            continue  # a result of a control that is not about a region
        name = result.get("from_name")
        if kind == "choices" and value.get("choices"):
            choice = value["choices"][0]
            if name == "stance":
                span.stance = stance_from(choice)
            elif name == "form":
                span.form = form_from(choice)
        elif kind == "textarea" and value.get("text"):
            texts = value["text"]
            text_value = "\n".join(texts) if isinstance(texts, list) else str(texts)
            if name == "topic":
                span.topic = text_value
            elif name == "note":
                span.note = text_value
            elif name == "actor":
                span.actor = actor_from(text_value)
            elif name in ("claimant_actor", "target_actor"):
                setattr(span, name.removesuffix("_actor"), actor_from(text_value))
            elif name == "timex":
                try:
                    span.timex = timex_from(text_value)
                except ValueError as error:
                    raise FormatError(source, f"{where}: {text_value!r} is not a date value ({str(error).splitlines()[-1].strip()})") from None
    document.spans = list(spans.values())
    return document


def import_label_studio(source: Path, progress: Progress | None = None) -> ParsedImport:
    parsed = ParsedImport()
    try:
        data = json.loads(read_limited(source).decode("utf-8-sig"))
    except FormatError as error:
        parsed.problems.append(error)
        return parsed
    except UnicodeDecodeError as error:
        parsed.problems.append(FormatError(source.name, f"is not UTF-8 (byte {error.start})"))
        return parsed
    except json.JSONDecodeError as error:
        parsed.problems.append(FormatError(source.name, f"is not JSON ({error.msg} at column {error.colno})", error.lineno))
        return parsed
    tasks = data if isinstance(data, list) else [data]
    parse_each(parsed, tasks, lambda number, record: parse_task(record, source.name, number), progress, lambda _: source.name)
    return parsed


FORMAT = FormatSpec(
    name="label-studio",
    title="Label Studio JSON (tasks with annotations)",
    extensions=(".json",),
    output="file",
    drops=("the document status and metadata",),
    exporter=export_label_studio,
    importer=import_label_studio,
)
