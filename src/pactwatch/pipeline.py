"""The pipeline: raw document -> clean article -> candidate sentences -> parse -> events.

Each stage is a function of its own module; this one only composes them and
keeps the bookkeeping (which sentences were parsed, why an article was skipped).
"""

from __future__ import annotations

import functools
import itertools
import re
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pactwatch.actors import find_mentions, load_actor_lexicon
from pactwatch.actors.mentions import Mention
from pactwatch.clean.html import extract_html
from pactwatch.clean.language import detect_language
from pactwatch.clean.text import clean_text
from pactwatch.dates import find_published_date, parse_date_string, url_published_date
from pactwatch.dates.lead import LeadDate, date_from_lead, find_lead_date
from pactwatch.errors import InputError, unexpected
from pactwatch.events.confidence import calibrate
from pactwatch.events.context import (
    ArticleContext,
    find_officials,
    meets_counterparts,
    opening_official,
    refers_to_ship,
    ship_state,
)
from pactwatch.events.denials import apply_denial, denier
from pactwatch.events.extract import SentenceReading, read_sentence
from pactwatch.events.lexicon import load_cues, load_equipment
from pactwatch.fingerprint import extractor_version
from pactwatch.models import Actor, Article, Event, Sentence
from pactwatch.nlp import (
    bounded_spans,
    parse_sentences,
    parse_texts,
    pipeline_info,
    split_sentences,
)
from pactwatch.prefilter import (
    continued_drills,
    has_partaking_word,
    has_reaction_word,
    has_reference,
    has_trigger_phrase,
    has_trigger_word,
    military_happenings,
    named_happenings,
    names_earlier_event,
    names_happening,
    opens_with_group_pronoun,
    reports_under_way,
    speaks,
)
from pactwatch.sources import RawDocument, iter_documents

#: The release and a digest of the rules, lexicons and model (see fingerprint.py).
EXTRACTOR_VERSION = extractor_version()

#: Longest piece of text parsed as one sentence; longer ones are cut (with a
#: warning). Real sentences stay far below: the longest of the 2,095 BBC
#: articles is 1,063 characters.
MAX_SENTENCE_CHARS = 2_000
#: Characters of one article analysed; sentences starting later are left out
#: (with a warning). Input files are at most 10 MB.
MAX_ANALYSED_CHARS = 2_000_000
#: Seconds one article's analysis may take before it is given up as failed.
DEFAULT_TIME_BUDGET = 60.0
#: Sentences (and characters) parsed at a time, between two looks at the clock.
_PARSE_CHUNK = 64
_PARSE_CHUNK_CHARS = 8_000


@dataclass(slots=True)
class ArticleResult:
    """Everything pactwatch learned from one article."""

    article: Article
    events: list[Event] = field(default_factory=list)
    #: why the article yielded nothing on purpose (e.g. not English), else None
    skipped: str | None = None
    sentences: int = 0
    parsed: int = 0
    readings: list[SentenceReading] = field(default_factory=list)
    dropped_lines: tuple[tuple[str, str], ...] = ()
    #: what was worked around (bad bytes replaced, long sentences cut), one line each
    warnings: list[str] = field(default_factory=list)


