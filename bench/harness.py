"""What every scenario group shares: results, sizes, generated projects, the Qt application, the report.

Scenario modules (``startup``, ``opening``, ``paint``, ``switching``, ``editing``,
``filtering``, ``saving``, ``memory``, ``dates``) each export ``SCENARIOS``, a
list of ``(key, function)``; a function takes the ``Context`` and returns its
``Result`` rows. Every result carries the floor measured in the same run.
"""

from __future__ import annotations

import datetime
import gc
import json
import os
import platform
import random
import statistics
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

from peer_docs import ANNOTATOR, PEER_DOCS, BenchDocsMissing, BratSpan, bench_docs  # noqa: E402
from textgen import make_headline, make_spans, make_text  # noqa: E402

FRAME_MS = 16.0
PSUTIL_HINT = "psutil is missing: install the test extra (pip install -e '.[test]') or just psutil (pip install psutil)"


# --- results -------------------------------------------------------------------
@dataclass
class Result:
    key: str
    what: str
    value: float | None
    floor: float | None
    unit: str
    target: str
    passed: bool | None  # None: informational, no target
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.floor:
            return None
        return self.value / self.floor


def ms(seconds: float) -> float:
    return seconds * 1000.0


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-q * len(ordered) // 100))))
    return ordered[rank - 1]


def median(values: list[float]) -> float:
    return statistics.median(values)


# --- sizes ------------------------------------------------------------------------
@dataclass(frozen=True)
class Sizes:
    u1_docs: tuple[str, ...]  # peer documents started on
    u1_reps: int
    u2_reps: int
    u3_edits: int
    u3_generated: tuple[int, int]  # chars, spans of the generated long article
    u4_documents: int
    u4_word: str
    u5_more: int  # articles opened after A, B and C
    s1_articles: int  # the big project (U4 filters the same one)
    s1_small: int  # the smaller project, to see how opening grows with the corpus
    s1_chars: int
    s1_spans: int
    s1_reps: int
    s2_cases: tuple[tuple[str, int, int, bool], ...]  # key suffix, chars, spans, single paragraph
    s2_reps: int
    s4_spans: int
    s4_reps: int
    s6_reps: int


FULL = Sizes(
    u1_docs=PEER_DOCS,
    u1_reps=3,
    u2_reps=3,
    u3_edits=200,
    u3_generated=(1_000_000, 20_000),
    u4_documents=100_000,
    u4_word="minister",
    u5_more=100,
    s1_articles=100_000,
    s1_small=10_000,
    s1_chars=4_000,
    s1_spans=50,
    s1_reps=3,
    s2_cases=(("", 200_000, 5_000, False), ("_paragraph", 200_000, 5_000, True), ("_1M", 1_000_000, 20_000, False)),
    s2_reps=3,
    s4_spans=5_000,
    s4_reps=10,
    s6_reps=20,
)
QUICK = Sizes(
    u1_docs=("B",),
    u1_reps=1,
    u2_reps=1,
    u3_edits=30,
    u3_generated=(200_000, 4_000),
    u4_documents=2_000,
    u4_word="minister",
    u5_more=10,
    s1_articles=2_000,
    s1_small=500,
    s1_chars=4_000,
    s1_spans=50,
    s1_reps=1,
    s2_cases=(("", 50_000, 1_250, False), ("_paragraph", 50_000, 1_250, True), ("_1M", 200_000, 4_000, False)),
    s2_reps=2,
    s4_spans=5_000,
    s4_reps=3,
    s6_reps=5,
)


# --- test data ----------------------------------------------------------------------
def dump_json(model) -> bytes:  # noqa: ANN001 - pydantic model
    # Same bytes as annotator.core.storage.records.dump_json, written without fsync to build big projects fast.
    return model.model_dump_json(indent=2).encode("utf-8") + b"\n"


