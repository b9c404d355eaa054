"""Frames: which syntactic slots hold which parties, per kind of trigger.

A frame lists, for each role, slot keys in order of preference; the first key
that any actor fills wins that role ("nsubj" before "poss" before "mod").
A key ending in "~" takes actors that modify the argument ("Iranian drones",
"Russian-based entities") rather than head it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Frame:
    name: str
    source: tuple[str, ...] = ()
    target: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    #: when no actor fills `source`, the subject of a governing verb ("Russia hopes to sell")
    inherit_source: bool = False
    inherit_target: bool = False

    @property
    def directed(self) -> bool:
        return bool(self.source)


#: who does a symmetric deed, and with whom: "patrols conducted jointly by Chinese
#: and Russian bombers", "the drills were discussed by army chiefs from Peru"
_DOERS_AND_PARTNERS = (
    "nsubj",
    "nsubj~",
    "nsubjpass",
    "nsubjpass~",
    "agent",
    "agent~",
    "prep:with",
    "prep:with~",
)

FRAMES: dict[str, Frame] = {
    # supplier as subject: "Iran sent drones to Russia", "supplied Ukraine with shells"
    "give": Frame(
        "give",
        source=(
            "nsubj",
            "agent",
            "prep:from",
            "*by",
            "nsubj~",
            "agent~",
            "*from",
            "dobj~",
            # "Serbian shells were sold to Ukraine": the maker of what is given, as
            # "dobj~" is in the active
            "nsubjpass~",
            "prep:of~",
        ),
        target=(
            "dative",
            "prep:to",
            "prep:for",
            "dobj",
            "nsubjpass",
            "prep:into",
            "prep:to~",
            "dative~",
            "nsubjpass~",
            "*to",
            "dobj~",
        ),
        inherit_source=True,
    ),
    # forces sent to help: "Rwandan troops were deployed to Mozambique" (whose forces
    # they are sends them), "Kenya sent police officers to Haiti"
    "send_forces": Frame(
        "send_forces",
        source=("nsubj", "agent", "*by", "nsubjpass~", "dobj~", "nsubj~", "agent~"),
        target=("dative", "prep:to", "prep:to~", "*to", "prep:in", "prep:in~"),
        inherit_source=True,
    ),
    # noun of giving: "Iran's supply of drones to Russia", "US arms sale to Taiwan"
    "give_noun": Frame(
        "give_noun",
        source=("poss", "mod", "prep:from", "prep:by", "agent", "poss~", "mod~", "prep:of~"),
        target=(
            "prep:to",
            "prep:for",
            "prep:to~",
            "prep:for~",
            "dative",
            "*to",
            "prep:with",
            "acl~",
            "acl~~",
        ),
        inherit_source=True,
    ),
    # the partner of negotiations over equipment sells: "Algeria is negotiating with
    # Norinco over howitzers", "Egypt's negotiations with AVIC for J-10C fighters"
    "negotiate": Frame(
        "negotiate",
        source=("prep:with", "prep:with~"),
        target=("nsubj", "nsubj~"),
        inherit_target=True,
    ),
    "negotiate_noun": Frame(
        "negotiate_noun",
        source=("prep:with", "prep:with~"),
        target=("poss", "poss~"),
        inherit_target=True,
    ),
    "order_noun": Frame(
        "order_noun",
        # "awarded Elbit a contract for howitzers": who is awarded it sells
        source=("prep:for~", "prep:of~", "prep:from", "dative"),
        target=("poss",),
        inherit_target=True,
    ),
    # "Taiwan asked the United States for Harpoon missiles", "requested Gripens from Sweden"
    "ask": Frame(
        "ask",
        source=("dobj", "dative", "prep:from", "*from", "dobj~-"),
        target=("nsubj", "nsubj~"),
        inherit_target=True,
    ),
    # recipient as subject: "Russia bought drones from Iran", "Poland ordered K2 tanks"
    "take": Frame(
        "take",
        # "took delivery of six Chinese air defence batteries": the maker's adjective
        # "the Rafales ordered by Jakarta": the passive's agent is who takes
        source=("prep:from", "prep:from~", "*from", "dobj~-", "prep:of~"),
        target=("nsubj", "nsubj~", "agent", "agent~"),
        inherit_target=True,
    ),
    # who a supplier is ("is" for the subject of a copula or the phrase in apposition):
    # "France is Greece's main arms supplier", "Israel, one of Azerbaijan's suppliers"
    "supplier_noun": Frame(
        "supplier_noun",
        source=("is",),
        target=("poss", "prep:to", "prep:for", "poss~", "prep:to~", "prep:for~"),
    ),
    # who a buyer is: "Peru is one of the largest buyers of Korean weapons"
    "buyer_noun": Frame(
        "buyer_noun",
        source=("poss", "prep:of~", "prep:from", "prep:for~", "prep:from~", "poss~"),
        target=("is",),
    ),
    # noun of taking: "India's purchase of Russian S-400s", "Turkey's acquisition from Russia"
    "take_noun": Frame(
        "take_noun",
        # "placed an order with Sweden for Gripens": the maker takes the order
        source=("prep:from", "prep:of~", "prep:from~", "prep:with"),
        target=("poss", "mod", "poss~", "mod~", "prep:by"),
        inherit_target=True,
    ),
    # "Russia trained Iranian pilots", "pilots were trained in Denmark"
    "train": Frame(
        "train",
        source=("nsubj", "agent", "nsubj~", "prep:by", "agent~", "prep:from", "*by"),
        # "graduated 80 cadets, including nine from Gambia and Liberia": deep in the
        # object, behind "from"
        target=(
            "dobj",
            "dobj~",
            "nsubjpass",
            "nsubjpass~",
            "prep:for",
            "prep:for~",
            "dobj~~|from",
        ),
        inherit_source=True,
    ),
    # "marines are to be trained by Colombian instructors": a passive whose subject the
    # verb above holds; the agent trains
    "trained_by": Frame(
        "trained_by",
        source=("agent", "agent~", "prep:by", "prep:by~"),
        target=("nsubj", "nsubj~", "nsubjpass", "nsubjpass~"),
        inherit_target=True,
    ),
    # "Vietnamese peacekeepers are being trained in India": without an agent, the
    # place of training is the trainer
    "trained_in": Frame(
        "trained_in",
        source=("prep:in", "prep:at", "prep:in~", "prep:at~", "*in", "prep:from", "prep:by"),
        target=("nsubjpass", "nsubjpass~"),
        inherit_source=True,
    ),
    # "Kenya sent 30 officers to Britain for training", "sent cadets for pilot training
    # in Pakistan": where they are sent trains them; who sends them, or whose they
    # are, is trained
    "sent_to_train": Frame(
        "sent_to_train",
        source=("prep:to", "prep:to~", "*in", "*at"),
        target=("nsubj", "nsubj~", "agent", "agent~", "dobj~", "nsubjpass~"),
        # "Somali officers continue to be sent to Turkish war colleges"
        inherit_target=True,
    ),
    # places at a school given to others' officers: "offered places at its academies to
    # officers from Mauritania", "will offer places for Beninese officers at its schools"
    "give_places": Frame(
        "give_places",
        source=("nsubj", "agent", "*by", "nsubj~", "agent~", "prep:at~"),
        target=("dative", "prep:to", "prep:for", "prep:to~", "prep:for~", "dative~", "prep:to~~"),
        inherit_source=True,
    ),
    # "Nigerian officers attended courses at Indian military academies": the school's
    # state trains whoever attends
    "attend_course": Frame(
        "attend_course",
        # "graduated from China's military academy", "completed training conducted by
        # US instructors"
        source=(
            "prep:at",
            "prep:at~",
            # "graduated from India's staff college in Wellington": the school's state,
            # before the place it stands in
            "prep:from",
            "prep:from~",
            "prep:in",
            "prep:in~",
            # "Jordanian officers will be admitted to the Hellenic Army Academy"
            "prep:to",
            "prep:to~",
            "dobj~",
            "*at",
            "*in",
            "dobj~~",
            # "graduated from a course run by Emirati instructors", "began a course
            # under Indian instructors", "... with the Australian Army"
            "prep:from~~",
            "prep:under",
            "prep:under~",
            "prep:with",
            "prep:with~",
            # "the course, taught by Jordanian officers, was attended by ..."
            "nsubjpass~~",
        ),
        # "300 Somali soldiers are enrolled in Turkey's training programme"; "the
        # course was attended by 30 Iraqi commandos"
        target=("nsubj", "nsubj~", "nsubjpass", "nsubjpass~", "agent", "agent~"),
    ),
    # "Iranian pilots learning to fly Su-35s in Russia"
    "learn": Frame(
        "learn",
        # "learn to fly at a Brazilian air base": a school or base of the trainer
        source=(
            "prep:in",
            "prep:from",
            "prep:with",
            "prep:in~",
            "prep:from~",
            "*in",
            "*from",
            "*at",
        ),
        target=("nsubj", "nsubj~"),
        inherit_target=True,
    ),
    # "the training of Ukrainian troops by British instructors"
    "give_noun_training": Frame(
        "give_noun_training",
        # "the training of Malian cadets at Moroccan military schools": whose
        # school or base it is trains there
        source=(
            "prep:by",
            "agent",
            "prep:from",
            "poss",
            "mod",
            "prep:by~",
            "prep:from~",
            "prep:at~",
        ),
        # "the training of Ukrainian troops", "instructors in Burkina Faso",
        # "instructors to train Burkinabe soldiers"
        target=(
            "prep:of",
            "prep:of~",
            "prep:for",
            "prep:for~",
            "prep:to",
            "prep:in",
            "*in",
            "acl~",
            "acl~~",
            # "sends its officers to Indian military colleges for training"
            "prep:to~",
        ),
        inherit_source=True,
    ),
    # "the US sanctioned three Russian entities"
    "impose": Frame(
        "impose",
        source=("nsubj", "agent", "nsubj~"),
        target=("dobj", "dobj~", "nsubjpass", "nsubjpass~", "prep:on", "prep:on~"),
        inherit_source=True,
    ),
    # "EU sanctions on Belarus", "export controls against Chinese firms"
    "impose_noun": Frame(
        "impose_noun",
        source=("poss", "mod", "prep:by", "agent", "*by"),
        target=(
            "prep:on",
            "prep:against",
            "prep:on~",
            "prep:against~",
            # "sanctions on 11 companies in China": where the companies are
            "prep:on~~",
            "prep:targeting",
            "prep:targeting~",
            "prep:over~",
            "purpose~~",
            "purpose~",
            "xcomp~~",
            "advcl~~",
            "acl~~",
            "relcl~~",
        ),
        inherit_source=True,
    ),
    # "the US added 42 Chinese companies to its Entity List": who adds sanctions whom
    "list_noun": Frame(
        "list_noun",
        # the verb's subject before any modifier above the list ("placed Pakistani
        # entities on the Entity List"): the modifier there is what is listed
        source=("poss", "nsubj", "agent", "nsubj~", "agent~", "mod"),
        target=(
            "dobj",
            "dobj~",
            "nsubjpass",
            "nsubjpass~",
            "dobj~~",
            "nsubjpass~~",
            # "placed five Pakistani entities on the Entity List": the parser hangs the
            # list on the entities, whose own modifier names the state listed
            "mod",
        ),
    ),
    # "Britain condemned Iran's drone supplies", "took aim at the deals between Moscow and Tehran"
    "criticise": Frame(
        "criticise",
        source=("nsubj", "agent", "nsubj~"),
        target=(
            "dobj",
            # the object of a trigger's own preposition: "called on Minsk to halt ..."
            "pobj",
            "prep:at",
            "prep:over",
            "prep:against",
            # "raised concerns with Vanuatu and China": to whom it was said
            "prep:with",
            "nsubjpass",
            "dobj~",
            "nsubjpass~",
            "prep:at~",
            "prep:over~",
            "prep:against~",
            "prep:about~",
            "prep:of~",
            "prep:for~",
            "ccomp~~",
            "ccomp~",
            "dobj~~",
            "acl~~",
        ),
        inherit_source=True,
    ),
    # "alarm over a partnership between Russia and Iran"
    "criticise_noun": Frame(
        "criticise_noun",
        # "it was concerned by ...": the concerned one, where the word is a participle;
        # "drawing expressions of concern from Washington": whose it is
        source=("poss", "mod", "nsubjpass", "prep:from"),
        target=(
            "prep:over",
            "prep:about",
            "prep:at",
            "prep:with",
            "prep:regarding",
            "prep:over~",
            "prep:about~",
            "prep:at~",
            "prep:regarding~",
            "prep:with~",
            "prep:of~",
            "prep:on~",
            "ccomp~~",
            "ccomp~",
            "prep:over~~",
            "prep:about~~",
            # "said it was concerned by the military build-up of Venezuela"
            "agent",
            "agent~",
        ),
        inherit_source=True,
    ),
    # "called the drills a provocation", "said the pact was destabilising": the
    # judge is the subject of the verb or the speaker, the blamed are the parties
    # of the event judged (events/reactions.py)
    "judge": Frame("judge", source=("nsubj", "nsubj~", "agent"), target=("dobj", "dobj~")),
    # "Iran said the drills by Azerbaijan and Israel undermined stability": the speaker
    # judges the happening its subject names ("speaker" is no slot: the one who says it)
    "harm": Frame("harm", source=("speaker",), target=("nsubj", "nsubj~")),
    # "the drills by Belarus and Russia alarmed Warsaw": the alarmed object reacts
    "alarm": Frame("alarm", source=("dobj", "nsubjpass"), target=("nsubj", "nsubj~", "agent")),
    # "Belarus hosts Russian warheads": the subject hosts
    "host": Frame(
        "host",
        source=("nsubj", "nsubj~", "prep:in", "prep:in~"),
        target=("dobj~", "dobj", "prep:for", "prep:for~"),
        inherit_source=True,
    ),
    # "Canada will station 2,000 troops in Latvia": the subject uses, "in" hosts
    "station": Frame(
        "station",
        # "French soldiers are stationed in Gabon", "Russian warships may dock at Tartus",
        # "arrived at the port of Colombo"
        source=("prep:in", "*in", "prep:to", "*to", "prep:on", "prep:at", "*at", "prep:at~"),
        target=("nsubj", "nsubj~", "agent", "agent~", "nsubjpass", "nsubjpass~"),
        inherit_target=True,
    ),
    # a warship's call: "the destroyer visited Da Nang"
    "port_visit": Frame(
        "port_visit",
        source=("dobj", "dobj~", "nsubjpass", "nsubjpass~"),
        target=("nsubj", "nsubj~", "agent", "agent~"),
        inherit_target=True,
    ),
    # the noun: "a visit by Turkish warships to Port Sudan", "the frigate's visit to Apia"
    "port_visit_noun": Frame(
        "port_visit_noun",
        source=("prep:to", "prep:to~", "*to"),
        # "Chinese destroyers paid a goodwill visit to Karachi", "the visit of two
        # Indian warships"
        target=("prep:by", "prep:by~", "prep:of~", "poss", "poss~", "nsubj", "nsubj~"),
    ),
    # "Tehran's offer to Moscow to use three naval bases on its coast"
    "use_noun": Frame(
        "use_noun",
        source=("poss", "mod", "prep:in", "prep:in~", "prep:on~", "prep:at", "prep:at~"),
        target=("prep:for", "prep:for~", "prep:to"),
        inherit_source=False,
    ),
    # "Iran and Iraq signed an agreement", "drills with Russia", "between the two navies"
    "symmetric": Frame(
        "symmetric",
        participants=(
            *_DOERS_AND_PARTNERS,
            "prep:between",
            "prep:between~",
            "prep:among",
            "prep:among~",
            "dobj",
            "poss",
            "mod",
            "prep:of",
            "prep:of~",
            "prep:involving",
            "prep:involving~",
            "prep:including",
            "prep:including~",
            # "the exercise, including forces from Jamaica and Belize": the parser
            # lemmatises the participle
            "prep:include",
            "prep:include~",
            "prep:alongside",
            "prep:alongside~",
            # "along with contingents from Rwanda and Burundi"
            "prep:along~",
            "prep:by",
            "prep:by~",
            "prep:to",
            "acl~~",
            # "the eighth edition of the exercise, held with the participation of the
            # navies of Egypt and Jordan": the participle on the edition
            "acl~",
            "coordinated",
            # "attended by representatives of 14 navies, including India and Chile"
            "agent~~|of",
            # "got under way, with warships from Kenya and India sailing in company"
            "prep:with~~|from",
        ),
    ),
    # "Finland joined NATO"
    "join": Frame("join", participants=("nsubj", "nsubj~", "dobj", "prep:to", "nsubjpass")),
    "join_noun": Frame(
        "join",
        participants=("poss", "prep:of", "prep:to", "nsubj", "nsubj~", "prep:in", "mod"),
    ),
}
# "the first visit by an Israeli defence minister to Morocco", "a delegation
# from Ankara": the visitor and the host are both parties
FRAMES["visit_noun"] = Frame(
    "visit_noun",
    participants=(
        *FRAMES["symmetric"].participants,
        "prep:by",
        "prep:by~",
        "prep:to~",
        "prep:from",
        "prep:from~",
        # "paid a courtesy call on Uganda's defence minister"
        "prep:on",
        "prep:on~",
    ),
)
# "Pakistan is helping Nigeria build its defence industry": the helper and the
# state it helps (the subject the parser gives the bare infinitive)
FRAMES["help_build"] = Frame(
    "help_build",
    participants=("nsubj", "nsubj~", "agent", "dobj", "dobj~", "ccomp~~", "xcomp~~"),
)
# "a Turkish firm assembles armoured vehicles in Hungary": the maker and the
# country it makes them in are the parties of the industrial cooperation
FRAMES["make_abroad"] = Frame(
    "make_abroad",
    # "Egypt will assemble Korean howitzers": the maker's adjective on what is made;
    # "build tanks under licence from Korea": who licenses it
    participants=(
        "nsubj",
        "nsubj~",
        "agent",
        "agent~",
        "prep:in",
        "prep:in~",
        "dobj~",
        # "Turkish fighters will be assembled in Indonesia": the maker, in the passive
        "nsubjpass~",
        "prep:under~",
        # "will assemble transport aircraft in India": the place hangs on what is made
        "*in",
        # "submarines will be built in Indonesia with French technology"
        "prep:with",
        "prep:with~",
    ),
)
# "the licensed production of Turkish drones in Kazakhstan": production under another's
# licence names where it happens, and that state is a party too
FRAMES["make_abroad_noun"] = Frame(
    "make_abroad_noun",
    participants=(
        *FRAMES["symmetric"].participants,
        "prep:in",
        "prep:in~",
        "*in",
        # "began local production of the tank under licence from Russia"
        "prep:under~",
    ),
)
# "South Korea will share submarine technology with Indonesia": giver and receiver
FRAMES["share"] = Frame(
    "share",
    participants=("nsubj", "nsubj~", "agent", "dative", "prep:to", "prep:with", "nsubjpass"),
)
# "tightened export controls on dual-use goods to Russia": an export control is a
# sanction noun that also targets where the exports would go
FRAMES["export_control_noun"] = Frame(
    "impose_noun",
    source=FRAMES["impose_noun"].source,
    target=(*FRAMES["impose_noun"].target, "prep:to"),
    inherit_source=True,
)
# "the transfer of submarine technology from France to Brazil", "Turkey's sharing of
# drone know-how with Pakistan"
FRAMES["share_noun"] = Frame(
    "share_noun",
    participants=("poss", "mod", "prep:from", "prep:by", "prep:to", "prep:with", "prep:between"),
)
# "Italy's Leonardo opened a helicopter plant in Poland", "Rheinmetall will build an
# ammunition factory in Lithuania": the owner and the host country of a plant
FRAMES["plant_noun"] = Frame(
    "plant_noun",
    participants=("poss", "poss~", "mod", "prep:in", "prep:in~", "nsubj", "nsubj~", "agent"),
)
# "Cambodian troops also took part": whoever takes part in the drill named before
FRAMES["partake"] = Frame(
    "partake",
    participants=(
        "nsubj",
        "nsubj~",
        "agent",
        "agent~",
        "nsubjpass",
        "nsubjpass~",
        # "Taking part are Peru and Chile", parsed as the verb's object; "It will
        # involve troops from Rwanda and Kenya"
        "dobj",
        "dobj~",
        # "navies from Peru and Chile took part alongside the Colombian Navy"
        "prep:alongside",
        "prep:alongside~",
        # "Contingents have come from Namibia, with smaller elements from Malawi"
        "prep:from",
        "prep:with~",
        # "Taking part: Belize, Jamaica and Canada" (a heading over its list)
        "appos",
        # "3,000 soldiers took part, including contingents from Namibia and Angola"
        "prep:include",
        "prep:include~",
        "prep:including",
        "prep:including~",
    ),
)
FRAMES["partake_noun"] = FRAMES["partake"]
FRAMES["symmetric_noun"] = FRAMES["symmetric"]
FRAMES["ally"] = FRAMES["symmetric"]


# "the first Chinese-made J-10C fighters arrived in Pakistan", "a shipment of North
# Korean shells reached Russia": the maker's adjective on what arrives supplies it
FRAMES["arrive"] = Frame(
    "arrive",
    source=("nsubj~", "nsubj~~", "prep:from", "prep:from~"),
    target=("prep:in", "prep:at", "dobj", "prep:to", "prep:in~", "*in"),
)
#: whose forces a noun of deployment names: "the deployment of US troops", "Kenya's
#: deployment"
_FORCES_OWNER = ("prep:of~", "poss", "mod", "prep:of")
# "the deployment of US troops in Guyana", "the stationing of French troops in Chad": the
# forces' state uses, the place hosts
FRAMES["station_noun"] = Frame(
    "station_noun",
    source=("prep:in", "prep:in~", "prep:to", "prep:to~", "*in", "prep:on"),
    target=_FORCES_OWNER,
)
# forces sent to help, by the noun: "the deployment of Burundian soldiers to Congo to
# help its army" (whose forces they are sends them; where they go gets them)
FRAMES["send_forces_noun"] = Frame(
    "send_forces_noun",
    source=_FORCES_OWNER,
    target=("prep:in", "prep:in~", "prep:to", "prep:to~", "*in", "*to"),
)
# forces fighting beside a state's own: "Burundian troops are fighting the rebels alongside
# the Congolese army" (whose forces fight helps; whose forces they join is helped)
FRAMES["fight_alongside"] = Frame(
    "fight_alongside",
    source=("nsubj", "nsubj~", "agent", "agent~"),
    target=("pobj", "pobj~"),
    inherit_source=True,
)
# "Qatar agreed to fund the Lebanese army's salaries": what aid pays for belongs to
# the recipient (a maker's adjective on the object marks the supplier of arms only)
FRAMES["give_aid"] = Frame(
    "give_aid",
    source=("nsubj", "agent", "prep:from", "*by", "nsubj~", "agent~", "*from"),
    target=(
        "dative",
        "prep:to",
        "prep:for",
        "dobj",
        "nsubjpass",
        "prep:into",
        "dobj~",
        "prep:to~",
        "dative~",
        "nsubjpass~",
        "*to",
    ),
    inherit_source=True,
)


# "General Ahmed met the visiting Ghanaian chief of defence staff": whom one meets
# may be named by the nationality of the person met
# ("was received by Finland's defence minister")
# "the commanders of the navies taking part, from Ghana and Togo, met": the states
# the people who meet come from may lie deep in their phrase
FRAMES["meet"] = Frame(
    "meet", participants=(*FRAMES["symmetric"].participants, "dobj~", "agent~", "nsubj~~|from")
)
# "the council brought together ministers from Kenya and Uganda": the parser often
# hangs "from ..." on the verb rather than on the people brought together
FRAMES["gather"] = Frame("gather", participants=(*FRAMES["meet"].participants, "prep:from"))
# "the minister received his counterparts from Laos and Cambodia": the parser hangs
# where the guests come from on the verb as often as on the guests
FRAMES["receive"] = Frame("receive", participants=(*FRAMES["meet"].participants, "prep:from"))
# "the Saudi land forces commander called on Pakistan's army chief": who calls and on whom
FRAMES["call_on"] = Frame(
    "call_on",
    participants=("nsubj", "nsubj~", "appos~", "prep:on", "prep:on~", "pobj", "pobj~"),
)


# money given: the recipient heads its phrase, or owns the indirect object ("gave
# Jordan's army $5m"); "will donate $8m to victims of a former Chilean ruler" gives
# Chile nothing
FRAMES["give_money"] = Frame(
    "give_money",
    source=FRAMES["give_aid"].source,
    target=("dative", "prep:to", "prep:for", "dobj", "nsubjpass", "dative~", "dobj~"),
    inherit_source=True,
)


# "Kenya's defence minister discussed security with his Somali counterpart": the
# speakers are the parties, never what they discuss
FRAMES["confer"] = Frame("confer", participants=_DOERS_AND_PARTNERS)


# "a seminar for officers from Ghana and Togo": who a meeting is held for attends it
FRAMES["meeting_noun"] = Frame(
    "meeting_noun", participants=(*FRAMES["symmetric"].participants, "prep:for~")
)


def frame_for(name: str, event_type: str) -> Frame:
    if event_type == "training" and name == "give_noun":
        return FRAMES["give_noun_training"]
    if event_type == "military_aid" and name == "give":
        return FRAMES["give_aid"]
    if event_type == "training" and name == "give":
        return FRAMES["give_places"]
    if event_type == "defense_meeting" and name == "symmetric":
        return FRAMES["meet"]
    if event_type == "defense_meeting" and name == "symmetric_noun":
        return FRAMES["meeting_noun"]
    if name == "judge_noun":
        return FRAMES["judge"]
    return FRAMES[name]
