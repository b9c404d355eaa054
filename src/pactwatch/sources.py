"""What a user points pactwatch at: text and HTML files, folders, JSON Lines.

`iter_documents` turns paths into RawDocuments. A bad input never stops a
batch: it is yielded as an InputError that names the file (and line) and says
what is wrong, and reading goes on with the next input. What could be read
despite a flaw (a few invalid UTF-8 bytes, lone surrogates in JSON, a file
name that is not UTF-8, a `published` that is no date) comes with a warning
in `RawDocument.warnings` instead.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit, urlunsplit

from pactwatch.errors import InputError
from pactwatch.sidecar import is_sidecar, with_sidecars

DEFAULT_MAX_BYTES = 10_000_000
TEXT_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
_SUPPORTED_NAMES = ".txt, .html, .htm or .jsonl"
_READS = f"pactwatch reads {_SUPPORTED_NAMES} files"

#: Share of control characters above which decoded text is taken for binary data.
_MAX_CONTROL_RATIO = 0.05
#: Share of non-ASCII letters above which a legacy file is not Western European.
_MAX_NON_ASCII_FOR_CP1252 = 0.10

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
    #: As given in JSON or a sidecar index ("2022-12-10"), unparsed.
    published: str | None = None
    url: str | None = None
    title: str | None = None
    #: What was wrong but could be worked around, one line each ("line 3: ...").
    warnings: tuple[str, ...] = ()
    outlet: str | None = None
    #: The sidecar line ("index.jsonl:12") that gave url/published/title/outlet, if any.
    sidecar: str | None = None


def iter_documents(
    paths: Iterable[str | Path],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    index: str | Path | None = None,
) -> Iterator[RawDocument | InputError]:
    """Yield documents in order; a bad input yields an InputError and iteration goes on.

    Folders are walked recursively in sorted order, skipping hidden files; a
    file of another type is yielded as a skipped InputError. In a JSON Lines
    file `max_bytes` limits each line, so a large collection can still be
    streamed. Text and HTML files take their url/published/title/outlet from
    a sidecar index (`pactwatch.sidecar`): `index`, else one found beside them.
    """
    return with_sidecars(_iter_paths(paths, max_bytes, index), index)


def _iter_paths(
    paths: Iterable[str | Path], max_bytes: int, index: str | Path | None
) -> Iterator[RawDocument | InputError]:
    for given in paths:
        path = Path(given)
        try:
            if path.is_dir():
                yield from _iter_folder(path, max_bytes, index)
            elif not path.exists():
                yield InputError(shown_path(path), "no such file or folder")
            else:
                yield from _iter_file(path, path.name, max_bytes)
        except OSError as exc:
            yield InputError(shown_path(path), f"cannot read: {exc.strerror or exc}")


def read_document(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> RawDocument:
    """Read one .txt or .html file; raise InputError when it cannot be used."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists():
        raise InputError(shown_path(path), "no such file or folder")
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
        raise InputError(shown_path(path), "not a text or HTML file (expected .txt, .html or .htm)")
    return _read_file(path, path.name, max_bytes)


# ------------------------------------------------------------------ file names


def shown_path(path: str | Path) -> str:
    """A path as text that can be printed and stored: bytes that are not UTF-8 become U+FFFD.

    Python hands such bytes over as lone surrogates, which no terminal,
    JSON file or database accepts.
    """
    text = os.fspath(path)
    if not _has_surrogates(text):
        return text
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _has_surrogates(text: str) -> bool:
    return _SURROGATE.search(text) is not None


_SURROGATE = re.compile("[\ud800-\udfff]")


# ------------------------------------------------------------------------ folders


