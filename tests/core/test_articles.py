"""Reading article files: decoding, refusals, metadata, ids, folders and batches."""

from __future__ import annotations

import os
import pickle
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from annotator.core.articles import (
    ArticleReadError,
    ImportReport,
    document_id_for,
    import_articles,
    iter_article_files,
    parse_metadata,
    read_article,
)
from annotator.core.model import ArticleMetadata, LineEndings, is_safe_identifier, text_sha256

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def read_error(path: Path, **kwargs: int) -> str:
    with pytest.raises(ArticleReadError) as caught:
        read_article(path, "doc", **kwargs)
    assert caught.value.path == path
    assert str(caught.value) == f"{path.name}: {caught.value.reason}"
    assert "\n" not in caught.value.reason
    return caught.value.reason


# --- the seed articles -----------------------------------------------------------


def test_seed_with_plain_headline() -> None:
    article = read_article(SEEDS / "000_d40578fe3dc4c4eb.txt", "seed0")
    assert article.document.metadata == ArticleMetadata(
        headline="Armenia Says 'Froze' Participation in Russia-Led Security Bloc",
        byline="AFP",
        date=date(2024, 2, 23),
        date_text="February 23, 2024",
        caption="Armenian Prime Minister Nikol Pashinin and Vladimir Putin.",
        caption_credit="Vladimir Smirnov, TASS / kremlin.ru",
        related=("Kremlin Hopes Armenia Joining ICC Will Not Affect Relations",),
        url="https://www.themoscowtimes.com/2024/02/23/armenia-says-froze-participation-in-russia-led-security-bloc-a84221",
    )
    assert article.warnings == ()


def test_seed_with_markdown_headings() -> None:
    article = read_article(SEEDS / "003_50cdf573a4cb5bb2.txt", "seed3")
    assert article.document.metadata == ArticleMetadata(
        headline="Armenia Might Quit Russia-Led Military Bloc - PM",
        byline="AFP",
        date=date(2023, 5, 22),
        date_text="May 22, 2023",
        caption="Armenian Prime Minister Nikol Pashinyan.",
        caption_credit="Alexander Patrin / TASS",
        related=("Armenia-Azerbaijan Clashes Threaten to Derail Peace Talks",),
        url="https://www.themoscowtimes.com/2023/05/22/armenia-might-quit-russia-led-military-bloc-pm-a81235",
    )
    assert article.warnings == ()


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_seed_text_is_kept_byte_for_byte(seed: Path) -> None:
    document = read_article(seed, "seed").document
    assert document.text == seed.read_bytes().decode("utf-8")
    assert document.text_sha256 == text_sha256(document.text)
    assert document.source_file == seed.name
    assert (document.source_encoding, document.line_endings, document.line_endings_normalised) == ("utf-8", LineEndings.LF, False)


# --- metadata variants --------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected", "written"),
    [
        ("February 23, 2024", date(2024, 2, 23), "February 23, 2024"),
        ("Feb. 23, 2024", date(2024, 2, 23), "Feb. 23, 2024"),
        ("Sept 3 2024", date(2024, 9, 3), "Sept 3 2024"),
        ("23 February 2024", date(2024, 2, 23), "23 February 2024"),
        ("Published: 2024-02-23", date(2024, 2, 23), "2024-02-23"),
        ("Updated on 2024-02-23T10:30:00Z", date(2024, 2, 23), "2024-02-23T10:30:00Z"),
        ("Friday, February 23, 2024 10:30 AM", date(2024, 2, 23), "Friday, February 23, 2024 10:30 AM"),
        ("23/02/2024", date(2024, 2, 23), "23/02/2024"),
        ("## May 22, 2023", date(2023, 5, 22), "May 22, 2023"),
    ],
)
def test_date_line_variants(line: str, expected: date, written: str) -> None:
    metadata = parse_metadata(f"Headline\n\nBy AFP\n\n{line}\n\nBody text.\n")
    assert (metadata.date, metadata.date_text) == (expected, written)


@pytest.mark.parametrize(("line", "warning"), [("02/03/2024", "day/month"), ("February 30, 2024", "does not exist")])
def test_unclear_dates_are_left_empty_and_said(tmp_path: Path, line: str, warning: str) -> None:
    article = read_article(write(tmp_path, "a.txt", f"Headline\nBy AFP\n{line}\nBody.\n"), "a")
    assert article.document.metadata.date is None
    assert article.document.metadata.date_text == line
    assert any(warning in w for w in article.warnings)


