"""Reading news articles from disk and recognising their layout.

Invariants:

* ``Document.text`` is the decoded file with CRLF / lone CR turned into LF and
  nothing else changed: no stripping, no reflowing, no tag removal. Offsets are
  made on that text later, so this is the only moment a rewrite is safe.
* Metadata is only filled where the layout is clear; everything else stays
  ``None`` and the missing pieces are listed as warnings for the user.
* Nothing here touches the network. HTML is refused rather than rendered,
  because rendering would change the text the offsets refer to.

Threading: every function is pure or reads files only, so ``import_articles``
may run on a worker thread; its ``progress`` callback is called on that thread.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from annotator.core.lazy_pattern import LazyPattern
from annotator.core.model import ArticleMetadata, Document, LineEndings, is_safe_identifier, text_sha256
from annotator.core.safe_files import FileTooLargeError, NotRegularFileError, describe_os_error, read_regular, resolve
from annotator.core.text_decoding import TextDecodingError, decode_text

ARTICLE_SUFFIXES = frozenset({".txt", ".text", ".md"})
_UNICODE_ENCODINGS = frozenset({"utf-8", "utf-8-sig", "utf-16", "utf-32"})
_ENCODING_NAMES = {"cp1252": "Windows-1252", "latin_1": "Latin-1", "cp1250": "Windows-1250", "cp1251": "Windows-1251", "iso8859_15": "Latin-9"}
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
DEFAULT_MAX_BYTES = 20_000_000
# A few stray control characters are kept (and reported); more than this share means binary.
_MAX_CONTROL_SHARE = 0.05
# Byline and date are only looked for near the top, where the layout puts them.
_HEADER_LINES = 8
# Unicode category Cc without the whitespace ones (tab, line breaks, form feed).
_CONTROL_CHARS = LazyPattern(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


class ArticleReadError(Exception):
    """One file that could not be imported, with a one-line reason for the user."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path.name}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self) -> tuple[type[ArticleReadError], tuple[Path, str]]:
        # The default pickling passes the formatted message back to __init__.
        return (type(self), (self.path, self.reason))


@dataclass(frozen=True)
class ImportedArticle:
    document: Document
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportReport:
    imported: list[ImportedArticle] = field(default_factory=list)
    failures: list[ArticleReadError] = field(default_factory=list)
    cancelled: bool = False
    # Files not imported because their text is already in the project (or earlier in the batch).
    duplicates: list[str] = field(default_factory=list)


# --- metadata -----------------------------------------------------------------

