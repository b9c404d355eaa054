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

import copy
import functools
import hashlib
import re
from collections.abc import Callable
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
    runs = zip(*(words[i:] for i in range(SHINGLE_WORDS)), strict=False)  # n-grams
    return {shingle.encode() for shingle in map(" ".join, runs)}


#: Bytes of a SHA-1 digest.
_SHA1_BYTES = 20
#: datasketch's seed for the permutations, so stored signatures stay comparable.
_SEED = 1
#: MurmurHash3's 32-bit finalizer: shifts and multipliers.
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


@functools.cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The NUM_PERM affine permutations h -> a*h + b (mod 2**32), a odd."""
    generator = np.random.RandomState(_SEED)
    a = generator.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def signature(text: str) -> list[int]:
    """The MinHash signature of `text`: NUM_PERM values, each below 2**32.

    The same values as datasketch's MinHash (scheme "affine32", seed 1, SHA-1
    of each shingle), which wrote the stored signatures; computed here with
    numpy alone because importing datasketch pulls in scipy, seconds of
    start-up for every `ingest`. A test checks the two agree.
    """
    digests = b"".join([hashlib.sha1(shingle).digest() for shingle in shingles(text)])
    # datasketch's hash of a shingle: the first 4 bytes of its SHA-1, little-endian
    hashes = np.frombuffer(digests, dtype="<u4")[:: _SHA1_BYTES // 4]
    if not hashes.size:
        return [(1 << 32) - 1] * NUM_PERM
    s1, m1, s2, m2, s3 = _FMIX
    mixed = hashes ^ (hashes >> s1)
    mixed = mixed * m1
    mixed = mixed ^ (mixed >> s2)
    mixed = mixed * m2
    mixed = (mixed ^ (mixed >> s3)).reshape(-1, 1)
    a, b = _permutations()
    values: list[int] = (mixed * a + b).min(axis=0).tolist()
    return values


def band_buckets(values: list[int]) -> list[int]:
    """One stable 64-bit bucket per band, so equal bands land in equal buckets."""
    return list(_band_buckets(tuple(values)))


#: Bytes of one band: ROWS_PER_BAND little-endian 32-bit values.
_BAND_BYTES = ROWS_PER_BAND * 4


@functools.lru_cache(maxsize=1024)
def _band_buckets(values: tuple[int, ...]) -> tuple[int, ...]:
    """Cached: a batch asks for an article's buckets up to six times (checks, admission, rows)."""
    packed = np.asarray(values, dtype="<u4").tobytes()
    return tuple(
        int.from_bytes(
            hashlib.blake2b(packed[start : start + _BAND_BYTES], digest_size=8).digest(),
            "little",
            signed=True,
        )
        for start in range(0, BANDS * _BAND_BYTES, _BAND_BYTES)
    )


