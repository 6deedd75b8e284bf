"""Suggestions across a corpus, as the window's "Suggest across the corpus…" and
``annotator suggest --apply`` run them: ``core.suggest.corpus.suggest_corpus`` over a folder
project of N generated news articles, the pending suggestions stored per document as the run
goes (``PendingBatches``), then what the window does with them: one Backspace's store and the
shown document's pending suggestions read.

    python bench/suggest_corpus.py [--articles 10000] [--kinds dates,actors,claims]

Articles are news-like: paragraphs drawn (seeded, so every run reads the same corpus) from the
two sample articles in seeds/, the news paragraphs of tests/core/suggest_gold.json and the
generated news text of ../shared/bench-docs/A.txt (skipped, with a note, when ../shared is
missing), with a headline and a date each. The registry holds every actor of the gold set with
its mention texts as aliases. The floor, measured in the same run, is reading every document and
its annotations through the store, which the loop does too; the ratio is what to compare.
Prints one JSON object: articles, MB, seconds, MB/s, suggestions, the store's save, the floor,
and ``window``: one rejection's store and the shown document's load (medians of ``--repeat``),
per document as the store keeps them now ("per_document") and as the whole-state single file
``suggestions/<annotator>.json`` cost before (the same corpus's state written as that file, read
with ``SuggestionState.model_validate_json`` and rewritten with ``with_rejected`` at each
rejection, exactly what the window did), measured in the same run.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import orjson

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from annotator.core.atomic import atomic_write  # noqa: E402
from annotator.core.model import Actor  # noqa: E402
from annotator.core.safe_files import read_regular  # noqa: E402
from annotator.core.storage import create_project, open_project  # noqa: E402
from annotator.core.suggest import DEFAULT_KINDS  # noqa: E402
from annotator.core.suggest.base import SuggestionState  # noqa: E402
from annotator.core.suggest.corpus import PendingBatches, suggest_corpus  # noqa: E402
from annotator.core.suggest.evaluation import _actor_id  # noqa: E402

ANNOTATOR = "bench"
SHARED = REPO.parent / "shared" / "bench-docs" / "A.txt"


def paragraphs() -> list[str]:
    pool: list[str] = []
    for seed in sorted((REPO / "seeds").glob("*.txt")):
        pool += [p.strip() for p in seed.read_text(encoding="utf-8").split("\n") if len(p.strip()) > 80]
    gold = json.loads((REPO / "tests/core/suggest_gold.json").read_text(encoding="utf-8"))
    pool += [d["text"] for d in gold["documents"] if d.get("text")]
    if SHARED.is_file():
        pool += [p.strip() for p in SHARED.read_text(encoding="utf-8").split("\n") if len(p.strip()) > 80]
    else:
        print(f"[bench] {SHARED} is missing: the corpus is built from seeds/ and the gold paragraphs only", file=sys.stderr)
    return pool


def registry_actors() -> list[Actor]:
    gold = json.loads((REPO / "tests/core/suggest_gold.json").read_text(encoding="utf-8"))
    aliases: dict[str, set[str]] = {}
    for document in gold["documents"]:
        for mention in document["actors"]:
            aliases.setdefault(mention["actor"], set()).add(mention["text"])
    return [Actor(id=_actor_id(name), name=name, aliases=sorted(a for a in texts if a != name)) for name, texts in sorted(aliases.items())]


def build(root: Path, articles: int, rng: random.Random) -> int:
    """A folder project of ``articles`` articles written in the store's documented JSON; returns the bytes of text."""
    with create_project(root, name="corpus-bench", annotator=ANNOTATOR) as project:
        project.save_registry(registry_actors())
    pool = paragraphs()
    (root / "documents").mkdir(exist_ok=True)
    catalog, total = [], 0
    day0 = datetime.date(2024, 1, 1)
    for number in range(articles):
        doc_id = f"a{number:06d}"
        body = rng.sample(pool, k=min(len(pool), rng.randint(4, 10)))
        headline = body[0].split(".")[0][:90]
        text = "\n\n".join([headline, *body, f"(Article {number})"])
        total += len(text.encode())
        day = (day0 + datetime.timedelta(days=number % 700)).isoformat()
        record = {
            "schema_version": 2,
            "id": doc_id,
            "text": text,
            "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
            "metadata": {"headline": headline, "date": day},
            "source_file": f"{doc_id}.txt",
        }
        (root / "documents" / f"{doc_id}.json").write_bytes(orjson.dumps(record) + b"\n")
        catalog.append({"id": doc_id, "title": headline, "date": day, "source_file": f"{doc_id}.txt"})
    (root / "catalog.json").write_bytes(orjson.dumps({"schema_version": 2, "documents": catalog}) + b"\n")
    return total


