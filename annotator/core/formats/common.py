"""What every format shares: the export input, the neutral import result, reports.

Exports read ``ExportItem``s (a document and one annotator's annotations, loaded
through the ``ProjectStore``); imports produce ``ParsedDocument``s, a neutral form
that ``exchange.plan_import`` checks against the project before anything is written.
Progress callbacks take ``(done, total, name)`` and return False to cancel.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from annotator.core.atomic import atomic_write
from annotator.core.model import Actor, AnnotationFile, ArticleMetadata, ClaimForm, Document, LabelKind, ProjectSettings, Span, Stance, TimexValue

T = TypeVar("T")

Progress = Callable[[int, int, str], bool]

# Files larger than this are refused before they are read (a 500 MB export is a mistake, not a corpus).
MAX_IMPORT_BYTES = 200 * 1024 * 1024


class FormatError(Exception):
    """A file that cannot be read; ``str()`` names the file (and line) and the problem."""

    def __init__(self, source: str, message: str, line: int | None = None) -> None:
        self.source, self.line, self.message = source, line, message
        where = f"{source}, line {line}" if line is not None else source
        super().__init__(f"{where}: {message}")


def keep_going(progress: Progress | None, done: int, total: int, name: str) -> bool:
    """Call ``progress``; only an explicit False cancels."""
    return progress is None or progress(done, total, name) is not False


# --- export ----------------------------------------------------------------------


@dataclass(frozen=True)
class ExportItem:
    document: Document
    annotations: AnnotationFile | None

    @property
    def spans(self) -> tuple[Span, ...]:
        return self.annotations.spans if self.annotations else ()


@dataclass
class ExportReport:
    written: list[Path] = field(default_factory=list)
    documents: int = 0
    spans: int = 0
    cancelled: bool = False
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"exported {self.documents} document(s), {self.spans} span(s) into {len(self.written)} file(s)"
        return text + (" (cancelled)" if self.cancelled else "")

    def write(self, path: Path, data: bytes) -> None:
        """Write one output file atomically (its folder made if need be) and list it as written."""
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data)
        self.written.append(path)


def line_bytes(lines: Iterable[str]) -> bytes:
    """``lines`` as UTF-8, each ended by a newline (lone surrogates kept, as in the stored text)."""
    return "".join(line + "\n" for line in lines).encode("utf-8", "surrogatepass")


def exporting(items: Sequence[ExportItem], report: ExportReport, progress: Progress | None) -> Iterator[tuple[int, ExportItem]]:
    """``(number, item)`` for each item, counted into ``report`` once the loop body has run for it.

    Stops after the item at which ``progress`` cancels, setting ``report.cancelled``, unless that
    was the last item (a cancel at the very end changes nothing). A single-file exporter checks
    ``report.cancelled`` before it writes; a folder exporter keeps what it wrote.
    """
    for done, item in enumerate(items, start=1):
        yield done, item
        report.documents += 1
        report.spans += len(item.spans)
        if not keep_going(progress, done, len(items), item.document.id) and done < len(items):
            report.cancelled = True
            return


class ProjectView:
    """What exports need of the project settings: labels by kind and the actor registry."""

    def __init__(self, settings: ProjectSettings) -> None:
        self.settings = settings
        self.actors = {actor.id: actor for actor in settings.actors}

    def kind(self, label: str) -> LabelKind:
        return self.settings.label_scheme.kind_of(label)

    def canonical(self, actor_id: str | None) -> Actor | None:
        """The actor ``actor_id`` became (merges followed), or None."""
        seen: set[str] = set()
        actor = self.actors.get(actor_id) if actor_id else None
        while actor is not None and actor.merged_into and actor.merged_into not in seen:
            seen.add(actor.id)
            actor = self.actors.get(actor.merged_into, actor)
            if actor.id in seen:
                break
        return actor


def read_limited(path: Path, source: str | None = None, limit: int = MAX_IMPORT_BYTES) -> bytes:
    name = source or path.name
    try:
        size = path.stat().st_size
        if size > limit:
            raise FormatError(name, f"is {size / 1e6:.0f} MB, more than the {limit / 1e6:.0f} MB an import reads")
        return path.read_bytes()
    except OSError as error:
        raise FormatError(name, f"cannot be read ({error.strerror or error})") from None


def read_text(path: Path, source: str | None = None) -> str:
    """A UTF-8 text file (a BOM is dropped); anything else is a FormatError."""
    data = read_limited(path, source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FormatError(source or path.name, f"is not UTF-8 (byte {error.start})") from None


def json_line(line: str, source: str, number: int) -> object:
    """One line of a JSON Lines file, parsed; a FormatError naming ``source`` and the line otherwise."""
    try:
        return json.loads(line)
    except json.JSONDecodeError as error:
        raise FormatError(source, f"not JSON ({error.msg} at column {error.colno})", number) from None


# --- import ----------------------------------------------------------------------


@dataclass(frozen=True)
class ActorInfo:
    """A registry actor as another file names it (its id there, its name, its type)."""

    id: str | None
    name: str
    type: str | None = None


@dataclass
class ParsedSpan:
    """One span as a file gives it; ``key`` is the file's own id for it, for links."""

    key: str
    start: int
    end: int
    label: str
    text: str | None  # None: the file does not repeat the text (then nothing can be checked but the range)
    line: int | None = None
    actor: ActorInfo | None = None
    timex: TimexValue | None = None
    claimant: str | ActorInfo | None = None  # a span key, or a registry actor not named in the text
    target: str | ActorInfo | None = None
    date: str | None = None
    stance: Stance | None = None
    topic: str = ""
    form: ClaimForm | None = None
    note: str = ""

    @property
    def has_claim(self) -> bool:
        return any((self.claimant, self.target, self.date, self.stance, self.topic, self.form, self.note))