def test_byline_with_several_authors_and_credit_with_initials() -> None:
    metadata = parse_metadata("Headline\n\nBy Jane Doe and John Roe\n\nPublished: 2024-02-23\n\nA crowd in Yerevan. J. Smith / AP\n\nBody.\n")
    assert metadata.byline == "Jane Doe and John Roe"
    assert (metadata.caption, metadata.caption_credit) == ("A crowd in Yerevan.", "J. Smith / AP")


def test_parenthesised_photo_credit() -> None:
    metadata = parse_metadata("# Headline\n23 February 2024\nPutin in Sochi (Photo: Reuters)\nBody.\n")
    assert (metadata.caption, metadata.caption_credit) == ("Putin in Sochi", "Reuters")


def test_body_without_layout_fills_nothing() -> None:
    text = "By the end of the year, talks had stalled. Officials said so.\n\nMore body text.\n"
    assert parse_metadata(text) == ArticleMetadata()


def test_first_paragraph_is_not_taken_for_a_caption() -> None:
    metadata = parse_metadata("Headline\nBy AFP\nMay 22, 2023\nArmenia said on Monday it could leave the bloc. Talks go on.\n")
    assert (metadata.caption, metadata.caption_credit) == (None, None)


def test_url_on_the_label_line_and_missing_fields_warn(tmp_path: Path) -> None:
    article = read_article(write(tmp_path, "a.txt", "Just a paragraph.\n\nOriginal URL: <https://example.org/a>\n"), "a")
    assert article.document.metadata.url == "https://example.org/a"
    assert article.document.metadata.headline is None
    assert {"no headline found", "no byline found", "no date line found"} <= set(article.warnings)


def test_url_label_without_address_warns(tmp_path: Path) -> None:
    article = read_article(write(tmp_path, "a.txt", "Headline\nBy AFP\nMay 22, 2023\nBody.\nOriginal url:\n\nnot an address\n"), "a")
    assert article.document.metadata.url is None
    assert any("Original url" in w for w in article.warnings)


# --- decoding and refusals -----------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b" \n\t\r\n ", b"\xef\xbb\xbf", b"\xef\xbb\xbf  \n"])
def test_empty_file(tmp_path: Path, data: bytes) -> None:
    assert read_error(write(tmp_path, "empty.txt", data)) == "the file is empty"


def test_nul_bytes_are_binary(tmp_path: Path) -> None:
    assert "binary" in read_error(write(tmp_path, "b.txt", b"PK\x03\x04\x00\x00text"))


def test_many_control_characters_are_binary(tmp_path: Path) -> None:
    assert "binary" in read_error(write(tmp_path, "b.txt", bytes(range(1, 32)) * 10 + b"some text"))


def test_a_stray_control_character_is_kept_and_reported(tmp_path: Path) -> None:
    text = "Headline\nBy AFP\nMay 22, 2023\n" + "Body text. " * 20 + "\x1b\n"
    article = read_article(write(tmp_path, "a.txt", text), "a")
    assert article.document.text == text
    assert any("control character" in w for w in article.warnings)


@pytest.mark.parametrize("codec", ["latin-1", "cp1252"])
def test_a_latin1_or_windows_1252_file_is_imported_with_its_encoding_recorded(tmp_path: Path, codec: str) -> None:
    text = "“La crème brûlée” – à la française, était très bonne. Où êtes-vous? Straße in München.\n"
    if codec == "latin-1":
        text = text.replace("“", '"').replace("”", '"').replace("–", "-")
    article = read_article(write(tmp_path, "legacy.txt", text.encode(codec)), "legacy")
    assert article.document.text == text
    assert article.document.source_encoding == "cp1252"
    assert any("not UTF-8: read as Windows-1252" in warning for warning in article.warnings)


def test_invalid_utf8_after_a_utf8_bom_is_refused_not_guessed(tmp_path: Path) -> None:
    reason = read_error(write(tmp_path, "a.txt", "\ufeffCafé\n".encode("utf-8")[:3] + "Café\n".encode("latin-1")))
    assert "not valid UTF-8" in reason and "offset 6" in reason and "0xE9" in reason


