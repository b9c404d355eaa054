"""What a user points pactwatch at: text and HTML files, folders, JSON Lines.

`iter_documents` turns paths into RawDocuments. A bad input never stops a
batch: it is yielded as an InputError that names the file (and line) and says
what is wrong, and reading goes on with the next input.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from pactwatch.errors import InputError

DEFAULT_MAX_BYTES = 10_000_000
TEXT_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
_SUPPORTED_NAMES = ".txt, .html, .htm or .jsonl"

#: Share of control characters above which decoded text is taken for binary data.
_MAX_CONTROL_RATIO = 0.05
#: Share of non-ASCII letters above which a legacy file is not Western European.
_MAX_NON_ASCII_FOR_CP1252 = 0.10
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")

#: Byte order marks, longest first: the UTF-32 LE mark begins with UTF-16 LE's.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)
#: Signatures of common binary formats, to name them in the message.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/Excel file)"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"\x7fELF", "an executable"),
)


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One input document before cleaning."""

    #: File name for files (path relative to a given folder), the "id" field for JSON lines.
    id: str
    #: Decoded text or HTML.
    body: str
    is_html: bool
    #: The file it came from; for JSON lines "file.jsonl:LINE".
    path: str
    #: As given in JSON ("2022-12-10"), unparsed.
    published: str | None = None
    url: str | None = None
    title: str | None = None


def iter_documents(
    paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[RawDocument | InputError]:
    """Yield documents in order; a bad input yields an InputError and iteration goes on.

    Folders are walked recursively in sorted order, skipping hidden files and
    files of other types without a message. In a JSON Lines file `max_bytes`
    limits each line, so a large collection can still be streamed.
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _iter_folder(path, max_bytes)
        elif not path.exists():
            yield InputError(str(path), "no such file or folder")
        else:
            yield from _iter_file(path, path.name, max_bytes)


def read_document(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> RawDocument:
    """Read one .txt or .html file; raise InputError when it cannot be used."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists():
        raise InputError(str(path), "no such file or folder")
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
        raise InputError(str(path), "not a text or HTML file (expected .txt, .html or .htm)")
    body = decode_bytes(_read_bytes(path, max_bytes), str(path))
    return RawDocument(id=path.name, body=body, is_html=suffix in HTML_SUFFIXES, path=str(path))


# ------------------------------------------------------------------------ folders


def _iter_folder(folder: Path, max_bytes: int) -> Iterator[RawDocument | InputError]:
    files = _supported_files(folder)
    if not files:
        yield InputError(str(folder), f"folder holds no {_SUPPORTED_NAMES} files")
    for path in files:
        yield from _iter_file(path, path.relative_to(folder).as_posix(), max_bytes)


def _supported_files(folder: Path) -> list[Path]:
    """Supported, non-hidden files under `folder`, sorted by their relative path."""
    found: list[Path] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(
            Path(root) / name
            for name in names
            if not name.startswith(".") and Path(name).suffix.lower() in SUPPORTED_SUFFIXES
        )
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def _iter_file(path: Path, doc_id: str, max_bytes: int) -> Iterator[RawDocument | InputError]:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _iter_json_lines(path, max_bytes)
        return
    if suffix not in SUPPORTED_SUFFIXES:
        yield InputError(
            str(path),
            f"unsupported file type {suffix or '(none)'!r}; "
            f"pactwatch reads {_SUPPORTED_NAMES} files",
        )
        return
    try:
        body = decode_bytes(_read_bytes(path, max_bytes), str(path))
    except InputError as error:
        yield error
        return
    yield RawDocument(id=doc_id, body=body, is_html=suffix in HTML_SUFFIXES, path=str(path))


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, after checking its size so a huge file is never read."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                str(path),
                f"file is {_human_size(size)}, over the {_human_size(max_bytes)} limit; "
                "split it or raise the size limit",
            )
        if not path.is_file():
            raise InputError(str(path), "not a regular file")
        return path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read file: {exc.strerror or exc}") from exc


def _human_size(size: int) -> str:
    if size < 1_000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{size / 1_000:.1f} kB"
    return f"{size / 1_000_000:.1f} MB"


# --------------------------------------------------------------------- decoding


def decode_bytes(data: bytes, source: str) -> str:
    """Decode a text file: BOM, then UTF-8, then a legacy-encoding guess.

    Raises InputError for empty and binary files.
    """
    text = _decode_by_bom(data)
    if text is None:
        _reject_binary_bytes(data, source)
        text = _decode_without_bom(data)
    if not text.strip():
        raise InputError(source, "file is empty" if not data else "file holds only whitespace")
    if _control_ratio(text) > _MAX_CONTROL_RATIO:
        raise InputError(source, "binary file (too many control characters), not text")
    return text


