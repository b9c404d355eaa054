"""What an article says outside one sentence: who its officials are, and which
states it has named, so "Kirby said" and "the two countries" can be resolved."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pactwatch.actors.mentions import Mention
from pactwatch.models import Actor

_NAME = r"[A-Z][a-zA-Z'\u2019-]+(?: (?:al-|bin |van |de )?[A-Z][a-zA-Z'\u2019-]+){1,3}"
# "Pentagon spokesman John Kirby", "Iran's Defense Minister, Amir Hatami"
_AFTER_ACTOR = re.compile(rf"^(?:'s|\u2019s)?\s+((?:[A-Za-z.]+\s+){{0,5}}[A-Za-z.]+),?\s+({_NAME})")
_BEFORE_ACTOR = re.compile(
    rf"({_NAME}),\s+(?:the\s+|a\s+|an\s+)?((?:[A-Za-z]+\s+){{1,5}}?)(?:of|for|at|to)\s+(?:the\s+|The\s+)?$"
)

# "Adm. Rob Bauer, NATO's military chief": the name, then its holder's title
_NAME_BEFORE = re.compile(rf"({_NAME}),\s+(?:the\s+)?$")
_TITLE_AFTER = re.compile(
    r"^((?:\s+[A-Za-z]+){0,2})(?:'s|\u2019s)\s+((?:[A-Za-z.]+\s+){0,4}[A-Za-z.]+)\s*(?:[,;.)]|$)"
)


@dataclass(slots=True)
class ArticleContext:
    """Article-wide memory consulted while reading each sentence."""

    #: surname or full name -> the official it names
    persons: dict[str, Actor] = field(default_factory=dict)
    #: codes of states/organisations named, per sentence index, in order
    codes_by_sentence: list[list[str]] = field(default_factory=list)
    #: who imposed the latest sanction, for "... were also added to the list"
    imposers: list[Actor] = field(default_factory=list)
    #: parties of a meeting or drill named with fewer than two, per type, for a
    #: later "the meeting was held in Oslo and attended by ..."
    partial: dict[str, tuple[int, list[Actor]]] = field(default_factory=dict)

    def recent_codes(self, sentence_index: int) -> list[str]:
        """Codes named up to and including this sentence, most recent first, unique."""
        seen: list[str] = []
        for codes in reversed(self.codes_by_sentence[: sentence_index + 1]):
            for code in reversed(codes):
                if code not in seen:
                    seen.append(code)
        return seen

    def salient(self, sentence_index: int, states: frozenset[str], count: int) -> list[str]:
        """The `count` states an article is about so far: most often named, then most recent.

        "The two countries" means the article's main pair, not whichever two
        states were named last ("... Yerevan, aligned with Tehran").
        """
        counts: dict[str, int] = {}
        for codes in self.codes_by_sentence[: sentence_index + 1]:
            for code in codes:
                if code in states:
                    counts[code] = counts.get(code, 0) + 1
        order = {code: rank for rank, code in enumerate(self.recent_codes(sentence_index))}
        ranked = sorted(counts, key=lambda code: (-counts[code], order.get(code, len(order))))
        return ranked[:count]


def find_officials(text: str, mentions: list[Mention], titles: frozenset[str]) -> dict[str, Actor]:
    """Officials introduced with a title next to their state or institution.

    "Pentagon spokesman John Kirby" and "Ned Price, the spokesman for the
    State Department" both make later "Kirby said" / "Price noted" an actor.
    """
    persons: dict[str, Actor] = {}
    for mention in mentions:
        found = (
            _after(text, mention, titles)
            or _before(text, mention, titles)
            or _appositive(text, mention, titles)
        )
        if found is None:
            continue
        name, title = found
        words = name.split()
        while len(words) > 2 and words[0].lower().rstrip(".") in titles:
            title = f"{title} {words.pop(0)}".strip()
        name = " ".join(words)
        actor = Actor(
            role="",
            country=mention.code,
            text=name,
            kind="official",
            person=name,
            title=title or None,
            base=mention.form.entry.base,
        )
        persons.setdefault(name, actor)
        parts = name.split()
        persons.setdefault(parts[-1], actor)
        if len(parts) == 2 and "-" in parts[1]:
            persons.setdefault(parts[0], actor)  # family name first: "Ahn Gyu-back" -> "Ahn"
    return persons


def _title_words(words: str, titles: frozenset[str]) -> bool:
    parts = words.lower().replace(".", "").split()
    return bool(parts) and all(p in titles for p in parts)


def _after(text: str, mention: Mention, titles: frozenset[str]) -> tuple[str, str] | None:
    match = _AFTER_ACTOR.match(text[mention.end : mention.end + 120])
    if match and _title_words(match.group(1), titles):
        return match.group(2), " ".join(match.group(1).split())
    return None


def _before(text: str, mention: Mention, titles: frozenset[str]) -> tuple[str, str] | None:
    if text[mention.end : mention.end + 1] == "-":
        return None  # "chairman of the Iran-Iraq commission" names no side
    match = _BEFORE_ACTOR.search(text[max(0, mention.start - 120) : mention.start])
    if match and _title_words(match.group(2), titles):
        return match.group(1), " ".join(match.group(2).split())
    return None


def _appositive(text: str, mention: Mention, titles: frozenset[str]) -> tuple[str, str] | None:
    """ "Adm. Rob Bauer, NATO's military chief, said": a possessive title after the name."""
    name = _NAME_BEFORE.search(text[max(0, mention.start - 80) : mention.start])
    title = _TITLE_AFTER.match(text[mention.end : mention.end + 80])
    if not name or not title:
        return None
    # "the Canadian Army's commander": words between the actor and "'s" are titles too
    words = " ".join(f"{title.group(1)} {title.group(2)}".split())
    if _title_words(words, titles):
        return name.group(1), words
    return None
