"""Corpus-wide "Tag all as suggestions": time to count every hit as pending suggestions, next to its floor.

The corpus is search_first_page.py's (default 100,000 generated articles): "report" is in every
article, "rare" in one in a thousand. For each query it times ``search_suggestions`` over
``CorpusIndex.matching_texts`` (every matching article, unranked: what the window's counting job
runs) and, as the floor, reading the same matching texts out of the index and nothing else. The
ratio is what the finding and the Suggestion objects cost on top of reading. Then it times storing the
"report" plan (merge and save through a folder project), which the window does on confirmation.
No assertions: numbers to read.

    PYTHONPATH=. python bench/search_tag_all.py [--docs 100000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_first_page import article  # noqa: E402

from annotator.core.model import text_sha256  # noqa: E402
from annotator.core.search.find import FindQuery  # noqa: E402
from annotator.core.search.index import INDEX_FILE, CorpusIndex, IndexedDocument  # noqa: E402
from annotator.core.search.tag_all import search_suggestions  # noqa: E402
from annotator.core.storage import FolderProject  # noqa: E402


def median_time(work, runs: int) -> tuple[float, object]:  # noqa: ANN001
    times, result = [], None
    for _ in range(runs):
        began = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - began)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(12)
    texts = {f"d{n:06d}": article(n, rng) for n in range(args.docs)}
    with tempfile.TemporaryDirectory() as folder:
        index = CorpusIndex(Path(folder) / INDEX_FILE)
        began = time.perf_counter()
        index.update(
            {doc_id: text_sha256(text) for doc_id, text in texts.items()},
            lambda doc_id: IndexedDocument(doc_id, doc_id, "", text_sha256(texts[doc_id]), texts[doc_id]),
        )
        print(f"built the index of {args.docs} articles in {time.perf_counter() - began:.1f} s")
        for word in ("rare", "report"):
            query = FindQuery(word, whole_word=True)
            floor, _ = median_time(lambda q=query: sum(len(text) for _, text in index.matching_texts(q)), args.runs)
            took, plan = median_time(lambda q=query: search_suggestions(index.matching_texts(q), q, "actor", {}, frozenset(), lambda _doc_id: ()), args.runs)
            print(
                f"{word!r}: {plan.hits} suggestions in {plan.documents} articles counted in {took * 1000:.0f} ms;"
                f" floor (reading those texts) {floor * 1000:.0f} ms; ratio {took / floor:.1f} (median of {args.runs})"
            )
        index.close()
        # What the window does off the GUI thread when the coder confirms: each article's pending
        # suggestions read, merged and stored, a batch of articles at a time (a hit in every article is the worst case).
        with FolderProject.create(Path(folder) / "project", "bench") as store:
            began = time.perf_counter()
            plan.store_into(store)
            print(f"stored {plan.hits} pending suggestions in {plan.documents} articles in {(time.perf_counter() - began) * 1000:.0f} ms (one record each)")


if __name__ == "__main__":
    main()
