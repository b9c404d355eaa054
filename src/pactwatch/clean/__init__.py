"""Cleaning: from a raw page or scraped text to the story text offsets point into.

- text.py: drop page furniture (links, share bars, bylines, comment rules) line by line.
- html.py: pull the article out of an HTML page, then clean it like text.
- language.py: a fast guess of the article's language.
"""

from pactwatch.clean.html import HtmlExtract, extract_html
from pactwatch.clean.language import detect_language, is_english
from pactwatch.clean.text import CleanedText, clean_text

__all__ = [
    "CleanedText",
    "HtmlExtract",
    "clean_text",
    "detect_language",
    "extract_html",
    "is_english",
]
