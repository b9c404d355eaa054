"""The parse repairs (nlp/repairs.py) mend the model's headless clauses and
nothing else: each test parses real sentences with the shipped model."""

from __future__ import annotations

import functools
from dataclasses import replace
from typing import Any

import pytest
import spacy

from pactwatch.models import Token
from pactwatch.nlp import parse_sentences
from pactwatch.nlp.parser import MODEL_NAME
from pactwatch.nlp.repairs import mend


@functools.cache
def _model() -> Any:
    return spacy.load(MODEL_NAME)


def _parse(text: str) -> list[Token]:
    (sentence,) = parse_sentences(text, [(0, 0, len(text))])
    return list(sentence.tokens)


def _parse_by_text(text: str) -> tuple[list[Token], dict[str, Token]]:
    """The mended tokens, and each by its text (the last of a repeated word)."""
    tokens = _parse(text)
    return tokens, {t.text: t for t in tokens}


def _read_as_the_model_reads(text: str) -> Any:
    """The model's parse of a sentence no repair may touch, asserted to be ours."""
    model = _model()(text)
    assert [(t.dep, t.head) for t in _parse(text)] == [(t.dep_, t.head.i) for t in model]
    return model


def _root(tokens: list[Token]) -> Token:
    (root,) = [t for t in tokens if t.head == t.i]
    return root


@pytest.mark.parametrize(
    ("text", "verb", "subject"),
    [
        (
            "Later the chiefs of army of the two nations gathered in Vientiane.",
            "gathered",
            "chiefs",
        ),
        (
            "On Tuesday the chiefs of navy of all three countries met aboard the Bahraini "
            "command ship Al Zubara to discuss protecting undersea cables.",
            "met",
            "chiefs",
        ),
    ],
)
def test_a_verb_taken_for_a_noun_modifier_becomes_the_root(
    text: str, verb: str, subject: str
) -> None:
    tokens = _parse(text)
    root = _root(tokens)
    assert root.text == verb
    (noun,) = [t for t in tokens if t.text == subject]
    assert noun.dep == "nsubj" and noun.head == root.i
    # what came before the subject and the full stop now hang on the verb
    assert tokens[0].head == root.i and tokens[-1].head == root.i
    # the model itself reads the sentence as one noun phrase: the repair fixed it
    (model_root,) = [t for t in _model()(text) if t.head.i == t.i]
    assert model_root.text == subject


def test_the_models_reading_is_mended_only_where_it_is_headless() -> None:
    """A noun root with a verb hung under its phrase becomes a clause; the same
    tokens with the verb at the root are left as they are."""
    text = "Later the chiefs of army of the two nations gathered in Vientiane."
    mended = _parse(text)
    verb = _root(mended)
    subject = next(t for t in mended if t.dep == "nsubj" and t.head == verb.i)
    countries = next(t for t in mended if t.text == "nations")
    headless = [
        replace(t, head=t.i, dep="ROOT")
        if t.i == subject.i
        else replace(t, head=countries.i, dep="acl", tag="VBN")
        if t.i == verb.i
        else replace(t, head=subject.i)
        if t.head == verb.i and t.i in (0, len(mended) - 1)
        else t
        for t in mended
    ]
    assert _root(headless).text == "chiefs"
    again = mend(headless)
    assert _root(again).text == "gathered"
    assert mend(mended) == mended


@pytest.mark.parametrize(
    "text",
    [
        "The tanks delivered by Germany.",
        "Tanks delivered to Poland",
        "Russia and Belarus held drills near the border.",
        "The exercise, run from the Zambia Army's staff college, brought together officers "
        "from Zambia and Malawi.",
    ],
)
def test_participles_and_whole_clauses_are_left_alone(text: str) -> None:
    tokens = _parse(text)
    assert mend(tokens) == tokens


@pytest.mark.parametrize(
    ("text", "speaker", "taken"),
    [
        # the object taken for the subject of "said" ("officers ... said")
        (
            "The three-day conference at the Ghana Armed Forces' Eastern Naval Command "
            "headquarters brought together staff officers from Ghana, Togo, Benin, Nigeria, "
            "Cameroon, Gabon and Senegal, the Ghana Armed Forces said in a press release.",
            "Forces",
            "officers",
        ),
        # the speaker taken for an apposition of the list's first name
        (
            "The exercise at the Mongolian Armed Forces' Five Hills training area brought "
            "together troops from Mongolia, India and Nepal, the Japanese defence ministry "
            "said in a statement on Monday.",
            "ministry",
            None,
        ),
    ],
)
def test_a_closing_attribution_gets_its_speaker_and_gives_back_the_object(
    text: str, speaker: str, taken: str | None
) -> None:
    tokens = _parse(text)
    said = _root(tokens)
    assert said.text == "said"
    (brought,) = [t for t in tokens if t.text == "brought"]
    assert brought.dep == "ccomp" and brought.head == said.i
    subjects = [t.text for t in tokens if t.head == said.i and t.dep == "nsubj"]
    assert subjects == [speaker]
    if taken is not None:
        (noun,) = [t for t in tokens if t.text == taken]
        assert noun.dep == "dobj" and noun.head == brought.i
    # the model's own reading joins "said" to the root as a second clause
    model_said = next(t for t in _model()(text) if t.text == "said")
    assert model_said.dep_ == "conj"


