"""Suggestions: what a recommender proposes, and the interface every recommender follows.

A recommender is a small pure object (INCEpTION's ``RecommendationEngine``): a document and the
project's context in, suggestions out; no I/O, no Qt, no threads. The caller (the CLI, the window's
worker) runs it, remembers what the coder rejected and shows the rest. Offsets are code points
into the stored text, end-exclusive, like every span.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Protocol, TypeVar

from pydantic import ConfigDict, Field, model_validator

from annotator.core.actors import ActorRegistry
from annotator.core.model import ClaimForm, Document, LabelKind, LabelScheme, Model, Span, Stance, TimexValue, Topic
from annotator.core.suggest.similar_claims import CodedClaimText, IndexCache

if TYPE_CHECKING:
    from annotator.core.dates import DateMention


class SuggestionKind(str, Enum):
    DATE = "dates"
    ACTOR = "actors"
    CLAIM = "claims"
    NAMED_ENTITY = "ner"
    SEARCH = "search"  # "Tag all as suggestions" in the corpus search: stored, never computed by a recommender


class SuggestedSpan(Model):
    """A span a claim suggestion links to: an existing span or one accepting it creates."""

    model_config = ConfigDict(defer_build=True)  # built with the first suggestion, not at start (bench U1)
    start: Annotated[int, Field(ge=0)]
    end: Annotated[int, Field(ge=0)]
    text: str
    actor_id: str | None = None
    timex: TimexValue | None = None


class RankedTopic(Model):
    """One codebook topic a claim suggestion could have, with how much speaks for it (0-1)."""

    model_config = ConfigDict(defer_build=True)  # built with the first suggestion, not at start (bench U1)
    name: str
    score: Annotated[float, Field(ge=0.0, le=1.0)]


class Suggestion(Model):
    model_config = ConfigDict(defer_build=True)  # built with the first suggestion, not at start (bench U1)
    document_id: str
    kind: SuggestionKind
    label: str
    start: Annotated[int, Field(ge=0)]
    end: Annotated[int, Field(ge=0)]
    text: str
    score: Annotated[float, Field(ge=0.0, le=1.0)] = 0.5
    actor_id: str | None = None  # actors: the registry actor the mention links to
    timex: TimexValue | None = None  # dates
    claimant: SuggestedSpan | None = None  # claims: the claimant's mention (actor_id: its actor)
    claimant_actor_id: str | None = None  # claims: the claimant when no mention names it here ("he")
    date: SuggestedSpan | None = None  # claims: the date of the claim
    form: ClaimForm | None = None  # claims
    topic: str | None = None  # claims: the codebook topic guessed (core/suggest/claim_fields.py)
    # claims: the topics ranked, the guess first, then the runners-up (the Details panel's Down walks them)
    ranked_topics: tuple[RankedTopic, ...] | None = None
    stance: Stance | None = None  # claims: only where the wording says it
    target: SuggestedSpan | None = None  # claims: the actor mention accused, criticised, urged, ...

    @model_validator(mode="after")
    def _ordered(self) -> Suggestion:
        if self.end <= self.start:
            raise ValueError(f"a suggestion must end after it starts ({self.start}, {self.end})")
        return self

    @property
    def key(self) -> tuple[str, str, int, int, str]:
        """What a rejection remembers: the same proposal is never made again."""
        return (self.document_id, self.kind.value, self.start, self.end, self.text)

    def to_json(self) -> dict[str, object]:
        return self.model_dump(mode="json", exclude_none=True)


_T = TypeVar("_T")
_M = TypeVar("_M", bound=Model)
_FIELDS: dict[type, tuple[dict[str, object], frozenset[str], frozenset[str]]] = {}


def _fields_of(cls: type[Model]) -> tuple[dict[str, object], frozenset[str], frozenset[str]]:
    held = _FIELDS.get(cls)
    if held is None:
        defaults: dict[str, object] = {}
        for name, info in cls.model_fields.items():
            default = None if info.is_required() else info.get_default(call_default_factory=True)
            if not isinstance(default, (type(None), bool, int, float, str, Enum)):
                raise TypeError(f"{cls.__name__}.{name}: a mutable default cannot be shared by trusted instances")
            defaults[name] = default
        required = frozenset(name for name, info in cls.model_fields.items() if info.is_required())
        held = _FIELDS[cls] = (defaults, required, frozenset(defaults))  # the last: all the field names
    return held


def trusted(cls: type[_M], fields: dict[str, object]) -> _M:
    """``cls(**fields)`` without re-validating values a recommender has already checked (offsets
    it found in the text, a ``TimexValue`` already validated, a label of the scheme): the same
    object validation makes (the same field values and order, the same ``model_fields_set``),
    at a third of the cost, which counts with thousands of suggestions in a long article.
    Nested models must already be instances. Only for ``SuggestedSpan`` and ``Suggestion``,
    whose defaults are immutable; tests/core/test_suggest_scan.py compares it with validation."""
    defaults, required, _ = _FIELDS.get(cls) or _fields_of(cls)
    values = defaults.copy()
    values.update(fields)  # field order as validation stores them
    if len(values) != len(defaults) or not required <= fields.keys():
        raise TypeError(f"{cls.__name__}: missing {sorted(required - fields.keys())} or unknown {sorted(fields.keys() - defaults.keys())} fields")
    return _instance(cls, values, set(fields))


def _instance(cls: type[_M], values: dict[str, object], fields_set: set[str]) -> _M:
    """What pydantic's model_construct sets, past the frozen model's __setattr__."""
    instance = _new(cls)
    _setattr(instance, "__dict__", values)
    _setattr(instance, "__pydantic_fields_set__", fields_set)
    _setattr(instance, "__pydantic_extra__", None)
    _setattr(instance, "__pydantic_private__", None)
    return instance


_new = object.__new__  # BaseModel has no __new__ of its own
_setattr = object.__setattr__  # what pydantic's model_construct sets, past the frozen model's __setattr__


def make_suggestion(**fields: object) -> Suggestion:
    """A ``Suggestion`` from checked values (see ``trusted``); its offsets are still checked,
    so a recommender's mistake is a clear error, as validation made it."""
    start, end = fields["start"], fields["end"]
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end):
        raise ValueError(f"a suggestion must end after it starts ({start}, {end})")
    return trusted(Suggestion, fields)


