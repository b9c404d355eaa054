"""The store's schema, as named, ordered migrations.

A database records its schema version in `meta`; opening one runs the
migrations it lacks (inside one transaction) or refuses a newer one with a
message saying which pactwatch version to use. Every table is plain SQL that
DuckDB and PostgreSQL both understand (DOUBLE PRECISION, BYTEA, VARCHAR[]), so
the same statements build both.

Tables
- meta(key, value): schema_version, created_by (pactwatch version).
- articles: one row per stored input article. `content_hash` (sha256 of the
  cleaned text) makes re-ingesting the same file a no-op; `report_id` is the
  article itself for an original report, or the original it nearly duplicates
  (syndicated wire copy), in which case it carries no events of its own.
  `status` is "original" (a report, analysed), "near-duplicate" (a copy, with
  `similarity`) or "skipped" (a report that yields nothing on purpose, e.g.
  not English; `skip_reason` says why). `outlet` is the URL's host without
  "www.", NULL without a URL. `body`/`is_html` keep the raw input for reprocess.
- article_bands: MinHash LSH buckets (band, bucket) per original article, so a
  near-duplicate is found with one indexed lookup instead of an in-memory index.
- article_signatures: the MinHash signature per original article, to confirm a
  candidate's estimated Jaccard similarity.
- events: one row per extracted event, with its evidence, rule and extractor
  version; `incident_id` links it to the incident it was merged into.
- event_actors: the actors of each event (role, code, text, kind, ...).
- event_dyads: one row per scored tuple of an event (the spec's scoring unit):
  directed types give (source, target), undirected types one row per pair with
  a < b. Country filters and dyad queries read this table.
- incidents: events from different reports that describe the same happening
  (same type, parties and direction, compatible dates and equipment).
  `parties` is canonical: "IRN>RUS" (sorted sources ">" sorted targets, each
  list comma-joined) for directed types, "IRN+RUS" (sorted participants) for
  the others. `participants` lists every party of either kind; `sources` and
  `targets` are empty for undirected types. n_articles counts the reports and
  their near-duplicate copies; n_outlets counts an article without URL as an
  outlet of its own.

Migration 2 (live monitoring, `pactwatch fetch` and `pactwatch watch`)
- raw_pages: the HTTP response an article was fetched from, body zlib-compressed
  (`body_gz`), with its validators, so an article can be reprocessed or audited
  against exactly what the server sent.
- feeds: one row per polled feed URL: the conditional-GET validators of its
  last 200 response, when it was last polled and the last error (NULL if none).
- feed_items: every feed item seen (`item_id` is the entry's guid, else its
  link), so a restarted watcher ingests nothing twice. `status` is "ingested"
  or "failed" (`error` says why, `attempts` counts tries; a failed item is
  retried a few times when its feed changes).
- alert_marks: per watch rule and incident, the state the alerts last saw
  (articles, outlets, stage, certainty, conflict), so the next change is
  measured against what the store already knew, across restarts.
- alerts: each alert once (`alert_key` unique: rule, kind, incident, detail),
  with its JSON payload; `filed_at` when appended to the alerts file,
  `delivered_at` when a webhook accepted it, `attempts` webhook tries.

Migration 3 (reviews, `pactwatch review` and POST /api/events/{id}/review)
- reviews: one row per review action (accept, reject, correct) with the
  reviewer, a note, when, and the event's reviewable fields before and after
  as JSON; `correction_json` the fields a correction set. The reviews of one
  event share `subject_id` (the first one's id) and `anchor_json`: the event
  as extracted when first reviewed (article, content hash, evidence and its
  offsets, trigger, rule, extractor version, type and parties), which is how
  the review finds its event again after reprocess or a new extractor
  (`store/reviews.py`). `event_id` is the event reviewed at the time.
- events.review: what the reviews of the event amount to (accepted,
  corrected, rejected; NULL never reviewed) and events.review_subject the
  subject they belong to. Corrected fields are written into the event's own
  columns, actors and dyads; a rejected event has no incident.

Migration 4 (hardening: one document never stops a run, nor every re-run)
- failed_documents: a document that could be read but not cleaned, analysed
  or stored (a pactwatch bug, a time budget run out), keyed by where it came
  from (`source`: a path, "file.jsonl:LINE", a URL, "api:ID") and the sha256
  of its raw body (`content_hash`), so a changed file is tried afresh.
  `ingest` and `watch` skip a document recorded here, `ingest --retry-failed`
  tries again; `stage` (cleaning, analysis, storing) and `problem` say what
  went wrong, `attempts` how often.
"""

