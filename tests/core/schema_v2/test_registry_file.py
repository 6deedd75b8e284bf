"""The actor registry in the project file, and the schema command that documents the format."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from annotator.cli import main
from annotator.core.actors import ActorRegistry, merge, new_actor
from annotator.core.model import Actor, ActorType
from annotator.core.storage import PROJECT_FILE, FolderProject, ProjectError
from tests.core.schema_v2.helpers import reopen, with_registry


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
