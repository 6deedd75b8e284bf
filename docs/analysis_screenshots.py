"""Render the screenshots of the find bar and the Analysis dock's three views, on the coded sample articles.

    .venv/bin/python docs/analysis_screenshots.py docs/ [light|dark]

Builds the README's sample project (make_screenshot_project.py), codes a few more claims in both
articles through the core, opens the real window offscreen and grabs it (QWidget.grab).
"""

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.core.annotations import AnnotationSet  # noqa: E402
from annotator.core.edits import AddSpan  # noqa: E402
from annotator.core.model import ActorRef, ClaimAttributes, Stance, TimexValue, Topic  # noqa: E402
from annotator.core.storage import Fingerprint, open_project  # noqa: E402
from annotator.core.workspace import OpenedProject  # noqa: E402
from annotator.gui.appearance import apply_colour_scheme  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_screenshot_project import main as make_project  # noqa: E402

# (needle, claimant: actor name or "@needle" of an actor mention to tag, topic, stance, date needle and value)
MORE_CLAIMS = {
    0: [
        ("the CSTO did not fulfill its objectives vis-avis Armenia in 2021 and 2022", "Nikol Pashinyan", "CSTO membership", Stance.OPPOSES, None),
        ("Yerevan boycotted a CSTO summit", "Armenia", "CSTO membership", Stance.OPPOSES, None),
        ("it had not received official confirmation that Armenia was leaving the CSTO", "Russia", "CSTO membership", Stance.SUPPORTS, None),
    ],
    1: [
        (
            "I am not ruling out that Armenia will take a decision to withdraw from the CSTO",
            "Nikol Pashinyan",
            "CSTO membership",
            Stance.OPPOSES,
            ("Monday", "2023-05-22"),
        ),
        ("the security system in the region is not working", "Nikol Pashinyan", "Western partners", Stance.SUPPORTS, None),
        (
            "The West's diplomatic engagement in the Caucasus has irked traditional regional power broker Russia",
            "Russia",
            "Western partners",
            Stance.OPPOSES,
            None,
        ),
    ],
}


def code_more(root: Path) -> None:
    with open_project(root) as project:
        actors = {actor.name: actor.id for actor in project.settings.actors}
        project.save_codebook((*project.settings.topics, Topic(id="t-west", name="Western partners")))
        for index, claims in MORE_CLAIMS.items():
            document = project.load_document(project.documents()[index].id)
            loaded = project.load_annotations(document).annotation_file
            annotations = AnnotationSet(document, loaded.spans if loaded else ())
            for needle, claimant, topic, stance, when in claims:
                date_id = None
                if when is not None:
                    start = document.text.index(when[0])
                    span = annotations.make_span(start, start + len(when[0]), "date")
                    AddSpan(span=span.model_copy(update={"timex": TimexValue(type="DATE", value=when[1])})).apply(annotations)
                    date_id = span.id
                start = document.text.index(needle)
                attributes = ClaimAttributes(claimant=ActorRef(actor_id=actors[claimant]), topic=topic, stance=stance, date_span_id=date_id)
                AddSpan(span=annotations.make_span(start, start + len(needle), "claim").model_copy(update={"claim": attributes})).apply(annotations)
            project.save_annotations(
                annotations.snapshot(project.annotator), Fingerprint(None) if loaded is None else project.load_annotations(document).fingerprint
            )


def render(out: Path, scheme: str) -> list[Path]:
    app = QApplication.instance() or QApplication([])
    apply_colour_scheme(app, dark=scheme == "dark")
    written = []
    with tempfile.TemporaryDirectory() as folder:
        os.environ["ANNOTATOR_HOME"] = str(Path(folder) / "home")
        root = Path(folder) / "project"
        make_project(root)
        code_more(root)
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(1) as executor:
            window = MainWindow(OpenedProject(open_project(root)), executor)
            window.resize(1600, 1000)
            window.show()
            app.processEvents()
            window.find_bar.open_bar()
            QTest.keyClicks(window.find_bar.field, "CSTO")
            window.find_bar.step(+1)
            window.find_bar.step(+1)
            window.analysis_dock.show()
            window.analysis_dock.raise_()
            window.resizeDocks([window.analysis_dock], [720], Qt.Orientation.Horizontal)
            panel = window.analysis_panel
            for tab, name in enumerate(("network", "timeline", "progress")):
                panel.tabs.setCurrentIndex(tab)
                panel.schedule()
                done: list[int] = []
                panel.analysed.connect(lambda done=done: done.append(1))
                while not done:
                    app.processEvents()
                if tab == 0 and panel.result is not None:
                    panel.show_claims(panel.result.claims_of("actor:" + next(a.id for a in window.project.settings.actors if a.name == "Nikol Pashinyan")))
                app.processEvents()
                path = out / f"analysis-{name}-{scheme}.png"
                window.grab().save(str(path))
                written.append(path)
            window.close()
            window.project.close()
    return written


if __name__ == "__main__":
    for path in render(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "light"):
        print(path)
