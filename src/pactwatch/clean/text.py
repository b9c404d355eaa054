"""Page furniture out, story in: a line classifier for scraped article text.

Scraped pages arrive with links to other stories, share bars, bylines, cookie
banners and comment rules around the story. Each line is checked against the
rules in lexicons/furniture.yaml; the kept lines become the text that every
evidence offset downstream points into, and each dropped line is recorded with
its reason so `pactwatch explain` can show what was removed and why.

Whitespace is normalised on the way: no-break and other Unicode spaces become
plain spaces, runs of spaces collapse to one, zero-width characters go, lines
are trimmed, and runs of blank lines collapse to one.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml

from pactwatch.errors import LexiconError

FURNITURE_FILE = Path(__file__).resolve().parent.parent / "lexicons" / "furniture.yaml"

#: A first line shorter than this, with no final period, is the headline.
HEADLINE_MAX_WORDS = 25
_DEFAULT_MAX_WORDS = 40
#: Earlier lines compared when looking for truncated or credited repeats.
_REPEAT_WINDOW = 30
#: Shortest line (in key characters) whose truncated repeat still counts as one.
_MIN_REPEAT_CHARS = 30
#: Longest credit tail ("(Brett Dodge/U.S. Navy)") a repeat may add.
_MAX_REPEAT_TAIL = 60

REASON_END_MARKER = "end of story marker"
REASON_AFTER_STORY = "after end of story"
REASON_TAG_LIST = "tag list"
REASON_BYLINE = "byline"
REASON_DATE_LINE = "date line"
REASON_SECTION = "section label"
REASON_SHARE = "share bar"
REASON_CAPTION = "photo caption"
REASON_HEADLINE_REPEAT = "repeated headline"
REASON_DUPLICATE = "duplicate line"
REASON_LINK_LIST = "list of links"

_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+")
_LETTERS = re.compile(r"[^\W\d_]+")
_NUMERIC_DATE = re.compile(r"\b\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}\b|\b\d{1,2}:\d{2}\b")
_SECTION_SPLIT = re.compile(r"[\s|/,>»·•:]+")
_NON_WORD = re.compile(r"\W+")
_CLOSING = "\"'”’»)]"
_TERMINAL = ".!?…"


@dataclass(frozen=True, slots=True)
class CleanedText:
    """The story left after page furniture is removed."""

    #: The story, lines joined with "\n"; all evidence offsets point into this.
    text: str
    #: The headline, when the text starts with one (it stays in `text` once).
    title: str | None
    #: (line, reason) for every dropped line or line prefix, in input order.
    dropped: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class LineRule:
    """One furniture pattern and the longest line (in words) it may drop."""

    reason: str
    pattern: re.Pattern[str]
    max_words: int


@dataclass(frozen=True, slots=True)
class FurnitureRules:
    """lexicons/furniture.yaml, compiled."""

    prefixes: tuple[LineRule, ...]
    drop_rules: tuple[LineRule, ...]
    end_markers: tuple[re.Pattern[str], ...]
    tag_headers: tuple[re.Pattern[str], ...]
    bylines: tuple[LineRule, ...]
    min_prose_words: int
    story_min_words: int
    social_words: frozenset[str]
    #: social_words plus the fillers a share bar may hold ("on", "via", "news").
    share_bar_words: frozenset[str]
    section_words: frozenset[str]
    month_words: frozenset[str]
    #: month_words plus the other words a dateline may hold.
    dateline_words: frozenset[str]
    date_line_max_words: int
    date_line_max_other_words: int
    caption_credits: tuple[re.Pattern[str], ...]
    verb_words: frozenset[str]
    #: the mark a list item starts with ("- ", "• ", "2. ")
    list_item: re.Pattern[str]
    #: this many headline-like items in a row are links to other stories
    link_list_min_items: int
    name_list_heading: re.Pattern[str]
    name_list_min_items: int


# --------------------------------------------------------------------------- rules


@cache
def load_furniture_rules(path: Path = FURNITURE_FILE) -> FurnitureRules:
    """Read and compile the furniture lexicon once per process."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"{path}: cannot read furniture lexicon: {exc}") from exc
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: expected a mapping at the top level")
    try:
        return _compile_rules(data, path)
    except (KeyError, TypeError, ValueError) as exc:
        raise LexiconError(f"{path}: malformed entry: {exc!r}") from exc