_MARKDOWN_HEADING = LazyPattern(r"^#{1,6}\s+")
_BYLINE = LazyPattern(r"^(?:By|BY|by)\s+(?P<who>\S.*)$")
_DATE_LABEL = LazyPattern(r"^(?:(?:Published|Updated|Posted|Date)(?:\s+on)?\s*:?\s*)", re.IGNORECASE)
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|Mon|Tue|Tues|Wed|Thu|Thur|Fri|Sat|Sun)\.?,?\s+"
_TIME = r"(?:\s*(?:,|at|\||T)?\s*\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s*(?:Z|[A-Z]{2,5}|[+-]\d{2}:?\d{2}))?)?"
_ORD = r"(?:st|nd|rd|th)?"
_DATE_FORMS = [
    LazyPattern(rf"^(?:{_WEEKDAY})?(?P<month>[A-Za-z]{{3,9}})\.?\s+(?P<day>\d{{1,2}}){_ORD},?\s+(?P<year>\d{{4}}){_TIME}$"),
    LazyPattern(rf"^(?:{_WEEKDAY})?(?P<day>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<month>[A-Za-z]{{3,9}})\.?,?\s+(?P<year>\d{{4}}){_TIME}$"),
    LazyPattern(rf"^(?P<year>\d{{4}})-(?P<month>\d{{1,2}})-(?P<day>\d{{1,2}}){_TIME}$"),
]
_NUMERIC_DATE = LazyPattern(rf"^(?P<a>\d{{1,2}})[/.](?P<b>\d{{1,2}})[/.](?P<year>\d{{4}}){_TIME}$")
_RELATED = LazyPattern(r"^(?:Related|Read\s+also|Read\s+more|See\s+also)(?:\s+(?:article|articles|story|stories|content))?\s*:\s*(?P<title>.*)$", re.IGNORECASE)
_URL_LABEL = LazyPattern(r"^(?:Original\s+(?:url|link)|Source\s+url|url)\s*:\s*(?P<rest>.*)$", re.IGNORECASE)
_URL = LazyPattern(r"^<?(?P<url>https?://\S+?)>?$")
# A caption ends in a sentence, then the photo credit: split after sentence punctuation.
_CAPTION_SPLIT = LazyPattern(r"[.!?][\"”’')]?\s+")
_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "col", "lt", "sgt", "capt", "gov", "sen", "rep", "prof", "rev", "no", "vs", "inc", "co", "ltd"}
)
_CREDIT_WORDS = LazyPattern(r"\b(?:photo|photograph|image|credit|courtesy)\b", re.IGNORECASE)
_AGENCIES = LazyPattern(
    r"\b(?:AFP|AP|Reuters|TASS|Getty(?: Images)?|EPA|Sputnik|Xinhua|RIA Novosti|Anadolu|Bloomberg|Shutterstock|Wikimedia(?: Commons)?|Unsplash)\b"
)
_DOMAIN = LazyPattern(r"\b[a-z0-9-]+\.[a-z]{2,6}\b")
_CREDIT_LABEL = LazyPattern(r"^(?:(?:photo|image|picture)s?(?:\s+credit)?|credit)\s*:\s*", re.IGNORECASE)
_PAREN_CREDIT = LazyPattern(r"^(?P<caption>.+?)\s*\((?P<credit>(?:photo|image|picture|credit)s?\s*:[^()]+)\)$", re.IGNORECASE)


def parse_metadata(text: str) -> ArticleMetadata:
    """What the layout of ``text`` says about the article; missing fields are ``None``."""
    return _parse_metadata(text)[0]


def _parse_metadata(text: str) -> tuple[ArticleMetadata, list[str]]:
    """Metadata plus the warnings the user should see about it."""
    warnings: list[str] = []
    # Lines are only looked at, never sliced back into the text, so any line break will do.
    raw_lines = [line.strip() for line in re.split(r"\r\n|\r|\n", text.lstrip("\ufeff")) if line.strip()]
    content = [_MARKDOWN_HEADING.sub("", line) for line in raw_lines]
    header = content[:_HEADER_LINES]

    byline_at = next((i for i, line in enumerate(header) if _byline(line) is not None), None)
    byline = _byline(header[byline_at]) if byline_at is not None else None

    date_at: int | None = None
    found_date: date | None = None
    date_text: str | None = None
    for i, line in enumerate(header):
        parsed = _date(line)
        if parsed is not None:
            date_at, (found_date, date_text, problem) = i, parsed
            if problem:
                warnings.append(problem)
            break

    headline: str | None = None
    if content and not _is_layout_line(content[0]):
        # A first line is only a headline if it is marked as one or the byline/date follow it.
        marked = bool(_MARKDOWN_HEADING.match(raw_lines[0]))
        followed = any(i is not None and 1 <= i <= 3 for i in (byline_at, date_at))
        if len(content[0]) <= 300 and (marked or followed):
            headline = content[0]

    caption = credit = None
    anchors = [i for i in (byline_at, date_at) if i is not None]
    if anchors:
        after = max(anchors) + 1
        if after < len(content) and not _is_layout_line(content[after]):
            caption, credit = _split_caption(content[after])

    related: list[str] = []
    url: str | None = None
    url_label_seen = False
    for i, line in enumerate(content):
        if (match := _RELATED.match(line)) and match["title"].strip():
            related.append(match["title"].strip())
        elif url is None and (match := _URL_LABEL.match(line)):
            url_label_seen = True
            # The address may sit on the label's line or on the next non-empty one.
            rest = match["rest"].strip() or (content[i + 1] if i + 1 < len(content) else "")
            if found := _URL.match(rest):
                url = found["url"]
            else:
                warnings.append(f"the line {line[:80]!r} has no http(s) address after it")

    if headline is None:
        warnings.append("no headline found")
    if byline is None:
        warnings.append("no byline found")
    if date_at is None:
        warnings.append("no date line found")
    if url is None and not url_label_seen:
        warnings.append("no original URL found")
    metadata = ArticleMetadata(
        headline=headline,
        byline=byline,
        date=found_date,
        date_text=date_text,
        caption=caption,
        caption_credit=credit,
        related=tuple(related),
        url=url,
    )
    return metadata, warnings