@pytest.mark.parametrize(
    "text",
    [
        # read well by the model: "said" governs, or is a clause with its own subject
        "The conference brought together officers from Estonia and Latvia, the ministry said.",
        "The five-day seminar at the Royal Malaysian Navy's Lumut naval base headquarters "
        "brought together senior officers from Malaysia, Indonesia, Brunei, Thailand and the "
        "Philippines, the Malaysian Armed Forces said in a press release.",
    ],
)
def test_attributions_the_model_reads_well_are_left_alone(text: str) -> None:
    tokens = _parse(text)
    assert mend(tokens) == tokens
    _read_as_the_model_reads(text)


def test_a_noun_joined_to_the_verb_joins_the_place_before_it() -> None:
    """ "opened at the Kahawa Barracks and the nearby training area": the parser joins
    the area to "opened"; it is the second place, and what hangs on it stays with it."""
    text = (
        "Exercise Coastal Shield 2024, a command post and field training exercise of the "
        "Eastern Africa Standby Force, opened on Monday at the KDF's Kahawa Barracks and the "
        "nearby Embakasi Barracks training area, with the participation of Uganda, Rwanda, "
        "Burundi, Ethiopia and Somalia alongside host Kenya."
    )
    tokens = _parse(text)
    (area,) = [t for t in tokens if t.text == "area"]
    assert tokens[area.head].text == "Barracks" and area.dep == "conj"
    assert tokens[area.head].dep == "pobj"
    model_area = next(t for t in _model()(text) if t.text == "area")
    assert model_area.dep_ == "conj" and model_area.head.text == "opened"


def test_a_clause_joined_with_a_subject_of_its_own_stays_a_clause() -> None:
    text = "Kenya sent troops to the border and Uganda deployed a medical team."
    tokens = _parse(text)
    assert mend(tokens) == tokens
    _read_as_the_model_reads(text)


def test_a_second_preposition_joined_to_the_verb_is_a_phrase_like_the_first() -> None:
    """ "attended by A and B, and by C and D": the parser joins the second "by" to the
    verb as if it began a clause; it is the verb's second agent."""
    text = (
        "The two-day meeting, which closed on Tuesday, was attended by delegations from "
        "Uruguay, Argentina, Brazil, Paraguay and Chile on the American side, and by South "
        "Africa, Namibia and Angola from the African coast."
    )
    tokens = _parse(text)
    agents = [t for t in tokens if t.text == "by"]
    assert [t.dep for t in agents] == ["agent", "agent"]
    assert all(tokens[t.head].text == "attended" for t in agents)
    model_by = [t for t in _model()(text) if t.text == "by"]
    assert model_by[1].dep_ == "conj"


def test_a_second_preposition_joined_to_a_time_phrase_is_the_verbs() -> None:
    """ "drills with Ghana in March and with Togo in May": the parser joins the second
    "with" to the time phrase between them; it is the verb's, like the first."""
    text = "Morocco held naval drills with Ghana in March and with Togo in May."
    tokens = _parse(text)
    withs = [t for t in tokens if t.text == "with"]
    assert [(t.dep, tokens[t.head].text) for t in withs] == [("prep", "held"), ("prep", "held")]
    model_with = [t for t in _model()(text) if t.text == "with"]
    assert (model_with[1].dep_, model_with[1].head.text) == ("conj", "in")


def test_each_as_of_a_with_list_says_what_the_item_before_it_is() -> None:
    """ "with Malawi and Angola as participants and Namibia as an observer": the model
    hangs both "as" phrases on the verb; the first is the list's, the second Namibia's."""
    text = (
        "The drill is hosted by Zambia, with Malawi and Angola as participants "
        "and Namibia as an observer."
    )
    tokens = _parse(text)
    first, second = [t for t in tokens if t.text == "as"]
    assert tokens[first.head].text == "Malawi"
    assert tokens[second.head].text == "Namibia"
    assert [t.head.text for t in _model()(text) if t.text == "as"] == ["hosted", "hosted"]


def test_a_name_taken_for_an_adverb_is_the_subjects_first_item() -> None:
    """ "Tonga and Fiji opened ...": the model reads "Tonga" as an adverb of the verb
    and "Fiji" alone as its subject; both are the subject."""
    text = "Tonga and Fiji opened a joint military exercise on Monday."
    tokens = _parse(text)
    (tonga, fiji) = (tokens[0], tokens[2])
    assert tonga.dep == "nsubj" and tokens[tonga.head].text == "opened"
    assert fiji.dep == "conj" and fiji.head == tonga.i
    assert _model()(text)[0].dep_ == "advmod"


def test_a_word_with_an_adjective_taken_for_a_verb_is_the_object() -> None:
    """ "called the Chinese-Russian drills a threat": the model tags "drills" a verb
    taking "a threat" for its object; with an adjective of its own it is a noun, the
    object of "called", and "a threat" what it is called."""
    text = "Japan called the Chinese-Russian drills a threat to regional peace."
    tokens = _parse(text)
    drills = next(t for t in tokens if t.text == "drills")
    threat = next(t for t in tokens if t.text == "threat")
    assert (drills.pos, drills.dep, tokens[drills.head].text) == ("NOUN", "dobj", "called")
    assert (threat.dep, tokens[threat.head].text) == ("oprd", "called")
    assert next(t for t in _model()(text) if t.text == "drills").pos_ == "VERB"


def test_the_second_half_of_a_hyphened_pair_taken_for_a_subject_is_an_adjective() -> None:
    """ "the Russian-Belarusian drills": the model reads "Belarusian" as the subject of
    a verb "drills"; it is the noun's adjective, the noun the object of "called"."""
    text = "Poland called the Russian-Belarusian drills a threat to regional peace."
    tokens = _parse(text)
    drills = next(t for t in tokens if t.text == "drills")
    half = next(t for t in tokens if t.text == "Belarusian")
    assert (drills.pos, drills.dep) == ("NOUN", "dobj")
    assert (half.dep, half.head) == ("amod", drills.i)
    assert next(t for t in _model()(text) if t.text == "Belarusian").dep_ == "nsubj"


