"""``annotator migrate`` folder -> database -> folder is lossless; ``validate`` and ``info`` work on a URL."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg

from annotator.core.model import Actor, ActorRef, ActorType, ClaimAttributes, DocumentStatus, Span, TimexValue
from annotator.core.storage import Fingerprint, create_project, open_project
from tests.faults._support import assert_no_traceback, run_cli, seed_documents, tree_digest
from tests.postgres._support import annotated


def make_folder_project(root: Path) -> None:
    """Both seed articles; alice annotated both (actor link, claim with claimant and date, TIMEX), bob one."""
    first, second = seed_documents()
    with create_project(root, "Armenia and the CSTO", annotator="alice") as project:
        project.add_documents([first, second])
        project.save_registry([Actor(id="a1", name="Nikol Pashinyan", type=ActorType.PERSON, aliases=("Pashinin",))])
        base = annotated(first, "alice", 6, DocumentStatus.DONE)
        spans = list(base.spans)
        spans[0] = spans[0].model_copy(update={"actor_id": "a1"})
        spans[1] = spans[1].model_copy(update={"label": "date", "timex": TimexValue(type="DATE", value="2024-02-23")})
        start = first.text.index("In practice")
        end = start + len("In practice, we have frozen our participation in this organization")
        claim = ClaimAttributes(claimant=ActorRef(span_id=spans[0].id), date_span_id=spans[1].id, topic="CSTO membership", note="ünïcødé ✓")
        spans.append(Span(id="c1", start=start, end=end, label="claim", text=first.text[start:end], claim=claim))
        project.save_annotations(base.model_copy(update={"spans": tuple(spans)}), Fingerprint(None))
        project.save_annotations(annotated(second, "alice", 40), Fingerprint(None))
    with open_project(root, annotator="bob") as bob:  # the folder lets one writer in at a time
        bob.save_annotations(annotated(first, "bob", 3), Fingerprint(None))


def test_folder_to_database_to_folder_is_byte_identical(tmp_path: Path, pg_url: str) -> None:
    source, back = tmp_path / "source", tmp_path / "back"
    make_folder_project(source)

    there = run_cli("migrate", str(source), pg_url)
    assert there.returncode == 0, there.stdout + there.stderr
    assert "copied 2 documents and 3 annotation sets of 2 annotators" in there.stdout

    validated = run_cli("validate", pg_url)
    assert validated.returncode == 0 and "5 checked, 0 with problems" in validated.stdout, validated.stdout + validated.stderr
    info = run_cli("info", pg_url, "--annotator", "alice")
    assert [json.loads(line)["status"] for line in info.stdout.splitlines()] == ["done", "in progress"]

    home = run_cli("migrate", pg_url, str(back))
    assert home.returncode == 0, home.stdout + home.stderr
    original, copied = tree_digest(source), tree_digest(back)
    assert [name for name in original if name.startswith("annotations/")] == [
        "annotations/alice/_status.json",
        "annotations/alice/first.json",
        "annotations/alice/second.json",
        "annotations/bob/_status.json",
        "annotations/bob/first.json",
    ]
    assert copied == original  # every file, byte for byte: settings, catalog, documents, annotations, statuses


def test_migrate_never_writes_into_an_existing_project(tmp_path: Path, pg_url: str) -> None:
    make_folder_project(tmp_path / "source")
    assert run_cli("migrate", str(tmp_path / "source"), pg_url).returncode == 0
    again = run_cli("migrate", str(tmp_path / "source"), pg_url)
    assert again.returncode == 1 and "already holds a project" in again.stderr
    into_folder = run_cli("migrate", pg_url, str(tmp_path / "source"))
    assert into_folder.returncode == 1 and "already holds a project" in into_folder.stderr
    assert_no_traceback(again)


def test_a_bad_row_is_named_by_validate_and_migrate_and_the_rest_is_copied(tmp_path: Path, pg_url: str) -> None:
    make_folder_project(tmp_path / "source")
    assert run_cli("migrate", str(tmp_path / "source"), pg_url).returncode == 0
    with psycopg.connect(pg_url, autocommit=True) as connection:
        connection.execute("UPDATE annotator_annotations SET body = '{\"schema_version\": 2' WHERE annotator = 'bob'")
    validated = run_cli("validate", pg_url)
    assert validated.returncode == 1
    assert "bob/annotation row ('first', 'bob'): not valid JSON" in validated.stdout and "1 with problems" in validated.stdout
    moved = run_cli("migrate", pg_url, str(tmp_path / "back"))
    assert moved.returncode == 1 and "not copied: bob/annotation row ('first', 'bob')" in moved.stderr
    assert "copied 2 documents and 2 annotation sets of 2 annotators" in moved.stdout
    assert (tmp_path / "back" / "annotations" / "alice" / "first.json").read_bytes() == (
        tmp_path / "source" / "annotations" / "alice" / "first.json"
    ).read_bytes()
    for result in (validated, moved):
        assert_no_traceback(result)
    with psycopg.connect(pg_url, autocommit=True) as connection:  # the bad row is left as it was
        assert connection.execute("SELECT body FROM annotator_annotations WHERE annotator = 'bob'").fetchone() == ('{"schema_version": 2',)


def test_import_into_a_database_project(tmp_path: Path, pg_url: str) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "one.txt").write_text("A headline\n\nSome body text here.\n", encoding="utf-8")
    imported = run_cli("import", str(articles), "--project", pg_url)
    assert imported.returncode == 0 and "1 imported" in imported.stdout, imported.stdout + imported.stderr
    again = run_cli("import", str(articles), "--project", pg_url)
    assert again.returncode == 0 and "0 imported" in again.stdout
