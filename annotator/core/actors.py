"""The project's registry of canonical actors, its edits, and alias hints.

Every actor mention (an actor span's ``actor_id``) points at a registry entry.
Merging keeps the merged entry as a forwarding record (``merged_into``), so
mentions saved in any document follow the merge without rewriting files, and
the merge can be undone. Registry edits are data with ``apply`` / ``inverse``,
like the span edits in ``annotator.core.edits``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from pydantic import BaseModel, ConfigDict

from annotator.core.id_registry import IdRegistry
from annotator.core.model import Actor, ActorType


class RegistryError(ValueError):
    pass


def _fold(text: str) -> str:
    """Case-, accent- and space-insensitive form for matching names."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


class ActorRegistry(IdRegistry[Actor]):
    """All actors of a project. Not thread-safe; listeners hear every change."""

    noun = "actor"
    error = RegistryError

    # --- reading -------------------------------------------------------------
    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self._items

    def ids(self) -> set[str]:
        return set(self._items)

    def active(self) -> list[Actor]:
        """Actors not merged into another, by name."""
        return sorted((a for a in self._items.values() if a.merged_into is None and not a.retired), key=lambda a: _fold(a.name))

    def resolve(self, actor_id: str | None) -> Actor | None:
        """The actor ``actor_id`` stands for now, following merges."""
        return self.follow(actor_id)

    def new_actor_id(self) -> str:
        return self._new_id("a")

    def find(self, name: str) -> Actor | None:
        """The active actor whose name or alias is ``name`` (ignoring case, accents and spacing)."""
        wanted = _fold(name)
        for actor in self.active():
            if wanted in (_fold(n) for n in (actor.name, *actor.aliases)):
                return actor
        return None

    def suggest(self, mention: str, limit: int = 5, threshold: float = 0.72) -> list[tuple[Actor, float]]:
        """Active actors whose names look like ``mention``, best first, with a score in 0..1.

        A mention is compared with each name and alias and with each of their words, so
        "Pashinin" finds "Nikol Pashinyan" and "Peskov" finds "Dmitry Peskov"; a longer
        mention also word by word, so "Kremlin spokesman Dmitry Peskov" finds "Dmitry Peskov".
        """
        folded = _fold(mention)
        if not folded:
            return []
        words = folded.split()
        scored: list[tuple[Actor, float]] = []
        for actor in self.active():
            best = 0.0
            for name in (actor.name, *actor.aliases):
                candidate = _fold(name)
                forms = [candidate, *candidate.split()] if " " not in folded else [candidate]
                for form in forms:
                    if len(form) < 3 and form != folded:
                        continue
                    score = 1.0 if form == folded else SequenceMatcher(None, folded, form).ratio()
                    best = max(best, score if form == candidate else score * 0.97)
                # The name among other words of the mention (titles, roles): each run of as many
                # words, scored lower the less of the mention it covers.
                size = len(candidate.split())
                cover = 0.9 + 0.07 * size / len(words)
                for i in range(len(words) - size + 1 if len(words) > size else 0):
                    window = " ".join(words[i : i + size])
                    if len(window) >= 3:
                        best = max(best, SequenceMatcher(None, window, candidate).ratio() * cover)
            if best >= threshold:
                scored.append((actor, round(best, 3)))
        scored.sort(key=lambda pair: (-pair[1], _fold(pair[0].name)))
        return scored[:limit]

    # --- changing: _add, _retire (an actor is hidden; its id stays, so no mention anywhere
    # is left dangling) and _replace come from IdRegistry; only registry edits call them.


