"""What the window does when saving fails, files are bad, or the project is held elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from annotator.core.model import AnnotationFile, Span
from annotator.core.storage import FolderProject
from annotator.gui.main_window import MainWindow
from tests.gui.test_tagging_flow import FIRST, SECOND, annotation_file, offsets_of


@pytest.fixture(autouse=True)
def _no_modal_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record message boxes instead of blocking on them."""
    shown: list[str] = []

    def record(_parent, title, text, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        shown.append(f"{title}: {text}")
        return QMessageBox.StandardButton.Discard

    for name in ("warning", "information", "critical", "question"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(record))
    return shown


def tag(window: MainWindow, needle: str, label: str = "actor") -> None:
    window.view.select_offsets(*offsets_of(window, needle))
    window.span_editor.apply_label(label)


def test_failed_save_keeps_document_unsaved_and_says_so_once(qtbot, window: MainWindow, monkeypatch) -> None:  # noqa: ANN001
    def broken(*_args, **_kwargs):  # noqa: ANN002, ANN003
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(window.project, "save_annotations", broken)
    failures: list[str] = []
    window.session.save_failed.connect(failures.append)
    tag(window, "Armenia")
    window.session.save()
    window.session.wait_for_save()
    qtbot.wait(20)
    tag(window, "Moscow")
    window.session.save()
    window.session.wait_for_save()
    qtbot.wait(20)
    assert len(failures) == 1 and "No space left" in failures[0]
    assert window.isWindowModified() and window.session.modified
    assert "NOT SAVED" in window.save_label.text()
    assert "No space left" in window.statusBar().currentMessage()

    monkeypatch.undo()
    window.session.save()
    qtbot.waitUntil(lambda: not window.session.modified, timeout=3000)
    assert "saved" in window.save_label.text() and not window.isWindowModified()


def test_file_changed_on_disk_is_not_overwritten(qtbot, window: MainWindow, seed_project: Path, _no_modal_boxes) -> None:  # noqa: ANN001
    tag(window, "Armenia")
    window.save_current()
    path = next((seed_project / "annotations").rglob(f"{FIRST}.json"))
    outside = path.read_bytes().replace(b'"actor"', b'"claim"')  # same size
    path.write_bytes(outside)
    tag(window, "Moscow")
    window.save_current()
    assert path.read_bytes() == outside
    assert "changed on disk" in window.statusBar().currentMessage()
    assert window.session.modified


def test_invalid_annotation_file_opens_read_only_and_is_never_overwritten(open_window, seed_project: Path, _no_modal_boxes) -> None:  # noqa: ANN001
    with FolderProject.open(seed_project) as project:
        document = project.load_document(FIRST)
        bad = AnnotationFile(
            document_id=FIRST,
            annotator=project.annotator,
            text_sha256=document.text_sha256,
            spans=(Span(id="s1", start=0, end=5, label="actor", text="Wrong"),),
        )
        path = project.annotation_path(FIRST)
        path.parent.mkdir(parents=True)
        path.write_bytes(bad.model_dump_json().encode())
    before = path.read_bytes()
    window = open_window(seed_project)
    assert any("Invalid annotation file" in text and "Wrong" in text for text in _no_modal_boxes)
    assert window.banner.isVisible() and "not valid" in window.banner.text()
    assert window.document_model.index(0, 2).data() == "error"
    tag(window, "Armenia")
    assert len(window.session.annotations) == 0
    assert "Read-only" in window.statusBar().currentMessage()
    window.close()
    assert path.read_bytes() == before


def test_an_invalid_file_switched_to_is_reported_never_used_and_never_overwritten(open_window, seed_project: Path, qtbot, _no_modal_boxes) -> None:  # noqa: ANN001
    """The switch path (collector held, set built without a second check) still refuses a file
    that fails validation: one span of the wrong text among good ones, in the second document."""
    import gc

    with FolderProject.open(seed_project) as project:
        document = project.load_document(SECOND)
        good = [Span(id=f"s{i}", start=i * 4, end=i * 4 + 3, label="actor", text=document.text[i * 4 : i * 4 + 3]) for i in range(1, 6)]
        bad = Span(id="s9", start=0, end=5, label="actor", text="Wrong")
        path = project.annotation_path(SECOND)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(
            AnnotationFile(document_id=SECOND, annotator=project.annotator, text_sha256=document.text_sha256, spans=(*good, bad)).model_dump_json().encode()
        )
    before = path.read_bytes()
    window = open_window(seed_project)
    assert not _no_modal_boxes
    window.select_document(SECOND)
    assert window.session.document.id == SECOND
    assert any("Invalid annotation file" in text and "Wrong" in text for text in _no_modal_boxes)
    assert window.banner.isVisible() and "not valid" in window.banner.text()
    assert len(window.session.annotations) == 0 and window.span_model.rowCount() == 0  # none of its spans is used
    qtbot.waitUntil(gc.isenabled)
    tag(window, window.session.document.text.split()[0])  # read-only: nothing is added
    assert len(window.session.annotations) == 0
    window.select_document(FIRST)
    window.select_document(SECOND)  # back to it: still refused, still read-only
    assert window.banner.isVisible() and len(window.session.annotations) == 0
    window.close()
    assert path.read_bytes() == before


def test_second_window_on_the_same_project_is_read_only(open_window, seed_project: Path) -> None:  # noqa: ANN001
    first = open_window(seed_project)
    tag(first, "Armenia")
    first.save_current()
    second = open_window(seed_project)
    assert not second.project.writable
    assert second.banner.isVisible() and "read-only" in second.banner.text()
    tag(second, "Moscow")
    assert [s.text for s in second.session.annotations.spans()] == ["Armenia"]
    second.close()
    assert [s.text for s in annotation_file(seed_project, FIRST).spans] == ["Armenia"]


def test_quit_saves_every_open_document(open_window, seed_project: Path) -> None:  # noqa: ANN001
    window = open_window(seed_project)
    tag(window, "Armenia")
    window.step_document(+1)
    tag(window, "Pashinyan")
    window.close()
    assert [s.text for s in annotation_file(seed_project, FIRST).spans] == ["Armenia"]
    assert [s.text for s in annotation_file(seed_project, SECOND).spans] == ["Pashinyan"]


def test_metadata_can_be_corrected_and_is_kept(open_window, seed_project: Path, monkeypatch) -> None:  # noqa: ANN001
    from annotator.gui import main_window as main_window_module

    window = open_window(seed_project)
    original = main_window_module.MetadataDialog

    class Accepting(original):
        def exec(self) -> int:
            self.byline.setText("Agence France-Presse")
            self.date.setText("2024-02-24")
            self.accept()
            return self.result()

    monkeypatch.setattr(main_window_module, "MetadataDialog", Accepting)
    window.edit_metadata()
    assert window.document_model.index(0, 1).data() == "2024-02-24"
    window.close()
    reopened = open_window(seed_project)
    assert reopened.session.document.metadata.byline == "Agence France-Presse"


def test_metadata_dialog_rejects_a_bad_date(qtbot) -> None:  # noqa: ANN001
    from annotator.core.model import ArticleMetadata
    from annotator.gui.metadata_panel import MetadataDialog

    dialog = MetadataDialog(ArticleMetadata())
    qtbot.addWidget(dialog)
    dialog.date.setText("23/02/2024")
    dialog.accept()
    assert dialog.result() != MetadataDialog.DialogCode.Accepted
    assert "YYYY-MM-DD" in dialog.error.text()


def test_import_folder_in_background_reports_bad_files(qtbot, window: MainWindow, tmp_path: Path, _no_modal_boxes) -> None:  # noqa: ANN001
    source = tmp_path / "incoming"
    source.mkdir()
    (source / "good.txt").write_text("A headline\n\nBy Reuters\n\nMarch 1, 2024\n\nThe minister said on Friday that talks would go on.\n")
    (source / "empty.txt").write_bytes(b"")
    (source / "broken.txt").write_bytes(b"caf\xc3\xa9 and caf\xe9 au lait")  # damaged UTF-8 (Latin-1 alone is imported)
    window.import_from(source)
    qtbot.waitUntil(lambda: not window.import_flow.running, timeout=5000)
    assert window.document_model.rowCount() == 3
    assert "Imported 1 article(s); 2 file(s) skipped" in window.statusBar().currentMessage()