from __future__ import annotations

from dataclasses import dataclass

SCHEMA_VERSION = 4


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "initial schema",
        (
            """CREATE TABLE IF NOT EXISTS meta (
                key VARCHAR PRIMARY KEY,
                value VARCHAR NOT NULL
            )""",
            """CREATE TABLE articles (
                article_id BIGINT PRIMARY KEY,
                content_hash VARCHAR NOT NULL UNIQUE,
                doc_id VARCHAR NOT NULL,
                path VARCHAR,
                url VARCHAR,
                outlet VARCHAR,
                title VARCHAR,
                published DATE,
                published_from VARCHAR NOT NULL,
                body VARCHAR NOT NULL,
                is_html BOOLEAN NOT NULL,
                text VARCHAR NOT NULL,
                report_id BIGINT NOT NULL,
                similarity DOUBLE PRECISION,
                status VARCHAR NOT NULL,
                skip_reason VARCHAR,
                extractor_version VARCHAR NOT NULL,
                ingested_at TIMESTAMP NOT NULL
            )""",
            "CREATE INDEX articles_report ON articles (report_id)",
            """CREATE TABLE article_bands (
                band INTEGER NOT NULL,
                bucket BIGINT NOT NULL,
                article_id BIGINT NOT NULL
            )""",
            "CREATE INDEX article_bands_bucket ON article_bands (band, bucket)",
            """CREATE TABLE article_signatures (
                article_id BIGINT PRIMARY KEY,
                signature BIGINT[] NOT NULL
            )""",
            """CREATE TABLE events (
                event_id BIGINT PRIMARY KEY,
                article_id BIGINT NOT NULL,
                incident_id BIGINT,
                type VARCHAR NOT NULL,
                stage VARCHAR NOT NULL,
                certainty VARCHAR NOT NULL,
                claimed_by VARCHAR[] NOT NULL,
                denied_by VARCHAR[] NOT NULL,
                equipment VARCHAR[] NOT NULL,
                published DATE,
                date_start DATE,
                date_end DATE,
                date_precision VARCHAR NOT NULL,
                date_text VARCHAR,
                location_name VARCHAR,
                location_country VARCHAR,
                evidence VARCHAR NOT NULL,
                evidence_start INTEGER NOT NULL,
                evidence_end INTEGER NOT NULL,
                confidence DOUBLE PRECISION NOT NULL,
                rule VARCHAR NOT NULL,
                trigger VARCHAR NOT NULL,
                extractor_version VARCHAR NOT NULL
            )""",
            "CREATE INDEX events_article ON events (article_id)",
            "CREATE INDEX events_incident ON events (incident_id)",
            """CREATE TABLE event_actors (
                event_id BIGINT NOT NULL,
                position INTEGER NOT NULL,
                role VARCHAR NOT NULL,
                country VARCHAR NOT NULL,
                text VARCHAR NOT NULL,
                kind VARCHAR NOT NULL,
                name VARCHAR,
                person VARCHAR,
                title VARCHAR,
                base VARCHAR
            )""",
            "CREATE INDEX event_actors_event ON event_actors (event_id)",
            """CREATE TABLE event_dyads (
                event_id BIGINT NOT NULL,
                type VARCHAR NOT NULL,
                directed BOOLEAN NOT NULL,
                a VARCHAR NOT NULL,
                b VARCHAR NOT NULL
            )""",
            "CREATE INDEX event_dyads_pair ON event_dyads (a, b)",
            "CREATE INDEX event_dyads_event ON event_dyads (event_id)",
            """CREATE TABLE incidents (
                incident_id BIGINT PRIMARY KEY,
                type VARCHAR NOT NULL,
                parties VARCHAR NOT NULL,
                sources VARCHAR[] NOT NULL,
                targets VARCHAR[] NOT NULL,
                participants VARCHAR[] NOT NULL,
                stage VARCHAR NOT NULL,
                date_start DATE,
                date_end DATE,
                equipment VARCHAR[] NOT NULL,
                first_seen DATE,
                last_seen DATE,
                n_events INTEGER NOT NULL,
                n_articles INTEGER NOT NULL,
                n_outlets INTEGER NOT NULL,
                claimed_by VARCHAR[] NOT NULL,
                denied_by VARCHAR[] NOT NULL,
                certainty_conflict BOOLEAN NOT NULL
            )""",
            "CREATE INDEX incidents_parties ON incidents (type, parties)",
        ),
    ),
    Migration(
        2,
        "live monitoring: raw pages, feeds, seen items, alerts",
        (
            """CREATE TABLE raw_pages (
                article_id BIGINT PRIMARY KEY,
                url VARCHAR NOT NULL,
                fetched_at TIMESTAMP NOT NULL,
                content_type VARCHAR,
                etag VARCHAR,
                last_modified VARCHAR,
                body_gz BYTEA NOT NULL
            )""",
            """CREATE TABLE feeds (
                url VARCHAR PRIMARY KEY,
                etag VARCHAR,
                last_modified VARCHAR,
                last_polled TIMESTAMP,
                last_error VARCHAR
            )""",
            """CREATE TABLE feed_items (
                feed_url VARCHAR NOT NULL,
                item_id VARCHAR NOT NULL,
                first_seen TIMESTAMP NOT NULL,
                article_id BIGINT,
                status VARCHAR NOT NULL,
                error VARCHAR,
                attempts INTEGER NOT NULL,
                PRIMARY KEY (feed_url, item_id)
            )""",
            """CREATE TABLE alert_marks (
                rule VARCHAR NOT NULL,
                incident_id BIGINT NOT NULL,
                n_articles INTEGER NOT NULL,
                n_outlets INTEGER NOT NULL,
                stage VARCHAR NOT NULL,
                certainty VARCHAR NOT NULL,
                certainty_conflict BOOLEAN NOT NULL,
                PRIMARY KEY (rule, incident_id)
            )""",
            """CREATE TABLE alerts (
                id BIGINT PRIMARY KEY,
                alert_key VARCHAR NOT NULL UNIQUE,
                rule VARCHAR NOT NULL,
                kind VARCHAR NOT NULL,
                incident_id BIGINT NOT NULL,
                created_at TIMESTAMP NOT NULL,
                payload_json VARCHAR NOT NULL,
                filed_at TIMESTAMP,
                delivered_at TIMESTAMP,
                attempts INTEGER NOT NULL
            )""",
            "CREATE INDEX alerts_created ON alerts (created_at)",
        ),
    ),
    Migration(
        3,
        "reviews: analysts accept, reject or correct events",
        (
            """CREATE TABLE reviews (
                review_id BIGINT PRIMARY KEY,
                subject_id BIGINT NOT NULL,
                event_id BIGINT,
                article_id BIGINT NOT NULL,
                action VARCHAR NOT NULL,
                reviewer VARCHAR NOT NULL,
                note VARCHAR,
                reviewed_at TIMESTAMP NOT NULL,
                before_json VARCHAR NOT NULL,
                after_json VARCHAR NOT NULL,
                correction_json VARCHAR NOT NULL,
                anchor_json VARCHAR NOT NULL
            )""",
            "CREATE INDEX reviews_subject ON reviews (subject_id)",
            "CREATE INDEX reviews_article ON reviews (article_id)",
            "ALTER TABLE events ADD COLUMN review VARCHAR",
            "ALTER TABLE events ADD COLUMN review_subject BIGINT",
        ),
    ),
    Migration(
        4,
        "failed documents, skipped on re-runs",
        (
            """CREATE TABLE failed_documents (
                source VARCHAR NOT NULL,
                content_hash VARCHAR NOT NULL,
                stage VARCHAR NOT NULL,
                problem VARCHAR NOT NULL,
                first_failed TIMESTAMP NOT NULL,
                last_failed TIMESTAMP NOT NULL,
                attempts INTEGER NOT NULL,
                PRIMARY KEY (source, content_hash)
            )""",
        ),
    ),
)