@pytest.mark.parametrize(
    "text",
    [
        "Japan said China drills its pilots for night landings.",
        "The navy regularly drills the crews in damage control.",
    ],
)
def test_a_verb_with_its_own_subject_stays_a_verb(text: str) -> None:
    drills = next(t for t in _parse(text) if t.text == "drills")
    assert drills.pos == "VERB"


@pytest.mark.parametrize(
    ("text", "word", "mended_head", "model_head"),
    [
        # "with X as Y": "as observers" describes the "with" phrase
        (
            "Participants in the drills are the navies of Egypt, Saudi Arabia, Jordan and"
            " Bahrain, with Pakistan and the US as observers.",
            "as",
            "Pakistan",
            "are",
        ),
        # "attended by navy chiefs from ...": "from" belongs to the people of "by"
        (
            "The naval symposium was attended by navy chiefs from Sri Lanka, the Maldives"
            " and Bangladesh.",
            "from",
            "chiefs",
            "attended",
        ),
    ],
)
def test_a_phrase_hung_on_the_verb_goes_to_the_phrase_it_describes(
    text: str, word: str, mended_head: str, model_head: str
) -> None:
    """The model hangs a describing "as" or "from" phrase on the clause's verb; it
    belongs to the phrase right before it."""
    tokens = _parse(text)
    found = next(t for t in tokens if t.text == word)
    assert tokens[found.head].text == mended_head
    assert _model()(text)[found.i].head.text == model_head


def test_a_list_of_long_names_broken_off_is_one_list() -> None:
    """ "delegations from the Sri Lanka Navy, the Royal Malaysian Naval Forces, ...":
    the model hangs the second name on the subject as its apposition; it goes on the
    list the first name begins, with everything after it."""
    text = (
        "The conference was attended by delegations from the Sri Lanka Navy, the Royal "
        "Malaysian Naval Forces, the Royal Brunei Naval Force, the Indonesian Navy and the "
        "Thai Navy."
    )
    tokens = _parse(text)
    forces = next(t for t in tokens if t.text == "Forces")
    first = tokens[forces.head]
    assert (forces.dep, first.text, first.dep) == ("conj", "Navy", "pobj")
    assert tokens[first.head].text == "from"
    model_forces = next(t for t in _model()(text) if t.text == "Forces")
    assert (model_forces.dep_, model_forces.head.text) == ("appos", "conference")


@pytest.mark.parametrize(
    ("text", "word", "mended", "model"),
    [
        # "attended by the chiefs of defence, or their representatives, of ...": the
        # other item of the agent's object, not a verb's
        (
            "The meeting was attended by the chiefs of defence, or their representatives, "
            "of Angola, Botswana and Namibia.",
            "representatives",
            ("conj", "chiefs"),
            ("conj", "attended"),
        ),
        # "Chile and Peru sent platoons, Ecuador a corvette": a subject of the verb left
        # out, one of the verb's
        (
            "Chile and Peru sent infantry platoons, Ecuador a corvette, and Colombia a company.",
            "Ecuador",
            ("conj", "Chile"),
            ("npadvmod", "sent"),
        ),
        # "Observers from Indonesia, the Maldives and Brunei are attending": the next item
        # of the list "Indonesia" begins, not a second subject
        (
            "Observers from Indonesia, the Maldives and Brunei are attending the exercise, "
            "the army said.",
            "Maldives",
            ("conj", "Indonesia"),
            ("nsubj", "attending"),
        ),
    ],
)
def test_a_list_item_the_model_hangs_elsewhere_rejoins_its_list(
    text: str, word: str, mended: tuple[str, str], model: tuple[str, str]
) -> None:
    tokens = _parse(text)
    item = next(t for t in tokens if t.text == word)
    assert (item.dep, tokens[item.head].text) == mended
    read = next(t for t in _model()(text) if t.text == word)
    assert (read.dep_, read.head.text) == model


@pytest.mark.parametrize(
    ("text", "partner"),
    [
        ("Paraguay held military drills near the border with Bolivia on Friday.", "Bolivia"),
        ("The drills, which Peru held near the border with Bolivia, ended on Friday.", "Bolivia"),
    ],
)
def test_the_with_of_a_border_is_the_borders(text: str, partner: str) -> None:
    """ "near the border with Bolivia": the model hangs "with" on the verb, as a
    partner in what it does; the name says whose border it is."""
    tokens = _parse(text)
    with_ = tokens[next(t for t in tokens if t.text == partner).head]
    assert (with_.text, tokens[with_.head].text) == ("with", "border")
    model_with = next(t for t in _model()(text) if t.text == "with")
    assert model_with.head.pos_ == "VERB"


def test_a_with_of_people_after_a_border_stays_the_verbs() -> None:
    """ "near the border with Chilean troops": not a name, so the model's reading stands."""
    tokens = _parse("Peru held drills near the border with Chilean troops.")
    with_ = next(t for t in tokens if t.text == "with")
    model_with = next(
        t
        for t in _model()("Peru held drills near the border with Chilean troops.")
        if t.text == "with"
    )
    assert tokens[with_.head].text == model_with.head.text


