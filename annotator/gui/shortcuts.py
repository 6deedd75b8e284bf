"""Every keyboard shortcut of the window: its action, its default keys, and the coder's own.

``SHORTCUTS`` lists each action once, with the keys it has by default. A coder's
rebindings are kept with QSettings (group ``shortcuts``) by ``ShortcutBindings``;
the main window binds its actions from it and the help text is generated from it,
so the two can never disagree. Two actions may not share a key, nor take a key of
the project's labels: ``conflicts`` finds both and the preferences dialog refuses them.

Why the defaults move span starts with Alt+, and Alt+. (read "<" and ">" on most
layouts): Alt+Shift+Left/Right, the old keys, are taken by common window managers
(Openbox and LXDE move the window to another desktop, some GNOME setups switch
input sources), and Ctrl+Alt+arrows and Super+arrows are workspace and tiling keys.
Alt with a punctuation key is used neither by Qt's text navigation nor by those
window managers, and is no menu mnemonic. The Alt+Shift keys stay as second keys
where the desktop lets them through.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence

SETTINGS_GROUP = "shortcuts"


@dataclass(frozen=True)
class ShortcutSpec:
    id: str
    text: str  # what the action does, for the preferences dialog and the help
    defaults: tuple[str, ...]  # portable key strings (QKeySequence.PortableText)
    group: str


SHORTCUTS: tuple[ShortcutSpec, ...] = (
    ShortcutSpec("open", "Open a project or articles", ("Ctrl+O",), "File"),
    ShortcutSpec("open_database", "Open a shared project on a PostgreSQL server", ("Ctrl+Shift+O",), "File"),
    ShortcutSpec("import", "Import articles", ("Ctrl+I",), "File"),
    ShortcutSpec("save", "Save now (saving is also automatic)", ("Ctrl+S",), "File"),
    ShortcutSpec("save_copy", "Save a copy of the annotations elsewhere (a project gone or a full disk)", ("Ctrl+Shift+S",), "File"),
    ShortcutSpec("export", "Export annotations to another tool's format", ("Ctrl+Shift+E",), "File"),
    ShortcutSpec("quit", "Quit", ("Ctrl+Q",), "File"),
    ShortcutSpec("preferences", "Preferences (these shortcuts)", ("Ctrl+,",), "File"),
    ShortcutSpec("undo", "Undo", ("Ctrl+Z",), "Edit"),
    ShortcutSpec("redo", "Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "Edit"),
    ShortcutSpec(
        "delete_span", "Remove the selected span (and the links to it); with no span selected, reject the current suggestion", ("Del", "Backspace"), "Edit"
    ),
    ShortcutSpec("grow_end", "Grow the selected span's end by a token", ("Alt+Right",), "Edit"),
    ShortcutSpec("shrink_end", "Shrink the selected span's end by a token", ("Alt+Left",), "Edit"),
    ShortcutSpec("grow_start", "Grow the selected span's start by a token", ("Alt+,", "Alt+Shift+Left"), "Edit"),
    ShortcutSpec("shrink_start", "Shrink the selected span's start by a token", ("Alt+.", "Alt+Shift+Right"), "Edit"),
    ShortcutSpec("link_actor", "Link the selected actor mention to the registry", ("L",), "Edit"),
    ShortcutSpec("link_claim", "Link the selected claim: pick its claimant and date (Shift: target); Esc ends", ("K",), "Edit"),
    ShortcutSpec("pick", "In link mode: pick the span reached with Tab; with no span selected, accept the current suggestion", ("Return",), "Edit"),
    ShortcutSpec(
        "pick_target",
        "In link mode: pick it as the claim's target; with no span selected, accept the current suggestion and the rest of its paragraph",
        ("Shift+Return",),
        "Edit",
    ),
    ShortcutSpec("snap", "Snap selections to words (on / off)", ("Ctrl+Shift+W",), "Edit"),
    ShortcutSpec("done", "Mark the document done (or in progress again)", ("Ctrl+D",), "Edit"),
    ShortcutSpec("metadata", "Edit the article's metadata", ("Ctrl+Shift+M",), "Edit"),
    ShortcutSpec("find", "Find in the article (Enter / Shift+Enter walk the hits, Esc closes)", ("Ctrl+F",), "Edit"),
    ShortcutSpec("find_corpus", "Search the whole corpus (a result opens the article at the hit)", ("Ctrl+Shift+F",), "Edit"),
    ShortcutSpec("next_document", "Next document", ("Ctrl+PgDown", "Alt+Down"), "Go"),
    ShortcutSpec("previous_document", "Previous document", ("Ctrl+PgUp", "Alt+Up"), "Go"),
    ShortcutSpec("next_span", "Select the next span (in the article)", ("Tab",), "Go"),
    ShortcutSpec("previous_span", "Select the previous span (in the article)", ("Shift+Tab",), "Go"),
    ShortcutSpec("next_suggestion", "Go to the next suggestion (Enter accepts it, Backspace rejects it)", ("N",), "Go"),
    ShortcutSpec("previous_suggestion", "Go to the previous suggestion", ("Shift+N",), "Go"),
    ShortcutSpec(
        "finish_and_next",
        "Done with the span in Details (an accepted claim's fields): back to the article and on to the next suggestion",
        ("Ctrl+Return",),
        "Go",
    ),
    ShortcutSpec("focus_documents", "Focus the document list", ("Ctrl+L",), "Go"),
    ShortcutSpec("focus_article", "Focus the article", ("Ctrl+T",), "Go"),
    ShortcutSpec("focus_spans", "Focus the span list", ("Ctrl+K",), "Go"),
    ShortcutSpec("focus_details", "The Details panel", ("F6",), "Go"),
    ShortcutSpec("focus_actors", "The Actors panel", ("F7",), "Go"),
    ShortcutSpec("focus_checks", "The Checks panel", ("F8",), "Go"),
    ShortcutSpec("focus_analysis", "The Analysis panel: actor network, claim timeline, progress", ("F9",), "Go"),
    ShortcutSpec("actor_new", "Actors panel: new actor", ("Ctrl+Shift+N",), "Actors"),
    ShortcutSpec("actor_rename", "Actors panel: rename the selected actor", ("F2",), "Actors"),
    ShortcutSpec("actor_alias", "Actors panel: add an alias", ("Ctrl+Shift+A",), "Actors"),
    ShortcutSpec("actor_edit", "Actors panel: edit type and note", ("Ctrl+E",), "Actors"),
    ShortcutSpec("help", "List the keyboard shortcuts", ("F1",), "Help"),
)
SPECS: dict[str, ShortcutSpec] = {spec.id: spec for spec in SHORTCUTS}

# Keys of the article view itself (Qt text navigation and selection), listed in the help, not rebindable.
FIXED_KEYS: tuple[tuple[str, str], ...] = (
    ("Shift+arrows, mouse drag", "select text (snaps to whole words and drops surrounding punctuation unless Snap is off)"),
    ("Ctrl+Shift+Left / Right", "select by word"),
    ("Ctrl+Shift+Up / Down", "select to the previous sentence start / the next sentence end"),
    ("Esc", "clear the selection, or end link mode"),
)


def normalised(key: str) -> str:
    """``key`` in Qt's portable spelling ("ctrl+shift+z" -> "Ctrl+Shift+Z"); "" if it is no key."""
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.PortableText)


