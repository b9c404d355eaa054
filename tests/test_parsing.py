"""The fast way of running spaCy gives every token what spaCy as shipped gives it.

Extraction parses with numpy's OpenBLAS and a memoised attribute ruler and
lemmatizer (nlp/parser.py, nlp/attributes.py); the stock pipeline is the
yardstick. Sentences are chosen to hit the ruler's two-token rules, its
dependency-dependent rules and whitespace tokens as well as plain news.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import spacy

from pactwatch.nlp import parse_sentences, split_sentences
from pactwatch.nlp.attributes import FastAttributes, Unsupported
from pactwatch.nlp.casing import sentence_cased
from pactwatch.nlp.parser import MODEL_NAME
from pactwatch.pipeline import prepare_article
from pactwatch.sources import RawDocument, iter_documents

REPO = Path(__file__).resolve().parents[1]
BBC = REPO.parent / "shared" / "corpus" / "bbc-news"

ODD_SENTENCES = (
    "There is a deal, and there were two more: Russia's is bigger.",
    "I ain't gonna sell it, y'all said, and they gotta buy what you got.",
    "Let's go. C'mon, he gets it but he got nothing!",
    "It was India that it said had bought it from you.",
    "Do they have drones?  They did,   and   Iran has\tsent them to Russia.",
    "Which tanks did Germany send, and that which it kept, nobody knows.",
    "US-made F-16s, Korean K9s and 155mm shells were sold to Poland in 2022.",
)


def _texts() -> list[str]:
    paths = [REPO / "samples", BBC / "politics"]
    texts = [" ".join(ODD_SENTENCES)]
    for item in itertools.islice(iter_documents(paths), 40):
        assert isinstance(item, RawDocument)
        texts.append(prepare_article(item)[0].text)
    return texts


def test_fast_parse_gives_the_stock_annotations() -> None:
    compared = 0
    for text in _texts():
        spans = [(i, s, e) for i, (s, e) in enumerate(split_sentences(text))]
        fast = parse_sentences(text, spans)
        stock = parse_sentences(text, spans, stock=True)
        for mine, theirs in zip(fast, stock, strict=True):
            assert mine.tokens == theirs.tokens, mine.text
            compared += len(mine.tokens)
    assert compared > 5_000


def test_a_ruler_testing_what_the_memo_does_not_read_is_refused() -> None:
    """Another model's ruler may test attributes the memo leaves out: that model
    then runs as shipped rather than with wrong tags."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "rule"})
    ruler.add(patterns=[[{"TAG": "NN"}]], attrs={"POS": "NOUN"})
    FastAttributes(ruler, lemmatizer)  # supported
    ruler.add(patterns=[[{"ORTH": "Iran"}]], attrs={"POS": "PROPN"})
    with pytest.raises(Unsupported, match="ORTH"):
        FastAttributes(ruler, lemmatizer)


def test_tokens_carry_what_spacy_gives_each_token() -> None:
    """Token fields are read from arrays of ids: the same as spaCy's own Token objects."""
    nlp = spacy.load(MODEL_NAME)
    for text in ODD_SENTENCES:
        # two characters before the sentence: offsets are the article's
        (sentence,) = parse_sentences(f"  {text}", [(0, 2, 2 + len(text))], stock=True)
        expected = [
            (
                t.i,
                t.text,
                t.lemma_.lower(),
                t.pos_,
                t.tag_,
                t.dep_,
                t.head.i,
                2 + t.idx,
                t.ent_type_,
            )
            for t in nlp(text)
        ]
        found = [
            (t.i, t.text, t.lemma, t.pos, t.tag, t.dep, t.head, t.start, t.ent_type)
            for t in sentence.tokens
        ]
        assert found == expected
        assert all(sentence.text[t.start - 2 : t.end - 2] == t.text for t in sentence.tokens)


def test_fast_ner_runs_and_follows_sentence_starts_inside_a_span() -> None:
    """The fast NER is the one extraction uses, and a span the parser splits into
    several sentences (an entity may not cross a sentence start) gets the stock labels."""
    from pactwatch.nlp import parser

    assert parser._load().ner is not None
    text = " ".join(ODD_SENTENCES) + " Mr. Blair met Jacques Chirac in Paris. Then NATO said no."
    spans = [(0, 0, len(text))]
    (fast,) = parse_sentences(text, spans)
    (stock,) = parse_sentences(text, spans, stock=True)
    assert fast.tokens == stock.tokens
    assert {t.ent_type for t in fast.tokens} >= {"GPE", "PERSON", "ORG"}


