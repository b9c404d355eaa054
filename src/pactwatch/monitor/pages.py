"""A fetched page into the store: ingested as an HTML article, its response kept compressed.

The response is stored next to the article (`raw_pages`, zlib-compressed) so
the article can be re-extracted from exactly what the server sent, with the
validators and content type it came with. Ingest and raw page are two
transactions: a crash between them loses only the compressed copy, while
`articles.body` still holds the HTML that was analysed.
"""

from __future__ import annotations

import zlib

from pactwatch.ingest import ArticleOutcome, ingest_document
from pactwatch.monitor.fetch import Fetcher, Page
from pactwatch.sources import RawDocument
from pactwatch.store.database import Store


def fetch_article(
    store: Store, fetcher: Fetcher, url: str, *, published: str | None = None
) -> ArticleOutcome:
    """Download `url` and ingest it; raises FetchError when the page cannot be had."""
    return ingest_page(store, fetcher.get(url), published=published)


def ingest_page(
    store: Store, page: Page, *, published: str | None = None, title: str | None = None
) -> ArticleOutcome:
    """Ingest a 200 page as an HTML article (trafilatura finds text, title and date)."""
    document = RawDocument(
        id=page.url,
        body=page.text(),
        is_html=True,
        path=page.url,
        published=published,
        url=page.url,
        title=title,
    )
    outcome = ingest_document(store, document)
    if outcome.article_id is not None:
        store_raw_page(store, outcome.article_id, page)
    return outcome


def store_raw_page(store: Store, article_id: int, page: Page) -> None:
    """Keep the response of an article, compressed; the first copy stays."""
    with store.transaction() as connection:
        connection.execute(
            """INSERT INTO raw_pages (article_id, url, fetched_at, content_type, etag,
                   last_modified, body_gz)
               VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (article_id) DO NOTHING""",
            [
                article_id,
                page.url,
                page.fetched_at,
                page.content_type,
                page.etag,
                page.last_modified,
                zlib.compress(page.body, 6),
            ],
        )


def raw_page_body(store: Store, article_id: int) -> bytes | None:
    """The bytes an article was fetched as, or None for an article not fetched by URL."""
    row = store.connection.execute(
        "SELECT body_gz FROM raw_pages WHERE article_id = ?", [article_id]
    ).fetchone()
    return None if row is None else zlib.decompress(row[0])
