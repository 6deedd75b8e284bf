"""brat standoff: ``<document>.txt`` + ``<document>.ann`` per document, and ``annotation.conf``.

Export, per span ``T`` lines (code point offsets; a span across line breaks or tabs
becomes brat's fragments ``0 5;6 9``), per claim link an ``R`` line (``Claimant``,
``Target``, ``ClaimDate``), ``A`` lines for stance and form (``direct_quote``), and
``#`` notes: ``Actor`` (``a1 = Nikol Pashinyan (person)``), ``Timex`` (``DATE 2024-02-23``),
``Topic``, ``ClaimantActor``/``TargetActor`` (a registry actor not named in the text) and
``AnnotatorNotes`` (the claim's note). Import reads the same, and the peers' plain files
(``T1<TAB>Actor 0 13<TAB>text``); labels match the project's case-insensitively.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from annotator.core.model import LabelKind, ProjectSettings

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
    keep_going,
    one_line,
    read_text,
    stance_from,
    timex_from,
    timex_text,
)
from .registry import FormatSpec

# Characters that end a line for brat's readers (Python's str.splitlines) or split its fields (tab).
BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\t")

_T = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$")
_R = re.compile(r"^(R\d+)\t(\S+) \w+:(T\d+) \w+:(T\d+)\s*$")
_A = re.compile(r"^([AM]\d+)\t(\S+) (T\d+)(?: (\S+))?\s*$")
_NOTE = re.compile(r"^(#\d*)\t(\S+) (T\d+)\t(.*)$")
_RELATIONS = {"claimant": "claimant", "target": "target", "claimdate": "date", "date": "date"}


def fragments(text: str, start: int) -> list[tuple[int, int]]:
    """The runs of ``text`` (at ``start``) between line breaks and tabs: brat's fragments."""
    runs: list[tuple[int, int]] = []
    run_start: int | None = None
    for index, char in enumerate(text):
        if char in BREAKS:
            if run_start is not None:
                runs.append((start + run_start, start + index))
                run_start = None
        elif run_start is None:
            run_start = index
    if run_start is not None:
        runs.append((start + run_start, start + len(text)))
    return runs


def ann_text(item: ExportItem, view: ProjectView) -> tuple[str, int]:
    """The .ann file of one document, and how many spans it could not hold (only line breaks or tabs)."""
    lines: list[str] = []
    t_of: dict[str, str] = {}
    dropped = 0
    text = item.document.text
    for span in item.spans:
        runs = fragments(span.text, span.start)
        if not runs:
            dropped += 1
            continue
        t_id = f"T{len(t_of) + 1}"
        t_of[span.id] = t_id
        where = ";".join(f"{s} {e}" for s, e in runs)
        lines.append(f"{t_id}\t{span.label} {where}\t{' '.join(text[s:e] for s, e in runs)}")
    relations: list[str] = []
    attributes: list[str] = []
    notes: list[str] = []

    def note(kind: str, t_id: str, value: str) -> None:
        notes.append(f"#{len(notes) + 1}\t{kind} {t_id}\t{value}")

    for span in item.spans:
        t_id = t_of.get(span.id)
        if t_id is None:
            continue
        if span.actor_id is not None:
            actor = view.actors.get(span.actor_id)
            note("Actor", t_id, actor_text(actor) if actor else span.actor_id)
        if span.timex is not None:
            note("Timex", t_id, timex_text(span.timex))
        claim = span.claim
        if claim is None:
            continue
        for role, ref in (("Claimant", claim.claimant), ("Target", claim.target)):
            if ref is None:
                continue
            if ref.span_id is not None and ref.span_id in t_of:
                relations.append(f"R{len(relations) + 1}\t{role} Arg1:{t_id} Arg2:{t_of[ref.span_id]}")
            elif ref.actor_id is not None:
                actor = view.actors.get(ref.actor_id)
                note(f"{role}Actor", t_id, actor_text(actor) if actor else ref.actor_id)
        if claim.date_span_id is not None and claim.date_span_id in t_of:
            relations.append(f"R{len(relations) + 1}\tClaimDate Arg1:{t_id} Arg2:{t_of[claim.date_span_id]}")
        if claim.stance is not None:
            attributes.append(f"A{len(attributes) + 1}\tStance {t_id} {claim.stance.value}")
        if claim.form is not None:
            attributes.append(f"A{len(attributes) + 1}\tForm {t_id} {claim.form.value.replace(' ', '_')}")
        if claim.topic:
            note("Topic", t_id, one_line(claim.topic))
        if claim.note:
            note("AnnotatorNotes", t_id, one_line(claim.note))
    return "".join(line + "\n" for line in (*lines, *relations, *attributes, *notes)), dropped