def test_a_ner_of_another_architecture_is_refused() -> None:
    """A NER scoring moves straight from its hidden layer is not what FastNER
    follows: that model's NER runs as shipped."""
    from pactwatch.nlp.ner import FastNER

    nlp = spacy.blank("en")
    tok2vec = {
        "@architectures": "spacy.HashEmbedCNN.v2",
        "pretrained_vectors": None,
        "width": 96,
        "depth": 2,
        "embed_size": 500,
        "window_size": 1,
        "maxout_pieces": 3,
        "subword_features": True,
    }
    model = {
        "@architectures": "spacy.TransitionBasedParser.v2",
        "state_type": "ner",
        "extra_state_tokens": False,
        "hidden_width": 64,
        "maxout_pieces": 2,
        "use_upper": False,
        "tok2vec": tok2vec,
    }
    ner = nlp.add_pipe("ner", config={"model": model})
    ner.add_label("WEAPON")
    nlp.initialize()
    with pytest.raises(Unsupported, match="output layer"):
        FastNER(ner)


def test_hyphenated_verbs_of_holding_stay_whole() -> None:
    """ "co - hosted" split in three leaves the hosts on the wrong verb; whole, the
    reduced relative hangs on the exercise with its agents (in both ways of running)."""
    text = "The naval exercise co-hosted by Kenya and Tanzania began."
    for stock in (False, True):
        (sentence,) = parse_sentences(text, [(0, 0, len(text))], stock=stock)
        words = [t.text for t in sentence.tokens]
        assert "co-hosted" in words
        hosted = words.index("co-hosted")
        assert words[sentence.tokens[hosted].head] == "exercise"
        agents = [t for t in sentence.tokens if t.head == hosted and t.dep == "agent"]
        assert [t.text for t in agents] == ["by"]


def test_lemmas_the_model_gets_wrong_are_mended_from_the_lexicon() -> None:
    """The rule lemmatizer makes "staged" a "stag" and "hoped" a "hop"; the rules read
    lemmas, so lexicons/lemmas.yaml sets them right, in both ways of parsing."""
    text = "Fiji staged the drills that Tonga had hoped to host, slated for May."
    model = {t.text: t.lemma_ for t in spacy.load(MODEL_NAME)(text)}
    assert (model["staged"], model["hoped"], model["slated"]) == ("stag", "hop", "slat")
    for stock in (False, True):
        (sentence,) = parse_sentences(text, [(0, 0, len(text))], stock=stock)
        lemmas = {t.text: t.lemma for t in sentence.tokens}
        assert (lemmas["staged"], lemmas["hoped"], lemmas["slated"]) == ("stage", "hope", "slate")


@pytest.mark.parametrize(
    ("line", "names", "parsed_as"),
    [
        (
            "Ghana and Togo Hold First Joint Border Patrol Drills",
            [(0, 5), (10, 14)],
            "Ghana and Togo hold first joint border patrol drills",
        ),
        # names the lexicon knows, acronyms and words with a digit or inner capital stay
        (
            "Kenya Buys 12 F-16s and AW139 Helicopters From McDonnell Via NATO Fund",
            [(0, 5)],
            "Kenya buys 12 F-16s and AW139 helicopters from McDonnell via NATO fund",
        ),
        # prose, a line of names and a line in capitals are read as written
        ("Chile and Peru Held Talks On Monday.", [], "Chile and Peru Held Talks On Monday."),
        ("Presidents Lula and Boric", [], "Presidents Lula and Boric"),
        ("EGYPT AND GREECE HOLD NAVAL DRILLS", [], "EGYPT AND GREECE HOLD NAVAL DRILLS"),
    ],
)
def test_title_case_lines_are_parsed_sentence_cased(
    line: str, names: list[tuple[int, int]], parsed_as: str
) -> None:
    assert sentence_cased(line, names) == parsed_as
    assert len(sentence_cased(line, names)) == len(line)


def test_a_sentence_cased_headline_keeps_its_words_as_written() -> None:
    """The parser reads "hold" as the verb; the tokens still say what the page says."""
    text = "Ghana and Togo Hold First Joint Border Patrol Drills\n\nMore below."
    end = text.index("\n")
    (sentence,) = parse_sentences(text, [(0, 0, end)], names=[(0, 5), (10, 14)])
    assert sentence.text == text[:end]
    assert [t.text for t in sentence.tokens] == text[:end].split()
    assert all(text[t.start : t.end] == t.text for t in sentence.tokens)
    hold = next(t for t in sentence.tokens if t.text == "Hold")
    assert (hold.pos, hold.lemma, hold.dep) == ("VERB", "hold", "ROOT")


def test_a_name_after_bin_is_parsed_as_a_name_and_kept_as_written() -> None:
    """ "bin Said" would give the sentence "Said" for its verb; the parser reads another
    name of the same length, and the tokens still say what the page says."""
    text = "Vice Admiral Saif bin Said Al-Rahbi met the Qatari navy chief in Doha."
    (sentence,) = parse_sentences(text, [(0, 0, len(text))])
    said = next(t for t in sentence.tokens if t.text == "Said")
    assert said.pos == "PROPN" and said.dep != "ROOT"
    met = next(t for t in sentence.tokens if t.text == "met")
    assert met.dep == "ROOT"
    assert all(text[t.start : t.end] == t.text for t in sentence.tokens)
