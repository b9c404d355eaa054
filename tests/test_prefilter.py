"""The pre-filter looks for every form a trigger can take, and parses a candidate
only if it holds a whole trigger, without changing any event.

Sentences here are invented.
"""

from __future__ import annotations

import re

import pytest
import spacy

from pactwatch.events.lexicon import load_triggers
from pactwatch.models import Article
from pactwatch.nlp.parser import MODEL_NAME
from pactwatch.pipeline import analyse
from pactwatch.prefilter import (
    continued_drills,
    has_trigger_phrase,
    has_trigger_word,
    inflections,
    military_happenings,
    named_happenings,
    speaks,
)


def test_every_form_the_lemmatizer_gives_a_trigger_word_is_looked_for() -> None:
    """A word the model lemmatizes to a trigger word ("fought" -> "fight") matches
    the trigger in the rules, so the pre-filter must find it in the raw text."""
    nlp = spacy.load(MODEL_NAME, exclude=["tok2vec", "tagger", "parser", "ner", "attribute_ruler"])
    exceptions = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc")
    words = {word for trigger in load_triggers() for word in trigger.words}
    missing = sorted(
        (lemma, form)
        for table in exceptions.values()
        for form, lemmas in table.items()
        for lemma in lemmas
        # the tokenizer splits "co-ordinated": its pieces are looked for one by one
        if lemma in words and form.isalpha() and form not in inflections(lemma)
    )
    assert missing == []


def test_the_first_words_of_triggers_are_whole_words() -> None:
    """`names_happening` and `has_partaking_word` look words up in a set."""
    forms = {form for trigger in load_triggers() for form in inflections(trigger.words[0])}
    assert all(re.fullmatch(r"\w+", form) for form in forms)


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Chile's military aid to Peru grew.", True),
        ("Chile's military parade impressed Peru.", False),
        ("Chile and Peru signed a co-production accord.", True),  # co - production
        ("Chile and Peru agreed to co - produce drones.", True),
        ("The arms embargo on Peru stays, Chile said.", True),
        ("Peru's arms-embargo debate bored Chile.", True),
        ("Peru equipped its army with Chilean rifles.", True),  # an irregular form
        ("Chile fought against terrorism beside Peru.", True),
    ],
)
def test_a_trigger_of_several_words_needs_all_of_them(text: str, phrase: bool) -> None:
    assert has_trigger_phrase(text) is phrase
    assert has_trigger_word(text)  # each has a trigger's first word


def test_a_candidate_without_a_whole_trigger_is_not_parsed_and_nothing_changes() -> None:
    text = (
        "Chile's military parade impressed officials from Peru.\n"
        "Military ties between Chile and Peru are old.\n"
        "Chile sold Peru two frigates last year.\n"
        "Defence officials in Chile and Peru watched the parade."
    )
    article = Article(id="invented.txt", text=text)
    shipped = analyse(article, keep_readings=True)
    full = analyse(article, parse_all=True)
    assert [reading.sentence.index for reading in shipped.readings] == [2]
    assert shipped.events == full.events
    assert [event.type for event in shipped.events] == ["arms_transfer"]


@pytest.mark.parametrize(
    ("text", "name", "reports"),
    [
        ("The drills began on Monday, the Pentagon said.", "Pentagon", True),
        ("The drills began, according to Tokyo.", "Tokyo", True),
        ("Kenya's defence ministry announced the drills.", "Kenya", True),
        ("Ghana will host the drills in May.", "Ghana", False),
    ],
)
def test_a_name_that_only_reports(text: str, name: str, reports: bool) -> None:
    start = text.index(name)
    assert speaks(text, start, start + len(name)) is reports


@pytest.mark.parametrize(
    ("sentence", "kinds"),
    [
        ("The joint naval drills began off Mombasa.", {"joint_exercise"}),
        ("Joint patrols resumed along the border.", {"joint_exercise"}),
        ("A trade conference opened in Lima.", {"defense_meeting"}),
        # a verb of meeting names a meeting too
        ("Army chiefs from eight countries met in Abuja.", {"defense_meeting"}),
        # the first word of a drill's name ("military drill", "African Lion") alone
        # names no drill
        ("Military chiefs of West African states want a standby force.", set()),
        ("The navy's war chest grew.", set()),
        # a gathering of ships or forces is no meeting; one of ministers is
        ("The drill is the largest gathering of foreign navies in years.", {"joint_exercise"}),
        ("A gathering of defence ministers opened in Suva.", {"defense_meeting"}),
    ],
)
def test_happenings_are_named_by_whole_triggers(sentence: str, kinds: set[str]) -> None:
    assert named_happenings(sentence) == kinds


@pytest.mark.parametrize(
    ("sentence", "military"),
    [
        ("The Flintlock exercise opened in Ghana on Monday.", True),
        ("Exercise Cobra Gold began on Tuesday.", True),
        ("The Malabar drills ended on Friday.", True),
        ("The Blue Kunene field training exercise opened on Monday.", True),
        ("The exercise opened on Monday.", False),
        ("Breathing exercises help patients recover.", False),
    ],
)
def test_a_drill_named_by_a_name_of_its_own_is_military(sentence: str, military: bool) -> None:
    """A drill's own name ("the Flintlock exercise") says it is a military one, so a
    list of participants in the next sentence is its; a bare "the exercise" does not."""
    assert ("joint_exercise" in military_happenings(sentence)) is military


def test_a_drill_named_again_in_no_military_sense_continues_the_one_just_named() -> None:
    """ "It was the largest exercise held in its waters": within two sentences of a
    military drill, the same drill; later, or a meeting in no military sense, not."""
    sentences = [
        "Exercise Coral Wave opened on Monday.",
        "It was the largest exercise held in Malaysian waters.",
        "Officials met on Tuesday.",
        "A trade conference was held on Wednesday.",
        "Pupils did breathing exercises.",
        "Another exercise was held later.",
    ]
    named = [named_happenings(s) for s in sentences]
    military = [military_happenings(s, n) for s, n in zip(sentences, named, strict=True)]
    found = continued_drills(military, named)
    assert "joint_exercise" in found[0] and "joint_exercise" in found[1]
    # two sentences on from the last military mention, a drill named plainly is its own
    assert "joint_exercise" not in found[5]
    assert "defense_meeting" not in found[3]
    assert all(not kinds for kinds in military[1:])