def _iter_folder(
    folder: Path, max_bytes: int, index: str | Path | None
) -> Iterator[RawDocument | InputError]:
    unreadable: list[OSError] = []
    files = _folder_files(folder, index, unreadable.append)
    for exc in unreadable:
        where = shown_path(exc.filename) if exc.filename else shown_path(folder)
        yield InputError(
            where,
            f"cannot read folder: {exc.strerror or exc}; its files were skipped "
            "(give pactwatch read access to it)",
        )
    supported = any(path.suffix.lower() in SUPPORTED_SUFFIXES for path in files)
    if not supported and not unreadable:
        yield InputError(shown_path(folder), f"folder holds no {_SUPPORTED_NAMES} files")
    for path in files:
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            kind = f"{path.suffix!r} file" if path.suffix else "file without an extension"
            yield InputError(shown_path(path), f"unsupported {kind}; {_READS}", skipped=True)
            continue
        yield from _iter_file(path, path.relative_to(folder).as_posix(), max_bytes)


def _folder_files(
    folder: Path, index: str | Path | None, on_error: Callable[[OSError], None]
) -> list[Path]:
    """Non-hidden files under `folder` but its sidecar indexes, sorted by relative path.

    A sub-folder that cannot be listed is passed to `on_error`, not skipped silently.
    """
    found: list[Path] = []
    for root, dirs, names in os.walk(folder, onerror=on_error):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(
            Path(root) / name
            for name in names
            if not name.startswith(".") and not is_sidecar(Path(root) / name, index)
        )
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def _iter_file(path: Path, doc_id: str, max_bytes: int) -> Iterator[RawDocument | InputError]:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _iter_json_lines(path, max_bytes)
        return
    if suffix not in SUPPORTED_SUFFIXES:
        yield InputError(
            shown_path(path),
            f"unsupported file type {suffix or '(none)'!r}; "
            f"pactwatch reads {_SUPPORTED_NAMES} files",
        )
        return
    try:
        yield _read_file(path, doc_id, max_bytes)
    except InputError as error:
        yield error


def _read_file(path: Path, doc_id: str, max_bytes: int) -> RawDocument:
    """One .txt or .html file, decoded; a name that is not UTF-8 is shown with U+FFFD."""
    shown = shown_path(path)
    body, warnings = decode_text(_read_bytes(path, max_bytes), shown)
    if shown != os.fspath(path):
        warnings = (
            "the file name is not valid UTF-8; its bad bytes are shown and stored as U+FFFD",
            *warnings,
        )
    return RawDocument(
        id=shown_path(doc_id),
        body=body,
        is_html=path.suffix.lower() in HTML_SUFFIXES,
        path=shown,
        warnings=warnings,
    )


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, after checking its size so a huge file is never read."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                shown_path(path),
                f"file is {_human_size(size)}, over the {_human_size(max_bytes)} limit; "
                "split it or raise the size limit",
            )
        if not path.is_file():
            raise InputError(shown_path(path), "not a regular file")
        return path.read_bytes()
    except OSError as exc:
        raise InputError(shown_path(path), f"cannot read file: {exc.strerror or exc}") from exc


def _human_size(size: int) -> str:
    if size < 1_000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{size / 1_000:.1f} kB"
    return f"{size / 1_000_000:.1f} MB"


# --------------------------------------------------------------------- decoding


def decode_bytes(data: bytes, source: str) -> str:
    """Decode a text file as `decode_text` does, dropping its warnings."""
    return decode_text(data, source)[0]


def decode_text(data: bytes, source: str) -> tuple[str, tuple[str, ...]]:
    """Decode a text file: BOM, UTF-16 without one, UTF-8, then a legacy-encoding guess.

    Returns the text and warnings about what was replaced. Raises InputError
    for empty and binary files.
    """
    warnings: tuple[str, ...] = ()
    text = _decode_by_bom(data)
    if text is None:
        for magic, kind in _MAGIC:
            if data.startswith(magic):
                raise InputError(source, f"binary file ({kind}), not text")
        text = _decode_utf16_without_bom(data)
    if text is None:
        if b"\x00" in data:
            raise InputError(source, "binary file (holds NUL bytes), not text")
        text, warnings = _decode_without_bom(data)
    if not text.strip():
        raise InputError(source, "file is empty" if not data else "file holds only whitespace")
    if _control_ratio(text) > _MAX_CONTROL_RATIO:
        raise InputError(source, "binary file (too many control characters), not text")
    return text, warnings