def builder(cls: type[_M], *keys: str) -> Callable[..., _M]:
    """A function that builds ``cls`` as ``trusted`` does from the values of ``keys``, given in
    that order: for a recommender's loop that makes thousands alike (no keyword dictionary, the
    field checks made once, here)."""
    defaults, required, allowed = _fields_of(cls)
    if not cls.model_config.get("frozen"):
        raise TypeError(f"{cls.__name__}: only a frozen model's instances can share their fields set")
    given = frozenset(keys)
    if len(given) != len(keys) or not required <= given <= allowed:
        raise TypeError(f"{cls.__name__}: missing {sorted(required - given)}, unknown {sorted(given - allowed)} or repeated fields in {keys}")

    # One fields set for every instance built here. A set of five names or more is a 728-byte block
    # outside Python's small-object allocator, and one per suggestion cost half the time of building
    # it (B: 2,810 known-actor suggestions, 7.5 -> 3.5 ms). Sharing it is safe for frozen models:
    # pydantic changes a model's fields set only on assignment (refused when frozen), and
    # model_copy copies it before adding to it (tests/core/test_suggest_scan.py).
    fields_set = set(given)

    def build(*values: object) -> _M:
        if len(values) != len(keys):
            raise TypeError(f"{cls.__name__}: {len(keys)} values expected ({', '.join(keys)}), not {len(values)}")
        fields = defaults.copy()
        fields.update(zip(keys, values))  # field order as validation stores them
        instance = _new(cls)  # _instance's work, inline: thousands are built per long article
        _setattr(instance, "__dict__", fields)
        _setattr(instance, "__pydantic_fields_set__", fields_set)
        _setattr(instance, "__pydantic_extra__", None)
        _setattr(instance, "__pydantic_private__", None)
        return instance

    return build


_span_of = builder(SuggestedSpan, "start", "end", "text")
_span_of_actor = builder(SuggestedSpan, "start", "end", "text", "actor_id")
_span_of_date = builder(SuggestedSpan, "start", "end", "text", "timex")


def make_span(start: int, end: int, text: str, **fields: object) -> SuggestedSpan:
    """A ``SuggestedSpan`` from checked values (see ``trusted``): ``SuggestedSpan(start=start,
    end=end, text=text, **fields)``."""
    if start < 0 or end < 0:
        raise ValueError(f"a suggested span starts and ends in the text ({start}, {end})")
    if not fields:
        return _span_of(start, end, text)
    if len(fields) == 1:
        if "actor_id" in fields:
            return _span_of_actor(start, end, text, fields["actor_id"])
        if "timex" in fields:
            return _span_of_date(start, end, text, fields["timex"])
    return trusted(SuggestedSpan, {"start": start, "end": end, "text": text, **fields})


