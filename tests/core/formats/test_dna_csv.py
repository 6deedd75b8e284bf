"""The DNA-shaped statement table, read back by the csv module (one row per claim) and by networkx."""

from __future__ import annotations

import csv
from pathlib import Path

from annotator.core.formats import export_items, get_format

from ._support import sample_project


def test_one_row_per_claim_with_canonical_claimants(tmp_path: Path) -> None:
    store = sample_project(tmp_path / "p")
    items, _ = export_items(store)
    report = get_format("dna-csv").exporter(items, store.settings, tmp_path / "claims.csv", None)
    assert report.spans == 3
    with (tmp_path / "claims.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 3
    first = next(row for row in rows if row["claim_id"] == "s3")
    assert first["claimant"] == "Nikol Pashinyan" and first["claimant_type"] == "person" and first["claimant_id"] == "a1"
    assert first["target"] == "Russia" and first["claim_date"] == "2024-02-23" and first["claim_date_text"] == "Friday"
    assert first["stance"] == "opposes" and first["agreement"] == "0" and first["form"] == "indirect speech"
    assert first["claim_text"] == "Armenia had frozen its participation in the CSTO 👩‍👩‍👧"
    document = store.load_document("doc1")
    assert document.text[int(first["start"]) : int(first["end"])] == first["claim_text"]
    # The Kremlin was merged into Russia: its claim is Russia's.
    kremlin = next(row for row in rows if row["claim_id"] == "s5")
    assert (kremlin["claimant"], kremlin["claimant_text"], kremlin["agreement"]) == ("Russia", "The Kremlin", "1")


def test_a_claim_not_coded_yet_is_a_row_too(tmp_path: Path) -> None:
    from annotator.core.model import Span

    from ._support import TEXT, make_project

    start = TEXT.index("called it final")
    store = make_project(tmp_path / "p", {"d": (TEXT, [Span(id="s1", start=start, end=start + 15, label="claim", text="called it final")])})
    items, _ = export_items(store)
    get_format("dna-csv").exporter(items, store.settings, tmp_path / "c.csv", None)
    with (tmp_path / "c.csv").open(encoding="utf-8-sig", newline="") as handle:
        [row] = list(csv.DictReader(handle))
    assert (row["claim_text"], row["claimant"], row["stance"], row["start"]) == ("called it final", "", "", str(start))
