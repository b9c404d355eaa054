"""HTML pages to story text: trafilatura finds the article, clean_text trims it.

trafilatura is asked for precision, without comments or tables (on news pages
tables mostly hold menus and market widgets). When it finds no article, a
plain-text strip of the page stands in, so a page is never silently empty.
Nothing here touches the network: the HTML is parsed as given.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from pactwatch.clean.text import clean_text

#: Elements whose text is never story text.
_SKIPPED_TAGS = frozenset(
    {"script", "style", "noscript", "template", "svg", "head", "nav", "header", "footer",
     "aside", "form", "button", "select", "iframe", "object"}
)  # fmt: skip
#: Elements that end a line of text.
_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
     "table", "section", "article", "main", "blockquote", "figcaption", "figure", "dd", "dt",
     "pre", "hr", "title", "body"}
)  # fmt: skip
_VOID_TAGS = frozenset({"br", "hr", "img", "meta", "link", "input", "wbr", "source", "area"})


@dataclass(frozen=True, slots=True)
class HtmlExtract:
    """The story of an HTML page with the page's own metadata."""

    #: The story after clean_text; all evidence offsets point into this.
    text: str
    title: str | None
    #: trafilatura's metadata date string, unparsed (usually "YYYY-MM-DD").
    date: str | None
    url: str | None
    #: (line, reason) for lines clean_text dropped, for `pactwatch explain`.
    dropped: tuple[tuple[str, str], ...] = ()


def extract_html(html: str, *, url: str | None = None) -> HtmlExtract:
    """Extract the article text, title, date and URL of an HTML page."""
    document = _extract_article(html, url)
    body = _document_field(document, "text") or ""
    if not body.strip():
        body = html_to_plain_text(html)
        document = document if document is not None else _extract_metadata(html, url)
    cleaned = clean_text(body)
    return HtmlExtract(
        text=cleaned.text,
        title=_document_field(document, "title") or cleaned.title,
        date=_document_field(document, "date"),
        url=_document_field(document, "url") or url,
        dropped=cleaned.dropped,
    )


def _extract_article(html: str, url: str | None) -> Any:
    """trafilatura's Document for the main article, or None when it finds none.

    Tables are left out first; a page laid out in tables gets a second try.
    """
    import trafilatura  # imported here: it is slow to load and plain-text runs never need it

    for include_tables in (False, True):
        document = trafilatura.bare_extraction(
            html,
            url=url,
            favor_precision=True,
            include_comments=False,
            include_tables=include_tables,
            with_metadata=True,
        )
        if document is not None and (_document_field(document, "text") or "").strip():
            return document
    return None


def _extract_metadata(html: str, url: str | None) -> Any:
    import trafilatura

    try:
        return trafilatura.extract_metadata(html, default_url=url)
    except (TypeError, ValueError):  # unparseable markup: no metadata, not an error
        return None


def _document_field(document: Any, name: str) -> str | None:
    value = getattr(document, name, None)
    return value if isinstance(value, str) and value.strip() else None


# --------------------------------------------------------------- plain-text strip


def html_to_plain_text(html: str) -> str:
    """Visible text of a page, one line per block element, without scripts or menus."""
    parser = _TextCollector()
    parser.feed(html)
    parser.close()
    return "\n".join(_non_empty_lines(parser.text()))


class _TextCollector(HTMLParser):
    """Collects text outside skipped elements, breaking lines at block elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS and tag not in _VOID_TAGS:
            self._skip_depth += 1
        elif tag in _BLOCK_TAGS:
            self._parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip_depth = max(self._skip_depth - 1, 0)
        elif tag in _BLOCK_TAGS:
            self._parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skip_depth == 0:
            self._parts.append(data)

    def text(self) -> str:
        return "".join(self._parts)


def _non_empty_lines(text: str) -> Iterator[str]:
    for line in text.splitlines():
        stripped = " ".join(line.split())
        if stripped:
            yield stripped