def test_invalid_utf8_offset_counts_the_bom(tmp_path: Path) -> None:
    assert "offset 5" in read_error(write(tmp_path, "a.txt", b"\xef\xbb\xbfab\xffcd"))


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    document = read_article(write(tmp_path, "a.txt", b"\xef\xbb\xbf## Headline\nBy AFP\n"), "a").document
    assert document.text == "## Headline\nBy AFP\n"
    assert document.source_encoding == "utf-8-sig"
    assert document.metadata.headline == "Headline"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path: Path, codec: str) -> None:
    text = "Заголовок — Ереван\r\nBy AFP\r\nFebruary 23, 2024\r\n"
    bom = b"\xff\xfe" if codec.endswith("le") else b"\xfe\xff"
    document = read_article(write(tmp_path, "a.txt", bom + text.encode(codec)), "a").document
    assert document.text == text.replace("\r\n", "\n")
    assert document.source_encoding == "utf-16"
    assert document.line_endings == LineEndings.CRLF
    assert document.metadata.date == date(2024, 2, 23)


def test_utf16_without_bom_is_refused(tmp_path: Path) -> None:
    assert "byte order mark" in read_error(write(tmp_path, "a.txt", "Hello".encode("utf-16-le")))


def test_too_large_file_is_refused_before_reading(tmp_path: Path) -> None:
    reason = read_error(write(tmp_path, "big.txt", "x" * 101), max_bytes=100)
    assert "101 bytes" in reason and "100 byte limit" in reason


@pytest.mark.parametrize("name", ["page.html", "page.HTM"])
def test_html_file_is_refused(tmp_path: Path, name: str) -> None:
    assert "HTML" in read_error(write(tmp_path, name, "<p>Hello</p>"))


def test_html_content_in_a_text_file_is_refused(tmp_path: Path) -> None:
    assert "HTML" in read_error(write(tmp_path, "a.txt", "\n<!DOCTYPE html><html><img src='http://example.org/x.png'></html>"))


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert "cannot be read" in read_error(tmp_path / "missing.txt")
    assert read_error(tmp_path) == "is a folder"


def test_unsafe_document_id_is_a_caller_bug(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unsafe"):
        read_article(write(tmp_path, "a.txt", "text"), "../a")


def test_read_error_pickles() -> None:
    error = pickle.loads(pickle.dumps(ArticleReadError(Path("/x/a.txt"), "the file is empty")))
    assert (error.path, error.reason, str(error)) == (Path("/x/a.txt"), "the file is empty", "a.txt: the file is empty")


# --- line endings --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "endings", "normalised"),
    [
        ("a\r\nb\r\n", LineEndings.CRLF, True),
        ("a\rb\r", LineEndings.CR, True),
        ("a\nb\r\nc\rd", LineEndings.MIXED, True),
        ("a\nb\n", LineEndings.LF, False),
        ("one line", LineEndings.NONE, False),
    ],
)
def test_line_endings(tmp_path: Path, data: str, endings: LineEndings, normalised: bool) -> None:
    document = read_article(write(tmp_path, "a.txt", data), "a").document
    assert document.text == data.replace("\r\n", "\n").replace("\r", "\n")
    assert (document.line_endings, document.line_endings_normalised) == (endings, normalised)


def test_crlf_article_parses_like_lf(tmp_path: Path) -> None:
    seed = SEEDS / "003_50cdf573a4cb5bb2.txt"
    crlf = seed.read_bytes().replace(b"\n", b"\r\n")
    crlf_doc = read_article(write(tmp_path, seed.name, crlf), "a").document
    assert crlf_doc.text == seed.read_text(encoding="utf-8")
    assert crlf_doc.metadata == read_article(seed, "b").document.metadata


_TEXT = st.lists(st.text(st.characters(blacklist_categories=("Cs", "Cc"))) | st.sampled_from(["\n", "\r", "\r\n", "\t"])).map("".join)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_TEXT, bom=st.booleans(), codec=st.sampled_from(["utf-8", "utf-16"]))
def test_text_round_trip(tmp_path: Path, text: str, bom: bool, codec: str) -> None:
    """The stored text is the decoded input with only line endings changed, whatever it holds."""
    assume(text.strip())
    # A UTF-8 text that itself starts with U+FEFF is indistinguishable from one with a BOM.
    assume(bom or codec != "utf-8" or not text.startswith("\ufeff"))
    data = ("\ufeff" + text).encode("utf-8") if codec == "utf-8" and bom else text.encode(codec)
    try:
        document = read_article(write(tmp_path, "a.txt", data), "a").document
    except ArticleReadError as error:
        assert "HTML" in error.reason  # the only refusal a non-empty text without controls can get
        return
    assert document.text == text.replace("\r\n", "\n").replace("\r", "\n")
    assert document.line_endings_normalised == ("\r" in text)


