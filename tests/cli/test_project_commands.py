"""The command line: schema, import, validate, info, and the GUI entry without a display."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from annotator import cli, launcher
from annotator.core.annotations import AnnotationSet
from annotator.core.model import AnnotationFile, Document, ProjectSettings
from annotator.core.storage import Fingerprint, FolderProject
from tests.conftest import FIRST_SEED, REPO, SECOND_SEED, SEEDS

Capsys = pytest.CaptureFixture[str]


def run(capsys: Capsys, *argv: str) -> tuple[int, str, str]:
    code = launcher.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}}
    env.update(extra)
    return env


@pytest.fixture
def imported(tmp_path: Path, capsys: Capsys) -> Path:
    root = tmp_path / "proj"
    code, _, err = run(capsys, "import", str(SEEDS), "--project", str(root))
    assert code == 0, err
    return root


def annotate_first(root: Path, annotator: str = "me") -> Path:
    with FolderProject.open(root, annotator=annotator) as project:
        entry = project.documents()[0]
        document = project.load_document(entry.id)
        annotations = AnnotationSet(document)
        start = document.text.index("Armenia")
        annotations.add(annotations.make_span(start, start + 7, "actor"))
        project.save_annotations(annotations.snapshot(annotator), Fingerprint(None))
        return project.annotation_path(entry.id)


# --- schema ----------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "model"), [("annotations", AnnotationFile), ("document", Document), ("project", ProjectSettings)])
def test_schema_prints_json_schema(capsys: Capsys, kind: str, model: type) -> None:
    code, out, err = run(capsys, "schema", kind)
    assert code == 0 and err == ""
    schema = json.loads(out)
    assert "properties" in schema and schema["type"] == "object"
    assert set(schema["properties"]) == set(model.model_fields)
    assert schema == model.model_json_schema()


def test_schema_defaults_to_annotations(capsys: Capsys) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0 and "spans" in json.loads(out)["properties"]


def test_schema_rejects_an_unknown_kind(capsys: Capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        launcher.main(["schema", "nonsense"])
    assert caught.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


# --- import ----------------------------------------------------------------------------


def test_import_the_seeds(tmp_path: Path, capsys: Capsys) -> None:
    root = tmp_path / "proj"
    code, out, err = run(capsys, "import", str(SEEDS), "--project", str(root))
    assert code == 0 and err == ""
    assert f"imported {FIRST_SEED.name} as" in out and f"imported {SECOND_SEED.name} as" in out
    assert out.strip().endswith("2 imported, 0 skipped")
    with FolderProject.open(root, annotator="me") as project:
        assert sorted(e.source_file for e in project.documents()) == sorted([FIRST_SEED.name, SECOND_SEED.name])  # type: ignore[type-var]
    # Again: nothing new.
    code, out, _ = run(capsys, "import", str(SEEDS), "--project", str(root))
    assert code == 0 and out.strip() == "0 imported, 0 skipped"


def test_import_reports_bad_files_and_keeps_the_good_ones(tmp_path: Path, capsys: Capsys) -> None:
    source = tmp_path / "src"
    source.mkdir()
    shutil.copy(FIRST_SEED, source / "good.txt")
    (source / "empty.txt").write_bytes(b"")
    (source / "page.html").write_bytes(b"<p>Hi</p>")
    root = tmp_path / "proj"
    code, out, err = run(capsys, "import", str(source), "--project", str(root))
    assert code == 1
    assert "skipped empty.txt: the file is empty" in err
    assert "skipped page.html: HTML files are not imported" in err
    assert "imported good.txt as good" in out and "1 imported, 2 skipped" in out
    with FolderProject.open(root, annotator="me") as project:
        assert [e.source_file for e in project.documents()] == ["good.txt"]


def test_import_of_a_missing_source_fails_cleanly(tmp_path: Path, capsys: Capsys) -> None:
    code, out, err = run(capsys, "import", str(tmp_path / "nowhere"), "--project", str(tmp_path / "proj"))
    assert code == 1 and "nowhere: no such file or folder" in err and "Traceback" not in err


def test_import_into_a_busy_project_is_refused(imported: Path, capsys: Capsys) -> None:
    with FolderProject.open(imported, annotator="me"):
        code, _, err = run(capsys, "import", str(SEEDS), "--project", str(imported))
    assert code == 1 and "open in another window" in err


# --- validate ---------------------------------------------------------------------------


def test_validate_a_good_project(imported: Path, capsys: Capsys) -> None:
    annotate_first(imported, "me")
    annotate_first(imported, "you")
    code, out, err = run(capsys, "validate", str(imported))
    assert code == 0, out + err
    assert out.strip() == "4 checked, 0 with problems"  # two documents, two annotation files
    code, out, _ = run(capsys, "validate", str(imported), "--annotator", "you")
    assert code == 0 and out.strip() == "3 checked, 0 with problems"


def test_validate_names_the_tampered_file_and_the_problem(imported: Path, capsys: Capsys) -> None:
    path = annotate_first(imported, "me")
    data = json.loads(path.read_text())
    data["spans"][0]["text"] = "Armenio"
    path.write_text(json.dumps(data))
    before = path.read_bytes()
    code, out, _ = run(capsys, "validate", str(imported))
    assert code == 1
    assert f"me/{path.name}: span s1" in out and "says 'Armenio' but the text there is 'Armenia'" in out
    assert out.strip().endswith("3 checked, 1 with problems")
    assert path.read_bytes() == before


def test_validate_reports_a_broken_file(imported: Path, capsys: Capsys) -> None:
    path = annotate_first(imported, "me")
    path.write_bytes(b'{"schema_version": 99}')
    code, out, _ = run(capsys, "validate", str(imported))
    assert code == 1 and f"me/{path.name}: schema_version 99 is newer" in out


def test_validate_works_while_the_project_is_open(imported: Path, capsys: Capsys) -> None:
    with FolderProject.open(imported, annotator="me"):
        code, _, _ = run(capsys, "validate", str(imported))
    assert code == 0


def test_validate_a_missing_project(tmp_path: Path, capsys: Capsys) -> None:
    code, _, err = run(capsys, "validate", str(tmp_path))
    assert code == 1 and "is not an annotator project" in err


def test_validate_reports_a_broken_document_even_without_annotations(imported: Path, capsys: Capsys) -> None:
    path = next((imported / "documents").glob("*.json"))
    document = json.loads(path.read_text())
    document["text"] = document["text"].replace("Armenia", "Armenía", 1)
    path.write_text(json.dumps(document))
    code, out, _ = run(capsys, "validate", str(imported))
    assert code == 1
    assert f"documents/{path.name}: " in out and "text_sha256 does not match" in out
    assert out.strip().endswith("2 checked, 1 with problems")


def test_validate_reports_an_unusable_annotator_folder(imported: Path, capsys: Capsys) -> None:
    (imported / "annotations" / "bad name").mkdir(parents=True)
    (imported / "annotations" / "bad name" / "doc.json").write_text("{}")
    code, out, err = run(capsys, "validate", str(imported))
    assert code == 1 and "bad name: annotator name 'bad name'" in out and "Traceback" not in err


# --- info ---------------------------------------------------------------------------------


def test_info_prints_one_json_object_per_document(imported: Path, capsys: Capsys) -> None:
    annotate_first(imported, "me")
    code, out, _ = run(capsys, "info", str(imported), "--annotator", "me")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 2
    assert rows[0]["title"] == "Armenia Says 'Froze' Participation in Russia-Led Security Bloc"
    assert rows[0]["date"] == "2024-02-23"
    assert [row["status"] for row in rows] == ["in progress", "new"]
    assert set(rows[0]) >= {"id", "title", "date", "status"}


def test_info_of_a_missing_project(tmp_path: Path, capsys: Capsys) -> None:
    code, _, err = run(capsys, "info", str(tmp_path / "x"))
    assert code == 1 and "not an annotator project" in err


# --- entry points -------------------------------------------------------------------------


def test_cli_main_without_a_command_prints_help(capsys: Capsys) -> None:
    assert cli.main([]) == 2
    assert "schema" in capsys.readouterr().out


def test_help_lists_the_commands(capsys: Capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        launcher.main(["--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert all(name in out for name in ("schema", "import", "validate", "info"))


def test_too_many_paths_for_the_window(capsys: Capsys) -> None:
    code, _, err = run(capsys, "a", "b")
    assert code == 2 and "usage" in err


def test_subprocess_schema_and_import(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "schema", "document"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env=clean_env(ANNOTATOR_HOME=str(tmp_path / "home")),
    )
    assert result.returncode == 0, result.stderr
    assert "text_sha256" in json.loads(result.stdout)["properties"]

    root = tmp_path / "proj"
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "import", str(SEEDS), "--project", str(root)], capture_output=True, text=True, timeout=60, env=clean_env()
    )
    assert result.returncode == 0, result.stderr
    assert "2 imported, 0 skipped" in result.stdout
    result = subprocess.run([sys.executable, "-m", "annotator", "validate", str(root)], capture_output=True, text=True, timeout=60, env=clean_env())
    assert result.returncode == 0 and "2 checked, 0 with problems" in result.stdout, result.stdout


def test_window_without_a_display_explains_and_exits_2(tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = subprocess.run(
        [sys.executable, "-m", "annotator"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
        env=clean_env(ANNOTATOR_HOME=str(home)),
    )
    assert result.returncode == 2, result.stderr
    assert "needs a graphical display" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert not home.exists()  # nothing was opened or imported