def similarity(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity: the share of equal signature values."""
    return float(np.mean(np.asarray(a, dtype=np.int64) == np.asarray(b, dtype=np.int64)))


def store_signature(connection: Connection, article_id: int, values: list[int]) -> None:
    """Index a new original report so later copies of it are found."""
    connection.insert_rows("article_signatures", [[article_id, values]])
    connection.insert_rows("article_bands", band_rows(article_id, values))


def forget_signature(connection: Connection, article_id: int) -> None:
    """Drop an article from the index (it is no longer an original report)."""
    connection.execute("DELETE FROM article_bands WHERE article_id = ?", [article_id])
    connection.execute("DELETE FROM article_signatures WHERE article_id = ?", [article_id])


class BatchChecks:
    """Exact and near-duplicate checks for a batch of documents, with two queries in all.

    Documents are decided in order, and one admitted earlier in the batch
    counts as stored: a later copy of it is a duplicate or a near-duplicate
    of it, exactly as if each document had been written before the next was
    checked. The stored side is read once, when the batch starts: which of its
    content hashes are stored, and every stored original sharing an LSH bucket
    with one of its signatures.
    """

    def __init__(
        self,
        connection: Connection,
        digests: list[str],
        signature_of: Callable[[int], list[int]],
    ) -> None:
        """`digests[i]` is the content hash of document i, `signature_of(i)` its signature.

        Signatures are asked for only where needed: not for a document whose
        text is stored already or appears earlier in the batch.
        """
        self._stored = _stored_digests(connection, sorted(set(digests)))
        self._admitted: set[str] = set()
        first: dict[str, int] = {}
        for index, digest in enumerate(digests):
            first.setdefault(digest, index)
        self._stored_candidates = _stored_candidates(
            connection,
            [
                signature_of(i) if digest not in self._stored and first[digest] == i else None
                for i, digest in enumerate(digests)
            ],
        )
        self._originals = _Originals(len(digests))

    def afresh(self) -> BatchChecks:
        """The same reads of the store with nothing of the batch admitted yet."""
        fresh = copy.copy(self)
        fresh._admitted = set()
        fresh._originals = _Originals(self._originals.capacity)
        return fresh

    def is_stored(self, digest: str) -> bool:
        """Stored already, or admitted earlier in this batch."""
        return digest in self._stored or digest in self._admitted

    def near_duplicate(self, index: int, values: list[int]) -> NearDuplicate | None:
        """The most similar original at or above the threshold: stored ones first, by id."""
        best: NearDuplicate | None = None
        candidates = [
            *self._stored_candidates.get(index, ()),
            *self._originals.sharing_a_bucket(values),
        ]
        for article_id, stored in candidates:
            score = similarity(values, stored)
            if score >= NEAR_DUPLICATE_THRESHOLD and (best is None or score > best.similarity):
                best = NearDuplicate(article_id, score)
        return best

    def admit(self, digest: str, article_id: int, values: list[int] | None = None) -> None:
        """A document of the batch is now stored; with `values` it is an original report."""
        self._admitted.add(digest)
        if values is not None:
            self._originals.add(article_id, values)


class _Originals:
    """The original reports admitted in a batch: one row of LSH buckets each, in an array.

    A document is compared with those sharing a bucket with it in any band,
    found by comparing its buckets with every row at once (a batch holds at
    most a few dozen): one array operation, where a dictionary of buckets
    cost 32 entries per original to build.
    """

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._ids: list[int] = []
        self._values: list[list[int]] = []
        self._buckets = np.empty((capacity, BANDS), dtype=np.int64)

    def add(self, article_id: int, values: list[int]) -> None:
        self._buckets[len(self._ids)] = band_buckets(values)
        self._ids.append(article_id)
        self._values.append(values)

    def sharing_a_bucket(self, values: list[int]) -> list[tuple[int, list[int]]]:
        """(id, signature) of each original sharing a band's bucket with `values`, by id."""
        if not self._ids:
            return []
        rows = self._buckets[: len(self._ids)]
        shared = np.flatnonzero((rows == np.asarray(band_buckets(values))).any(axis=1))
        return sorted((self._ids[row], self._values[row]) for row in shared.tolist())


def _stored_digests(connection: Connection, digests: list[str]) -> set[str]:
    if not digests:
        return set()
    rows = connection.execute(
        "SELECT content_hash FROM articles WHERE content_hash IN (SELECT unnest(?::VARCHAR[]))",
        [digests],
    ).fetchall()
    return {str(row[0]) for row in rows}


def _stored_candidates(
    connection: Connection, signatures: list[list[int] | None]
) -> dict[int, list[tuple[int, list[int]]]]:
    """For each signature's index, the stored originals sharing a bucket, by article id."""
    items, bands, buckets = [], [], []
    for index, values in enumerate(signatures):
        if values is None:
            continue
        for band, bucket in enumerate(band_buckets(values)):
            items.append(index)
            bands.append(band)
            buckets.append(bucket)
    if not items:
        return {}
    rows = connection.execute(
        """SELECT m.item, s.article_id, s.signature
           FROM (SELECT DISTINCT q.item, b.article_id
                 FROM (SELECT unnest(?::INTEGER[]) AS item, unnest(?::INTEGER[]) AS band,
                              unnest(?::BIGINT[]) AS bucket) q
                 JOIN article_bands b ON b.band = q.band AND b.bucket = q.bucket) m
           JOIN article_signatures s ON s.article_id = m.article_id
           ORDER BY m.item, s.article_id""",
        [items, bands, buckets],
    ).fetchall()
    found: dict[int, list[tuple[int, list[int]]]] = {}
    for item, article_id, stored in rows:
        found.setdefault(int(item), []).append((int(article_id), list(stored)))
    return found


def band_rows(article_id: int, values: list[int]) -> list[list[object]]:
    """`article_bands` rows that index an original report's signature."""
    return [[band, bucket, article_id] for band, bucket in enumerate(band_buckets(values))]
