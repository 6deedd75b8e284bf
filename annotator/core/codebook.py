"""The project's codebook of claim topics (DNA's concepts), its edits and its checks.

A claim names its topic by text (``ClaimAttributes.topic``): the name, or an alias,
of a codebook topic. Renaming keeps the old name as an alias and merging keeps the
merged topic as a forwarding record, so every topic saved in any file still resolves
without rewriting files, and both can be undone. A project from before the codebook
(``ProjectSettings.topics is None``) has free-text topics; its codebook starts from
the topics its files already use (``seed_from_files``), so no file becomes invalid.

Codebook edits are data with ``apply`` / ``inverse``, like the actor registry's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import orjson
from pydantic import BaseModel, ConfigDict

from annotator.core.actors import _fold
from annotator.core.id_registry import IdRegistry
from annotator.core.model import AnnotationFile, AnnotationProblem, Topic
from annotator.core.span_fields import maybe_linked


class CodebookError(ValueError):
    pass


class Codebook(IdRegistry[Topic]):
    """All topics of a project. Not thread-safe; listeners hear every change."""

    noun = "topic"
    error = CodebookError

    def __init__(self, topics: Iterable[Topic] | None = ()) -> None:
        # ``kept`` is False for a project that has no codebook yet (topics are free text).
        self.kept = topics is not None
        super().__init__(topics or ())

    # --- reading -------------------------------------------------------------
    def active(self) -> list[Topic]:
        return sorted((t for t in self._items.values() if t.merged_into is None and not t.retired), key=lambda t: _fold(t.name))

    def resolve_id(self, topic_id: str | None) -> Topic | None:
        return self.follow(topic_id)

    def resolve(self, text: str) -> Topic | None:
        """The topic ``text`` (a claim's topic) stands for now: by name or alias, following merges."""
        wanted = _fold(text)
        if not wanted:
            return None
        for topic in self._items.values():
            if topic.retired:
                continue
            if wanted in (_fold(n) for n in (topic.name, *topic.aliases)):
                return self.resolve_id(topic.id)
        return None

    def knows(self, text: str) -> bool:
        """True when ``text`` names a topic, retired ones included (what a saved file may hold)."""
        wanted = _fold(text)
        return any(wanted in (_fold(n) for n in (t.name, *t.aliases)) for t in self._items.values())

    def completions(self, typed: str, limit: int = 8) -> list[Topic]:
        """Active topics for what the coder typed: prefix matches first, then contains, then similar spelling."""
        folded = _fold(typed)
        topics = self.active()
        if not folded:
            return topics[:limit]

        def names(topic: Topic) -> list[str]:
            return [_fold(n) for n in (topic.name, *topic.aliases)]

        prefix = [t for t in topics if any(n.startswith(folded) for n in names(t))]
        contains = [t for t in topics if t not in prefix and any(folded in n for n in names(t))]
        rest = [t for t in topics if t not in prefix and t not in contains]
        from rapidfuzz import fuzz, process  # loaded when the coder first types a topic, not at every start

        similar = process.extract(folded, {t.id: _fold(t.name) for t in rest}, scorer=fuzz.WRatio, limit=limit, score_cutoff=80)
        return [*prefix, *contains, *(self._items[key] for _name, _score, key in similar)][:limit]

    def new_topic_id(self) -> str:
        return self._new_id("t")

    # --- changing: _add, _retire and _replace come from IdRegistry; only codebook edits call them.
    def _added(self) -> None:
        self.kept = True  # the first topic added starts the codebook of a project that had none


class _CodebookEdit(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class AddTopic(_CodebookEdit):
    op: Literal["add_topic"] = "add_topic"
    topic: Topic

    def apply(self, codebook: Codebook) -> None:
        codebook._add(self.topic)

    def inverse(self) -> RemoveTopic:
        return RemoveTopic(topic=self.topic)

    def describe(self) -> str:
        return f"New topic {self.topic.name}"


class RemoveTopic(_CodebookEdit):
    """Retires the topic: its id stays, so nothing that named it dangles."""

    op: Literal["remove_topic"] = "remove_topic"
    topic: Topic

    def apply(self, codebook: Codebook) -> None:
        codebook._retire(self.topic.id)

    def inverse(self) -> AddTopic:
        return AddTopic(topic=self.topic)

    def describe(self) -> str:
        return f"Remove topic {self.topic.name}"


class ReplaceTopic(_CodebookEdit):
    op: Literal["replace_topic"] = "replace_topic"
    old: Topic
    new: Topic

    def apply(self, codebook: Codebook) -> None:
        codebook._replace(self.new)

    def inverse(self) -> ReplaceTopic:
        return ReplaceTopic(old=self.new, new=self.old)

    def describe(self) -> str:
        if self.old.name != self.new.name:
            return f"Rename topic {self.old.name} to {self.new.name}"
        return f"Edit topic {self.new.name}"


class CodebookBatch(_CodebookEdit):
    op: Literal["codebook_batch"] = "codebook_batch"
    edits: tuple[AddTopic | RemoveTopic | ReplaceTopic, ...]
    label: str = ""

    def apply(self, codebook: Codebook) -> None:
        for edit in self.edits:
            edit.apply(codebook)

    def inverse(self) -> CodebookBatch:
        return CodebookBatch(edits=tuple(edit.inverse() for edit in reversed(self.edits)), label=self.label)

    def describe(self) -> str:
        return self.label or "Edit topics"


CodebookEdit = AddTopic | RemoveTopic | ReplaceTopic | CodebookBatch


def _clean(name: str) -> str:
    clean = " ".join(name.split())
    if not clean:
        raise CodebookError("a topic needs a name")
    return clean


def new_topic(codebook: Codebook, name: str) -> AddTopic:
    clean = _clean(name)
    if codebook.resolve(clean) is not None:
        raise CodebookError(f"{clean!r} is already a topic (or an alias of one)")
    return AddTopic(topic=Topic(id=codebook.new_topic_id(), name=clean))


def rename_topic(codebook: Codebook, topic: Topic, name: str) -> ReplaceTopic:
    """The old name stays an alias: claims saved with it still resolve."""
    clean = _clean(name)
    other = codebook.resolve(clean)
    if other is not None and other.id != topic.id:
        raise CodebookError(f"{clean!r} is already the topic {other.name}: merge instead")
    aliases = tuple(dict.fromkeys(a for a in (*topic.aliases, topic.name) if _fold(a) != _fold(clean)))
    return ReplaceTopic(old=topic, new=topic.model_copy(update={"name": clean, "aliases": aliases}))


def merge_topics(codebook: Codebook, source: Topic, target: Topic) -> CodebookBatch:
    """Merge ``source`` into ``target``: its names become aliases, claims naming it follow."""
    target = codebook.resolve_id(target.id) or target
    if source.id == target.id:
        raise CodebookError("a topic cannot be merged into itself")
    known = {_fold(m) for m in (target.name, *target.aliases)}
    names = [n for n in (source.name, *source.aliases) if _fold(n) not in known]
    edits: list[AddTopic | RemoveTopic | ReplaceTopic] = [ReplaceTopic(old=source, new=source.model_copy(update={"merged_into": target.id}))]
    if names:
        edits.append(ReplaceTopic(old=target, new=target.model_copy(update={"aliases": (*target.aliases, *names)})))
    for other in codebook.all():
        if other.merged_into == source.id:
            edits.append(ReplaceTopic(old=other, new=other.model_copy(update={"merged_into": target.id})))
    return CodebookBatch(edits=tuple(edits), label=f"Merge topic {source.name} into {target.name}")


def seed_from_files(codebook: Codebook, files: Iterable[tuple[str, bytes]]) -> CodebookBatch | None:
    """For a project without a codebook: one topic per free-text topic its files use, so that
    starting the codebook never makes a saved claim invalid. None when there is nothing to add."""
    seen: dict[str, str] = {}
    for _doc_id, data in files:
        try:
            spans = orjson.loads(data).get("spans", [])
        except (orjson.JSONDecodeError, AttributeError):
            continue  # a broken file is reported when it is opened
        for span in spans if isinstance(spans, list) else ():
            claim = span.get("claim") if isinstance(span, dict) else None
            topic = claim.get("topic") if isinstance(claim, dict) else None
            if isinstance(topic, str) and topic.strip() and not codebook.knows(topic):
                seen.setdefault(_fold(topic), " ".join(topic.split()))
    if not seen:
        return None
    first = len(codebook) + 1
    edits = tuple(AddTopic(topic=Topic(id=f"t{first + i}", name=name)) for i, name in enumerate(sorted(seen.values(), key=_fold)))
    return CodebookBatch(edits=edits, label="Start the codebook from the topics in use")


def topic_problems(annotations: AnnotationFile, codebook: Codebook) -> list[AnnotationProblem]:
    """Claims whose topic is not in the codebook (nothing, for a project that keeps none)."""
    if not codebook.kept:
        return []
    return [
        AnnotationProblem(span_id=span.id, message=f"claim {span.id}: topic {span.claim.topic!r} is not in the project's codebook")
        for span in maybe_linked(annotations.spans)  # a claim is one of the linked spans
        if span.claim is not None and span.claim.topic and not codebook.knows(span.claim.topic)
    ]
