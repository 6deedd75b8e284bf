"""The status cache opened in its grouped form: the same status for every document as the dict it used to make."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.model import DocumentStatus
from annotator.core.storage.folder_statuses import SEARCHED_LOOKUPS, STATUS_FILE, FolderStatuses, _Groups, dump_statuses

_IDS = st.lists(st.from_regex(r"[a-e][0-9]{0,2}", fullmatch=True), max_size=12)
_TEXTS = [status.value for status in DocumentStatus]


def _opened(folder: Path, content: dict[str, list[str]], listed: set[str]) -> tuple[FolderStatuses, list[str]]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / STATUS_FILE).write_text(json.dumps(content))
    warnings: list[str] = []
    statuses = FolderStatuses(folder, lambda path: path, lambda: listed, lambda: True, warnings.append)
    statuses.load()
    return statuses, warnings


def _as_before(content: dict[str, list[str]], listed: set[str]) -> dict[str, DocumentStatus]:
    """What the per-document dict answered: a later group wins, an unlisted document is new."""
    made: dict[str, str] = {}
    for text, ids in content.items():
        made.update(dict.fromkeys(ids, text))
    return {doc_id: DocumentStatus(text) for doc_id, text in made.items() if doc_id in listed}


@settings(max_examples=80, deadline=None)
@given(st.dictionaries(st.sampled_from(_TEXTS), _IDS, min_size=1), st.booleans(), st.sets(st.from_regex(r"[a-f][0-9]{0,2}", fullmatch=True), max_size=20))
def test_every_status_is_the_one_the_dict_gave(content: dict[str, list[str]], in_order: bool, extra: set[str]) -> None:
    if in_order:  # as this program writes it; else as another tool might (then the dict is made at once)
        content = {text: sorted(ids) for text, ids in content.items()}
    listed = {doc_id for ids in content.values() for doc_id in ids[::2]} | extra
    with tempfile.TemporaryDirectory() as folder:
        statuses, warnings = _opened(Path(folder), content, listed)
        assert not warnings
        grouped = isinstance(statuses._statuses, _Groups)
        assert grouped == (in_order or all(ids == sorted(ids) for ids in content.values()))
        expected = _as_before(content, listed)
        asked = sorted(listed | {doc_id for ids in content.values() for doc_id in ids} | {"zz", ""})
        assert {doc_id: statuses.status(doc_id) for doc_id in asked} == {doc_id: expected.get(doc_id, DocumentStatus.NEW) for doc_id in asked}


def test_opening_makes_no_dict_until_lookups_become_many(tmp_path: Path) -> None:
    ids = [f"d{number:05d}" for number in range(3000)]
    content = {"done": ids[:1000], "in progress": ids[1000:]}
    statuses, _warnings = _opened(tmp_path, json.loads(dump_statuses(dict.fromkeys(ids[1000:], "in progress") | dict.fromkeys(ids[:1000], "done"))), set(ids))
    assert isinstance(statuses._statuses, _Groups)  # opened without a key per document
    answers = [statuses.status(doc_id) for doc_id in ids[: SEARCHED_LOOKUPS - 1]]
    assert isinstance(statuses._statuses, _Groups)
    answers += [statuses.status(doc_id) for doc_id in ids[SEARCHED_LOOKUPS - 1 :]]  # the filter asking for every document
    assert isinstance(statuses._statuses, dict) and len(statuses._statuses) == len(ids)
    assert answers == [DocumentStatus.DONE] * 1000 + [DocumentStatus.IN_PROGRESS] * 2000
    assert content == json.loads((tmp_path / STATUS_FILE).read_text())


def test_a_status_recorded_on_the_groups_is_written_with_the_others(tmp_path: Path) -> None:
    statuses, _warnings = _opened(tmp_path, {"done": ["a", "c"], "in progress": ["b"]}, {"a", "b", "c", "d"})
    assert isinstance(statuses._statuses, _Groups)
    statuses.record("d", DocumentStatus.DONE)
    statuses.record("b", DocumentStatus.DONE)
    assert json.loads((tmp_path / STATUS_FILE).read_text()) == {"done": ["a", "b", "c", "d"]}
    assert [statuses.status(doc_id) for doc_id in "abcde"] == [DocumentStatus.DONE] * 4 + [DocumentStatus.NEW]
