"""Language processing: the only package that imports spaCy.

Everything it returns is made of pactwatch.models types (Sentence, Token), so
no spaCy object ever leaves this folder.
"""

from pactwatch.nlp.parser import parse_sentences, parse_texts, pipeline_info
from pactwatch.nlp.sentences import bounded_spans, split_sentences

__all__ = [
    "bounded_spans",
    "parse_sentences",
    "parse_texts",
    "pipeline_info",
    "split_sentences",
]
