"""bench/timeml_eval.py on TimeML documents written here (never the shared data): reading, the
TempEval-3 figures, and the message when the data is missing."""

from __future__ import annotations

import datetime
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

import timeml_eval  # noqa: E402

DOCUMENT = """<?xml version="1.0" ?>
<TimeML>
<DOCID>test.1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2024-02-23" functionInDocument="CREATION_TIME">2024-02-23</TIMEX3></DCT>
<TEXT>
The minister <EVENT eid="e1">said</EVENT> <TIMEX3 tid="t1" type="DATE" value="2024-02-23">Friday</TIMEX3> that talks &amp; votes
would follow <TIMEX3 tid="t2" type="DATE" value="2024-W09">next week</TIMEX3>, after <TIMEX3 tid="t3" type="DURATION" value="P2Y">two years</TIMEX3>
of war<TIMEX3 tid="t4" type="DATE" value="PAST_REF" anchorTimeID="t0"/>, and a summit in <TIMEX3 tid="t5" type="DATE" value="2024-06">June</TIMEX3>.
</TEXT>
</TimeML>
"""


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "TBAQ-cleaned" / "TimeBank"
    folder.mkdir(parents=True)
    (folder / "test.1.tml").write_text(DOCUMENT, encoding="utf-8")
    return tmp_path


def test_document_text_has_no_tags_and_gold_offsets_point_into_it(data: Path) -> None:
    [path] = timeml_eval.find_files(data)
    document = timeml_eval.read_document(path)
    assert document.dct == datetime.date(2024, 2, 23)
    assert "<" not in document.text and "talks & votes" in document.text
    assert [(g.text, g.type, g.value) for g in document.gold] == [
        ("Friday", "DATE", "2024-02-23"),
        ("next week", "DATE", "2024-W09"),
        ("two years", "DURATION", "P2Y"),
        ("June", "DATE", "2024-06"),
    ]
    assert all(document.text[g.start : g.end] == g.text for g in document.gold)


class _Mention:
    def __init__(self, start: int, end: int, type: str, value: str) -> None:  # noqa: A002
        self.start, self.end, self.type, self.value, self.text = start, end, type, value, ""


def test_figures_follow_tempeval3(data: Path) -> None:
    document = timeml_eval.read_document(timeml_eval.find_files(data)[0])
    friday, week, years, june = document.gold

    def system(text: str, dct: datetime.date) -> list[_Mention]:
        return [
            _Mention(friday.start, friday.end, "DATE", "2024-02-23"),  # strict, right value
            _Mention(week.start + 5, week.end, "DATE", "2024-W10"),  # relaxed only ("week"), wrong value
            _Mention(years.start, years.end, "DATE", "P2Y"),  # strict, right value, wrong type
            _Mention(0, 3, "DATE", "PRESENT_REF"),  # a false alarm ("The")
        ]  # "June" is missed

    result = timeml_eval.evaluate([document], system)
    assert result["strict"]["precision"] == pytest.approx(2 / 4) and result["strict"]["recall"] == pytest.approx(2 / 4)
    assert result["relaxed"]["precision"] == pytest.approx(3 / 4) and result["relaxed"]["recall"] == pytest.approx(3 / 4)
    assert result["relaxed"]["f1"] == pytest.approx(0.75)
    assert result["value_accuracy"] == pytest.approx(2 / 3)
    assert result["value_f1"] == pytest.approx(0.75 * 2 / 3)
    assert result["type_accuracy"] == pytest.approx(2 / 3)
    errors = result["errors"]
    assert [g.text for _, g in errors["missed"]] == ["June"]
    assert len(errors["false_alarms"]) == 1 and len(errors["extent"]) == 1 and len(errors["value"]) == 1 and len(errors["type"]) == 1


def test_one_system_mention_matches_one_gold_mention() -> None:
    gold = (timeml_eval.Gold(0, 5, "a b c", "DATE", "X", None), timeml_eval.Gold(6, 9, "d e", "DATE", "Y", None))
    pairs, missed, extra = timeml_eval.align(gold, [_Mention(0, 9, "DATE", "X")])
    assert len(pairs) == 1 and len(missed) == 1 and extra == []


def test_script_reports_the_figures_and_writes_json(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "timeml_eval.py"), "--data", str(data), "--json", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "strict" in done.stdout and "value F1" in done.stdout and "ms per document" in done.stdout
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["documents"] == 1 and figures["gold"] == 4
    assert 0 <= figures["value_f1"] <= figures["relaxed"]["f1"] <= 1


def test_script_says_so_when_the_data_is_missing(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "timeml_eval.py"), "--data", str(tmp_path / "nowhere")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "no TimeML data" in done.stderr and str(tmp_path / "nowhere") in done.stderr


def _document(name: str, marked: str, gold: list[tuple[str, str]]) -> timeml_eval.Document:
    """A document from a text whose gold spans are in [brackets], given (type, value) in turn."""
    spans, text, values = [], "", iter(gold)
    for piece in re.split(r"(\[[^\]]*\])", marked):
        if piece.startswith("["):
            kind, value = next(values)
            spans.append(timeml_eval.Gold(len(text), len(text) + len(piece) - 2, piece[1:-1], kind, value, None))
            piece = piece[1:-1]
        text += piece
    return timeml_eval.Document(name, datetime.date(1998, 8, 20), text, tuple(spans))


def test_tag_coverage_counts_the_untagged_uses_of_a_tagged_phrase() -> None:
    import timeml_consistency

    marked = "Now we know. It is [now] over; [right now] it ends. Until [now], snow fell. now? Nowhere."
    documents = [_document("d1", marked, [("DATE", "PRESENT_REF")] * 3)]
    # Four uses of "now": two tagged, one inside the tagged "right now", one untagged ("now?");
    # "Now" (a spelling the gold never tags), "know", "snow" and "Nowhere" are not counted.
    rows = timeml_consistency.tag_coverage(documents, min_uses=1, min_tagged=1)
    assert [(row.phrase, row.uses, row.tagged) for row in rows] == [("now", 4, 3)]
    # A use before the document's first gold TIMEX3 is not covered by a later one.
    early = [_document("d3", "It is now over; [now] it ends, [now] again.", [("DATE", "PRESENT_REF")] * 2)]
    assert [(row.phrase, row.uses, row.tagged) for row in timeml_consistency.tag_coverage(early, min_uses=1, min_tagged=1)] == [("now", 3, 2)]
    fully_tagged = [_document("d2", "It is [now] over.", [("DATE", "PRESENT_REF")])]
    assert timeml_consistency.tag_coverage(fully_tagged, min_uses=1, min_tagged=1) == []


def test_value_conventions_lists_a_phrase_whose_gold_values_take_two_shapes() -> None:
    import timeml_consistency

    documents = [
        _document("wsj_1", "They met [last week]. And [last week]. ", [("DATE", "1989-WXX")] * 2),
        _document("APW_1", "[last week], [Last week], [last week]", [("DATE", "1998-W33"), ("DATE", "1998-W34"), ("DATE", "1998-W33")]),
        _document("APW_2", "[The year] began. [the year]. [the year]. [a year]. [year]", [("DATE", "1998")] * 5),
    ]
    rows = timeml_consistency.value_conventions(documents, timeml_eval.value_shape)
    assert [(row.phrase, row.shapes) for row in rows] == [("last week", (("9999-W99", 3), ("9999-WXX", 2)))]
