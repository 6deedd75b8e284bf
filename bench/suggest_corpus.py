"""Suggestions across a corpus, as the window's "Suggest across the corpus…" and
``annotator suggest --apply`` run them: ``core.suggest.corpus.suggest_corpus`` over a folder
project of N generated news articles, then the pending suggestions stored once.

    python bench/suggest_corpus.py [--articles 10000] [--kinds dates,actors,claims]

Articles are news-like: paragraphs drawn (seeded, so every run reads the same corpus) from the
two sample articles in seeds/, the news paragraphs of tests/core/suggest_gold.json and the
generated news text of ../shared/bench-docs/A.txt (skipped, with a note, when ../shared is
missing), with a headline and a date each. The registry holds every actor of the gold set with
its mention texts as aliases. The floor, measured in the same run, is reading every document and
its annotations through the store, which the loop does too; the ratio is what to compare.
Prints one JSON object: articles, MB, seconds, MB/s, suggestions, the store's save, the floor.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import random
import sys
import tempfile
import time
from pathlib import Path

import orjson

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from annotator.core.model import Actor  # noqa: E402
from annotator.core.storage import create_project, open_project  # noqa: E402
from annotator.core.suggest import DEFAULT_KINDS  # noqa: E402
from annotator.core.suggest.corpus import store_results, suggest_corpus  # noqa: E402
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--kinds", default=",".join(DEFAULT_KINDS))
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
            state = store_results(project.load_suggestions(), results)
            project.save_suggestions(state)
            saved = time.perf_counter() - begin
            stored = (root / "suggestions" / f"{ANNOTATOR}.json").stat().st_size
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
                    "floor_read_seconds": round(floor, 4),  # 30 small reads can take under 5 ms
                    "ratio_to_floor": round(seconds / floor, 1) if floor else None,
                    "build_seconds": round(built, 1),
                },
                indent=1,
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