def _median_ms(times: list[float]) -> float:
    return round(statistics.median(times) * 1000, 2)


def window_costs(project, root: Path, repeat: int) -> dict[str, object]:  # noqa: ANN001 - a ProjectStore
    """One rejection's store and the shown document's load: per document (now) and whole-state (before)."""
    counts = project.pending_documents()
    ids = sorted(counts)
    shown = [ids[(n * len(ids)) // (repeat + 1)] for n in range(1, repeat + 1)]  # spread over the corpus
    per_load, per_reject = [], []
    for doc_id in shown:
        begin = time.perf_counter()
        pending = project.load_pending(doc_id)
        per_load.append(time.perf_counter() - begin)
        begin = time.perf_counter()
        project.add_rejected([pending[0].key])  # Backspace: the key and that one document's record
        per_reject.append(time.perf_counter() - begin)
    with open_project(root, annotator=ANNOTATOR, read_only=True) as fresh:  # a window opening: counts from the cache
        begin = time.perf_counter()
        documents = fresh.pending_documents()
        counting = time.perf_counter() - begin
    # Before: the same suggestions as one whole-state file, as the store kept them until now.
    state = project.load_suggestions()
    old_file = root / "suggestions" / "whole-state.json"
    atomic_write(old_file, orjson.dumps(state.model_dump(mode="json", exclude_none=True)) + b"\n")
    whole_load, whole_reject = [], []
    for doc_id in shown[:repeat]:
        begin = time.perf_counter()
        loaded = SuggestionState.model_validate_json(read_regular(old_file))  # the flow's first use after opening
        whole_load.append(time.perf_counter() - begin)
        begin = time.perf_counter()
        loaded = loaded.with_rejected([loaded.pending[doc_id][0]])  # each Backspace: the whole state, rewritten
        atomic_write(old_file, orjson.dumps(loaded.model_dump(mode="json", exclude_none=True)) + b"\n")
        whole_reject.append(time.perf_counter() - begin)
    return {
        "documents_with_pending": len(documents),
        "pending_documents_ms": round(counting * 1000, 2),
        "per_document": {"load_shown_ms": _median_ms(per_load), "reject_one_ms": _median_ms(per_reject)},
        "whole_state_before": {
            "file_MB": round(old_file.stat().st_size / 1e6, 2),
            "load_ms": _median_ms(whole_load),
            "reject_one_ms": _median_ms(whole_reject),
        },
        "speedup_reject": round(statistics.median(whole_reject) / statistics.median(per_reject), 1),
        "speedup_load": round(statistics.median(whole_load) / statistics.median(per_load), 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--kinds", default=",".join(DEFAULT_KINDS))
    parser.add_argument("--repeat", type=int, default=5, help="rejections and loads timed for each median")
    args = parser.parse_args()
    kinds = [k for k in args.kinds.split(",") if k]
    with tempfile.TemporaryDirectory(prefix="suggest-corpus-") as folder:
        root = Path(folder) / "project"
        begin = time.perf_counter()
        size = build(root, args.articles, random.Random(9))
        built = time.perf_counter() - begin
        with open_project(root, annotator=ANNOTATOR) as project:
            ids = [entry.id for entry in project.documents()]
            begin = time.perf_counter()
            for doc_id in ids:  # the floor: the reads the loop makes
                project.load_annotations(project.load_document(doc_id))
            floor = time.perf_counter() - begin
            updates: list[float] = []
            begin = time.perf_counter()
            results = list(suggest_corpus(project, ids, kinds, progress=lambda p: updates.append(p.seconds)))
            seconds = time.perf_counter() - begin
            begin = time.perf_counter()
            batches = PendingBatches(project)
            for result in results:
                batches.add(result)
            batches.flush()
            saved = time.perf_counter() - begin
            pending_dir = root / "suggestions" / ANNOTATOR / "pending"
            stored = sum(path.stat().st_size for path in pending_dir.iterdir())
            window = window_costs(project, root, args.repeat)
        mb = size / 1e6
        print(
            json.dumps(
                {
                    "articles": len(ids),
                    "kinds": kinds,
                    "MB": round(mb, 2),
                    "seconds": round(seconds, 2),
                    "MB_per_s": round(mb / seconds, 2),
                    "articles_per_s": round(len(ids) / seconds, 1),
                    "suggestions": sum(len(r.suggestions) for r in results),
                    "unreadable": sum(r.problem is not None for r in results),
                    "progress_calls": len(updates),
                    "store_seconds": round(saved, 2),
                    "stored_MB": round(stored / 1e6, 2),
                    "floor_read_seconds": round(floor, 4),
                    "ratio_to_floor": round(seconds / floor, 1) if floor else None,
                    "build_seconds": round(built, 1),
                    "window": window,
                },
                indent=1,
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