def _decode_by_bom(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    return None


def _reject_binary_bytes(data: bytes, source: str) -> None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise InputError(source, f"binary file ({kind}), not text")
    if b"\x00" in data:
        raise InputError(source, "binary file (holds NUL bytes), not text")


def _decode_without_bom(data: bytes) -> str:
    """UTF-8 when valid; otherwise cp1252 for mostly-ASCII text, else a detected charset.

    charset_normalizer guesses poorly on short English text (it takes curly
    quotes in cp1252 for cp852), so it is asked only about text that is not
    mostly ASCII, such as Cyrillic or Arabic in a legacy code page.
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    western = data.decode("cp1252", errors="replace")
    if _non_ascii_letter_ratio(western) <= _MAX_NON_ASCII_FOR_CP1252:
        return western
    return _detect_charset(data) or western


def _detect_charset(data: bytes) -> str | None:
    try:
        import charset_normalizer
    except ImportError:  # an optional helper: trafilatura depends on it
        return None
    best = charset_normalizer.from_bytes(data).best()
    return None if best is None else str(best)


def _non_ascii_letter_ratio(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    return sum(not ch.isascii() for ch in letters) / len(letters)


def _control_ratio(text: str) -> float:
    sample = text[:100_000]
    controls = sum(
        1
        for ch in sample
        if (ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0) and ch not in _ALLOWED_CONTROLS
    )
    return controls / max(len(sample), 1)


# ------------------------------------------------------------------- JSON Lines


def _iter_json_lines(path: Path, max_bytes: int) -> Iterator[RawDocument | InputError]:
    """One document per line of a .jsonl file; a bad line yields an error and reading goes on."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield InputError(str(path), f"cannot read file: {exc.strerror or exc}")
        return
    found_any = False
    with handle:
        for number, raw in enumerate(_bounded_lines(handle, max_bytes), start=1):
            if raw is not None and not raw.strip():
                continue
            found_any = True
            yield _parse_json_line(raw, f"{path}:{number}", max_bytes, first=number == 1)
    if not found_any:
        yield InputError(str(path), "file is empty")


def _bounded_lines(handle: BinaryIO, max_bytes: int) -> Iterator[bytes | None]:
    """Lines of a binary file; None for a line over `max_bytes`, which is skipped unread."""
    while True:
        line = handle.readline(max_bytes + 1)
        if not line:
            return
        if len(line) <= max_bytes or line.endswith(b"\n"):
            yield line
            continue
        while line and not line.endswith(b"\n"):  # skip the rest of the long line
            line = handle.readline(1_000_000)
        yield None


def _parse_json_line(
    raw: bytes | None, source: str, max_bytes: int, *, first: bool
) -> RawDocument | InputError:
    if raw is None or len(raw.rstrip(b"\r\n")) > max_bytes:
        return InputError(source, f"line is over the {_human_size(max_bytes)} limit")
    if first and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return InputError(source, "line is not UTF-8 (JSON Lines files must be UTF-8)")
    except json.JSONDecodeError as exc:
        return InputError(source, f"malformed JSON: {exc.msg} (column {exc.colno})")
    if not isinstance(record, dict):
        return InputError(source, f"expected a JSON object, got {_json_type(record)}")
    try:
        return _document_from_record(record, source)
    except InputError as error:
        return error


def _document_from_record(record: dict[str, Any], source: str) -> RawDocument:
    doc_id = record.get("id")
    if isinstance(doc_id, int) and not isinstance(doc_id, bool):
        doc_id = str(doc_id)
    if not isinstance(doc_id, str) or not doc_id.strip():
        raise InputError(source, 'missing "id" (a non-empty string)')
    body, is_html = _record_body(record, source)
    return RawDocument(
        id=doc_id,
        body=body,
        is_html=is_html,
        path=source,
        published=_optional_string(record, "published", source),
        url=_optional_string(record, "url", source),
        title=_optional_string(record, "title", source),
    )


def _record_body(record: dict[str, Any], source: str) -> tuple[str, bool]:
    """The record's "text", else its "html"; either must be a non-empty string."""
    for key, is_html in (("text", False), ("html", True)):
        value = record.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise InputError(source, f'"{key}" must be a string, got {_json_type(value)}')
        if value.strip():
            return value, is_html
    if "text" in record or "html" in record:
        raise InputError(source, '"text"/"html" is empty')
    raise InputError(source, 'missing "text" or "html"')


def _optional_string(record: dict[str, Any], key: str, source: str) -> str | None:
    value = record.get(key)
    if value is None or isinstance(value, str):
        return value
    raise InputError(source, f'"{key}" must be a string, got {_json_type(value)}')


def _json_type(value: object) -> str:
    names = {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "an object",
    }
    return names.get(type(value), type(value).__name__)
