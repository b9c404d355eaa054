"""Loading the actor lexicons (lexicons/*.yaml) into one case-sensitive automaton.

The files are data a user can extend: a user directory given by
PACTWATCH_LEXICONS adds entries (and may add forms to existing codes) on top of
the packaged ones.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import ahocorasick
import yaml

from pactwatch.errors import LexiconError
from pactwatch.models import ACTOR_KINDS, ActorKind

PACKAGED = Path(__file__).resolve().parent.parent / "lexicons"

#: file stem -> the `kind` its entries get, and how each form list is read.
_FILES: dict[str, EntryKind] = {
    "countries": "state",
    "organizations": "organization",
    "armed_groups": "armed_group",
    "institutions": "government",
    "companies": "company",
    # informal groups of states ("the Baltic states"): read as their members
    "groups": "group",
}


#: an actor's kind, or "group" for an informal group of states read as its members
EntryKind = ActorKind | Literal["group"]
_ENTRY_KINDS: dict[str, EntryKind] = {kind: kind for kind in ACTOR_KINDS} | {"group": "group"}


@dataclass(frozen=True, slots=True)
class ActorEntry:
    code: str
    name: str
    kind: EntryKind
    base: str | None = None
    members: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Form:
    """One surface form ("Tehran") and what it stands for."""

    text: str
    entry: ActorEntry
    #: name | alias | adjective | capital
    form: str
    weak: bool = False

    @property
    def kind(self) -> EntryKind:
        if self.entry.kind == "state" and self.form == "capital":
            return "government"
        return self.entry.kind


@dataclass(slots=True)
class ActorLexicon:
    forms: dict[str, Form] = field(default_factory=dict)
    entries: dict[str, ActorEntry] = field(default_factory=dict)
    automaton: Any = None

    def add(self, form: Form) -> None:
        # A later file (a user's) overrides a packaged form of the same spelling.
        self.forms[form.text] = form

    def finalize(self) -> ActorLexicon:
        automaton = ahocorasick.Automaton()
        for text, form in self.forms.items():
            automaton.add_word(text, (len(text), form))
        automaton.make_automaton()
        self.automaton = automaton
        return self

    def name_of(self, code: str) -> str:
        entry = self.entries.get(code)
        return entry.name if entry else code

    def iter_matches(self, text: str) -> Iterator[tuple[int, int, Form]]:
        for end_index, (length, form) in self.automaton.iter(text):
            yield end_index + 1 - length, end_index + 1, form


def _as_list(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    raise LexiconError(f"{where}: expected a list of strings, got {value!r}")


def _read_entries(path: Path, default_kind: EntryKind, lexicon: ActorLexicon) -> None:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"{path}: cannot read lexicon: {exc}") from exc
    if data is None:
        return
    if not isinstance(data, list):
        raise LexiconError(f"{path}: expected a YAML list of entries")
    for number, item in enumerate(data, start=1):
        where = f"{path} entry {number}"
        if not isinstance(item, dict) or "code" not in item or "name" not in item:
            raise LexiconError(f"{where}: every entry needs `code` and `name`")
        kind = _ENTRY_KINDS.get(str(item.get("kind", default_kind)))
        if kind is None:
            raise LexiconError(
                f"{where}: unknown kind {item.get('kind')!r}; use one of {', '.join(_ENTRY_KINDS)}"
            )
        entry = ActorEntry(
            code=str(item["code"]),
            name=str(item["name"]),
            kind=kind,
            base=item.get("base"),
            members=tuple(_as_list(item.get("members"), where)),
        )
        lexicon.entries.setdefault(entry.code, entry)
        weak = set(_as_list(item.get("weak"), where))
        for form_kind, key in (
            ("name", "name"),
            ("alias", "aliases"),
            ("adjective", "adjectives"),
            ("capital", "capitals"),
        ):
            for text in _as_list(item.get(key), where):
                lexicon.add(Form(text=text, entry=entry, form=form_kind, weak=text in weak))


def _lexicon_dirs() -> list[Path]:
    dirs = [PACKAGED]
    extra = os.environ.get("PACTWATCH_LEXICONS")
    if extra:
        dirs.extend(Path(p) for p in extra.split(os.pathsep) if p)
    return dirs


def build_actor_lexicon(dirs: Iterable[Path]) -> ActorLexicon:
    lexicon = ActorLexicon()
    for directory in dirs:
        for stem, kind in _FILES.items():
            path = directory / f"{stem}.yaml"
            if path.exists():
                _read_entries(path, kind, lexicon)
    if not lexicon.forms:
        raise LexiconError("no actor lexicon found: reinstall pactwatch (lexicons/*.yaml missing)")
    return lexicon.finalize()


@functools.cache
def load_actor_lexicon() -> ActorLexicon:
    """The packaged lexicons plus any in PACTWATCH_LEXICONS, loaded once."""
    return build_actor_lexicon(_lexicon_dirs())
