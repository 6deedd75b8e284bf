"""The catalog's fast read: one parse, every id checked in one call, the careful way for the rest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.model import is_safe_identifier
from annotator.core.storage.base import FileProblem
from annotator.core.storage.folder_catalog import all_safe_ids, parse_catalog


def _data(*ids: str, version: object = 2) -> bytes:
    return json.dumps({"schema_version": version, "documents": [{"id": i, "title": f"T {i}", "date": "2024-02-23"} for i in ids]}).encode()


def test_a_catalog_of_safe_ids_is_read_in_one_pass_and_vouched_for(tmp_path: Path) -> None:
    catalog, checked = parse_catalog(tmp_path / "catalog.json", _data("a", "b-1", "c.v2"))
    assert checked and [entry.id for entry in catalog.documents] == ["a", "b-1", "c.v2"]
    assert str(catalog.documents[0].date) == "2024-02-23"


@pytest.mark.parametrize("unsafe", ["../x", "CON", "a..b", "é"])
def test_an_unsafe_id_leaves_the_ids_to_be_checked_one_by_one(tmp_path: Path, unsafe: str) -> None:
    catalog, checked = parse_catalog(tmp_path / "catalog.json", _data("a", unsafe))
    assert not checked and [entry.id for entry in catalog.documents] == ["a", unsafe]


def test_what_the_fast_pass_refuses_goes_the_careful_way(tmp_path: Path) -> None:
    with pytest.raises(FileProblem, match="schema_version"):
        parse_catalog(tmp_path / "catalog.json", _data("a", version=True))


def test_all_safe_ids_never_vouches_for_an_id_the_one_by_one_check_refuses() -> None:
    assert all_safe_ids([]) and all_safe_ids(["a", "s1", "doc-1.v2"])
    for ids in (["a", "../x"], ["CON"], ["a b"]):
        assert not all_safe_ids(ids) and not all(map(is_safe_identifier, ids))
    # Python's "$" lets one trailing newline through is_safe_identifier; the Rust check does not,
    # so such a catalog is checked one by one, as before.
    assert is_safe_identifier("a\n") and not all_safe_ids(["a\n"])
