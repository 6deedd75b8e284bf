"""Benchmark of the PostgreSQL store against the folder store, and ten coders saving at once.

Usage::

    python bench/postgres_bench.py [--quick] [--seconds 60] [--json OUT]

It starts a throw-away PostgreSQL server of its own (``tests/postgres/server.py``: the
machine's PostgreSQL binaries, a temporary folder, 127.0.0.1 only) and measures, each next
to the folder store in the same run:

* P1 save: ``save_annotations`` of one 200,000-character article with 5,000 spans (1 MB of
  JSON), median of the saves, folder and database;
* P2 open: opening that document as the window does (``load_document`` + ``load_annotations``,
  validated), median, folder and database; and opening the project itself;
* P3 ten coders: ten processes (five coders, each on two desktops, so that some saves are
  stale) saving five shared articles in a loop for ``--seconds``; then every row is read back
  and checked: saves acknowledged, stale saves refused, rows lost (an acknowledged save that is
  not in its row, or a version given twice) and rows corrupted (a row that fails validation).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from textgen import make_headline, make_spans, make_text  # noqa: E402

ANNOTATOR = "bench"


def _article(rng: random.Random, doc_id: str, chars: int, spans: int):  # noqa: ANN202
    from annotator.core.model import AnnotationFile, ArticleMetadata, Document, Span

    text = make_text(rng, chars)
    document = Document.create(doc_id, text, metadata=ArticleMetadata(headline=make_headline(rng, 0)), source_file=f"{doc_id}.txt")
    models = tuple(
        sorted((Span(id=s.id, start=s.start, end=s.end, label=s.label, text=text[s.start : s.end]) for s in make_spans(rng, text, spans)), key=Span.sort_key)
    )
    return document, AnnotationFile(document_id=doc_id, annotator=ANNOTATOR, text_sha256=document.text_sha256, spans=models)


def _median_ms(times: list[float]) -> float:
    return round(statistics.median(times) * 1000, 2)


def latency(url: str, folder: Path, chars: int, spans: int, reps: int) -> list[dict]:
    """P1 and P2: the same article, saved and opened through each store."""
    from annotator.core.model import DocumentStatus
    from annotator.core.storage import Fingerprint, create_project, open_project

    document, annotation_file = _article(random.Random(14), "article", chars, spans)
    other = annotation_file.model_copy(update={"status": DocumentStatus.DONE})  # alternate: every save writes a change
    results: dict[str, dict[str, float]] = {}
    for name, location in (("folder", folder), ("postgres", url)):
        with create_project(location, "bench", annotator=ANNOTATOR) as project:
            project.add_documents([document])
            fingerprint = project.save_annotations(annotation_file, Fingerprint(None))
            saves = []
            for number in range(reps):
                begin = time.perf_counter()
                fingerprint = project.save_annotations(other if number % 2 else annotation_file, fingerprint)
                saves.append(time.perf_counter() - begin)
            opens = []
            for _ in range(reps):
                begin = time.perf_counter()
                loaded = project.load_annotations(project.load_document(document.id))
                opens.append(time.perf_counter() - begin)
            assert len(loaded.annotation_file.spans) == spans
        project_opens = []
        for _ in range(reps):
            begin = time.perf_counter()
            open_project(location, annotator=ANNOTATOR, read_only=True).close()
            project_opens.append(time.perf_counter() - begin)
        results[name] = {"save": _median_ms(saves), "open": _median_ms(opens), "project": _median_ms(project_opens)}
    from annotator.core.storage.records import dump_json as _dump

    what = f"{chars:,} chars, {spans:,} spans ({len(_dump(annotation_file)) / 1e6:.1f} MB JSON as stored), median of {reps}"
    rows = []
    for key, metric, label in (
        ("P1_save", "save", "save_annotations"),
        ("P2_open", "open", "open a document (load + validate)"),
        ("P2_project", "project", "open the project"),
    ):
        folder_ms, pg_ms = results["folder"][metric], results["postgres"][metric]
        rows.append({"key": key, "what": f"{label}, {what}", "postgres_ms": pg_ms, "folder_ms": folder_ms, "ratio": round(pg_ms / folder_ms, 2)})
    return rows


def concurrent_coders(url: str, seconds: float, tmp: Path) -> dict:
    """P3: ten processes, five coders on two desktops each, saving five shared articles for ``seconds``."""
    from annotator.core.storage import ProjectError, create_project, open_project

    rng = random.Random(3)
    documents = [_article(rng, f"d{number}", 20_000, 10)[0] for number in range(5)]
    with create_project(url, "coders", annotator="c0") as project:
        project.add_documents(documents)
    log, stop = tmp / "coders.jsonl", tmp / "stop"
    doc_ids = ",".join(document.id for document in documents)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    coders = [(f"c{number // 2}", f"p{number}") for number in range(10)]
    children = [
        subprocess.Popen([sys.executable, "-m", "tests.postgres.coder_child", url, annotator, tag, doc_ids, str(log), str(stop)], cwd=REPO, env=env)
        for annotator, tag in coders
    ]
    deadline = time.monotonic() + 60
    while sum(1 for line in (log.read_text().splitlines() if log.exists() else []) if '"ready"' in line) < len(children):
        if time.monotonic() > deadline:
            raise RuntimeError("the coders did not start")
        time.sleep(0.05)
    time.sleep(seconds)
    stop.touch()
    codes = [child.wait(timeout=120) for child in children]
    if any(codes):
        raise RuntimeError(f"a coder process failed: {codes}")
    records = [json.loads(line) for line in log.read_text().splitlines()]
    saved = [r for r in records if r["event"] == "saved"]
    lost = corrupted = 0
    for annotator in sorted({a for a, _ in coders}):
        with open_project(url, annotator=annotator, read_only=True) as reader:
            for document in documents:
                row = [r for r in saved if r["annotator"] == annotator and r["doc"] == document.id]
                try:
                    loaded = reader.load_annotations(document)
                except ProjectError:
                    corrupted += 1
                    continue
                final = 0 if loaded.annotation_file is None else int(loaded.fingerprint.sha256.split(":")[1])
                versions = sorted(r["version"] for r in row)
                # Lost: an acknowledged save missing from the row's history, or two saves given one version.
                lost += len(set(range(1, final + 1)) ^ set(versions)) + (len(versions) - len(set(versions)))
                if row:
                    last = max(row, key=lambda r: r["version"])
                    if (
                        not loaded.annotation_file.spans[0].id.startswith(f"{last['tag']}-{last['save']}-")
                        or len(loaded.annotation_file.spans) != last["words"]
                    ):
                        lost += 1
    return {
        "key": "P3_coders",
        "what": f"10 coder processes (5 coders x 2 desktops) saving 5 shared articles (20,000 chars, 1-90 spans) for {seconds:g} s",
        "saves": len(saved),
        "saves_per_s": round(len(saved) / seconds, 1),
        "refusals": sum(1 for r in records if r["event"] == "refused"),
        "unavailable": sum(1 for r in records if r["event"] == "unavailable"),
        "lost_rows": lost,
        "corrupted_rows": corrupted,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, a 5-second coder run")
    parser.add_argument("--seconds", type=float, default=None, help="length of the ten-coder run (default 60, quick 5)")
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args(argv)
    from tests.postgres.server import PostgresServer, why_unavailable

    problem = why_unavailable()
    if problem:
        print(f"postgres_bench: {problem}", file=sys.stderr)
        return 2
    chars, spans, reps = (40_000, 1_000, 5) if args.quick else (200_000, 5_000, 21)
    seconds = args.seconds if args.seconds is not None else (5.0 if args.quick else 60.0)
    server = PostgresServer()
    tmp = Path(tempfile.mkdtemp(prefix="annotator-pgbench-"))
    try:
        server.start()
        rows = latency(server.create_schema("latency"), tmp / "folder", chars, spans, reps)
        rows.append(concurrent_coders(server.create_schema("coders"), seconds, tmp))
    finally:
        server.remove()
        shutil.rmtree(tmp, ignore_errors=True)
    machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"PostgreSQL store against the folder store ({machine})")
    for row in rows:
        if "ratio" in row:
            print(f"{row['key']:<11} {row['what']}: postgres {row['postgres_ms']} ms, folder {row['folder_ms']} ms, ratio {row['ratio']}x")
        else:
            print(
                f"{row['key']:<11} {row['what']}: {row['saves']} saves ({row['saves_per_s']}/s), {row['refusals']} stale saves refused, "
                f"{row['unavailable']} unavailable, lost rows {row['lost_rows']}, corrupted rows {row['corrupted_rows']}"
            )
    if args.json:
        args.json.write_text(json.dumps({"machine": machine, "results": rows}, indent=2) + "\n")
    return 1 if any(row.get("lost_rows") or row.get("corrupted_rows") for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