def build_project(
    root: Path,
    rng: random.Random,
    articles: int,
    chars: int,
    spans: int,
    *,
    single_paragraph: bool = False,
    write_status: bool = True,
    texts: list[str] | None = None,
) -> list[str]:
    """A project folder as the program leaves it: documents, catalog, annotations, status.json."""
    from annotator.core.model import AnnotationFile, ArticleMetadata, Document, DocumentStatus, Span
    from annotator.core.storage.base import CatalogEntry, record_of
    from annotator.core.storage.folder import STATUS_FILE, FolderProject
    from annotator.core.storage.folder_catalog import dump_catalog

    FolderProject.create(root, name=root.name, annotator=ANNOTATOR).close()
    (root / "documents").mkdir(exist_ok=True)
    annotation_dir = root / "annotations" / ANNOTATOR
    annotation_dir.mkdir(parents=True, exist_ok=True)
    entries, statuses, ids = [], {}, []
    day0 = datetime.date(2024, 1, 1)
    for number in range(articles):
        doc_id = f"a{number:05d}"
        text = texts[number] if texts else make_text(rng, chars, single_paragraph=single_paragraph)
        metadata = ArticleMetadata(headline=make_headline(rng, number), date=day0 + datetime.timedelta(days=number % 400))
        document = Document.create(doc_id, text, metadata=metadata, source_file=f"{doc_id}.txt")
        (root / "documents" / f"{doc_id}.json").write_bytes(dump_json(document))
        entries.append(CatalogEntry(id=doc_id, title=document.title, date=metadata.date, source_file=document.source_file))
        ids.append(doc_id)
        if spans:
            specs = make_spans(rng, text, spans)
            span_models = tuple(sorted((Span(id=s.id, start=s.start, end=s.end, label=s.label, text=text[s.start : s.end]) for s in specs), key=Span.sort_key))
            annotation = AnnotationFile(document_id=doc_id, annotator=ANNOTATOR, text_sha256=document.text_sha256, spans=span_models)
            (annotation_dir / f"{doc_id}.json").write_bytes(dump_json(annotation))
            statuses[doc_id] = DocumentStatus.IN_PROGRESS.value
    (root / "catalog.json").write_bytes(dump_catalog([record_of(entry) for entry in entries]))
    if write_status and statuses:
        # The store's own name for it (it has changed before): a wrong name would measure the rebuild path instead.
        (annotation_dir / STATUS_FILE).write_bytes((json.dumps(dict(sorted(statuses.items())), indent=2) + "\n").encode())
    return ids


def make_annotation_set(rng: random.Random, chars: int, spans: int, *, single_paragraph: bool = False):  # noqa: ANN201
    from annotator.core.annotations import AnnotationSet
    from annotator.core.model import Document, Span

    text = make_text(rng, chars, single_paragraph=single_paragraph)
    document = Document.create("doc", text)
    specs = make_spans(rng, text, spans)
    return AnnotationSet(document, [Span(id=s.id, start=s.start, end=s.end, label=s.label, text=text[s.start : s.end]) for s in specs])


def peer_or_standin(rng: random.Random) -> tuple[dict[str, tuple[str, list[BratSpan]]], str]:
    """A, B and C from ../shared/bench-docs, or (when that folder is missing) generated stand-ins of the same size.

    The note says which, so a table made from stand-ins never passes for the peers' documents.
    """
    try:
        return bench_docs(), ""
    except BenchDocsMissing as missing:
        shapes = {"A": (20_000, 500, False), "B": (200_000, 5_000, False), "C": (200_000, 5_000, True)}
        docs = {}
        for name, (chars, count, single) in shapes.items():
            text = make_text(rng, chars, single_paragraph=single)
            docs[name] = (text, [BratSpan(f"T{s.id[1:]}", s.label.title(), s.start, s.end, text[s.start : s.end]) for s in make_spans(rng, text, count)])
        return docs, f"{missing}: generated stand-ins of the same size were used"


def generated_doc(rng: random.Random, chars: int, spans: int, *, single_paragraph: bool = False) -> tuple[str, list[BratSpan]]:
    text = make_text(rng, chars, single_paragraph=single_paragraph)
    return text, [BratSpan(f"T{s.id[1:]}", s.label.title(), s.start, s.end, text[s.start : s.end]) for s in make_spans(rng, text, spans)]


# --- Qt helpers -------------------------------------------------------------------------
class Gui:
    """The QApplication and helpers shared by the in-process GUI scenarios."""

    def __init__(self) -> None:
        from PySide6.QtCore import qInstallMessageHandler
        from PySide6.QtWidgets import QApplication

        def quiet(_mode, _context, message: str) -> None:  # noqa: ANN001
            # The offscreen platform warns on every window shown; anything else still gets through.
            if "propagateSizeHints" not in message and "does not support raise()" not in message:
                print(message, file=sys.stderr)

        qInstallMessageHandler(quiet)
        self.app = QApplication.instance() or QApplication([sys.argv[0]])
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="save")

    def settle(self, rounds: int = 3) -> None:
        for _ in range(rounds):
            self.app.processEvents()

    def open_window(self, root: Path):  # noqa: ANN201 - MainWindow
        from annotator.core.storage import open_project
        from annotator.core.workspace import OpenedProject
        from annotator.gui.main_window import MainWindow

        project = open_project(root, annotator=ANNOTATOR)
        window = MainWindow(OpenedProject(project, messages=list(project.warnings)), self.executor)
        # Edits are timed without the actor-link dialog that tagging an actor opens.
        window.link_when_tagging_action.setChecked(False)
        window.show()
        return window

    def close_window(self, window) -> None:  # noqa: ANN001
        from PySide6.QtCore import QCoreApplication, QEvent

        window.close()
        window.project.close()
        window.deleteLater()
        self.settle()
        # processEvents() outside a running event loop leaves deferred deletes pending: without
        # this every closed window (its timers and documents) would live on into the next scenario.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.collect()

    def shutdown(self) -> None:
        self.executor.shutdown(wait=True)


