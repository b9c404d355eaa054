"""Sidecar indexes: where a folder of plain-text or HTML files came from.

A scraped .txt file carries no address, date or outlet of its own. A sidecar
beside it, `index.jsonl` (one JSON object per line) or `index.csv` (a header
row, then one row per file), gives them per file:

- `file` (required): the file's path relative to the sidecar's folder, or
  relative to the folder given to pactwatch, or its bare name when no other
  file in the index has that name;
- `url`, `published` (a date such as 2023-07-25), `title`, and `outlet` (or
  `source`). Other keys are ignored, so `../shared/acceptance/*/index.jsonl`
  works as it is.

`with_sidecars` wraps a stream of documents: each .txt/.html file gets the
entry of the nearest sidecar in its folder or a parent up to the folder it
was found under (or of the one index given), for the fields it lacks. A bad
line is yielded once as an InputError naming the sidecar and the line, and
reading goes on; the sidecar itself is never read as an article.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from pactwatch.dates import parse_date_string
from pactwatch.errors import InputError

if TYPE_CHECKING:
    from pactwatch.sources import RawDocument

#: What `--index` says in the help of extract, explain and ingest.
INDEX_HELP = (
    "Sidecar index (index.jsonl or index.csv) giving each .txt/.html file its url, "
    "published, title and outlet; by default an index beside the files is used."
)
#: File names taken for a sidecar in a folder (and never read as articles there).
SIDECAR_NAMES = ("index.jsonl", "index.csv")
_FIELDS = ("url", "published", "title", "outlet")
#: Suffixes of the files a sidecar describes; JSON Lines records carry their own fields.
_DESCRIBED = frozenset({".txt", ".html", ".htm"})


@dataclass(frozen=True, slots=True)
class SidecarEntry:
    """One file's provenance, and the line it was read from ("dir/index.jsonl:12")."""

    file: str
    line: str
    url: str | None = None
    published: str | None = None
    title: str | None = None
    outlet: str | None = None


@dataclass(frozen=True, slots=True)
class Sidecar:
    """A read index: its entries by file, and the lines that could not be used."""

    path: Path
    entries: dict[str, SidecarEntry]
    problems: tuple[InputError, ...] = ()
    #: Bare file name -> its entry; None where two entries share the name.
    by_name: dict[str, SidecarEntry | None] = field(init=False)

    def __post_init__(self) -> None:
        by_name: dict[str, SidecarEntry | None] = {}
        for key, entry in self.entries.items():
            name = PurePosixPath(key).name
            by_name[name] = None if name in by_name else entry
        object.__setattr__(self, "by_name", by_name)

    def entry_for(self, file: Path, doc_id: str) -> SidecarEntry | None:
        """The entry for `file` (found as `doc_id` under the folder given), if any."""
        try:
            relative: str | None = file.resolve().relative_to(self.path.parent.resolve()).as_posix()
        except ValueError:
            relative = None
        for key in (relative, _normal(doc_id)):
            if key is not None and key in self.entries:
                return self.entries[key]
        return self.by_name.get(file.name)