def _decode_by_bom(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    return None


def _decode_utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without a byte order mark: every other byte of ASCII text is NUL.

    Without this the NUL bytes would call a plain UTF-16 export binary.
    """
    sample = data[:20_000]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    nul_even, nul_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if nul_odd >= _UTF16_NUL_SHARE and nul_even <= _UTF16_STRAY_NUL_SHARE:
        encoding = "utf-16-le"
    elif nul_even >= _UTF16_NUL_SHARE and nul_odd <= _UTF16_STRAY_NUL_SHARE:
        encoding = "utf-16-be"
    else:
        return None
    return data[: len(data) - len(data) % 2].decode(encoding, errors="replace")


#: Share of NUL bytes at odd (LE) or even (BE) offsets that marks UTF-16 text, and
#: the share at the other offsets it tolerates (NUL characters are rare in text).
_UTF16_NUL_SHARE = 0.3
_UTF16_STRAY_NUL_SHARE = 0.02


def _decode_without_bom(data: bytes) -> tuple[str, tuple[str, ...]]:
    """UTF-8 when valid, or UTF-8 with a few damaged bytes; otherwise a legacy code page.

    A file holding proper multi-byte UTF-8 characters is UTF-8 even when a few
    bytes are broken (a bad copy, a truncated character): those bytes become
    U+FFFD with a warning, rather than the whole file turning to cp1252
    mojibake. Other files are cp1252 when mostly ASCII, else a detected
    charset. charset_normalizer guesses poorly on short English text (it
    takes curly quotes in cp1252 for cp852), so it is asked only about text
    that is not mostly ASCII, such as Cyrillic or Arabic in a legacy code page.
    """
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if _is_damaged_utf8(data):
        text = data.decode("utf-8", errors="replace")
        return text, (_replacement_warning(data, first_bad),)
    western = data.decode("cp1252", errors="replace")
    if _non_ascii_letter_ratio(western) <= _MAX_NON_ASCII_FOR_CP1252:
        return western, ()
    return _detect_charset(data) or western, ()


_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


_HIGH_BYTES = bytes(range(0x80, 0x100))


def _is_damaged_utf8(data: bytes) -> bool:
    """More well-formed multi-byte UTF-8 characters than stray high bytes."""
    sequences = _UTF8_SEQUENCE.findall(data)
    in_sequences = sum(len(found) for found in sequences)
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    return bool(sequences) and len(sequences) >= high - in_sequences


def _replacement_warning(data: bytes, first_bad: int) -> str:
    bad = len(data.decode("utf-8", errors="replace")) - len(data.decode("utf-8", errors="ignore"))
    line = data.count(b"\n", 0, first_bad) + 1
    return (
        f"line {line}: {bad} invalid UTF-8 byte sequence{'s' if bad != 1 else ''} "
        f"{'(the first here) ' if bad != 1 else ''}replaced by U+FFFD (the rest is UTF-8); "
        "re-save the file as UTF-8 to keep those characters"
    )


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


#: C0 and C1 control characters other than tab, newline, carriage return, form feed, \v.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _control_ratio(text: str) -> float:
    sample = text[:100_000]
    return len(_CONTROL_CHARS.findall(sample)) / max(len(sample), 1)


# ------------------------------------------------------------------- JSON Lines


def _iter_json_lines(path: Path, max_bytes: int) -> Iterator[RawDocument | InputError]:
    """One document per line of a .jsonl file; a bad line yields an error and reading goes on."""
    shown = shown_path(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield InputError(shown, f"cannot read file: {exc.strerror or exc}")
        return
    found_any = False
    with handle:
        for number, raw in enumerate(_bounded_lines(handle, max_bytes), start=1):
            if raw is not None and not raw.strip():
                continue
            found_any = True
            yield _parse_json_line(raw, f"{shown}:{number}", max_bytes, first=number == 1)
    if not found_any:
        yield InputError(shown, "file is empty")


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
    warnings: tuple[str, ...] = ()
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if not _is_damaged_utf8(raw):
            return InputError(source, "line is not UTF-8 (JSON Lines files must be UTF-8)")
        line = raw.decode("utf-8", errors="replace")
        warnings = (_replacement_warning(raw, exc.start).split(": ", 1)[1],)
    try:
        record = parse_json(line)
    except InputError as exc:
        return InputError(source, exc.problem)
    if not isinstance(record, dict):
        return InputError(source, f"expected a JSON object, got {_json_type(record)}")
    try:
        document = _document_from_record(record, source)
    except InputError as error:
        return error
    return replace(document, warnings=warnings + document.warnings)


def parse_json(text: str | bytes) -> Any:
    """`json.loads`, with every way it can fail as an InputError (source left blank).

    Besides syntax errors: nesting deeper than Python's recursion limit
    (RecursionError) and numbers longer than Python converts (ValueError).
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError("", f"malformed JSON: {exc.msg} (column {exc.colno})") from None
    except RecursionError:
        raise InputError(
            "", "JSON nested too deeply to read (thousands of levels); flatten the record"
        ) from None
    except ValueError as exc:
        raise InputError("", f"malformed JSON: {str(exc).split(';')[0]}") from None


def _document_from_record(record: dict[str, Any], source: str) -> RawDocument:
    doc_id = record.get("id")
    if isinstance(doc_id, int) and not isinstance(doc_id, bool):
        doc_id = str(doc_id)
    if not isinstance(doc_id, str) or not doc_id.strip():
        raise InputError(source, 'missing "id" (a non-empty string)')
    body, is_html = _record_body(record, source)
    return checked_document(
        RawDocument(
            id=doc_id,
            body=body,
            is_html=is_html,
            path=source,
            published=_optional_string(record, "published", source),
            url=_optional_string(record, "url", source),
            title=_optional_string(record, "title", source),
        )
    )


def checked_document(doc: RawDocument) -> RawDocument:
    """A document from a record (JSON line, API body) with its fields made safe to use.

    - Lone UTF-16 surrogates ("\\ud800" in JSON) become U+FFFD: no parser,
      file or database accepts them.
    - A `published` that is not a date is reported, not silently ignored.
    - A user name and password in `url` are removed, so they are never stored.
    """
    warnings = list(doc.warnings)
    fields: dict[str, str] = {}
    for name in ("id", "body", "published", "url", "title"):
        value = getattr(doc, name)
        if isinstance(value, str) and _has_surrogates(value):
            fields[name] = _SURROGATE.sub("\ufffd", value)
            count = len(_SURROGATE.findall(value))
            label = "text" if name == "body" else name
            warnings.append(
                f'"{label}" held {count} lone UTF-16 surrogate{"s" if count != 1 else ""} '
                "(such as \\ud800), replaced by U+FFFD"
            )
    published = fields.get("published", doc.published)
    if published is not None and published.strip() and not _is_date(published):
        warnings.append(
            f'"published" {published[:40]!r} is not a date (use YYYY-MM-DD); '
            "the date is taken from the text if it gives one"
        )
    url = fields.get("url", doc.url)
    if url is not None:
        stripped = strip_credentials(url)
        if stripped != url:
            fields["url"] = stripped
            warnings.append('"url" held a user name or password; removed before storing')
    if not fields and len(warnings) == len(doc.warnings):
        return doc
    return replace(
        doc,
        id=fields.get("id", doc.id),
        body=fields.get("body", doc.body),
        published=published,
        url=fields.get("url", doc.url),
        title=fields.get("title", doc.title),
        warnings=tuple(warnings),
    )


def _is_date(value: str) -> bool:
    from pactwatch.dates import parse_date_string  # deferred: loads the date vocabulary

    return parse_date_string(value) is not None


def strip_credentials(url: str) -> str:
    """`url` without a `user:password@` part, which must never be stored or shown."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if "@" not in parts.netloc:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


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