def test_the_verb_after_a_relative_clause_is_the_sentences() -> None:
    """ "The exercise, which ..., angered Ankara": the model takes "angered" for a
    participle describing the exercise, which stays the root; it is the verb."""
    text = "The exercise, which Greece and Cyprus held near Turkish waters, angered Ankara."
    tokens = _parse(text)
    angered = next(t for t in tokens if t.text == "angered")
    exercise = next(t for t in tokens if t.text == "exercise")
    assert (angered.dep, exercise.dep, exercise.head) == ("ROOT", "nsubj", angered.i)
    model = {t.text: (t.dep_, t.head.text) for t in _model()(text)}
    assert model["angered"] == ("acl", "exercise")


@pytest.mark.parametrize(
    ("text", "verb", "subject", "obj", "model_reading"),
    [
        # the verb taken for a modifier of its object, the object an apposition
        (
            "The drills, named Sea Breeze Bravo, featured warships from Peru and Chile.",
            "featured",
            "drills",
            "warships",
            ("amod", "warships"),
        ),
        # the verb taken for a second participle on the subject
        (
            "The exercise, run from Lusaka, involved troops from Zambia and Malawi.",
            "involved",
            "exercise",
            "troops",
            ("acl", "exercise"),
        ),
    ],
)
def test_the_verb_after_a_participle_in_commas_is_the_sentences(
    text: str, verb: str, subject: str, obj: str, model_reading: tuple[str, str]
) -> None:
    tokens = _parse(text)
    by_text = {t.text: t for t in tokens}
    root = by_text[verb]
    assert (root.dep, root.head) == ("ROOT", root.i)
    assert (by_text[subject].dep, by_text[subject].head) == ("nsubj", root.i)
    assert (by_text[obj].dep, by_text[obj].head) == ("dobj", root.i)
    assert tokens[-1].head == root.i
    model = {t.text: (t.dep_, t.head.text) for t in _model()(text)}
    assert model[verb] == model_reading


def test_a_participle_in_commas_before_a_finite_verb_stays() -> None:
    """ "The exercise, dubbed Ushirikiano, was held ...": the sentence has its verb."""
    tokens = _parse("The exercise, dubbed Ushirikiano, was held near Lake Victoria.")
    by_text = {t.text: t for t in tokens}
    assert by_text["held"].dep == "ROOT" and by_text["dubbed"].dep == "acl"


def test_a_kind_of_warship_read_as_a_verb_is_part_of_the_ships_name() -> None:
    """ "The Peruvian navy frigate Bolognesi arrived in Manta": the model tags "frigate" as
    a verb whose complement is "Bolognesi arrived ..."; it is a noun in the ship's name."""
    text = "The Peruvian navy frigate Bolognesi arrived in Manta on Monday."
    tokens = _parse(text)
    by_text = {t.text: t for t in tokens}
    assert (by_text["arrived"].dep, by_text["Bolognesi"].dep) == ("ROOT", "nsubj")
    assert (by_text["frigate"].pos, tokens[by_text["frigate"].head].text) == ("NOUN", "Bolognesi")
    model = {t.text: (t.pos_, t.dep_) for t in _model()(text)}
    assert model["frigate"] == ("VERB", "ROOT")


def test_a_kind_of_warship_left_a_noun_root_with_a_subject_is_part_of_the_name() -> None:
    """ "The Brazilian Navy frigate Liberal made a port call": the model leaves "frigate" a
    noun, but the root of the sentence, with "Navy" as its subject and the clause after
    it as its complement: the same misreading as the verb above."""
    text = "The Brazilian Navy frigate Liberal made a port call at Casablanca on Tuesday."
    tokens = _parse(text)
    by_text = {t.text: t for t in tokens}
    assert (by_text["made"].dep, by_text["Liberal"].dep) == ("ROOT", "nsubj")
    assert tokens[by_text["frigate"].head].text == "Liberal"
    model = {t.text: (t.pos_, t.dep_) for t in _model()(text)}
    assert model["frigate"] == ("NOUN", "ROOT")


def test_a_past_tense_right_after_the_root_noun_is_its_verb() -> None:
    """ "The Azerbaijani foreign minister called ...": the model hangs "called" on
    "minister" as a clause describing it; it is the sentence's verb (a participle set
    off by commas, "The exercise, run from Lusaka, ...", stays as the model reads it)."""
    text = (
        "The Azerbaijani foreign minister called Armenia's purchase of Indian howitzers "
        "a dangerous step."
    )
    tokens = _parse(text)
    by_text = {t.text: t for t in tokens}
    assert (by_text["called"].dep, by_text["minister"].dep) == ("ROOT", "nsubj")
    model = {t.text: t.dep_ for t in _model()(text)}
    assert (model["called"], model["minister"]) == ("acl", "ROOT")


def test_a_clause_describing_a_noun_tagged_past_is_a_participle() -> None:
    """ "a naval exercise held off Agadir and in the Atlantic with ...": the model tags
    "held" past tense under "exercise"; with no subject of its own it is a participle,
    so the participants after it are the exercise's."""
    text = (
        "RABAT: The Royal Navy of Morocco on Tuesday concluded Atlas Sea 25, a two-week "
        "multinational naval exercise held off Agadir and in the Atlantic with the "
        "participation of the navies of Spain, Portugal and Senegal."
    )
    by_text = {t.text: t for t in _parse(text)}
    assert (by_text["held"].dep, by_text["held"].tag) == ("acl", "VBN")
    model = {t.text: (t.dep_, t.tag_) for t in _model()(text)}
    assert model["held"] == ("acl", "VBD")


