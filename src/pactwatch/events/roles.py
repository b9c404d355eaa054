"""Which actor is the source, the target or a participant of an event.

A frame lists the slots each role prefers, but sentences often name a party
away from the trigger: as the subject of a governing verb, a signatory of the
deal, the owner of a base. These fallbacks are kept together because the order
in which they are tried is what decides who supplies whom.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import pairwise

from pactwatch.actors import ActorLexicon, load_actor_lexicon
from pactwatch.events.attributes import HAPPENINGS, is_negated
from pactwatch.events.frames import Frame
from pactwatch.events.lexicon import Cues, Trigger, load_cues, load_equipment, one_word_nouns
from pactwatch.events.spans import ActorSpan, maker_participle, span_head
from pactwatch.events.syntax import (
    COPULAS,
    Slot,
    Tree,
    authoring_relative,
    clause_top,
    gives_examples,
    said_absent,
    subject_of,
)

# Prepositions that put an actor on the other side of an event, never in it:
# "an aid package to boost Ukraine's air defences against Russian drones".
_ADVERSARIAL = frozenset({"against", "despite", "amid", "than"})


def pick_by_slot(
    keys: tuple[str, ...], slots: dict[int, Slot], exclude: set[int], *, adversarial: bool = False
) -> list[int]:
    """Actors in the first preferred slot that any actor fills, nearest level first."""
    for key in keys:
        hits = [
            i
            for i, s in slots.items()
            if s.matches(key)
            and i not in exclude
            and (adversarial or s.preposition not in _ADVERSARIAL)
        ]
        if hits:
            level = min(slots[i].level for i in hits)
            hits = [i for i in hits if slots[i].level == level]
            return _nearest(hits, slots) if key.endswith("~~") else hits
    return []


def _nearest(hits: list[int], slots: dict[int, Slot]) -> list[int]:
    """Of actors deep in a clause, those closest to it ("clinched with Poland,
    which ... Russia's invasion of Ukraine": Poland)."""
    closest = min(slots[i].distance for i in hits)
    return [i for i in hits if slots[i].distance <= closest + 1]


def _inherited_subject(
    tree: Tree,
    chain: list[int],
    attribution: int | None,
    actors: list[ActorSpan],
    slots: dict[int, Slot],
    exclude: set[int],
    *,
    speaker: bool = True,
) -> list[int]:
    """The actor doing the trigger when it has no subject of its own.

    "Ukraine asked Germany to send tanks": the object of the governing verb
    controls the infinitive; otherwise its subject does. A pronoun subject or
    none at all under a verb of speech ("Tehran admitted it had sent drones")
    falls back to the speaker.
    """
    by_token = {t: i for i, span in enumerate(actors) if i not in exclude for t in span.tokens}
    top = clause_top(tree, chain)
    reason = False
    for level in range(len(chain)):
        # "resulted in Russia returning the favour": the parser hangs the
        # gerund's subject on the preposition before it
        node = chain[level]
        if tree.tokens[node].tag == "VBG" and not subject_of(tree, node) and node > 0:
            before = by_token.get(node - 1)
            governor = tree.head(node)
            if (
                before is not None
                and tree.tokens[node - 1].dep in ("pobj", "dobj")
                # not "has 10,000 soldiers in Congo fighting ...": the soldiers fight
                and not (
                    tree.tokens[node - 1].dep == "pobj"
                    and governor is not None
                    and tree.child_with(governor, frozenset({"dobj"}))
                )
            ):
                return [before]
        if level > 0 and not subject_of(tree, node):
            stranded = _stranded_subject(tree, node, by_token)
            if stranded:
                return stranded
        if level == 0:
            continue
        # "sanctioned Iranian firms for supplying drones": the object's owner controls
        keys: tuple[str, ...] = ("dobj", "dobj~", "nsubj", "nsubjpass", "poss", "nsubj~", "mod")
        if level > top:
            if tree.tokens[chain[level - 1]].dep not in ("xcomp", "advcl", "pcomp", "prep", "conj"):
                break  # only control verbs pass their subject down ("hopes to sell")
            if _own_subject_clause(tree, chain[level - 1]):
                # "ministers met while troops fired missiles in the exercise": a clause
                # of time or contrast with a doer of its own is not the ministers' deed
                break
            keys = ("dobj", "dobj~", "nsubj", "nsubjpass", "nsubj~")
        below = tree.tokens[chain[level - 1]].dep
        if below in ("xcomp", "advcl") and tree.lemma(node) in load_cues().summoning:
            # "Seoul summoned Moscow's envoy to protest": the summoner protests
            keys = tuple(k for k in keys if not k.startswith("dobj"))
        reason = reason or (below == "prep" and tree.lemma(chain[level - 1]) in ("for", "over"))
        if reason:
            # "imposed sanctions on three Chinese firms for supplying drones", "put
            # Iranian firms on its list over drone deliveries": who is punished for
            # the reason did it, named where the punishing verb names it
            if tree.tokens[node].pos not in ("VERB", "AUX"):
                # "sanctions on North Korean officials over the arms transfers": whom
                # the noun punishes
                hits = [
                    i
                    for i, s in slots.items()
                    if s.level == level and s.key in _PUNISHED and i not in exclude
                ]
                if hits:
                    return hits
                continue
            keys = ("dobj", "dobj~", "dobj~~", "prep:on", "prep:on~", "prep:against", *keys[2:])
        for key in keys:
            hits = [
                i
                for i, s in slots.items()
                if s.level == level and s.key == key and i not in exclude
            ]
            if hits and (key not in ("dobj", "dobj~") or below in ("xcomp", "prep", "pcomp")):
                return hits
    # "Moscow said Serbian shells were sold to Ukraine": a passive leaves its doer
    # unsaid, and the speaker is not it
    passive = bool(tree.child_with(chain[0], frozenset({"auxpass", "nsubjpass"})))
    if speaker and attribution is not None and not passive:
        speakers = [
            i
            for i, span in enumerate(actors)
            if i not in exclude
            and any(span.head in tree.subtree(s) for s in subject_of(tree, attribution))
        ]
        if speakers:
            return speakers
    return []


#: where a noun of punishing names whom it punishes: "sanctions on ...", "an embargo against ..."
_PUNISHED = frozenset({"prep:on", "prep:on~", "prep:against", "prep:against~"})


def shares_object(tree: Tree, verb: int) -> list[int]:
    """ "will train and equip Nigerian forces": the object of a verb coordinated after
    `verb`, with no subject of its own, is `verb`'s too."""
    if tree.child_with(verb, frozenset({"dobj"})):
        return []
    return [
        o
        for c in tree.child_with(verb, frozenset({"conj"}))
        if tree.tokens[c].pos == "VERB" and not subject_of(tree, c)
        for o in tree.child_with(c, frozenset({"dobj"}))
    ]


def actors_under(tree: Tree, nodes: Iterable[int], actors: list[ActorSpan]) -> list[int]:
    """The actors whose head lies in the phrase of one of `nodes`."""
    inside = {t for node in nodes for t in tree.subtree(node)}
    return [i for i, span in enumerate(actors) if span.head in inside]


def _origin_of_threat(tree: Tree, span: ActorSpan, cues: Cues) -> bool:
    """ "trained to counter an invasion from Myanmar": where an attack trained against
    comes from trains no one."""
    preposition = tree.head(span.head)
    if preposition is None or tree.tokens[preposition].dep != "prep":
        return False
    threat = tree.head(preposition)
    # the parser may hang "from" on the verb: "to counter [an invasion] from Myanmar"
    return threat is not None and any(
        tree.lemma(w) in cues.hostilities
        for w in (threat, *tree.child_with(threat, frozenset({"dobj"})))
    )


def _agent_of_another_deed(tree: Tree, token: int, cues: Cues) -> bool:
    """ "the exercise brings together troops from Kenya and is funded by the EU": the
    agent of a second verb that is no taking part (funding, praising) is no party."""
    by = tree.head(token)
    verb = tree.head(by) if by is not None and tree.tokens[by].dep == "agent" else None
    if verb is None or tree.tokens[verb].dep != "conj":
        return False
    lemma = tree.lemma(verb)
    return lemma not in cues.taking_part and lemma not in cues.listing and lemma not in cues.holding


def _in_listed_happening(tree: Tree, chain: list[int], token: int, event_type: str) -> bool:
    """ "The exercise also featured a meeting of the army chiefs of Mali and Niger":
    the parties of a meeting (or drill) a happening of the other kind includes are
    that one's, not the includer's."""
    if event_type not in HAPPENINGS:
        return False
    on_chain = set(chain)
    word = token
    while (above := tree.head(word)) is not None and above not in on_chain:
        word = above
    if above is None or tree.tokens[word].dep not in _LISTING_DEPS:
        return False
    words = {tree.lemma(word), tree.tokens[word].text.lower()}
    return any(
        words & one_word_nouns(kind) for kind in HAPPENINGS - {event_type}
    ) and not words & one_word_nouns(event_type)


def _payer(tree: Tree, chain: list[int], slot: Slot, cues: Cues) -> bool:
    """ "Japan contributed funding towards the exercise", "the drills are funded by the
    EU": who pays for a happening does not take part in it (who sends ships does)."""
    return (
        0 < slot.level < len(chain)
        and slot.relation in ("nsubj", "agent")
        and _gives_money(tree, chain[slot.level], cues)
    )


def _gives_money(tree: Tree, verb: int, cues: Cues) -> bool:
    lemma = tree.lemma(verb).lower()
    # "paid for the drills", not "paid a courtesy call"
    if not cues.paying.isdisjoint(
        {lemma} | {f"{lemma} {tree.lemma(c)}" for c in tree.children[verb]}
    ):
        return True
    if any(
        tree.lemma(o).lower() in cues.money or tree.tokens[o].ent_type == "MONEY"
        for o in tree.child_with(verb, frozenset({"dobj"}))
    ):
        return True
    # "covered the cost of the drill", "part of the cost was met by a grant from Britain"
    return lemma in cues.bearing_costs and any(
        tree.lemma(t).lower() in cues.costs
        for o in tree.child_with(verb, frozenset({"dobj", "nsubjpass"}))
        for t in tree.subtree(o)
    )


def _sends_forces(tree: Tree, verb: int, cues: Cues) -> bool:
    """ "sent jets for the exercise", "contributed two frigates to the drills": forces
    or equipment committed to a happening take part in it."""
    if tree.lemma(verb) not in cues.contributing:
        return False
    return any(
        tree.lemma(o) in cues.forces or load_equipment().find(tree.phrase_text(o))
        for o in tree.child_with(verb, frozenset({"dobj"}))
    )


def _maker_in_content(tree: Tree, span: ActorSpan, slot: Slot | None) -> bool:
    """ "a letter of intent to buy German IRIS-T systems": "German" makes what the
    accord's own clause names (equipment), it is no party to the accord."""
    if not span.adjective or slot is None or slot.relation not in _CONTENT:
        return False
    owner = tree.head(span.head)
    # "systems such as the Israeli Barak and the French Aster": the systems
    while owner is not None:
        owner = tree.list_head(owner)
        above = tree.head(owner)
        if tree.tokens[owner].dep != "pobj" or above is None or not gives_examples(tree, above):
            break
        owner = tree.head(above)
    return owner is not None and bool(load_equipment().find(tree.phrase_text(owner)))


#: relations of an accord's own clauses, which say what it is about
_CONTENT = frozenset({"acl", "relcl", "advcl", "xcomp"})
#: frames of training whose subject is trained ("pilots are training in France")
_SELF_TRAINING = frozenset({"learn", "trained_in"})


def _fought(tree: Tree, trigger: int, span: ActorSpan, actors: list[ActorSpan], cues: Cues) -> bool:
    """ "to help Mali's army battle jihadists from Niger": an actor named after a word
    of fighting that follows the one helped is fought, whatever the parser hangs it on
    ("donated armoured combat vehicles to Serbia" names no one before the word; in
    "... to crush opposition to its rule" "its" is the one helped again)."""
    if span.via == "pronoun":
        return False
    inside = tree.subtree(trigger)
    return any(
        tree.lemma(t) in cues.fighting
        and t in inside
        and any(trigger < other.head < t for other in actors)
        for t in range(trigger + 1, min(span.tokens))
    )


def _takes_part(tree: Tree, verb: int) -> bool:
    """ "took part", "taking part": the verb "take" with "part"."""
    return tree.lemma(verb) == "take" and any(tree.lemma(c) == "part" for c in tree.children[verb])


def _trainees_from(tree: Tree, verb: int, actors: list[ActorSpan], cues: Cues) -> list[int]:
    """The actors of a "from" phrase of the people a verb trains (or of the verb)."""
    objects = tree.child_with(verb, frozenset({"dobj"}))
    # "thousands of officers": the people may be what the object counts
    people = [p for o in objects for p in (o, *tree.objects_of(o, "of"))]
    if not any(tree.lemma(p) in cues.personnel for p in people):
        return []
    origins = [f for node in (verb, *people) for f in tree.prepositions(node, "from")]
    return actors_under(tree, origins, actors)


def _provided_with(
    tree: Tree, chain: list[int], slots: dict[int, Slot], top: int, exclude: set[int], cues: Cues
) -> list[int]:
    """The object of a verb of providing whose "with" phrase holds the aid: "provided
    Kyiv with $2 billion in security assistance" gives it to Kyiv."""
    for level in range(1, top + 1):
        if tree.lemma(chain[level]) not in cues.providing_with:
            continue
        if not any(tree.lemma(n) == "with" for n in chain[1:level]):
            return []
        return sorted(
            i
            for i, s in slots.items()
            if s.level == level and s.key in ("dobj", "dobj~") and i not in exclude
        )
    return []


def _xcomp_subjects(tree: Tree, verb: int, actors: list[ActorSpan], exclude: set[int]) -> list[int]:
    subjects = {
        s
        for c in tree.child_with(verb, frozenset({"xcomp"}))
        if tree.has_to(c)
        for s in tree.child_with(c, frozenset({"nsubj"}))
    }
    subjects |= {c for s in subjects for c in tree.child_with(s, frozenset({"conj"}))}
    return [i for i, span in enumerate(actors) if span.head in subjects and i not in exclude]


def _helped_by_purpose(
    tree: Tree, verb: int, actors: list[ActorSpan], cues: Cues, exclude: set[int]
) -> list[int]:
    """Whom a gift is "to help": the object of the helping verb, or the subject
    the parser gives its complement ("to help Kenya buy drones")."""
    helped: set[int] = set()
    for purpose in tree.child_with(verb, frozenset({"xcomp", "advcl"})):
        if tree.lemma(purpose) not in cues.helping or not tree.has_to(purpose):
            continue
        helped |= set(tree.child_with(purpose, frozenset({"dobj"})))
        for complement in tree.child_with(purpose, frozenset({"ccomp", "xcomp"})):
            helped |= set(subject_of(tree, complement))
    return [i for i in actors_under(tree, helped, actors) if i not in exclude]


_SKIPPED_ADVERBS = frozenset({"both", "also", "all", "jointly", "together", "each", "then"})


def _stranded_subject(tree: Tree, verb: int, by_token: dict[int, int]) -> list[int]:
    """ "The measures come after Canada and Japan both imposed
    curbs": the parser reads the second clause's subject as the object of
    "after" and leaves its finite verb without one. The actors right before
    such a verb, and those coordinated with them, are its subject."""
    tok = tree.tokens[verb]
    if tok.dep != "conj" or tok.tag not in ("VBD", "VBZ", "VBP"):
        return []
    before = verb - 1
    while before >= 0 and tree.lemma(before) in _SKIPPED_ADVERBS:
        before -= 1
    if before < 0 or before not in by_token or tree.tokens[before].dep not in ("pobj", "conj"):
        return []
    top = tree.list_head(before)
    if tree.tokens[top].dep != "pobj":
        return []
    inside = {top} | {c for c in tree.subtree(top) if tree.tokens[c].dep in ("conj", "compound")}
    return sorted({by_token[t] for t in inside if t in by_token})


def directed_roles(
    frame: Frame,
    tree: Tree,
    chain: list[int],
    attribution: int | None,
    actors: list[ActorSpan],
    slots: dict[int, Slot],
    cues: Cues,
) -> tuple[list[int], list[int]]:
    top = clause_top(tree, chain)
    # "instructors from Fiji, who served with UN missions in Lebanon": a relative
    # clause describing a party names no other party
    slots = {i: s for i, s in slots.items() if not _described_in_passing(tree, i, chain, actors)}
    if frame.name == "give_noun_training":
        provided = _provided_by(tree, chain[0], actors) or _taught_with(
            tree, chain[0], actors, cues
        )
        if provided:
            # "Ghana's forces benefit from training provided by the United States"
            receivers = _inherited_subject(tree, chain, attribution, actors, slots, set(provided))
            return provided, receivers
        undergone = _undergone(tree, chain, actors, slots, cues)
        if undergone is not None:
            return undergone
    level0 = slots_at_level(slots, 0)
    if frame.name in ("supplier_noun", "buyer_noun"):
        named = _identified_with(tree, chain[0], actors)
        keys = frame.target if frame.name == "supplier_noun" else frame.source
        other = pick_by_slot(keys, level0, set(named))
        codes = {actors[i].actor.country for i in other}
        named = [i for i in named if actors[i].actor.country not in codes]
        return (named, other) if frame.name == "supplier_noun" else (other, named)
    if frame.name == "fight_alongside":
        # "Burundi has soldiers in Congo fighting the M23 alongside the Congolese army":
        # who fights (the subject up the clause, not whom it fights) helps whose
        # forces the "alongside" names
        fighters = {
            i: s.level
            for i, s in slots.items()
            if s.level >= 1
            and s.key in ("nsubj", "nsubj~")  # not "soldiers in northern Namibia"
            and actors[i].actor.kind != "armed_group"
        }
        lowest = min(fighters.values(), default=0)
        nearest = [i for i, level in fighters.items() if level == lowest]
        beside = pick_by_slot(frame.target, level0, set(nearest))
        helped = {actors[i].actor.country for i in beside}
        return [i for i in nearest if actors[i].actor.country not in helped], beside
    if frame.name in ("order_noun", "take_noun"):
        won = _won_by(tree, chain, actors, slots, cues)
        if won is not None:
            return won
    upper = {i: s for i, s in slots.items() if 0 < s.level <= top}
    hostile = frame.name in ("impose", "impose_noun", "criticise", "criticise_noun")
    # "the delivery of French-made howitzers to Ukraine": "to" marks the recipient
    # even where the parser hangs it inside the "of" phrase
    giving = frame.name in ("give", "give_aid", "give_money", "give_noun", "send_forces")
    # "troops trained for peacekeeping missions in Mali": where the mission goes
    # trains no one
    purposes = {
        i
        for i, s in level0.items()
        if frame.name in _SELF_TRAINING
        and (s.relation == "prep:for" or _origin_of_threat(tree, actors[i], cues))
    }

    def ordered_for(i: int) -> bool:
        # "a contract with Hyundai Rotem for tanks for the Kenya Defence Forces": the
        # forces it is for buy (not "a contract for Sweden's jets", whose maker sells)
        return frame.name == "order_noun" and _object_of_for(tree, actors[i].head)

    sources = [
        i
        for i in pick_by_slot(frame.source, level0, purposes)
        if not (giving and slots[i].preposition in ("to", "for", "into"))
        # "the purchase of armoured vehicles for Mozambique's army": who it is bought
        # for does not sell it
        and not (frame.name == "take_noun" and slots[i].preposition in ("to", "for"))
        and not ordered_for(i)
    ]
    if not sources and frame.name in ("take", "arrive"):
        # "Egypt buys Sukhoi Su-35s", "three Embraer Super Tucanos arrived in Asuncion":
        # the maker named as what is bought or arrives supplies it
        named_as = "dobj" if frame.name == "take" else "nsubj"
        sources = [
            i for i, s in level0.items() if s.key == named_as and actors[i].actor.kind == "company"
        ]
    if not sources and frame.name == "take":
        # "took delivery of two frigates built by Hyundai Heavy Industries"
        sources = _made_by(tree, chain[0], actors, "dobj")
    if not sources and frame.name == "give":
        # "howitzers made in South Korea were shipped to Estonia"
        sources = _made_by(tree, chain[0], actors, "nsubjpass")
    if not sources and frame.name == "take_noun":
        # "placed an order for two frigates from South Korea": "from" inside what is
        # ordered names who sells it
        sources = [
            i for i, s in level0.items() if s.relation == "prep:for" and s.preposition == "from"
        ]
    # "sent advisers to help Somalia's army fight al-Shabab": the enemy is not helped
    fought = {i for i in level0 if giving and _fought(tree, chain[0], actors[i], actors, cues)}
    targets = pick_by_slot(frame.target, level0, set(sources) | fought, adversarial=hostile)
    if frame.name.startswith("criticise") and targets:
        # a condemnation names everyone it blames: "Iran's drone deliveries to Russia"
        wanted = set(frame.target)
        targets = sorted(i for i, s in level0.items() if s.key in wanted and i not in sources)
        # but not whom the deed it names was done to: "the strikes on Libya"
        targets = [i for i in targets if not _struck(tree, actors[i].head, cues)] or targets
    if frame.name == "criticise" and sources and not targets:
        # "denounced the drills as a provocation by Washington": who the verdict
        # names as doing it is blamed
        targets = [
            i
            for i, s in level0.items()
            if s.relation == "prep:as" and s.preposition == "by" and i not in sources
        ]
    # A trigger without its own subject takes the controller of its clause
    # ("Washington accused Beijing of supplying ...": Beijing supplies).
    if not targets and frame.name in ("give", "give_aid", "give_money", "train"):
        # "helped Manila to refit its ships": the parser makes the helped party the
        # subject of the infinitive
        targets = _xcomp_subjects(tree, chain[0], actors, set(sources))
    if not targets and frame.name in ("give", "give_aid", "give_money", "send_forces"):
        # "pledged $50 million to help Kenya buy drones": whom the money is to help;
        # "sent drones to help Libya's government": whom the weapons are to help;
        # "offered to send troops to help Benin fight jihadists": whom the troops help
        targets = _helped_by_purpose(tree, chain[0], actors, cues, set(sources) | fought)
    if not targets and frame.name in ("train", "give", "give_aid", "give_money"):
        # "will train and equip Nigerian special forces": the object of the verb
        # coordinated after the trigger is the trigger's too
        shared = shares_object(tree, chain[0])
        targets = [i for i in actors_under(tree, shared, actors) if i not in sources]
    if not targets and frame.name == "train":
        # "trained 40 officers from Laos", "hundreds of officers from African states,
        # including Mali and Chad": where the people trained come from
        targets = [i for i in _trainees_from(tree, chain[0], actors, cues) if i not in sources]
    if not targets and frame.name == "give_noun":
        # "a package of military support for Kyiv": "for" marks the recipient inside
        # the "of" phrase too
        targets = sorted(
            i
            for i, s in level0.items()
            if s.preposition in ("to", "for") and s.depth <= 1 and i not in sources
        )
    if not targets and frame.name == "give_noun":
        # "provided Kyiv with $2 billion in security assistance"
        targets = _provided_with(tree, chain, slots, top, set(sources), cues)
    if not targets and frame.name == "give_noun_training":
        targets = (
            _given_to(tree, chain, slots, cues, top, set(sources))
            or _enrolled_in(tree, chain, slots, set(sources))
            or _course_subject_for(tree, chain, actors, set(sources))
        )
    if not sources and frame.name == "train":
        # "The course, run by the British Army, trained 300 recruits": who runs it trains
        sources = [i for i in _course_runners(tree, chain[0], actors, cues) if i not in targets]
    if not sources and frame.inherit_source:
        sources = _inherited_subject(tree, chain, attribution, actors, slots, set(targets))
    if not sources:
        sources = [i for i in pick_by_slot(frame.source, upper, set(targets)) if not ordered_for(i)]
    if giving:
        # "supported by patrol aircraft flying from Bahrain": where they fly from is a
        # place, not who gives
        sources = [i for i in sources if not _flown_from(tree, actors[i].head)]
    if (
        not targets
        and frame.name == "impose_noun"
        and len(chain) > 1
        and tree.lemma(chain[1]) in cues.hitting  # "EU sanctions will target Belarus's economy"
    ):
        targets = pick_by_slot(
            ("dobj", "dobj~", "prep:on", "prep:on~"), slots_at_level(slots, 1), set(sources)
        )
    if not targets and frame.inherit_target:
        targets = _inherited_subject(tree, chain, attribution, actors, slots, set(sources))
    if not targets and frame.name == "order_noun":
        # "the ministry concluded a contract with Otokar for armoured vehicles for the
        # Zambia Army": the forces it is for buy
        targets = [
            i for i, s in slots.items() if s.level <= top and i not in sources and ordered_for(i)
        ]
    if not targets:
        targets = pick_by_slot(frame.target, upper, set(sources), adversarial=hostile)
    named_here = bool(
        pick_by_slot(frame.source, level0, set()) or pick_by_slot(frame.target, level0, set())
    )
    if bool(sources) != bool(targets) and named_here and frame.name != "order_noun":
        # "Brazil and Chile signed a deal for the sale of Brazilian-built jets":
        # the other signatory is the other side (only when the trigger's own
        # phrase names one side: "Serbia signed a contract with China for the
        # delivery of drones" does not say who delivers)
        others = _signatories(tree, chain, slots, cues, top)
        known = {actors[i].actor.country for i in sources or targets}
        others = [i for i in others if actors[i].actor.country not in known]
        if sources:
            targets = others
        else:
            sources = others
    elif bool(sources) != bool(targets) and _signed_to_trade(frame, tree, chain, actors, sources):
        # "Poland signed a deal with Hanwha to buy howitzers": the buyer signs with
        # the seller; "KAI inked a contract with Warsaw to supply jets": a maker
        # signs to supply its partner
        known = {actors[i].actor.country for i in sources or targets}
        others = [
            i
            for i in _signatories(tree, chain, slots, cues, top)
            if actors[i].actor.country not in known
        ]
        if sources:
            targets = others
        else:
            sources = others
    elif frame.name in ("order_noun", "take_noun"):
        sources, targets = _order_sides(tree, chain, actors, slots, cues, top, sources, targets)
    elif (
        frame.name == "give_noun"
        and sources
        and targets
        and all(i in slots and slots[i].relation == "prep:with" for i in targets)
        and (
            (
                not pick_by_slot(frame.source, level0, set())
                and all(_firm(tree, actors, slots, cues, i) for i in targets)
            )
            or _exporter_dealt_with(actors, sources, targets, cues)
        )
    ):
        # "Vietnam signed an arms deal with Israel's Elbit Systems": the firm the
        # signer deals with is the seller; so is a leading exporter ("Jakarta's arms
        # deal with Moscow"), where the text does not say who sells
        sources, targets = targets, sources
    if frame.name == "give_noun" and sources and not targets:
        targets = _receiver_of(tree, chain, slots, cues, set(sources))
    if frame.name == "give" and sources and not targets:
        targets = _ordered_by(tree, chain[0], actors, set(sources))
    if frame.name == "send_forces" and sources and not targets:
        targets = _requested_by(tree, chain[0], actors, set(sources))
    # "soldiers from Tonga, Vanuatu and Fiji will attend": a list the parser broke is
    # one side (two of its names chosen, so that a name after it is no member)
    listed_targets = [i for i in with_listed(targets, actors, tree, least=2) if i not in sources]
    sources = [i for i in with_listed(sources, actors, tree, least=2) if i not in targets]
    targets = listed_targets
    if not hostile:
        # "Turkey is watching the deliveries of F-16s to Greece": who watches a
        # transfer neither gives nor gets it
        sources = [i for i in sources if not _looked_on_from(tree, chain, slots.get(i), cues)]
        targets = [i for i in targets if not _looked_on_from(tree, chain, slots.get(i), cues)]
    if giving:
        # "will manufacture spare parts for Russian-made jets": the maker of what the
        # parts are for is no recipient
        targets = [i for i in targets if maker_participle(tree.tokens, actors[i], cues) is None]
    target_codes = {actors[i].actor.country for i in targets}
    # "Ukraine received its first Swedish vehicles": "its" is the recipient again
    distinct = [i for i in sources if actors[i].actor.country not in target_codes]
    if sources and not distinct and frame.name == "arrive":
        # "Moroccan Air Force F-16s arrived in Morocco from the United States": the
        # owner named on what arrives is the recipient; "from" names the supplier
        same = {i for i, span in enumerate(actors) if span.actor.country in target_codes}
        distinct = pick_by_slot(frame.source, slots, same)
    if distinct:
        sources = distinct
    source_codes = {actors[i].actor.country for i in sources}
    targets = [i for i in targets if actors[i].actor.country not in source_codes]
    return sources, targets


def _requested_by(tree: Tree, verb: int, actors: list[ActorSpan], exclude: set[int]) -> list[int]:
    """ "sent troops to Cabo Delgado at the request of the Mozambican government": the
    state that asked for the forces gets them, when no state is named where they go."""
    asked = [
        o
        for p in tree.prepositions(verb, "at", "on", "upon")
        for noun in tree.child_with(p, frozenset({"pobj"}))
        if tree.lemma(noun) in _REQUESTS
        for o in tree.objects_of(noun, "of")
    ]
    return [i for i in actors_under(tree, asked, actors) if i not in exclude]


#: what forces are sent at: "at the request of", "at the invitation of"
_REQUESTS = frozenset({"request", "invitation", "behest", "call", "appeal"})


def _course_runners(tree: Tree, verb: int, actors: list[ActorSpan], cues: Cues) -> list[int]:
    """Who runs the course or programme that is the verb's subject ("the course, run by
    the British Army, trained ..."), named by its participle's "by"."""
    courses = [s for s in subject_of(tree, verb) if tree.lemma(s) in cues.courses]
    runners = [
        by
        for participle in _participles_on(tree, courses, cues.course_givers, ("VBN", "VBD"))
        for by in tree.child_with(participle, frozenset({"agent"}))
    ]
    return actors_under(tree, runners, actors)


def _flown_from(tree: Tree, token: int) -> bool:
    """ "aircraft flying from Bahrain", "drones operating out of Djibouti"."""
    above = tree.head(token)
    if above is None or tree.lemma(above) not in ("from", "of"):
        return False
    verb = tree.head(above)
    if verb is not None and tree.lemma(verb) == "out":
        verb = tree.head(verb)
    return verb is not None and tree.tokens[verb].dep == "acl" and tree.lemma(verb) in _SORTIES


#: verbs of where forces operate from, as participles on what they describe
_SORTIES = frozenset({"fly", "operate", "launch", "sail", "take", "stage"})


def _struck(tree: Tree, token: int, cues: Cues) -> bool:
    """ "strikes on Libya", "the attack against Guyana", "attacks on Ukrainian ports":
    the state a deed of war is done to (or owns what it is done to)."""
    for _ in range(6):
        # up from the owner or the place of what is struck: "on Ukrainian ports",
        # "on peacekeepers' positions in southern Lebanon"
        above = tree.head(token)
        if above is None:
            return False
        if tree.tokens[token].dep in ("compound", "amod", "poss"):
            token = above
        elif tree.tokens[token].dep == "pobj" and tree.lemma(above) in ("in", "of"):
            owner = tree.head(above)
            if owner is not None and _done_by_another(tree, owner, cues):
                return True  # "Russia's invasion of Ukraine", "the Turkish operation in Iraq"
            token = above if owner is None else owner
        else:
            break
    above = tree.head(token)
    if above is None or tree.lemma(above) not in ("on", "against"):
        return False
    deed = tree.head(above)
    return deed is not None and (
        tree.lemma(deed) in cues.hostilities
        or tree.lemma(deed) in _BLOWS_AIMED
        # "criticised the EU sanctions on Russian oil": who is sanctioned is not blamed
        or tree.lemma(deed) in one_word_nouns("sanction", frame="impose_noun")
    )


def _done_by_another(tree: Tree, deed: int, cues: Cues) -> bool:
    """A deed of war (or a military operation) with its own doer before it: what its
    "of" or "in" phrase names is where or to whom it is done."""
    if tree.lemma(deed) not in cues.hostilities | cues.operations:
        return False
    return any(
        tree.tokens[c].dep == "poss"
        or (tree.tokens[c].dep in ("amod", "compound") and tree.tokens[c].text[:1].isupper())
        or (tree.tokens[c].dep == "agent")
        for c in tree.children[deed]
    )


#: words of a blow that name something else alone ("live-fire drills"), read only
#: as aimed "on" or "against" someone: "Israeli fire on UNIFIL positions"
_BLOWS_AIMED = frozenset({"fire", "shelling", "bombing", "airstrike", "shot", "missile"})


#: participles by which equipment names its maker: "frigates built by Hyundai"
_MAKING = frozenset({"build", "make", "manufacture", "produce", "develop", "design", "supply"})


def _made_by(tree: Tree, verb: int, actors: list[ActorSpan], relation: str) -> list[int]:
    """ "took delivery of two frigates built by Hyundai Heavy Industries", "howitzers
    made in South Korea were shipped": the maker of what changes hands supplies it."""
    things = tree.child_with(verb, frozenset({relation}))
    things += [o for t in things for o in tree.objects_of(t, "of")]
    # the parser may tag the participle a past tense ("drones built in Turkey")
    makers = [
        by
        for participle in _participles_on(tree, things, _MAKING, ("VBN", "VBD"))
        for by in tree.child_with(participle, frozenset({"agent", "prep"}))
        if tree.tokens[by].dep == "agent" or tree.lemma(by) == "in"
    ]
    return actors_under(tree, makers, actors)


def _ordered_by(tree: Tree, verb: int, actors: list[ActorSpan], exclude: set[int]) -> list[int]:
    """ "Navantia delivered two corvettes ordered by the Chilean navy": who ordered
    what is handed over gets it."""
    things = tree.child_with(verb, frozenset({"dobj"}))
    agents = [
        a
        for participle in _participles_on(tree, things, _ORDERING, ("VBN",))
        for a in tree.child_with(participle, frozenset({"agent"}))
    ]
    return [i for i in actors_under(tree, agents, actors) if i not in exclude]


def _participles_on(
    tree: Tree, things: list[int], lemmas: frozenset[str], tags: tuple[str, ...]
) -> list[int]:
    """The participles describing what changes hands, trains or comes along:
    "corvettes ordered by ...", "frigates built by ...", "howitzers made in ...", "the
    course, run by ...", "the ministers, joined by ..."."""
    return [
        p
        for t in things
        for p in tree.child_with(t, frozenset({"acl"}))
        if tree.tokens[p].tag in tags and tree.lemma(p) in lemmas
    ]


#: verbs of getting whose agent, on what is handed over, is its recipient
_ORDERING = frozenset({"order", "buy", "purchase", "acquire", "commission", "procure"})


def _receiver_of(
    tree: Tree, chain: list[int], slots: dict[int, Slot], cues: Cues, exclude: set[int]
) -> list[int]:
    """Who gets what the noun names, from the verb governing it: "Nigeria is expecting
    the delivery of helicopters from the US", "a shipment of shells reached Russia"."""
    if len(chain) < 2 or tree.tokens[chain[1]].pos not in ("VERB", "AUX"):
        return []
    lemma = tree.lemma(chain[1])
    if lemma in cues.receiving:
        keys: tuple[str, ...] = ("nsubj",)
    elif lemma in cues.arriving:
        keys = ("dobj", "prep:in", "prep:at", "prep:to")
    else:
        return []
    here = {i: s for i, s in slots.items() if s.level == 1 and i not in exclude}
    found = pick_by_slot(keys, here, exclude)
    if not found and keys == ("nsubj",) and tree.tokens[chain[1]].dep == "xcomp":
        # "Latvia is to receive a grant ...", "Ghana expects to get ...": the subject
        # of the verb the infinitive completes
        above = {i: s for i, s in slots.items() if s.level == 2 and i not in exclude}
        found = pick_by_slot(keys, above, exclude)
    return found


def _won_by(
    tree: Tree, chain: list[int], actors: list[ActorSpan], slots: dict[int, Slot], cues: Cues
) -> tuple[list[int], list[int]] | None:
    """ "Navantia wins Saudi corvette order": whoever wins an order sells, and the
    order's owner ("Saudi", "from Riyadh") buys; an order awarded goes the other way."""
    if (
        len(chain) < 2
        or tree.tokens[chain[0]].dep != "dobj"
        or tree.lemma(chain[1]) not in cues.winning | cues.awarding
    ):
        return None
    if tree.lemma(chain[1]) in cues.awarding:
        # "the Philippines awarded a contract to Israel's Elbit": the awarder buys,
        # whom it is awarded to sells
        buyers = [i for i, s in slots.items() if s.level == 1 and s.key in ("nsubj", "nsubj~")]
        sellers = pick_by_slot(
            ("prep:to", "prep:to~", "dative"), slots_at_level(slots, 1), set(buyers)
        )
        return (sellers, buyers) if sellers and buyers else None
    sellers = [i for i, s in slots.items() if s.level == 1 and s.key in ("nsubj", "nsubj~")]
    buyers = pick_by_slot(
        ("poss", "mod", "prep:from", "prep:from~", "poss~", "mod~"),
        slots_at_level(slots, 0),
        set(sellers),
    )
    if not sellers or not buyers:
        return None
    return sellers, buyers


def _order_sides(
    tree: Tree,
    chain: list[int],
    actors: list[ActorSpan],
    slots: dict[int, Slot],
    cues: Cues,
    top: int,
    sources: list[int],
    targets: list[int],
) -> tuple[list[int], list[int]]:
    """An order placed with its maker: "Peru signed a contract with Sweden for six
    jets" (the state signing buys from its partner); "Hanwha won a deal from
    Poland for howitzers" (a firm signing sells to it)."""
    if any(
        tree.tokens[c].dep in ("acl", "relcl") and tree.has_to(c) for c in tree.children[chain[0]]
    ):
        return sources, targets  # "a contract with Poland to export tanks" says who sells

    def firms(side: list[int]) -> bool:
        return bool(side) and all(_firm(tree, actors, slots, cues, i) for i in side)

    if not sources:
        # "Colombia and the Spanish shipyard Navantia concluded a contract for two
        # frigates": of the signers, the firm sells and the state buys
        signers = targets or [
            i
            for i, slot in slots.items()
            if slot.level <= top and slot.relation in ("nsubj", "nsubjpass")
        ]
        makers = [i for i in signers if _firm(tree, actors, slots, cues, i)]
        buyers = [i for i in signers if i not in makers]
        maker_codes = {actors[i].actor.country for i in makers}
        if makers and buyers and not maker_codes & {actors[i].actor.country for i in buyers}:
            return makers, buyers
    if not sources and targets:
        # "the two sides confirmed the contract for four vessels to be built by Spain's
        # Navantia": the maker of what the order is for sells to the other side
        makers = _builders_of_ordered(tree, chain, actors)
        codes = {actors[i].actor.country for i in makers}
        buyers = [i for i in targets if actors[i].actor.country not in codes]
        if makers and buyers:
            return makers, buyers
    if firms(targets) and sources and not firms(sources):
        return targets, sources  # "Rheinmetall won a contract from Hungary"
    partners = [
        i
        for i, slot in slots.items()
        if slot.level <= top
        and slot.direct
        and slot.relation in ("prep:with", "prep:from")
        and i not in sources
        and i not in targets
    ]
    if not partners:
        return sources, targets
    if targets and not sources:
        if firms(targets) or _sold(tree, chain[0]):
            return targets, partners  # the firm that signs is the maker
        if _ordered_for(tree, chain[:2]):
            return partners, targets
    return sources, targets


def _exporter_dealt_with(
    actors: list[ActorSpan], signers: list[int], partners: list[int], cues: Cues
) -> bool:
    """The partners of an arms deal are leading exporters and its signers are not."""
    return all(actors[i].actor.country in cues.arms_exporters for i in partners) and not any(
        actors[i].actor.country in cues.arms_exporters for i in signers
    )


def _sold(tree: Tree, noun: int) -> bool:
    """ "Turkey is negotiating sales deals with Morocco": the signer sells."""
    return any(
        tree.tokens[c].dep in ("compound", "amod") and tree.lemma(c) in _SELLING
        for c in tree.children[noun]
    )


def _firm(tree: Tree, actors: list[ActorSpan], slots: dict[int, Slot], cues: Cues, i: int) -> bool:
    """A maker: a company, a state's firm ("South Korea's Hyundai Rotem") or a state's
    makers ("two South Korean companies signed a contract with Poland")."""
    if actors[i].actor.kind == "company":
        return True
    noun = tree.head(span_head(tree, actors[i].tokens))
    if noun is None:
        return False
    if any(noun in span.tokens for span in actors if span.actor.kind == "company"):
        return True
    slot = slots.get(i)
    return slot is not None and slot.depth == 1 and tree.lemma(noun) in cues.firms


def _builders_of_ordered(tree: Tree, chain: list[int], actors: list[ActorSpan]) -> list[int]:
    """Who is to build what an order is for ("a contract for four vessels to be built
    by Navantia", "for frigates which will be built by Fincantieri")."""
    things = [o for node in chain[:2] for o in tree.objects_of(node, "for")]
    agents = [
        agent
        for thing in things
        for clause in tree.child_with(thing, frozenset({"acl", "relcl"}))
        if tree.tokens[clause].tag == "VBN" and tree.lemma(clause) in _MAKING
        for agent in tree.child_with(clause, frozenset({"agent"}))
    ]
    return actors_under(tree, agents, actors)


def _object_of_for(tree: Tree, word: int) -> bool:
    """Whether a word is itself what a "for" is for ("for the Kenya Defence Forces"),
    not a word describing it ("for Sweden's jets")."""
    above = tree.head(word)
    return tree.tokens[word].dep == "pobj" and above is not None and tree.lemma(above) == "for"


def _ordered_for(tree: Tree, noun_and_verb: list[int]) -> bool:
    """ "a contract with Sweden for six jets" is an order, whether "for" hangs off the
    noun or the signing verb; "sales deals with Morocco" or "deals with Chile to
    sell missiles" are the signer's sales."""
    return any(tree.prepositions(node, "for") for node in noun_and_verb) and not _sold(
        tree, noun_and_verb[0]
    )


_SELLING = frozenset({"sale", "sales", "export", "exports", "supply", "supplies"})


def _enrolled_in(
    tree: Tree, chain: list[int], slots: dict[int, Slot], exclude: set[int]
) -> list[int]:
    """ "Nigerian soldiers are in the British Army's training programme": who is in a
    programme is trained by it."""
    if len(chain) < 3 or tree.lemma(chain[1]) != "in" or tree.lemma(chain[2]) not in _BEING_IN:
        return []
    return [
        i
        for i, s in slots.items()
        if s.level == 2 and s.key in ("nsubj", "nsubj~") and i not in exclude
    ]


_BEING_IN = frozenset({"be", "enrol", "enroll", "participate", "serve", "remain"})


def _provided_by(tree: Tree, noun: int, actors: list[ActorSpan]) -> list[int]:
    """The agent of a participle that gives the noun: "training provided by the US",
    "instruction given by French officers"."""
    agents = {
        t
        for verb in tree.child_with(noun, frozenset({"acl"}))
        if tree.tokens[verb].tag == "VBN"
        for a in tree.child_with(verb, frozenset({"agent"}))
        for t in tree.subtree(a)
    }
    return [i for i, span in enumerate(actors) if span.head in agents]


def _taught_with(tree: Tree, noun: int, actors: list[ActorSpan], cues: Cues) -> list[int]:
    """ "a year of training with Swedish Air Force instructors": whom one trains "with",
    when they are instructors, teaches."""
    teachers = [o for o in tree.objects_of(noun, "with") if tree.lemma(o) in cues.trainers]
    return actors_under(tree, teachers, actors)


def _given_to(
    tree: Tree, chain: list[int], slots: dict[int, Slot], cues: Cues, top: int, exclude: set[int]
) -> list[int]:
    """Who is given what the noun names: "provided Somalia with training", "offered
    military training to Chadian soldiers", "will supply Poland with tanks, along with
    training"."""
    for level in range(1, top + 1):
        if tree.tokens[chain[level]].pos not in ("VERB", "AUX"):
            continue
        if tree.lemma(chain[level]) not in cues.granting | cues.providing_with:
            return []
        return [
            i
            for i, s in slots.items()
            if s.level == level and s.key in _GIVEN_TO and i not in exclude
        ]
    return []


def _course_subject_for(
    tree: Tree, chain: list[int], actors: list[ActorSpan], exclude: set[int]
) -> list[int]:
    if len(chain) < 2 or tree.tokens[chain[0]].dep != "dobj":
        return []
    takers = course_subject_takers(tree, chain[1])
    return [i for i in actors_under(tree, takers, actors) if i not in exclude]


def course_subject_takers(tree: Tree, giver: int) -> list[int]:
    """ "opened a course in boarding and search and rescue for officers from Kenya":
    the parser hangs "for" on the course's subject, which hangs on the verb."""
    subjects = [t for p in tree.prepositions(giver, "in", "on") for t in tree.subtree(p)]
    return [o for t in subjects for o in tree.objects_of(t, "for")]


_GIVEN_TO = frozenset({"dobj", "dative", "prep:to", "prep:to~", "dobj~"})
_TRAINER_PREPOSITIONS = ("in", "from", "by", "at", "with")


def _undergone(
    tree: Tree, chain: list[int], actors: list[ActorSpan], slots: dict[int, Slot], cues: Cues
) -> tuple[list[int], list[int]] | None:
    """Training that the subject undergoes: "Nigerian pilots will undergo training in
    Pakistan", "received training from British instructors", "sent officers to Turkey
    to undergo training" (the sender's people are trained where they are sent)."""
    if len(chain) < 2 or tree.lemma(chain[1]) not in cues.undergoing:
        return None
    # "have begun training on the Leopard in Poland": the model may make the noun the
    # verb's complement
    if tree.tokens[chain[0]].dep not in ("dobj", "nsubjpass", "xcomp"):
        return None
    if tree.lemma(chain[0]) in cues.training_missions:
        return None  # "Brazilian marines began a training mission in Cabo Verde": they train
    trainers = [
        i
        for i, s in slots.items()
        if s.level <= 1
        and s.relation.startswith("prep:")
        and s.relation[5:] in _TRAINER_PREPOSITIONS
    ]
    trainees = [i for i, s in slots.items() if s.level == 1 and s.key in ("nsubj", "nsubj~")]
    if not trainees and len(chain) > 2 and tree.lemma(chain[2]) in cues.sending:
        # "Kenya sent officers to Turkey to undergo training"
        trainees = [i for i, s in slots.items() if s.level == 2 and s.key in ("nsubj", "nsubj~")]
        trainers = trainers or [
            i for i, s in slots.items() if s.level == 2 and s.key in ("prep:to", "prep:to~")
        ]
    if not trainees:
        trainees = _inherited_subject(tree, chain, None, actors, slots, set(trainers))
    trainee_codes = {actors[i].actor.country for i in trainees}
    trainers = [i for i in trainers if actors[i].actor.country not in trainee_codes]
    return trainers, trainees


def _signed_to_trade(
    frame: Frame, tree: Tree, chain: list[int], actors: list[ActorSpan], sources: list[int]
) -> bool:
    """A verb of buying, or of supplying said of a company, that is the purpose
    ("to buy", "to supply") of a deal signed in its clause."""
    if frame.name == "take":
        pass
    elif frame.name != "give" or not sources:
        return False
    elif not all(actors[i].actor.kind == "company" for i in sources):
        return False  # "Poland signed with Hanwha to supply ...": who supplies is unclear
    return any(c for c in tree.children[chain[0]] if tree.tokens[c].tag == "TO")


def _signatories(
    tree: Tree, chain: list[int], slots: dict[int, Slot], cues: Cues, top: int
) -> list[int]:
    """The parties of a deal signed (or talked about) in the trigger's clause:
    subjects and "with" objects."""
    for level in range(1, top + 1):
        if tree.lemma(chain[level]) in cues.signing | cues.negotiating:
            here = slots_at_level(slots, level)
            parties = pick_by_slot(("nsubj", "nsubj~", "nsubjpass"), here, set())
            # "signed an MoU with HAL": the partner may hang off the agreement noun
            parties += [
                i
                for i, slot in here.items()
                if slot.preposition == "with" and slot.relation in ("prep:with", "dobj")
            ]
            # "inked the contract with Warsaw's agency to supply jets": the partner
            # hangs off the agreement noun below the signing verb
            parties += [
                i
                for i, slot in slots.items()
                if 0 < slot.level < level
                and tree.lemma(chain[slot.level]) in cues.agreements
                and slot.relation == "prep:with"
            ]
            return list(dict.fromkeys(parties))
    return []


def _identified_with(tree: Tree, noun: int, actors: list[ActorSpan]) -> list[int]:
    """Who a noun of a role names: the subject of a copula ("France is Greece's
    main supplier", "Israel is among its suppliers"), the complement of a copula
    whose subject the noun is ("Greece's largest supplier is France"), or the
    phrase it stands in apposition to ("Israel, one of Azerbaijan's suppliers,")."""
    node = noun
    head = tree.head(node)
    if tree.tokens[node].dep == "pobj" and head is not None:
        if tree.lemma(head) == "among":
            node, head = head, tree.head(head)  # "is among its suppliers"
        elif tree.lemma(head) == "of" and tree.head(head) is not None:
            one = tree.head(head)
            if one is not None and tree.lemma(one) == "one":
                node, head = one, tree.head(one)  # "one of its suppliers"
    if head is None:
        return []
    dep = tree.tokens[node].dep
    if dep == "attr":
        return _copula_subjects(tree, node, actors)
    if dep == "prep" and tree.lemma(head) in COPULAS:
        return actors_under(tree, subject_of(tree, head), actors)
    if dep == "nsubj" and tree.lemma(head) in COPULAS:
        return actors_under(tree, tree.child_with(head, frozenset({"attr"})), actors)
    if dep == "appos":
        return [i for i, span in enumerate(actors) if span.head == head]
    return []


def _copula_subjects(tree: Tree, noun: int, actors: list[ActorSpan]) -> list[int]:
    """The actors subject of "be" or "become" whose complement is the noun."""
    verb = tree.head(noun)
    if tree.tokens[noun].dep != "attr" or verb is None or tree.lemma(verb) not in COPULAS:
        return []
    return actors_under(tree, subject_of(tree, verb), actors)


def basing_roles(
    tree: Tree,
    chain: list[int],
    actors: list[ActorSpan],
    slots: dict[int, Slot],
    cues: Cues,
) -> tuple[list[int], list[int]] | None:
    """Host and user of a base, port call or airfield.

    Under a granting verb ("Greece allowed the US to use its base", "Sudan
    offered Russia a naval base") its subject hosts and its object uses;
    otherwise the base's owner ("Sri Lanka's harbour", "an Indian air base",
    "in Djibouti") hosts and the subject of the clause uses it.
    """
    top = clause_top(tree, chain)
    if any(tree.lemma(n) == "host" for n in chain[1 : top + 1]):
        return None  # "Djibouti hosts a Chinese naval base": the host verb reads it
    last = min(top, len(chain) - 1)
    if (
        last + 1 < len(chain)
        # the parser may tag a bare infinitive a present verb: "let forces use"
        and (tree.has_to(chain[last]) or tree.tokens[chain[last]].tag in ("VB", "VBP"))
        and tree.lemma(chain[last + 1]) in cues.granting
    ):
        # "Greece allowed the United States to use its base", "letting China build a
        # base": the parser gives the infinitive a subject of its own, and the granting
        # verb lies above it
        last += 1
    for level in range(1, last + 1):
        if tree.lemma(chain[level]) not in cues.granting:
            continue
        hosts = pick_by_slot(("nsubj", "nsubj~", "poss"), slots_at_level(slots, level), set())
        if (
            not hosts
            and level + 1 < len(chain)
            and (tree.tokens[chain[level]].tag == "VBG" or tree.tokens[chain[level]].dep == "xcomp")
        ):
            # "is considering letting China build a base", "has agreed to let Australian
            # forces use the camp": the doer is the subject above it
            hosts = pick_by_slot(("nsubj", "nsubj~"), slots_at_level(slots, level + 1), set())
        users = pick_by_slot(
            # "opened its airspace to Russian military aircraft": the aircraft's owner;
            # "granted British troops access to its training grounds"
            ("dative", "dobj", "prep:to", "dative~", "dobj~", "prep:to~"),
            slots_at_level(slots, level),
            set(hosts),
        )
        if not users:  # "allowed the US to use ...": the parser makes it the subject of "use"
            below = {i: s for i, s in slots.items() if 0 < s.level < level}
            # "granted the US access to its base": the parser hangs "US" on "access",
            # or "Australian forces" before it
            # "granted overflight rights to Sudanese aircraft": "to" on the rights
            users = pick_by_slot(
                ("nsubj", "nsubj~", "mod", "mod~", "prep:to", "prep:to~"), below, set(hosts)
            )
        if users and not hosts:
            # "signed an accord giving US forces access to a naval base": the other
            # signatory grants it
            user_codes = {actors[i].actor.country for i in users}
            # "the accord signed by Qatar and Rwanda grants Qatari forces access":
            # the parties named inside the granting subject
            inside = pick_by_slot(("nsubj~~",), slots_at_level(slots, level), set(users))
            hosts = [
                i
                for i in _signatories(tree, chain, slots, cues, top) + inside
                if actors[i].actor.country not in user_codes
            ]
        if hosts and users:
            return hosts, users
    level0 = slots_at_level(slots, 0)
    owners = pick_by_slot(("poss", "mod", "mod~"), level0, set())
    places = pick_by_slot(
        ("prep:in", "prep:at", "prep:on~", "prep:in~", "prep:at~", "*in", "*at"), level0, set()
    )
    owner_codes = {actors[i].actor.country for i in owners}
    upper = {i: s for i, s in slots.items() if 0 < s.level <= top}
    users = []
    # "Eritrea became a UAE base": the subject of the copula is the place
    places += [i for i in _copula_subjects(tree, chain[0], actors) if i not in places]
    if owners and any(actors[i].actor.country not in owner_codes for i in places):
        # "France's military base in Gabon", "a Chinese naval base in Cambodia": the
        # place hosts, the owner uses
        hosts = [i for i in places if actors[i].actor.country not in owner_codes]
        users = owners
    elif (
        owners
        and not places
        and (located := _located_in(tree, chain, actors, slots, cues, owner_codes))
    ):
        # "Russia's 201st base is located in Tajikistan", "Japan's base is in Djibouti"
        hosts, users = located, owners
    elif (
        owners
        and not places
        and _leased(
            tree,
            chain[min(top, len(chain) - 1)],
            cues,
            adjective=all(actors[i].adjective for i in owners),
        )
        and (
            lessors := [
                i
                for i in pick_by_slot(("nsubj", "nsubj~"), upper, set(owners))
                if actors[i].actor.country not in owner_codes
            ]
        )
    ):
        # "Djibouti extended the lease for Italy's base": whose base is leased uses it,
        # the subject who leases it out hosts (not "Pakistan extended access to its bases")
        users, hosts = owners, lessors
    else:
        hosts = owners or places
    # "a port call by a British warship in Guyana": "by" names the user too
    users = users or pick_by_slot(
        ("prep:for", "prep:for~", "prep:to", "prep:by", "prep:by~"), level0, set(hosts)
    )
    if not hosts and tree.lemma(chain[0]) in ("call", "visit"):
        # "Russian warships arrived in Cuba for a port call (visit)": where it is made
        hosts = pick_by_slot(("prep:in", "prep:at", "prep:to"), upper, set())
    if not hosts and len(chain) > 1 and tree.lemma(chain[1]) in cues.operating | cues.establishing:
        # "Russia keeps a base in Armenia's Gyumri": the place hangs on the verb
        hosts = pick_by_slot(
            ("prep:in", "prep:in~", "prep:at", "prep:at~"), slots_at_level(slots, 1), set()
        )
    if not users and len(chain) > 2 and tree.lemma(chain[2]) == "access":
        # "Indian Navy access to the port of Duqm": whose access it is uses the port
        users = pick_by_slot(("poss", "mod", "mod~"), slots_at_level(slots, 2), set(hosts))
    if not users:
        users = pick_by_slot(
            ("nsubj", "nsubj~", "nsubjpass", "nsubjpass~", "poss", "prep:to"), upper, set(hosts)
        )
    host_codes = {actors[i].actor.country for i in hosts}
    lexicon = load_actor_lexicon()
    users = [
        i
        for i in users
        if actors[i].actor.country not in host_codes
        # NATO using an American base is the United States using its own
        and not host_codes & set(_members(lexicon, actors[i].actor.country))
    ]
    if not hosts or not users:
        return None
    return hosts, users


def _located_in(
    tree: Tree,
    chain: list[int],
    actors: list[ActorSpan],
    slots: dict[int, Slot],
    cues: Cues,
    owners: set[str],
) -> list[int]:
    """The states a base is said to be in when it is the subject of a verb of place
    ("Russia's base is located in Tajikistan", "Japan's base is in Djibouti"),
    other than its owners."""
    if len(chain) < 2 or tree.tokens[chain[0]].dep not in ("nsubj", "nsubjpass"):
        return []
    if tree.lemma(chain[1]) not in cues.located:
        return []
    places = pick_by_slot(("prep:in", "prep:at"), slots_at_level(slots, 1), set())
    return [i for i in places if actors[i].actor.country not in owners]


def _leased(tree: Tree, clause: int, cues: Cues, adjective: bool) -> bool:
    """ "extended the lease for Italy's base", "renewed China's lease on the port": a
    base named in a clause about its lease is on another state's land; so is a
    "Turkish base" whose deal is renewed (an adjective: not "Qatar's air base" or
    "the Djibouti base", which are where they stand)."""
    words = cues.leases | cues.renewals if adjective else cues.leases
    return any(tree.lemma(t) in words for t in tree.subtree(clause))


def _members(lexicon: ActorLexicon, code: str) -> tuple[str, ...]:
    entry = lexicon.entries.get(code)
    return entry.members if entry else ()


def slots_at_level(slots: dict[int, Slot], level: int) -> dict[int, Slot]:
    return {i: s for i, s in slots.items() if s.level == level}


def pick_participants(
    frame: Frame,
    tree: Tree,
    chain: list[int],
    attribution: int | None,
    actors: list[ActorSpan],
    slots: dict[int, Slot],
    trigger: Trigger,
) -> list[int]:
    cues = load_cues()
    keys = set(frame.participants)
    # "*with": under any phrase; "nsubj~~|from": deep in the subject, behind "from"
    anywhere = [k for k in frame.participants if k.startswith("*") or "|" in k]
    if trigger.requires == "agreed_production":
        # "GE said it had signed an MoU with HAL to produce engines": the signatories
        signatories = _signatories(tree, chain, slots, cues, clause_top(tree, chain))
        if _pronoun_subject(tree, chain) or not signatories:
            signatories += _inherited_subject(
                tree, chain, attribution, actors, slots, set(signatories)
            )
        return sorted(set(signatories), key=lambda i: actors[i].head)
    if is_negated(tree, chain, cues):
        # "India will not join the drills, which Russia and China hold": theirs only
        holders = holders_apart(tree, chain[0], actors, cues)
        if holders:
            return holders
    members: list[int] = []
    reach = _before_its_time(tree, chain, trigger, actors, cues)
    # "a frigate visited Cambodia, prompting Thailand to hold drills": no higher
    reach = next(
        (
            reach[: level + 1]
            for level in range(1, len(reach))
            if _caused_to_act(tree, reach, level, cues)
        ),
        reach,
    )
    for level in range(len(reach)):
        shallow = [
            i
            for i, s in slots.items()
            if s.level == level
            and (s.key in keys or any(s.matches(k) for k in anywhere))
            and not _agent_of_another_deed(tree, actors[i].head, cues)
            and not _payer(tree, chain, s, cues)
        ]
        if level and (
            _judging(tree, chain[level], cues)
            or _urging(tree, chain, level, cues)
            or _caused_to_act(tree, chain, level, cues)
        ):
            # "China called the drills by Japan and India provocative", "Germany urged
            # Turkey to join the drills", "Russia prompted Belarus to hold drills": not
            # China, not Germany, not Russia
            shallow = [i for i in shallow if slots[i].relation not in ("nsubj", "nsubjpass")]
        deep = [i for i in shallow if slots[i].depth == 2]
        members += [i for i in shallow if slots[i].depth < 2]
        if level == 0:
            # "Kyrgyz-Chinese talks": the other half of the noun's own hyphened pair,
            # before a noun it is joined to lends its parties ("Kazakh-Uzbek drill")
            members += _hyphen_partners(members, actors, tree)
        if deep:
            nearest = _nearest(deep, slots)
            # "the commanders ..., from Ghana, Togo and Benin, met": the whole list,
            # its items named by the states owning them ("the Ghana Navy and
            # Senegal's navy")
            listed = {c for i in nearest for c in tree.conjuncts(actors[i].head)}
            listed |= {c for i in nearest for c in tree.conjuncts(tree.phrase_top(actors[i].head))}
            members += nearest + [
                i
                for i in deep
                if i not in nearest
                and (actors[i].head in listed or _owner_of_item(tree, actors[i].head, listed))
            ]
        if _parties(actors, members) >= 2 and not (
            # "Ankara has defence agreements with Libya and Qatar": partners "with" the
            # noun leave its holder to the verb above
            level == 0 and all(slots[i].preposition == "with" for i in members)
        ):
            members += [
                i for i in _lent_subjects(tree, reach, level, slots, cues) if i not in members
            ]
            break
        node = chain[level]
        subjects = subject_of(tree, node) if tree.tokens[node].pos in ("VERB", "AUX") else []
        # "a plan that includes drills": the pronoun stands for the noun the chain climbs to
        subjects = [s for s in subjects if tree.lemma(s).lower() not in RELATIVE_PRONOUNS]
        if subjects and (level > 0 or actors_under(tree, subjects, actors)):
            # the parties are found no higher than the first verb with a subject (a
            # drill verb whose subject names no one may be a noun the parser took
            # for a verb: "China and Pakistan began their Sea Guardian drills")
            break
        if level + 1 < len(chain) and _watched_from(tree, chain, level + 1, cues):
            break  # "officers from Myanmar observed the drills", "X condemned the drills"
        if level + 1 < len(chain) and _passed_by(tree, chain[level], chain[level + 1], cues):
            break  # "two Russian warships sailed close to the drills": passers-by
    if (
        members
        and len(chain) > 1
        and tree.tokens[chain[0]].dep in ("nsubj", "nsubjpass")
        and any(
            slots[i].level == 0 and slots[i].relation.startswith("prep:includ") for i in members
        )
    ):
        # "The exercise, including forces from Chile, alongside Spain and Portugal,
        # focuses on ...": wherever the parser hangs "alongside" (on the verb, on the
        # last item), it lists more of the subject's parties
        members += [
            i
            for i, s in slots.items()
            if i not in members
            and (
                (s.level == 1 and s.key in ("prep:alongside", "prep:alongside~"))
                or (
                    s.level == 0
                    and s.relation.startswith("prep:includ")
                    and s.preposition == "alongside"
                )
            )
        ]
    if (not members and frame.name == "partake") or (
        frame.name in ("symmetric", "meet", "receive", "confer") and _parties(actors, members) < 2
    ):
        # "..., and France, which deployed a frigate", "the ministers of Peru and
        # Chile, who later held talks": the states the clause describes
        members += [i for i in _antecedent_of(tree, chain[0], actors) if i not in members]
    if frame.name in ("symmetric", "meet", "confer"):
        # "Indian ships returned after a deployment during which they exercised with
        # the navies of Indonesia and the Philippines": "they" are the ships
        members += [i for i in _pronoun_of_main_subject(tree, chain[0], actors) if i not in members]
    members += [i for i in _taking_part(tree, reach, actors, slots, cues) if i not in members]
    members += [i for i in _with_contributors(tree, chain, actors, cues) if i not in members]
    members += [i for i in _holders_beside(tree, chain, actors, cues) if i not in members]
    members += [i for i in _joined_by(tree, reach, actors) if i not in members]
    members += [i for i in _bracketed_list(tree, chain, actors) if i not in members]
    members += [i for i in _with_participation_of(tree, chain, actors) if i not in members]
    members += [
        i
        for i in _listed_as_taking_part(tree, chain, actors, cues)
        if i not in members and not _in_listed_happening(tree, chain, actors[i].head, trigger.type)
    ]
    if trigger.type == "joint_exercise":
        members += [i for i in _forces_while_it_runs(tree, chain, actors, cues) if i not in members]
    members += [i for i in _delegates(tree, chain[0], actors) if i not in members]
    members += [i for i in _partaking_holders(tree, chain, actors, cues) if i not in members]
    if trigger.type in ("joint_exercise", "defense_meeting") and attribution is not None:
        members += [
            i for i in _beside_the_report(tree, attribution, actors, cues) if i not in members
        ]
    if trigger.type == "joint_exercise" and members:
        members += [i for i in _hosts_said_of(tree, actors) if i not in members]
    owners = [c for c in tree.child_with(chain[0], frozenset({"poss"})) if tree.is_pronoun(c)]
    if owners:
        # "Hatami met his Venezuelan counterpart": "his" is the clause's subject
        members += _inherited_subject(
            tree, chain, attribution, actors, slots, set(members), speaker=False
        )
        if _parties(actors, members) < 2:
            # "Oman's chief of staff chaired the session, which brought together his
            # counterparts from Qatar and Kuwait": the one named last before "his",
            # and the states the counterparts come from
            before = [i for i, span in enumerate(actors) if span.head < owners[0]]
            guests = actors_under(tree, tree.prepositions(chain[0], "from"), actors)
            if before and guests:
                members += [max(before, key=lambda i: actors[i].head), *guests]
                members = list(dict.fromkeys(members))
    if _parties(actors, members) < 2:
        # the parties are often the subject of a governing verb
        # ("Iran and Iraq agreed to cooperate in air defence")
        inherited = _inherited_subject(
            tree,
            reach,
            attribution,
            actors,
            slots,
            set(members),
            # "GE said it had signed an MoU with HAL": "it" is the speaker
            speaker=_pronoun_subject(tree, chain),
        )
        members += [
            i
            for i in inherited
            if i not in members
            and not (
                i in slots
                and (
                    # "Sweden sent a delegation to observe the drills": a watcher below
                    any(
                        _watched_from(tree, chain, level, cues)
                        and tree.tokens[chain[level]].dep != "prep"
                        for level in range(1, min(slots[i].level + 1, len(chain)))
                    )
                    or _judging(tree, chain[slots[i].level], cues)
                    or _payer(tree, chain, slots[i], cues)
                    or any(
                        _passed_by(tree, chain[level - 1], chain[level], cues)
                        for level in range(1, min(slots[i].level + 1, len(chain)))
                    )
                )
            )
        ]
    if trigger.requires == "cooperation" and _parties(actors, members) < 2:
        # "agreed to deepen defence ties between both nations":
        # the parties of the cooperation agreed on
        members += [
            i
            for i, s in slots.items()
            if s.level == 0 and s.preposition == "between" and i not in members
        ]
    if len({actors[i].actor.country for i in members}) < 2:
        # a meeting or joint drill held in a named country involves it
        extra = [
            i
            for i, s in slots.items()
            # within the happening's reach: not where what prompted it happened
            if s.key in ("prep:in", "prep:at") and s.level < len(reach) and i not in members
        ]
        # not "the ASEAN summit in Manila": an organisation meets where it likes
        hosted_body = trigger.type == "defense_meeting" and all(
            actors[i].actor.kind == "organization" for i in members
        )
        if (
            members
            and not hosted_body
            and trigger.type in ("defense_meeting", "joint_exercise", "defense_industry")
        ):
            members += extra
    members = with_listed(members, actors, tree)
    members += _hyphen_partners(members, actors, tree)
    if trigger.type == "defense_agreement":
        # "signed a letter of intent to buy German and American air defence systems":
        # the makers of what the accord is about do not sign it
        members = [i for i in members if not _maker_in_content(tree, actors[i], slots.get(i))]
    if trigger.type != "defense_industry":
        # "drills with US-made tanks": the maker of what is used takes no part
        members = [i for i in members if maker_participle(tree.tokens, actors[i], cues) is None]
    onlookers = _onlooker_states(tree, actors, cues)
    # "Iceland, which had only joined the drills as an observer": whoever the verb
    # has for its doer, however found, only watches
    watched_from = next(
        (
            level
            for level, node in enumerate(chain[1:], start=1)
            if tree.tokens[node].pos == "VERB" and as_onlookers(tree, node, cues)
        ),
        None,
    )
    members = [
        i
        for i in members
        if not _beyond(tree, actors[i].head, chain, cues)
        and not (i in slots and as_onlookers(tree, chain[slots[i].level], cues))
        and not _told_about(tree, chain, slots.get(i), cues)
        and not (watched_from is not None and (i not in slots or slots[i].level >= watched_from))
        and not _watching(tree, actors[i].head, chain, cues)
        and not _named_as_onlooker(tree, actors[i].head, cues)
        and not (actors[i].via == "pronoun" and actors[i].actor.country in onlookers)
    ]
    return sorted(members, key=lambda i: actors[i].head)


def _onlooker_states(tree: Tree, actors: Sequence[ActorSpan], cues: Cues) -> set[str]:
    """The states this sentence names as the subjects of a verb "as observers" ("Japan
    and the UK attended as observers, a status they have held at the meeting"): a
    pronoun standing for them names no party."""
    found: set[str] = set()
    for span in actors:
        top = tree.list_head(span.head)
        verb = tree.head(top)
        if (
            span.via != "pronoun"
            and tree.tokens[top].dep == "nsubj"
            and verb is not None
            and as_onlookers(tree, verb, cues)
        ):
            found.add(span.actor.country)
    return found


def _forces_while_it_runs(
    tree: Tree, chain: list[int], actors: list[ActorSpan], cues: Cues
) -> list[int]:
    """ "Soldiers from Samoa and Fiji rebuilt a wharf as Exercise X drew to a close":
    forces busy as the drill opens or ends are its parties (not "patrolled the border
    while the exercise continued", which may be apart from it)."""
    noun = tree.phrase_top(chain[0])
    clause = tree.head(noun)
    if (
        clause is None
        or tree.tokens[noun].dep != "nsubj"
        or tree.tokens[clause].dep != "advcl"
        or not any(tree.lemma(m) == "as" for m in tree.child_with(clause, _MARK))
        or not (tree.lemma(clause) in cues.taking_part or _draws_to_a_close(tree, clause))
    ):
        return []
    verb = tree.head(clause)
    while verb is not None and not subject_of(tree, verb) and tree.tokens[verb].dep in _OPEN:
        verb = tree.head(verb)  # "spent ten days rebuilding ...": the subject of "spent"
    if verb is None:
        return []
    forces = [s for s in subject_of(tree, verb) if tree.lemma(s) in cues.forces]
    return [
        i
        for i in actors_under(tree, forces, actors)
        if not _behind(tree, actors[i].head, verb, cues)
    ]


def _draws_to_a_close(tree: Tree, verb: int) -> bool:
    return tree.lemma(verb) in ("draw", "come") and any(
        tree.lemma(o) in ("close", "end") for o in tree.objects_of(verb, "to")
    )


_MARK = frozenset({"mark"})
_OPEN = frozenset({"xcomp", "conj", "advcl"})


def _named_as_onlooker(tree: Tree, token: int, cues: Cues) -> bool:
    """ "..., with Pakistan and the US as observers": a list whose first item says
    "as observers" of itself (nlp/repairs.py hangs the "as" there) only watches."""
    top = tree.phrase_top(token)
    return _as_onlooker(tree, tree.list_head(top), cues) or _as_onlooker(tree, top, cues)


def _before_its_time(
    tree: Tree, chain: list[int], trigger: Trigger, actors: list[ActorSpan], cues: Cues
) -> list[int]:
    """ "Before the drills, India and Pakistan exchanged fire": what is done before,
    after or during a drill is no sign of who holds it, so its parties are sought
    below ("during the exercise, Russian jets flew close" names no participant;
    "during the exercise, Fijian marines practised landings" does). Who meets on the
    sidelines of a summit its own words name ("the NATO summit") is no sign of who
    holds it either."""
    if trigger.type == "defense_meeting" and trigger.is_noun:
        nouns = {chain[0], tree.phrase_top(chain[0])}
        if any(_named_on(tree, span.head, nouns) for span in actors):
            for level, node in enumerate(chain[1:], start=1):
                if _on_its_sidelines(tree, chain, level, cues):
                    return chain[:level]  # "met on the sidelines of the NATO summit"
                if tree.tokens[node].pos in ("VERB", "AUX"):
                    break
        return chain
    if trigger.type != "joint_exercise":
        return chain
    modifier, owner = chain[0], tree.head(chain[0])
    while owner is not None and tree.tokens[modifier].dep in ("compound", "poss", "nmod"):
        if tree.lemma(owner) in one_word_nouns("defense_meeting"):
            # "attended the exercise's senior leaders' seminar": who meets, not who drills
            return chain[:1]
        modifier, owner = owner, tree.head(owner)
    for level, node in enumerate(chain[1:], start=1):
        if tree.lemma(node).lower() in _SEQUENCE and tree.tokens[node].dep in ("prep", "advmod"):
            return chain[:level]  # "after the drills", "ahead of the drills"
        if (
            tree.lemma(node).lower() in cues.in_its_time
            and tree.tokens[node].dep == "prep"
            # "frigates sailed ... during a joint exercise", "during their drills": the
            # deed's doers hold it; "during the exercise" is one named before
            and _pointing_back(tree, chain[0])
            and not _drills_in_it(tree, node, cues)
        ):
            return chain[:level]
        if (
            tree.lemma(node) in _SPANS
            and tree.tokens[node].dep == "pobj"
            and _pointing_back(tree, chain[0])
            and not _drills_in_it(tree, node, cues)
        ):
            # "Warsaw kept its border crossings with Belarus closed for the duration of
            # the exercise": what is done while it runs, like "during"
            return chain[:level]
        if _on_its_sidelines(tree, chain, level, cues) and not _drills_in_it(
            tree, tree.head(node), cues
        ):
            # "on the sidelines of the exercise, the chiefs of staff met": beside it
            return chain[:level]
        if (
            tree.lemma(node) in _USED_IN
            and tree.tokens[node].dep == "acl"
            and level + 1 < len(chain)
        ):
            # "the Namibian army trucks used in the exercise were donated by China":
            # whose the things used are, not what is said of them
            return chain[: level + 2]
        if tree.tokens[node].pos in ("VERB", "AUX"):
            break
    return chain


def _on_its_sidelines(tree: Tree, chain: list[int], level: int, cues: Cues) -> bool:
    """Whether the chain's word at `level` puts what hangs on it beside the happening
    below ("on the sidelines of the summit", "on the margins of the drills")."""
    node = chain[level]
    return (
        tree.lemma(node).lower() in cues.beside_it
        and tree.lemma(chain[level - 1]) == "of"
        and tree.tokens[node].dep == "pobj"
    )


#: verbs of things put to use in a drill ("trucks used in the exercise")
_USED_IN = frozenset({"use", "employ"})


def _pointing_back(tree: Tree, noun: int) -> bool:
    """ "the exercise", "these drills": a noun whose determiner points back."""
    return any(
        tree.tokens[c].dep == "det" and tree.lemma(c).lower() in _POINTING_BACK
        for c in tree.children[noun]
    )


_POINTING_BACK = frozenset({"the", "this", "that", "these", "those"})


def _drills_in_it(tree: Tree, preposition: int | None, cues: Cues) -> bool:
    """Whether the deed a "during ..." or "on the sidelines of ..." phrase hangs on is
    drilling in the happening it names."""
    deed = tree.head(preposition) if preposition is not None else None
    return deed is not None and _done_in_the_drill(tree, deed, cues)


def _done_in_the_drill(tree: Tree, deed: int, cues: Cues) -> bool:
    """Whether what is done in a drill's time is done in the drill: "Fijian marines
    practised landings", "a centre was tested, with personnel from Chile taking part"."""
    with_phrases = [c for c in tree.children[deed] if tree.lemma(c) == "with"]
    return any(
        tree.lemma(verb) in cues.doing_the_drill or _takes_part(tree, verb)
        for verb in [deed, *(w for c in with_phrases for w in tree.subtree(c))]
    )


#: prepositions that put a clause before or after a happening, not in it
_SEQUENCE = frozenset({"before", "after", "ahead", "following", "prior", "since"})
#: nouns by which a happening gives a span of time: "for the duration of the exercise"
_SPANS = frozenset({"duration", "course", "length"})


def as_onlookers(tree: Tree, verb: int, cues: Cues) -> bool:
    """ "Japan and Australia joined the drills as observers": the verb's parties watch
    (the parser may hang "as observers" on the object: "attending the exercise as
    observers")."""
    holders = [verb, *tree.child_with(verb, frozenset({"dobj"}))]
    if tree.lemma(verb) in cues.sending and any(_onlooker_noun(tree, o, cues) for o in holders[1:]):
        return True  # "Brazil will send observers (an observer team) to the drill"
    return any(_as_onlooker(tree, holder, cues) for holder in holders)


def _as_onlooker(tree: Tree, holder: int, cues: Cues) -> bool:
    """Whether a word has an "as observers" phrase of its own (not "as participants
    and Burundi as an observer", where the observer is the next item's)."""
    return any(
        any(tree.lemma(t) in cues.onlookers for t in _words_before_next_item(tree, prep))
        for prep in tree.prepositions(holder, "as")
    )


def _words_before_next_item(tree: Tree, prep: int) -> list[int]:
    """A phrase's words up to a name listed after its noun, which starts an item of
    its own (the parser may hang that item's "as" on the noun before it)."""
    names = [
        item
        for role in tree.child_with(prep, _POBJ)
        for item in tree.conjuncts(role)[1:]
        if tree.tokens[item].pos == "PROPN"
    ]
    end = min(names, default=len(tree.tokens))
    return [t for t in tree.subtree(prep) if t < end]


def _told_about(tree: Tree, chain: list[int], slot: Slot | None, cues: Cues) -> bool:
    """ "the chiefs were briefed on the exercise": who is told about the happening
    (object or passive subject of a verb of telling) is not in it, nor is who says it
    was told ("Peru said it had been informed of the manoeuvres"), found in a slot or
    as the speaker (`slot` None)."""
    reach = len(chain) - 1 if slot is None else slot.level
    if (
        slot is not None
        and 0 < slot.level < len(chain)
        and tree.lemma(chain[slot.level]) in cues.told_about
        and slot.relation.rstrip("~") in ("nsubjpass", "dobj")
    ):
        return True
    return any(
        tree.lemma(chain[level]) in cues.told_about
        and bool(tree.child_with(chain[level], frozenset({"auxpass", "nsubjpass"})))
        for level in range(1, min(reach, len(chain) - 1) + 1)
    )


def _between(tree: Tree, token: int, chain: list[int]) -> list[int]:
    """The words between an actor and where it hangs off the chain."""
    on_chain = set(chain)
    between: list[int] = []
    for node in tree.ancestors(token):
        if node in on_chain:
            break
        between.append(node)
    return between


def _watching(tree: Tree, token: int, chain: list[int], cues: Cues) -> bool:
    """ "Participants include Peru, with Chile and Mexico attending as observers": a
    verb of its own between the actor and the chain says it only watches; so does a
    watching verb of its own ("opens the drills as China and India watch")."""
    between = _between(tree, token, chain)
    # a watching verb counts only where the actor hangs off the chain through it (not
    # "observed by the ministers, who met ...": the meeting lies below them)
    reached = any(node in chain for node in tree.ancestors(token))
    return any(
        tree.tokens[node].pos == "VERB"
        and (as_onlookers(tree, node, cues) or (reached and tree.lemma(node) in cues.onlookers))
        for node in between
    ) or (reached and any(_sent_to_watch(tree, node, cues) for node in between))


def _sent_to_watch(tree: Tree, unit: int, cues: Cues) -> bool:
    """ "attended by an observer delegation from Jordan": a unit named for watching."""
    return tree.tokens[unit].pos == "NOUN" and any(
        tree.lemma(m) in cues.watching_units
        for m in tree.child_with(unit, frozenset({"compound", "amod"}))
    )


def _beyond(tree: Tree, token: int, chain: list[int], cues: Cues) -> bool:
    """Whether an actor is named as the happening's place, target or rival rather
    than a party: "near the Strait of Hormuz", "aimed at deterring China", "amid
    tensions with Pakistan", "off the coast of Libya"."""
    path = [token, *_between(tree, token, chain)]
    if any(
        tree.lemma(node) in cues.beyond_parties
        # "the army chiefs of Ivory Coast and Togo": a name Togo is listed with is no
        # place it lies in
        and tree.tokens[below].dep != "conj"
        for below, node in pairwise(path)
    ):
        return True
    brief = tree.head(tree.list_head(token))
    if (
        brief is not None
        and tree.lemma(brief) == "for"
        and (holder := tree.head(brief)) is not None
        and tree.lemma(holder) in cues.portfolio_holders
    ):
        # "the US special envoy for Sudan": his brief, no party (not "the Minister for
        # Foreign Affairs of Kenya", whose state the "of" names)
        return True
    # "the absence of Thai officers from the meeting": where the actor joins the chain
    on_chain = set(chain[1:])
    join = next((node for node in tree.ancestors(token) if node in on_chain), None)
    return join is not None and tree.lemma(join).lower() in cues.staying_away


def _described_in_passing(
    tree: Tree, index: int, chain: list[int], actors: list[ActorSpan]
) -> bool:
    """Whether an actor hangs inside a relative clause that describes another actor's
    phrase ("Fijian instructors, who served with UN missions in Lebanon"; not
    "courses, which officers from Ghana attended")."""
    for node in _between(tree, actors[index].head, chain):
        antecedent = tree.head(node)
        if (
            tree.tokens[node].dep != "relcl"
            or antecedent is None
            # "its neighbours, which include Latvia": the clause lists who they are
            or tree.lemma(node) in _LISTING
            # "the package for Kenya, which Japan announced": the clause's subject
            # authors the trigger's event, whatever noun the parser hangs it on
            or authoring_relative(tree, node)
        ):
            continue
        described = tree.subtree(antecedent) - tree.subtree(node)
        if any(
            span.head in described and span.via in ("lexicon", "group")
            for i, span in enumerate(actors)
            if i != index
        ):
            return True
    return False


_LISTING = frozenset({"include", "comprise", "be", "number"})


def _looked_on_from(tree: Tree, chain: list[int], slot: Slot | None, cues: Cues) -> bool:
    """Whether an actor reaches the trigger through a verb that only watches (not one
    that weighs: "Jakarta is evaluating the purchase of two more jets" buys them)."""
    return (
        slot is not None
        and 0 < slot.level < len(chain)
        # the watcher is the subject ("the measures follow the approval of a sale"
        # names who sells in the object)
        and slot.key.startswith("nsubj")
        and any(
            _onlooking(tree, chain[level], cues) and tree.tokens[chain[level]].pos == "VERB"
            for level in range(1, slot.level + 1)
        )
    )


def _looking_on(tree: Tree, chain: list[int], level: int, cues: Cues) -> bool:
    """Whether the chain's verb at `level` watches the happening ("observed the
    drills") or weighs one named before ("other Gulf states are studying the
    agreement"; not "are considering a joint production line", their own plan)."""
    node = chain[level]
    return _onlooking(tree, node, cues) or (
        tree.lemma(node) in cues.weighing and _pointing_back(tree, chain[0])
    )


def _watched_from(tree: Tree, chain: list[int], level: int, cues: Cues) -> bool:
    """Whether the chain's verb at `level` watches what lies below it, not a deed of
    its own coordinated with the watching ("observed the drills and met Thai
    commanders": who met is the watcher, and meets)."""
    return _looking_on(tree, chain, level, cues) and not any(
        # (the parser may hang the second verb on the watched noun: "observed the
        # exercise and held talks")
        tree.tokens[node].dep == "conj" and tree.tokens[node].pos == "VERB"
        for node in chain[:level]
    )


def _passed_by(tree: Tree, below: int, above: int, cues: Cues) -> bool:
    """Whether the words between a happening and the verb above it put the ships or
    forces doing it near it, not in it ("two warships sailed close to the drills", "a
    spy ship was spotted near the exercise"; not "steps towards an alliance")."""
    node = below
    while node != above and node != tree.tokens[node].head:
        node = tree.tokens[node].head
        if tree.lemma(node) in cues.passing_by:
            verb = next((v for v in tree.ancestors(node) if tree.tokens[v].pos == "VERB"), None)
            return verb is not None and any(
                tree.lemma(s) in cues.forces | cues.drill_assets or tree.lemma(s) in cues.vessels
                for s in subject_of(tree, verb)
            )
    return False


def _onlooking(tree: Tree, verb: int, cues: Cues) -> bool:
    """A verb whose subject watches a happening without taking part in it (a critic
    is kept out of what it criticises where the condemnation is read)."""
    return tree.lemma(verb) in cues.onlookers


def _lent_subjects(
    tree: Tree, reach: list[int], level: int, slots: dict[int, Slot], cues: Cues
) -> list[int]:
    """ "Hungary plans to join the drill alongside Greek units", "Slovak troops are
    to hold drills with ...": a verb of taking part with no subject of its own does
    what the verb above says its subject does (not one urged, made to act, refusing or
    judging)."""
    if level == 0 or level + 1 >= len(reach):
        return []
    verb, controller = reach[level], reach[level + 1]
    if (
        tree.tokens[verb].dep != "xcomp"
        or tree.head(verb) != controller
        or subject_of(tree, verb)
        or not tree.has_to(verb)
        or tree.lemma(controller) in cues.urging | cues.refusing | cues.causing
        or _judging(tree, controller, cues)
    ):
        return []
    return [
        i
        for i, s in slots.items()
        if s.level == level + 1 and s.relation in ("nsubj", "nsubjpass") and s.depth < 2
    ]


def _urging(tree: Tree, chain: list[int], level: int, cues: Cues) -> bool:
    """ "urged Turkey to join the drills": the one urged is to act, not the urger."""
    return tree.lemma(chain[level]) in cues.urging and tree.tokens[chain[level - 1]].dep in (
        "xcomp",
        "ccomp",
    )


def _caused_to_act(tree: Tree, chain: list[int], level: int, cues: Cues) -> bool:
    """ "prompting Venezuela to launch drills", "forced Thailand to hold drills": the one
    made to act is its object; what made it act (the clause above) takes no part."""
    return (
        tree.lemma(chain[level]) in cues.causing
        and tree.tokens[chain[level - 1]].dep == "xcomp"
        and bool(tree.child_with(chain[level], frozenset({"dobj"})))
    )


def _judging(tree: Tree, verb: int, cues: Cues) -> bool:
    """A verb whose subject judges what its object names: "called the drills
    provocative", "described the pact as a threat" (not "called for joint drills")."""
    return tree.lemma(verb) in cues.judging and any(
        tree.tokens[c].dep in ("oprd", "xcomp", "acomp", "ccomp")
        or (tree.tokens[c].dep == "prep" and tree.lemma(c) == "as")
        for c in tree.children[verb]
    )


def _own_subject_clause(tree: Tree, clause: int) -> bool:
    """An adverbial clause of time or contrast ("while ...", "as ...", "when ...")
    whose verb, or the verb it is coordinated with, has a subject of its own."""
    head = clause
    while tree.tokens[head].dep == "conj" and (up := tree.head(head)) is not None:
        head = up
    if tree.tokens[head].dep != "advcl":
        return False
    marked = any(tree.lemma(m) in _TIME_OR_CONTRAST for m in tree.child_with(head, _MARK))
    # "after their navies completed drills": "their" are the main clause's doers
    own = [
        s
        for s in subject_of(tree, head)
        if not tree.is_pronoun(s)
        and not any(tree.is_pronoun(p) for p in tree.child_with(s, frozenset({"poss"})))
    ]
    return marked and bool(own)


_MARK = frozenset({"mark", "advmod"})
_TIME_OR_CONTRAST = frozenset({"while", "as", "when", "whereas", "although", "though", "after"})


def _hosts_said_of(tree: Tree, actors: list[ActorSpan]) -> list[int]:
    """ "The Kenya Navy, which hosts this year's exercise, said delegations from ...":
    an actor whose own relative clause hosts or leads a drill takes part in it, even
    as the speaker."""
    return [
        i
        for i, span in enumerate(actors)
        for clause in tree.child_with(span.head, frozenset({"relcl"}))
        if tree.lemma(clause) in _HOSTING
        and any(
            tree.lemma(o) in one_word_nouns("joint_exercise", requires="none")
            for o in tree.child_with(clause, frozenset({"dobj"}))
        )
    ]


#: verbs of a relative clause by which a drill's host is named
_HOSTING = frozenset({"host", "lead", "organise", "organize", "stage"})


def _beside_the_report(
    tree: Tree, attribution: int, actors: list[ActorSpan], cues: Cues
) -> list[int]:
    """ "The drills bring together ships from Peru and Chile, the navy said, alongside
    contingents from Ecuador": the parser hangs the contingents on the verb of saying."""
    found: list[int] = []
    for prep in tree.child_with(attribution, frozenset({"prep", "advmod"})):
        if tree.lemma(prep) not in ("alongside", "along"):
            continue
        forces = [
            o
            for o in tree.subtree(prep)
            if tree.lemma(o) in cues.forces or tree.lemma(o) in cues.training_partners
        ]
        inside = {t for o in forces for t in tree.subtree(o)}
        found += [i for i, span in enumerate(actors) if span.head in inside]
    return found


_NSUBJ = frozenset({"nsubj"})


def _with_contributors(
    tree: Tree, chain: list[int], actors: list[ActorSpan], cues: Cues
) -> list[int]:
    """ "The exercise brings together soldiers from Albania, with the United States and
    Italy providing the largest contingents": states that send forces in a "with ..."
    clause on the happening or on its verb take part too."""
    contributing = [
        verb
        for node in chain[:2]
        for prep in tree.prepositions(node, "with")
        for verb in tree.child_with(prep, frozenset({"pcomp"}))
        if _sends_forces(tree, verb, cues) or tree.lemma(verb) in cues.taking_part
    ]
    return actors_under(
        tree, [s for verb in contributing for s in tree.child_with(verb, _NSUBJ)], actors
    )


def _with_participation_of(tree: Tree, chain: list[int], actors: list[ActorSpan]) -> list[int]:
    """ "The exercise opened at the barracks and the nearby training area, with the
    participation of Zambia, ... alongside host Malawi": whoever "with the participation
    of" names in the clause the happening is the subject of takes part, wherever the
    parser hangs the phrase (often on the place named last)."""
    clause = next(
        (
            level
            for level in range(1, len(chain))
            if tree.tokens[chain[level]].pos in ("VERB", "AUX")
        ),
        None,
    )
    if clause is None or tree.tokens[chain[clause - 1]].dep not in ("nsubj", "nsubjpass"):
        return []
    found: list[int] = []
    for noun in tree.subtree(chain[clause]):
        head = tree.head(noun)
        if (
            tree.lemma(noun) != "participation"
            or head is None
            or tree.lemma(head) != "with"
            or tree.tokens[noun].dep != "pobj"
        ):
            continue
        listed = [
            p
            for p in tree.child_with(noun, frozenset({"prep"}))
            if tree.lemma(p) in ("of", "alongside", "along")
        ]
        found += actors_under(tree, listed, actors)
    return found


def _bracketed_list(tree: Tree, chain: list[int], actors: list[ActorSpan]) -> list[int]:
    """ "launched Exercise Malacca Lantern (Indonesia, Malaysia, Singapore)": states
    listed in brackets right after the happening's name are its parties."""
    named = chain[:2] if len(chain) > 1 and tree.tokens[chain[0]].dep == "compound" else chain[:1]
    listed = [
        a
        for node in named
        for a in tree.child_with(node, frozenset({"appos"}))
        if a > 0 and tree.tokens[a - 1].text == "("
    ]
    return actors_under(tree, listed, actors)


#: "the ministers, joined by the US envoy, met": who comes along with the subject
_COMING_ALONG = frozenset({"join", "accompany"})


def _joined_by(tree: Tree, chain: list[int], actors: list[ActorSpan]) -> list[int]:
    """ "the defence ministers of Albania and Croatia, joined by a US envoy, met in
    Tirana": who joins the subject on the way is a party of what the subject does."""
    top = clause_top(tree, chain)
    subjects = [s for node in chain[: top + 1] for s in subject_of(tree, node)]
    agents = [
        agent
        for clause in _participles_on(tree, subjects, _COMING_ALONG, ("VBN", "VBD"))
        for agent in tree.child_with(clause, frozenset({"agent"}))
    ]
    return actors_under(tree, agents, actors)


def _holders_beside(tree: Tree, chain: list[int], actors: list[ActorSpan], cues: Cues) -> list[int]:
    """ "Thailand and the US opened the exercise, with Japan and Singapore taking part":
    who holds the happening that others join in a "with ..." clause takes part too."""
    for node in chain:
        prep = tree.head(node)
        if tree.tokens[node].dep != "pcomp" or prep is None or tree.lemma(prep) != "with":
            continue
        verb = tree.head(prep)
        # the parser may hang "with ..." on the place: "opened X at a base, with ..."
        while (
            verb is not None
            and tree.tokens[verb].pos != "VERB"
            and tree.tokens[verb].dep in ("pobj", "prep")
        ):
            verb = tree.head(verb)
        if (
            verb is not None
            and tree.tokens[verb].pos == "VERB"
            and tree.lemma(verb) in cues.taking_part
            and (
                tree.lemma(node) in cues.taking_part
                or any(tree.lemma(o) == "part" for o in tree.child_with(node, frozenset({"dobj"})))
            )
        ):
            return actors_under(tree, subject_of(tree, verb), actors)
        return []
    return []


def _taking_part(
    tree: Tree, chain: list[int], actors: list[ActorSpan], slots: dict[int, Slot], cues: Cues
) -> list[int]:
    """The subject of the verb by which parties hold or join the happening: "Ghana
    hosted an exercise with Togo and Benin" names Ghana as well as its partners;
    "the exercise, which Chile and Peru co-host, ..." names them in a relative clause."""
    holders = relative_holders(tree, chain[0], actors, cues)
    if holders:
        return holders
    top = clause_top(tree, chain)
    for level in range(1, top + 1):
        node = chain[level]
        if tree.tokens[node].pos not in ("VERB", "AUX"):
            continue
        if (
            tree.lemma(node) not in cues.taking_part
            and not _takes_part(tree, node)
            and not _sends_forces(tree, node, cues)
        ):
            return []
        holding = [
            i
            for i, s in slots.items()
            if s.level == level
            and s.key in ("nsubj", "nsubj~", "agent", "agent~")
            and not _behind(tree, actors[i].head, node, cues)
            and not _agent_of_another_deed(tree, actors[i].head, cues)
            and not _payer(tree, chain, s, cues)
        ]
        # "the Indian Navy's ships, along with vessels from France, took part"
        beside = [
            w
            for s in subject_of(tree, node)
            for w in tree.subtree(s)
            if tree.tokens[w].dep == "prep"
            and tree.lemma(w) in ("with", "alongside")
            # the parser may hang "along with" on the comma before it
            and (h := tree.head(w)) is not None
            and (h == s or tree.lemma(h) in ("along", "together"))
        ]
        holding += [
            i
            for i in actors_under(tree, beside, actors)
            if i not in holding and not _behind(tree, actors[i].head, node, cues)
        ]
        return holding or _antecedent_of(tree, node, actors)
    return []


RELATIVE_PRONOUNS = frozenset({"which", "that", "who"})


def _antecedent_of(tree: Tree, verb: int, actors: list[ActorSpan]) -> list[int]:
    """ "China's navy, which has held drills with Russia": the relative pronoun
    subject stands for the noun phrase the clause describes; so it does for a verb
    joined to the clause's with no subject of its own ("the commander of the Chilean
    Navy, who travelled to Argentina and held talks with ...")."""
    verb = first_of_joined_verbs(tree, verb)
    antecedent = tree.head(verb)
    if tree.tokens[verb].dep != "relcl" or antecedent is None:
        return []
    if not any(
        tree.lemma(s) in RELATIVE_PRONOUNS
        # "Ecuador, whose corvette is taking part": the owner's
        or any(tree.lemma(c) == "whose" for c in tree.child_with(s, frozenset({"poss"})))
        for s in subject_of(tree, verb)
    ):
        return []
    if said_absent(tree, antecedent):
        return []
    phrase = tree.subtree(antecedent) - tree.subtree(verb)
    return [i for i, span in enumerate(actors) if span.head in phrase]


def first_of_joined_verbs(tree: Tree, verb: int) -> int:
    """The first of verbs joined with no subject of their own ("called ... and
    exercised"), whose subject they share."""
    while (
        tree.tokens[verb].dep == "conj"
        and not subject_of(tree, verb)
        and (first := tree.head(verb)) is not None
        and tree.tokens[first].pos in ("VERB", "AUX")
    ):
        verb = first
    return verb


def _pronoun_of_main_subject(tree: Tree, verb: int, actors: list[ActorSpan]) -> list[int]:
    """The actors "they" stands for as the subject of a clause inside another: the
    subject of the clause around it ("the ships ..., during which they called at
    three ports and exercised")."""
    verb = first_of_joined_verbs(tree, verb)  # "they called at ... and exercised"
    subjects = subject_of(tree, verb)
    if (
        tree.tokens[verb].dep not in ("relcl", "advcl")
        or not subjects
        or not all(tree.lemma(s).lower() == "they" for s in subjects)
    ):
        return []
    for above in tree.ancestors(verb):
        if tree.tokens[above].pos not in ("VERB", "AUX"):
            continue
        outer = [s for s in subject_of(tree, above) if not tree.is_pronoun(s)]
        if outer:
            return actors_under(tree, outer, actors)
    return []


def holders_apart(tree: Tree, noun: int, actors: list[ActorSpan], cues: Cues) -> list[int]:
    """Who holds a happening whatever a negated verb above it says: "India will not join
    the drills, which Russia and China hold" (a relative clause, or "the drills held
    by Russia and China"), "Latvia did not take part in the Polish-Lithuanian drills"
    (two states or more named on the noun)."""
    holders = relative_holders(tree, noun, actors, cues, participles=True)
    if holders or tree.lemma(noun) not in happening_words():
        # "India did not sign the Indo-US pact": an accord not signed is none at all
        return holders
    nouns = {noun, tree.phrase_top(noun)}
    named = [i for i, span in enumerate(actors) if _named_on(tree, span.head, nouns)]
    return named if len({actors[i].actor.country for i in named}) >= 2 else []


def _named_on(tree: Tree, word: int, nouns: set[int]) -> bool:
    """The word names a state on one of the nouns, directly or on a word of its name
    ("Polish" in "the Polish-Lithuanian drills")."""
    for _ in range(2):
        above = tree.head(word)
        if tree.tokens[word].dep not in _NAMED_ON or above is None:
            return False
        if above in nouns:
            return True
        word = above
    return False


def happening_words() -> frozenset[str]:
    """The one-word nouns of drills and meetings."""
    return one_word_nouns("joint_exercise") | one_word_nouns("defense_meeting")


#: how states are named on a noun: "the Polish-Lithuanian drills", "Peru's and Chile's"
_NAMED_ON = frozenset({"compound", "amod", "poss", "nmod", "npadvmod"})


def relative_holders(
    tree: Tree, noun: int, actors: list[ActorSpan], cues: Cues, participles: bool = False
) -> list[int]:
    """Subjects of a relative clause holding the happening: "the drill, which Chile
    and Peru are preparing", "the summit that Kenya co-hosts"; with `participles`,
    the agents of a participle too: "the drills held by Russia and China"."""
    clauses = frozenset({"relcl", "acl"}) if participles else frozenset({"relcl"})
    for clause in tree.child_with(tree.phrase_top(noun), clauses):
        lemma = tree.lemma(clause)
        if lemma not in cues.taking_part and lemma not in cues.holding:
            continue
        if is_negated(tree, [clause], cues):
            continue
        # the participle's "by" phrase, the relative clause's subject (or its "by"
        # phrase: "which will be hosted by Egypt")
        doers = _PARTICIPLE_DOERS if tree.tokens[clause].dep == "acl" else _RELATIVE_DOERS
        found = actors_under(tree, tree.child_with(clause, doers), actors)
        # "which will be carried out off Callao with units of the navies of Peru and
        # Chile": forces it is held with take part too
        found += [
            i
            for i in actors_under(tree, _forces_held_with(tree, clause, cues), actors)
            if i not in found
        ]
        if found:
            return found
    return []


_PARTICIPLE_DOERS = frozenset({"agent"})
_RELATIVE_DOERS = frozenset({"nsubj", "agent"})


def _forces_held_with(tree: Tree, verb: int, cues: Cues) -> list[int]:
    """The forces, ships or units a drill is held "with" (the parser may hang the
    "with" on the place: "hosted at the Naguib base with forces from Greece")."""
    places = [o for p in tree.child_with(verb, _PREPOSITIONS) for o in tree.child_with(p, _POBJ)]
    return [
        item
        for holder in (verb, *places)
        for o in tree.objects_of(holder, "with")
        for item in tree.conjuncts(o)
        if tree.lemma(item) in cues.forces | cues.drill_assets
        or cues.warships.search(tree.lemma(item))
    ]


def _named_with(tree: Tree, verb: int, actors: list[ActorSpan]) -> list[int]:
    """The parties a verb has "with" it by name ("with the British Army as a partner";
    not "with support from Japan", which names help)."""
    heads = {span.head for span in actors}
    return [
        item for o in tree.objects_of(verb, "with") for item in tree.conjuncts(o) if item in heads
    ]


_PREPOSITIONS = frozenset({"prep"})
_POBJ = frozenset({"pobj"})


_LISTING_DEPS = frozenset({"dobj", "attr", "agent", "oprd", "dative"})


def _listed_as_taking_part(
    tree: Tree, chain: list[int], actors: list[ActorSpan], cues: Cues
) -> list[int]:
    """Parties listed by a verb whose subject is the happening or its participants:
    "the drills include navies from Kenya and Mozambique", "the countries taking
    part are Oman and Pakistan", "exercises, which also featured ships from Brazil"."""
    top = clause_top(tree, chain)
    listing: list[int] = []
    noun = tree.phrase_top(chain[0])
    for child in tree.children[noun]:
        # "the drills, which also featured ships from Brazil and Uruguay"
        if tree.tokens[child].dep in ("relcl", "acl") and tree.lemma(child) in cues.listing:
            listing.append(child)
    for level in range(1, min(top, len(chain) - 1) + 1):
        verb, below = chain[level], chain[level - 1]
        if tree.tokens[below].dep not in ("nsubj", "nsubjpass"):
            continue
        # "participants are expected to include ...": the listing verb under "expected"
        verb = next(
            (
                x
                for x in tree.child_with(verb, frozenset({"xcomp"}))
                if tree.lemma(x) in cues.listing
            ),
            verb,
        )
        lemma = tree.lemma(verb)
        said_of_parties = any(tree.lemma(n) in cues.partaking for n in chain[:level])
        if lemma in cues.listing or (lemma == "be" and said_of_parties):
            listing.append(verb)
        # "the drills began on Monday and involve troops from Chad": a second verb
        # shares the happening as its subject; so does a participle ("began on
        # Monday, involving the navies of Chile and Peru")
        listing += [
            c
            for c in tree.children[verb]
            if (
                tree.tokens[c].dep == "conj"
                or (tree.tokens[c].dep == "advcl" and tree.tokens[c].tag == "VBG")
            )
            and tree.lemma(c) in cues.listing
            and not subject_of(tree, c)
        ]
        break
    for level in range(1, top + 1):
        # "units from Morocco joined Spanish troops for the drills"
        if tree.lemma(chain[level]) in cues.joining_forces:
            listing.append(chain[level])
            break
    found = _named_by_copula(tree, actors, cues) + _with_taking_part(tree, chain, actors, cues)
    for verb in listing:
        listed = (
            tree.child_with(verb, _LISTING_DEPS)
            + [
                # "the drills will see warships from Oman and Kenya sail together"
                s
                for c in tree.child_with(verb, frozenset({"ccomp"}))
                for s in subject_of(tree, c)
            ]
            # "brought together officials from Chad and Niger", "from" on the verb
            + tree.prepositions(verb, "from")
            # "... are Kenya and Tanzania, along with the United States and India"
            + tree.prepositions(verb, "alongside")
            # "involving the navies of Chile and Peru, with the US Navy as a partner"
            + _forces_held_with(tree, verb, cues)
            + _named_with(tree, verb, actors)
            + [w for a in tree.prepositions(verb, "along") for w in tree.prepositions(a, "with")]
            # "besides Jordan, the exercise includes ...", "in addition to the host, Jordan,"
            + tree.prepositions(verb, "besides")
            + [
                w
                for p in tree.prepositions(verb, "in")
                for a in tree.child_with(p, frozenset({"pobj"}))
                if tree.lemma(a) == "addition"
                for w in tree.prepositions(a, "to")
            ]
        )
        inside = {t for c in listed for t in tree.subtree(c)}
        found += [
            i
            for i, span in enumerate(actors)
            if span.head in inside and not _behind(tree, span.head, verb, cues)
        ]
    return found


def _with_taking_part(
    tree: Tree, chain: list[int], actors: list[ActorSpan], cues: Cues
) -> list[int]:
    """ "Peru hosts the drills, with Chile and Ecuador sending ships": the subjects of
    a "with" clause of taking part or sending, on a verb of the trigger's clause."""
    clauses = [
        clause
        for verb in chain[1 : clause_top(tree, chain) + 1]
        for p in tree.prepositions(verb, "with")
        for clause in tree.child_with(p, frozenset({"pcomp"}))
        if tree.lemma(clause) in cues.partaking
        or tree.lemma(clause) in cues.sending
        or _takes_part(tree, clause)
    ]
    subjects = [
        s
        for clause in clauses
        # "with Chad and Niger attending as observers"
        if not any(tree.lemma(t) in cues.onlookers for t in tree.subtree(clause))
        for s in subject_of(tree, clause)
    ]
    return actors_under(tree, subjects, actors)


def _named_by_copula(tree: Tree, actors: list[ActorSpan], cues: Cues) -> list[int]:
    """Parties named as what the participants are: "other countries taking part in
    the drills are Chile and Peru", "also participating are Fiji and Tonga"."""
    roots = [i for i, tok in enumerate(tree.tokens) if tree.head(i) is None]
    copulas = [
        c
        for root in roots
        for c in [root, *tree.child_with(root, frozenset({"aux"}))]
        if tree.lemma(c) == "be"
    ]
    # "also participating are Fiji and Tonga" may come parsed with the states as the
    # subject of "are" as an auxiliary
    named = {
        t
        for c in copulas
        for a in tree.child_with(
            c, frozenset({"attr", "nsubj"} if tree.tokens[c].dep == "aux" else {"attr"})
        )
        for t in tree.subtree(a)
    }
    # "Participating countries: Fiji, Tonga and Samoa"
    named |= {
        t
        for root in roots
        if any(tree.lemma(c) in cues.partaking for c in tree.child_with(root, frozenset({"amod"})))
        for a in tree.child_with(root, frozenset({"appos"}))
        for t in tree.subtree(a)
    }
    # the participants are what is named, not "part of a plan for the EU and NATO"
    if not any(tok.lemma in cues.partaking for i, tok in enumerate(tree.tokens) if i not in named):
        return []
    return [i for i, span in enumerate(actors) if span.head in named]


def _delegates(tree: Tree, noun: int, actors: list[ActorSpan]) -> list[int]:
    """ "a meeting of defence chiefs from Chad, Niger and Mali", "drills of troops
    from five states": the states the happening's people come from."""
    people = tree.objects_of(noun, "of")
    # the parser hangs "from ..." off the people or off the happening itself
    found = [o for p in people for o in tree.prepositions(p, "from")]
    found += tree.prepositions(noun, "from") if people else []
    return actors_under(tree, found, actors)


def _partaking_holders(
    tree: Tree, chain: list[int], actors: list[ActorSpan], cues: Cues
) -> list[int]:
    """ "Paraguay's participation in the drills with Brazil", "the participation of
    Cuban sailors in the exercise": whose taking part the noun names."""
    for level in range(1, len(chain) - 1):
        preposition, noun = chain[level], chain[level + 1]
        if tree.tokens[preposition].dep != "prep" or tree.lemma(preposition) != "in":
            continue
        if tree.tokens[noun].pos in ("VERB", "AUX"):
            # "approved the participation of Moldovan troops in the drills": the parser
            # may hang "in" on the verb beside its object
            noun = next(iter(tree.child_with(noun, frozenset({"dobj"}))), noun)
        if tree.tokens[noun].pos != "NOUN" or tree.lemma(noun) not in cues.partaking:
            return []
        holders = tree.child_with(noun, frozenset({"poss"})) + tree.objects_of(noun, "of")
        return [
            i
            for i in actors_under(tree, holders, actors)
            if not _behind(tree, actors[i].head, noun, cues)
        ]
    return []


def _behind(tree: Tree, token: int, top: int, cues: Cues) -> bool:
    """Whether an onlooker stands between `token` and `top` in the tree ("officers
    from Myanmar observed", "Sweden sent observers", "an observer team from Laos")."""
    path = tree.path_up(token, top) or []
    words = cues.onlookers
    return (
        any(_onlooker_noun(tree, t, cues) and not _coordinated(tree, t) for t in path[1:])
        or tree.lemma(top) in words
        or any(_from_of_listed_onlookers(tree, t, words) for t in path)
    )


def _onlooker_noun(tree: Tree, token: int, cues: Cues) -> bool:
    """ "observers", or a unit sent to watch ("an observer delegation")."""
    return tree.lemma(token) in cues.onlookers or _sent_to_watch(tree, token, cues)


def _from_of_listed_onlookers(tree: Tree, preposition: int, words: frozenset[str]) -> bool:
    """ "forces from Egypt and Saudi Arabia and observers from Bahrain": the parser may
    hang the second "from" above the onlookers right before it; after a "from" of the
    list's own, it is theirs (not "units and observers from 16 countries", one "from"
    for both)."""
    if tree.lemma(preposition) != "from" or preposition == 0:
        return False
    before = preposition - 1
    if (
        tree.lemma(before) not in words
        or tree.tokens[before].dep != "conj"
        or tree.head(preposition) == before
    ):
        return False
    above = set(tree.ancestors(before))
    return any(tree.lemma(t) == "from" and tree.head(t) in above for t in range(preposition - 1))


def _coordinated(tree: Tree, token: int) -> bool:
    """ "marines and observers from Colombia": the onlookers are listed with forces."""
    return tree.tokens[token].dep == "conj" or bool(tree.child_with(token, frozenset({"conj"})))


_LIST_SEPARATOR = frozenset({",", "and", "or", "&", "as", "well", "the", "plus"})


def _owner_of_item(tree: Tree, token: int, items: set[int]) -> bool:
    """Whether the word names whose a list item is ("Senegal's navy")."""
    owned = tree.head(token)
    return owned is not None and tree.tokens[token].dep in ("poss", "compound") and owned in items


def _hyphen_partners(members: list[int], actors: list[ActorSpan], tree: Tree) -> list[int]:
    """ "the Chilean-Peruvian naval exercise", "Sino-Russian drills": the other half
    of a hyphened pair of parties, which the parser hangs one level deeper."""
    ends = {max(actors[i].tokens): i for i in range(len(actors))}
    starts = {min(actors[i].tokens): i for i in range(len(actors))}
    found: list[int] = []
    for i in members:
        first, last = min(actors[i].tokens), max(actors[i].tokens)
        for partner, joint in ((ends.get(first - 2), first - 1), (starts.get(last + 2), last + 1)):
            if partner is None or partner in members or partner in found:
                continue
            if 0 <= joint < len(tree.tokens) and tree.tokens[joint].text in _HYPHENS:
                found.append(partner)
    return found


_HYPHENS = frozenset({"-", "\u2013", "/"})


def _separates_list_items(words: set[str]) -> bool:
    """ ", and", "as well as", ", in addition to", "besides" join items of one list;
    a bare "in" or "to" does not ("troops of France and Italy in Poland")."""
    if words <= _LIST_SEPARATOR:
        return True
    return words <= _LIST_SEPARATOR | _LIST_ADDITION and bool(words & {"addition", "besides"})


_LIST_ADDITION = frozenset({"in", "addition", "to", "besides"})


def with_listed(
    chosen: list[int], actors: list[ActorSpan], tree: Tree, *, least: int = 1
) -> list[int]:
    """Every member of a written list of parties `least` of which were chosen.

    Long lists defeat the parser ("Chad, Niger and Mali signed ...": "Chad" hangs
    off the verb as a parenthetical), but a run of names separated only by commas
    and "and" is one list whatever the tree says.
    """
    if not chosen:
        return chosen
    spans = sorted(range(len(actors)), key=lambda i: min(actors[i].tokens))
    runs: list[list[int]] = []
    for i in spans:
        if runs:
            last = actors[runs[-1][-1]]
            gap = range(max(last.tokens) + 1, min(actors[i].tokens))
            if min(actors[i].tokens) <= max(last.tokens) or (
                _separates_list_items({tree.lemma(t) for t in gap})
                and len(gap) <= 5
                and actors[i].adjective == last.adjective
                and _speaker_subject(tree, actors[i].head)
                in (None, _speaker_subject(tree, last.head))
            ):
                runs[-1].append(i)
                continue
        runs.append([i])
    out = list(chosen)
    for run in runs:
        if len(run) > 2 and sum(i in chosen for i in run) >= least:
            out += [i for i in run if i not in out]
    return out


def _speaker_subject(tree: Tree, token: int) -> int | None:
    """The subject of a verb of saying the word is in, if any: "troops from Ghana, Togo
    and Benin, the US embassy said" ends its list before the speaker."""
    node = token
    while (parent := tree.head(node)) is not None:
        if tree.tokens[node].dep in ("nsubj", "nsubjpass"):
            return node if tree.lemma(parent) in load_cues().speech else None
        node = parent
    return None


def _parties(actors: Sequence[ActorSpan], members: list[int]) -> int:
    """Distinct parties named: a group ("the Nordic countries") is one however many
    members it stands for, so the other side is still looked for."""
    return len(
        {actors[i].tokens if actors[i].via == "group" else actors[i].actor.country for i in members}
    )


def _pronoun_subject(tree: Tree, chain: list[int]) -> bool:
    top = clause_top(tree, chain)
    return any(tree.is_pronoun(s) for n in chain[: top + 1] for s in subject_of(tree, n))