def _compile_rules(data: dict[str, Any], path: Path) -> FurnitureRules:
    bylines = data["bylines"]
    return FurnitureRules(
        prefixes=tuple(
            LineRule(reason, _compile(pattern, path), _DEFAULT_MAX_WORDS)
            for reason, patterns in data["strip_prefixes"].items()
            for pattern in patterns
        ),
        drop_rules=tuple(
            LineRule(
                reason, _compile(pattern, path), int(group.get("max_words", _DEFAULT_MAX_WORDS))
            )
            for reason, group in data["drop_lines"].items()
            for pattern in group["patterns"]
        ),
        end_markers=tuple(_compile(p, path) for p in data["end_of_story"]),
        tag_headers=tuple(_compile(p, path) for p in data["tag_headers"]),
        bylines=tuple(
            LineRule(REASON_BYLINE, _compile(p, path), int(bylines["max_words"]))
            for p in bylines["patterns"]
        ),
        min_prose_words=int(data["min_prose_words"]),
        story_min_words=int(data["story_min_words"]),
        social_words=_word_set(data["social_words"]),
        share_bar_words=_word_set(data["social_words"] + data["social_fillers"]),
        section_words=_word_set(data["section_words"]),
        month_words=_word_set(data["month_words"]),
        dateline_words=_word_set(data["month_words"] + data["date_words"]),
        date_line_max_words=int(data["date_line_max_words"]),
        date_line_max_other_words=int(data["date_line_max_other_words"]),
        caption_credits=tuple(_compile(p, path) for p in data["caption_credits"]),
        verb_words=_word_set(data["verb_words"]),
        list_item=_compile(data["link_lists"]["item"], path),
        link_list_min_items=int(data["link_lists"]["min_items"]),
        name_list_heading=_compile(data["name_lists"]["heading"], path),
        name_list_min_items=int(data["name_lists"]["min_items"]),
    )


def _compile(pattern: object, path: Path) -> re.Pattern[str]:
    if not isinstance(pattern, str):
        raise LexiconError(f"{path}: pattern {pattern!r} is not a string")
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise LexiconError(f"{path}: bad regular expression {pattern!r}: {exc}") from exc


def _word_set(words: list[object]) -> frozenset[str]:
    return frozenset(str(word).lower() for word in words)


# ------------------------------------------------------------------------ cleaning


@dataclass(slots=True)
class _State:
    """What the classifier has seen so far in one document."""

    story_started: bool = False
    after_story: bool = False
    expect_tags: bool = False
    first_key: str | None = None
    seen: set[str] = field(default_factory=set)
    recent: deque[str] = field(default_factory=lambda: deque(maxlen=_REPEAT_WINDOW))


_GLUED_BLOCKS = re.compile(r"_{2,}")


def clean_text(raw: str) -> CleanedText:
    """Drop page furniture from scraped text, keeping every story paragraph."""
    rules = load_furniture_rules()
    state = _State()
    kept: list[str] = []
    dropped: list[tuple[str, str]] = []
    # scrapers glue blocks together with runs of underscores ("exercise.__The Nation")
    raw_lines = [normalize_line(line) for line in _GLUED_BLOCKS.sub("\n", raw).splitlines()]
    for raw_line in _fold_name_lists(raw_lines, rules):
        line = _strip_prefixes(raw_line, rules, dropped)
        if not line:
            kept.append("")
            continue
        reason = _classify(line, rules, state)
        if reason is None:
            _remember(line, rules, state)
            kept.append(line)
        else:
            dropped.append((line, reason))
    kept = _without_link_lists(kept, rules, dropped)
    lines = _collapse_blank_lines(kept)
    return CleanedText("\n".join(lines), _find_title(lines, dropped), tuple(dropped))


def _without_link_lists(
    lines: list[str], rules: FurnitureRules, dropped: list[tuple[str, str]]
) -> list[str]:
    """Drop runs of list items that read as other stories' headlines ("- Denmark
    starts training of Ukrainian pilots"): none ends a sentence, and most say in
    a headline's present tense what someone does. A list of the story's own
    points ends its items with a period or a semicolon, or names things
    ("- Increased spending on schools", "- Withdrawing from the convention")."""
    run: list[int] = []
    links: set[int] = set()
    for index, line in enumerate([*lines, "."]):
        if not line:
            continue  # blank lines may separate the items
        if _is_unfinished_item(line, rules):
            run.append(index)
            continue
        headlines = sum(_reads_as_headline(lines[i]) for i in run)
        if len(run) >= rules.link_list_min_items and 3 * headlines >= 2 * len(run):
            links.update(run)
        run = []
    links |= _bare_headline_runs(lines, rules)
    dropped.extend((lines[i], REASON_LINK_LIST) for i in sorted(links))
    return [line for i, line in enumerate(lines) if i not in links]


