"""Article sources, each on files built here in its exact layout, with a broken one of each kind.

Layouts: Nexis Uni's "Full document" export (DOCX/RTF/TXT, "Body" ... "End of Document"), LexisNexis
Academic's text export ("N of M DOCUMENTS", uppercase fields: the layout Discourse Network
Analyzer's LexisNexis importer reads), Factiva's article format ("N words", "Document <accession>"),
JSONL/CSV corpora as scrapers and pandas write them, and saved HTML pages.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import docx
import pytest

from annotator import launcher
from annotator.core.formats import apply_import, get_format, plan_import
from annotator.core.formats.sources.decoding import decode_bytes
from annotator.core.storage import create_project, open_project

NEXIS_UNI = """Armenia freezes its participation in the CSTO

The Guardian (London)
February 23, 2024 Friday
Online Edition

Copyright 2024 Guardian News & Media Limited All Rights Reserved

Section: WORLD NEWS; Version:1
Length: 48 words
Byline: Andrew Roth in Moscow
Body

Armenia has frozen its participation in the CSTO, Nikol Pashinyan said on Friday.

The Kremlin said it regretted the decision.

Classification

Language: ENGLISH

Load-Date: February 23, 2024

End of Document

Moscow answers Yerevan

The Moscow Times
February 24, 2024 Saturday

Section: NEWS
Length: 12 words
Body

Dmitry Peskov said on Saturday that Moscow would respond.

Load-Date: February 24, 2024

End of Document
"""

ACADEMIC = """                              1 of 2 DOCUMENTS

                          The New York Times

                         February 23, 2024 Friday
                           Late Edition - Final

Armenia Steps Back From Russian-Led Alliance

BYLINE: By ANTON TROIANOVSKI

SECTION: Section A; Column 0; Foreign Desk; Pg. 6

LENGTH: 60 words

DATELINE: MOSCOW, Feb. 23

Prime Minister Nikol Pashinyan of Armenia said on Friday that his country had frozen
its participation in the Collective Security Treaty Organization.

The Kremlin declined to comment.

URL: https://www.nytimes.com/2024/02/23/world/europe/armenia-csto.html

LOAD-DATE: February 24, 2024

LANGUAGE: ENGLISH

PUBLICATION-TYPE: Newspaper

                              2 of 2 DOCUMENTS

                              The Washington Post

                             March 1, 2024 Friday

Yerevan looks west

BYLINE: Robyn Dixon

LENGTH: 20 words

Armenia is seeking closer ties with the European Union, officials said.

LOAD-DATE: March 2, 2024

LANGUAGE: ENGLISH
"""

FACTIVA = """Armenia freezes CSTO participation
By Jane Doe
350 words
23 February 2024
Reuters News
LBA
English
Copyright 2024 Thomson Reuters. All Rights Reserved.

YEREVAN, Feb 23 (Reuters) - Armenia has frozen its participation in the CSTO, Prime Minister Nikol Pashinyan said.

The Kremlin said it regretted the move.

Document LBA0000020240223ek2n00abc


Russia responds
120 words
24 February 2024
TASS
TASS
English
(c) 2024 TASS

Moscow will respond, Dmitry Peskov said.

