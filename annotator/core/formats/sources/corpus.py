"""JSONL and CSV corpora: one article per line or row, a text field and metadata fields.

Fields are found by common names (``text``, ``body``, ``content``…; ``title``, ``headline``…;
``date``, ``published``…; ``source``, ``publication``…; ``url``, ``link``; ``author``,
``byline``; ``id``), case-insensitively, or named by the user (``fields={"text": "article_body"}``,
``--field text=article_body`` on the command line). These are the layouts scrapers and
news APIs write (news-please, Media Cloud, GDELT-derived CSVs, pandas ``to_csv``/``to_json``).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Mapping
from pathlib import Path

from annotator.core.formats.common import FormatError, ParsedDocument, ParsedImport, Progress, json_line, parse_each, read_limited
from annotator.core.formats.registry import FormatSpec
from annotator.core.model import ArticleMetadata

from .decoding import decode_bytes

COMMON_NAMES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "full_text", "fulltext", "maintext", "article_text", "story"),
    "title": ("title", "headline", "heading", "hed"),
    "date": ("date", "published", "publication_date", "pub_date", "date_publish", "publish_date", "published_at", "datetime", "timestamp"),
    "source": ("source", "publication", "outlet", "publisher", "media", "sitename", "site", "source_domain", "newspaper"),
    "url": ("url", "link", "uri", "web_url"),
    "byline": ("byline", "author", "authors", "by"),
    "id": ("id", "doc_id", "document_id", "article_id", "guid"),
}


def field_map(keys: list[str], fields: Mapping[str, str] | None) -> dict[str, str]:
    """Our field -> the record's key: the user's mapping first, then the common names."""
    lowered = {key.lower().strip(): key for key in keys}
    found: dict[str, str] = {}
    for ours, names in COMMON_NAMES.items():
        if fields and ours in fields:
            found[ours] = fields[ours]
            continue
        hit = next((lowered[name] for name in names if name in lowered), None)
        if hit is not None:
            found[ours] = hit
    return found


def parse_date(value: str) -> datetime.date | None:
    match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value)
    if match:
        try:
            return datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            return None
    return None


def _text_of(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return ", ".join(str(item) for item in value if item) or None
    text = str(value).strip()
    return text or None


def article(record: Mapping[str, object], mapping: dict[str, str], source: str, line: int, stem: str, encoding: str) -> ParsedDocument:
    text_key = mapping.get("text")
    text = record.get(text_key) if text_key else None
    if not isinstance(text, str) or not text.strip():
        names = ", ".join(COMMON_NAMES["text"][:4])
        raise FormatError(
            source,
            f"no article text (a field named {text_key!r})" if text_key else f"no text field (looked for {names}…; name it with --field text=NAME)",
            line,
        )
    values = {ours: _text_of(record.get(key)) for ours, key in mapping.items() if ours != "text"}
    date_text = values.get("date")
    metadata = ArticleMetadata(
        headline=values.get("title"),
        byline=values.get("byline"),
        date=parse_date(date_text) if date_text else None,
        date_text=date_text,
        url=values.get("url"),
        source=values.get("source"),
    )
    name = values.get("id") or f"{stem}-{line}"
    return ParsedDocument(source=f"{source}:{line}", name=name, text=text.replace("\r\n", "\n").replace("\r", "\n"), metadata=metadata, encoding=encoding)


def import_jsonl(source: Path, progress: Progress | None = None, fields: Mapping[str, str] | None = None) -> ParsedImport:
    parsed = ParsedImport()
    try:
        content, encoding = decode_bytes(read_limited(source), source.name)
    except FormatError as error:
        parsed.problems.append(error)
        return parsed
    lines = [(number, line) for number, line in enumerate(content.split("\n"), start=1) if line.strip()]

    def parse_line(_: int, numbered: tuple[int, str]) -> ParsedDocument:
        number, line = numbered
        record = json_line(line, source.name, number)
        if not isinstance(record, dict):
            raise FormatError(source.name, "not a JSON object", number)
        return article(record, field_map(list(record), fields), source.name, number, source.stem, encoding)

    parse_each(parsed, lines, parse_line, progress, lambda _: source.name)
    if not lines:
        parsed.problems.append(FormatError(source.name, "holds no articles"))
    return parsed


def import_csv(source: Path, progress: Progress | None = None, fields: Mapping[str, str] | None = None) -> ParsedImport:
    parsed = ParsedImport()
    try:
        content, encoding = decode_bytes(read_limited(source), source.name)
    except FormatError as error:
        parsed.problems.append(error)
        return parsed
    try:
        dialect = csv.Sniffer().sniff(content[:20000], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))
    reader = csv.DictReader(io.StringIO(content, newline=""), dialect=dialect)
    try:
        rows = list(reader)
    except csv.Error as error:
        parsed.problems.append(FormatError(source.name, f"is not valid CSV ({error})", reader.line_num))
        return parsed
    mapping = field_map(list(reader.fieldnames or []), fields)
    if fields and any(key not in (reader.fieldnames or []) for key in fields.values()):
        missing = [key for key in fields.values() if key not in (reader.fieldnames or [])]
        parsed.problems.append(FormatError(source.name, f"has no column {missing[0]!r} (its columns: {', '.join(reader.fieldnames or [])})", 1))
        return parsed

    def parse_row(number: int, row: dict) -> ParsedDocument:
        line = number + 1  # the header is line 1 (multi-line cells make this the row number)
        if None in row:
            raise FormatError(source.name, f"row {number} has more cells than the header", line)
        return article(row, mapping, source.name, line, source.stem, encoding)

    parse_each(parsed, rows, parse_row, progress, lambda _: source.name)
    if not rows:
        parsed.problems.append(FormatError(source.name, "holds no articles"))
    return parsed


JSONL_FORMAT = FormatSpec(
    name="jsonl-corpus",
    title="Articles: JSONL corpus (one article per line)",
    extensions=(".jsonl", ".ndjson"),
    output="file",
    drops=(),
    importer=import_jsonl,
    takes_fields=True,
)

CSV_FORMAT = FormatSpec(
    name="csv-corpus",
    title="Articles: CSV corpus (one article per row)",
    extensions=(".csv", ".tsv"),
    output="file",
    drops=(),
    importer=import_csv,
    takes_fields=True,
)

FORMATS = [JSONL_FORMAT, CSV_FORMAT]