#: how many words a heading ("Participating countries:", "TAKING PART") and an item
#: ("Kenya") may have
_HEADING_MAX_WORDS, _CAPITALS_HEADING_MAX_WORDS, _NAME_MAX_WORDS = 12, 6, 4
#: what sets a listed name off from its details: "Chile - 300 troops; two frigates",
#: "Royal Saudi Air Force -- F-15SA, Typhoon"
_DETAILS = re.compile(r"\s+(?:--?|\u2013|\u2014)\s+|:\s+")
#: how many words a name set off from its details may have ("United Arab Emirates Air
#: Force -- Mirage 2000-9")
_DETAILED_NAME_MAX_WORDS = 6


def _fold_name_lists(lines: list[str], rules: FurnitureRules) -> list[str]:
    """Set a heading's list of names out as one sentence ("Participating countries:"
    over "- Kenya", "- Tanzania" becomes "Participating countries: Kenya, Tanzania."),
    so the names are read together and with their heading, as the page shows them
    (furniture.yaml `name_lists`)."""
    folded: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if _is_name_list_heading(line, rules):
            items, end = _name_items(lines, index + 1, rules)
            if len(items) >= rules.name_list_min_items:
                # "TAKING PART" reads as "Taking part"
                heading = line.rstrip(":").rstrip()
                heading = heading.capitalize() if heading.isupper() else heading
                folded.append(f"{heading}: {', '.join(items)}.")
                index = end
                continue
        folded.append(line)
        index += 1
    return folded


def _is_name_list_heading(line: str, rules: FurnitureRules) -> bool:
    words = _word_count(line)
    return (
        words > 0
        and (
            (line.endswith(":") and words <= _HEADING_MAX_WORDS)
            or (line.isupper() and words <= _CAPITALS_HEADING_MAX_WORDS)
        )
        and bool(rules.name_list_heading.search(line))
    )


def _name_items(lines: list[str], start: int, rules: FurnitureRules) -> tuple[list[str], int]:
    """The short capitalised lines from `start` on (with or without list marks; blank
    lines between them allowed), and the index after the last."""
    items: list[str] = []
    index = end = start
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line:
            continue
        mark = rules.list_item.match(line)
        name = (line[mark.end() :] if mark else line).strip()
        parts = _DETAILS.split(name, maxsplit=1)
        name = parts[0].rstrip(",;")
        words = _word_count(name)
        if (
            not name[:1].isupper()
            or words > (_DETAILED_NAME_MAX_WORDS if len(parts) > 1 else _NAME_MAX_WORDS)
            or _ends_sentence(name)
            or name.endswith(":")
            or _drop_rule(name, words, rules) is not None  # "Advertisement" after the list
        ):
            break
        items.append(name)
        end = index
    return items, end


def _bare_headline_runs(lines: list[str], rules: FurnitureRules) -> set[int]:
    """Other stories' headlines set out without list marks or a heading after the
    story ("Russia, China begin joint naval drills in Sea of Japan", "India and US
    hold ..."): `min_items` short lines in a row after the story has begun, none
    ending a sentence. A story's own paragraphs end theirs; a page cut off mid-
    sentence leaves one such line, not a run."""
    begun = next(
        (
            i
            for i, line in enumerate(lines)
            if _word_count(line) >= rules.story_min_words and _ends_sentence(line)
        ),
        len(lines),
    )
    found: set[int] = set()
    run: list[int] = []
    for index in range(begun + 1, len(lines) + 1):
        line = lines[index] if index < len(lines) else "."
        if not line:
            continue
        if (
            not _ends_sentence(line)
            and not line.endswith((";", ",", ":"))
            # a headline says who does what: not the story's own points ("New tax bands")
            and _HEADLINE_MIN_WORDS <= _word_count(line) <= _HEADLINE_MAX_WORDS
            and line[:1].isupper()
            # a headline's words run in lower case ("begin joint naval drills"); a
            # list of names or fixtures ("Derby v Watford or Fulham") does not
            and sum(len(w) >= 4 and w.islower() for w in _LETTERS.findall(line)) >= 2
        ):
            run.append(index)
            continue
        if len(run) >= rules.link_list_min_items:
            found.update(run)
        run = []
    return found


#: how long a bare line read as another story's headline may be
_HEADLINE_MIN_WORDS, _HEADLINE_MAX_WORDS = 5, 20


def _is_unfinished_item(line: str, rules: FurnitureRules) -> bool:
    """A list item that ends no sentence ("- White House reveals conditions")."""
    item = rules.list_item.match(line)
    rest = line[item.end() :] if item else ""
    return bool(rest) and not _ends_sentence(rest) and not rest.endswith((";", ",", ":"))


