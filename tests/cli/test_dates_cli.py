"""``annotator dates``: JSON lines of date expressions per article file."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import dates_command

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_d40578fe3dc4c4eb.txt"


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="annotator")
    dates_command.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return int(args.handler(args))


def _lines(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines()]


def test_dct_from_the_articles_date_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["dates", str(SEED)]) == 0
    [record] = _lines(capsys.readouterr().out)
    assert record["file"] == str(SEED)
    assert record["dct"] == "2024-02-23"
    dates = record["dates"]
    assert isinstance(dates, list)
    assert dates[0] == {"start": 74, "end": 91, "text": "February 23, 2024", "type": "DATE", "value": "2024-02-23", "mod": None}
    assert {"text": "the end of last year", "type": "DATE", "value": "2023", "mod": "END"}.items() <= next(d for d in dates if d["mod"] == "END").items()


def test_dct_option_overrides_and_offsets_keep_crlf_and_skip_bom(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.txt"
    text = "Talks\r\n\r\nThe minister said on Friday that talks resume next week.\r\n"
    article.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert _run(["dates", str(article), "--dct", "2024-02-23"]) == 0
    [record] = _lines(capsys.readouterr().out)
    assert record["dct"] == "2024-02-23"
    spans = [(d["start"], d["end"], d["value"]) for d in record["dates"]]  # type: ignore[union-attr]
    friday, week = text.index("Friday"), text.index("next week")
    assert spans == [(friday, friday + 6, "2024-02-23"), (week, week + 9, "2024-W09")]


def test_no_date_line_means_null_dct_and_x_values(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "undated.txt"
    article.write_text("They met in September.", encoding="utf-8")
    assert _run(["dates", str(article)]) == 0
    [record] = _lines(capsys.readouterr().out)
    assert record["dct"] is None
    assert record["dates"] == [{"start": 12, "end": 21, "text": "September", "type": "DATE", "value": "XXXX-09", "mod": None}]


def test_unreadable_file_is_reported_and_others_still_printed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "missing.txt"
    binary = tmp_path / "latin1.txt"
    binary.write_bytes("Caf\xe9 on Friday".encode("latin-1"))
    assert _run(["dates", str(missing), str(binary), str(SEED)]) == 1
    captured = capsys.readouterr()
    assert [record["file"] for record in _lines(captured.out)] == [str(SEED)]
    assert str(missing) in captured.err and str(binary) in captured.err
    assert "UTF-8" in captured.err


def test_bad_dct_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        _run(["dates", str(SEED), "--dct", "2024-13-01"])
    assert exit_info.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_python_dash_m_annotator_dates(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Officials said on Monday that the vote would be held in September.", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "dates", str(article), str(tmp_path / "gone.txt"), "--dct", "2023-05-22"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    if "invalid choice: 'dates'" in result.stderr:
        pytest.skip("the dates command is not wired into annotator.cli yet")
    assert result.returncode == 1, result.stderr
    [record] = _lines(result.stdout)
    assert [(d["text"], d["value"]) for d in record["dates"]] == [("Monday", "2023-05-22"), ("September", "2023-09")]  # type: ignore[union-attr]
    assert "gone.txt" in result.stderr
