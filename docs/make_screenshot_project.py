"""Build the annotated sample project shown in the README screenshot.

    python docs/make_screenshot_project.py /tmp/shot-project
    ../shared/tools/shot.sh docs/screenshot.png 5 .venv/bin/annotator /tmp/shot-project
"""

import sys
from pathlib import Path

from annotator.core.annotations import AnnotationSet
from annotator.core.edits import AddSpan
from annotator.core.store import Fingerprint, Project
from annotator.core.workspace import import_into

TAGS = [
    ("Armenia", "actor", 0),
    ("Prime Minister Nikol Pashinyan said in an interview published on Friday", "claim", 0),
    ("Nikol Pashinyan", "actor", 0),
    ("Friday", "date", 0),
    ("Yerevan", "actor", 0),
    ("Moscow", "actor", 0),
    ("last year", "date", 0),
    ("Russian peacekeepers", "actor", 0),
    ("In practice, we have frozen our participation in this organization", "claim", 0),
    ("Armenian Prime Minister Nikol Pashinyan", "actor", 0),
    ("Collective Security Treaty Organisation", "actor", 0),
    ("the end of last year", "date", 0),
    ("Kremlin spokesman Dmitry Peskov", "actor", 0),
]


def main(root: Path) -> None:
    with Project.create(root, "Armenia and the CSTO") as project:
        import_into(project, Path(__file__).resolve().parents[1] / "seeds")
        document = project.load_document(project.documents()[0].id)
        annotations = AnnotationSet(document)
        for needle, label, nth in TAGS:
            start = -1
            for _ in range(nth + 1):
                start = document.text.index(needle, start + 1)
            AddSpan(span=annotations.make_span(start, start + len(needle), label)).apply(annotations)
        project.save_annotations(annotations.snapshot(project.annotator), Fingerprint(None))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