def show_every_panel(gui: Gui, window) -> None:  # noqa: ANN001 - MainWindow
    """Spans, Actors, Details and Checks all on screen at once: the tabbed ones float beside the window."""
    for dock in (window.actor_dock, window.checker_dock):
        dock.setFloating(True)
        dock.resize(380, 400)
        dock.show()
    gui.settle()
    wait_for_mentions(gui, window)


def wait_for_mentions(gui: Gui, window) -> None:  # noqa: ANN001
    """Let the window finish what it does in the background once it is up, as it would while the user
    reads: the Actors panel counts mentions in a worker thread, and the date finder is loaded."""
    import time

    deadline = time.perf_counter() + 60
    while (window._mention_worker is not None or "annotator.core.dates.finder" not in sys.modules) and time.perf_counter() < deadline:
        gui.app.processEvents()
        time.sleep(0.005)
    gui.settle()


def wait_until_quiet(gui: Gui, window) -> None:  # noqa: ANN001 - MainWindow
    """Until the corpus's mention count has landed and the shown article's suggestion run after it
    (or two minutes have passed). ``show_every_panel`` waits for a count in flight only: one that
    starts after it (the suggestion run asks for the linked mentions) would land inside a switch."""
    import time

    deadline = time.perf_counter() + 120
    while not (window._mentions_built and window._mention_worker is None and window.suggestions.idle) and time.perf_counter() < deadline:
        gui.app.processEvents()
        time.sleep(0.005)
    gui.settle()


@dataclass
class Context:
    """What a scenario gets: sizes, a scratch folder, the shared Qt application and seeded randomness."""

    sizes: Sizes
    tmp: Path
    gui: Gui
    quick: bool
    rng: random.Random
    cache: dict = field(default_factory=dict)  # inputs shared by scenario groups (the big project, peer docs)

    def peers(self) -> tuple[dict[str, tuple[str, list[BratSpan]]], str]:
        if "peers" not in self.cache:
            self.cache["peers"] = peer_or_standin(random.Random(7))
        return self.cache["peers"]


# --- report ----------------------------------------------------------------------------------------------------
def machine() -> dict[str, str]:
    import PySide6
    from PySide6.QtCore import qVersion

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or "unknown"
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu": cpu,
        "cores": f"{usable} usable of {os.cpu_count()}",
        "python": platform.python_version(),
        "pyside6": PySide6.__version__,
        "qt": qVersion(),
        "platform": f"{platform.system()} {platform.release()}, QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM')}",
        # Other work on the machine shows in every absolute figure (ratios to same-run floors less so).
        "load average at start (1, 5, 15 min)": ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown",
    }


def fmt(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:,.1f}" if abs(value) < 10_000 else f"{value:,.0f}"


def print_table(results: list[Result], info: dict[str, str], wall: float, quick: bool) -> None:
    print()
    print(f"## annotator benchmark ({'quick' if quick else 'full'} run, {wall:.0f} s)")
    print()
    for key, value in info.items():
        print(f"- {key}: {value}")
    print()
    print("| scenario | what | value | floor | ratio | target | pass |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        ratio = f"{r.ratio:.2f}x" if r.ratio is not None else "-"
        verdict = "-" if r.passed is None else ("pass" if r.passed else "FAIL")
        value = f"{fmt(r.value)} {r.unit}" if r.value is not None else (r.note if r.note.startswith("n/a") else "n/a")
        floor = f"{fmt(r.floor)} {r.unit}" if r.floor is not None else "-"
        print(f"| {r.key} | {r.what} | {value} | {floor} | {ratio} | {r.target} | {verdict} |")
    print()
    for r in results:
        if r.note and not r.note.startswith("n/a"):
            print(f"- {r.key}: {r.note}")


def results_json(results: list[Result]) -> dict:
    return {
        r.key: {"value": r.value, "floor": r.floor, "ratio": r.ratio, "unit": r.unit, "target": r.target, "pass": r.passed, "note": r.note} for r in results
    }


def write_json(path: Path, results: list[Result]) -> None:
    path.write_text(json.dumps(results_json(results), indent=2) + "\n")