@pytest.mark.parametrize(
    ("text", "verb", "guests"),
    [
        (
            "Fiji has hosted visiting naval vessels from France, India and Chile.",
            "hosted",
            "vessels",
        ),
        ("Tonga hosted visiting warships from Japan and Canada.", "hosted", "warships"),
    ],
)
def test_guests_taken_for_a_gerunds_object_are_what_is_hosted(
    text: str, verb: str, guests: str
) -> None:
    tokens = _parse(text)
    (host,) = [t for t in tokens if t.text == verb]
    (noun,) = [t for t in tokens if t.text == guests]
    (visiting,) = [t for t in tokens if t.text == "visiting"]
    assert noun.dep == "dobj" and noun.head == host.i
    assert visiting.dep == "amod" and visiting.head == noun.i


def test_a_gerund_after_a_verb_that_takes_one_stays_a_clause() -> None:
    tokens = _parse("The minister enjoyed visiting naval bases in Chile.")
    (visiting,) = [t for t in tokens if t.text == "visiting"]
    assert visiting.dep != "amod"


@pytest.mark.parametrize(
    "text",
    [
        "The report cited Kazakhstan's decision earlier this year to buy Turkish drones.",
        "Ghana praised Togo's pledge last week to send troops to the mission.",
    ],
)
def test_an_infinitive_after_a_time_phrase_completes_the_noun_before_it(text: str) -> None:
    tokens = _parse(text)
    (verb,) = [t for t in tokens if t.i > 0 and tokens[t.i - 1].text == "to" and t.pos == "VERB"]
    noun = tokens[verb.head]
    assert noun.lemma in ("decision", "pledge") and verb.dep == "acl"
    # the model hangs the infinitive on the verb: the repair moved it
    assert _model()(text)[verb.i].head.i != noun.i


def test_an_infinitive_after_a_time_phrase_stays_on_a_verb_of_no_plan() -> None:
    tokens = _parse("Ghana sent its officers last week to train in Togo.")
    (verb,) = [t for t in tokens if t.text == "train"]
    assert tokens[verb.head].text == "sent"


@pytest.mark.parametrize(
    ("text", "noun"),
    [
        ("The drills in Zambia, which involved troops from Malawi and Botswana, ended.", "drills"),
        (
            "Peru hosted the exercise in Lima, which brought together sailors from Chile.",
            "exercise",
        ),
    ],
)
def test_a_relative_clause_gathering_people_describes_the_happening_not_its_place(
    text: str, noun: str
) -> None:
    tokens = _parse(text)
    (verb,) = [t for t in tokens if t.dep == "relcl"]
    assert tokens[verb.head].text == noun
    # the model hangs the clause on the place
    assert _model()(text)[verb.i].head.pos_ == "PROPN"


def test_a_relative_clause_on_a_place_that_gathers_no_people_from_elsewhere_stays() -> None:
    tokens = _parse("The talks in Lusaka, which involved a long debate, ended.")
    (verb,) = [t for t in tokens if t.dep == "relcl"]
    assert tokens[verb.head].text == "Lusaka"


def test_a_second_verb_after_a_comma_is_joined_to_the_first() -> None:
    text = "Cambodia demands Thailand cancel border drills, also protests Laos's exercise"
    tokens = _parse(text)
    (verb,) = [t for t in tokens if t.text == "protests"]
    assert verb.dep == "conj" and tokens[verb.head].text == "demands"
    # the model leaves it an unlabelled dependent
    assert _model()(text)[verb.i].dep_ == "dep"


def test_an_of_phrase_of_people_after_a_town_says_whose_the_meeting_is() -> None:
    text = (
        "The drills were preceded by a meeting in Montevideo of the navy commanders"
        " of Uruguay, Paraguay and Bolivia."
    )
    tokens = _parse(text)
    of = next(t for t in tokens if t.text == "of")
    assert tokens[of.head].text == "meeting"
    # the model hangs it on the town
    assert _model()(text)[of.i].head.text == "Montevideo"


def test_an_of_phrase_after_a_place_that_names_no_people_stays() -> None:
    tokens = _parse("The navies patrolled the waters in the Gulf of Guinea.")
    (of,) = [t for t in tokens if t.text == "of"]
    assert tokens[of.head].text == "Gulf"


def test_what_follows_a_semicolon_is_a_clause_of_its_own() -> None:
    text = "Turkish frigates join Libyan navy for Mediterranean drills; Greece, Egypt voice concern"
    tokens = _parse(text)
    (greece,) = [t for t in tokens if t.text == "Greece"]
    assert greece.dep == "parataxis" and tokens[greece.head].text == "join"
    # the model hangs it on the navy
    assert _model()(text)[greece.i].head.text == "navy"


def test_an_unknown_names_first_word_taken_for_the_object_rejoins_its_noun() -> None:
    text = "Kenya, Uganda and Rwanda launched the Ushirikiano Imara exercise in Nairobi."
    tokens = _parse(text)
    by_text = {t.text: t for t in tokens}
    assert (by_text["exercise"].dep, tokens[by_text["exercise"].head].text) == ("dobj", "launched")
    assert tokens[by_text["Ushirikiano"].head].text == "exercise"
    # the model makes "Imara exercise in Nairobi" a second root
    assert [t.text for t in _model()(text) if t.dep_ == "ROOT"] == ["launched", "exercise"]


def test_an_unknown_name_taken_for_a_prepositions_object_rejoins_its_noun() -> None:
    text = (
        "Units from Chad and Niger arrived in Ndjamena for the Sahel Kimbo exercise "
        "with Moroccan instructors."
    )
    tokens, by_text = _parse_by_text(text)
    exercise = by_text["exercise"]
    assert (exercise.pos, exercise.dep, tokens[exercise.head].text) == ("NOUN", "pobj", "for")
    assert tokens[by_text["Kimbo"].head].text == "exercise"
    assert tokens[by_text["the"].head].text == "exercise"
    # the model tags "exercise" a verb, an adverbial clause of "arrived"
    model = {t.text: t for t in _model()(text)}
    assert (model["exercise"].pos_, model["exercise"].dep_) == ("VERB", "advcl")