def conflicts(bindings: Mapping[str, Iterable[str]], reserved: Mapping[str, str] | None = None) -> list[str]:
    """Why ``bindings`` (action id -> keys) cannot be used, one line per clash; empty when they can.

    ``reserved`` maps keys that belong to something else (the labels' hotkeys) to its name.
    """
    owner: dict[str, str] = {normalised(key): name for key, name in (reserved or {}).items()}
    problems: list[str] = []
    for action_id, keys in bindings.items():
        text = SPECS[action_id].text if action_id in SPECS else action_id
        for key in keys:
            key = normalised(key)
            if not key:
                continue
            if key in owner and owner[key] != text:
                problems.append(f"{key} is both “{owner[key]}” and “{text}”")
            else:
                owner[key] = text
    return problems


class ShortcutBindings:
    """The keys of every action: the defaults, overridden by what the coder saved in QSettings."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings if settings is not None else QSettings("annotator", "annotator")
        self._keys: dict[str, tuple[str, ...]] = {}
        self._settings.beginGroup(SETTINGS_GROUP)
        for spec in SHORTCUTS:
            saved = self._settings.value(spec.id)
            if saved is None:
                self._keys[spec.id] = spec.defaults
            else:
                values = [saved] if isinstance(saved, str) else list(saved)
                self._keys[spec.id] = tuple(normalised(v) for v in values if normalised(str(v)))
        self._settings.endGroup()
        if conflicts(self._keys):
            self._keys = {spec.id: spec.defaults for spec in SHORTCUTS}  # a settings file edited by hand: defaults win

    def keys(self, action_id: str) -> tuple[str, ...]:
        return self._keys[action_id]

    def sequences(self, action_id: str) -> list[QKeySequence]:
        return [QKeySequence(key) for key in self._keys[action_id]]

    def all(self) -> dict[str, tuple[str, ...]]:
        return dict(self._keys)

    def update(self, bindings: Mapping[str, Iterable[str]], reserved: Mapping[str, str] | None = None) -> list[str]:
        """Take and keep new bindings; refused (nothing changes) when ``conflicts`` finds any."""
        clean = {action_id: tuple(k for k in (normalised(key) for key in keys) if k) for action_id, keys in bindings.items()}
        merged = {**self._keys, **clean}
        problems = conflicts(merged, reserved)
        if problems:
            return problems
        self._keys = merged
        self._settings.beginGroup(SETTINGS_GROUP)
        for spec in SHORTCUTS:
            if merged[spec.id] == spec.defaults:
                self._settings.remove(spec.id)
            else:
                self._settings.setValue(spec.id, list(merged[spec.id]))
        self._settings.endGroup()
        self._settings.sync()
        return []


def shortcut_help(bindings: ShortcutBindings, label_keys: Iterable[tuple[str, str]] = ()) -> str:
    """The help dialog's table, from the current bindings."""

    def native(keys: Iterable[str]) -> str:
        return " or ".join(QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText) for key in keys) or "(none)"

    rows = [f"<tr><td><b>{_escape(keys)}</b></td><td>{_escape(text)}</td></tr>" for keys, text in FIXED_KEYS]
    rows += [f"<tr><td><b>{_escape(key)}</b></td><td>tag the selection as {_escape(name)}, or relabel the selected span</td></tr>" for key, name in label_keys]
    rows += [f"<tr><td><b>{_escape(native(bindings.keys(spec.id)))}</b></td><td>{_escape(spec.text)}</td></tr>" for spec in SHORTCUTS]
    return "<h3>Keyboard</h3><table cellspacing=4>" + "".join(rows) + "</table><p>Change any of them in File → Preferences.</p>"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
