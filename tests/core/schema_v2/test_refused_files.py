"""Files with broken links or invalid values are refused with a message; old actor ids still resolve."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from annotator.core.actors import ActorRegistry, RemoveActor, merge, new_actor
from annotator.core.annotations import AnnotationSet
from annotator.core.model import ActorRef, ClaimAttributes, TimexValue
from annotator.core.storage import FileProblem, Fingerprint, FolderProject, ProjectError
from tests.core.schema_v2.helpers import raw_span, save_set, with_registry, write_annotations


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        ({"claimant": {"span_id": "missing"}}, "missing"),
        ({"target": {"span_id": "missing"}}, "missing"),
        ({"claimant": {"span_id": "when"}}, "not an actor"),
        ({"target": {"span_id": "other"}}, "not an actor"),
        ({"date_span_id": "who"}, "not a date"),
        ({"date_span_id": "missing"}, "missing"),
        ({"claimant": {"actor_id": "ghost"}}, "ghost"),
    ],
)
def test_load_refuses_claims_with_broken_links(project: FolderProject, claim: dict, expected: str) -> None:
    ids = with_registry(project, "Nikol Pashinyan")
    write_annotations(
        project,
        [
            raw_span("who", "Nikol Pashinyan", "actor", actor_id=ids["Nikol Pashinyan"]),
            raw_span("when", "Friday", "date"),
            raw_span("other", "Armenia has frozen its participation in the CSTO", "claim"),
            raw_span("bad-claim", "We intend to contact our Armenian colleagues", "claim", claim=claim),
        ],
    )
    with pytest.raises(FileProblem) as caught:
        project.load_annotations(project.load_document("a"))
    message = str(caught.value)
    assert "bad-claim" in message and expected in message
    assert len(caught.value.problems) == 1
    assert project.is_refused("a")
    annotations = AnnotationSet(project.load_document("a"))
    with pytest.raises(ProjectError):
        save_set(project, annotations, Fingerprint(None))  # a refused file is never overwritten


def test_load_refuses_an_actor_id_not_in_the_registry(project: FolderProject) -> None:
    with_registry(project, "Nikol Pashinyan")
    write_annotations(project, [raw_span("who", "Nikol Pashinyan", "actor", actor_id="a99")])
    with pytest.raises(FileProblem) as caught:
        project.load_annotations(project.load_document("a"))
    assert "who" in str(caught.value) and "a99" in str(caught.value)


def test_retired_and_merged_actor_ids_still_load(project: FolderProject) -> None:
    registry = ActorRegistry()
    for name in ("Nikol Pashinyan", "N. Pashinyan", "Dmitry Peskov"):
        new_actor(registry, name).apply(registry)
    first, second, third = (registry.find(n) for n in ("Nikol Pashinyan", "N. Pashinyan", "Dmitry Peskov"))
    merge(registry, second, first).apply(registry)
    RemoveActor(actor=third).apply(registry)
    project.save_registry(registry.all())
    write_annotations(project, [raw_span("s1", "Nikol Pashinyan", "actor", actor_id=second.id), raw_span("s2", "Dmitry Peskov", "actor", actor_id=third.id)])
    loaded = project.load_annotations(project.load_document("a"))
    assert [span.actor_id for span in loaded.annotation_file.spans] == [second.id, third.id]


@pytest.mark.parametrize(
    "timex",
    [
        {"type": "DATE", "value": "2024-13"},
        {"type": "DATE", "value": "2023-02-29"},
        {"type": "DURATION", "value": "2024"},
        {"type": "DATE", "value": "P2Y"},
        {"type": "TIME", "value": "2024-02-23T25:00"},
        {"type": "DATE", "value": "2024-02-23", "mod": "ROUGHLY"},
        {"type": "INTERVAL", "value": "2024"},
        {"type": "DATE", "value": ""},
    ],
)
def test_timex_value_rejects_invalid_values(project: FolderProject, timex: dict) -> None:
    with pytest.raises(ValidationError):
        TimexValue(**timex)
    write_annotations(project, [raw_span("d1", "Friday", "date", timex=timex)])
    with pytest.raises(FileProblem) as caught:
        project.load_annotations(project.load_document("a"))
    assert "timex" in str(caught.value)


@pytest.mark.parametrize(
    "timex",
    [
        {"type": "DATE", "value": "2024-02-23"},
        {"type": "DATE", "value": "2024-W08"},
        {"type": "DATE", "value": "XXXX-09"},
        {"type": "DATE", "value": "PRESENT_REF"},
        {"type": "TIME", "value": "2024-02-23TMO"},
        {"type": "DURATION", "value": "P2Y", "mod": "MORE_THAN"},
        {"type": "SET", "value": "XXXX-WXX-1"},
    ],
)
def test_timex_value_accepts_valid_values(timex: dict) -> None:
    assert TimexValue(**timex).model_dump(exclude_none=True) == timex


def test_actor_ref_names_exactly_one_thing() -> None:
    with pytest.raises(ValidationError):
        ActorRef()
    with pytest.raises(ValidationError):
        ActorRef(span_id="s1", actor_id="a1")
    with pytest.raises(ValidationError):
        ClaimAttributes(stance="agrees")
