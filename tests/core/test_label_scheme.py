from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.model import LabelDefinition, LabelKind, LabelScheme
from annotator.core.storage import FolderProject, ProjectError


def test_labels_can_be_added_and_recoloured_but_not_removed_or_rekinded(tmp_path: Path) -> None:
    with FolderProject.create(tmp_path / "p", annotator="me") as project:
        default = project.scheme
        recoloured = LabelScheme(
            labels=(
                *(label.model_copy(update={"colour": "#000000"}) if label.name == "actor" else label for label in default.labels),
                LabelDefinition(name="location", colour="#8c564b", hotkey="4", kind=LabelKind.OTHER),
            )
        )
        project.update_label_scheme(recoloured)
        with pytest.raises(ProjectError, match="cannot be removed or renamed: claim"):
            project.update_label_scheme(LabelScheme(labels=tuple(label for label in recoloured.labels if label.name != "claim")))
        rekinded = LabelScheme(
            labels=tuple(label.model_copy(update={"kind": LabelKind.OTHER}) if label.name == "date" else label for label in recoloured.labels)
        )
        with pytest.raises(ProjectError, match="kind of label 'date'"):
            project.update_label_scheme(rekinded)
    with FolderProject.open(tmp_path / "p", annotator="me") as reopened:
        assert reopened.scheme.names() == ["actor", "claim", "date", "location"]
        assert reopened.scheme.get("actor").colour == "#000000"
