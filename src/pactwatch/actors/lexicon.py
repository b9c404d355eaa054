"""Loading the actor lexicons (lexicons/*.yaml) into one case-sensitive automaton.

The files are data a user can extend: a user directory given by
PACTWATCH_LEXICONS adds entries (and may add forms to existing codes) on top of
the packaged ones. Place names that contain a state's name (places.yaml) go
into the same automaton so that, longest match winning, "South China Sea"
hides "China"; they are never actors themselves.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

import ahocorasick
import yaml

from pactwatch.errors import LexiconError
from pactwatch.models import ACTOR_KINDS, ActorKind

PACKAGED = Path(__file__).resolve().parent.parent / "lexicons"

#: an actor's kind, "group" for an informal group of states read as its members,
#: or "place" for a place name that hides a state's name (never an actor)
EntryKind = ActorKind | Literal["group", "place"]
_ENTRY_KINDS: dict[str, EntryKind] = {kind: kind for kind in ACTOR_KINDS}
_ENTRY_KINDS["group"] = "group"

#: file stem -> the `kind` its entries get, and how each form list is read.
_FILES: dict[str, EntryKind] = {
    "countries": "state",
    "organizations": "organization",
    "armed_groups": "armed_group",
    "institutions": "government",
    "companies": "company",
    # informal groups of states ("the Baltic states"): read as their members
    "groups": "group",
    # heads of state and government, ministers: read as the state they serve
    "leaders": "official",
    # "Gulf of Oman", "New Mexico": shadows over a state's name, never actors
    "places": "place",
}

#: Words read around the names (actor_words.yaml): forces, governments, titles.
WORDS_FILE = "actor_words"


@dataclass(frozen=True, slots=True)
class ActorEntry:
    code: str
    name: str
    kind: EntryKind
    base: str | None = None
    members: tuple[str, ...] = ()
    #: a leader who went on to serve another code: (code, first day), in order
    since: tuple[tuple[str, date], ...] = ()

    def code_on(self, day: date | None) -> str:
        """The code the entry stands for on `day` (the latest when undated)."""
        code = self.code
        for later, start in self.since:
            if day is None or day >= start:
                code = later
        return code


@dataclass(frozen=True, slots=True)
class Form:
    """One surface form ("Tehran") and what it stands for."""

    text: str
    entry: ActorEntry
    #: name | alias | adjective | capital | port | surname | place, or for a mention
    #: widened by actor_words.yaml: military | government
    form: str
    weak: bool = False
    #: a surname that names its leader only beside a title, a government word
    #: or the full name in the same text ("President Marcos")
    cue: bool = False
    #: for a widened form, the form it was widened from ("Indian" in "Indian Army")
    base_form: str = ""
    #: a weak state name ("Jordan", "Chad") in a text that also names the state
    #: by a form that is not weak ("Jordanian", "Amman"): one sense per text
    confirmed: bool = False

    @property
    def kind(self) -> EntryKind:
        if self.form == "military":
            return "military"
        if self.form == "government":
            return "government"
        if self.entry.kind == "state" and self.form == "capital":
            return "government"
        return self.entry.kind


@dataclass(frozen=True, slots=True)
class ActorWords:
    """Words around a name that widen its mention (lexicons/actor_words.yaml)."""

    #: after a state's form: "<state> Army" -> ("Army", "military")
    after_state: re.Pattern[str]
    #: before a state's form, part of a force's name ("Royal")
    prefix: re.Pattern[str]
    #: "<body> of (the)" right before a state's name
    of_state: re.Pattern[str]
    #: "<body> in" right before a capital: "the foreign ministry in Beijing"
    in_capital: re.Pattern[str]
    #: after a leader's name: "administration", "government" ...
    leader_body: re.Pattern[str]
    #: right before a leader's surname: "President", "Defense Secretary"
    leader_title: re.Pattern[str]
    #: words that may stand in an official's title beside cues.yaml's titles
    title_words: frozenset[str]
    #: states whose officials' names put the family name first ("Zhao Wenlong")
    family_name_first: frozenset[str]
    #: states whose officials are named by given name after their first mention
    given_name_used: frozenset[str]
    #: plural nouns for people ("the two leaders") that refer to officials just named
    person_nouns: frozenset[str]
    #: "the West African country": group(1) is the region, a key of `regions`
    region_reference: re.Pattern[str]
    regions: dict[str, frozenset[str]]
    #: right after a name: "-backed", "-brokered" (the name is not the actor)
    backer: re.Pattern[str]
    #: right after an organisation: " ally ", " member " before a state's name
    membership: re.Pattern[str]
    kinds: dict[str, Literal["military", "government"]]
    #: a state's combining form before a hyphen and another state: "Sino" -> CHN
    combining: dict[str, str] = field(default_factory=dict)


def _alternation(words: Iterable[str]) -> str:
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


def _bodies_named_before(
    data: dict[str, list[str] | dict[str, list[str]]],
    section: str,
    key: str,
    kinds: dict[str, Literal["military", "government"]],
) -> list[str]:
    """The words of a section listing bodies named before a state ("<body> of
    <state>", "<body> in <capital>"), each kind recorded under "<key>:<word>"."""
    lists = data.get(section) or {}
    if not isinstance(lists, dict):
        raise LexiconError(f"{WORDS_FILE}.yaml {section}: expected military/government lists")
    words: list[str] = []
    for kind in ("military", "government"):
        for word in _as_list(lists.get(kind), f"{WORDS_FILE}.yaml {section}.{kind}"):
            kinds.setdefault(f"{key}:{word.lower()}", kind)
            words.append(word)
    return words


def build_words(data: dict[str, list[str] | dict[str, list[str]]]) -> ActorWords:
    """Compile the word lists into the patterns mentions.py reads around names."""
    kinds: dict[str, Literal["military", "government"]] = {}
    body_kinds: tuple[Literal["military", "government"], ...] = ("military", "government")
    for kind in body_kinds:
        for word in _as_list(data.get(kind), f"{WORDS_FILE}.yaml {kind}"):
            kinds.setdefault(word.lower(), kind)
    of_words = _bodies_named_before(data, "of_state", "of", kinds)
    in_words = _bodies_named_before(data, "in_capital", "in", kinds)
    raw_regions = data.get("regions") or {}
    if not isinstance(raw_regions, dict):
        raise LexiconError(f"{WORDS_FILE}.yaml regions: expected a mapping of region -> codes")
    regions = {
        str(name): frozenset(_as_list(codes, f"{WORDS_FILE}.yaml regions.{name}"))
        for name, codes in raw_regions.items()
    }
    region_nouns = _as_list(data.get("region_nouns"), f"{WORDS_FILE}.yaml region_nouns")
    backers = _alternation(
        _as_list(data.get("backer_suffixes"), f"{WORDS_FILE}.yaml backer_suffixes")
    )
    members = _alternation(
        _as_list(data.get("membership_nouns"), f"{WORDS_FILE}.yaml membership_nouns")
    )
    raw_combining = data.get("combining_forms") or {}
    if not isinstance(raw_combining, dict):
        raise LexiconError(f"{WORDS_FILE}.yaml combining_forms: expected a mapping of form -> code")
    combining = {  # an overlay may have merged a code into a list
        str(form): str(code[0] if isinstance(code, list) else code)
        for form, code in raw_combining.items()
        if code
    }
    after = _alternation(w for w in kinds if not w.startswith(("of:", "in:")))
    prefixes = _alternation(_as_list(data.get("prefixes"), f"{WORDS_FILE}.yaml prefixes"))
    bodies = _alternation(_as_list(data.get("leader_bodies"), f"{WORDS_FILE}.yaml leader_bodies"))
    titles = _alternation(_as_list(data.get("leader_titles"), f"{WORDS_FILE}.yaml leader_titles"))
    return ActorWords(
        after_state=re.compile(rf"\s+({after})\b", re.IGNORECASE),
        prefix=re.compile(rf"\b({prefixes})\s+$" if prefixes else r"(?!)"),
        of_state=re.compile(
            rf"\b({_alternation(of_words)})\s+of\s+(?:the\s+)?$" if of_words else r"(?!)"
        ),
        in_capital=re.compile(
            rf"\b({_alternation(in_words)})\s+in\s+$" if in_words else r"(?!)", re.IGNORECASE
        ),
        leader_body=re.compile(rf"(?:(?:'s|\u2019s)\s+|-led\s+|\s+)({bodies})\b"),
        leader_title=re.compile(rf"\b(?:{titles})\s+$"),
        title_words=frozenset(
            w.lower() for w in _as_list(data.get("title_words"), f"{WORDS_FILE}.yaml title_words")
        ),
        family_name_first=frozenset(
            _as_list(data.get("family_name_first"), f"{WORDS_FILE}.yaml family_name_first")
        ),
        given_name_used=frozenset(
            _as_list(data.get("given_name_used"), f"{WORDS_FILE}.yaml given_name_used")
        ),
        person_nouns=frozenset(
            w.lower() for w in _as_list(data.get("person_nouns"), f"{WORDS_FILE}.yaml person_nouns")
        ),
        region_reference=_region_pattern(regions, region_nouns),
        regions=regions,
        backer=re.compile(rf"-(?:{backers})\b" if backers else r"(?!)", re.IGNORECASE),
        membership=re.compile(rf"\s+(?:{members})\s+" if members else r"(?!)"),
        kinds=kinds,
        combining=combining,
    )


def _region_pattern(regions: dict[str, frozenset[str]], nouns: list[str]) -> re.Pattern[str]:
    if not regions or not nouns:
        return re.compile(r"(?!)")
    return re.compile(rf"\b[Tt]he\s+({_alternation(regions)})\s+(?:{_alternation(nouns)})\b")


@dataclass(slots=True)
class ActorLexicon:
    forms: dict[str, Form] = field(default_factory=dict)
    entries: dict[str, ActorEntry] = field(default_factory=dict)
    automaton: Any = None
    words: ActorWords | None = None

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


def _since(value: Any, where: str) -> tuple[tuple[str, date], ...]:
    if value is None:
        return ()
    if not isinstance(value, dict) or not all(isinstance(d, date) for d in value.values()):
        raise LexiconError(f"{where}: `since` maps a code to a day (NATO: 2024-10-01)")
    return tuple(sorted(((str(code), day) for code, day in value.items()), key=lambda c: c[1]))


#: libyaml's safe loader where PyYAML was built with it: the same data, read about
#: five times faster (the actor lexicons were a fifth of start-up)
_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"{path}: cannot read lexicon: {exc}") from exc