def annotation_conf(settings: ProjectSettings) -> str:
    """brat's annotation.conf for the project's labels, links and attributes."""
    kinds = {kind: [label.name for label in settings.label_scheme.labels if label.effective_kind is kind] for kind in LabelKind}
    claims, actors, dates = ("|".join(kinds[k]) or "<ENTITY>" for k in (LabelKind.CLAIM, LabelKind.ACTOR, LabelKind.DATE))
    return "\n".join(
        [
            "[entities]",
            *[label.name for label in settings.label_scheme.labels],
            "",
            "[relations]",
            f"Claimant\tArg1:{claims}, Arg2:{actors}",
            f"Target\tArg1:{claims}, Arg2:{actors}",
            f"ClaimDate\tArg1:{claims}, Arg2:{dates}",
            "",
            "[events]",
            "",
            "[attributes]",
            f"Stance\tArg:{claims}, Value:supports|opposes|neutral",
            f"Form\tArg:{claims}, Value:direct_quote|indirect_speech|paraphrase",
            "",
        ]
    )


def export_brat(items: Sequence[ExportItem], settings: ProjectSettings, out: Path, progress: Progress | None = None) -> ExportReport:
    out.mkdir(parents=True, exist_ok=True)
    view = ProjectView(settings)
    report = ExportReport()
    report.write(out / "annotation.conf", annotation_conf(settings).encode("utf-8"))
    for _, item in exporting(items, report, progress):
        ann, dropped = ann_text(item, view)
        for suffix, data in ((".txt", item.document.text), (".ann", ann)):
            report.write(out / f"{item.document.id}{suffix}", data.encode("utf-8", "surrogatepass"))
        report.spans -= dropped  # the spans counted by exporting() include the ones left out
        if dropped:
            report.notes.append(f"{item.document.id}: {dropped} span(s) of only line breaks or tabs left out")
    return report


# --- import ----------------------------------------------------------------------


def parse_ann(ann: str, source: str, name: str, text: str | None) -> tuple[ParsedDocument, list[FormatError], list[str]]:
    """One .ann file; malformed lines are problems (the import is refused), unknown line kinds notes."""
    document = ParsedDocument(source=source, name=name, text=text)
    problems: list[FormatError] = []
    notes: list[str] = []
    spans: dict[str, ParsedSpan] = {}
    later: list[tuple[int, str]] = []
    for number, raw in enumerate(ann.split("\n"), start=1):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        if line[0] == "T":
            match = _T.match(line)
            if match is None:
                problems.append(FormatError(source, "not a brat text-bound line (T<n><TAB>Label START END<TAB>text)", number))
                continue
            t_id, label, where, covered = match.groups()
            runs = [tuple(int(n) for n in part.split()) for part in where.split(";")]
            if any(e < s for s, e in runs) or any(runs[i][1] > runs[i + 1][0] for i in range(len(runs) - 1)):
                problems.append(FormatError(source, f"{t_id}: fragments {where} are not in order", number))
                continue
            start, end = runs[0][0], runs[-1][1]
            span = ParsedSpan(key=t_id, start=start, end=end, label=label, text=None, line=number)
            if text is not None:
                if end > len(text):
                    problems.append(FormatError(source, f"{t_id}: offsets {start} {end} are outside the text (length {len(text)})", number))
                    continue
                gaps = "".join(text[runs[i][1] : runs[i + 1][0]] for i in range(len(runs) - 1))
                joined = " ".join(text[s:e] for s, e in runs)
                # Fragments rejoin into one span only across line breaks and tabs; the covered text must match.
                span.text = text[start:end] if joined == covered and all(ch in BREAKS or ch.isspace() for ch in gaps) else covered
            else:
                span.text = covered
            if t_id in spans:
                problems.append(FormatError(source, f"{t_id} is defined twice", number))
                continue
            spans[t_id] = span
            document.spans.append(span)
        elif line[0] in "RAM#":
            later.append((number, line))
        else:
            notes.append(f"{source}, line {number}: {line.split(chr(9))[0]} lines (events, normalisations, equivalences) are not imported")
    for number, line in later:
        _attach(line, number, spans, source, problems, notes)
    return document, problems, notes