def _is_layout_line(line: str) -> bool:
    return bool(_byline(line) or _date(line) or _RELATED.match(line) or _URL_LABEL.match(line))


def _byline(line: str) -> str | None:
    match = _BYLINE.match(line)
    if not match:
        return None
    who = match["who"].strip()
    # "By the end of the year, ..." is a sentence, not a byline.
    if not who[0].isupper() or who[-1] in ".!?:;," or len(who.split()) > 12:
        return None
    return who


def _date(line: str) -> tuple[date | None, str, str | None] | None:
    """``(date, date_text, problem)`` if the whole line is a date, else ``None``."""
    written = _DATE_LABEL.sub("", line).strip()
    for form in _DATE_FORMS:
        if match := form.match(written):
            from annotator.core.dates.lexicon import MONTHS  # the dates package: loaded by the first article read, not the window

            month_text = match["month"].lower()
            month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text)
            if month is None:
                return None
            return _make_date(int(match["year"]), month, int(match["day"]), written)
    if match := _NUMERIC_DATE.match(written):
        a, b = int(match["a"]), int(match["b"])
        if a != b and a <= 12 and b <= 12:
            return None, written, f"the date {written!r} could be day/month or month/day: left empty"
        day, month = (a, b) if a > 12 else (b, a)
        return _make_date(int(match["year"]), month, day, written)
    return None


def _make_date(year: int, month: int, day: int, written: str) -> tuple[date | None, str, str | None]:
    try:
        return date(year, month, day), written, None
    except ValueError:
        return None, written, f"the date {written!r} does not exist: left empty"


def _split_caption(line: str) -> tuple[str | None, str | None]:
    """Split "Caption sentence. Credit / Agency" into its parts, or ``(None, None)`` if unclear."""
    if len(line) > 500:
        return None, None
    if match := _PAREN_CREDIT.match(line):
        return match["caption"], _CREDIT_LABEL.sub("", match["credit"]).strip()
    # The last split that leaves a credit-like tail wins, skipping initials and titles ("J. Smith").
    for split in reversed(list(_CAPTION_SPLIT.finditer(line))):
        words_before = line[: split.start()].split()
        word = words_before[-1].lower() if words_before else ""
        if len(word) < 2 or "." in word or word in _ABBREVIATIONS:  # "J. Smith", "U.S. Army", "Dr. Who"
            continue
        credit = line[split.end() :].strip()
        if _looks_like_credit(credit):
            return line[: split.end()].rstrip(), _CREDIT_LABEL.sub("", credit).strip()
    return None, None


def _looks_like_credit(credit: str) -> bool:
    if not credit or len(credit) > 100 or len(credit.split()) > 12 or credit[-1] in '.!?"”:;,':
        return False
    return bool("/" in credit or "©" in credit or _CREDIT_WORDS.search(credit) or _AGENCIES.search(credit) or _DOMAIN.search(credit))


# --- reading files ----------------------------------------------------------------


def detect_line_endings(text: str) -> LineEndings:
    crlf = text.count("\r\n")
    kinds = {
        LineEndings.CRLF: crlf,
        LineEndings.CR: text.count("\r") - crlf,
        LineEndings.LF: text.count("\n") - crlf,
    }
    present = [kind for kind, count in kinds.items() if count]
    if not present:
        return LineEndings.NONE
    return present[0] if len(present) == 1 else LineEndings.MIXED


