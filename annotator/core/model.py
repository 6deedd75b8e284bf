"""Domain model: documents, spans, label schemes and the files that hold them.

Invariants (checked on every load, see ``validate_annotations``):

* Offsets are Unicode code points into ``Document.text`` exactly as stored,
  end-exclusive: ``0 <= start < end <= len(text)``.
* ``Span.text == document.text[span.start:span.end]``.
* An annotation file names the SHA-256 of the text it was made on.

Spans are immutable; an edit replaces a span by a new one with the same id.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import string
from collections.abc import Mapping
from enum import Enum
from operator import lt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, GetCoreSchemaHandler, field_validator, model_validator
from pydantic_core import CoreSchema

from annotator.core.span_fields import SpanFields, fields_of, maybe_linked

# 2 added actor links, claim attributes and date values; version 1 files still load.
SCHEMA_VERSION = 2
SchemaVersion = Literal[1, 2]

# Ids end up in file names: keep them to a portable, traversal-free alphabet.
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"
_ID_RE = re.compile(ID_PATTERN)
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def is_safe_identifier(value: str) -> bool:
    """True if ``value`` can be used as a file name on every platform."""
    return bool(_ID_RE.match(value)) and value.split(".")[0].lower() not in _WINDOWS_RESERVED and ".." not in value


def _safe_identifier_pattern() -> str:
    """``ID_PATTERN`` without ".." and without a Windows device name before the first dot, as one
    regular expression: pydantic checks it in Rust, where a Python check of each id cost a third of
    loading a 5,000-span file (two ids a span). Built from ``_WINDOWS_RESERVED``: a head of a reserved
    length passes where it first leaves the reserved words (tests/core/test_model.py holds it to
    ``is_safe_identifier``)."""
    first, rest = string.ascii_letters + string.digits, string.ascii_letters + string.digits + "_-"

    def chars(allowed: str) -> str:  # a character class, runs of three or more as ranges
        runs: list[list[str]] = []
        for c in sorted(set(allowed)):
            if runs and ord(c) == ord(runs[-1][-1]) + 1 and c.isalnum() and runs[-1][-1].isalnum():
                runs[-1].append(c)
            else:
                runs.append([c])
        return "[" + "".join(f"{run[0]}-{run[-1]}" if len(run) > 2 else re.escape("".join(run)) for run in runs) + "]"

    def leaving(words: set[str], depth: int, length: int) -> str:
        # Heads of ``length`` characters that agree with ``words`` on the first ``depth`` and then leave them.
        here = {word[depth] for word in words}
        alphabet = first if depth == 0 else rest
        branches = [chars("".join(c for c in alphabet if c.lower() not in here)) + (f"{chars(rest)}{{{length - depth - 1}}}" if length - depth > 1 else "")]
        for c in sorted(here):
            if depth + 1 < length:
                branches.append(f"[{c}{c.upper()}]" + leaving({w for w in words if w[depth] == c}, depth + 1, length))
        return "(?:" + "|".join(branches) + ")"

    lengths = sorted({len(word) for word in _WINDOWS_RESERVED})
    free = [n for n in range(1, max(lengths) + 1) if n not in lengths]
    heads = [f"{chars(first)}{chars(rest)}{{{n - 1}}}" for n in free]
    heads += [leaving({w for w in _WINDOWS_RESERVED if len(w) == n}, 0, n) for n in lengths]
    heads.append(f"{chars(first)}{chars(rest)}{{{max(lengths)},}}")
    return rf"^(?:{'|'.join(heads)})(?:\.{chars(rest)}+)*\.?$"


SAFE_ID_PATTERN = _safe_identifier_pattern()
Identifier = Annotated[str, Field(pattern=SAFE_ID_PATTERN, max_length=128)]
HexColour = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")]


def text_sha256(text: str) -> str:
    return utf8_sha256(text.encode("utf-8", "surrogatepass"))


def utf8_sha256(encoded: bytes) -> str:
    """``text_sha256`` of a text already encoded as UTF-8 (the document's own check)."""
    return hashlib.sha256(encoded).hexdigest()


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LabelKind(str, Enum):
    """What a label means to the program: actors link to the registry, claims to
    claimants and dates, dates carry a TIMEX3 value. OTHER is a plain tag."""

    ACTOR = "actor"
    CLAIM = "claim"
    DATE = "date"
    OTHER = "other"


class LabelDefinition(Model):
    name: Identifier
    colour: HexColour
    hotkey: Annotated[str, Field(min_length=1, max_length=1)]
    description: str = ""
    kind: LabelKind | None = None

    @property
    def effective_kind(self) -> LabelKind:
        """``kind``, or (files of version 1) the kind its name says."""
        if self.kind is not None:
            return self.kind
        try:
            return LabelKind(self.name)
        except ValueError:
            return LabelKind.OTHER


class LabelScheme(Model):
    labels: tuple[LabelDefinition, ...]

    @model_validator(mode="after")
    def _unique(self) -> LabelScheme:
        names = [label.name for label in self.labels]
        keys = [label.hotkey for label in self.labels]
        if len(set(names)) != len(names):
            raise ValueError("label names must be unique")
        if len(set(keys)) != len(keys):
            raise ValueError("label hotkeys must be unique")
        if not self.labels:
            raise ValueError("a label scheme needs at least one label")
        return self

    @classmethod
    def default(cls) -> LabelScheme:
        return cls(
            labels=(
                LabelDefinition(name="actor", colour="#1f77b4", hotkey="1", description="a person, organisation or state", kind=LabelKind.ACTOR),
                LabelDefinition(name="claim", colour="#d62728", hotkey="2", description="what an actor says or demands", kind=LabelKind.CLAIM),
                LabelDefinition(name="date", colour="#2ca02c", hotkey="3", description="a date or time expression", kind=LabelKind.DATE),
            )
        )

    def names(self) -> list[str]:
        return [label.name for label in self.labels]

    def get(self, name: str) -> LabelDefinition | None:
        return next((label for label in self.labels if label.name == name), None)

    def kind_of(self, name: str) -> LabelKind:
        label = self.get(name)
        return label.effective_kind if label else LabelKind.OTHER


class ArticleMetadata(Model):
    """What the article's layout says about it. Every field may be missing."""

    headline: str | None = None
    byline: str | None = None
    date: datetime.date | None = None
    date_text: str | None = None
    caption: str | None = None
    caption_credit: str | None = None
    related: tuple[str, ...] = ()
    url: str | None = None
    source: str | None = None  # the publication or outlet, where an import found one (news databases, corpora)


class LineEndings(str, Enum):
    LF = "lf"
    CRLF = "crlf"
    CR = "cr"
    MIXED = "mixed"
    NONE = "none"


class Document(Model):
    """One article. ``text`` is what offsets refer to; it is never reflowed."""

    schema_version: SchemaVersion = SCHEMA_VERSION
    id: Identifier
    text: str
    text_sha256: str
    metadata: ArticleMetadata = ArticleMetadata()
    source_file: str | None = None
    source_encoding: str = "utf-8"
    # Line endings of the source file; ``line_endings_normalised`` says whether
    # import rewrote them to LF (done once, before any offset exists).
    line_endings: LineEndings = LineEndings.NONE
    line_endings_normalised: bool = False

    @model_validator(mode="after")
    def _hash_matches(self) -> Document:
        # A lone surrogate cannot be written back as UTF-8: no span over it could be saved. Strict
        # UTF-8 finds the first one in the encoding the hash needs anyway (a regex over the text took
        # as long again: 4 ms of opening a 1,000,000-character article); without one, these are the
        # bytes ``text_sha256`` hashes.
        try:
            encoded = self.text.encode("utf-8")
        except UnicodeEncodeError as error:  # in a str, strict UTF-8 refuses surrogates alone
            surrogate = ord(self.text[error.start])
            raise ValueError(f"the text has a lone surrogate U+{surrogate:04X} at offset {error.start}; such text cannot be annotated") from None
        if utf8_sha256(encoded) != self.text_sha256:
            raise ValueError("text_sha256 does not match the document text")
        return self

    @classmethod
    def create(cls, doc_id: str, text: str, **fields: object) -> Document:
        return cls(id=doc_id, text=text, text_sha256=text_sha256(text), **fields)

    @property
    def title(self) -> str:
        if self.metadata.headline:
            return self.metadata.headline
        first = next((line.strip() for line in self.text.splitlines() if line.strip()), "")
        return first[:120] or self.id


class ActorType(str, Enum):
    PERSON = "person"
    ORGANISATION = "organisation"
    STATE = "state or country"
    GROUP = "group"
    MEDIA = "media"
    OTHER = "other"


class Actor(Model):
    """A canonical actor of the project's registry. A merged actor keeps its id
    (mentions in any file still resolve) and points at the actor it became."""

    id: Identifier
    name: Annotated[str, Field(min_length=1)]
    type: ActorType = ActorType.OTHER
    aliases: tuple[str, ...] = ()
    note: str = ""
    merged_into: Identifier | None = None
    # Retired instead of deleted (undoing "new actor"): ids saved in any file stay resolvable.
    retired: bool = False


class Topic(Model):
    """A topic of the project's codebook (DNA's concepts). Claims name their topic by its
    ``name`` (or an alias); a merged topic keeps its id and points at the one it became."""

    id: Identifier
    name: Annotated[str, Field(min_length=1)]
    aliases: tuple[str, ...] = ()
    merged_into: Identifier | None = None
    retired: bool = False


class ActorRef(Model):
    """Who a claim is by or about: a mention in the text, or a registry actor that is not named in it."""

    span_id: Identifier | None = None
    actor_id: Identifier | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> ActorRef:
        if (self.span_id is None) == (self.actor_id is None):
            raise ValueError("an actor reference names either a span_id or an actor_id")
        return self

    def actor_in(self, spans: Mapping[str, Span]) -> str | None:
        """The actor id this names: its own, or that of its mention in ``spans`` (by id; None for an
        unlinked or missing mention). Merges are the registry's to follow."""
        if self.actor_id is not None:
            return self.actor_id
        mention = spans.get(self.span_id or "")
        return mention.actor_id if mention is not None else None


class Stance(str, Enum):
    SUPPORTS = "supports"
    OPPOSES = "opposes"
    NEUTRAL = "neutral"


class ClaimForm(str, Enum):
    DIRECT_QUOTE = "direct quote"
    INDIRECT_SPEECH = "indirect speech"
    PARAPHRASE = "paraphrase"


class ClaimAttributes(Model):
    claimant: ActorRef | None = None
    target: ActorRef | None = None
    date_span_id: Identifier | None = None
    stance: Stance | None = None
    topic: str = ""
    form: ClaimForm | None = None
    note: str = ""


_NO_CLAIM = ClaimAttributes()


class TimexValue(Model):
    """A normalised date value in TIMEX3 terms (see annotator.core.dates)."""

    type: Literal["DATE", "TIME", "DURATION", "SET"]
    value: Annotated[str, Field(min_length=1)]
    mod: str | None = None

    @model_validator(mode="after")
    def _valid(self) -> TimexValue:
        from annotator.core.dates.timex import validate_timex  # the dates package imports nothing from here

        problem = validate_timex(self.type, self.value, self.mod)
        if problem:
            raise ValueError(problem)
        return self


class Span(Model):
    id: Identifier
    start: Annotated[int, Field(ge=0, strict=True)]
    end: Annotated[int, Field(ge=0, strict=True)]
    label: Identifier
    text: str
    # Only for actor spans: the registry actor this mention refers to.
    actor_id: Identifier | None = None
    # Only for claim spans.
    claim: ClaimAttributes | None = None
    # Only for date spans.
    timex: TimexValue | None = None

    def linked_span_ids(self) -> set[str]:
        """Ids of the spans this span's links point at."""
        if self.claim is None:
            return set()
        ids = {self.claim.date_span_id}
        for ref in (self.claim.claimant, self.claim.target):
            if ref is not None:
                ids.add(ref.span_id)
        return {i for i in ids if i is not None}

    @field_validator("claim")
    @classmethod
    def _no_empty_claim(cls, claim: ClaimAttributes | None) -> ClaimAttributes | None:
        # A claim with no attributes is no claim: files leave it out, so memory does too.
        return None if claim == _NO_CLAIM else claim

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        # A span made or validated alone; the spans of a file are checked by ``AnnotationFile`` in one pass.
        if self.end <= self.start:
            raise ValueError(f"span {self.id}: end ({self.end}) must be greater than start ({self.start})")
        return self

    def sort_key(self) -> tuple[int, int, str, str]:
        return (self.start, -self.end, self.label, self.id)


class DocumentStatus(str, Enum):
    NEW = "new"
    IN_PROGRESS = "in progress"
    DONE = "done"


class _CheckedByTheFile:
    """``Span``'s schema without its ``_ordered`` check, for the spans of an ``AnnotationFile``, which
    checks every span's order in one pass over them after parsing: a Python call from pydantic's
    Rust for each span was a tenth of parsing a 5,000-span file (tests/core/test_model_span_checks.py)."""

    @staticmethod
    def __get_pydantic_core_schema__(source: type[Span], handler: GetCoreSchemaHandler) -> CoreSchema:
        schema = handler.resolve_ref_schema(handler(source))
        if schema["type"] != "function-after" or schema["schema"]["type"] != "model":  # type: ignore[typeddict-item]
            raise TypeError(f"Span's schema is not its model behind one after-validator ({schema['type']}): see _CheckedByTheFile")
        inner = dict(schema["schema"])  # type: ignore[typeddict-item]
        inner["ref"] = f"{schema['ref']}-in-file"  # type: ignore[typeddict-item]  # its own definition: the JSON schema still names it Span
        return inner  # type: ignore[return-value]


class AnnotationFile(Model):
    """One annotator's annotations of one document: ``annotations/<annotator>/<document>.json``."""

    schema_version: SchemaVersion = SCHEMA_VERSION
    document_id: Identifier
    annotator: Identifier
    text_sha256: str
    status: DocumentStatus = DocumentStatus.IN_PROGRESS
    spans: tuple[Annotated[Span, _CheckedByTheFile], ...] = ()

    @field_validator("spans")
    @classmethod
    def _unique_ids(cls, spans: tuple[Span, ...]) -> tuple[Span, ...]:
        fields = SpanFields(spans)
        if not all(map(lt, fields.starts(), fields.ends())):  # Span._ordered for each, in C
            for span in spans:
                span._ordered()  # raises for the first span out of order, with its message
        if len(set(fields.ids())) == len(spans):
            return fields  # one set in C; the loop below only to name the duplicate
        seen: set[str] = set()
        for span in spans:
            if span.id in seen:
                raise ValueError(f"duplicate span id {span.id!r}")
            seen.add(span.id)
        return spans


class ProjectSettings(Model):
    """``annotator-project.json``: what every document of a project shares."""

    schema_version: SchemaVersion = SCHEMA_VERSION
    name: str
    label_scheme: LabelScheme = Field(default_factory=LabelScheme.default)
    actors: tuple[Actor, ...] = ()
    # None: a project from before the codebook, whose claim topics are free text (not checked).
    topics: tuple[Topic, ...] | None = None

    @field_validator("topics")
    @classmethod
    def _codebook_consistent(cls, topics: tuple[Topic, ...] | None) -> tuple[Topic, ...] | None:
        if topics is None:
            return None
        ids = [topic.id for topic in topics]
        if len(set(ids)) != len(ids):
            raise ValueError("duplicate topic ids in the codebook")
        for topic in topics:
            if topic.merged_into is not None and topic.merged_into not in ids:
                raise ValueError(f"topic {topic.id} is merged into unknown topic {topic.merged_into!r}")
        return topics

    # True: coders do not see each other's annotations until adjudication (absent: they may).
    blind: bool | None = None

    @field_validator("actors")
    @classmethod
    def _registry_consistent(cls, actors: tuple[Actor, ...]) -> tuple[Actor, ...]:
        ids = [actor.id for actor in actors]
        if len(set(ids)) != len(ids):
            raise ValueError("duplicate actor ids in the registry")
        for actor in actors:
            if actor.merged_into is not None and actor.merged_into not in ids:
                raise ValueError(f"actor {actor.id} is merged into unknown actor {actor.merged_into!r}")
        merged = {actor.id: actor.merged_into for actor in actors if actor.merged_into is not None}
        for start in merged:
            seen, current = [start], merged[start]
            while current is not None:
                if current in seen:
                    raise ValueError("actor merge cycle: " + " -> ".join([*seen[seen.index(current) :], current]))
                seen.append(current)
                current = merged.get(current)
        return actors


class AnnotationProblem(Model):
    """One reason why an annotation file does not fit its document."""

    model_config = ConfigDict(defer_build=True)  # made only when a file has a problem: built then, not at start
    span_id: str | None
    message: str


def validate_annotations(document: Document, annotations: AnnotationFile, scheme: LabelScheme, actor_ids: set[str] | None = None) -> list[AnnotationProblem]:
    """Every way ``annotations`` disagrees with ``document``; empty if it fits.

    Links must point at spans of the right kind in the same file, and actor ids
    at the registry (``actor_ids``; not checked when None). Nothing is repaired
    here: a mismatch is reported and the caller refuses the file.
    """
    problems: list[AnnotationProblem] = []

    def problem(span_id: str | None, message: str) -> None:
        problems.append(AnnotationProblem(span_id=span_id, message=message))

    if annotations.document_id != document.id:
        problem(None, f"made for document {annotations.document_id!r}, not {document.id!r}")
    if annotations.text_sha256 != document.text_sha256:
        problem(None, "text hash differs from the document's: the text changed since these annotations were made")
    text = document.text  # looked up once: the loop runs once a span on every load
    length = len(text)
    labels = set(scheme.names())
    # Spans that all lie in the text, say what it says and have a known label (one pass over the
    # columns the file's own check read, in C) leave the loop nothing to find.
    fitting = fields_of(annotations.spans).fit(text, labels)
    for span in () if fitting else annotations.spans:
        if span.end > length:
            problem(span.id, f"span {span.id} [{span.start}, {span.end}) is outside the text (length {length})")
            continue
        actual = text[span.start : span.end]
        if actual != span.text:
            problem(span.id, f"span {span.id} [{span.start}, {span.end}) says {span.text!r} but the text there is {actual!r}")
        if span.label not in labels:
            problem(span.id, f"span {span.id} has unknown label {span.label!r}")
    problems.extend(link_problems(annotations, scheme, actor_ids))
    return problems


def link_problems(annotations: AnnotationFile, scheme: LabelScheme, actor_ids: set[str] | None = None) -> list[AnnotationProblem]:
    """Links that point nowhere or at a span of the wrong kind, and attributes on the wrong kind of span."""
    problems: list[AnnotationProblem] = []

    def problem(span_id: str | None, message: str) -> None:
        problems.append(AnnotationProblem(span_id=span_id, message=message))

    kinds = {label.name: label.effective_kind for label in scheme.labels}
    by_id: dict[str, Span] | None = None  # built only if some claim has links
    for span in maybe_linked(annotations.spans):
        if span.actor_id is None and span.claim is None and span.timex is None:
            continue  # most spans: nothing to check, and saving 5,000 of them must stay fast
        kind = kinds.get(span.label, LabelKind.OTHER)
        for field, wanted in (("actor_id", LabelKind.ACTOR), ("claim", LabelKind.CLAIM), ("timex", LabelKind.DATE)):
            if getattr(span, field) is not None and kind is not wanted:
                problem(span.id, f"span {span.id} is a {span.label} but has {field}, which only {wanted.value} spans have")
        if span.claim is not None and by_id is None:
            by_id = {other.id: other for other in annotations.spans}
        if span.actor_id is not None and actor_ids is not None and span.actor_id not in actor_ids:
            problem(span.id, f"span {span.id} links to actor {span.actor_id!r}, which is not in the registry")
        if span.claim is not None:
            for role, ref in (("claimant", span.claim.claimant), ("target", span.claim.target)):
                if ref is None:
                    continue
                if ref.span_id is not None:
                    other = by_id.get(ref.span_id)
                    if other is None:
                        problem(span.id, f"claim {span.id}: {role} span {ref.span_id!r} does not exist")
                    elif kinds.get(other.label, LabelKind.OTHER) is not LabelKind.ACTOR:
                        problem(span.id, f"claim {span.id}: {role} span {ref.span_id} is a {other.label}, not an actor")
                elif actor_ids is not None and ref.actor_id not in actor_ids:
                    problem(span.id, f"claim {span.id}: {role} actor {ref.actor_id!r} is not in the registry")
            date_id = span.claim.date_span_id
            if date_id is not None:
                other = by_id.get(date_id)
                if other is None:
                    problem(span.id, f"claim {span.id}: date span {date_id!r} does not exist")
                elif kinds.get(other.label, LabelKind.OTHER) is not LabelKind.DATE:
                    problem(span.id, f"claim {span.id}: date span {date_id} is a {other.label}, not a date")
    return problems