_PLACE = ActorEntry(code="", name="place", kind="place")


def _read_entries(path: Path, default_kind: EntryKind, lexicon: ActorLexicon) -> None:
    data = _load_yaml(path)
    if data is None:
        return
    if not isinstance(data, list):
        raise LexiconError(f"{path}: expected a YAML list of entries")
    for number, item in enumerate(data, start=1):
        where = f"{path} entry {number}"
        if default_kind == "place":
            if not isinstance(item, dict) or "name" not in item:
                raise LexiconError(f"{where}: every place needs a `name`")
            for text in [str(item["name"]), *_as_list(item.get("aliases"), where)]:
                lexicon.add(Form(text=text, entry=_PLACE, form="place"))
            continue
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
            since=_since(item.get("since"), where),
        )
        lexicon.entries.setdefault(entry.code, entry)
        weak = set(_as_list(item.get("weak"), where))
        for form_kind, key in (
            ("name", "name"),
            ("alias", "aliases"),
            ("adjective", "adjectives"),
            ("capital", "capitals"),
            ("port", "ports"),
            ("surname", "alone"),
            ("surname", "surnames"),
        ):
            for text in _as_list(item.get(key), where):
                lexicon.add(
                    Form(
                        text=text,
                        entry=entry,
                        form=form_kind,
                        weak=text in weak,
                        cue=key == "surnames",
                    )
                )


