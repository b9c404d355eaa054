"""Near-duplicate articles: the same wire story on several sites, found with MinHash LSH.

Syndicated copy differs from its original by page furniture, a headline, a
byline or a changed word, so the cleaned texts hash differently but share most
of their word 5-shingles. Each original report stores its MinHash signature
and, for the LSH index, one bucket per band of the signature in
`article_bands`; a new article is compared only with the articles sharing one
of its buckets (one indexed SQL lookup, no index kept in memory), and a
candidate is confirmed by the estimated Jaccard similarity of the signatures.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np

from pactwatch.store.connection import Connection

#: Permutations per signature: the estimate's standard error is about
#: sqrt(J(1-J)/128) ~ 0.035 at J = 0.8, tight enough to confirm a candidate.
NUM_PERM = 128
#: 32 bands of 4 rows: a pair at Jaccard 0.8 shares a bucket with probability
#: 1 - (1 - 0.8**4)**32 > 0.9999, one at 0.3 with about 0.23, so true copies
#: are never missed and few unrelated articles are compared.
BANDS = 32
ROWS_PER_BAND = NUM_PERM // BANDS
#: Word 5-shingles: long enough that two different stories on the same topic
#: share few of them, short enough that one edited word breaks only five.
SHINGLE_WORDS = 5
#: Wire copies with other furniture and a few edits keep > 0.8 of their
#: shingles; different reports of the same event (own wording) stay far below.
NEAR_DUPLICATE_THRESHOLD = 0.8

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class NearDuplicate:
    """The original report an article copies, and their estimated Jaccard similarity."""

    article_id: int
    similarity: float


def shingles(text: str) -> set[bytes]:
    """The word 5-shingles of lower-cased text (one shingle for a shorter text)."""
    words = _WORD.findall(text.lower())
    if len(words) <= SHINGLE_WORDS:
        return {" ".join(words).encode()} if words else set()
    return {
        " ".join(words[i : i + SHINGLE_WORDS]).encode()
        for i in range(len(words) - SHINGLE_WORDS + 1)
    }


def signature(text: str) -> list[int]:
    """The MinHash signature of `text`: NUM_PERM values, each below 2**32."""
    from datasketch import MinHash  # deferred: it pulls in scipy (half a second)

    minhash = MinHash(num_perm=NUM_PERM)
    minhash.update_batch(sorted(shingles(text)))
    return [int(value) for value in minhash.hashvalues]


def band_buckets(values: list[int]) -> list[int]:
    """One stable 64-bit bucket per band, so equal bands land in equal buckets."""
    buckets = []
    for band in range(BANDS):
        rows = values[band * ROWS_PER_BAND : (band + 1) * ROWS_PER_BAND]
        digest = hashlib.blake2b(np.asarray(rows, dtype="<u4").tobytes(), digest_size=8)
        buckets.append(int.from_bytes(digest.digest(), "little", signed=True))
    return buckets


def similarity(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity: the share of equal signature values."""
    return float(np.mean(np.asarray(a, dtype=np.int64) == np.asarray(b, dtype=np.int64)))


def find_near_duplicate(connection: Connection, values: list[int]) -> NearDuplicate | None:
    """The most similar stored original at or above the threshold, if any."""
    candidates = connection.execute(
        """SELECT s.article_id, s.signature FROM article_signatures s
           WHERE s.article_id IN (
               SELECT b.article_id FROM article_bands b
               JOIN (SELECT unnest(?::INTEGER[]) AS band, unnest(?::BIGINT[]) AS bucket) q
               ON b.band = q.band AND b.bucket = q.bucket)
           ORDER BY s.article_id""",
        [list(range(BANDS)), band_buckets(values)],
    ).fetchall()
    best: NearDuplicate | None = None
    for article_id, stored in candidates:
        score = similarity(values, stored)
        if score >= NEAR_DUPLICATE_THRESHOLD and (best is None or score > best.similarity):
            best = NearDuplicate(int(article_id), score)
    return best


def store_signature(connection: Connection, article_id: int, values: list[int]) -> None:
    """Index a new original report so later copies of it are found."""
    connection.execute("INSERT INTO article_signatures VALUES (?, ?)", [article_id, values])
    connection.execute(
        """INSERT INTO article_bands
           SELECT unnest(?::INTEGER[]), unnest(?::BIGINT[]), ?""",
        [list(range(BANDS)), band_buckets(values), article_id],
    )


def forget_signature(connection: Connection, article_id: int) -> None:
    """Drop an article from the index (it is no longer an original report)."""
    connection.execute("DELETE FROM article_bands WHERE article_id = ?", [article_id])
    connection.execute("DELETE FROM article_signatures WHERE article_id = ?", [article_id])
