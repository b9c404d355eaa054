"""Reading inputs: files, folders and JSON Lines, with one clear error per bad input."""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Mapping
from pathlib import Path

import pytest

from pactwatch.errors import InputError
from pactwatch.sources import RawDocument, iter_documents, read_document

STORY = "Poland signed a contract on Friday to buy 180 K2 tanks from South Korea."
RUSSIAN = "Министр обороны России заявил в пятницу, что страна поставит Ирану новые истребители."


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def only(path: Path, **kwargs: int) -> RawDocument | InputError:
    (result,) = list(iter_documents([path], **kwargs))
    return result


def error_for(path: Path, **kwargs: int) -> InputError:
    result = only(path, **kwargs)
    assert isinstance(result, InputError), result
    assert "\n" not in str(result)
    return result


def document_for(path: Path) -> RawDocument:
    result = only(path)
    assert isinstance(result, RawDocument), result
    return result


# ------------------------------------------------------------------------------ files


@pytest.mark.parametrize(
    ("name", "is_html"),
    [("002_1afe1fed452732b0.txt", False), ("page.html", True), ("page.HTM", True)],
)
def test_text_and_html_files_are_read(tmp_path: Path, name: str, is_html: bool) -> None:
    path = write(tmp_path / name, STORY)
    assert document_for(path) == RawDocument(id=name, body=STORY, is_html=is_html, path=str(path))


def test_read_document_reads_one_file(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", STORY)
    assert read_document(path).body == STORY


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("missing.txt", None, "no such file"),
        ("empty.txt", b"", "file is empty"),
        ("blank.txt", b" \n\t\n", "only whitespace"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "PNG image"),
        ("archive.txt", gzip.compress(STORY.encode()), "gzip"),
        ("nul.txt", b"text\x00with\x00nul bytes", "NUL bytes"),
        ("control.txt", bytes(range(1, 9)) * 50 + b"some text", "control characters"),
        ("report.pdf", b"%PDF-1.4", "unsupported file type '.pdf'"),
    ],
)
def test_bad_file_yields_one_clear_error(
    tmp_path: Path, name: str, content: bytes | None, problem: str
) -> None:
    path = tmp_path / name if content is None else write(tmp_path / name, content)
    error = error_for(path)
    assert error.source == str(path)
    assert problem in error.problem


def test_read_document_raises_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "missing.txt")


def test_oversized_file_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "big.txt", "x" * 2_500)

    def never(_self: Path) -> bytes:
        raise AssertionError("an oversized file was read")

    monkeypatch.setattr(Path, "read_bytes", never)
    error = error_for(path, max_bytes=1_000)
    assert "2.5 kB" in error.problem
    assert "1.0 kB limit" in error.problem


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("utf-8-sig", STORY),
        ("utf-16", STORY),  # Python writes a BOM
        ("utf-16-be", STORY),
        ("utf-32", STORY),
        ("cp1252", "The minister’s visit to Ankara — a first, “historic” for both. Café."),
        ("cp1251", RUSSIAN),
    ],
)
def test_encodings_are_detected(tmp_path: Path, encoding: str, text: str) -> None:
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    assert document_for(write(tmp_path / "a.txt", data)).body == text


# ---------------------------------------------------------------------------- folders


def test_folder_is_walked_sorted_skipping_hidden_and_unknown_files(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", "B story.")
    write(tmp_path / "a.html", "<p>A story.</p>")
    write(tmp_path / "sub" / "c.htm", "<p>C story.</p>")
    write(tmp_path / "notes.md", "not an input")
    write(tmp_path / ".hidden.txt", "hidden")
    write(tmp_path / ".git" / "d.txt", "hidden folder")
    found = list(iter_documents([tmp_path]))
    ids = [doc.id for doc in found if isinstance(doc, RawDocument)]
    assert ids == ["a.html", "b.txt", "sub/c.htm"]
    skipped = [(e.source, e.skipped) for e in found if isinstance(e, InputError)]
    assert skipped == [(str(tmp_path / "notes.md"), True)]


def test_bad_file_in_folder_does_not_stop_the_batch(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "A story.")
    write(tmp_path / "b.txt", b"")
    write(tmp_path / "c.txt", "C story.")
    results = list(iter_documents([tmp_path, tmp_path / "nope.txt"]))
    assert [type(r).__name__ for r in results] == [
        "RawDocument",
        "InputError",
        "RawDocument",
        "InputError",
    ]


def test_folder_without_inputs_is_reported(tmp_path: Path) -> None:
    write(tmp_path / "notes.md", "nothing to read")
    folder, note = iter_documents([tmp_path])
    assert isinstance(folder, InputError) and isinstance(note, InputError)
    assert "no .txt, .html, .htm or .jsonl files" in folder.problem and not folder.skipped
    assert note.problem.startswith("unsupported '.md' file") and note.skipped


# ------------------------------------------------------------------------- JSON Lines


def jsonl(tmp_path: Path, *lines: str | Mapping[str, object]) -> Path:
    text = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines)
    return write(tmp_path / "docs.jsonl", text + "\n")


def test_json_lines_are_read_with_metadata(tmp_path: Path) -> None:
    record = {
        "id": "d1",
        "text": STORY,
        "published": "2022-12-10",
        "url": "https://example.org/a",
        "title": "Poland buys tanks",
    }
    path = jsonl(tmp_path, record, {"id": 7, "html": "<p>x</p>"})
    first, second = iter_documents([path])
    assert first == RawDocument(
        id="d1",
        body=STORY,
        is_html=False,
        path=f"{path}:1",
        published="2022-12-10",
        url="https://example.org/a",
        title="Poland buys tanks",
    )
    assert second == RawDocument(id="7", body="<p>x</p>", is_html=True, path=f"{path}:2")


