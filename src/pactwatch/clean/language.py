"""Is this article English? A fast guess from script and function words.

Non-Latin scripts name their language at once (Cyrillic -> ru or uk, Arabic
script -> ar or fa, Han -> zh, ...). Latin-script text is scored by the share
of its words that are very common function words of each language: English
news runs at 35-50 % English function words even when full of foreign names,
while French, German, Spanish... score near zero on the English list.

Short texts (under MIN_WORDS Latin words) get no verdict: detect_language
returns None and is_english treats them as English, because skipping an
English snippet loses its events while reading a foreign one costs little
(the English rules find nothing in it).
"""

from __future__ import annotations

import re
from collections import Counter

#: Fewer Latin-script words than this and the function-word profile is not trusted.
MIN_WORDS = 20
#: A language needs at least this share of its function words to be named.
MIN_SCORE = 0.08
#: Share of letters in one non-Latin script that decides the language by script.
SCRIPT_SHARE = 0.5
_SAMPLE_CHARS = 20_000

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")

# Very common function words per language, chosen to overlap little.
_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "the of and to in is was that for on with as by at from it its his her their "
        "has have had be are were been said will would an which this not but or after who "
        "also they he she we than into about over more other up out new two",
        "fr": "le la les des du un une et est dans pour que qui sur pas au aux avec ce cette "
        "il elle ont sont été par plus son ses leur selon entre mais ou nous vous lors",
        "de": "der die das und ist nicht ein eine einen dem den des mit auf für von zu im "
        "sich auch es wird wurde sind hat haben nach bei aus über wie oder noch durch",
        "es": "el la los las del y en que por con para una un es se su sus al lo como más "
        "pero fue ha han sobre entre este esta según también sin desde",
        "it": "il lo la gli le del della dei delle e di che per con una un è sono nel nella "
        "non ha hanno anche come più ma alla al dal sul questo essere stato",
        "pt": "o a os as do da dos das e em que para com uma um não é se na no ao pelo pela "
        "mais foi são seu sua também como entre sobre pelos até",
        "tr": "ve bir bu da de ile için olarak olan gibi daha çok ama en ki ya her şekilde "
        "sonra kadar değil olduğunu ise yılında tarafından",
        "nl": "de het een en van is dat op te voor met zijn niet aan er ook als bij door om "
        "naar maar uit heeft worden wordt deze dit",
        "id": "yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke karena "
        "oleh ada adalah bahwa mereka telah sebagai",
    }.items()
}

# Scripts that name a language by themselves: (code, first, last code point).
_SCRIPTS: tuple[tuple[str, int, int], ...] = (
    ("cyrillic", 0x0400, 0x04FF),
    ("arabic", 0x0600, 0x06FF),
    ("arabic", 0xFB50, 0xFDFF),
    ("arabic", 0xFE70, 0xFEFF),
    ("hebrew", 0x0590, 0x05FF),
    ("greek", 0x0370, 0x03FF),
    ("devanagari", 0x0900, 0x097F),
    ("thai", 0x0E00, 0x0E7F),
    ("hangul", 0xAC00, 0xD7AF),
    ("hangul", 0x1100, 0x11FF),
    ("kana", 0x3040, 0x30FF),
    ("han", 0x4E00, 0x9FFF),
    ("han", 0x3400, 0x4DBF),
)
#: Below this code point every letter is Latin (ASCII and the Latin extensions).
_FIRST_OTHER_SCRIPT = min(first for _, first, _ in _SCRIPTS)
_SCRIPT_LANGUAGE = {
    "hebrew": "he",
    "greek": "el",
    "devanagari": "hi",
    "thai": "th",
    "hangul": "ko",
    "kana": "ja",
    "han": "zh",
}
_UKRAINIAN_LETTERS = frozenset("іїєґІЇЄҐ")
_PERSIAN_LETTERS = frozenset("پچژگکی")
_ARABIC_ONLY_LETTERS = frozenset("ةيك")


def detect_language(text: str) -> str | None:
    """'en' for English, another ISO 639-1 code for a best guess, None when unsure."""
    sample = text[:_SAMPLE_CHARS]
    by_script = _language_by_script(sample)
    if by_script is not None:
        return by_script
    return _language_by_function_words(sample)


def is_english(text: str) -> bool:
    """True unless the text is confidently another language (short texts count as English)."""
    return detect_language(text) in (None, "en")


def _language_by_script(sample: str) -> str | None:
    if sample.isascii():
        return None  # every letter is Latin: most English pages end here
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters:
        return None
    scripts = Counter(_script_of(ch) for ch in letters if ord(ch) >= _FIRST_OTHER_SCRIPT)
    scripts["latin"] += sum(ord(ch) < _FIRST_OTHER_SCRIPT for ch in letters)
    script, count = max(scripts.items(), key=lambda item: item[1])
    if script == "latin" or count / len(letters) < SCRIPT_SHARE:
        return None
    if script == "cyrillic":
        return "uk" if any(ch in _UKRAINIAN_LETTERS for ch in letters) else "ru"
    if script == "arabic":
        return _arabic_or_persian(letters)
    if script == "han" and scripts.get("kana", 0) > 0:
        return "ja"
    return _SCRIPT_LANGUAGE.get(script)


def _script_of(char: str) -> str:
    code = ord(char)
    for script, first, last in _SCRIPTS:
        if first <= code <= last:
            return script
    return "latin"


def _arabic_or_persian(letters: list[str]) -> str:
    persian = sum(ch in _PERSIAN_LETTERS for ch in letters)
    arabic = sum(ch in _ARABIC_ONLY_LETTERS for ch in letters)
    return "fa" if persian > arabic else "ar"


def _language_by_function_words(sample: str) -> str | None:
    words = [w.lower() for w in _WORD.findall(sample)]
    if len(words) < MIN_WORDS:
        return None
    counts = Counter(words)
    scores = {
        lang: sum(counts[w] for w in vocabulary if w in counts) / len(words)
        for lang, vocabulary in _FUNCTION_WORDS.items()
    }
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] >= MIN_SCORE else None
