"""Every error pactwatch raises on purpose derives from PactwatchError.

- InputError: an input file or record cannot be read (names the file and why).
- LexiconError: a lexicon data file is malformed (names the file and entry).
- GoldFileError: a gold file for `pactwatch eval` is malformed.
- ModelNotInstalledError: the spaCy pipeline is missing (says how to install it).
"""

from __future__ import annotations


class PactwatchError(Exception):
    """Base class: catch this to handle any expected pactwatch failure."""


class InputError(PactwatchError):
    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class LexiconError(PactwatchError):
    pass


class GoldFileError(PactwatchError):
    pass


class ModelNotInstalledError(PactwatchError):
    pass
