"""S1 opening a big project: the real window to the first article shown, at 100,000 and 10,000 articles.

The projects are written directly in the documented JSON (documents, annotation
files with 50 spans each, the status file; the catalog by the store's own writer,
with every field the program writes, as the program leaves it): a few hundred
generated texts are reused with a numbered last line, so 100,000 articles (about
400 MB of text) are built in a minute instead of generated one by one. The floor is a
scan of the project's folders (one ``stat`` per file), the least any program
that lists the files would do. ``big_project`` is shared with U4.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import random
import shutil
import time
from pathlib import Path

import orjson
from harness import ANNOTATOR, Context, Result, median, ms
from textgen import make_headline, make_spans, make_text

DISTINCT_TEXTS = 300


def _write(path: Path, data: object) -> None:
    path.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")


def write_big_project(root: Path, rng: random.Random, articles: int, chars: int, spans: int, *, write_status: bool = True, old_catalog: bool = False) -> int:
    """``articles`` documents of about ``chars`` characters with ``spans`` spans each; returns the bytes of text.

    ``old_catalog``: the catalog in the layout of versions 1 and 2 (a list of objects) and the status
    cache one key per document, as older projects hold them."""
    from annotator.core.storage import create_project

    create_project(root, name=root.name, annotator=ANNOTATOR).close()
    (root / "documents").mkdir(exist_ok=True)
    annotation_dir = root / "annotations" / ANNOTATOR
    annotation_dir.mkdir(parents=True, exist_ok=True)
    bases = []
    for _ in range(min(DISTINCT_TEXTS, articles)):
        text = make_text(rng, chars)
        bases.append(
            (text, [{"id": s.id, "start": s.start, "end": s.end, "label": s.label, "text": text[s.start : s.end]} for s in make_spans(rng, text, spans)])
        )
    catalog, statuses, total = [], {}, 0
    day0 = datetime.date(2024, 1, 1)
    for number in range(articles):
        doc_id = f"a{number:06d}"
        base, base_spans = bases[number % len(bases)]
        text = f"{base}\n\n(Article {number})"  # spans stay where they are: the numbered line comes last
        total += len(text.encode())
        digest = hashlib.sha256(text.encode()).hexdigest()
        day = (day0 + datetime.timedelta(days=number % 700)).isoformat()
        headline = make_headline(rng, number)
        _write(
            root / "documents" / f"{doc_id}.json",
            {
                "schema_version": 2,
                "id": doc_id,
                "text": text,
                "text_sha256": digest,
                "metadata": {"headline": headline, "date": day},
                "source_file": f"{doc_id}.txt",
            },
        )
        catalog.append({"id": doc_id, "title": headline, "date": day, "source_file": f"{doc_id}.txt", "text_sha256": digest})
        if spans:
            annotation = {
                "schema_version": 2,
                "document_id": doc_id,
                "annotator": ANNOTATOR,
                "text_sha256": digest,
                "status": "in progress",
                "spans": base_spans,
            }
            _write(annotation_dir / f"{doc_id}.json", annotation)
            statuses[doc_id] = "in progress"
    if old_catalog:
        _write(root / "catalog.json", {"schema_version": 2, "documents": catalog})
    else:  # the store's own layout (it has changed before): another one would measure the migration
        from annotator.core.storage.folder_catalog import SOURCES_FILE, dump_catalog, dump_sources

        (root / SOURCES_FILE).write_bytes(dump_sources(catalog))  # the source files and hashes beside it, as the store writes them
        (root / "catalog.json").write_bytes(dump_catalog(catalog))
    if write_status and statuses:
        from annotator.core.storage.folder import STATUS_FILE  # the store's own name for it: a wrong one would measure the rebuild
        from annotator.core.storage.folder_statuses import dump_statuses  # and its own layout, as the program leaves it

        if old_catalog:  # one "id": "status" per document, as before the grouped layout
            _write(annotation_dir / STATUS_FILE, dict(sorted(statuses.items())))
        else:
            (annotation_dir / STATUS_FILE).write_bytes(dump_statuses(statuses))
    return total


def big_project(ctx: Context, articles: int) -> tuple[Path, int]:
    """The project of ``articles`` articles (built once per run), and its bytes of text."""
    key = ("big", articles)
    if key not in ctx.cache:
        root = ctx.tmp / f"big-{articles}"
        begin = time.perf_counter()
        size = write_big_project(root, random.Random(articles), articles, ctx.sizes.s1_chars, ctx.sizes.s1_spans)
        print(f"[bench]   built {articles} articles ({size / 1e6:.0f} MB) in {time.perf_counter() - begin:.0f} s", flush=True, file=__import__("sys").stderr)
        ctx.cache[key] = (root, size)
    return ctx.cache[key]


def _open_once(ctx: Context, root: Path, articles: int) -> float:
    begin = time.perf_counter()
    window = ctx.gui.open_window(root)
    ctx.gui.app.processEvents()
    window.view.viewport().repaint()
    elapsed = time.perf_counter() - begin
    if window.session is None or window.document_model.rowCount() != articles:
        raise RuntimeError("the first article was not shown with the list filled")
    ctx.gui.close_window(window)
    return elapsed


def _scan_floor(root: Path) -> float:
    begin = time.perf_counter()
    for folder in (root / "documents", root / "annotations" / ANNOTATOR):
        if folder.is_dir():
            for entry in os.scandir(folder):
                entry.stat()
    return time.perf_counter() - begin


def scenario_s1(ctx: Context) -> list[Result]:
    sizes = ctx.sizes
    warm = ctx.tmp / "s1-warm"
    write_big_project(warm, random.Random(1), 3, 2_000, 10)
    _open_once(ctx, warm, 3)  # one-time Qt costs (fonts, styles) are not the project's
    timings = {}
    results = []
    for articles in (sizes.s1_articles, sizes.s1_small):
        root, size = big_project(ctx, articles)
        times = [_open_once(ctx, root, articles) for _ in range(sizes.s1_reps)]
        floor = median([_scan_floor(root) for _ in range(sizes.s1_reps)])
        timings[articles] = median(times)
        key = "S1" if articles == sizes.s1_articles else "S1_small"
        what = f"open {articles:,} articles ({size / 1e6:.0f} MB text, {sizes.s1_spans} spans each) to the first article shown"
        results.append(
            Result(key, what, ms(timings[articles]), ms(floor), "ms", "<= 1000 ms", ms(timings[articles]) <= 1000.0, note=f"median of {sizes.s1_reps}")
        )
    corpus = sizes.s1_articles / sizes.s1_small
    growth = timings[sizes.s1_articles] / timings[sizes.s1_small]
    results[0].note += f"; {corpus:.0f}x the articles of S1_small, {growth:.2f}x the time"
    results[0].passed = bool(results[0].passed and growth <= corpus / 3)
    results[0].target += f", growth <= {corpus / 3:.1f}x for {corpus:.0f}x the corpus"
    # The status file lost (or written by another tool): the store rebuilds it from the file heads.
    results.append(
        _variant(
            ctx, "S1_nostatus", " without the status file (second open, after the rebuild)", "first open (rebuilds it)", 3, second=True, write_status=False
        )
    )
    # A project whose catalog has the old layout: the first open reads it and rewrites it as columns.
    results.append(
        _variant(
            ctx,
            "S1_old_catalog",
            ", catalog and status cache in the older layouts (first open, which rewrites the catalog as columns)",
            "second open (columns)",
            4,
            second=False,
            old_catalog=True,
        )
    )
    return results


def _variant(ctx: Context, key: str, what: str, other: str, seed: int, *, second: bool, **layout: bool) -> Result:
    """S1_small's project written with ``layout`` changed, opened twice: the ``second`` open (else the first) is the figure, the other in the note."""
    sizes = ctx.sizes
    root = ctx.tmp / key.lower().replace("_", "-")
    write_big_project(root, random.Random(seed), sizes.s1_small, sizes.s1_chars, sizes.s1_spans, **layout)
    first = ms(_open_once(ctx, root, sizes.s1_small))
    again = ms(_open_once(ctx, root, sizes.s1_small))
    value, noted = (again, first) if second else (first, again)
    result = Result(
        key,
        f"{sizes.s1_small:,} articles{what}",
        value,
        ms(_scan_floor(root)),
        "ms",
        "<= 1000 ms",
        value <= 1000.0,
        note=f"{other} {noted:.0f} ms",
    )
    shutil.rmtree(root, ignore_errors=True)
    return result


SCENARIOS = [("S1", scenario_s1)]