Document TASS000020240224ek2o00def
"""


def run_import(tmp_path: Path, fmt: str, source: Path, **fields: str):  # noqa: ANN201
    store = create_project(tmp_path / "q", annotator="maria")
    parsed = get_format(fmt).importer(source, None, fields=fields) if fields else get_format(fmt).importer(source, None)
    plan = plan_import(store, parsed)
    if not plan.errors:
        apply_import(store, plan)
    return store, plan


def documents(store) -> list:  # noqa: ANN001
    return [store.load_document(entry.id) for entry in store.documents()]


def test_nexis_uni_text_export(tmp_path: Path) -> None:
    (tmp_path / "uni.txt").write_text(NEXIS_UNI, "utf-8")
    store, plan = run_import(tmp_path, "news-export", tmp_path / "uni.txt")
    assert not plan.errors
    first, second = documents(store)
    assert first.text.startswith("Armenia freezes its participation in the CSTO\n\nArmenia has frozen")
    assert first.text.endswith("The Kremlin said it regretted the decision.\n")
    meta = first.metadata
    assert (meta.headline, meta.source, meta.byline, meta.date) == (
        "Armenia freezes its participation in the CSTO",
        "The Guardian (London)",
        "Andrew Roth in Moscow",
        datetime.date(2024, 2, 23),
    )
    assert second.metadata.date == datetime.date(2024, 2, 24) and "Peskov" in second.text


def test_nexis_uni_docx_and_rtf_exports(tmp_path: Path) -> None:
    document = docx.Document()
    for line in NEXIS_UNI.split("\n"):
        document.add_paragraph(line)
    document.save(str(tmp_path / "uni.docx"))
    rtf = "{\\rtf1\\ansi\\deff0 " + "".join(line.replace("\\", "\\\\") + "\\par\n" for line in NEXIS_UNI.replace("&", "&").split("\n")) + "}"
    (tmp_path / "uni.rtf").write_text(rtf, "ascii")
    for name in ("uni.docx", "uni.rtf"):
        store, plan = run_import(tmp_path / name.replace(".", "_"), "news-export", tmp_path / name)
        assert not plan.errors, plan.errors
        first, second = documents(store)
        assert first.metadata.byline == "Andrew Roth in Moscow" and "Pashinyan said on Friday" in first.text
        assert first.source_encoding in ("docx", "rtf (utf-8)")


def test_lexisnexis_academic_export_in_windows_1252(tmp_path: Path) -> None:
    (tmp_path / "academic.txt").write_bytes(ACADEMIC.replace("Kremlin declined", "Kremlin’s spokesman declined").encode("cp1252"))
    store, plan = run_import(tmp_path, "news-export", tmp_path / "academic.txt")
    assert not plan.errors
    first, second = documents(store)
    assert first.metadata.headline == "Armenia Steps Back From Russian-Led Alliance"
    assert first.metadata.source == "The New York Times" and first.metadata.byline == "By ANTON TROIANOVSKI"
    assert first.metadata.url == "https://www.nytimes.com/2024/02/23/world/europe/armenia-csto.html"
    assert first.text.startswith("Armenia Steps Back From Russian-Led Alliance\n\nPrime Minister Nikol Pashinyan")
    assert "Kremlin’s spokesman" in first.text and "LOAD-DATE" not in first.text and "DATELINE" not in first.text
    assert first.source_encoding == "cp1252"  # detected by charset-normalizer, recorded
    assert second.metadata.date == datetime.date(2024, 3, 1) and second.metadata.headline == "Yerevan looks west"


def test_factiva_export(tmp_path: Path) -> None:
    (tmp_path / "factiva.txt").write_text(FACTIVA, "utf-8")
    store, plan = run_import(tmp_path, "news-export", tmp_path / "factiva.txt")
    assert not plan.errors
    first, second = documents(store)
    assert (first.metadata.headline, first.metadata.byline, first.metadata.source) == ("Armenia freezes CSTO participation", "Jane Doe", "Reuters News")
    assert first.metadata.date == datetime.date(2024, 2, 23)
    assert first.text == (
        "Armenia freezes CSTO participation\n\nYEREVAN, Feb 23 (Reuters) - Armenia has frozen its participation in the CSTO, "
        "Prime Minister Nikol Pashinyan said.\n\nThe Kremlin said it regretted the move.\n"
    )
    assert second.text == "Russia responds\n\nMoscow will respond, Dmitry Peskov said.\n"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("plain.txt", b"Just a letter, no export markers.\n", "plain.txt: is not a Nexis Uni, LexisNexis Academic or Factiva export"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "broken.docx: is not a readable DOCX file"),
        ("broken.rtf", b"this is not rtf", "broken.rtf: is not RTF"),
        ("binary.txt", b"\x00\x01\x02End of Document", "binary.txt: holds NUL bytes"),
        ("nobody.txt", b"Headline\n\nSection: X\n\nEnd of Document\n", "nobody.txt: article 1 of the Nexis Uni export cannot be read (no 'Body' line)"),
    ],
)
def test_broken_news_exports_are_named_and_nothing_is_written(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    (tmp_path / name).write_bytes(data)
    store, plan = run_import(tmp_path, "news-export", tmp_path / name)
    assert any(error.startswith(message) for error in plan.errors), plan.errors
    assert store.documents() == []


def test_jsonl_corpus_by_common_names_and_by_mapping(tmp_path: Path) -> None:
    rows = [
        {
            "headline": "Armenia freezes CSTO role",
            "body": "Pashinyan said on Friday...",
            "published": "2024-02-23T10:00:00Z",
            "outlet": "Azatutyun",
            "link": "https://example.org/a",
        },
        {"headline": "Moscow answers", "body": "Peskov said...", "published": "2024-02-24", "outlet": "TASS", "link": "https://example.org/b"},
    ]
    (tmp_path / "corpus.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows), "utf-8")
    store, plan = run_import(tmp_path, "jsonl-corpus", tmp_path / "corpus.jsonl")
    assert not plan.errors
    first, second = documents(store)
    assert first.text == "Pashinyan said on Friday..." and first.metadata.headline == "Armenia freezes CSTO role"
    assert (first.metadata.date, first.metadata.source, first.metadata.url) == (datetime.date(2024, 2, 23), "Azatutyun", "https://example.org/a")
    (tmp_path / "odd.jsonl").write_text(json.dumps({"story_text": "A text.", "hed": "Title"}) + "\n", "utf-8")
    store, plan = run_import(tmp_path / "odd", "jsonl-corpus", tmp_path / "odd.jsonl", text="story_text")
    assert not plan.errors and documents(store)[0].text == "A text." and documents(store)[0].metadata.headline == "Title"


def test_csv_corpus_with_semicolons_and_quoted_newlines(tmp_path: Path) -> None:
    (tmp_path / "corpus.csv").write_text('id;title;text;date\nart-1;First;"Line one.\nLine two.";2024-02-23\nart-2;Second;Other text.;\n', "utf-8")
    store, plan = run_import(tmp_path, "csv-corpus", tmp_path / "corpus.csv")
    assert not plan.errors
    assert [d.id for d in documents(store)] == ["art-1", "art-2"]
    assert documents(store)[0].text == "Line one.\nLine two." and documents(store)[0].metadata.date == datetime.date(2024, 2, 23)


@pytest.mark.parametrize(
    ("fmt", "name", "content", "message"),
    [
        ("jsonl-corpus", "c.jsonl", '{"text": "ok"}\n{"text": "broken\n', "c.jsonl, line 2: not JSON"),
        ("jsonl-corpus", "c.jsonl", '{"body_of_text": "x"}\n', "c.jsonl, line 1: no text field"),
        ("csv-corpus", "c.csv", "title,date\nA,2024-01-01\n", "c.csv, line 2: no text field"),
        ("csv-corpus", "c.csv", "title,text\nA,x,extra\n", "c.csv, line 2: row 1 has more cells than the header"),
    ],
)
def test_broken_corpora_are_named_with_their_line(tmp_path: Path, fmt: str, name: str, content: str, message: str) -> None:
    (tmp_path / name).write_text(content, "utf-8")
    store, plan = run_import(tmp_path, fmt, tmp_path / name)
    assert any(error.startswith(message) for error in plan.errors), plan.errors
    assert store.documents() == []


PAGE = """<!doctype html><html><head><meta charset="windows-1252"><title>Armenia freezes CSTO role | Example News</title>
<meta property="og:title" content="Armenia freezes CSTO role"><meta name="author" content="Ann Lee">
<meta property="article:published_time" content="2024-02-23T09:00:00+04:00"><link rel="canonical" href="https://news.example.org/armenia-csto">
<meta property="og:site_name" content="Example News"><script>document.title = "executed"; fetch("https://tracker.example/x")</script></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>Armenia freezes CSTO role</h1>
<p>Prime Minister Nikol Pashinyan said on Friday that Armenia had frozen its participation in the Collective Security Treaty Organization, the Russian-led military alliance.</p>
<p>The Kremlin said it regretted the decision and would seek clarification from Yerevan’s leaders in the coming days.</p></article>
<img src="https://tracker.example/pixel.gif"><footer>© Example News</footer></body></html>"""


def test_html_page_main_text_and_metadata_no_script_no_fetch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def no_network(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the HTML import opened a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    (tmp_path / "page.html").write_bytes(PAGE.encode("cp1252"))
    store, plan = run_import(tmp_path, "html", tmp_path / "page.html")
    assert not plan.errors, plan.errors
    [document] = documents(store)
    assert document.text.startswith("Armenia freezes CSTO role\n\nPrime Minister Nikol Pashinyan said on Friday")
    assert "Yerevan’s leaders" in document.text and "Home" not in document.text and "executed" not in document.text and "tracker" not in document.text
    meta = document.metadata
    assert (meta.byline, meta.date, meta.url, meta.source) == ("Ann Lee", datetime.date(2024, 2, 23), "https://news.example.org/armenia-csto", "Example News")


def test_html_without_an_article_is_refused(tmp_path: Path) -> None:
    (tmp_path / "empty.html").write_text("<html><head><script>write('text')</script></head><body></body></html>", "utf-8")
    store, plan = run_import(tmp_path, "html", tmp_path / "empty.html")
    assert plan.errors == ["empty.html: holds no article text that trafilatura could find"]


def test_decoding_detects_and_names_the_encoding() -> None:
    assert decode_bytes("Zoë".encode("utf-16"), "x") == ("Zoë", "utf-16")
    text, encoding = decode_bytes("Ceci est un café très agréable à Genève, où l’on parle français.".encode("cp1252"), "x")
    assert "très agréable à Genève" in text and encoding == "cp1252"
    russian = "Премьер-министр Армении Никол Пашинян заявил в пятницу, что страна заморозила участие в ОДКБ."
    assert decode_bytes(russian.encode("cp1251"), "x") == (russian, "cp1251")
    assert decode_bytes(russian.encode("koi8_r"), "x")[0] == russian


def test_import_of_a_source_from_the_command_line_and_again_adds_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "factiva.txt").write_text(FACTIVA, "utf-8")
    argv = ["import", str(tmp_path / "factiva.txt"), "--project", str(tmp_path / "p"), "--format", "news-export"]
    assert launcher.main(argv) == 0
    assert "(2 new document(s)" in capsys.readouterr().out
    assert launcher.main(argv) == 0
    captured = capsys.readouterr()
    assert "(0 new document(s)" in captured.out and "already in the project" in captured.err
    with open_project(tmp_path / "p", read_only=True) as store:
        assert len(store.documents()) == 2