@dataclass(frozen=True)
class SuggestContext:
    """What a recommender may know of the project besides the document itself.

    ``linked_texts``: mention texts already tagged and linked anywhere in the corpus, each with
    the actor id it was linked to (from ``MentionIndex``); ``spans``: the document's own
    annotations, which suggestions never duplicate; ``dct``: the article's date for TIMEX3 values;
    ``ner_model``: the spaCy model the named-entity recommender loads; ``topics``: the codebook's
    active topics, and ``claim_topics``: per actor id, the topics of the claims it makes across the
    corpus (``MentionIndex.claim_topics``), for the claim recommender's topic guess;
    ``coded_claims``: the corpus's coded claims with their text, claimant, topic and stance
    (``MentionIndex.coded_claims``), for its similar-claims topic and usual-stance guesses;
    ``claim_index``: the cache of their index, owned by whoever runs suggestions (the window, one per
    open project; a corpus run, one per run) so that runs reuse it (None: the recommender's own).

    The context also holds the work recommenders share (``shared``): the date finder's mentions
    and the known-actor matches of a text are computed once per context, whichever recommender
    asks first, so the date and claim recommenders do not each run the date finder, nor the
    actor and claim ones each build and run the automaton. A corpus run shares one context
    across articles: per text only the last one's results are kept.
    """

    registry: ActorRegistry = field(default_factory=ActorRegistry)
    scheme: LabelScheme = field(default_factory=LabelScheme.default)
    linked_texts: Mapping[str, str] = field(default_factory=dict)
    spans: tuple[Span, ...] = ()
    dct: datetime.date | None = None
    ner_model: str | None = None  # the spaCy model named entities use: a package name or a path (None: the default)
    topics: tuple[Topic, ...] = ()
    claim_topics: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    coded_claims: tuple[CodedClaimText, ...] = ()
    claim_index: IndexCache | None = field(default=None, compare=False, repr=False)
    _memo: dict[str, tuple[str | None, object]] = field(default_factory=dict, init=False, repr=False, compare=False)
    _memo_lock: threading.RLock = field(default_factory=threading.RLock, init=False, repr=False, compare=False)

    def shared(self, name: str, text: str | None, compute: Callable[[], _T]) -> _T:
        """``compute()``'s result, computed once for this context and ``text`` (None: once for the
        context) and kept under ``name`` until another text asks for it. Thread-safe (one lock, re-entered
        when one shared result uses another): a context may be shared by a corpus run's workers."""
        with self._memo_lock:
            held = self._memo.get(name)
            if held is not None and (held[0] is text or held[0] == text):
                return held[1]  # type: ignore[return-value]
            value = compute()
            self._memo[name] = (text, value)
            return value

    def date_mentions(self, text: str) -> tuple[DateMention, ...]:
        """The date finder's mentions in ``text``, shared by the date and claim recommenders."""
        from annotator.core.dates import find_dates  # its patterns compile on first use, not at start-up

        return self.shared("dates", text, lambda: tuple(find_dates(text, self.dct)))

    def label_for(self, kind: LabelKind) -> str | None:
        """The scheme's first label of ``kind``; None when the scheme has none (nothing to suggest)."""
        return next((label.name for label in self.scheme.labels if label.effective_kind is kind), None)

    def spans_of(self, kind: LabelKind) -> list[Span]:
        return [span for span in self.spans if self.scheme.kind_of(span.label) is kind]


class Recommender(Protocol):
    name: str
    kind: SuggestionKind

    def suggest(self, document: Document, context: SuggestContext) -> list[Suggestion]: ...


RejectionKey = tuple[str, str, int, int, str]


class SuggestionState(Model):
    """One annotator's pending suggestions (per document) and what they rejected, kept by the
    project store beside the annotations and never in them: an annotation file holds only what
    the coder accepted."""

    model_config = ConfigDict(defer_build=True)  # built with the first suggestion, not at start (bench U1)
    pending: dict[str, tuple[Suggestion, ...]] = {}
    rejected: tuple[RejectionKey, ...] = ()

    def with_pending(self, doc_id: str, suggestions: Iterable[Suggestion]) -> SuggestionState:
        """``doc_id``'s pending suggestions replaced by ``suggestions`` less the rejected ones."""
        rejected = set(self.rejected)
        kept = tuple(s for s in suggestions if s.key not in rejected)
        pending = {k: v for k, v in self.pending.items() if k != doc_id}
        if kept:
            pending[doc_id] = kept
        return self.model_copy(update={"pending": pending})

    def with_rejected(self, suggestions: Iterable[Suggestion]) -> SuggestionState:
        """The suggestions remembered as rejected (never proposed again) and no longer pending."""
        keys = {s.key for s in suggestions}
        rejected = tuple(dict.fromkeys((*self.rejected, *sorted(keys))))
        pending = {doc: kept for doc, items in self.pending.items() if (kept := tuple(s for s in items if s.key not in keys))}
        return self.model_copy(update={"pending": pending, "rejected": rejected})


def without_rejected(suggestions: Iterable[Suggestion], rejected: set[tuple[str, str, int, int, str]]) -> list[Suggestion]:
    return [s for s in suggestions if s.key not in rejected]