def test_a_phrase_hung_on_the_part_of_take_part_belongs_to_the_verb() -> None:
    text = (
        "Soldiers from eleven nations are taking part in Exercise Harmattan Spear in "
        "Liberia, including troops from Sierra Leone, Guinea, Gambia and Portugal."
    )
    tokens = _parse(text)
    (including,) = [t for t in tokens if t.text == "including"]
    assert tokens[including.head].text == "taking"
    # the model hangs it on "part"
    assert _model()(text)[including.i].head.text == "part"


def test_a_list_of_states_after_a_colon_belongs_to_the_clause() -> None:
    text = (
        "Army commanders or their deputies from seven member states attended the "
        "closed-door conference at the Joint Staff College: Zambia, Malawi, Botswana, "
        "Namibia, Angola, Mozambique and Zimbabwe."
    )
    tokens, by_text = _parse_by_text(text)
    zambia = by_text["Zambia"]
    assert (zambia.dep, tokens[zambia.head].text) == ("npadvmod", "attended")
    # the model makes the list another name of the college
    model = _model()(text)
    assert (model[zambia.i].dep_, model[zambia.i].head.text) == ("appos", "College")


def test_what_in_addition_to_adds_to_is_listed_with_the_object() -> None:
    text = "It will involve, in addition to Nigerien forces, units from Chad, Mali and Benin."
    tokens, by_text = _parse_by_text(text)
    assert (by_text["units"].dep, tokens[by_text["units"].head].text) == ("dobj", "involve")
    assert (by_text["forces"].dep, tokens[by_text["forces"].head].text) == ("conj", "units")
    # the model makes the object another name of the forces
    model = _model()(text)
    assert (model[by_text["units"].i].dep_, model[by_text["units"].i].head.text) == (
        "appos",
        "forces",
    )


def test_a_list_after_among_them_is_what_among_introduces() -> None:
    text = (
        "Warships of several navies took part in the Coral Trident drills, "
        "among them Fiji, Tonga and New Zealand."
    )
    tokens, by_text = _parse_by_text(text)
    assert (by_text["Fiji"].dep, tokens[by_text["Fiji"].head].text) == ("pobj", "among")
    assert tokens[by_text["among"].head].text == "Warships"  # of those the subject names
    # the model makes "Fiji" a loose dependent of the verb, with "among them" its own
    model = _model()(text)
    assert (model[by_text["Fiji"].i].dep_, model[by_text["Fiji"].i].head.text) == ("dep", "took")


@pytest.mark.parametrize(
    "text",
    [
        # items hung on a name deep in the item before
        "The talks were attended by the Commander of the Army of Chile, General Rosa "
        "Vidal; the Commander of the Army of Peru, General Luis Ortega; the Commander of "
        "the Army of Bolivia, General Juan Mamani; and the Commander of the Army of "
        "Ecuador, General Pablo Ruiz.",
        # an item hung on the verb
        "The seminar was attended by the Chief of the Defence Staff of Ghana, Vice Admiral "
        "Seth Amoama; the Chief of Defence Staff of Togo, General Dadja Maganawe; and the "
        "Chief of the General Staff of Benin, General Fructueux Gbaguidi.",
    ],
)
def test_list_items_after_semicolons_hang_on_the_first_item(text: str) -> None:
    """Items a list separates by semicolons each hang on the first item's head, as the
    model hangs them on a word deep in the item before (or on the verb)."""
    tokens = _parse(text)
    first = next(t for t in tokens if t.dep == "pobj" and tokens[t.head].dep == "agent")
    after = [t.i for t in tokens if t.text == ";"]
    items = [t for t in tokens if t.i > after[0] and t.head == first.i and t.dep == "conj"]
    assert len(items) == len(after)
    model = _model()(text)
    model_first = model[first.i]
    assert sum(1 for t in model if t.head.i == model_first.i and t.dep_ == "conj") < len(after)


def test_a_clause_after_each_semicolon_is_left_alone() -> None:
    """ "...; Peru sent a frigate; Chile sent a corvette": clauses, not list items."""
    text = "The drill began in Lima on Monday; Peru sent a frigate; Chile sent a corvette."
    tokens = _parse(text)
    assert [t.text for t in tokens if t.dep == "conj" and tokens[t.head].text == "Lima"] == []


def test_the_subject_after_according_to_is_the_verbs() -> None:
    """ "According to the navy, ships and teams from Peru ... took part": the model
    joins "ships" to "the navy" as another item; it is the verb's subject."""
    text = (
        "According to the navy, ships and teams from Peru, Chile and Ecuador took part in "
        "the sea phase."
    )
    by_text = {t.text: t for t in _parse(text)}
    assert (by_text["ships"].dep, by_text["ships"].head) == ("nsubj", by_text["took"].i)
    assert by_text["from"].head == by_text["ships"].i
    assert by_text["navy"].dep == "pobj"
    model = {t.text: (t.dep_, t.head.text) for t in _model()(text)}
    assert model["ships"] == ("conj", "navy")