def _attach(line: str, number: int, spans: dict[str, ParsedSpan], source: str, problems: list[FormatError], notes: list[str]) -> None:
    if line[0] == "R":
        match = _R.match(line)
        if match is None:
            problems.append(FormatError(source, "not a brat relation line (R<n><TAB>Type Arg1:T<n> Arg2:T<n>)", number))
            return
        _, kind, arg1, arg2 = match.groups()
        role = _RELATIONS.get(kind.lower())
        if arg1 not in spans or arg2 not in spans:
            problems.append(FormatError(source, f"relation between unknown spans {arg1} and {arg2}", number))
        elif role is None:
            notes.append(f"{source}, line {number}: relation type {kind!r} is not one of Claimant, Target, ClaimDate; not imported")
        else:
            setattr(spans[arg1], role, arg2)
        return
    if line[0] in "AM":
        match = _A.match(line)
        if match is None or match.group(3) not in spans:
            problems.append(FormatError(source, "not a brat attribute line on a known span (A<n><TAB>Name T<n> value)", number))
            return
        _, kind, t_id, value = match.groups()
        if kind.lower() == "stance" and stance_from(value):
            spans[t_id].stance = stance_from(value)
        elif kind.lower() == "form" and form_from(value):
            spans[t_id].form = form_from(value)
        else:
            notes.append(f"{source}, line {number}: attribute {kind} {value or ''} is not imported")
        return
    match = _NOTE.match(line)
    if match is None or match.group(3) not in spans:
        problems.append(FormatError(source, "not a brat note on a known span (#<n><TAB>Type T<n><TAB>text)", number))
        return
    _, kind, t_id, value = match.groups()
    span, kind = spans[t_id], kind.lower()
    if kind == "actor":
        span.actor = actor_from(value)
    elif kind in ("claimantactor", "targetactor"):
        setattr(span, kind.removesuffix("actor"), actor_from(value))
    elif kind == "timex":
        try:
            span.timex = timex_from(value)
        except ValueError as error:
            problems.append(FormatError(source, f"{t_id}: {value!r} is not a date value ({_first_line(error)})", number))
    elif kind == "topic":
        span.topic = value
    elif kind == "annotatornotes":
        span.note = value
    else:
        notes.append(f"{source}, line {number}: note type {kind} is not imported")


def _first_line(error: Exception) -> str:
    return str(error).splitlines()[-1].strip() if str(error) else type(error).__name__


def import_brat(source: Path, progress: Progress | None = None) -> ParsedImport:
    """A folder of .ann files (each with its .txt), or one .ann file."""
    if source.is_dir():
        anns = sorted(path for path in source.rglob("*.ann") if not path.name.startswith("."))
        if not anns:
            return ParsedImport(problems=[FormatError(source.name, "holds no .ann files")])
    elif source.suffix.lower() == ".ann":
        anns = [source]
    else:
        return ParsedImport(problems=[FormatError(source.name, "is neither a folder nor a brat .ann file")])
    parsed = ParsedImport()
    for done, path in enumerate(anns, start=1):
        name = path.relative_to(source).as_posix() if source.is_dir() else path.name
        try:
            ann = read_text(path, name)
            txt = path.with_suffix(".txt")
            text = read_text(txt, txt.name) if txt.is_file() else None
        except FormatError as error:
            parsed.problems.append(error)
            continue
        document, problems, notes = parse_ann(ann, name, path.stem, text)
        parsed.documents.append(document)
        parsed.problems.extend(problems)
        parsed.notes.extend(notes)
        if not keep_going(progress, done, len(anns), name):
            break
    return parsed


FORMAT = FormatSpec(
    name="brat",
    title="brat standoff (.txt + .ann)",
    extensions=(".ann", ".txt"),
    output="folder",
    drops=(
        "span ids (numbered T1, T2, … in each file)",
        "the document status and metadata",
        "line breaks and tabs at a span's ends, and spans of only those",
        "line breaks inside topics and notes (they become spaces)",
    ),
    exporter=export_brat,
    importer=import_brat,
    source="folder",
)

__all__ = ["FORMAT", "ann_text", "export_brat", "fragments", "import_brat", "parse_ann"]
