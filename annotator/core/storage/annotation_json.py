"""An annotation file's bytes, rendered from the JSON of each span as it was last written.

An autosave writes 5,000 spans of which the coder changed one: turning every span into
data and then into JSON again was most of a save (about 5 of 9 ms for 5,000 spans, bench S4).
A span is an immutable model, so its JSON never changes: ``AnnotationJson`` keeps, per
document, each span's JSON (``orjson.Fragment``, indented as it stands in the file) and its
file-order key, by the identity of the span object, and a save renders only the spans it has
not seen. The cache entry holds the span, so an id in the cache always belongs to that live
object. The bytes are those of ``dump_json`` on the same file, byte for byte
(``tests/core/test_annotation_json.py``), so a file's text never depends on what was cached.

The last bytes written per document are kept too: a save checks the file on disk against
them by one comparison instead of hashing it (equal bytes have equal hashes; different bytes
fall back to the hash), so an outside change is still seen whatever its size and mtime.

Thread-safe: the folder store saves on a worker thread and may save on the caller's.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from itertools import compress, count
from operator import is_not, le

import orjson

from annotator.core.compact import compact_dump
from annotator.core.model import SCHEMA_VERSION, AnnotationFile, Span
from annotator.core.storage.base import Fingerprint

# (file-order key, the span's JSON as a fragment, the span itself: it keeps the id taken)
_Entry = tuple[tuple[int, int, str, str], orjson.Fragment, Span]
# A document's last render: its spans as given, their entries and fragments in file order.
_Last = tuple[Sequence[Span], list[_Entry], list[orjson.Fragment]]

_STALE_KEPT = 2  # a document's cache holds at most about twice the spans of its last save
DOCUMENTS_KEPT = 8  # the documents a coder goes back and forth between; about 1 MB each at 5,000 spans


class AnnotationJson:
    """Renders annotation files as ``dump_json`` does, reusing the JSON of spans already written."""

    def __init__(self, documents: int = DOCUMENTS_KEPT) -> None:
        self._documents = documents
        self._lock = threading.Lock()
        self._spans: OrderedDict[str, dict[int, _Entry]] = OrderedDict()
        self._written: OrderedDict[str, tuple[Fingerprint, bytes]] = OrderedDict()
        self._last: OrderedDict[str, _Last] = OrderedDict()

    def render(self, annotation_file: AnnotationFile) -> bytes:
        """The file's bytes with its spans in file order and the current schema version."""
        doc_id = annotation_file.document_id
        spans = annotation_file.spans
        with self._lock:
            known = self._spans.get(doc_id, {})
            last = self._last.get(doc_id)
        fresh: list[_Entry] = []
        spliced = None if last is None else _splice(annotation_file, spans, last, known)
        if spliced is not None:
            ready, fragments, fresh = spliced
        else:
            entries: list[_Entry | None] = list(map(known.get, map(id, spans)))
            if None in entries:
                missing = [span for span, entry in zip(spans, entries, strict=True) if entry is None]
                fresh = _entries(annotation_file, missing)
                made = iter(fresh)
                entries = [entry if entry is not None else next(made) for entry in entries]
            ready = entries  # type: ignore[assignment]  # every gap was filled above
            keys = [entry[0] for entry in ready]
            if not all(map(le, keys, keys[1:])):  # file order, whatever order the caller built
                ready = [ready[i] for i in sorted(range(len(ready)), key=keys.__getitem__)]
                spans = tuple(entry[2] for entry in ready)  # the last render's spans stand as its entries do
            fragments = [entry[1] for entry in ready]
        data = compact_dump(annotation_file.model_copy(update={"spans": (), "schema_version": SCHEMA_VERSION}))
        data["spans"] = fragments
        rendered = orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"
        with self._lock:
            cache = self._spans.get(doc_id)
            if cache is None or len(cache) + len(fresh) > _STALE_KEPT * len(ready) + 64:
                # Rebuilt from this save's spans once the replaced ones would outnumber them;
                # until then new spans are added (rebuilding 5,000 entries was a third of a save).
                cache = {id(entry[2]): entry for entry in ready}
            else:
                cache.update((id(entry[2]), entry) for entry in fresh)
            self._keep(self._spans, doc_id, cache)
            self._keep(self._last, doc_id, (tuple(spans), ready, fragments))  # a tuple: never changed after
        return rendered

    def unchanged(self, doc_id: str, current: bytes | None, expected: Fingerprint) -> bool:
        """Whether ``current`` (the file's bytes, None: no file) is what ``expected`` fingerprints."""
        with self._lock:
            written = self._written.get(doc_id)
        if written is not None and written[0] == expected and current is not None:
            return current == written[1]
        return Fingerprint.of_bytes(current) == expected

    def written(self, doc_id: str, data: bytes) -> Fingerprint:
        """Remember ``data`` as the file's bytes now; its fingerprint."""
        fingerprint = Fingerprint.of_bytes(data)
        with self._lock:
            self._keep(self._written, doc_id, (fingerprint, data))
        return fingerprint

    def _keep(self, cache: OrderedDict, doc_id: str, value: object) -> None:
        cache[doc_id] = value
        cache.move_to_end(doc_id)
        while len(cache) > self._documents:
            cache.popitem(last=False)


