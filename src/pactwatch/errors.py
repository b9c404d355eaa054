"""Every error pactwatch raises on purpose derives from PactwatchError.

- InputError: an input file or record cannot be read or processed (names the
  file and why). `unexpected` words the problem for an exception nobody
  foresaw, so one broken document becomes one line and the run goes on.
- LexiconError: a lexicon data file is malformed (names the file and entry).
- GoldFileError: a gold file for `pactwatch eval` is malformed.
- ModelNotInstalledError: the spaCy pipeline is missing (says how to install it).
"""

from __future__ import annotations


class PactwatchError(Exception):
    """Base class: catch this to handle any expected pactwatch failure."""


class InputError(PactwatchError):
    """`skipped`: a file left out on purpose (an unsupported kind found in a folder)."""

    def __init__(self, source: str, problem: str, *, skipped: bool = False) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem
        self.skipped = skipped

    def __reduce__(self) -> tuple[object, ...]:
        """Picklable (its message is not its arguments): `extract --jobs` sends it back."""
        return (_input_error, (self.source, self.problem, self.skipped))


def _input_error(source: str, problem: str, skipped: bool) -> InputError:
    return InputError(source, problem, skipped=skipped)


class LexiconError(PactwatchError):
    pass


class GoldFileError(PactwatchError):
    pass


class ModelNotInstalledError(PactwatchError):
    pass


def unexpected(exc: BaseException, stage: str) -> str:
    """The problem line for an exception nobody foresaw while `stage` ran on one document."""
    lines = str(exc).strip().splitlines()
    detail = lines[0][:200].encode("utf-8", "backslashreplace").decode("utf-8") if lines else ""
    name = type(exc).__name__
    return (
        f"{stage} failed ({name}: {detail}); please report this pactwatch bug "
        "with the input that caused it"
        if detail
        else f"{stage} failed ({name}); please report this pactwatch bug with the input"
    )
