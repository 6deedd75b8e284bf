"""Opening, reloading and closing the window's project, and what changes with it (coder, labels).

Functions of the window, called from its actions (gui/window_actions.py) and its few public
methods; each leaves the window showing a whole project, or the previous one when opening fails.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from annotator.core.actors import ActorRegistry
from annotator.core.codebook import Codebook
from annotator.core.storage import ProjectError
from annotator.core.workspace import OpenedProject, open_path
from annotator.gui.codebook_flow import CodebookFlow
from annotator.gui.models import DocumentListModel
from annotator.gui.open_documents import create_session, go_to_offset, remember_place
from annotator.gui.plain_text import plain_message
from annotator.gui.window_actions import build_label_actions
from annotator.gui.window_docks import size_document_columns
from annotator.gui.working_day import ask_coder_name, journalled_documents


def load_project(window: QMainWindow, opened: OpenedProject) -> None:
    """Show ``opened`` in the window: its registry, codebook, labels and documents, on the coder's last place."""
    window.project = opened.project
    window.registry = ActorRegistry(window.project.settings.actors)
    window.registry.add_listener(window._on_registry_changed)
    window.codebook = Codebook(window.project.settings.topics)
    window.codebook_flow = CodebookFlow(
        window.codebook, window.project, lambda: window.session, lambda: list(window._sessions.values()), window.tell, window._on_codebook_changed, window
    )
    window._on_codebook_changed()
    # Counting mentions reads every annotation file: done in the background so that a
    # large project opens at once; the Actors panel fills in when it is ready.
    window.mention_tracker.reset()
    if window.actor_dock.built_panel is not None:  # else it reads them when first built
        window.actor_dock.built_panel.set_data(window.registry, window.mentions, window._document_title)
    if window.actor_dock.isVisible() and not window.actor_dock.visibleRegion().isEmpty():
        window._build_mentions()
    window.view.set_scheme(window.project.scheme)
    window.span_model.set_scheme(window.project.scheme)
    build_label_actions(window)
    window.document_model = DocumentListModel(window.project, window)
    window.document_model.set_filter(window.document_filter.text())  # filtered in the model, no proxy
    window.document_table.setModel(window.document_model)
    size_document_columns(window.document_table)
    window.document_table.selectionModel().currentRowChanged.connect(window._on_document_row_changed)
    for message in opened.messages:
        window.tell(message)
    if opened.report is not None:
        window.import_flow.report(opened.report, quiet=True)
    # Every document a run that died left edits of is offered back now, not only when opened.
    for doc_id in journalled_documents(window.project):
        if doc_id not in window._sessions:
            create_session(window, doc_id)
    place = window.place_memory.recall(window.project)
    if place is not None:
        window.select_document(place[0])
        if window.session is not None and window.session.document.id == place[0]:
            go_to_offset(window, place[1])
    elif window.document_model.rowCount():
        window.document_table.selectRow(0)
    if window.session is None:
        window.show_session(None)
    window.view.setFocus()


def change_coder_name(window: QMainWindow) -> None:
    """Annotations are filed per coder: the project reopens under the new name."""
    name = ask_coder_name(window, window.project.annotator)
    if name is None or not close_project(window):
        return
    load_project(window, open_path(Path(window.project.location), annotator=name))
    window.tell(f"Coding as {name}")


def edit_label_scheme(window: QMainWindow) -> None:
    if not window.project.writable:
        window.tell("Read-only: the labels of this project cannot be changed here")
        return
    from annotator.gui.label_scheme_dialog import LabelSchemeDialog  # a dialog: loaded when first opened, not at start

    dialog = LabelSchemeDialog(window.project.scheme, window)
    if dialog.exec() != LabelSchemeDialog.DialogCode.Accepted:
        return
    try:
        window.project.update_label_scheme(dialog.scheme())
    except (ProjectError, OSError) as error:
        QMessageBox.warning(window, "Labels not changed", str(error))
        return
    window.view.set_scheme(window.project.scheme)
    window.span_model.set_scheme(window.project.scheme)
    build_label_actions(window)
    window.tell("Labels saved")


def choose_and_open(window: QMainWindow) -> None:
    folder = QFileDialog.getExistingDirectory(window, "Open a project folder, or a folder of articles to import")
    if folder:
        open_folder(window, Path(folder))


def choose_and_open_database(window: QMainWindow) -> None:
    from annotator.gui.open_database import ask_database_url  # a dialog: loaded when first opened

    url = ask_database_url(window, window.project.location)
    if url:
        open_folder(window, url)


def open_folder(window: QMainWindow, path: Path | str) -> None:
    """Open a project folder, articles to import, or a postgresql:// URL, in place of this project."""
    if not close_project(window):
        return
    try:
        opened = open_path(path, annotator=window.project.annotator)
    except ProjectError as error:
        QMessageBox.warning(window, "Cannot open", str(error))
        reopened = window.project.reopen(annotator=window.project.annotator)
        opened = OpenedProject(reopened, messages=list(reopened.warnings))
    load_project(window, opened)


def save_all(window: QMainWindow) -> bool:
    """Save every open document now (before an export or import reads the project)."""
    unsaved = [s for s in list(window._sessions.values()) if not s.save_blocking()]
    if unsaved:
        window.tell(f"Not saved: {unsaved[0].document.title}; {unsaved[0].last_error or ''}", timeout=0)
    return not unsaved


def reload_project(window: QMainWindow) -> None:
    """Open the project again (after an import changed it), on the same document."""
    current = window.session.document.id if window.session else None
    open_folder(window, Path(window.project.location))
    if current is not None and window.project.entry(current) is not None:
        window.select_document(current)


def close_project(window: QMainWindow) -> bool:
    """Save every open document and release the project; False if the user cancels."""
    window.stop_import_flow()
    window.search_parts.stop()
    remember_place(window, write_now=True)
    window.stop_exchange_flow()
    window.suggestions.stop()
    window.corpus_suggestions_menu.stop()
    window.mention_tracker.stop()
    unsaved = [s for s in window._sessions.values() if not s.save_blocking()]
    if unsaved:
        names = ", ".join(s.document.title for s in unsaved[:5])
        answer = QMessageBox.warning(
            window,
            "Unsaved annotations",
            plain_message(f"These documents could not be saved: {names}\n\n{unsaved[0].last_error or ''}\n\nClose anyway and lose those changes?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Discard:
            return False
    window.show_session(None)
    for session in window._sessions.values():
        session.close()
        window.undo_group.removeStack(session.undo_stack)
        session.deleteLater()
    window._sessions.clear()
    window.project.close()
    return True


def choose_and_import(window: QMainWindow) -> None:
    if not window.project.writable:
        window.tell("Read-only: cannot import into this project")
        return
    folder = QFileDialog.getExistingDirectory(window, "Import a folder of articles")
    if folder:
        window.import_from(Path(folder))