class _RegistryEdit(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class AddActor(_RegistryEdit):
    op: Literal["add_actor"] = "add_actor"
    actor: Actor

    def apply(self, registry: ActorRegistry) -> None:
        registry._add(self.actor)

    def inverse(self) -> RemoveActor:
        return RemoveActor(actor=self.actor)

    def describe(self) -> str:
        return f"New actor {self.actor.name}"


class RemoveActor(_RegistryEdit):
    """Retires the actor (see ActorRegistry._retire)."""

    op: Literal["remove_actor"] = "remove_actor"
    actor: Actor
    label: str = ""

    def apply(self, registry: ActorRegistry) -> None:
        registry._retire(self.actor.id)

    def inverse(self) -> AddActor:
        return AddActor(actor=self.actor)

    def describe(self) -> str:
        return self.label or f"Remove actor {self.actor.name}"


class ReplaceActor(_RegistryEdit):
    """Rename, retype, alias, note or merge: the actor keeps its id."""

    op: Literal["replace_actor"] = "replace_actor"
    old: Actor
    new: Actor

    def apply(self, registry: ActorRegistry) -> None:
        registry._replace(self.new)

    def inverse(self) -> ReplaceActor:
        return ReplaceActor(old=self.new, new=self.old)

    def describe(self) -> str:
        if self.new.merged_into and not self.old.merged_into:
            return f"Merge {self.old.name}"
        if self.old.name != self.new.name:
            return f"Rename {self.old.name} to {self.new.name}"
        if self.old.aliases != self.new.aliases:
            added = [a for a in self.new.aliases if a not in self.old.aliases]
            removed = [a for a in self.old.aliases if a not in self.new.aliases]
            if added and removed:
                return f"Change alias “{removed[0]}” of {self.new.name} to “{added[0]}”"
            if added:
                return f"Add alias “{', '.join(added)}” to {self.new.name}"
            return f"Remove alias “{', '.join(removed)}” of {self.new.name}"
        return f"Edit actor {self.new.name}"


class RegistryBatch(_RegistryEdit):
    op: Literal["registry_batch"] = "registry_batch"
    edits: tuple[AddActor | RemoveActor | ReplaceActor, ...]
    label: str = ""

    def apply(self, registry: ActorRegistry) -> None:
        for edit in self.edits:
            edit.apply(registry)

    def inverse(self) -> RegistryBatch:
        return RegistryBatch(edits=tuple(edit.inverse() for edit in reversed(self.edits)), label=self.label)

    def describe(self) -> str:
        return self.label or "Edit actors"


RegistryEdit = AddActor | RemoveActor | ReplaceActor | RegistryBatch


def new_actor(registry: ActorRegistry, name: str, actor_type: ActorType = ActorType.OTHER, aliases: Iterable[str] = ()) -> AddActor:
    clean = " ".join(name.split())
    if not clean:
        raise RegistryError("an actor needs a name")
    if registry.find(clean) is not None:
        raise RegistryError(f"{clean!r} is already an actor (or an alias of one)")
    return AddActor(actor=Actor(id=registry.new_actor_id(), name=clean, type=actor_type, aliases=tuple(aliases)))


def rename(actor: Actor, name: str, *, keep_old_as_alias: bool = False) -> ReplaceActor:
    """Rename ``actor``; its old name stays an alias only when asked (a typo should not)."""
    clean = " ".join(name.split())
    if not clean:
        raise RegistryError("an actor needs a name")
    kept = (*actor.aliases, actor.name) if keep_old_as_alias else actor.aliases
    aliases = tuple(dict.fromkeys(a for a in kept if _fold(a) != _fold(clean)))
    return ReplaceActor(old=actor, new=actor.model_copy(update={"name": clean, "aliases": aliases}))


def add_alias(actor: Actor, alias: str) -> ReplaceActor:
    clean = " ".join(alias.split())
    if not clean or _fold(clean) in {_fold(n) for n in (actor.name, *actor.aliases)}:
        raise RegistryError(f"{clean!r} is already a name of {actor.name}")
    return ReplaceActor(old=actor, new=actor.model_copy(update={"aliases": (*actor.aliases, clean)}))


def remove_alias(actor: Actor, alias: str) -> ReplaceActor:
    """``actor`` without the alias ``alias`` (matched exactly as stored)."""
    if alias not in actor.aliases:
        raise RegistryError(f"{alias!r} is not an alias of {actor.name}")
    return ReplaceActor(old=actor, new=actor.model_copy(update={"aliases": tuple(a for a in actor.aliases if a != alias)}))


def change_alias(actor: Actor, alias: str, new_alias: str) -> ReplaceActor:
    """Correct the spelling of one alias, in its place in the list."""
    if alias not in actor.aliases:
        raise RegistryError(f"{alias!r} is not an alias of {actor.name}")
    clean = " ".join(new_alias.split())
    if not clean:
        raise RegistryError("an alias cannot be empty (remove it instead)")
    others = {_fold(n) for n in (actor.name, *actor.aliases) if n != alias}
    if _fold(clean) in others:
        raise RegistryError(f"{clean!r} is already a name of {actor.name}")
    return ReplaceActor(old=actor, new=actor.model_copy(update={"aliases": tuple(clean if a == alias else a for a in actor.aliases)}))


def delete_actor(registry: ActorRegistry, actor: Actor, uses: int) -> RemoveActor:
    """Delete an actor nobody uses: it is retired in the file, so any id saved anywhere still resolves.

    ``uses`` is how many mentions and claims across the corpus refer to it (see
    ``MentionIndex.uses``); an actor in use, or one that others were merged into, is kept.
    """
    if uses:
        raise RegistryError(f"{actor.name} has {uses} mention(s) or claim(s): merge it into another actor instead")
    merged = [other.name for other in registry.all() if other.merged_into == actor.id]
    if merged:
        raise RegistryError(f"{', '.join(merged)} {'was' if len(merged) == 1 else 'were'} merged into {actor.name}: it stays")
    if actor.retired or actor.merged_into is not None:
        raise RegistryError(f"{actor.name} is no longer an active actor")
    return RemoveActor(actor=actor, label=f"Delete actor {actor.name}")


def merge_candidates(registry: ActorRegistry, source: Actor, uses: dict[str, int]) -> list[tuple[Actor, float]]:
    """The actors ``source`` may be merged into, most similar first, with a 0..100 score.

    Only active actors with at least one use (``uses``: mentions and claims per actor)
    are proposed: merging into an empty or retired entry would hide the real one.
    """
    from rapidfuzz import fuzz, process  # loaded when a merge is asked for, not at start-up

    names = [_fold(n) for n in (source.name, *source.aliases)]
    scored: list[tuple[Actor, float]] = []
    for actor in registry.active():
        if actor.id == source.id or not uses.get(actor.id):
            continue
        choices = [_fold(n) for n in (actor.name, *actor.aliases)]
        best = max(process.extractOne(name, choices, scorer=fuzz.WRatio)[1] for name in names)
        scored.append((actor, round(float(best), 1)))
    scored.sort(key=lambda pair: (-pair[1], -uses.get(pair[0].id, 0), _fold(pair[0].name)))
    return scored


def update(actor: Actor, **fields: object) -> ReplaceActor:
    return ReplaceActor(old=actor, new=Actor.model_validate({**actor.model_dump(), **fields}))


def merge(registry: ActorRegistry, source: Actor, target: Actor) -> RegistryBatch:
    """Merge ``source`` into ``target``: its names become aliases, its mentions follow."""
    target = registry.resolve(target.id) or target
    if source.id == target.id:
        raise RegistryError("an actor cannot be merged into itself")
    names = [n for n in (source.name, *source.aliases) if _fold(n) not in {_fold(m) for m in (target.name, *target.aliases)}]
    edits = [ReplaceActor(old=source, new=source.model_copy(update={"merged_into": target.id}))]
    if names:
        edits.append(ReplaceActor(old=target, new=target.model_copy(update={"aliases": (*target.aliases, *names)})))
    # Actors already merged into the source now forward to the target directly.
    for other in registry.all():
        if other.merged_into == source.id:
            edits.append(ReplaceActor(old=other, new=other.model_copy(update={"merged_into": target.id})))
    return RegistryBatch(edits=tuple(edits), label=f"Merge {source.name} into {target.name}")


_POSSESSIVE = ("'s", "’s", "s'", "s’")


def strip_possessive(text: str) -> str:
    """ "Yerevan's" -> "Yerevan", "Pashinyan’s" -> "Pashinyan"; other text unchanged (spaces collapsed)."""
    clean = " ".join(text.split())
    for ending in _POSSESSIVE:
        if clean.endswith(ending) and len(clean) > len(ending) + 1:
            return clean[: -len(ending)] + ("s" if ending[0] == "s" else "")
    return clean


@dataclass(frozen=True)
class Resolution:
    """What a mention text names: one actor (``actor``), several (``candidates``, ambiguous), or none."""

    actor: Actor | None
    candidates: tuple[Actor, ...] = ()
    how: str = ""

    @property
    def ambiguous(self) -> bool:
        return self.actor is None and len(self.candidates) > 1


def resolve_text(registry: ActorRegistry, text: str, linked_before: Iterable[str] = ()) -> Resolution:
    """The registry actor a mention ``text`` names, without asking.

    In order: a name or alias spelt exactly so, then one equal ignoring case and accents,
    each tried on the text and on it without a possessive "'s"; then the actors that the
    same text was linked to before (``linked_before``: actor ids, e.g. from the corpus
    mention index). One actor is a match; several are ambiguous and must be asked.
    """
    forms = list(dict.fromkeys((" ".join(text.split()), strip_possessive(text))))
    active = registry.active()
    for exact in (True, False):
        for form in forms:
            wanted = form if exact else _fold(form)
            hits = [a for a in active if wanted in ((a.name, *a.aliases) if exact else {_fold(n) for n in (a.name, *a.aliases)})]
            if len(hits) == 1:
                how = "name" if (hits[0].name == form if exact else _fold(hits[0].name) == wanted) else "alias"
                return Resolution(hits[0], how=how)
            if hits:
                return Resolution(None, tuple(hits), how="ambiguous")
    before = list(dict.fromkeys(a.id for a in (registry.resolve(i) for i in linked_before) if a is not None and not a.retired))
    if len(before) == 1:
        return Resolution(registry.get(before[0]), how="linked before")
    if before:
        return Resolution(None, tuple(a for a in (registry.get(i) for i in before) if a is not None), how="ambiguous")
    return Resolution(None)


def alias_for_link(actor: Actor, text: str) -> ReplaceActor | None:
    """The edit that makes the linked mention ``text`` an alias of ``actor`` (None if it already names it)."""
    form = strip_possessive(text)
    if not form or _fold(form) in {_fold(n) for n in (actor.name, *actor.aliases)}:
        return None
    return add_alias(actor, form)