def read_article(path: Path, doc_id: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ImportedArticle:
    """Read one article file into a ``Document`` with id ``doc_id``.

    Raises ``ArticleReadError`` with a one-line reason for any file that cannot be
    taken as it is; ``ValueError`` if ``doc_id`` is not a safe identifier (a caller bug).
    """
    if not is_safe_identifier(doc_id):
        raise ValueError(f"unsafe document id {doc_id!r}")
    try:
        path.name.encode("utf-8")
    except UnicodeEncodeError:
        # The name is stored in the document as source_file, which must be valid text.
        raise ArticleReadError(path, "the file name is not valid UTF-8; rename the file") from None
    if path.suffix.lower() in HTML_SUFFIXES:
        raise ArticleReadError(path, "HTML files are not imported (tags would change the text); save the article as plain text first")
    raw = _read_bytes(path, max_bytes)
    decoded, encoding = _decode(path, raw)
    warnings: list[str] = []
    if encoding not in _UNICODE_ENCODINGS:
        warnings.append(f"not UTF-8: read as {_ENCODING_NAMES.get(encoding, encoding)} (detected); check accented letters")
    if not decoded.strip():
        raise ArticleReadError(path, "the file is empty")
    if re.match(r"\s*<(?:!doctype\s+html|html[\s>])", decoded[:1000], re.IGNORECASE):
        raise ArticleReadError(path, "this is an HTML page, not plain text; save the article as plain text first")
    controls = len(_CONTROL_CHARS.findall(decoded))
    if controls > _MAX_CONTROL_SHARE * len(decoded) or "\x00" in decoded:
        raise ArticleReadError(path, f"looks binary ({controls} control characters in {len(decoded)})")
    if controls:
        warnings.append(f"contains {controls} control character(s), kept as they are")

    endings = detect_line_endings(decoded)
    text = decoded.replace("\r\n", "\n").replace("\r", "\n")
    metadata, metadata_warnings = _parse_metadata(text)
    try:
        document = Document.create(
            doc_id,
            text,
            metadata=metadata,
            source_file=path.name,
            source_encoding=encoding,
            line_endings=endings,
            line_endings_normalised=text != decoded,
        )
    except ValidationError as error:  # e.g. a lone surrogate, with its position
        raise ArticleReadError(path, "; ".join(item["msg"].removeprefix("Value error, ") for item in error.errors()[:3])) from None
    return ImportedArticle(document=document, warnings=(*warnings, *metadata_warnings))


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise ArticleReadError(path, "is a folder" if stat.S_ISDIR(info.st_mode) else "is not a regular file")
        if info.st_size > max_bytes:
            raise ArticleReadError(path, f"the file is {info.st_size:,} bytes, more than the {max_bytes:,} byte limit")
        # Checked again on the open file, without blocking: it may have become a FIFO or grown since the stat.
        return read_regular(path, limit=max_bytes)
    except FileTooLargeError:
        raise ArticleReadError(path, f"the file is more than the {max_bytes:,} byte limit") from None
    except NotRegularFileError:
        raise ArticleReadError(path, "is not a regular file") from None
    except OSError as error:
        raise ArticleReadError(path, f"cannot be read: {describe_os_error(error)}") from error


def _decode(path: Path, raw: bytes) -> tuple[str, str]:
    try:
        return decode_text(raw)
    except TextDecodingError as error:
        raise ArticleReadError(path, error.message) from None


# --- ids, folders, batches ---------------------------------------------------------


def document_id_for(path: Path, taken: set[str]) -> str:
    """A safe, unused document id made from ``path``'s stem; ``taken`` is not changed.

    Uniqueness is checked case-insensitively because ids become file names and
    Windows and macOS file systems fold case.
    """
    stem = Path(path.name).stem if path.name else ""
    # Keep the readable part of accented names ("café" -> "cafe") before dropping the rest.
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_stem)
    base = re.sub(r"\.{2,}", ".", base)
    # Must start with a letter or digit; trailing dots vanish on Windows.
    base = re.sub(r"^[^A-Za-z0-9]+", "", base).rstrip(".-")[:100].rstrip(".-") or "document"
    if not is_safe_identifier(base):  # only a Windows device name ("CON", "nul.tar") is left to fail
        head, dot, rest = base.partition(".")
        base = f"{head}_{dot}{rest}"
    folded = {item.lower() for item in taken}
    candidate, number = base, 1
    while candidate.lower() in folded:
        number += 1
        candidate = f"{base}-{number}"
    assert is_safe_identifier(candidate), candidate
    return candidate


