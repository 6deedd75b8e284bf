"""``annotator formats``, ``annotator export`` and ``annotator import --format``."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from annotator import launcher
from annotator.core.formats import formats
from tests.conftest import SEEDS
from tests.core.formats._support import canonical, reopen, sample_project

Capsys = pytest.CaptureFixture[str]


def run(capsys: Capsys, *argv: str) -> tuple[int, str, str]:
    code = launcher.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_formats_lists_the_registry(capsys: Capsys) -> None:
    code, out, _ = run(capsys, "formats")
    assert code == 0
    for spec in formats():
        assert spec.name in out and spec.directions in out


def test_export_says_what_it_drops_then_import_round_trips(tmp_path: Path, capsys: Capsys) -> None:
    sample_project(tmp_path / "p").close()
    code, out, err = run(capsys, "export", str(tmp_path / "p"), "--format", "brat", str(tmp_path / "out"), "--annotator", "maria")
    assert code == 0, err
    assert "brat drops: span ids" in err and "exported 1 document(s), 9 span(s)" in out
    code, out, err = run(capsys, "import", str(tmp_path / "out"), "--project", str(tmp_path / "q"), "--format", "brat", "--annotator", "maria")
    assert code == 0, err
    assert "imported 9 span(s) into 1 document(s)" in out
    assert canonical(reopen(tmp_path / "q")) == canonical(reopen(tmp_path / "p"))


def test_import_into_annotated_documents_needs_merge_or_replace(tmp_path: Path, capsys: Capsys) -> None:
    sample_project(tmp_path / "p").close()
    run(capsys, "export", str(tmp_path / "p"), "--format", "brat", str(tmp_path / "out"), "--annotator", "maria")
    before = (tmp_path / "p" / "annotations" / "maria" / "doc1.json").read_bytes()
    code, _, err = run(capsys, "import", str(tmp_path / "out"), "--project", str(tmp_path / "p"), "--format", "brat", "--annotator", "maria")
    assert code == 1 and "add --merge or --replace" in err
    assert (tmp_path / "p" / "annotations" / "maria" / "doc1.json").read_bytes() == before
    code, out, err = run(capsys, "import", str(tmp_path / "out"), "--project", str(tmp_path / "p"), "--format", "brat", "--annotator", "maria", "--merge")
    assert code == 0, err
    assert "imported 0 span(s)" in out  # every span was already there: nothing doubled
    code, out, err = run(capsys, "import", str(tmp_path / "out"), "--project", str(tmp_path / "p"), "--format", "brat", "--annotator", "maria", "--replace")
    assert code == 0 and "imported 9 span(s)" in out


def test_a_bad_ann_is_named_with_its_line_and_nothing_is_written(tmp_path: Path, capsys: Capsys) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "x.txt").write_text("Pashinyan spoke today.\n", "utf-8")
    (tmp_path / "in" / "x.ann").write_text("T1\tActor 0 9\tPashinyan\nT2\tActor 5 900\tx\n", "utf-8")
    code, out, err = run(capsys, "import", str(tmp_path / "in"), "--project", str(tmp_path / "q"), "--format", "brat")
    assert code == 1
    assert "x.ann, line 2: T2: offsets 5 900 are outside the text" in err and "Traceback" not in err
    assert not list((tmp_path / "q").glob("documents/*.json"))


def test_article_import_without_format_still_works(tmp_path: Path, capsys: Capsys) -> None:
    code, out, err = run(capsys, "import", str(SEEDS), "--project", str(tmp_path / "p"))
    assert code == 0, err
    assert "imported" in out


def test_csv_export_from_the_command_line(tmp_path: Path, capsys: Capsys) -> None:
    sample_project(tmp_path / "p").close()
    code, _, err = run(capsys, "export", str(tmp_path / "p"), "--format", "dna-csv", str(tmp_path / "c.csv"), "--annotator", "maria", "--documents", "doc1")
    assert code == 0, err
    with (tmp_path / "c.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 3
    code, _, err = run(capsys, "export", str(tmp_path / "p"), "--format", "dna-csv", str(tmp_path / "d.csv"), "--documents", "nope")
    assert code == 1 and "no document 'nope'" in err and not (tmp_path / "d.csv").exists()