@settings(max_examples=200)
@given(st.text())
def test_parse_metadata_never_fails(text: str) -> None:
    metadata = parse_metadata(text)
    for value in (metadata.headline, metadata.byline, metadata.caption, metadata.caption_credit):
        assert value is None or value in text


# --- ids -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../x.txt", "x"),
        ("CON.txt", "CON_"),
        ("nul.tar.txt", "nul_.tar"),
        (".hidden", "hidden"),
        ("a b?.txt", "a-b"),
        ("a..b.txt", "a.b"),
        ("café.txt", "cafe"),
        ("Ереван.txt", "document"),
        ("-_.x.txt", "x"),
        ("000_d40578fe3dc4c4eb.txt", "000_d40578fe3dc4c4eb"),
        ("x" * 300 + ".txt", "x" * 100),
    ],
)
def test_document_id_for_unsafe_names(name: str, expected: str) -> None:
    doc_id = document_id_for(Path(name), set())
    assert doc_id == expected
    assert is_safe_identifier(doc_id)


def test_document_id_is_unique_ignoring_case() -> None:
    taken = {"article", "Article-2"}
    assert document_id_for(Path("ARTICLE.txt"), taken) == "ARTICLE-3"
    assert taken == {"article", "Article-2"}


@given(st.text(min_size=1, max_size=200), st.sets(st.text(max_size=10), max_size=5))
def test_document_id_always_safe(stem: str, taken: set[str]) -> None:
    doc_id = document_id_for(Path(stem.replace("/", "_").replace("\x00", "") + ".txt"), taken)
    assert is_safe_identifier(doc_id)
    assert doc_id.lower() not in {t.lower() for t in taken}


# --- folders and batches --------------------------------------------------------------------


def test_iter_article_files(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / ".git").mkdir()
    for name in ["b.txt", "A.TXT", "c.md", "d.text", "e.html", "f.pdf", ".hidden.txt", "sub/g.txt", ".git/h.txt"]:
        write(corpus, name, "text")
    write(tmp_path, "outside.txt", "secret")
    os.symlink(tmp_path / "outside.txt", corpus / "link-out.txt")
    os.symlink(corpus / "b.txt", corpus / "link-in.txt")
    os.symlink(tmp_path, corpus / "loop")
    found = [p.relative_to(corpus).as_posix() for p in iter_article_files(corpus)]
    # HTML files are listed so that the import names each one it skips.
    assert found == ["A.TXT", "b.txt", "c.md", "d.text", "e.html", "link-in.txt", "sub/g.txt"]
    single = write(tmp_path, "page.html", "x")
    assert iter_article_files(single) == [single]
    with pytest.raises(ArticleReadError, match="no such file"):
        iter_article_files(tmp_path / "missing")


def test_import_goes_on_after_bad_files(tmp_path: Path) -> None:
    good = write(tmp_path, "a.txt", (SEEDS / "000_d40578fe3dc4c4eb.txt").read_bytes())
    twin = write(tmp_path, "A b.txt", (SEEDS / "000_d40578fe3dc4c4eb.txt").read_bytes())
    empty = write(tmp_path, "empty.txt", b"")
    binary = write(tmp_path, "binary.txt", bytes(range(1, 32)) * 10)
    report = import_articles([good, empty, binary, twin, tmp_path / "gone.txt"], taken_ids={"a"})
    assert [a.document.id for a in report.imported] == ["a-2"]
    assert [a.document.source_file for a in report.imported] == ["a.txt"]
    assert report.duplicates == ["A b.txt: same text as document a-2; not imported again"]
    assert [(f.path, f.reason.split(" (")[0].split(":")[0]) for f in report.failures] == [
        (empty, "the file is empty"),
        (binary, "looks binary"),
        (tmp_path / "gone.txt", "cannot be read"),
    ]
    assert not report.cancelled


def test_import_progress_and_cancel(tmp_path: Path) -> None:
    paths = [write(tmp_path, f"{i}.txt", f"Article {i}") for i in range(5)]
    calls: list[tuple[int, int, str]] = []

    def progress(done: int, total: int, path: Path) -> bool:
        calls.append((done, total, path.name))
        return done < 2

    report = import_articles(paths, set(), progress)
    assert calls == [(1, 5, "0.txt"), (2, 5, "1.txt")]
    assert [a.document.id for a in report.imported] == ["0", "1"]
    assert report.cancelled


def test_import_of_nothing() -> None:
    assert import_articles([], set()) == ImportReport([], [])