def test_an_adjective_taken_for_the_complement_joins_its_noun() -> None:
    """ "called the US-South Korean drills a rehearsal": the model takes "Korean" for
    the complement and "drills" for a second verb; "drills" is the object."""
    text = "North Korea's state media called the US-South Korean drills a rehearsal for invasion."
    by_text = {t.text: t for t in _parse(text)}
    called = by_text["called"]
    assert (by_text["drills"].pos, by_text["drills"].dep) == ("NOUN", "dobj")
    assert by_text["drills"].head == called.i
    assert (by_text["Korean"].dep, by_text["Korean"].head) == ("amod", by_text["drills"].i)
    assert (by_text["rehearsal"].dep, by_text["rehearsal"].head) == ("oprd", called.i)
    assert by_text["the"].head == by_text["drills"].i
    model = {t.text: (t.dep_, t.head.text) for t in _model()(text)}
    assert model["drills"] == ("conj", "called")


def test_judged_as_hangs_on_the_judging_verb() -> None:
    """ "described the drills held by Kosovo and Albania as a provocation": the "as"
    the model hangs on "held" says what the minister takes the drills for."""
    text = (
        "Serbia's defence minister described the drills held by Kosovo and Albania as a "
        "provocation."
    )
    by_text = {t.text: t for t in _parse(text)}
    assert by_text["as"].head == by_text["described"].i
    model = {t.text: (t.dep_, t.head.text) for t in _model()(text)}
    assert model["as"] == ("prep", "held")
    # under a verb that judges nothing, the "as" stays where the model hangs it
    other = "The navy bought the ships built by Korea as a gift."
    parsed = _parse(other)
    (as_word,) = [t for t in parsed if t.text == "as"]
    (model_as,) = [t for t in _model()(other) if t.text == "as"]
    assert parsed[as_word.head].text == model_as.head.text


def test_an_object_after_a_phrase_of_manner_is_the_verbs() -> None:
    """ "observes with concern the deployment of ...": the model takes the object for
    another name of "concern"; it is what is observed. A name after a noun with no
    determiner ("met with his counterpart Lloyd Austin") stays as the model reads it."""
    text = (
        "Panama's foreign ministry said it observes with concern the deployment of "
        "Colombian troops near the border."
    )
    by_text = {t.text: t for t in _parse(text)}
    assert (by_text["deployment"].dep, by_text["deployment"].head) == (
        "dobj",
        by_text["observes"].i,
    )
    model = {t.text: (t.dep_, t.head.text) for t in _model()(text)}
    assert model["deployment"] == ("appos", "concern")
    other = "Chile's defence minister met with his counterpart Lloyd Austin in Washington."
    parsed = {t.text: (t.dep, t.head) for t in _parse(other)}
    model_other = {t.text: (t.dep_, t.head.i) for t in _model()(other)}
    assert parsed["Austin"] == model_other["Austin"]


def test_a_subject_hung_on_the_auxiliary_goes_to_the_verb() -> None:
    """ "Turkey had for a long time trained Libyan officers": the model hangs the
    subject and the time phrase on "had"; both belong to "trained"."""
    text = "Turkey had for a long time trained Libyan officers."
    by_text = {t.text: t for t in _parse(text)}
    assert (by_text["Turkey"].dep, by_text["Turkey"].head) == ("nsubj", by_text["trained"].i)
    assert by_text["for"].head == by_text["trained"].i
    model = {t.text: (t.dep_, t.head.text) for t in _model()(text)}
    assert model["Turkey"] == ("nsubj", "had")


def test_as_a_bare_plural_before_a_closing_speaker_is_what_the_verb_is_done_as() -> None:
    text = (
        "Representatives of Norway and Denmark attended the final sessions as observers, "
        "the Press Office of the Finnish Navy said."
    )
    tokens, by_text = _parse_by_text(text)
    said, attended = by_text["said"], by_text["attended"]
    assert _root(tokens) == said
    assert attended.dep == "ccomp" and attended.head == said.i
    assert by_text["as"].dep == "prep" and by_text["as"].head == attended.i
    assert by_text["observers"].dep == "pobj" and by_text["observers"].head == by_text["as"].i
    assert by_text["Office"].dep == "nsubj" and by_text["Office"].head == said.i
    # the model's own reading: "as observers ... said" a clause of its own
    model = _model()(text)
    assert next(t for t in model if t.text == "as").dep_ == "mark"


def test_as_the_speaker_with_a_determiner_stays_a_clause_of_saying() -> None:
    text = "The drills will go ahead, as the minister, Ana Ruiz, said on Monday."
    model = _read_as_the_model_reads(text)
    assert next(t for t in model if t.text == "as").dep_ == "mark"


def test_a_participle_right_after_the_subjects_name_in_commas_is_the_verb() -> None:
    text = (
        "The commander of the Indian naval squadron, Rear Admiral Rajesh Kumar, called on "
        "the Chief of the Naval Staff of Sri Lanka."
    )
    tokens, by_text = _parse_by_text(text)
    called = by_text["called"]
    assert _root(tokens) == called
    assert by_text["commander"].dep == "nsubj" and by_text["commander"].head == called.i
    # the model's own reading: the noun the root, "called" a participle describing it
    model = _model()(text)
    assert next(t for t in model if t.dep_ == "ROOT").text == "commander"


def test_a_with_of_officials_after_a_place_is_the_meetings() -> None:
    text = "Chile's army chief held talks at the Ritz Hotel with Peru's army commander."
    _, by_text = _parse_by_text(text)
    # on what holds the place's "at" ("talks"), as the parser reads a short sentence
    assert by_text["with"].head == by_text["at"].head
    # the model's own reading: the hotel is "with" the commander
    model = _model()(text)
    assert next(t for t in model if t.text == "with").head.text == "Hotel"


def test_a_with_of_things_after_a_place_stays_the_places() -> None:
    text = "The ministers met at the Ritz Hotel with its new conference hall."
    _read_as_the_model_reads(text)


