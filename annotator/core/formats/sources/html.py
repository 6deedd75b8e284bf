"""HTML pages: the article's main text and metadata, extracted by trafilatura.

Only the saved page is read: no script runs and nothing is fetched (trafilatura's
``bare_extraction`` works on the string it is given; ``fetch_url`` is never called).
The document text is the headline, a blank line and the main text; title, author, date,
URL (the page's canonical link) and site name become its metadata.
"""

from __future__ import annotations

from pathlib import Path

from annotator.core.formats.common import FormatError, ParsedDocument, ParsedImport, Progress, parse_each, read_limited
from annotator.core.formats.registry import FormatSpec
from annotator.core.model import ArticleMetadata

from .corpus import parse_date
from .decoding import decode_bytes


def parse_html(path: Path) -> ParsedDocument:
    from trafilatura import bare_extraction

    html, encoding = decode_bytes(read_limited(path), path.name)
    if "<" not in html:
        raise FormatError(path.name, "is not HTML")
    extracted = bare_extraction(html, with_metadata=True, include_comments=False, include_tables=True, include_images=False, include_links=False)
    body = (getattr(extracted, "text", None) or "").strip() if extracted is not None else ""
    if not body:
        raise FormatError(path.name, "holds no article text that trafilatura could find")
    title = (extracted.title or "").strip() or None
    lines = body.split("\n")
    if title and lines and lines[0].strip() == title:
        lines = lines[1:]  # trafilatura repeats the <h1>; the headline is written once
    main = "\n".join(line.strip() for line in lines).strip("\n")
    text = f"{title}\n\n{main}\n" if title else f"{main}\n"
    date_text = extracted.date or None
    metadata = ArticleMetadata(
        headline=title,
        byline=extracted.author or None,
        date=parse_date(date_text) if date_text else None,
        date_text=date_text,
        url=extracted.url or None,
        source=extracted.sitename or None,
    )
    return ParsedDocument(source=path.name, name=path.stem, text=text, metadata=metadata, encoding=encoding)


def import_html(source: Path, progress: Progress | None = None) -> ParsedImport:
    files = sorted(p for p in source.rglob("*") if p.suffix.lower() in (".html", ".htm") and not p.name.startswith(".")) if source.is_dir() else [source]
    parsed = ParsedImport()
    parse_each(parsed, files, lambda _, path: parse_html(path), progress, lambda path: path.name)
    if not files:
        parsed.problems.append(FormatError(source.name, "holds no .html files"))
    return parsed


FORMAT = FormatSpec(
    name="html",
    title="Articles: HTML pages (main text and metadata by trafilatura)",
    extensions=(".html", ".htm"),
    output="file",
    drops=(),
    importer=import_html,
    requires="trafilatura",
    source="folder",
)