def iter_article_files(source: Path) -> list[Path]:
    """``[source]`` for a file; for a folder, its article files at any depth, sorted by relative path.

    Hidden files and folders are skipped, folders reached by symlinks are not
    entered, and symlinked files are kept only if they resolve inside ``source``.
    A subfolder that cannot be listed is returned as a path so the import reports it.
    """
    if not source.is_dir():
        if not source.exists():
            raise ArticleReadError(source, "no such file or folder")
        return [source]
    root = source.resolve()
    found: list[Path] = []

    def unreadable(error: OSError) -> None:
        if error.filename and Path(error.filename) != source:
            found.append(Path(error.filename))
        else:
            raise ArticleReadError(source, f"cannot be listed: {error.strerror or error}") from error

    for folder, dirnames, filenames in os.walk(source, onerror=unreadable):
        dirnames[:] = [name for name in dirnames if not name.startswith(".")]
        for name in filenames:
            path = Path(folder, name)
            # HTML files are listed so that the import says why it skips each one.
            if name.startswith(".") or path.suffix.lower() not in ARTICLE_SUFFIXES | HTML_SUFFIXES:
                continue
            if path.is_symlink():
                try:
                    if not resolve(path).is_relative_to(root):
                        continue
                except OSError:
                    pass  # a symlink loop: kept, so that reading it reports it and the other files go on
            found.append(path)
    return sorted(found, key=lambda p: (p.relative_to(source).as_posix().lower(), p.as_posix()))


def import_articles(
    paths: Iterable[Path],
    taken_ids: set[str],
    progress: Callable[[int, int, Path], bool] | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    known_texts: dict[str, str] | None = None,
) -> ImportReport:
    """Read every path; a bad file becomes a failure and the rest go on.

    A file whose text is identical to a document of ``known_texts`` (text sha256 ->
    document id, the project's documents) or to an earlier file of the batch is
    not imported; the report's ``duplicates`` says so for each.

    ``progress(done, total, path)`` is called after each file; returning ``False``
    stops before the next one and marks the report cancelled. ``taken_ids`` is not
    changed: the new ids are in the report's documents.
    """
    paths = list(paths)
    taken = set(taken_ids)
    imported: list[ImportedArticle] = []
    failures: list[ArticleReadError] = []
    seen_texts: dict[str, str] = dict(known_texts or {})
    duplicates: list[str] = []
    for done, path in enumerate(paths, start=1):
        try:
            doc_id = document_id_for(path, taken)
            article = read_article(path, doc_id, max_bytes=max_bytes)
        except ArticleReadError as error:
            failures.append(error)
        else:
            digest = text_sha256(article.document.text)
            if digest in seen_texts:
                duplicates.append(f"{path.name}: same text as document {seen_texts[digest]}; not imported again")
            else:
                taken.add(doc_id)
                seen_texts[digest] = doc_id
                imported.append(article)
        # Only an explicit False cancels, so a callback that returns nothing does not stop the import.
        if progress is not None and progress(done, len(paths), path) is False and done < len(paths):
            return ImportReport(imported, failures, cancelled=True, duplicates=duplicates)
    return ImportReport(imported, failures, duplicates=duplicates)
