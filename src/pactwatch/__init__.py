"""pactwatch: a sourced record of interstate defence cooperation from news text.

>>> from pactwatch import extract
>>> events = extract("Iran sent drones to Russia last month.", published="2022-12-10")
"""

__version__ = "0.1.0"

from pactwatch.errors import InputError, LexiconError, PactwatchError
from pactwatch.models import Actor, Article, Event, EventDate, Evidence
from pactwatch.pipeline import ArticleResult, analyse, extract, process

__all__ = [
    "Actor",
    "Article",
    "ArticleResult",
    "Event",
    "EventDate",
    "Evidence",
    "InputError",
    "LexiconError",
    "PactwatchError",
    "__version__",
    "analyse",
    "extract",
    "process",
]
