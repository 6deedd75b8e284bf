"""Corpus search: time to the first page of results on a generated corpus (default 100,000 articles).

Every article holds the word "report", so that query matches the whole corpus (the worst case for
ranking); "rare" is in one article in a thousand. Prints the median of several runs of
``CorpusIndex.search`` for each, and the index build time. No assertions: numbers to read.

    PYTHONPATH=. python bench/search_first_page.py [--docs 100000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from annotator.core.model import text_sha256
from annotator.core.search.find import FindQuery
from annotator.core.search.index import INDEX_FILE, CorpusIndex, IndexedDocument

WORDS = "the minister said talks border agreement government election budget protest court army trade union bank".split()


def article(number: int, rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(60)]
    words.insert(rng.randrange(60), "report")
    if number % 1000 == 7:
        words.insert(rng.randrange(60), "rare")
    return " ".join(words) + "."


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
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
        for word in ("report", "rare", "report minister"):
            times = []
            for _ in range(args.runs):
                began = time.perf_counter()
                hits = index.search(FindQuery(word))
                times.append(time.perf_counter() - began)
            print(f"{word!r}: first page of {len(hits)} hits in {statistics.median(times) * 1000:.1f} ms (median of {args.runs})")
        index.close()


if __name__ == "__main__":
    main()
