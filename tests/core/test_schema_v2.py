"""Schema version 2 on disk: version 1 files still load, links and values round-trip, broken links are refused.

Also the span edits that go with links (batches, removing a span with the links to it,
validated attribute updates) and one end-to-end pass over a real article.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from annotator.cli import main
from annotator.core.actors import ActorRegistry, RemoveActor, merge, new_actor
from annotator.core.annotations import AnnotationSet
from annotator.core.checker import check_spans
from annotator.core.dates import normalise_span
from annotator.core.edits import EDIT_ADAPTER, AddSpan, Batch, RemoveSpan, ReplaceSpan, SetStatus, remove_with_links, update_span
from annotator.core.model import (
    SCHEMA_VERSION,
    Actor,
    ActorRef,
    ActorType,
    AnnotationFile,
    ClaimAttributes,
    ClaimForm,
    Document,
    DocumentStatus,
    LabelKind,
    Span,
    Stance,
    TimexValue,
)
from annotator.core.storage import PROJECT_FILE, FileProblem, Fingerprint, FolderProject, ProjectError
from annotator.core.workspace import import_into
from tests.conftest import FIRST_SEED

TEXT = (
    "YEREVAN - Armenia has frozen its participation in the CSTO, Prime Minister Nikol Pashinyan said on Friday. "
    '"We intend to contact our Armenian colleagues," Kremlin spokesman Dmitry Peskov said on Monday.'
)

V1_SETTINGS = {
    "schema_version": 1,
    "name": "Old project",
    "label_scheme": {
        "labels": [
            {"name": "actor", "colour": "#1f77b4", "hotkey": "1", "description": "a person, organisation or state"},
            {"name": "claim", "colour": "#d62728", "hotkey": "2", "description": "what an actor says or demands"},
            {"name": "date", "colour": "#2ca02c", "hotkey": "3", "description": "a date or time expression"},
            {"name": "place", "colour": "#9467bd", "hotkey": "4"},
        ]
    },
}


def at(phrase: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(phrase, start + 1)
    return start, start + len(phrase)


def raw_span(span_id: str, phrase: str, label: str, **fields: object) -> dict:
    start, end = at(phrase)
    return {"id": span_id, "start": start, "end": end, "label": label, "text": phrase, **fields}


@pytest.fixture
def project(tmp_path: Path) -> Iterator[FolderProject]:
    opened = FolderProject.create(tmp_path / "proj", name="V2", annotator="me")
    opened.add_documents([Document.create("a", TEXT)])
    yield opened
    opened.close()


def reopen(project: FolderProject) -> FolderProject:
    project.close()
    return FolderProject.open(project.root, annotator=project.annotator)


def load_set(project: FolderProject, doc_id: str = "a") -> tuple[AnnotationSet, Fingerprint]:
    document = project.load_document(doc_id)
    loaded = project.load_annotations(document)
    return AnnotationSet.from_file(document, loaded.annotation_file), loaded.fingerprint


def save_set(project: FolderProject, annotations: AnnotationSet, fingerprint: Fingerprint) -> Fingerprint:
    return project.save_annotations(annotations.snapshot(project.annotator), fingerprint)


def write_annotations(project: FolderProject, spans: list[dict], version: int = SCHEMA_VERSION, doc_id: str = "a") -> Path:
    document = project.load_document(doc_id)
    path = project.annotation_path(doc_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    content = {
        "schema_version": version,
        "document_id": doc_id,
        "annotator": project.annotator,
        "text_sha256": document.text_sha256,
        "status": "in progress",
        "spans": spans,
    }
    path.write_text(json.dumps(content, indent=2), encoding="utf-8")
    return path


def with_registry(project: FolderProject, *names: str) -> dict[str, str]:
    registry = ActorRegistry(project.settings.actors)
    ids = {}
    for name in names:
        edit = new_actor(registry, name, ActorType.PERSON)
        edit.apply(registry)
        ids[name] = edit.actor.id
    project.save_registry(registry.all())
    return ids


# --- version 1 files ---------------------------------------------------------------------


def test_version_1_project_and_annotation_files_load_and_save_as_version_2(tmp_path: Path) -> None:
    root = tmp_path / "old"
    with FolderProject.create(root, annotator="me") as created:
        created.add_documents([Document.create("a", TEXT)])
    (root / PROJECT_FILE).write_text(json.dumps(V1_SETTINGS), encoding="utf-8")
    document_path = root / "documents" / "a.json"
    document_json = json.loads(document_path.read_text(encoding="utf-8"))
    document_path.write_text(json.dumps({**document_json, "schema_version": 1}), encoding="utf-8")
    v1_spans = [
        raw_span("s1", "Nikol Pashinyan", "actor"),
        raw_span("s2", "Armenia has frozen its participation in the CSTO", "claim"),
        raw_span("s3", "Friday", "date"),
        raw_span("s4", "YEREVAN", "place"),
    ]
    annotation_path = root / "annotations" / "me" / "a.json"
    annotation_path.parent.mkdir(parents=True, exist_ok=True)
    annotation_path.write_text(
        json.dumps(
            {"schema_version": 1, "document_id": "a", "annotator": "me", "text_sha256": document_json["text_sha256"], "status": "done", "spans": v1_spans}
        ),
        encoding="utf-8",
    )

    with FolderProject.open(root, annotator="me") as project:
        assert project.settings.schema_version == 1
        assert project.settings.actors == ()
        assert [project.scheme.kind_of(name) for name in ("actor", "claim", "date", "place")] == [
            LabelKind.ACTOR,
            LabelKind.CLAIM,
            LabelKind.DATE,
            LabelKind.OTHER,
        ]
        document = project.load_document("a")
        loaded = project.load_annotations(document)
        assert loaded.annotation_file is not None and loaded.annotation_file.schema_version == 1
        assert sorted(span.id for span in loaded.annotation_file.spans) == ["s1", "s2", "s3", "s4"]
        assert all(span.actor_id is None and span.claim is None and span.timex is None for span in loaded.annotation_file.spans)
        annotations = AnnotationSet.from_file(document, loaded.annotation_file)
        assert annotations.status is DocumentStatus.DONE
        save_set(project, annotations, loaded.fingerprint)

    saved = json.loads(annotation_path.read_text(encoding="utf-8"))
    assert saved["schema_version"] == SCHEMA_VERSION == 2
    assert saved["status"] == "done"
    assert sorted(saved["spans"], key=lambda s: s["id"]) == v1_spans  # no new field was added to any span
    with FolderProject.open(root, annotator="me") as project:
        assert project.load_annotations(project.load_document("a")).annotation_file.schema_version == 2


def test_version_1_project_file_gets_version_2_when_actors_are_saved(tmp_path: Path) -> None:
    root = tmp_path / "old"
    FolderProject.create(root, annotator="me").close()
    (root / PROJECT_FILE).write_text(json.dumps(V1_SETTINGS), encoding="utf-8")
    with FolderProject.open(root, annotator="me") as project:
        project.save_registry([Actor(id="a1", name="Nikol Pashinyan")])
    saved = json.loads((root / PROJECT_FILE).read_text(encoding="utf-8"))
    assert saved["actors"] == [{"id": "a1", "name": "Nikol Pashinyan", "type": "other", "retired": False}]  # empty aliases and note left out
    # A version 1 program would refuse "actors" as an unknown field, not as a newer file.
    assert saved["schema_version"] == 2


def test_saving_a_loaded_version_1_file_directly_writes_version_2(project: FolderProject) -> None:
    path = write_annotations(project, [raw_span("s1", "Friday", "date")], version=1)
    loaded = project.load_annotations(project.load_document("a"))
    assert loaded.annotation_file.schema_version == 1
    project.save_annotations(loaded.annotation_file, loaded.fingerprint)
    assert json.loads(path.read_bytes())["schema_version"] == 2


# --- version 2 round trip --------------------------------------------------------------------


def full_v2_spans(actor_ids: dict[str, str]) -> list[Span]:
    def span(span_id: str, phrase: str, label: str, occurrence: int = 0, **fields: object) -> Span:
        start, end = at(phrase, occurrence)
        return Span(id=span_id, start=start, end=end, label=label, text=phrase, **fields)

    return [
        span("pm", "Nikol Pashinyan", "actor", actor_id=actor_ids["Nikol Pashinyan"]),
        span("friday", "Friday", "date", timex=TimexValue(type="DATE", value="2024-02-23")),
        span("monday", "Monday", "date", timex=TimexValue(type="DATE", value="2024-02-26", mod="START")),
        span("peskov", "Dmitry Peskov", "actor", actor_id=actor_ids["Dmitry Peskov"]),
        span(
            "froze",
            "Armenia has frozen its participation in the CSTO",
            "claim",
            claim=ClaimAttributes(
                claimant=ActorRef(span_id="pm"),
                target=ActorRef(actor_id=actor_ids["CSTO"]),
                date_span_id="friday",
                stance=Stance.OPPOSES,
                topic="security “alliances”",
                form=ClaimForm.INDIRECT_SPEECH,
                note="said in an interview\nwith France 24",
            ),
        ),
        span(
            "contact",
            "We intend to contact our Armenian colleagues",
            "claim",
            claim=ClaimAttributes(claimant=ActorRef(span_id="peskov"), form=ClaimForm.DIRECT_QUOTE),
        ),
    ]


def test_version_2_file_round_trips_byte_identically(project: FolderProject) -> None:
    ids = with_registry(project, "Nikol Pashinyan", "Dmitry Peskov", "CSTO")
    annotations, fingerprint = load_set(project)
    for span in full_v2_spans(ids):
        AddSpan(span=span).apply(annotations)
    save_set(project, annotations, fingerprint)
    path = project.annotation_path("a")
    first = path.read_bytes()

    project = reopen(project)
    try:
        reloaded, fingerprint = load_set(project)
        assert {span.id: span for span in reloaded.spans()} == {span.id: span for span in full_v2_spans(ids)}
        save_set(project, reloaded, fingerprint)
        assert path.read_bytes() == first
        assert AnnotationFile.model_validate_json(first).spans == tuple(reloaded.spans())

        saved = json.loads(first)
        assert saved["schema_version"] == 2
        by_id = {span["id"]: span for span in saved["spans"]}
        assert by_id["pm"]["actor_id"] == ids["Nikol Pashinyan"]
        assert by_id["froze"]["claim"] == {
            "claimant": {"span_id": "pm"},
            "target": {"actor_id": ids["CSTO"]},
            "date_span_id": "friday",
            "stance": "opposes",
            "topic": "security “alliances”",
            "form": "indirect speech",
            "note": "said in an interview\nwith France 24",
        }
        assert by_id["friday"]["timex"] == {"type": "DATE", "value": "2024-02-23"}
        assert by_id["monday"]["timex"] == {"type": "DATE", "value": "2024-02-26", "mod": "START"}
        # None and empty fields are left out, never written as null or "".
        assert b"null" not in first and b'""' not in first
        assert "claim" not in by_id["pm"] and "timex" not in by_id["pm"]
        assert "actor_id" not in by_id["friday"] and "claim" not in by_id["friday"]
        assert set(by_id["contact"]["claim"]) == {"claimant", "form"}
    finally:
        project.close()


# --- refused files ---------------------------------------------------------------------------


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


# --- the registry in the project file -----------------------------------------------------------


def test_registry_is_saved_and_survives_reopening(project: FolderProject) -> None:
    registry = ActorRegistry()
    for name, kind in (("Nikol Pashinyan", ActorType.PERSON), ("Armenia", ActorType.STATE), ("Pashinin", ActorType.PERSON)):
        new_actor(registry, name, kind).apply(registry)
    merge(registry, registry.find("Pashinin"), registry.find("Nikol Pashinyan")).apply(registry)
    project.save_registry(registry.all())
    assert project.settings.actors == registry.all()
    settings_before = project.settings
    project = reopen(project)
    try:
        assert project.settings.actors == registry.all()
        assert project.settings.label_scheme == settings_before.label_scheme
        assert project.settings.name == "V2"
        again = ActorRegistry(project.settings.actors)
        assert again.resolve(registry.find("Nikol Pashinyan").id).name == "Nikol Pashinyan"
        assert again.find("pashinin").name == "Nikol Pashinyan"
        assert again.get("a3").merged_into == "a1"
        assert again.get("a2").type is ActorType.STATE
    finally:
        project.close()


@pytest.mark.parametrize(
    "actors",
    [
        [Actor(id="a1", name="A", merged_into="nobody")],
        [Actor(id="a1", name="A"), Actor(id="a1", name="B")],
    ],
)
def test_save_registry_refuses_an_inconsistent_registry(project: FolderProject, actors: list[Actor]) -> None:
    with_registry(project, "Nikol Pashinyan")
    before = (project.root / PROJECT_FILE).read_bytes()
    settings_before = project.settings
    with pytest.raises((ValidationError, ProjectError)):
        project.save_registry(actors)
    assert (project.root / PROJECT_FILE).read_bytes() == before
    assert project.settings == settings_before


def test_schema_command_lists_the_new_properties(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "annotations"]) == 0
    output = capsys.readouterr().out
    schema = json.loads(output)
    span_properties = schema["$defs"]["Span"]["properties"]
    assert {"actor_id", "claim", "timex"} <= set(span_properties)
    assert {"claimant", "target", "date_span_id", "stance", "topic", "form", "note"} <= set(schema["$defs"]["ClaimAttributes"]["properties"])
    for word in ('"actor_id"', '"claim"', '"timex"'):
        assert word in output
    assert main(["schema", "project"]) == 0
    assert "actors" in json.loads(capsys.readouterr().out)["properties"]


# --- span edits that go with links ------------------------------------------------------------------


def linked_set() -> tuple[AnnotationSet, dict[str, Span]]:
    annotations = AnnotationSet(Document.create("a", TEXT))
    spans = {span.id: span for span in full_v2_spans({"Nikol Pashinyan": "a1", "Dmitry Peskov": "a2", "CSTO": "a3"})}
    # A second claim that names the same claimant as its target and the same date.
    start, end = at("Armenian colleagues")
    spans["colleagues"] = Span(
        id="colleagues",
        start=start,
        end=end,
        label="claim",
        text="Armenian colleagues",
        claim=ClaimAttributes(target=ActorRef(span_id="pm"), date_span_id="friday", claimant=ActorRef(span_id="pm")),
    )
    for span in spans.values():
        annotations.add(span)
    return annotations, spans


def test_batch_applies_in_order_and_its_inverse_undoes_it() -> None:
    annotations, spans = linked_set()
    before = annotations.spans()
    start, end = at("YEREVAN")
    extra = annotations.make_span(start, end, "actor")
    batch = Batch(
        edits=(
            AddSpan(span=extra),
            update_span(extra, actor_id="a1"),
            RemoveSpan(span=spans["monday"]),
            SetStatus(old=DocumentStatus.NEW, new=DocumentStatus.DONE),
        ),
        label="several",
    )
    batch.apply(annotations)
    assert annotations.get(extra.id).actor_id == "a1"
    assert "monday" not in annotations
    assert annotations.status is DocumentStatus.DONE
    assert batch.describe() == "several"
    batch.inverse().apply(annotations)
    assert annotations.spans() == before
    assert annotations.status is DocumentStatus.NEW
    again = EDIT_ADAPTER.validate_json(EDIT_ADAPTER.dump_json(batch))
    assert again == batch
    again.apply(annotations)
    assert annotations.get(extra.id).actor_id == "a1"


def test_remove_with_links_unlinks_claimant_target_and_date_in_one_step() -> None:
    annotations, spans = linked_set()
    before = annotations.spans()
    edit = remove_with_links(annotations, spans["pm"])
    assert isinstance(edit, Batch)
    assert sum(isinstance(e, ReplaceSpan) for e in edit.edits) == 2  # "froze" and "colleagues"
    edit.apply(annotations)
    assert "pm" not in annotations
    assert annotations.get("froze").claim.claimant is None
    assert annotations.get("froze").claim.target == ActorRef(actor_id="a3")  # untouched: not a span link
    assert annotations.get("froze").claim.date_span_id == "friday"
    assert annotations.get("froze").claim.stance is Stance.OPPOSES
    colleagues = annotations.get("colleagues").claim
    assert colleagues.claimant is None and colleagues.target is None and colleagues.date_span_id == "friday"
    assert all("pm" not in span.linked_span_ids() for span in annotations.spans())

    date_edit = remove_with_links(annotations, annotations.get("friday"))
    date_edit.apply(annotations)
    assert annotations.get("froze").claim.date_span_id is None
    assert annotations.get("colleagues").claim is None  # nothing left: a claim with no attributes is stored as none

    date_edit.inverse().apply(annotations)
    EDIT_ADAPTER.validate_json(EDIT_ADAPTER.dump_json(edit)).inverse().apply(annotations)
    assert annotations.spans() == before


def test_remove_with_links_of_an_unlinked_span_is_a_plain_remove() -> None:
    annotations, spans = linked_set()
    edit = remove_with_links(annotations, spans["monday"])
    assert edit == RemoveSpan(span=spans["monday"])
    edit = remove_with_links(annotations, spans["froze"])  # a claim itself: nothing points at it
    assert isinstance(edit, RemoveSpan)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_remove_with_links_property(data: st.DataObject) -> None:
    """Whatever links the claims have, removing any span leaves no link to it, and undo restores all."""
    annotations = AnnotationSet(Document.create("a", TEXT))
    base = {span.id: span for span in full_v2_spans({"Nikol Pashinyan": "a1", "Dmitry Peskov": "a2", "CSTO": "a3"})}
    actors, dates = ["pm", "peskov"], ["friday", "monday"]
    maybe_actor = st.one_of(st.none(), st.sampled_from(actors).map(lambda i: ActorRef(span_id=i)), st.just(ActorRef(actor_id="a3")))
    for span in base.values():
        if span.claim is not None:
            attributes = ClaimAttributes(
                claimant=data.draw(maybe_actor), target=data.draw(maybe_actor), date_span_id=data.draw(st.one_of(st.none(), st.sampled_from(dates)))
            )
            span = Span.model_validate({**dict(span), "claim": attributes})  # validated, as edits make them
        annotations.add(span)
    before = annotations.spans()
    victim = annotations.get(data.draw(st.sampled_from(sorted(base))))
    edit = EDIT_ADAPTER.validate_json(EDIT_ADAPTER.dump_json(remove_with_links(annotations, victim)))
    edit.apply(annotations)
    assert victim.id not in annotations
    assert all(victim.id not in span.linked_span_ids() for span in annotations.spans())
    untouched = [s for s in before if s.id != victim.id and victim.id not in s.linked_span_ids()]
    assert all(annotations.get(s.id) == s for s in untouched)
    edit.inverse().apply(annotations)
    assert annotations.spans() == before


def test_update_span_validates() -> None:
    annotations, spans = linked_set()
    friday = spans["friday"]
    with pytest.raises(ValidationError):
        update_span(friday, timex={"type": "DATE", "value": "2024-13"})
    with pytest.raises(ValidationError):
        update_span(friday, timex={"type": "DURATION", "value": "2024"})
    with pytest.raises(ValidationError):
        update_span(spans["pm"], actor_id="../escape")
    with pytest.raises(ValidationError):
        update_span(spans["froze"], claim={"claimant": {"span_id": "pm", "actor_id": "a1"}})
    with pytest.raises(ValidationError):
        update_span(friday, colour="red")  # no unknown fields
    edit = update_span(friday, timex={"type": "DATE", "value": "2024-02-24"})
    assert isinstance(edit.new.timex, TimexValue)
    edit.apply(annotations)
    assert annotations.get("friday").timex.value == "2024-02-24"
    edit.inverse().apply(annotations)
    assert annotations.get("friday") == friday


# --- end to end on a real article ------------------------------------------------------------------


def test_end_to_end_on_the_first_seed_article(tmp_path: Path) -> None:
    root = tmp_path / "seed-project"
    with FolderProject.create(root, name="Seeds", annotator="me") as project:
        report = import_into(project, FIRST_SEED)
        assert len(report.imported) == 1
        document = project.load_document(report.imported[0].document.id)
        text = document.text
        dct = datetime.date(2024, 2, 23)
        assert document.metadata.date == dct

        registry = ActorRegistry(project.settings.actors)
        add = new_actor(registry, "Nikol Pashinyan", ActorType.PERSON)
        add.apply(registry)
        assert registry.suggest("Pashinin")[0][0].id == add.actor.id  # the caption's spelling
        project.save_registry(registry.all())

        annotations, fingerprint = load_set(project, document.id)
        quote = "In practice, we have frozen our participation in this organization"
        claim_start = text.index(quote)
        speaker_phrase = "Armenian Prime Minister Nikol Pashinyan"
        speaker_start = text.index(speaker_phrase, claim_start)
        mention_start = speaker_start + speaker_phrase.index("Pashinyan")
        mention = annotations.make_span(mention_start, mention_start + len("Pashinyan"), "actor")
        AddSpan(span=mention).apply(annotations)
        update_span(mention, actor_id=add.actor.id).apply(annotations)

        friday_start = text.index("Friday")
        found = normalise_span(text, friday_start, friday_start + len("Friday"), dct=dct)
        assert found is not None
        timex = TimexValue(type=found.type, value=found.value, mod=found.mod)
        assert timex == TimexValue(type="DATE", value="2024-02-23")
        date_span = annotations.make_span(friday_start, friday_start + len("Friday"), "date")
        AddSpan(span=date_span).apply(annotations)
        update_span(date_span, timex=timex).apply(annotations)

        claim_span = annotations.make_span(claim_start, claim_start + len(quote), "claim")
        AddSpan(span=claim_span).apply(annotations)
        attributes = ClaimAttributes(
            claimant=ActorRef(span_id=mention.id), date_span_id=date_span.id, stance=Stance.OPPOSES, topic="CSTO", form=ClaimForm.DIRECT_QUOTE
        )
        update_span(claim_span, claim=attributes).apply(annotations)

        assert check_spans(annotations.spans(), project.scheme, registry) == []
        expected = annotations.spans()
        save_set(project, annotations, fingerprint)
        saved_bytes = project.annotation_path(document.id).read_bytes()

    with FolderProject.open(root, annotator="me") as project:
        assert project.settings.actors == registry.all()
        again = ActorRegistry(project.settings.actors)
        document = project.load_document(document.id)
        loaded = project.load_annotations(document)
        spans = {span.id: span for span in loaded.annotation_file.spans}
        assert list(spans.values()) == expected
        claim = spans[claim_span.id]
        assert claim.text == quote
        assert claim.claim == attributes
        claimant = spans[claim.claim.claimant.span_id]
        assert claimant.text == "Pashinyan"
        assert again.resolve(claimant.actor_id).name == "Nikol Pashinyan"
        assert again.get(claimant.actor_id).type is ActorType.PERSON
        date = spans[claim.claim.date_span_id]
        assert date.text == "Friday" and date.timex.value == "2024-02-23" and date.timex.type == "DATE"
        assert project.annotation_path(document.id).read_bytes() == saved_bytes
