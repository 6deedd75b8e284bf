"""News-database exports holding many articles: Nexis Uni, LexisNexis Academic and Factiva.

Plain text, RTF (read with ``striprtf``) or DOCX (read with ``python-docx``). Three layouts are
recognised, each split into articles with headline, publication, date, byline, section and
length parsed; the document text is the headline, a blank line, and the body:

* **Nexis Uni** (LexisNexis since 2017, "Full document" export): headline, publication, date
  line, ``Copyright``; ``Section:``, ``Length:``, ``Byline:`` lines; ``Body``; the body;
  ``Classification`` / ``Load-Date:``; ``End of Document``.
* **LexisNexis Academic** (the layout Discourse Network Analyzer's LexisNexis importer reads):
  ``N of M DOCUMENTS``, publication, date line (edition), headline, ``BYLINE:``, ``SECTION:``,
  ``LENGTH:``, ``DATELINE:``, the body, then ``LOAD-DATE:``, ``LANGUAGE:``, ``URL:``….
* **Factiva** ("Article format" export): headline, optional ``By`` byline, ``N words``, date,
  publication, source code, language, copyright, the body, ``Document <accession number>``.
"""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path

from annotator.core.formats.common import FormatError, ParsedDocument, ParsedImport, Progress, keep_going, read_limited
from annotator.core.formats.registry import FormatSpec
from annotator.core.model import ArticleMetadata

from .decoding import decode_bytes

MONTHS = {name: number for number, names in enumerate(
    (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"), ("july", "jul"),
     ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"), ("december", "dec")), start=1) for name in names}  # fmt: skip
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE_MDY = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.IGNORECASE)
_DATE_DMY = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH})\.?,?\s+(\d{{4}})\b", re.IGNORECASE)
_ACADEMIC_START = re.compile(r"^\s*\d+\s+of\s+\d+\s+DOCUMENTS\s*$", re.MULTILINE)
_FACTIVA_END = re.compile(r"^\s*Document\s+[A-Za-z0-9]{16,}\s*$", re.MULTILINE)
_UNI_END = re.compile(r"^\s*End of Document\s*$", re.MULTILINE)
_FIELD = re.compile(r"^([A-Z][A-Z-]+):\s*(.*)$")
_HEADER_FIELDS = {"BYLINE", "SECTION", "LENGTH", "DATELINE", "HIGHLIGHT", "BODY"}
_WORDS = re.compile(r"^\s*[\d,.]+\s+words\s*$", re.IGNORECASE)


def news_date(line: str) -> datetime.date | None:
    for pattern, order in ((_DATE_MDY, "mdy"), (_DATE_DMY, "dmy")):
        match = pattern.search(line)
        if match:
            a, b, year = match.groups()
            month, day = (MONTHS[a.lower()], int(b)) if order == "mdy" else (MONTHS[b.lower()], int(a))
            try:
                return datetime.date(int(year), month, day)
            except ValueError:
                return None
    return None


def _clean_body(lines: list[str]) -> str:
    """Paragraphs kept, runs of blank lines made one, trailing spaces gone."""
    out: list[str] = []
    for line in lines:
        line = line.rstrip()
        if not line.strip():
            if out and out[-1] != "":
                out.append("")
            continue
        out.append(line.strip())
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)


def _article(headline: str | None, body: str, metadata: ArticleMetadata, source: str, number: int, stem: str, encoding: str) -> ParsedDocument:
    text = f"{headline}\n\n{body}\n" if headline else f"{body}\n"
    return ParsedDocument(source=f"{source}, article {number}", name=f"{stem}-{number}", text=text, metadata=metadata, encoding=encoding)


def _nonblank(lines: list[str]) -> list[tuple[int, str]]:
    return [(index, line.strip()) for index, line in enumerate(lines) if line.strip()]