@pytest.mark.parametrize(
    ("text", "subject", "verb"),
    [
        ("In Lima, army chiefs of Peru and Chile signed a memorandum.", "chiefs", "signed"),
        (
            "At the meeting in Quito, the defence ministers of Ecuador and Colombia agreed "
            "to hold joint patrols.",
            "ministers",
            "agreed",
        ),
    ],
)
def test_a_subject_taken_for_another_name_of_the_opening_place_is_the_verbs(
    text: str, subject: str, verb: str
) -> None:
    _, by_text = _parse_by_text(text)
    assert by_text[subject].dep == "nsubj" and by_text[subject].head == by_text[verb].i
    # the model's own reading: the people another name of the place before the comma
    model = _model()(text)
    assert next(t for t in model if t.text == subject).dep_ == "appos"


def test_a_real_apposition_after_an_opening_place_stays_one() -> None:
    # "the capital of Peru" ends at a comma, not at the verb, which has its subject
    model = _read_as_the_model_reads(
        "In Lima, the capital of Peru, the army chiefs signed a memorandum."
    )
    assert next(t for t in model if t.text == "capital").dep_ == "appos"


def test_a_clause_on_the_name_right_after_its_noun_describes_the_noun() -> None:
    text = "The naval exercise Sea Lance 24, hosted by Ghana and Togo, began on Monday."
    _, by_text = _parse_by_text(text)
    assert by_text["hosted"].head == by_text["exercise"].i
    # the model's own reading: the clause hangs on the name
    model = _model()(text)
    assert next(t for t in model if t.dep_ == "acl").head.text == "Lance"


def test_a_second_past_tense_joined_to_a_gerund_is_the_first_verbs_item() -> None:
    text = (
        "The ministry accused Paris of pursuing a policy of militarisation in the region "
        "and accused Yerevan of preparing for new provocations."
    )
    tokens, _ = _parse_by_text(text)
    first, second = (t for t in tokens if t.text == "accused")
    assert second.dep == "conj" and second.head == first.i
    # the model's own reading: the second verb an item of "pursuing"
    model = _model()(text)
    assert [t for t in model if t.text == "accused"][1].head.text == "pursuing"


def test_company_of_the_subject_set_off_before_the_verb_adds_to_the_subject() -> None:
    text = "Japan, along with Australia, voiced concern over the Chinese drills."
    _, by_text = _parse_by_text(text)
    assert by_text["along"].head == by_text["Japan"].i
    # the model's own reading: "along with" a phrase of the verb
    model = _model()(text)
    assert next(t for t in model if t.text == "along").head.text == "voiced"


def test_mine_countermeasures_parses_as_one_noun_before_the_drill() -> None:
    text = "Six navies concluded the mine countermeasures exercise Baltic Sweep off Gdansk."
    _, by_text = _parse_by_text(text)
    exercise = by_text["exercise"]
    assert (exercise.pos, exercise.dep) == ("NOUN", "dobj")
    assert exercise.head == by_text["concluded"].i
    # read as one word, kept as written
    assert by_text["mine countermeasures"].head == exercise.i
    # the model's own reading: "countermeasures" a verb whose subject is "mine"
    model = _model()(text)
    assert next(t for t in model if t.text == "mine").dep_ == "nsubj"


def test_a_drill_noun_after_a_compound_with_a_determiner_is_a_noun() -> None:
    _, by_text = _parse_by_text("Chile and Peru completed the mine countermeasures exercise.")
    assert by_text["exercise"].pos == "NOUN"


def test_a_real_clause_after_a_verb_stays_a_clause() -> None:
    _, by_text = _parse_by_text("Officials said the navy trains cadets every summer.")
    assert by_text["trains"].pos == "VERB"


def test_a_gathering_relative_past_a_place_and_a_time_is_the_last_nouns() -> None:
    text = (
        "The decision was taken at the exercise in Accra last week, which brought "
        "together troops from Ghana, Togo and Benin."
    )
    _, by_text = _parse_by_text(text)
    assert by_text["brought"].head == by_text["exercise"].i
    # the model's own reading: the clause on "decision", the sentence's subject
    model = _model()(text)
    assert next(t for t in model if t.text == "brought").head.text == "decision"


def test_a_relative_on_the_noun_it_follows_stays_there() -> None:
    _, by_text = _parse_by_text(
        "Kenya hosted the summit, which brought together army chiefs from Uganda and Rwanda."
    )
    assert by_text["brought"].head == by_text["summit"].i


def test_a_drill_name_read_as_an_imperative_is_the_verbs_subject() -> None:
    text = "Exercise Nordic Bastion started in Lapland on Tuesday with troops from Finland."
    _, by_text = _parse_by_text(text)
    assert by_text["started"].dep == "ROOT"
    assert by_text["Bastion"].head == by_text["started"].i
    assert by_text["Exercise"].head == by_text["Bastion"].i
    # the model's own reading: "Exercise" an imperative taking "Nordic Bastion"
    model = _model()(text)
    assert model[0].dep_ == "ROOT"


def test_a_subject_taken_for_more_items_of_the_opening_list_is_the_verbs() -> None:
    text = "At the end of the meeting, Mensah, Adjei and Kone signed a memorandum on joint patrols."
    _, by_text = _parse_by_text(text)
    assert by_text["Mensah"].head == by_text["signed"].i
    assert by_text["Mensah"].dep == "nsubj"
    # the model's own reading: the names more items after "meeting"
    model = _model()(text)
    assert next(t for t in model if t.text == "Mensah").head.text == "meeting"
