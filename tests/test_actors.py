"""Actor mentions and officials read from text alone (no parser): pactwatch.actors.

Each case is a phrase written for this file, with the actors it must (and must
not) yield. Sentence-level readings that need the parser (a list of demonyms, a
weak company name) are in tests/cases/extraction_cases.yaml.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pactwatch.actors import find_mentions, load_actor_lexicon
from pactwatch.actors.lexicon import PACKAGED, build_actor_lexicon
from pactwatch.events.context import find_officials, opening_official
from pactwatch.events.lexicon import load_cues


def mentioned(text: str) -> list[tuple[str, str, str]]:
    """(text, code, kind) of every mention, in order."""
    return [(m.text, m.code, m.kind) for m in find_mentions(text, load_actor_lexicon())]


def codes(text: str) -> list[str]:
    return [code for _, code, _ in mentioned(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a place that contains a state's name is not that state
        ("Frigates patrolled the East China Sea for a week.", []),
        ("Tankers were seized in the Gulf of Oman in May.", []),
        ("Beijing's claims in the South China Sea grew.", ["CHN"]),
        ("Destroyers crossed the Taiwan Strait at dawn.", []),
        ("The drills near the Korean Peninsula ended.", []),
        ("A test range in New Mexico hosted the launch.", []),
        ("Oil spills in the Niger Delta were reported.", []),
        ("Cadets from Fort Benning, Georgia, flew home.", []),
        ("Georgia's parliament voted on the treaty.", ["GEO"]),
        # the longest name wins over the state inside it
        ("Guinea-Bissau and Guinea signed a pact.", ["GNB", "GIN"]),
        ("Troops from Papua New Guinea landed.", ["PNG"]),
        ("Nigeria and Niger closed the border.", ["NGA", "NER"]),
        # a letter after an apostrophe continues the word: the city of Xi'an
        ("The convoy left Xi'an at noon.", []),
    ],
)
def test_places_and_longest_names(text: str, expected: list[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # distinctive surnames stand alone
        ("Lukashenko said the drills would go ahead.", [("Lukashenko", "BLR", "official")]),
        ("Sheinbaum rejected the request.", [("Sheinbaum", "MEX", "official")]),
        # common surnames need a title ...
        ("President Marcos toured the base.", [("Marcos", "PHL", "official")]),
        ("Defense Secretary Austin landed.", [("Austin", "USA", "official")]),
        ("Austin is a city in Texas.", []),
        # ... or the full name somewhere in the same text
        (
            "Bongbong Marcos arrived. Marcos then spoke.",
            [("Bongbong Marcos", "PHL", "official"), ("Marcos", "PHL", "official")],
        ),
        # a leader's government, administration or cabinet is that state's government
        (
            "The Obama administration froze the deal.",
            [("Obama administration", "USA", "government")],
        ),
        ("Meloni's government approved it.", [("Meloni's government", "ITA", "government")]),
        ("The Ishiba cabinet met.", [("Ishiba cabinet", "JPN", "government")]),
        ("The Tinubu-led government agreed.", [("Tinubu-led government", "NGA", "government")]),
        # a common surname before a government word needs no title
        ("The Morrison government signed.", [("Morrison government", "AUS", "government")]),
    ],
)
def test_leaders(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert mentioned(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Kenyan Army trained recruits.", ("Kenyan Army", "KEN", "military")),
        ("The Royal Thai Navy sailed.", ("Royal Thai Navy", "THA", "military")),
        ("the Peruvian navy ships", ("Peruvian navy", "PER", "military")),
        ("The Chilean Air Force flew.", ("Chilean Air Force", "CHL", "military")),
        ("The Egyptian Armed Forces said.", ("Egyptian Armed Forces", "EGY", "military")),
        (
            "the Ministry of Defence of Estonia said",
            ("Ministry of Defence of Estonia", "EST", "military"),
        ),
        ("the Armed Forces of Senegal", ("Armed Forces of Senegal", "SEN", "military")),
        ("The Polish government agreed.", ("Polish government", "POL", "government")),
        ("the Turkish Foreign Ministry said", ("Turkish Foreign Ministry", "TUR", "government")),
        ("the Government of Ghana said", ("Government of Ghana", "GHA", "government")),
        # a body word that opens a longer proper name is not the force itself
        ("the Kenyan Army Chief said", ("Kenyan", "KEN", "state")),
        # named forces with no state word come from institutions.yaml
        ("the Bundeswehr said", ("Bundeswehr", "DEU", "military")),
        # a service's acronym joined by a hyphen is one name, not the African Union
        ("jets of the TNI-AU flew", ("TNI-AU", "IDN", "military")),
        # a state's security council is not the UN's
        ("the Serbian Security Council met", ("Serbian Security Council", "SRB", "government")),
        (
            "the National Security Council of Kenya met",
            ("National Security Council of Kenya", "KEN", "government"),
        ),
    ],
)
def test_forces_and_ministries(text: str, expected: tuple[str, str, str]) -> None:
    assert mentioned(text) == [expected]


@pytest.mark.parametrize(
    ("text", "members"),
    [
        ("the Gulf states", {"SAU", "ARE", "QAT", "KWT", "BHR", "OMN"}),
        ("the Central Asian republics", {"KAZ", "KGZ", "TJK", "TKM", "UZB"}),
        ("the AUKUS partners", {"AUS", "GBR", "USA"}),
        ("the Alliance of Sahel States", {"MLI", "BFA", "NER"}),
        ("the Benelux countries", {"BEL", "NLD", "LUX"}),
    ],
)
def test_groups_stand_for_their_members(text: str, members: set[str]) -> None:
    [mention] = find_mentions(text, load_actor_lexicon())
    assert mention.kind == "group"
    assert set(mention.form.entry.members) == members


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sino-Russian drills", [("Sino", "CHN"), ("Russian", "RUS")]),
        ("the Indo-US talks", [("Indo", "IND"), ("US", "USA")]),
        ("Franco-German tanks", [("Franco", "FRA"), ("German", "DEU")]),
        # a combining form is read only before another state's form
        ("the Indo-Pacific region", []),
        ("General Franco", []),
        ("Sino-Sino", []),
    ],
)
def test_combining_forms_before_a_hyphen(text: str, expected: list[tuple[str, str]]) -> None:
    mentions = find_mentions(text, load_actor_lexicon())
    assert [(m.text, m.code) for m in mentions] == expected


@pytest.mark.parametrize(
    ("published", "code"),
    [(date(2023, 5, 2), "NLD"), (date(2025, 5, 2), "NATO"), (None, "NATO")],
)
def test_a_leader_who_changed_office_is_read_by_the_date(published: date | None, code: str) -> None:
    """Rutte led the Netherlands, then NATO from October 2024; undated: the latest."""
    found = find_mentions(
        "Rutte said allies would send more air defence.", load_actor_lexicon(), published=published
    )
    assert [(m.text, m.code) for m in found] == [("Rutte", code)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a backer is not the actor it backs
        ("troops of the UN-backed government", []),
        ("a Qatar-brokered truce held", []),
        ("the Iranian-backed militia", []),
        ("a NATO-like alliance in the region", []),
        ("the Saudi-led coalition", ["SAU"]),
        ("Russian-based entities", ["RUS"]),
        # "NATO ally Slovakia": the party is Slovakia
        ("tanks for NATO ally Slovakia", ["SVK"]),
        ("EU member states agreed", ["EU"]),
        # a National Security Council with no state named is nobody's
        ("the National Security Council met", []),
    ],
)
def test_names_that_describe_another_actor(text: str, expected: list[str]) -> None:
    assert codes(text) == expected


def test_a_weak_company_name_is_the_company_once_named_in_full() -> None:
    text = "Rafael Advanced Defense Systems won the tender. Rafael will deliver in May."
    found = find_mentions(text, load_actor_lexicon())
    assert [(m.code, m.form.weak) for m in found] == [("ISR", False), ("ISR", False)]
    alone = find_mentions("Rafael will deliver in May.", load_actor_lexicon())
    assert [m.form.weak for m in alone] == [True]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # unknown to the lexicon: the text's definition makes it an actor
        (
            "The Armed Forces of Malta (AFM) said the AFM would grow.",
            [("Armed Forces of Malta", "MLT"), ("AFM", "MLT"), ("AFM", "MLT")],
        ),
        # defined before the name
        (
            "The AFM (Armed Forces of Malta) grew. The AFM bought boats.",
            [("AFM", "MLT"), ("Armed Forces of Malta", "MLT"), ("AFM", "MLT")],
        ),
        # known as another actor (the Syrian Democratic Forces): the definition wins
        (
            "The Seychelles Defence Forces (SDF) thanked Japan. The SDF got a boat.",
            [
                ("Seychelles Defence Forces", "SYC"),
                ("SDF", "SYC"),
                ("Japan", "JPN"),
                ("SDF", "SYC"),
            ],
        ),
        # a body named in full, then by its initials
        (
            "The Ghana Air Force said so. Italy will train 20 GAF cadets.",
            [("Ghana Air Force", "GHA"), ("Italy", "ITA"), ("GAF", "GHA")],
        ),
        (
            "The Armed Forces of the Philippines thanked Japan. The AFP said so.",
            [("Armed Forces of the Philippines", "PHL"), ("Japan", "JPN"), ("AFP", "PHL")],
        ),
        # two words give no initials worth reading
        ("The Indian Navy sailed. IN ships docked.", [("Indian Navy", "IND")]),
    ],
)
def test_an_acronym_the_text_defines_or_spells_stands_for_that_actor(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert [(t, code) for t, code, _ in mentioned(text)] == expected


def test_an_acronym_undefined_keeps_its_lexicon_sense() -> None:
    assert codes("The SDF took Raqqa.") == ["SDF"]


def officials(text: str) -> dict[str, tuple[str, str | None]]:
    mentions = find_mentions(text, load_actor_lexicon())
    cues = load_cues()
    found = find_officials(text, mentions, cues.titles, cues.state_forms, cues.place_features)
    return {name: (actor.country, actor.title) for name, actor in found.items()}


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        ("Defence Minister Marta Ruiz of Uruguay met them.", "Ruiz", "URY"),
        ("Ilkka Lahti, Finnish defence minister, said so.", "Lahti", "FIN"),
        ("Bolivia's top general Rene Quispe flew in.", "Quispe", "BOL"),
        ("Piotr Nowak, who heads Poland's navy, spoke.", "Nowak", "POL"),
        ("the inspector of the Land Forces of Latvia Ivars Ozols said", "Ozols", "LVA"),
        ("Japanese Foreign Minister Akira Sato said", "Sato", "JPN"),
        # family name first: the first word is the surname a later sentence uses
        ("Taiwan's defence minister Chen Ming-hao said", "Chen", "TWN"),
        ("China's defence minister Zhao Wenlong said", "Zhao", "CHN"),
    ],
)
def test_officials_introduced_with_a_title(text: str, name: str, code: str) -> None:
    found = officials(text)
    assert name in found
    assert found[name][0] == code


@pytest.mark.parametrize(
    "text",
    [
        "Aid came from the Peruvian chief. Luis Morales approved it.",
        "They spoke with the Peruvian chief. The Morales cabinet approved it.",
    ],
)
def test_a_title_does_not_run_into_the_next_sentence(text: str) -> None:
    """ "chief." ends a sentence: it is no title of the name opening the next one,
    and "The Morales" is no name."""
    assert not officials(text)


def test_a_states_long_name_is_nobodys_name() -> None:
    text = (
        "He met the Chairman of the Joint Chiefs of Staff Committee of the Islamic "
        "Republic of Pakistan."
    )
    assert "Republic" not in officials(text)


def test_a_place_after_a_force_is_nobodys_name() -> None:
    """ "the Royal Thai Navy in the Andaman Sea": a sea, so a later "South China Sea"
    names no Thai official called "Sea"."""
    assert not officials("INS Kadmatt exercised with the Royal Thai Navy in the Andaman Sea.")


def test_a_name_does_not_run_into_the_next_sentence() -> None:
    """ "Rear Admiral Jean Rakoto. Representatives of Norway": a sentence ends inside
    the capitalised words before "of Norway", so they name no official of Norway."""
    text = "The host was Rear Admiral Jean Rakoto. Representatives of Norway attended."
    assert not officials(text)
    # an initial ends no sentence
    assert officials("Rear Admiral Jean P. Rakoto of Norway attended.")["Rakoto"][0] == "NOR"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ghana's navy chief hosted the conference.", ("GHA", "Ghana's navy chief")),
        (
            "The Colombian defence minister, Ana Torres, flew to Lima.",
            ("COL", "Colombian defence minister"),
        ),
        # a state that is no official's, or named after the sentence opens
        ("Kenya hosted the talks.", None),
        ("On Monday, Kenya's army chief flew to Kampala.", None),
    ],
)
def test_the_official_a_sentence_opens_with(text: str, expected: tuple[str, str] | None) -> None:
    mentions = find_mentions(text, load_actor_lexicon())
    found = opening_official(text, 0, mentions, load_cues().hosted_people)
    assert (found and (found.country, found.text)) == expected


def test_a_user_directory_adds_leaders_and_words(tmp_path: Path) -> None:
    """The leaders file is data a user extends; their words and people add to ours."""
    (tmp_path / "leaders.yaml").write_text(
        "- {code: ISL, name: Sigrun Eiriksdottir, alone: [Eiriksdottir],"
        " offices: [Prime Minister 2030-]}\n",
        encoding="utf-8",
    )
    (tmp_path / "actor_words.yaml").write_text("military: [Home Guard]\n", encoding="utf-8")
    lexicon = build_actor_lexicon([PACKAGED, tmp_path])
    found = find_mentions("Eiriksdottir met the Danish Home Guard.", lexicon)
    assert [(m.text, m.code, m.kind) for m in found] == [
        ("Eiriksdottir", "ISL", "official"),
        ("Danish Home Guard", "DNK", "military"),
    ]
