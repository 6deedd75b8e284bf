"""The peers' benchmark documents (A, B, C in ``../shared/bench-docs``) as annotator projects.

Each ``X.txt`` + ``X.ann`` (brat standoff) is written into a project folder with
the documented JSON (README, "Project folder and JSON format"), by hand and with
the standard library, the way any other tool would write it: the bench does
not use annotator's importers, so it measures what a user converting their own
brat data would open. Only the project file itself comes from ``create_project``
(the label scheme's defaults). No Qt here.

The documents are development data that the project does not ship: they are
read from ``../shared/bench-docs`` (or ``$ANNOTATOR_BENCH_DOCS``), and a missing
folder is reported, never guessed.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

ANNOTATOR = "bench"
BENCH_DOCS = Path(os.environ.get("ANNOTATOR_BENCH_DOCS", Path(__file__).resolve().parents[1].parent / "shared" / "bench-docs"))
PEER_DOCS = ("A", "B", "C")

# ../shared/bench-docs/README.md: navigation start to every span drawn, median of 3, seconds.
PEER_FIGURES: dict[str, dict[str, str]] = {
    "A": {"brat": "1.97 s", "doccano": "2.02 s", "Label Studio": "4.54 s"},
    "B": {"brat": "4.76 s", "doccano": "2.45 s", "Label Studio": "16.09 s"},
    "C": {"brat": "4.13 s", "doccano": "2.68 s", "Label Studio": "37.76 s"},
}
PEER_MEMORY = "brat 460-722 MiB, doccano 501-549 MiB, Label Studio 585-1,438 MiB (peak browser memory)"
PEER_EDIT = "brat 2.48 s from the dialog's OK to redrawn (one span added in B)"


class BenchDocsMissing(RuntimeError):
    """The shared folder of peer documents is not beside this checkout."""


@dataclass(frozen=True)
class BratSpan:
    id: str
    label: str
    start: int
    end: int
    text: str


def read_brat(txt: Path, ann: Path) -> tuple[str, list[BratSpan]]:
    """The text and its text-bound annotations (``T`` lines); discontinuous spans keep their outer range.

    Raises ValueError naming the file and line when an annotation does not fit the text.
    """
    text = txt.read_text(encoding="utf-8")
    spans: list[BratSpan] = []
    for number, line in enumerate(ann.read_text(encoding="utf-8").splitlines(), 1):
        if not line.startswith("T"):
            continue
        try:
            ident, middle, covered = line.split("\t", 2)
            label, ranges = middle.split(" ", 1)
            pieces = [tuple(int(x) for x in piece.split()) for piece in ranges.split(";")]
            start, end = pieces[0][0], pieces[-1][1]
        except ValueError as error:
            raise ValueError(f"{ann.name}:{number}: not a brat text-bound line ({error})") from None
        if not 0 <= start < end <= len(text):
            raise ValueError(f"{ann.name}:{number}: offsets {start}-{end} outside the text of {len(text)} characters")
        if len(pieces) == 1 and text[start:end] != covered:
            raise ValueError(f"{ann.name}:{number}: the text at {start}-{end} is not {covered!r}")
        spans.append(BratSpan(ident, label, start, end, text[start:end]))
    return text, spans


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def write_project(root: Path, documents: dict[str, tuple[str, list[BratSpan]]], *, title_prefix: str = "Peer document") -> list[str]:
    """A project holding ``documents`` (id -> text and spans), in the documented JSON. Returns the ids."""
    from annotator.core.storage import create_project

    create_project(root, name=root.name, annotator=ANNOTATOR).close()
    (root / "documents").mkdir(exist_ok=True)
    annotation_dir = root / "annotations" / ANNOTATOR
    annotation_dir.mkdir(parents=True, exist_ok=True)
    catalog = []
    for doc_id, (text, spans) in documents.items():
        digest = _sha256(text)
        headline = f"{title_prefix} {doc_id}"
        _write_json(
            root / "documents" / f"{doc_id}.json", {"schema_version": 2, "id": doc_id, "text": text, "text_sha256": digest, "metadata": {"headline": headline}}
        )
        # Spans sorted by start, longer first (the documented order); labels are the project's lower-case names.
        ordered = sorted(spans, key=lambda s: (s.start, -s.end, s.label.lower(), s.id))
        _write_json(
            annotation_dir / f"{doc_id}.json",
            {
                "schema_version": 2,
                "document_id": doc_id,
                "annotator": ANNOTATOR,
                "text_sha256": digest,
                "status": "in progress",
                "spans": [{"id": f"s{s.id[1:]}", "start": s.start, "end": s.end, "label": s.label.lower(), "text": s.text} for s in ordered],
            },
        )
        catalog.append({"id": doc_id, "title": headline, "source_file": f"{doc_id}.txt"})
    _write_json(root / "catalog.json", {"schema_version": 2, "documents": catalog})
    return list(documents)


def bench_docs(folder: Path = BENCH_DOCS) -> dict[str, tuple[str, list[BratSpan]]]:
    """A, B and C read from ``folder``; BenchDocsMissing says where they were looked for."""
    missing = [f"{name}.{suffix}" for name in PEER_DOCS for suffix in ("txt", "ann") if not (folder / f"{name}.{suffix}").is_file()]
    if missing:
        raise BenchDocsMissing(f"the peers' documents are not in {folder} (missing {', '.join(missing)}); set ANNOTATOR_BENCH_DOCS to their folder")
    return {name: read_brat(folder / f"{name}.txt", folder / f"{name}.ann") for name in PEER_DOCS}