def parse_nexis_uni(block: str) -> tuple[str | None, str, ArticleMetadata]:
    lines = block.split("\n")
    body_at = next((i for i, line in enumerate(lines) if line.strip() == "Body"), None)
    if body_at is None:
        raise ValueError("no 'Body' line")
    header = _nonblank(lines[:body_at])
    if not header:
        raise ValueError("no headline before 'Body'")
    fields = {}
    for _, line in header:
        name, sep, value = line.partition(":")
        if sep and name in ("Byline", "Length", "Section"):
            fields[name] = value.strip()
    headline = header[0][1]
    publication = header[1][1] if len(header) > 1 and ":" not in header[1][1] else None
    date_line = next((line for _, line in header[1:] if news_date(line)), None)
    end = next(
        (i for i in range(body_at + 1, len(lines)) if lines[i].strip() in ("Classification", "Graphic") or lines[i].startswith("Load-Date:")), len(lines)
    )
    return (
        headline,
        _clean_body(lines[body_at + 1 : end]),
        ArticleMetadata(
            headline=headline,
            byline=fields.get("Byline"),
            date=news_date(date_line) if date_line else None,
            date_text=date_line,
            source=publication,
        ),
    )


def parse_academic(block: str) -> tuple[str | None, str, ArticleMetadata]:
    lines = block.split("\n")
    fields_at = [(i, _FIELD.match(line.strip())) for i, line in enumerate(lines)]
    fields_at = [(i, m.group(1), m.group(2)) for i, m in fields_at if m is not None]
    header_fields = [(i, name, value) for i, name, value in fields_at if name in _HEADER_FIELDS]
    first_field = fields_at[0][0] if fields_at else len(lines)
    top = _nonblank(lines[:first_field])
    if len(top) < 2:
        raise ValueError("no publication and date before the first field")
    publication = top[0][1]
    date_index = next((k for k, (_, line) in enumerate(top) if news_date(line)), None)
    date_line = top[date_index][1] if date_index is not None else None
    after_date = top[(date_index or 0) + 1 :]
    # The last block of lines before the fields is the headline (an edition line may come first).
    headline = None
    if after_date:
        blocks: list[list[str]] = [[]]
        previous = after_date[0][0] - 1
        for index, line in after_date:
            if index > previous + 1 and blocks[-1]:
                blocks.append([])
            blocks[-1].append(line)
            previous = index
        headline = " ".join(blocks[-1])
    body_start = first_field
    if header_fields:
        body_start = header_fields[-1][0] + 1
        while body_start < len(lines) and lines[body_start].strip():  # a field's continuation lines
            body_start += 1
    trailer = next((i for i, name, _ in fields_at if i >= body_start and name not in _HEADER_FIELDS), len(lines))
    values = {name: value.strip() for _, name, value in fields_at}
    return (
        headline,
        _clean_body(lines[body_start:trailer]),
        ArticleMetadata(
            headline=headline,
            byline=values.get("BYLINE"),
            date=news_date(date_line) if date_line else None,
            date_text=date_line,
            url=values.get("URL"),
            source=publication,
        ),
    )


def parse_factiva(block: str) -> tuple[str | None, str, ArticleMetadata]:
    lines = block.split("\n")
    words_at = next((i for i, line in enumerate(lines) if _WORDS.match(line)), None)
    if words_at is None:
        raise ValueError("no 'N words' line")
    before = _nonblank(lines[:words_at])
    if not before:
        raise ValueError("no headline before the word count")
    byline = next((line.removeprefix("By ").strip() for _, line in before[1:] if line.startswith("By ")), None)
    headline = " ".join(line for _, line in before if not line.startswith("By ")) or None
    after = _nonblank(lines[words_at + 1 :])
    date_line = after[0][1] if after else None
    publication = after[1][1] if len(after) > 1 else None
    # The body follows the copyright line (or, without one, the source code and language lines).
    relative = next((index + 1 for index, line in after[2:8] if re.match(r"^(copyright|©|\(c\))", line, re.IGNORECASE)), None)
    if relative is None:
        relative = after[4][0] + 1 if len(after) > 4 else len(lines)
    body_from = words_at + 1 + relative
    return (
        headline,
        _clean_body(lines[body_from:]),
        ArticleMetadata(
            headline=headline,
            byline=byline,
            date=news_date(date_line) if date_line else None,
            date_text=date_line,
            source=publication,
        ),
    )