def _reads_as_headline(line: str) -> bool:
    """A name followed by a present-tense verb: "Denmark starts", "Trudeau announces"."""
    tokens = _LETTERS.findall(line)
    return any(
        previous[:1].isupper() and token.islower() and _looks_like_third_person(token)
        for previous, token in pairwise(tokens)
    )


def normalize_line(line: str) -> str:
    """Plain single spaces, no invisible characters, no surrounding blanks."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", line)).strip()


def _strip_prefixes(line: str, rules: FurnitureRules, dropped: list[tuple[str, str]]) -> str:
    for rule in rules.prefixes:
        match = rule.pattern.search(line)
        if match and match.end() > 0:
            dropped.append((match.group(0).strip(), rule.reason))
            line = line[match.end() :].strip()
    return line


def _drop_rule(line: str, words: int, rules: FurnitureRules) -> LineRule | None:
    """The furniture rule that drops `line` (of `words` words) on its own, if any."""
    return next(
        (r for r in rules.drop_rules if words <= r.max_words and r.pattern.search(line)), None
    )


def _classify(line: str, rules: FurnitureRules, state: _State) -> str | None:
    """The reason `line` is furniture, or None when it belongs to the story."""
    words = _word_count(line)
    if state.expect_tags:
        state.expect_tags = False
        if not _is_prose(line, rules):
            return REASON_TAG_LIST
    rule = _drop_rule(line, words, rules)
    if rule is not None:
        if _matches_any(line, rules.end_markers):
            _start_after_story(state)  # "Read more:" also heads a list of other stories
        return rule.reason
    if _matches_any(line, rules.tag_headers):
        state.expect_tags = True
        _start_after_story(state)
        return REASON_TAG_LIST
    if _matches_any(line, rules.end_markers):
        _start_after_story(state)
        return REASON_END_MARKER
    reason = _furniture_shape(line, words, rules) or _repeat_reason(line, rules, state)
    if reason is not None:
        return reason
    if state.after_story:
        if not _is_prose(line, rules):
            return REASON_AFTER_STORY
        state.after_story = False
    return None


def _start_after_story(state: _State) -> None:
    # A marker above the story ("Latest news" in the page menu) ends nothing.
    if state.story_started:
        state.after_story = True


def _furniture_shape(line: str, words: int, rules: FurnitureRules) -> str | None:
    """Furniture recognised by the shape of the whole line, not one phrase."""
    if _is_share_bar(line, rules):
        return REASON_SHARE
    if _is_section_label(line, rules):
        return REASON_SECTION
    if _is_date_line(line, rules):
        return REASON_DATE_LINE
    if _is_byline(line, words, rules):
        return REASON_BYLINE
    if _is_bare_caption(line, rules):
        return REASON_CAPTION
    return None


def _repeat_reason(line: str, rules: FurnitureRules, state: _State) -> str | None:
    key = _repeat_key(line, rules)
    if not _is_repeat(key, state):
        return None
    if state.first_key is not None and _same_or_prefix(key, state.first_key):
        return REASON_HEADLINE_REPEAT
    return REASON_DUPLICATE


def _remember(line: str, rules: FurnitureRules, state: _State) -> None:
    key = _repeat_key(line, rules)
    if not state.seen and _word_count(line) < HEADLINE_MAX_WORDS:
        state.first_key = key  # a possible headline, whose repeats are named as such
    state.seen.add(key)
    state.recent.append(key)
    if _word_count(line) >= rules.story_min_words and _ends_sentence(line):
        state.story_started = True


# -------------------------------------------------------------------- line shapes


def _is_share_bar(line: str, rules: FurnitureRules) -> bool:
    tokens = [t.lower() for t in _LETTERS.findall(line)]
    return (
        bool(tokens)
        and all(t in rules.share_bar_words for t in tokens)
        and any(t in rules.social_words for t in tokens)
    )


def _is_section_label(line: str, rules: FurnitureRules) -> bool:
    """'News', 'Home World', 'TÜRKİYE': a short menu or section name."""
    if _ends_sentence(line) or any(ch.isdigit() for ch in line):
        return False
    tokens = [t for t in _SECTION_SPLIT.split(line.lower()) if t]
    if 0 < len(tokens) <= 4 and all(t in rules.section_words for t in tokens):
        return True
    letters = "".join(_LETTERS.findall(line))
    return len(tokens) <= 3 and len(letters) >= 3 and letters.isupper()


def _is_date_line(line: str, rules: FurnitureRules) -> bool:
    """A short line holding a date or time and at most a stray word."""
    tokens = _WORD.findall(line)
    if not tokens or len(tokens) > rules.date_line_max_words:
        return False
    words = [t.lower() for t in tokens if not t.isdigit()]
    has_date = bool(_NUMERIC_DATE.search(line)) or any(w in rules.month_words for w in words)
    if not has_date or not any(t.isdigit() for t in tokens):
        return False
    unknown = sum(w not in rules.dateline_words for w in words)
    return unknown <= rules.date_line_max_other_words


def _is_byline(line: str, words: int, rules: FurnitureRules) -> bool:
    for rule in rules.bylines:
        if words <= rule.max_words and rule.pattern.search(line):
            return not _ends_sentence(line) and not has_verb(line, rules)
    return False


def _is_bare_caption(line: str, rules: FurnitureRules) -> bool:
    """A photo credit with only a name or label before it, e.g. 'John Kirby (Photo | AP)'."""
    remainder = _strip_credit(line, rules)
    if remainder is None:
        return False
    return _word_count(remainder) < 4 or not has_verb(remainder, rules)


def _strip_credit(line: str, rules: FurnitureRules) -> str | None:
    """The line without its trailing photo credit, or None when it has none."""
    for pattern in rules.caption_credits:
        match = pattern.search(line)
        if match:
            return line[: match.start()].strip(" .,;:|-–—")
    return None


def has_verb(text: str, rules: FurnitureRules | None = None) -> bool:
    """Whether a caption-like text seems to state something happening.

    Without a tagger: a listed verb, a lower-case -ed/-ing word, or a lower-case
    -s word right after a capitalised one ("Benny Gantz attends").
    """
    verbs = (rules or load_furniture_rules()).verb_words
    tokens = _LETTERS.findall(text)
    for previous, token in zip(["", *tokens], tokens, strict=False):
        if not token.islower():
            continue
        if token in verbs or (len(token) > 4 and token.endswith(("ed", "ing"))):
            return True
        if previous[:1].isupper() and _looks_like_third_person(token):
            return True
    return False


def _looks_like_third_person(token: str) -> bool:
    return len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is"))


# ------------------------------------------------------------------------ repeats


def _repeat_key(line: str, rules: FurnitureRules) -> str:
    """A line reduced to its words, without a photo credit, for repeat checks."""
    without_credit = _strip_credit(line, rules)
    text = without_credit or line
    return _NON_WORD.sub(" ", text.lower()).strip()


def _is_repeat(key: str, state: _State) -> bool:
    if not key:
        return False
    if key in state.seen:
        return True
    return any(_same_or_prefix(key, earlier) for earlier in state.recent)


def _same_or_prefix(key: str, earlier: str) -> bool:
    """Equal, a truncated repeat of `earlier`, or `earlier` plus a short credit."""
    if key == earlier:
        return True
    if len(key) >= _MIN_REPEAT_CHARS and earlier.startswith(key):
        return True
    return (
        len(earlier) >= _MIN_REPEAT_CHARS
        and key.startswith(earlier)
        and len(key) - len(earlier) <= _MAX_REPEAT_TAIL
    )


# ---------------------------------------------------------------------- utilities


def _matches_any(line: str, patterns: tuple[re.Pattern[str], ...]) -> bool:
    return any(pattern.search(line) for pattern in patterns)


def _word_count(text: str) -> int:
    return len(text.split())


def _ends_sentence(line: str) -> bool:
    return line.rstrip(_CLOSING).endswith(tuple(_TERMINAL))


def _is_prose(line: str, rules: FurnitureRules) -> bool:
    """A long paragraph: story text, even after an end-of-story marker."""
    words = _word_count(line)
    if words < rules.min_prose_words:
        return False
    return _ends_sentence(line) or words >= 2 * rules.min_prose_words


def _collapse_blank_lines(lines: list[str]) -> list[str]:
    collapsed: list[str] = []
    for line in lines:
        if line or (collapsed and collapsed[-1]):
            collapsed.append(line)
    while collapsed and not collapsed[-1]:
        collapsed.pop()
    return collapsed


def _find_title(lines: list[str], dropped: list[tuple[str, str]]) -> str | None:
    """The first line when it reads as a headline: short, and no final period or repeated."""
    first = next((line for line in lines if line), None)
    if first is None:
        return None
    if _word_count(first) >= HEADLINE_MAX_WORDS:
        return None
    repeated = any(reason == REASON_HEADLINE_REPEAT for _, reason in dropped)
    if repeated or not first.rstrip(_CLOSING).endswith((".", "…")):
        return first
    return None