def _to_date(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    parsed = parse_date_string(value)
    if parsed is None:
        raise ValueError(f"cannot read {value!r} as a date: use YYYY-MM-DD")
    return parsed


def prepare_article(
    doc: RawDocument, published: date | None = None
) -> tuple[Article, tuple[tuple[str, str], ...]]:
    """Clean a raw document and settle its publication date.

    The date comes, in order of trust, from the caller, the JSON record or
    sidecar index, the HTML metadata, the date in the page's address, or a
    dateline/"Published:" line in the text (`published_source`).
    """
    title = doc.title
    url = doc.url
    html_date: str | None = None
    if doc.is_html:
        extracted = extract_html(doc.body, url=url)
        text, title = extracted.text, title or extracted.title
        html_date, url = extracted.date, url or extracted.url
        dropped: tuple[tuple[str, str], ...] = ()
    else:
        cleaned = clean_text(doc.body)
        text, title, dropped = cleaned.text, title or cleaned.title, cleaned.dropped
    when, source = published_source(doc, published, html_date, url)
    article = Article(
        id=doc.id,
        text=text,
        title=title,
        published=when,
        url=url,
        path=doc.path,
        published_from=source,
        outlet=doc.outlet,
    )
    return article, dropped


def published_source(
    doc: RawDocument, given: date | None, html_date: str | None, url: str | None
) -> tuple[date | None, str]:
    """The publication date and where it came from (`Article.published_from`).

    Each source is read only when the ones trusted more gave nothing.
    """
    if given is not None:
        return given, "argument"
    when = parse_date_string(doc.published) if doc.published else None
    if when is not None:
        return when, "sidecar" if doc.sidecar else "json"
    when = parse_date_string(html_date) if html_date else None
    if when is not None:
        return when, "html"
    when = url_published_date(url)
    if when is not None:
        return when, "url"
    when = find_published_date(doc.body)
    return (when, "text") if when is not None else (None, "unknown")


def analyse(
    article: Article,
    *,
    keep_readings: bool = False,
    parse_all: bool = False,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
) -> ArticleResult:
    """Find the events in one clean article.

    `parse_all` parses every sentence instead of only the candidates, with
    spaCy as shipped (used by the benchmark and tests to show that the
    pre-filter and the fast parsing lose nothing). Work is bounded: a
    sentence over MAX_SENTENCE_CHARS is parsed in pieces, text past
    MAX_ANALYSED_CHARS is left out (each with a warning), and an analysis
    running past `time_budget` seconds (None: no limit) raises InputError. Any
    other failure raises InputError naming the sentence it happened in.
    """
    started = _start(
        article, keep_readings=keep_readings, parse_all=parse_all, time_budget=time_budget
    )
    if isinstance(started, ArticleResult):
        return started
    started.parse_and_read()
    return started.result


def _start(
    article: Article,
    *,
    keep_readings: bool = False,
    parse_all: bool = False,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
) -> ArticleResult | _Analysis:
    """`analyse` up to parsing; the result itself if the article is skipped."""
    result = ArticleResult(article=article)
    language = detect_language(article.text)
    if language not in ("en", None):
        result.skipped = f"not English (looks like {language!r}); skipped"
        return result
    if language is None and _ascii_letter_share(article.text) < 0.5:
        result.skipped = "does not look like text (few letters); is it a binary file?"
        return result
    return _Analysis.begin(article, result, keep_readings, parse_all, time_budget)


@dataclass(slots=True)
class _Analysis:
    """One article between choosing its candidate sentences and reading them.

    `begin` does everything before spaCy, `read` everything after it, so that
    `process` can parse the sentences of several articles in one batch.
    """

    article: Article
    result: ArticleResult
    keep_readings: bool
    parse_all: bool
    time_budget: float | None
    deadline: float | None
    spans: list[tuple[int, int]]
    per_sentence: list[list[Mention]]
    context: ArticleContext
    chosen: list[tuple[int, int, int]]
    lead: LeadDate | None

    @classmethod
    def begin(
        cls,
        article: Article,
        result: ArticleResult,
        keep_readings: bool,
        parse_all: bool,
        time_budget: float | None,
    ) -> _Analysis:
        lexicon = load_actor_lexicon()
        cues = load_cues()
        # the clock starts once the lexicons are loaded (once per process, not this document's)
        deadline = None if time_budget is None else time.monotonic() + time_budget
        spans = _bounded_sentences(article.text, result.warnings)
        result.sentences = len(spans)
        mentions = find_mentions(article.text, lexicon, published=article.published)
        context = ArticleContext(
            persons=find_officials(
                article.text, mentions, cues.titles, cues.state_forms, cues.place_features
            )
        )
        per_sentence: list[list[Mention]] = [[] for _ in spans]
        cursor = 0
        for mention in mentions:
            while cursor < len(spans) and spans[cursor][1] <= mention.start:
                cursor += 1
            if cursor < len(spans) and spans[cursor][0] <= mention.start:
                per_sentence[cursor].append(mention)
        # states named, for "the two countries": a leader named is a person, not a state named
        context.codes_by_sentence = [
            [m.code for m in ms if m.kind != "official"] for ms in per_sentence
        ]
        context.openers_by_sentence = [
            opening_official(article.text, start, ms, cues.hosted_people)
            for (start, _), ms in zip(spans, per_sentence, strict=True)
        ]
        context.ships_by_sentence = [
            ship_state(article.text, ms, cues.vessels) for ms in per_sentence
        ]
        context.named_happenings_by_sentence = [
            named_happenings(article.text[start:end]) for start, end in spans
        ]
        # who only reports a drill or meeting, read only where one is named
        context.speakers_by_sentence = [
            {m.code for m in ms if speaks(article.text, m.start, m.end)} if kinds else set()
            for kinds, ms in zip(context.named_happenings_by_sentence, per_sentence, strict=True)
        ]
        context.happenings_by_sentence = continued_drills(
            [
                military_happenings(article.text[start:end], named)
                for named, (start, end) in zip(
                    context.named_happenings_by_sentence, spans, strict=True
                )
            ],
            context.named_happenings_by_sentence,
        )
        context.under_way_by_sentence = [
            bool(kinds) and reports_under_way(article.text[start:end])
            for kinds, (start, end) in zip(context.happenings_by_sentence, spans, strict=True)
        ]
        persons = context.persons
        chosen: list[tuple[int, int, int]] = []
        happening_before = False
        for index, (start, end) in enumerate(spans):
            text = article.text[start:end]
            chosen_here = parse_all or (
                (
                    _is_candidate(text, per_sentence[index], persons)
                    or (happening_before and _takes_part(text, per_sentence[index]))
                    or _names_its_party_before(
                        index, text, per_sentence[index], context, cues.vessels
                    )
                    # "Algeria criticised the move" after an event was read
                    or bool(chosen and _reacts_to_earlier(text, per_sentence[index]))
                    # "They agreed to hold drills" right after a sentence read for events
                    or bool(
                        chosen
                        and chosen[-1][0] == index - 1
                        and (
                            opens_with_group_pronoun(text)
                            # "Athens protested." right after a sentence read for events
                            or (bool(per_sentence[index]) and has_reaction_word(text))
                        )
                    )
                )
                # a candidate without a whole trigger would be read to no effect
                and has_trigger_phrase(text)
            )
            if chosen_here:
                chosen.append((index, start, end))
            # "The naval exercise began on Monday." names no party, yet "Peru sent a
            # frigate" after it takes part (a drill or meeting in a military sense)
            happening_before = (
                happening_before
                or (chosen_here and names_happening(text))
                or bool(context.happenings_by_sentence[index])
            )
        result.parsed = len(chosen)
        lead = find_lead_date(article.text, spans, context.codes_by_sentence, article.published)
        if chosen and deadline is not None:
            loading = time.monotonic()
            pipeline_info()  # loads spaCy once per process: not this document's time
            deadline += time.monotonic() - loading
        return cls(
            article,
            result,
            keep_readings,
            parse_all,
            time_budget,
            deadline,
            spans,
            per_sentence,
            context,
            chosen,
            lead,
        )

    @property
    def names(self) -> list[tuple[int, int]]:
        """Where the lexicon's actors are named: they keep their capitals in a
        headline the parser reads sentence-cased."""
        return [(m.start, m.end) for found in self.per_sentence for m in found]

    @property
    def parsed_at_once(self) -> bool:
        """Whether its sentences are parsed in one go anyway (`_chunks` gives one chunk)."""
        return len(list(itertools.islice(_chunks(self.chosen), 2))) == 1

    def parse_and_read(self) -> None:
        for chunk in _chunks(self.chosen):
            self.check_time(chunk[0][0])
            try:
                sentences = parse_sentences(
                    self.article.text, chunk, names=self.names, stock=self.parse_all
                )
            except Exception as exc:
                raise _sentence_error(self.article, chunk[0][0], exc, "parsing") from exc
            self.read(sentences)

    def check_time(self, index: int) -> None:
        _check_time(self.article, self.deadline, self.time_budget, index, len(self.spans))

    def read(self, sentences: list[Sentence]) -> None:
        """Apply the rules to parsed sentences (in order) and keep the events."""
        article, result, per_sentence = self.article, self.result, self.per_sentence
        for sentence in sentences:
            self.check_time(sentence.index)
            try:
                reading = read_sentence(
                    sentence,
                    per_sentence[sentence.index],
                    self.context,
                    article_id=article.id,
                    published=article.published,
                    version=EXTRACTOR_VERSION,
                )
                deniers = _denied_after(article.text, self.spans, per_sentence, sentence.index)
            except Exception as exc:
                raise _sentence_error(article, sentence.index, exc, "extraction") from exc
            for decision in reading.decisions:
                if decision.event is not None:
                    decision.event = date_from_lead(decision.event, sentence.index, self.lead)
                if decision.event is not None and deniers:
                    decision.event = apply_denial([decision.event], deniers)[0]
                if decision.event is not None:
                    decision.event = calibrate(decision.event, sentence)
            result.events.extend(reading.events)
            if self.keep_readings:
                result.readings.append(reading)


def _chunks(chosen: list[tuple[int, int, int]]) -> Iterator[list[tuple[int, int, int]]]:
    """Runs of sentences to parse together: at most _PARSE_CHUNK of them and about
    _PARSE_CHUNK_CHARS characters, so the time budget is looked at often enough."""
    chunk: list[tuple[int, int, int]] = []
    size = 0
    for sentence in chosen:
        if chunk and (len(chunk) >= _PARSE_CHUNK or size >= _PARSE_CHUNK_CHARS):
            yield chunk
            chunk, size = [], 0
        chunk.append(sentence)
        size += sentence[2] - sentence[1]
    if chunk:
        yield chunk


def _bounded_sentences(text: str, warnings: list[str]) -> list[tuple[int, int]]:
    """The sentences to analyse, cut to MAX_SENTENCE_CHARS and MAX_ANALYSED_CHARS."""
    spans = split_sentences(text)
    if len(text) > MAX_ANALYSED_CHARS:
        kept = [(start, end) for start, end in spans if start < MAX_ANALYSED_CHARS]
        warnings.append(
            f"only the first {MAX_ANALYSED_CHARS:,} of {len(text):,} characters were "
            f"analysed ({len(kept):,} of {len(spans):,} sentences); split the document"
        )
        spans = kept
    long = sum(end - start > MAX_SENTENCE_CHARS for start, end in spans)
    if not long:
        return spans
    bounded = bounded_spans(text, spans, MAX_SENTENCE_CHARS)
    longest = max(end - start for start, end in spans)
    warnings.append(
        f"{long:,} sentence{'s' if long != 1 else ''} over {MAX_SENTENCE_CHARS:,} characters "
        f"(the longest {longest:,}) parsed in pieces of at most {MAX_SENTENCE_CHARS:,}; "
        "an event spanning a cut may be missed"
    )
    return bounded


def _check_time(
    article: Article, deadline: float | None, budget: float | None, index: int, total: int
) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise InputError(
            article.path or article.id,
            f"analysis stopped at sentence {index + 1:,} of {total:,}: it took over the "
            f"{budget:g} s time budget of one document; split the document, or raise "
            "the budget (--time-budget) and retry it",
        )


def _sentence_error(article: Article, index: int, exc: Exception, stage: str) -> InputError:
    return InputError(article.path or article.id, f"sentence {index + 1}: {unexpected(exc, stage)}")


_CLAUSE_BREAK = re.compile(r";|\bbut\b|\bwhile\b|, and\b")


def _denied_after(
    text: str,
    spans: list[tuple[int, int]],
    per_sentence: list[list[Mention]],
    index: int,
) -> list[str]:
    """Who denies "it" after this sentence's claim: later in it, or opening the next one."""
    start, end = spans[index]
    for match in _CLAUSE_BREAK.finditer(text, start, end):
        codes = denier(text[match.end() : end], per_sentence[index], match.end())
        if codes:
            return codes
    if index + 1 < len(spans):
        next_start, next_end = spans[index + 1]
        return denier(text[next_start:next_end], per_sentence[index + 1], next_start)
    return []


def _ascii_letter_share(text: str) -> float:
    visible = [c for c in text if not c.isspace()]
    if not visible:
        return 1.0
    return sum(c.isascii() and c.isalpha() for c in visible) / len(visible)


def _takes_part(text: str, mentions: list[Mention]) -> bool:
    """One named party "also took part" in, or speaks of "the drills", a drill or
    meeting an earlier sentence named."""
    return bool(mentions) and (has_partaking_word(text) or names_happening(text))


def _reacts_to_earlier(text: str, mentions: list[Mention]) -> bool:
    """One named party and a noun that names an event read before ("the pact")."""
    return bool(mentions) and has_trigger_word(text) and names_earlier_event(text)


def _names_its_party_before(
    index: int,
    text: str,
    mentions: list[Mention],
    context: ArticleContext,
    vessels: frozenset[str],
) -> bool:
    """A sentence whose other party the sentences before name: "He welcomed his
    Togolese counterpart" after one opening with an official ("Ghana's navy chief
    hosted the talks"), "the ship will conduct a passage exercise with a Sri Lankan
    ship" after one naming a ship's state."""
    return (context.opener_of(index - 1) is not None and meets_counterparts(text)) or (
        any(context.ship_state_of(back) for back in (index - 1, index - 2))
        and bool(mentions)
        and refers_to_ship(text, vessels)
    )


def _is_candidate(text: str, mentions: list[Mention], persons: Mapping[str, Actor]) -> bool:
    if not has_trigger_word(text):
        return False
    # a group of states ("the Nordic countries") names each of its members
    codes = {
        c for m in mentions for c in (m.form.entry.members if m.kind == "group" else (m.code,))
    }
    if len(codes) >= 2:
        return True
    if len(codes) == 1 and load_equipment().makers(text) - codes:
        return True  # "Ethiopia has received Wing Loong drones": the maker is the other party
    named = [actor.country for name, actor in persons.items() if name in text]
    if len(codes | set(named)) >= 2:
        return True  # "Chume and Melo met", officials named before
    # "the two countries", "It accused ...": a reference names the other party, or one
    # named party and an official named before do
    return has_reference(text) or (bool(codes) and bool(named))


def extract(
    text: str,
    published: str | date | None = None,
    *,
    article_id: str = "text",
    title: str | None = None,
) -> list[Event]:
    """Events in one text (plain text; page furniture is removed first)."""
    doc = RawDocument(id=article_id, body=text, is_html=False, path=article_id, title=title)
    article, _ = prepare_article(doc, _to_date(published))
    return analyse(article).events


def process(
    paths: Iterable[str | Path],
    published: str | date | None = None,
    *,
    keep_readings: bool = False,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
    index: str | Path | None = None,
    jobs: int = 1,
) -> Iterator[ArticleResult | InputError]:
    """Events for every document under `paths`; bad inputs come out as InputError.

    Each document is processed inside its own error boundary (see
    `process_document`), so one that cannot be read or analysed is one
    InputError and the rest are still processed. `index` is a sidecar index
    for text and HTML files (`pactwatch.sidecar`); without it one beside the
    files is used. `jobs` > 1 analyses in that many worker processes, with the
    same results in the same order; one more process reads and cleans the
    documents, starting while this one loads spaCy (a second that would
    otherwise leave a core idle before the workers can start).
    """
    when = _to_date(published)
    items = iter_documents(paths, index=index)
    if jobs > 1:
        from pactwatch.pool import ahead, in_order  # multiprocessing only when asked for

        cleaned = ahead(
            items, functools.partial(clean_documents, published=when), chunk=DOCUMENTS_AT_ONCE
        )
        analyse_them = functools.partial(
            analyse_cleaned, keep_readings=keep_readings, time_budget=time_budget
        )
        yield from in_order(cleaned, analyse_them, jobs=jobs, chunk=DOCUMENTS_AT_ONCE)
        return
    work = functools.partial(
        process_documents, published=when, keep_readings=keep_readings, time_budget=time_budget
    )
    while group := list(itertools.islice(items, DOCUMENTS_AT_ONCE)):
        yield from work(group)


#: Documents whose candidate sentences `process` parses in one spaCy batch (and
#: sends to a worker at a time with `jobs`): few enough that results stream
#: and workers share the work evenly, enough that spaCy's batches are full.
DOCUMENTS_AT_ONCE = 8
#: At most this many sentences go to spaCy in one batch across documents.
_GROUP_SENTENCES = 128


def process_documents(
    items: list[RawDocument | InputError],
    published: date | None = None,
    *,
    keep_readings: bool = False,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
    parse_all: bool = False,
) -> list[ArticleResult | InputError]:
    """`process_document` for each item, in order, with their sentences parsed together.

    Parsing short articles together fills spaCy's batches (an article has a
    handful of candidate sentences); each sentence is still parsed on its own,
    so the events are those of one article at a time. An article with more
    than one chunk of candidates, or a batch that fails, is parsed on its own
    with its time budget looked at between chunks, as `analyse` does.
    `parse_all` as for `analyse`.
    """
    return analyse_cleaned(
        clean_documents(items, published),
        keep_readings=keep_readings,
        time_budget=time_budget,
        parse_all=parse_all,
    )


@dataclass(slots=True)
class CleanDocument:
    """A document cleaned (`prepare_article`), with what cleaning left out and the
    warnings of reading it: the part of `process_document` before analysis."""

    path: str
    article: Article
    dropped: tuple[tuple[str, str], ...]
    warnings: tuple[str, ...]


def clean_documents(
    items: list[RawDocument | InputError], published: date | None = None
) -> list[CleanDocument | InputError]:
    """Each document cleaned, or the InputError saying why it could not be."""
    out: list[CleanDocument | InputError] = []
    for item in items:
        try:
            out.append(item if isinstance(item, InputError) else _clean(item, published))
        except InputError as error:
            out.append(error)
    return out


def analyse_cleaned(
    items: list[CleanDocument | InputError],
    *,
    keep_readings: bool = False,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
    parse_all: bool = False,
) -> list[ArticleResult | InputError]:
    """The analysis of each cleaned document, their sentences parsed together
    (`process_documents` after cleaning)."""
    out: list[ArticleResult | InputError] = []
    begun: list[tuple[int, str, _Analysis]] = []
    for item in items:
        if isinstance(item, InputError):
            out.append(item)
            continue
        try:
            started = _begin_cleaned(item, keep_readings, time_budget, parse_all)
        except InputError as error:
            out.append(error)
            continue
        out.append(started if isinstance(started, ArticleResult) else started.result)
        if isinstance(started, _Analysis):
            begun.append((len(out) - 1, item.path, started))
    _parse_and_read(begun, out)
    return out


def analyse_articles(
    articles: Iterable[Article], *, time_budget: float | None = DEFAULT_TIME_BUDGET
) -> list[ArticleResult | InputError]:
    """`analyse` for each clean article, their sentences parsed together as in
    `process_documents`; an article whose analysis fails is the InputError
    naming it (an `ingest` worker's analysis)."""
    out: list[ArticleResult | InputError] = []
    begun: list[tuple[int, str, _Analysis]] = []
    for article in articles:
        name = article.path or article.id
        try:
            started = _start(article, time_budget=time_budget)
        except InputError as error:
            out.append(error)
            continue
        except Exception as exc:
            out.append(InputError(name, unexpected(exc, "analysis")))
            continue
        out.append(started if isinstance(started, ArticleResult) else started.result)
        if isinstance(started, _Analysis):
            begun.append((len(out) - 1, name, started))
    _parse_and_read(begun, out)
    return out


def _parse_and_read(
    begun: list[tuple[int, str, _Analysis]], out: list[ArticleResult | InputError]
) -> None:
    """Finish the analyses begun (slot in `out`, name, analysis): parse their
    sentences in shared batches where they fit, read them, and put each one's
    failure as an InputError in its slot."""
    together = [analysis for _, _, analysis in begun if analysis.parsed_at_once]
    parsed = _parse_together(together)
    for slot, name, analysis in begun:
        try:
            sentences = parsed.get(id(analysis))
            if sentences is None:
                analysis.parse_and_read()
            else:
                analysis.read(sentences)
        except InputError as error:
            out[slot] = error
        except Exception as exc:
            out[slot] = InputError(name, unexpected(exc, "analysis"))


def _parse_together(analyses: list[_Analysis]) -> dict[int, list[Sentence]]:
    """The candidate sentences of each analysis (by id), parsed in shared batches;
    any analysis of a batch that failed is left out (it is parsed alone later)."""
    parsed: dict[int, list[Sentence]] = {}
    group: list[_Analysis] = []
    size = 0
    for analysis in [*analyses, None]:
        if group and (analysis is None or size + len(analysis.chosen) > _GROUP_SENTENCES):
            try:
                found = parse_texts(
                    [(a.article.text, a.chosen) for a in group],
                    names=[a.names for a in group],
                    stock=group[0].parse_all,
                )
            except Exception:  # each is parsed alone below, which names the sentence
                found = []
            parsed.update((id(a), sentences) for a, sentences in zip(group, found, strict=False))
            group, size = [], 0
        if analysis is not None:
            group.append(analysis)
            size += len(analysis.chosen)
    return parsed


def process_document(
    doc: RawDocument,
    published: date | None = None,
    *,
    keep_readings: bool = False,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
) -> ArticleResult:
    """Clean and analyse one document; every failure is an InputError naming it.

    This is a document's error boundary: whatever goes wrong in cleaning,
    parsing or extraction (a bug included) becomes one line about this
    document, so a batch goes on with the next one.
    """
    started = _begin_document(doc, published, keep_readings, time_budget)
    if isinstance(started, ArticleResult):
        return started
    try:
        started.parse_and_read()
    except InputError:
        raise
    except Exception as exc:
        raise InputError(doc.path, unexpected(exc, "analysis")) from exc
    return started.result


def _begin_document(
    doc: RawDocument,
    published: date | None,
    keep_readings: bool,
    time_budget: float | None,
    parse_all: bool = False,
) -> ArticleResult | _Analysis:
    """Clean a document and choose its sentences: a result already if it was skipped."""
    return _begin_cleaned(_clean(doc, published), keep_readings, time_budget, parse_all)


def _clean(doc: RawDocument, published: date | None) -> CleanDocument:
    try:
        article, dropped = prepare_article(doc, published)
    except ValueError as exc:
        raise InputError(doc.path, str(exc)) from exc
    except Exception as exc:
        raise InputError(doc.path, unexpected(exc, "cleaning")) from exc
    if not article.text.strip():
        raise InputError(doc.path, "no article text left after removing page furniture")
    return CleanDocument(doc.path, article, dropped, doc.warnings)


def _begin_cleaned(
    doc: CleanDocument, keep_readings: bool, time_budget: float | None, parse_all: bool = False
) -> ArticleResult | _Analysis:
    try:
        started = _start(
            doc.article, keep_readings=keep_readings, parse_all=parse_all, time_budget=time_budget
        )
    except InputError:
        raise
    except Exception as exc:
        raise InputError(doc.path, unexpected(exc, "analysis")) from exc
    result = started if isinstance(started, ArticleResult) else started.result
    result.dropped_lines = doc.dropped
    result.warnings[:0] = doc.warnings
    return started
