"""A version 2 annotation file with links and date values round-trips byte for byte."""

from __future__ import annotations

import json

from annotator.core.edits import AddSpan
from annotator.core.model import AnnotationFile
from annotator.core.storage import FolderProject
from tests.core.schema_v2.helpers import full_v2_spans, load_set, reopen, save_set, with_registry


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