@dataclass
class ParsedDocument:
    """One document of an import: which document (``name``, perhaps ``text``) and its spans."""

    source: str  # the file, for messages
    name: str  # document id or file stem in the source tool
    text: str | None
    spans: list[ParsedSpan] = field(default_factory=list)
    keys_are_ids: bool = False  # the file kept our span ids: keep them where they are free
    metadata: ArticleMetadata | None = None  # what the source says about the article (None: parsed from the text)
    encoding: str | None = None  # the encoding the bytes were decoded from, when detected


@dataclass
class ParsedImport:
    documents: list[ParsedDocument] = field(default_factory=list)
    problems: list[FormatError] = field(default_factory=list)  # files or lines that could not be read: nothing is written
    notes: list[str] = field(default_factory=list)  # what was read but ignored


def parse_each(
    parsed: ParsedImport, items: Sequence[T], parse: Callable[[int, T], ParsedDocument], progress: Progress | None, name: Callable[[T], str]
) -> bool:
    """``parse(number, item)`` for each of ``items`` into ``parsed.documents``, counting from 1.

    A FormatError becomes one of ``parsed.problems`` and the next item is read. Progress is reported
    after every item as ``name(item)``; False when it cancelled (the items after it are not read).
    """
    for done, item in enumerate(items, start=1):
        try:
            parsed.documents.append(parse(done, item))
        except FormatError as error:
            parsed.problems.append(error)
        if not keep_going(progress, done, len(items), name(item)):
            return False
    return True


def stance_from(value: str | None) -> Stance | None:
    if not value:
        return None
    cleaned = value.strip().lower().replace("_", " ")
    return next((stance for stance in Stance if stance.value == cleaned), None)


def form_from(value: str | None) -> ClaimForm | None:
    if not value:
        return None
    cleaned = value.strip().lower().replace("_", " ")
    return next((form for form in ClaimForm if form.value == cleaned), None)


def timex_text(timex: TimexValue) -> str:
    """``DATE 2024-02-23`` or ``DATE 2023 END``: how formats without typed fields carry a date value."""
    return " ".join(part for part in (timex.type, timex.value, timex.mod) if part)


def timex_from(text: str) -> TimexValue:
    """The inverse of ``timex_text``; ValueError (pydantic's) when it is not a valid value."""
    parts = text.split()
    if len(parts) not in (2, 3):
        raise ValueError(f"{text!r} is not 'TYPE VALUE [MOD]'")
    return TimexValue(type=parts[0], value=parts[1], mod=parts[2] if len(parts) == 3 else None)  # type: ignore[arg-type]


def actor_text(actor: Actor) -> str:
    """``a1 = Nikol Pashinyan (person)``: an actor in one line of text."""
    name = " ".join(actor.name.split())
    return f"{actor.id} = {name} ({actor.type.value})"


def actor_from(text: str) -> ActorInfo:
    head, sep, rest = text.strip().partition(" = ")
    if not sep:
        return ActorInfo(id=None, name=text.strip())
    name, _, kind = rest.rpartition(" (")
    if name and kind.endswith(")"):
        return ActorInfo(id=head or None, name=name, type=kind[:-1])
    return ActorInfo(id=head or None, name=rest)


def one_line(text: str) -> str:
    """``text`` with every line break and tab turned into a space (for line-based formats)."""
    return " ".join(text.replace("\t", " ").splitlines()) if text else ""


def claims_of(spans: Iterable[Span]) -> list[Span]:
    return [span for span in spans if span.claim is not None]