@pytest.mark.parametrize(
    ("bad_line", "problem"),
    [
        ('{"id": "x", "text": ', "malformed JSON"),
        ("[1, 2]", "expected a JSON object, got a list"),
        ({"text": STORY}, 'missing "id"'),
        ({"id": "x"}, 'missing "text" or "html"'),
        ({"id": "x", "text": "  "}, "empty"),
        ({"id": "x", "text": 3}, '"text" must be a string, got a number'),
        ({"id": "x", "text": STORY, "published": 20221210}, '"published" must be a string'),
        ({"id": "x", "text": STORY, "published": ["2022"]}, "got a list"),
    ],
)
def test_bad_json_line_is_reported_and_reading_goes_on(
    tmp_path: Path, bad_line: str | dict[str, object], problem: str
) -> None:
    path = jsonl(tmp_path, {"id": "a", "text": STORY}, bad_line, "", {"id": "c", "text": STORY})
    first, error, last = iter_documents([path])
    assert isinstance(first, RawDocument) and first.id == "a"
    assert isinstance(error, InputError)
    assert error.source == f"{path}:2"
    assert problem in error.problem
    assert "\n" not in str(error)
    assert isinstance(last, RawDocument) and last.path == f"{path}:4"


def test_json_line_over_the_limit_is_skipped(tmp_path: Path) -> None:
    path = jsonl(tmp_path, {"id": "big", "text": "x" * 5_000}, {"id": "ok", "text": STORY})
    error, document = iter_documents([path], max_bytes=1_000)
    assert isinstance(error, InputError) and "limit" in error.problem
    assert isinstance(document, RawDocument) and document.id == "ok"


def test_json_line_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path / "docs.jsonl", b'{"id": "a", "text": "caf\xe9"}\n')
    assert "not UTF-8" in error_for(path).problem


def test_empty_json_lines_file_is_reported(tmp_path: Path) -> None:
    assert "empty" in error_for(write(tmp_path / "docs.jsonl", "\n\n")).problem


# ------------------------------------------------------------- flaws worked around


def test_utf16_without_a_byte_order_mark_is_text(tmp_path: Path) -> None:
    for encoding in ("utf-16-le", "utf-16-be"):
        path = write(tmp_path / f"{encoding}.txt", STORY.encode(encoding))
        assert document_for(path).body == STORY


def test_a_few_bad_bytes_in_a_utf8_file_are_replaced_with_a_warning(tmp_path: Path) -> None:
    """The rest stays UTF-8: no cp1252 mojibake ("â€™") for the good characters."""
    good = "The minister’s “historic” visit to Chișinău.\n"
    path = write(tmp_path / "a.txt", good.encode() + b"bad \xff\xfe here\n" + STORY.encode())
    document = document_for(path)
    assert document.body.startswith(good)
    assert "bad \ufffd\ufffd here" in document.body
    (warning,) = document.warnings
    assert warning.startswith("line 2: 2 invalid UTF-8 byte sequences")


def test_file_name_that_is_not_utf8_is_shown_with_a_replacement(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (Path(os.fsdecode(bytes(folder) + b"/bad\xffbyte.txt"))).write_text(STORY, encoding="utf-8")
    document = document_for(folder)
    assert document.id == "bad\ufffdbyte.txt"
    assert document.path.encode("utf-8")  # printable and storable
    assert "not valid UTF-8" in document.warnings[0]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('{"id": "x", "text": ' + "[" * 5_000 + "]" * 5_000 + "}", "nested too deeply"),
        ('{"id": "x", "text": "a", "n": ' + "9" * 5_000 + "}", "malformed JSON"),
    ],
)
def test_json_that_python_cannot_hold_is_one_error(tmp_path: Path, line: str, problem: str) -> None:
    path = jsonl(tmp_path, line, {"id": "ok", "text": STORY})
    error, document = iter_documents([path])
    assert isinstance(error, InputError) and problem in error.problem
    assert isinstance(document, RawDocument) and document.id == "ok"


@pytest.mark.parametrize(
    ("record", "field", "value", "warning"),
    [
        (
            '{"id": "x", "text": "Iran \\ud800 sent drones."}',
            "body",
            "Iran \ufffd sent drones.",
            '"text" held 1 lone UTF-16 surrogate',
        ),
        (
            '{"id": "x\\udfff", "text": "Iran sent drones."}',
            "id",
            "x\ufffd",
            '"id" held 1 lone UTF-16 surrogate',
        ),
        (
            {"id": "x", "text": STORY, "published": "2023-02-30"},
            "published",
            "2023-02-30",
            "'2023-02-30' is not a date",
        ),
        (
            {"id": "x", "text": STORY, "url": "https://me:secret@example.org/a?b=1"},
            "url",
            "https://example.org/a?b=1",
            "user name or password",
        ),
    ],
)
def test_json_record_flaws_are_worked_around_with_a_warning(
    tmp_path: Path, record: str | dict[str, str], field: str, value: str, warning: str
) -> None:
    document = document_for(jsonl(tmp_path, record))
    assert getattr(document, field) == value
    (said,) = document.warnings
    assert warning in said
