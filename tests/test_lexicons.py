"""Integrity checks for the actor lexicons in src/pactwatch/lexicons/.

The lexicons are data a user extends by hand, so these tests read the YAML
directly (not through the package loader) and guard what the resolver relies on:
required fields, known codes, and one owner per surface form.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

LEXICON_DIR = Path(__file__).resolve().parents[1] / "src" / "pactwatch" / "lexicons"

Entry = dict[str, Any]

#: Keys each file must have, and every key it may have.
REQUIRED_KEYS: dict[str, frozenset[str]] = {
    "countries": frozenset({"code", "name"}),
    "organizations": frozenset({"code", "name"}),
    "armed_groups": frozenset({"code", "name", "base"}),
    "institutions": frozenset({"code", "name", "kind"}),
    "companies": frozenset({"code", "name"}),
    "groups": frozenset({"code", "name", "members"}),
    "leaders": frozenset({"code", "name", "offices"}),
}
ALLOWED_KEYS: dict[str, frozenset[str]] = {
    "countries": frozenset({"code", "name", "aliases", "adjectives", "capitals", "ports", "weak"}),
    "organizations": frozenset({"code", "name", "aliases", "adjectives", "weak", "members"}),
    "armed_groups": frozenset({"code", "name", "base", "aliases", "adjectives", "weak"}),
    "institutions": frozenset({"code", "name", "kind", "aliases", "weak"}),
    "companies": frozenset({"code", "name", "aliases", "weak"}),
    "groups": frozenset({"code", "name", "aliases", "weak", "members"}),
    "leaders": frozenset({"code", "name", "aliases", "alone", "surnames", "offices", "since"}),
}
LEXICONS = tuple(REQUIRED_KEYS)
FORM_KEYS = ("aliases", "adjectives", "capitals", "ports", "alone", "surnames")
LIST_KEYS = (*FORM_KEYS, "weak", "members", "offices")
INSTITUTION_KINDS = frozenset({"government", "military"})

#: Files whose `code` names the entry itself, so it must be unique there.
#: Institutions and companies use `code` for their state, which many share.
SELF_CODED = ("countries", "organizations", "armed_groups", "groups")

#: Surface forms allowed under more than one entry, each with the reason. The
#: resolver cannot choose between owners, so keep this empty unless the clash is
#: harmless (both owners resolve to the same state). Ambiguous forms such as
#: "Congolese" or "Korean" instead go under the more frequent referent.
SHARED_FORMS: dict[str, str] = {}


def code_set(block: str) -> frozenset[str]:
    """Read a whitespace-separated block of codes, kept compact for review."""
    return frozenset(block.split())


#: The 193 UN member states (ISO 3166-1 alpha-3).
UN_MEMBERS = code_set(
    """
    AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN
    BOL BIH BWA BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI
    CIV HRV CUB CYP CZE PRK COD DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI
    FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN
    IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU
    LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU
    NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR
    MDA ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM
    ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA
    UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB ZWE
    """
)
#: States outside the UN that the spec or the lexicon brief names explicitly.
EXTRA_STATES = code_set("TWN XKX PSE VAT")


@cache
def load(lexicon: str) -> tuple[Entry, ...]:
    """Parse one lexicon file once per test session."""
    with (LEXICON_DIR / f"{lexicon}.yaml").open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    assert isinstance(data, list), f"{lexicon}.yaml must be a YAML list"
    return tuple(data)


def surface_forms(entry: Entry) -> list[str]:
    """Every string the matcher looks for in text, for one entry."""
    return [entry["name"], *(form for key in FORM_KEYS for form in entry.get(key) or [])]


def entry_label(lexicon: str, entry: Entry) -> str:
    return f"{lexicon}:{entry['code']}:{entry['name']}"


def country_codes() -> frozenset[str]:
    return frozenset(entry["code"] for entry in load("countries"))


@cache
def form_index() -> dict[str, list[tuple[str, Entry]]]:
    """Map each surface form to every (lexicon, entry) that lists it."""
    index: dict[str, list[tuple[str, Entry]]] = defaultdict(list)
    for lexicon in LEXICONS:
        for entry in load(lexicon):
            for form in set(surface_forms(entry)):
                index[form].append((lexicon, entry))
    for place in load("places"):
        for form in {place["name"], *(place.get("aliases") or [])}:
            index[form].append(("places", {"code": place["not"], "name": place["name"]}))
    return dict(index)


def all_entries() -> list[tuple[str, Entry]]:
    return [(lexicon, entry) for lexicon in LEXICONS for entry in load(lexicon)]


@pytest.mark.parametrize("lexicon", LEXICONS)
def test_file_is_a_non_empty_list_of_mappings(lexicon: str) -> None:
    entries = load(lexicon)
    assert entries
    assert all(isinstance(entry, dict) for entry in entries)


@pytest.mark.parametrize("lexicon", LEXICONS)
def test_entries_have_required_and_only_known_keys(lexicon: str) -> None:
    for entry in load(lexicon):
        keys = set(entry)
        assert REQUIRED_KEYS[lexicon] <= keys, (entry, REQUIRED_KEYS[lexicon] - keys)
        assert keys <= ALLOWED_KEYS[lexicon], (entry, keys - ALLOWED_KEYS[lexicon])


@pytest.mark.parametrize("lexicon", LEXICONS)
def test_scalar_fields_are_non_empty_strings(lexicon: str) -> None:
    for entry in load(lexicon):
        for key in ("code", "name", "base", "kind"):
            if key in entry:
                value = entry[key]
                assert isinstance(value, str), (entry, key)
                assert value and value == value.strip(), (entry, key)


@pytest.mark.parametrize("lexicon", LEXICONS)
def test_list_fields_hold_clean_strings(lexicon: str) -> None:
    """Catches YAML surprises such as `No` turning into False."""
    for entry in load(lexicon):
        for key in LIST_KEYS:
            values = entry.get(key)
            if values is None:
                continue
            assert isinstance(values, list), (entry["code"], key)
            for value in values:
                assert isinstance(value, str), (entry["code"], key, value)
                assert value == value.strip() and "  " not in value, (entry["code"], value)
                assert value, (entry["code"], key)


def test_all_un_members_and_named_non_members_are_present() -> None:
    assert len(UN_MEMBERS) == 193
    assert country_codes() >= UN_MEMBERS | EXTRA_STATES
    assert country_codes() <= UN_MEMBERS | EXTRA_STATES


def test_country_codes_are_iso_alpha3() -> None:
    for code in country_codes():
        assert len(code) == 3 and code.isupper() and code.isalpha(), code


@pytest.mark.parametrize("lexicon", SELF_CODED)
def test_codes_are_unique_within_file(lexicon: str) -> None:
    codes = [entry["code"] for entry in load(lexicon)]
    assert len(codes) == len(set(codes)), sorted(c for c in set(codes) if codes.count(c) > 1)


def test_actor_codes_do_not_collide_with_country_codes() -> None:
    actor_codes = {entry["code"] for lexicon in SELF_CODED[1:] for entry in load(lexicon)}
    assert not actor_codes & country_codes()


@pytest.mark.parametrize("lexicon", ["institutions", "companies", "leaders"])
def test_names_are_unique_within_file(lexicon: str) -> None:
    names = [entry["name"] for entry in load(lexicon)]
    assert len(names) == len(set(names))


def test_no_form_is_repeated_within_an_entry() -> None:
    for lexicon, entry in all_entries():
        forms = surface_forms(entry)
        assert len(forms) == len(set(forms)), entry_label(lexicon, entry)


def test_no_surface_form_belongs_to_two_entries() -> None:
    clashes = {
        form: [entry_label(lexicon, entry) for lexicon, entry in owners]
        for form, owners in form_index().items()
        if len(owners) > 1 and form not in SHARED_FORMS
    }
    assert not clashes


def test_shared_forms_allow_list_is_not_stale() -> None:
    for form in SHARED_FORMS:
        assert len(form_index().get(form, [])) > 1, form


def test_weak_forms_are_forms_of_the_same_entry() -> None:
    for lexicon, entry in all_entries():
        missing = set(entry.get("weak") or []) - set(surface_forms(entry))
        assert not missing, (entry_label(lexicon, entry), missing)


@pytest.mark.parametrize("lexicon", ["institutions", "companies"])
def test_institution_and_company_codes_are_countries(lexicon: str) -> None:
    unknown = {entry["code"] for entry in load(lexicon)} - country_codes()
    assert not unknown


def test_armed_group_bases_are_countries() -> None:
    unknown = {entry["base"] for entry in load("armed_groups")} - country_codes()
    assert not unknown


def test_institution_kinds_are_known() -> None:
    kinds = {entry["kind"] for entry in load("institutions")}
    assert kinds <= INSTITUTION_KINDS


def test_organisation_members_are_distinct_countries() -> None:
    for entry in load("organizations"):
        members = entry.get("members") or []
        assert len(members) == len(set(members)), entry["code"]
        assert set(members) <= country_codes(), (entry["code"], set(members) - country_codes())


def test_groups_stand_for_two_or_more_distinct_states() -> None:
    """A group ("the Baltic states") is read as its members, so they must be states."""
    for entry in load("groups"):
        members = entry.get("members") or []
        assert len(members) >= 2, entry["code"]
        assert len(members) == len(set(members)), entry["code"]
        assert set(members) <= country_codes(), (entry["code"], set(members) - country_codes())


@pytest.mark.parametrize(
    ("organisation", "size"),
    [("NATO", 32), ("EU", 27), ("GCC", 6), ("CSTO", 6), ("ASEAN", 11)],
)
def test_organisation_membership_size(organisation: str, size: int) -> None:
    by_code = {entry["code"]: entry for entry in load("organizations")}
    assert len(by_code[organisation]["members"]) == size


@pytest.mark.parametrize(
    ("group", "size"), [("AUKUS", 3), ("QUAD", 4), ("GULF_STATES", 6), ("CENTRAL_ASIA", 5)]
)
def test_group_membership_size(group: str, size: int) -> None:
    by_code = {entry["code"]: entry for entry in load("groups")}
    assert len(by_code[group]["members"]) == size


def test_leaders_serve_a_known_state_or_organisation() -> None:
    known = country_codes() | {entry["code"] for entry in load("organizations")}
    served = {entry["code"] for entry in load("leaders")}
    served |= {code for entry in load("leaders") for code in entry.get("since") or {}}
    assert not served - known


OFFICE = re.compile(r"\S.* (?:19|20)\d\d(?:-(?:(?:19|20)\d\d)?)?")


def test_leader_offices_say_what_and_when() -> None:
    """ "Defence Minister 2019-2022": the file documents the years it covers."""
    for entry in load("leaders"):
        offices = entry["offices"]
        assert offices, entry["name"]
        for office in offices:
            assert OFFICE.fullmatch(office), (entry["name"], office)


def test_a_surname_is_read_alone_or_with_a_cue_not_both() -> None:
    for entry in load("leaders"):
        both = set(entry.get("alone") or []) & set(entry.get("surnames") or [])
        assert not both, entry["name"]


def test_places_hide_a_form_of_the_state_they_name() -> None:
    """A place listed in places.yaml must contain a form of its `not` state, or it
    hides nothing and does not belong there."""
    forms_of: dict[str, set[str]] = defaultdict(set)
    for lexicon in LEXICONS:
        for entry in load(lexicon):
            forms_of[entry["code"]].update(surface_forms(entry))
    for place in load("places"):
        assert set(place) <= {"name", "aliases", "not"}, place
        known = country_codes() | {entry["code"] for entry in load("organizations")}
        assert place["not"] in known, place
        for name in {place["name"], *(place.get("aliases") or [])}:
            assert any(
                re.search(rf"(?<!\w){re.escape(form)}(?!\w)", name)
                for form in forms_of[place["not"]]
            ), name


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        # Countries: names, aliases, adjectives, capitals.
        ("Türkiye", "TUR"),
        ("Turkiye", "TUR"),
        ("Kyiv", "UKR"),
        ("Kiev", "UKR"),
        ("Burma", "MMR"),
        ("DPRK", "PRK"),
        ("North Korean", "PRK"),
        ("Pyongyang", "PRK"),
        ("ROK", "KOR"),
        ("Korean", "KOR"),
        ("Seoul", "KOR"),
        ("UAE", "ARE"),
        ("Emirati", "ARE"),
        ("Abu Dhabi", "ARE"),
        ("Saudis", "SAU"),
        ("Beijing", "CHN"),
        ("Taiwanese", "TWN"),
        ("Taipei", "TWN"),
        ("Kosovo", "XKX"),
        ("Kosovar", "XKX"),
        ("Palestinian", "PSE"),
        ("Holy See", "VAT"),
        ("Azeri", "AZE"),
        ("Dutch", "NLD"),
        ("Holland", "NLD"),
        ("The Hague", "NLD"),
        ("Britain", "GBR"),
        ("Britons", "GBR"),
        ("U.S.", "USA"),
        ("Washington", "USA"),
        ("Tel Aviv", "ISR"),
        ("New Delhi", "IND"),
        ("Czechia", "CZE"),
        ("Côte d'Ivoire", "CIV"),
        # Look-alike states stay apart.
        ("Congolese", "COD"),
        ("Republic of the Congo", "COG"),
        ("South Sudanese", "SSD"),
        ("Sudanese", "SDN"),
        ("Nigerien", "NER"),
        ("Nigerian", "NGA"),
        ("Equatorial Guinea", "GNQ"),
        ("Guinea-Bissau", "GNB"),
        ("Dominican Republic", "DOM"),
        ("Dominica", "DMA"),
        # Organisations.
        ("NATO", "NATO"),
        ("North Atlantic Treaty Organization", "NATO"),
        ("Brussels", "EU"),
        ("Security Council", "UN"),
        ("U.N.", "UN"),
        # Armed groups.
        ("Houthis", "HOUTHIS"),
        ("Houthi", "HOUTHIS"),
        ("Ansar Allah", "HOUTHIS"),
        ("Hezbollah", "HEZBOLLAH"),
        ("Kataib Hezbollah", "KATAIB_HEZBOLLAH"),
        ("PMC Wagner", "WAGNER"),
        ("Palestinian Islamic Jihad", "PIJ"),
        ("Hashd al-Shaabi", "PMF"),
        ("Daesh", "ISIS"),
        # Institutions.
        ("Kremlin", "RUS"),
        ("Africa Corps", "RUS"),
        ("Pentagon", "USA"),
        ("Bundeswehr", "DEU"),
        ("IRGC", "IRN"),
        ("Quds Force", "IRN"),
        ("IDF", "ISR"),
        ("Downing Street", "GBR"),
        ("Élysée", "FRA"),
        ("JSDF", "JPN"),
        ("Tatmadaw", "MMR"),
        # Companies.
        ("Hanwha", "KOR"),
        ("KAI", "KOR"),
        ("Baykar", "TUR"),
        ("Rheinmetall", "DEU"),
        ("Rafael", "ISR"),
        ("Lockheed Martin", "USA"),
        ("Rosoboronexport", "RUS"),
        ("NORINCO", "CHN"),
        ("MBDA", "FRA"),
    ],
)
def test_form_resolves_to_code(form: str, expected: str) -> None:
    owners = form_index().get(form, [])
    assert [entry["code"] for _, entry in owners] == [expected]


@pytest.mark.parametrize(
    "form",
    [
        "Georgia",
        "Jordan",
        "Chad",
        "Turkey",
        "Congo",
        "Korean",
        "Victoria",
        "Santiago",
        "Brussels",
        "Security Council",
        "SDF",
        "RSF",
        "Wagner",
        "Congress",
        "MoD",
        "ISI",
        "Sukhoi",
        "MiG",
    ],
)
def test_ambiguous_form_is_weak(form: str) -> None:
    [(_, entry)] = form_index()[form]
    assert form in entry["weak"]


@pytest.mark.parametrize("form", ["China", "Mali", "Russia", "Washington", "Kremlin"])
def test_unambiguous_form_is_not_weak(form: str) -> None:
    [(_, entry)] = form_index()[form]
    assert form not in (entry.get("weak") or [])