def split_articles(text: str) -> tuple[str, list[str]]:
    """(layout name, article blocks) of a whole export."""
    if _UNI_END.search(text):
        blocks = _UNI_END.split(text)
        return "Nexis Uni", [block for block in blocks if block.strip()]
    if _ACADEMIC_START.search(text):
        return "LexisNexis Academic", [block for block in _ACADEMIC_START.split(text)[1:] if block.strip()]
    if _FACTIVA_END.search(text):
        return "Factiva", [block for block in _FACTIVA_END.split(text) if block.strip()]
    return "", []


_PARSERS = {"Nexis Uni": parse_nexis_uni, "LexisNexis Academic": parse_academic, "Factiva": parse_factiva}


def read_export(path: Path) -> tuple[str, str]:
    """(text, encoding) of a .txt, .rtf or .docx export."""
    data = read_limited(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        try:
            from docx import Document as DocxDocument
        except ImportError:
            raise FormatError(path.name, "DOCX needs the Python package 'python-docx': pip install 'annotator[formats]'") from None

        try:
            paragraphs = DocxDocument(io.BytesIO(data)).paragraphs
        except Exception as error:  # python-docx raises zipfile, KeyError and its own errors for a broken file
            raise FormatError(path.name, f"is not a readable DOCX file ({type(error).__name__}: {error})") from None
        return "\n".join(paragraph.text for paragraph in paragraphs), "docx"
    text, encoding = decode_bytes(data, path.name)
    if suffix == ".rtf" or text.lstrip().startswith("{\\rtf"):
        try:
            from striprtf.striprtf import rtf_to_text
        except ImportError:
            raise FormatError(path.name, "RTF needs the Python package 'striprtf': pip install 'annotator[formats]'") from None
        if not text.lstrip().startswith("{\\rtf"):
            raise FormatError(path.name, "is not RTF (it does not start with {\\rtf)")
        try:
            return rtf_to_text(text), f"rtf ({encoding})"
        except Exception as error:  # striprtf's errors on broken groups
            raise FormatError(path.name, f"is not readable RTF ({error})") from None
    return text, encoding


def import_news_export(source: Path, progress: Progress | None = None) -> ParsedImport:
    files = sorted(p for p in source.iterdir() if p.suffix.lower() in (".txt", ".rtf", ".docx")) if source.is_dir() else [source]
    parsed = ParsedImport()
    for done, path in enumerate(files, start=1):
        try:
            text, encoding = read_export(path)
        except FormatError as error:
            parsed.problems.append(error)
            continue
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        layout, blocks = split_articles(text)
        if not blocks:
            parsed.problems.append(FormatError(path.name, "is not a Nexis Uni, LexisNexis Academic or Factiva export (no article markers found)"))
            continue
        for number, block in enumerate(blocks, start=1):
            try:
                headline, body, metadata = _PARSERS[layout](block)
            except ValueError as error:
                parsed.problems.append(FormatError(path.name, f"article {number} of the {layout} export cannot be read ({error})"))
                continue
            if not body.strip():
                parsed.problems.append(FormatError(path.name, f"article {number} of the {layout} export has no body text"))
                continue
            parsed.documents.append(_article(headline, body, metadata, path.name, number, path.stem, encoding))
        parsed.notes.append(f"{path.name}: {layout} export, {len(blocks)} article(s)")
        if not keep_going(progress, done, len(files), path.name):
            break
    return parsed


FORMAT = FormatSpec(
    name="news-export",
    title="Articles: Nexis Uni, LexisNexis Academic or Factiva export (.txt, .rtf, .docx)",
    extensions=(".txt", ".rtf", ".docx"),
    output="file",
    drops=(),
    importer=import_news_export,
)
