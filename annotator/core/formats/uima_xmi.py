"""UIMA CAS XMI with its TypeSystem, as INCEpTION reads and writes it (dkpro-cassis).

The output folder holds ``TypeSystem.xml`` and one ``<document>.xmi`` per document. Custom span
layers, one per label kind, each with a ``label`` feature (the project's label name):

* ``webanno.custom.Actor``: ``actorId``, ``actorName``, ``actorType`` (the registry actor);
* ``webanno.custom.Claim``: ``claimant``, ``target`` (Actor annotations), ``date`` (a Date
  annotation), ``claimantActor``/``targetActor`` (``a1 = Name (type)``, a registry actor not named
  in the text), ``stance``, ``topic``, ``form``, ``note``;
* ``webanno.custom.Date``: ``timexType``, ``timexValue``, ``timexMod``;
* ``webanno.custom.Tag``: spans of labels of no kind;

and DKPro Core's ``DocumentMetaData`` (``documentId``, ``documentTitle``). XMI counts offsets in
UTF-16 units; cassis converts to and from Python's code points when it writes and reads.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from annotator.core.model import LabelKind, ProjectSettings, TimexValue

from .common import (
    ActorInfo,
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
)
from .registry import FormatSpec

ACTOR, CLAIM, DATE, TAG = (f"webanno.custom.{name}" for name in ("Actor", "Claim", "Date", "Tag"))
METADATA = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"
TYPES = {LabelKind.ACTOR: ACTOR, LabelKind.CLAIM: CLAIM, LabelKind.DATE: DATE, LabelKind.OTHER: TAG}
STRING = "uima.cas.String"


def type_system():  # noqa: ANN201 - a cassis TypeSystem
    from cassis import TypeSystem

    ts = TypeSystem()
    actor = ts.create_type(ACTOR, supertypeName="uima.tcas.Annotation")
    date = ts.create_type(DATE, supertypeName="uima.tcas.Annotation")
    claim = ts.create_type(CLAIM, supertypeName="uima.tcas.Annotation")
    tag = ts.create_type(TAG, supertypeName="uima.tcas.Annotation")
    for layer in (actor, date, claim, tag):
        ts.create_feature(domainType=layer, name="label", rangeType=STRING)
    for name in ("actorId", "actorName", "actorType"):
        ts.create_feature(domainType=actor, name=name, rangeType=STRING)
    for name in ("timexType", "timexValue", "timexMod"):
        ts.create_feature(domainType=date, name=name, rangeType=STRING)
    ts.create_feature(domainType=claim, name="claimant", rangeType=actor)
    ts.create_feature(domainType=claim, name="target", rangeType=actor)
    ts.create_feature(domainType=claim, name="date", rangeType=date)
    for name in ("claimantActor", "targetActor", "stance", "topic", "form", "note"):
        ts.create_feature(domainType=claim, name=name, rangeType=STRING)
    metadata = ts.create_type(METADATA, supertypeName="uima.tcas.DocumentAnnotation")
    for name in ("documentId", "documentTitle"):
        ts.create_feature(domainType=metadata, name=name, rangeType=STRING)
    return ts


def cas_for(item: ExportItem, ts, view: ProjectView):  # noqa: ANN001, ANN201 - a cassis Cas
    from cassis import Cas

    cas = Cas(typesystem=ts)
    cas.sofa_string = item.document.text
    cas.add(ts.get_type(METADATA)(begin=0, end=len(item.document.text), documentId=item.document.id, documentTitle=item.document.title))
    made: dict[str, object] = {}
    for span in item.spans:
        kind = view.kind(span.label)
        fields: dict[str, object] = {"label": span.label}
        if kind is LabelKind.ACTOR and span.actor_id is not None:
            actor = view.actors.get(span.actor_id)
            fields.update(actorId=span.actor_id, actorName=actor.name if actor else None, actorType=actor.type.value if actor else None)
        if kind is LabelKind.DATE and span.timex is not None:
            fields.update(timexType=span.timex.type, timexValue=span.timex.value, timexMod=span.timex.mod)
        made[span.id] = ts.get_type(TYPES[kind])(begin=span.start, end=span.end, **{k: v for k, v in fields.items() if v is not None})
    for span in item.spans:  # links once every annotation exists
        claim = span.claim
        if claim is None or view.kind(span.label) is not LabelKind.CLAIM:
            continue
        annotation = made[span.id]
        for role, ref in (("claimant", claim.claimant), ("target", claim.target)):
            if ref is None:
                continue
            if ref.span_id is not None and ref.span_id in made:
                setattr(annotation, role, made[ref.span_id])
            elif ref.actor_id is not None:
                actor = view.actors.get(ref.actor_id)
                setattr(annotation, f"{role}Actor", actor_text(actor) if actor else ref.actor_id)
        if claim.date_span_id is not None and claim.date_span_id in made:
            annotation.date = made[claim.date_span_id]
        for name, value in (
            ("stance", claim.stance.value if claim.stance else None),
            ("topic", claim.topic),
            ("form", claim.form.value if claim.form else None),
            ("note", claim.note),
        ):
            if value:
                setattr(annotation, name, value)
    for annotation in made.values():
        cas.add(annotation)
    return cas


def export_xmi(items: Sequence[ExportItem], settings: ProjectSettings, out: Path, progress: Progress | None = None) -> ExportReport:
    ts = type_system()
    view = ProjectView(settings)
    report = ExportReport()
    out.mkdir(parents=True, exist_ok=True)
    report.write(out / "TypeSystem.xml", ts.to_xml().encode("utf-8"))
    for _, item in exporting(items, report, progress):
        report.write(out / f"{item.document.id}.xmi", cas_for(item, ts, view).to_xmi().encode("utf-8"))
    return report


# --- import ----------------------------------------------------------------------


def _xml_error(source: str, error: Exception) -> FormatError:
    line = getattr(error, "lineno", None)
    message = str(error).split(" (<string>")[0] or type(error).__name__
    return FormatError(source, f"is not valid XMI ({message})", line if isinstance(line, int) else None)


def parse_cas(cas, source: str, name: str) -> ParsedDocument:  # noqa: ANN001
    text = cas.sofa_string or ""
    metadata = next(iter(cas.select(METADATA)), None) if _has_type(cas, METADATA) else None
    document_id = getattr(metadata, "documentId", None) if metadata is not None else None
    document = ParsedDocument(source=source, name=document_id or name, text=text)
    spans: dict[int, ParsedSpan] = {}
    wanted = [type_name for type_name in TYPES.values() if _has_type(cas, type_name)]
    for type_name in wanted:
        for fs in cas.select(type_name):
            label = getattr(fs, "label", None) or type_name.rsplit(".", 1)[-1].lower()
            span = ParsedSpan(key=str(fs.xmiID), start=fs.begin, end=fs.end, label=label, text=fs.get_covered_text())
            if type_name == ACTOR and getattr(fs, "actorId", None):
                span.actor = ActorInfo(id=fs.actorId, name=fs.actorName or fs.actorId, type=fs.actorType)
            if type_name == DATE and getattr(fs, "timexValue", None):
                try:
                    span.timex = TimexValue(type=fs.timexType or "DATE", value=fs.timexValue, mod=fs.timexMod)
                except ValueError as error:
                    raise FormatError(source, f"annotation {fs.xmiID}: {fs.timexValue!r} is not a date value ({str(error).splitlines()[-1].strip()})") from None
            spans[fs.xmiID] = span
    if _has_type(cas, CLAIM):
        for fs in cas.select(CLAIM):
            span = spans[fs.xmiID]
            for role in ("claimant", "target"):
                other = getattr(fs, role, None)
                if other is not None and other.xmiID in spans:
                    setattr(span, role, str(other.xmiID))
                elif getattr(fs, f"{role}Actor", None):
                    setattr(span, role, actor_from(getattr(fs, f"{role}Actor")))
            if getattr(fs, "date", None) is not None and fs.date.xmiID in spans:
                span.date = str(fs.date.xmiID)
            span.stance, span.form = stance_from(getattr(fs, "stance", None)), form_from(getattr(fs, "form", None))
            span.topic, span.note = getattr(fs, "topic", None) or "", getattr(fs, "note", None) or ""
    document.spans = list(spans.values())
    return document


def _has_type(cas, name: str) -> bool:  # noqa: ANN001
    return cas.typesystem.contains_type(name)


def import_xmi(source: Path, progress: Progress | None = None) -> ParsedImport:
    """A folder with TypeSystem.xml and .xmi files, or one .xmi with TypeSystem.xml beside it."""
    from cassis import load_cas_from_xmi, load_typesystem

    folder = source if source.is_dir() else source.parent
    files = sorted(folder.glob("*.xmi")) if source.is_dir() else [source]
    parsed = ParsedImport()
    ts_path = folder / "TypeSystem.xml"
    if not ts_path.is_file():
        parsed.problems.append(FormatError(folder.name, "has no TypeSystem.xml beside the .xmi files"))
        return parsed
    try:
        ts = load_typesystem(io.BytesIO(read_limited(ts_path)))
    except FormatError as error:
        parsed.problems.append(error)
        return parsed
    except Exception as error:  # lxml's syntax errors and cassis's own
        parsed.problems.append(_xml_error(ts_path.name, error))
        return parsed

    def parse_file(_: int, path: Path) -> ParsedDocument:
        try:
            cas = load_cas_from_xmi(io.BytesIO(read_limited(path)), typesystem=ts)
            return parse_cas(cas, path.name, path.stem)
        except FormatError:
            raise
        except Exception as error:  # a truncated or foreign XMI: lxml and cassis raise many kinds
            raise _xml_error(path.name, error) from None

    parse_each(parsed, files, parse_file, progress, lambda path: path.name)
    if not files:
        parsed.problems.append(FormatError(source.name, "holds no .xmi files"))
    return parsed


FORMAT = FormatSpec(
    name="uima-xmi",
    title="INCEpTION / UIMA CAS XMI with TypeSystem.xml (dkpro-cassis)",
    extensions=(".xmi", ".xml"),
    output="folder",
    drops=("span ids (XMI numbers its annotations)", "the document status and metadata other than id and title"),
    exporter=export_xmi,
    importer=import_xmi,
    requires="cassis",
    source="folder",
)
