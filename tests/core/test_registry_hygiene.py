"""Keeping the registry clean: deleting unused actors, merge proposals, alias edits."""

from __future__ import annotations

import pytest

from annotator.core.actors import (
    ActorRegistry,
    RegistryError,
    add_alias,
    change_alias,
    delete_actor,
    merge,
    merge_candidates,
    new_actor,
    remove_alias,
)
from annotator.core.annotations import AnnotationSet
from annotator.core.edits import AddSpan, update_span
from annotator.core.mentions import MentionIndex
from annotator.core.model import ActorRef, ActorType, ClaimAttributes, Document


def registry_of(*names: str) -> ActorRegistry:
    registry = ActorRegistry()
    for name in names:
        new_actor(registry, name, ActorType.PERSON).apply(registry)
    return registry


def test_an_unused_actor_is_deleted_by_retiring_it_and_comes_back_on_undo() -> None:
    registry = registry_of("Nikol Pashinyan", "Nikol Pashinin")
    typo = registry.find("Nikol Pashinin")
    edit = delete_actor(registry, typo, uses=0)
    assert edit.describe() == "Delete actor Nikol Pashinin"
    edit.apply(registry)
    assert registry.find("Nikol Pashinin") is None and typo not in registry.active()
    assert registry.get(typo.id).retired and registry.resolve(typo.id) is not None  # old ids still resolve
    edit.inverse().apply(registry)
    assert registry.find("Nikol Pashinin") == typo


def test_an_actor_in_use_or_merged_into_is_not_deleted() -> None:
    registry = registry_of("Nikol Pashinyan", "Pashinyan", "Vladimir Putin")
    pm = registry.find("Nikol Pashinyan")
    with pytest.raises(RegistryError, match="1 mention"):
        delete_actor(registry, pm, uses=1)
    merge(registry, registry.find("Pashinyan"), pm).apply(registry)
    with pytest.raises(RegistryError, match="merged into"):
        delete_actor(registry, registry.get(pm.id), uses=0)


def test_uses_count_mentions_and_claims_that_name_an_actor_directly() -> None:
    registry = registry_of("Nikol Pashinyan", "CSTO", "Unused")
    pm, csto = registry.find("Nikol Pashinyan"), registry.find("CSTO")
    text = "Pashinyan said Armenia froze its participation."
    annotations = AnnotationSet(Document.create("d", text))
    mention = annotations.make_span(0, 9, "actor", "s1")
    claim = annotations.make_span(15, 46, "claim", "s2")
    AddSpan(span=mention).apply(annotations)
    AddSpan(span=claim).apply(annotations)
    update_span(mention, actor_id=pm.id).apply(annotations)
    update_span(claim, claim=ClaimAttributes(claimant=ActorRef(span_id="s1"), target=ActorRef(actor_id=csto.id))).apply(annotations)
    index = MentionIndex()
    assert not index.complete
    index.update_document("d", annotations.spans())
    assert index.uses(registry) == {pm.id: 1, csto.id: 1}
    built = MentionIndex.from_files([("d", annotations.snapshot("me").model_dump_json().encode())])
    assert built.complete and built.uses(registry) == {pm.id: 1, csto.id: 1}


def test_merge_proposes_the_most_similar_actor_with_mentions_never_an_empty_or_retired_one() -> None:
    registry = registry_of("Nikol Pashinyan", "Nikol Pashinyann", "Nikol Pashinian", "Vladimir Putin", "Old Pashinyan")
    ids = {actor.name: actor.id for actor in registry.active()}
    delete_actor(registry, registry.find("Old Pashinyan"), uses=0).apply(registry)
    source = registry.find("Nikol Pashinian")
    # "Nikol Pashinyann" is the closest spelling but has no mentions: it is not proposed.
    uses = {ids["Nikol Pashinyan"]: 5, ids["Vladimir Putin"]: 2, ids["Old Pashinyan"]: 9, ids["Nikol Pashinian"]: 1}
    candidates = merge_candidates(registry, source, uses)
    assert [actor.name for actor, _score in candidates] == ["Nikol Pashinyan", "Vladimir Putin"]
    assert candidates[0][1] > candidates[1][1]
    assert merge_candidates(registry, source, {}) == []


def test_aliases_are_added_changed_and_removed_with_undo() -> None:
    registry = registry_of("Nikol Pashinyan")
    pm = registry.find("Nikol Pashinyan")
    add = add_alias(pm, "Pashinin")
    assert add.describe() == "Add alias “Pashinin” to Nikol Pashinyan"
    add.apply(registry)
    change = change_alias(registry.get(pm.id), "Pashinin", "Pashinyan")
    assert change.describe() == "Change alias “Pashinin” of Nikol Pashinyan to “Pashinyan”"
    change.apply(registry)
    assert registry.get(pm.id).aliases == ("Pashinyan",)
    remove = remove_alias(registry.get(pm.id), "Pashinyan")
    assert remove.describe() == "Remove alias “Pashinyan” of Nikol Pashinyan"
    remove.apply(registry)
    assert registry.get(pm.id).aliases == () and registry.find("Pashinyan") is None
    for edit in (remove, change, add):
        edit.inverse().apply(registry)
    assert registry.get(pm.id) == pm
    with pytest.raises(RegistryError):
        remove_alias(pm, "Pashinin")
    with pytest.raises(RegistryError):
        change_alias(registry.get(pm.id), "missing", "x")
    add.apply(registry)
    with pytest.raises(RegistryError):
        change_alias(registry.get(pm.id), "Pashinin", "nikol pashinyan")
    with pytest.raises(RegistryError):
        change_alias(registry.get(pm.id), "Pashinin", "  ")