def read_sidecar(path: str | Path) -> Sidecar:
    """Read `path` (.jsonl or .csv); an unreadable file is one problem, bad lines one each."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8"
        return Sidecar(path, {}, (InputError(str(path), f"cannot read sidecar index: {reason}"),))
    rows = _csv_rows(path, text) if path.suffix.lower() == ".csv" else _json_rows(path, text)
    entries: dict[str, SidecarEntry] = {}
    problems: list[InputError] = []
    for line, row in rows:
        where = f"{path}:{line}"
        if isinstance(row, str):
            problems.append(InputError(where, row))
            continue
        try:
            entry = _entry(row, where)
        except InputError as error:
            problems.append(error)
            continue
        earlier = entries.get(entry.file)
        if earlier is not None:
            problems.append(
                InputError(where, f"{entry.file!r} is listed already at {earlier.line}")
            )
            continue
        entries[entry.file] = entry
    return Sidecar(path, entries, tuple(problems))


def find_sidecar(folder: Path) -> Path | None:
    """The sidecar in `folder`, if it holds one (index.jsonl before index.csv)."""
    for name in SIDECAR_NAMES:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def is_sidecar(path: Path, index: str | Path | None = None) -> bool:
    """Whether a file met in a folder is a sidecar, not an article."""
    if path.name.lower() in SIDECAR_NAMES:
        return True
    return index is not None and path.resolve() == Path(index).resolve()


def with_sidecars(
    documents: Iterable[RawDocument | InputError], index: str | Path | None = None
) -> Iterator[RawDocument | InputError]:
    """Fill each .txt/.html document's url/published/title/outlet from its sidecar.

    With `index`, that sidecar serves every file; otherwise the nearest one in
    the file's folder or a parent up to the folder given. Each sidecar is read
    once, when a file first needs it, and its bad lines are yielded then.
    """
    loaded: dict[Path, Sidecar | None] = {}
    explicit = Path(index) if index is not None else None
    for item in documents:
        if isinstance(item, InputError) or Path(item.path).suffix.lower() not in _DESCRIBED:
            yield item
            continue
        sidecar = None
        for location in _sidecar_locations(Path(item.path), item.id, explicit):
            if location not in loaded:
                sidecar = read_sidecar(location) if location.is_file() else None
                loaded[location] = sidecar
                if sidecar is not None:
                    yield from sidecar.problems
                elif location == explicit:
                    yield InputError(str(location), "no such sidecar index")
            sidecar = loaded[location]
            if sidecar is not None:
                break
        entry = sidecar.entry_for(Path(item.path), item.id) if sidecar is not None else None
        yield _described(item, entry) if entry is not None else item


def _sidecar_locations(file: Path, doc_id: str, explicit: Path | None) -> list[Path]:
    """Where the sidecar for `file` may be: the one given, else its folder and parents."""
    if explicit is not None:
        return [explicit]
    folder = file.parent
    depth = len(PurePosixPath(doc_id).parts) - 1  # how far below the folder given it lies
    found: list[Path] = []
    for _ in range(depth + 1):
        found.extend(folder / name for name in SIDECAR_NAMES)
        folder = folder.parent
    return found


def _described(doc: RawDocument, entry: SidecarEntry) -> RawDocument:
    return replace(
        doc,
        url=doc.url or entry.url,
        published=doc.published or entry.published,
        title=doc.title or entry.title,
        outlet=doc.outlet or entry.outlet,
        sidecar=entry.line if entry.published and not doc.published else doc.sidecar,
    )


# ------------------------------------------------------------------ parsing


def _json_rows(path: Path, text: str) -> Iterator[tuple[int, dict[str, Any] | str]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, f"malformed JSON: {exc.msg} (column {exc.colno})"
            continue
        yield number, record if isinstance(record, dict) else "expected a JSON object"


def _csv_rows(path: Path, text: str) -> Iterator[tuple[int, dict[str, Any] | str]]:
    reader = csv.reader(text.splitlines(keepends=True))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        return
    except csv.Error as exc:
        yield 1, f"malformed CSV: {exc}"
        return
    if "file" not in header:
        yield 1, f"the header names no 'file' column (it has: {', '.join(header) or 'nothing'})"
        return
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield reader.line_num, f"malformed CSV: {exc}"
            continue
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            yield reader.line_num, f"{len(cells)} cells, but the header has {len(header)} columns"
            continue
        yield reader.line_num, {k: v.strip() or None for k, v in zip(header, cells, strict=True)}


def _entry(row: dict[str, Any], where: str) -> SidecarEntry:
    file = row.get("file")
    if not isinstance(file, str) or not file.strip():
        raise InputError(where, 'missing "file" (the file\'s name or path)')
    values: dict[str, str | None] = {}
    for name in _FIELDS:
        value = row.get(name)
        if name == "outlet" and value is None:
            value = row.get("source")
        if value is not None and not isinstance(value, str):
            raise InputError(where, f'"{name}" must be a string, got {type(value).__name__}')
        values[name] = (value.strip() or None) if isinstance(value, str) else None
    published = values["published"]
    if published is not None and parse_date_string(published) is None:
        raise InputError(where, f'"published" is not a date: {published!r} (use YYYY-MM-DD)')
    return SidecarEntry(file=_normal(file), line=where, **values)


def _normal(file: str) -> str:
    """A file key as a POSIX path without "./": 'articles/d001.txt'."""
    return PurePosixPath(file.strip().replace("\\", "/")).as_posix().removeprefix("./")