def _read_words(dirs: Iterable[Path]) -> ActorWords:
    """actor_words.yaml of every directory, list by list: a user's words add to ours."""
    merged: dict[str, Any] = {}
    for directory in dirs:
        path = directory / f"{WORDS_FILE}.yaml"
        if not path.exists():
            continue
        data = _load_yaml(path) or {}
        if not isinstance(data, dict):
            raise LexiconError(f"{path}: expected a mapping of word lists")
        for key, value in data.items():
            if isinstance(value, dict):
                into = merged.setdefault(key, {})
                for kind, words in value.items():
                    into.setdefault(kind, []).extend(_as_list(words, f"{path} {key}.{kind}"))
            else:
                merged.setdefault(key, []).extend(_as_list(value, f"{path} {key}"))
    return build_words(merged)


def user_lexicon_dirs() -> list[Path]:
    """The folders PACTWATCH_LEXICONS adds on top of the packaged lexicons."""
    extra = os.environ.get("PACTWATCH_LEXICONS", "")
    return [Path(p) for p in extra.split(os.pathsep) if p]


def _lexicon_dirs() -> list[Path]:
    return [PACKAGED, *user_lexicon_dirs()]


def build_actor_lexicon(dirs: Iterable[Path]) -> ActorLexicon:
    dirs = list(dirs)
    lexicon = ActorLexicon()
    for directory in dirs:
        for stem, kind in _FILES.items():
            path = directory / f"{stem}.yaml"
            if path.exists():
                _read_entries(path, kind, lexicon)
    if not lexicon.forms:
        raise LexiconError("no actor lexicon found: reinstall pactwatch (lexicons/*.yaml missing)")
    lexicon.words = _read_words(dirs)
    return lexicon.finalize()


@functools.cache
def load_actor_lexicon() -> ActorLexicon:
    """The packaged lexicons plus any in PACTWATCH_LEXICONS, loaded once."""
    return build_actor_lexicon(_lexicon_dirs())
