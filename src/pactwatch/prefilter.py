"""Which sentences can hold an event, decided without parsing.

A sentence is parsed only if it contains a surface form of some trigger and
names at least two actors (or one actor and a known official or a phrase such
as "the two countries", or one actor taking part in a drill or meeting named in
an earlier parsed sentence). Every event the rules can produce needs both, so
the filter saves parsing time without changing what is found.
"""

from __future__ import annotations

import functools
import re

import ahocorasick

from pactwatch.actors import load_actor_lexicon
from pactwatch.events.attributes import HAPPENINGS
from pactwatch.events.lexicon import load_cues, load_triggers

# Past tenses and participles the regular rules below do not produce.
_IRREGULAR = {
    "sell": ["sold"],
    "send": ["sent"],
    "buy": ["bought"],
    "hold": ["held"],
    "meet": ["met"],
    "give": ["gave", "given"],
    "get": ["got", "gotten"],
    "take": ["took", "taken"],
    "build": ["built"],
    "seek": ["sought"],
    "learn": ["learnt"],
    "lead": ["led"],
    "lend": ["lent"],
    "teach": ["taught"],
    "deal": ["dealt"],
    "make": ["made"],
    "bring": ["brought"],
    "shoot": ["shot"],
    "find": ["found"],
    "fly": ["flew", "flown"],
    "be": ["was", "were", "is", "are", "been"],
    "have": ["had", "has"],
    "undertake": ["undertook", "undertaken"],
    "sign": [],
    "ship": ["shipped", "shipping"],
    "arm": ["armed"],
    "ally": ["allied", "allies"],
    "school": ["schooled"],
    "embargo": ["embargoed", "embargoes"],
}


def inflections(lemma: str) -> set[str]:
    """Surface forms a lemma can take in news text (a generous over-approximation)."""
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        forms |= {lemma[:-1] + "ing", lemma[:-1] + "ed"}
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if re.fullmatch(r".*[^aeiou][aeiou][bdgklmnprt]", lemma):
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    forms.update(_IRREGULAR.get(lemma, []))
    return forms


@functools.cache
def _trigger_automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for trigger in load_triggers():
        for form in inflections(trigger.words[0]):
            automaton.add_word(form, form)
    automaton.make_automaton()
    return automaton


@functools.cache
def _made_in_pattern() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in sorted(load_cues().made_in))
    return re.compile(rf"\w-(?:{words})\b", re.IGNORECASE)


def has_trigger_word(text: str) -> bool:
    """A trigger's surface form, or an "X-made" origin that the made-in rule reads."""
    if _made_in_pattern().search(text):
        return True
    lowered = text.lower()
    for end, form in _trigger_automaton().iter(lowered):
        start = end + 1 - len(form)
        before = lowered[start - 1] if start else " "
        after = lowered[end + 1] if end + 1 < len(lowered) else " "
        if not before.isalnum() and not after.isalnum():
            return True
    return False


@functools.cache
def _partaking_pattern() -> re.Pattern[str]:
    forms = {
        form
        for trigger in load_triggers()
        if trigger.frame == "partake"
        for form in inflections(trigger.words[0])
    }
    return re.compile(rf"\b(?:{'|'.join(sorted(forms))})\b", re.IGNORECASE)


@functools.cache
def _happening_pattern() -> re.Pattern[str]:
    forms = {
        form
        for trigger in load_triggers()
        if trigger.type in HAPPENINGS and trigger.frame != "partake"
        for form in inflections(trigger.words[0])
    }
    return re.compile(rf"\b(?:{'|'.join(sorted(forms))})\b", re.IGNORECASE)


def has_partaking_word(text: str) -> bool:
    """ "also took part", "participated": one party more for a happening named before."""
    return bool(_partaking_pattern().search(text))


def names_happening(text: str) -> bool:
    """A drill or meeting word, which later sentences may add parties to."""
    return bool(_happening_pattern().search(text))


def has_reference(text: str) -> bool:
    cues = load_cues()
    lowered = text.lower()
    words = load_actor_lexicon().words
    return (
        bool(cues.group_reference.search(text))
        or any(p in lowered for p in cues.single_references)
        or (words is not None and bool(words.region_reference.search(text)))
    )