def common_ends(spans: Sequence[Span], old_spans: Sequence[Span]) -> tuple[int, int]:
    """How many spans at the start and at the end of ``spans`` are the very objects at the start
    and the end of ``old_spans`` (never more, together, than the shorter holds): what a few
    edits left of a save's spans. Found in C, a pointer comparison a span."""
    shorter = min(len(spans), len(old_spans))
    head = next(compress(count(), map(is_not, spans, old_spans)), shorter)
    tail = min(next(compress(count(), map(is_not, reversed(spans), reversed(old_spans))), shorter), shorter - head)
    return head, tail


def _splice(
    annotation_file: AnnotationFile, spans: Sequence[Span], last: _Last, known: dict[int, _Entry]
) -> tuple[list[_Entry], list[orjson.Fragment], list[_Entry]] | None:
    """The entries and fragments of ``spans`` made from the document's last render, and the
    entries made new; ``None`` where the spans that differ would not stand in file order.

    A save after an edit holds the spans of the last one but a few: the same objects before
    and after the place edited (``common_ends``), so only the spans between them are looked up
    or rendered: a save costs what the edit changed, not a pass in Python over every span."""
    old_spans, old_ready, old_fragments = last
    head, tail = common_ends(spans, old_spans)
    between = spans[head : len(spans) - tail]
    entries: list[_Entry | None] = list(map(known.get, map(id, between)))
    fresh: list[_Entry] = []
    if None in entries:
        fresh = _entries(annotation_file, [span for span, entry in zip(between, entries, strict=True) if entry is None])
        made = iter(fresh)
        entries = [entry if entry is not None else next(made) for entry in entries]
    middle: list[_Entry] = entries  # type: ignore[assignment]  # every gap was filled above
    # The last render stood in file order: so does this one if the new entries do, next to
    # the kept ones on either side.
    keys = [entry[0] for entry in middle]
    if head:
        keys.insert(0, old_ready[head - 1][0])
    if tail:
        keys.append(old_ready[len(old_ready) - tail][0])
    if not all(map(le, keys, keys[1:])):
        return None
    cut = len(old_ready) - tail
    ready = [*old_ready[:head], *middle, *old_ready[cut:]]
    fragments = [*old_fragments[:head], *(entry[1] for entry in middle), *old_fragments[cut:]]
    return ready, fragments, fresh


def _entries(annotation_file: AnnotationFile, spans: list[Span]) -> list[_Entry]:
    """Cache entries for ``spans``: dumped and written to JSON in one call each, as ``dump_json`` does.

    The list's JSON is cut into its items: orjson indents two spaces a level and a JSON string
    never holds a raw line break, so ``},\n  {`` occurs only between two items of the list.
    An item stands in the file inside the "spans" list, a level deeper than in this list."""
    dumped = compact_dump(annotation_file.model_copy(update={"spans": tuple(spans)}))["spans"]
    whole = orjson.dumps(dumped, option=orjson.OPT_INDENT_2)
    pieces = whole[len(b"[\n  {") : -len(b"}\n]")].split(_BETWEEN_ITEMS)
    return [(span.sort_key(), orjson.Fragment((b"{" + piece + b"}").replace(b"\n", b"\n  ")), span) for span, piece in zip(spans, pieces, strict=True)]


_BETWEEN_ITEMS = b"},\n  {"
