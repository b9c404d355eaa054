"""Dependency-tree helpers: where an actor stands relative to a trigger.

An actor's *slot* is the grammatical relation by which it hangs off the
trigger or one of the words governing it ("nsubj" at level 1 is the subject of
the verb above the trigger). Frames (frames.py) map slots to event roles.
"""

from __future__ import annotations

from dataclasses import dataclass

from pactwatch.events.lexicon import load_cues
from pactwatch.models import Sentence, Token

# Relations that keep an actor "direct": Iran and Iraq (conj), Iran, the
# Islamic Republic (appos), Iran's army commander Baqeri (compound, flat).
_TRANSPARENT = frozenset({"conj", "appos", "compound", "flat", "cc", "nmod", "npadvmod"})
# Relations inside one noun phrase: "Iran's army", "Russian-based entities".
_NOUN_PHRASE = _TRANSPARENT | frozenset({"amod", "poss", "case", "punct", "det", "pobj", "nummod"})
_PHRASE_PREPOSITIONS = frozenset(
    {"of", "between", "among", "involving", "including", "with", "to", "from", "for", "like"}
)
# Relations of a word that modifies the noun of its phrase ("joint production line").
_MODIFIERS = frozenset({"compound", "amod", "nmod"})
# Copulas, and verbs by which a subject is what its complement says: "the deal was
# dangerous", "the deployment poses a threat", "the drills represent a provocation".
COPULAS = frozenset({"be", "become", "remain"})
# Words that make a noun name something already known: "the pact", "their deal".
DEFINITE = frozenset({"the", "this", "that", "these", "those", "their", "its", "such"})
EQUATING = COPULAS | {"pose", "represent", "constitute"}
# "the Andean nations, which include Peru": a relative clause listing the members
_MEMBERSHIP_VERBS = frozenset({"include", "comprise"})
# Relations by which a clause is the content of a verb of speech ...
_COMPLEMENTS = frozenset({"ccomp", "parataxis"})
# ... or of a verb of denial ("denied supplying", "rejected claims it sent").
_DENIAL_COMPLEMENTS = frozenset({"ccomp", "parataxis", "xcomp", "dobj", "pcomp", "prep", "conj"})
# Relations that start a new clause: climbing past them leaves the event's clause.
_CLAUSE_BOUNDARIES = frozenset({"relcl", "ccomp", "parataxis", "csubj"})
#: what hangs on a noun phrase rather than being part of its own words
ATTACHED = frozenset({"prep", "relcl", "acl", "appos", "conj", "cc"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
_PREPOSITION = frozenset({"prep", "dative"})
_POBJ = frozenset({"pobj"})
_OBJECT = frozenset({"dobj"})
#: steps within the trigger's own phrase ("the sale of jets to Chile")
_WITHIN_PHRASE = frozenset({"prep", "pobj", "conj", "appos", "compound"})
_PRONOUNS = frozenset({"it", "they", "we", "he", "she", "its", "their", "our", "his", "her"})


@dataclass(frozen=True, slots=True)
class Slot:
    level: int  # 0: on the trigger; 1: on the word governing it; ...
    relation: str  # "nsubj", "dobj", "prep:to", "poss", "mod", ...
    #: 0: the actor heads the argument; 1: it modifies the argument's noun
    #: phrase ("Iranian drones"); 2: it sits deeper, in a clause or phrase of its own
    depth: int
    #: the preposition whose object the actor is, wherever it hangs ("in Russia")
    preposition: str | None = None
    #: words between the actor and the chain word it hangs off
    distance: int = 0

    @property
    def direct(self) -> bool:
        return self.depth == 0

    @property
    def key(self) -> str:
        return self.relation + "~" * self.depth

    def matches(self, key: str) -> bool:
        """Whether this slot fills `key`.

        "*in": the object of "in" anywhere under the trigger; "nsubj~~|from": deep in
        the subject behind "from" ("the commanders taking part, from Ghana"); "dobj~-": a
        modifier of the trigger's own object that is not behind a preposition
        ("Chinese drones", not "drones for Ukraine").
        """
        if key.startswith("*"):
            return self.preposition == key[1:]
        if "|" in key:
            # "nsubj~~|from": that slot, behind that preposition
            slot_key, preposition = key.split("|")
            return self.key == slot_key and self.preposition == preposition
        if key.endswith("~-"):
            # the trigger's own object only: "sanctioned an Iraqi firm for procuring
            # drones" makes "Iraqi" no maker of the drones
            return (
                self.level == 0
                and self.depth == 1
                and self.preposition is None
                and self.key == key[:-1]
            )
        return self.key == key


class Tree:
    """Parent/child navigation over one parsed sentence."""

    def __init__(self, sentence: Sentence) -> None:
        self.tokens: tuple[Token, ...] = sentence.tokens
        self.children: list[list[int]] = [[] for _ in self.tokens]
        for tok in self.tokens:
            if tok.head != tok.i:
                self.children[tok.head].append(tok.i)
        # Visiting order (entered, last descendant entered) of each token, from the
        # roots down, so "is top above i" costs O(1): in a run-on sentence a walk up
        # to the root, for every actor and trigger, made the reading cubic in its length.
        # -1: not under a root (a cycle the parser should never make), walked instead.
        self._entered = [-1] * len(self.tokens)
        self._last = [-1] * len(self.tokens)
        clock = 0
        for root in (t.i for t in self.tokens if t.head == t.i):
            stack = [(root, False)]
            while stack:
                node, leaving = stack.pop()
                if leaving:
                    self._last[node] = clock - 1
                    continue
                self._entered[node] = clock
                clock += 1
                stack.append((node, True))
                stack.extend((c, False) for c in reversed(self.children[node]))

    def head(self, i: int) -> int | None:
        h = self.tokens[i].head
        return None if h == i else h

    def verb_over(self, i: int) -> int | None:
        """The word itself if a verb, else the nearest verb above it (none at the top)."""
        node: int | None = i
        while node is not None and self.tokens[node].pos not in ("VERB", "AUX"):
            node = self.head(node)
        return node

    def ancestors(self, i: int) -> list[int]:
        out: list[int] = []
        seen = {i}
        h = self.head(i)
        while h is not None and h not in seen:
            out.append(h)
            seen.add(h)
            h = self.head(h)
        return out

    def path_up(self, i: int, top: int) -> list[int] | None:
        """Token indices from i up to (excluding) top, or None if top is not above i."""
        if self._entered[i] >= 0 and not (self._entered[top] < self._entered[i] <= self._last[top]):
            return None
        path = [i]
        h = self.head(i)
        seen = {i}
        while h is not None and h not in seen:
            if h == top:
                return path
            path.append(h)
            seen.add(h)
            h = self.head(h)
        return None

    def phrase_text(self, i: int, stop: frozenset[str] = frozenset()) -> str:
        """The words of the phrase `i` heads (without the branches `phrase` stops at),
        in order, for the word-list matchers."""
        return " ".join(self.tokens[t].text for t in sorted(self.phrase(i, stop)))

    def subtree(self, i: int) -> set[int]:
        out = {i}
        stack = [i]
        while stack:
            for c in self.children[stack.pop()]:
                if c not in out:
                    out.add(c)
                    stack.append(c)
        return out

    def phrase_top(self, i: int, through: frozenset[str] = _MODIFIERS) -> int:
        """The noun a modifier belongs to: "production" in "joint production line" ->
        "line" (climbing the relations `through`)."""
        while self.tokens[i].dep in through and (above := self.head(i)) is not None:
            i = above
        return i

    def phrase(self, i: int, stop: frozenset[str]) -> set[int]:
        """The subtree of i without the branches whose relation is in `stop`.

        An infinitive modifying a noun ("a treaty to establish a programme") is
        part of the phrase even when the parser calls it a relative clause.
        """
        out = {i}
        stack = [i]
        while stack:
            for c in self.children[stack.pop()]:
                if c in out:
                    continue
                if self.tokens[c].dep in stop and not self.is_infinitive_modifier(c):
                    continue
                out.add(c)
                stack.append(c)
        return out

    def has_to(self, i: int) -> bool:
        """Whether i is marked as an infinitive: "to" in "to buy jets"."""
        return any(self.tokens[c].tag == "TO" for c in self.children[i])

    def is_infinitive_modifier(self, i: int) -> bool:
        return self.tokens[i].dep == "relcl" and self.has_to(i)

    def definite(self, i: int) -> bool:
        """ "the exercise": the word has "the" for its determiner."""
        return any(self.tokens[c].dep == "det" and self.lemma(c) == "the" for c in self.children[i])

    def list_head(self, i: int) -> int:
        """The first item of the list i is an item of ("Chile" in "Chile, Peru and
        Ecuador"), or i itself."""
        while self.tokens[i].dep == "conj" and (above := self.head(i)) is not None:
            i = above
        return i

    def conjuncts(self, i: int) -> list[int]:
        """i and the items listed after it ("a patrol vessel and a boarding team")."""
        items = [i]
        for item in items:
            items += [c for c in self.children[item] if self.tokens[c].dep == "conj"]
        return items

    def is_bare_complement(self, i: int) -> bool:
        """ "let Australian jets operate", "help Iraq's army fight": an infinitive
        without "to" that the parser makes a clause of its own (no "that", no
        auxiliary), whose subject is what the verb above acts on."""
        return self.tokens[i].dep == "ccomp" and not any(
            self.tokens[c].dep in ("mark", "aux", "auxpass") for c in self.children[i]
        )

    def lemma(self, i: int) -> str:
        return self.tokens[i].lemma

    def child_with(self, i: int, deps: frozenset[str]) -> list[int]:
        return [c for c in self.children[i] if self.tokens[c].dep in deps]

    def verb_phrases(self, verb: int) -> set[str]:
        """The verb's lemma alone and with each child's ("take", "take part", "join in"),
        to look up in trigger lists of phrasal verbs."""
        lemma = self.lemma(verb)
        return {lemma} | {f"{lemma} {self.lemma(c)}" for c in self.children[verb]}

    def prepositions(self, i: int, *lemmas: str) -> list[int]:
        """The prepositions among i's children spelled one of `lemmas` ("from", "for")."""
        return [c for c in self.child_with(i, _PREPOSITION) if self.tokens[c].lemma in lemmas]

    def objects_of(self, i: int, *prepositions: str) -> list[int]:
        """The objects of i's `prepositions`: "troops" in "the deployment of US troops"."""
        return [o for p in self.prepositions(i, *prepositions) for o in self.child_with(p, _POBJ)]

    def is_pronoun(self, i: int) -> bool:
        return self.tokens[i].lemma in _PRONOUNS or self.tokens[i].text.lower() in _PRONOUNS


def headline_infinitive(tree: Tree, verb: int) -> bool:
    """A headline's "Ankara to deliver drones": an infinitive the parser hangs off
    the name that does it, as a clause of that name."""
    return tree.tokens[verb].dep in ("acl", "relcl") and tree.has_to(verb)


def relation_of(tree: Tree, child: int) -> str:
    tok = tree.tokens[child]
    if _headline_pair(tree, child):
        return "nsubj"  # "Ghana, Togo sign pact": the parser leaves the first name apart
    if tok.dep == "agent":
        return "agent"
    if tok.dep == "advmod" and tok.lemma == "alongside" and tree.children[child]:
        return "prep:alongside"  # the parser may tag "alongside contingents from ..." an adverb
    if _counted_subject_listed(tree, child):
        return "nsubj"  # "Seven air forces took part: Brazil, Chile, ..."
    if (
        tok.dep == "prep"
        and tok.lemma == "to"
        and any(tree.tokens[c].dep == "pcomp" for c in tree.children[child])
    ):
        return "purpose"  # "sanctions to stymie Iran's defence sector"
    if tok.dep == "prep" or (tok.dep == "dative" and tok.pos == "ADP"):
        return f"prep:{tok.lemma}"
    if tok.dep in ("amod", "compound", "nmod", "nummod", "npadvmod"):
        return "mod"
    if tree.is_infinitive_modifier(child):
        return "acl"  # "a package to help Ukraine" is a purpose, not a relative clause
    return tok.dep


def _counted_subject_listed(tree: Tree, child: int) -> bool:
    """ "Seven air forces took part: Brazil, Argentina and Chile": a list after a
    colon, hung on the verb, names the items its counted subject counts."""
    tok = tree.tokens[child]
    verb = tree.head(child)
    if tok.dep not in ("npadvmod", "appos", "dep", "dobj") or verb is None or child == 0:
        return False
    if tree.tokens[child - 1].text not in (":", "\u2013", "\u2014", "-"):
        return False
    return any(
        tree.tokens[s].dep in ("nsubj", "nsubjpass")
        and tree.child_with(s, frozenset({"nummod"}))
        and s < child
        for s in tree.children[verb]
    )


def _headline_pair(tree: Tree, child: int) -> bool:
    """A headline's "X, Y verb": the first name hangs off the verb as `dep`, right
    before a comma and the verb's subject."""
    tok = tree.tokens[child]
    if tok.dep != "dep" or child + 2 >= len(tree.tokens) or tree.tokens[child + 1].text != ",":
        return False
    following = tree.tokens[child + 2]
    return following.dep == "nsubj" and following.head == tok.head


def _conjoined_across_semicolon(tree: Tree, path: list[int]) -> bool:
    """A list item the parser joined to the item before across a semicolon, which
    ends one clause (or list) and begins another."""
    return any(
        tree.tokens[token].dep == "conj"
        and (head := tree.head(token)) is not None
        and _semicolon_between(tree, token, head)
        # "the Chief of Staff of ...; the Chief of Staff of ...": a formal list whose
        # items repeat their head word is one list, semicolons and all
        and tree.lemma(token) != tree.lemma(head)
        for token in path[:-1]
    )


def slot_of(
    tree: Tree,
    actor: int,
    chain: list[int],
    trigger_words: frozenset[int] = frozenset(),
    *,
    adjective: bool = False,
) -> Slot | None:
    """The slot of the actor token `actor` relative to the trigger chain.

    For a trigger of several words ("expressed alarm over ...") an argument
    may hang off any of them; the first one met on the way up counts. An
    `adjective` actor ("Chinese J-10C fighters") modifies the argument it sits
    in rather than heading it, whatever relation the parser gave it.
    """
    for level, node in enumerate(chain):
        if actor == node:
            below = chain[level - 1] if level > 0 else None
            # "Ahn and his Polish counterpart": the trigger is coordinated with the actor
            if below is not None and tree.tokens[below].dep == "conj":
                return Slot(level=level, relation="coordinated", depth=0)
            # a headline's "Ankara to deliver drones to Kuwait": the actor does it
            if below is not None and headline_infinitive(tree, below):
                return Slot(level=level - 1, relation="nsubj", depth=0)
            return None
        path = tree.path_up(actor, node)
        if path is None:
            continue
        if level == 0:
            for position, token in enumerate(path):
                if token in trigger_words:
                    path = path[:position]
                    break
        child = path[-1]
        if level > 0 and child == chain[level - 1]:
            continue
        if _conjoined_across_semicolon(tree, path):
            return None  # "drills with India and Sri Lanka; Bangladesh, Mauritius watch"
        if (
            level > 0
            and tree.tokens[child].dep in ("conj", "appos")
            and child == actor
            and headline_infinitive(tree, chain[level - 1])
        ):
            # "Uzbekistan, Turkey to hold drills": the name coordinated with the doer
            return Slot(level=level - 1, relation="nsubj", depth=0)
        # a reduced relative only, not "a report that Iran may have violated ..."
        if level == 0 and len(path) > 1 and reduced_relative(tree, child):
            # "sanctions imposed against Iran by the US": the participle's phrases
            # are the noun's own
            path = path[:-1]
            child = path[-1]
        authored = _authoring_step(tree, path) if level == 0 else None
        if authored is not None:
            # "the sale, which Washington approved on Friday": as "approved by
            # Washington"; "the drills, which Peru held with Chile": as "with Chile"
            distance = len(path)
            path = path[:authored]
            child = path[-1]
            if tree.tokens[child].dep == "nsubj":
                return Slot(level=0, relation="agent", depth=0, distance=distance)
        if (
            _shares_subject(tree, child)
            or (level > 0 and _attended_by(tree, child, chain[level - 1]))
        ) and len(path) > 1:
            # "was held in Oslo and attended by Gen. Milley": the second verb's
            # arguments belong to the first verb's subject too
            path = path[:-1]
            child = path[-1]
        if level == 1 and len(path) > 1 and _fronted_holding(tree, child, chain[0]):
            # "Co-hosted by Ghana and Togo, the drills include ...": the participle
            # describes the happening its verb's subject names
            level, path = 0, path[:-1]
            child = path[-1]
        if level == 0:
            path = _past_joined_by(tree, _past_share_of_them(tree, path))
            child = path[-1]
        group = _group_exemplified(tree, path)
        if group is not None:
            # "troops from 12 countries including France and Italy": the examples
            # stand where the countries they exemplify stand
            path = path[group:]
        if _past_a_time(tree, path):
            # "an exercise on Cyprus in the autumn alongside Greek units": the parser
            # hangs the partners on the time; they are the trigger's own
            path = path[:-2]
            child = path[-1]
        relation = relation_of(tree, child)
        inner = path[:-1]
        if relation == "prep:with" and _joins_by_absolute_clause(tree, inner):
            # "met in Muscat, with the chiefs of staff of Oman reviewing ...": the
            # subject of the absolute clause is what "with" takes
            inner = inner[:-2]
        if (
            len(inner) >= 3
            and tree.lemma(child) in load_cues().quantities
            and tree.tokens[inner[-1]].dep == "prep"
            and tree.lemma(inner[-1]) == "of"
        ):
            # "received a first batch of Chinese missiles": what the batch is of is
            # the argument itself
            inner = inner[:-2]
            path = [*inner, child]
        if relation.startswith("prep:") or relation == "agent":
            # the argument is the object of the preposition, one step below it
            allowed_direct = _TRANSPARENT | {"pobj"}
        else:
            allowed_direct = _TRANSPARENT
        # "buying Chinese J-10C fighters" with "Chinese" misparsed as the object
        # itself: an adjective only ever modifies the argument
        if _led_by(tree, child) and inner == [actor]:
            depth = 0
        elif adjective and (
            actor != child
            or (tree.tokens[actor].pos == "ADJ" and relation in ("dobj", "nsubj", "nsubjpass"))
        ):
            if inner and all(tree.tokens[t].dep == "conj" for t in inner):
                depth = 0  # "his Peruvian and Ecuadorian counterparts": both modify it
            else:
                # "systems such as the German IRIS-T": examples are the thing itself
                depth = (
                    1
                    if all(
                        _noun_phrase_step(tree, t)
                        or (tree.tokens[t].dep == "prep" and gives_examples(tree, t))
                        for t in inner[1:]
                    )
                    else 2
                )
        elif all(tree.tokens[t].dep in allowed_direct for t in inner):
            depth = 0
        elif _listed_in(tree, inner, child):
            depth = 1  # "20 countries, including Chile, joined": a member of the argument
        elif all(_noun_phrase_step(tree, t) for t in inner):
            depth = 1
        else:
            depth = 2
        preposition = _nearest_preposition(tree, path)
        if relation == "agent" and level == 1 and _agent_of_active_object(tree, chain):
            # "followed a visit to Nairobi by a Ugandan delegation": the parser hangs
            # the noun's "by" on an active verb, which has no agent of its own
            level, relation = 0, "prep:by"
        return Slot(
            level=level,
            relation=relation,
            depth=depth,
            preposition=preposition,
            distance=len(path),
        )
    return None


def _fronted_holding(tree: Tree, participle: int, noun: int) -> bool:
    """ "Hosted by Kenya, the exercise ...": a participle of holding set before the
    subject, with a "by" phrase, on the verb whose subject is the happening."""
    tok = tree.tokens[participle]
    return (
        tok.dep == "advcl"
        and tok.tag == "VBN"
        and participle < noun
        and tree.lemma(participle) in load_cues().held_passive
        and tree.tokens[noun].dep in ("nsubj", "nsubjpass")
        and tree.head(noun) == tree.head(participle)
        and bool(tree.child_with(participle, frozenset({"agent"})))
    )


#: the relative pronouns that stand for the noun their clause describes
_RELATIVE_TAGS = frozenset({"WDT", "WP"})


def relative_subject_slot(tree: Tree, actor: int, chain: list[int]) -> Slot | None:
    """ "the Belarusian firm that supplied engines to ...", "Tanzanian pilots who
    learned to fly in China": the noun a relative clause describes is what its relative
    pronoun subject stands for, and the actor heading or modifying that noun fills the
    subject's slot (a passive's subject, "routes that were used to ...", is a thing
    used, not who acts)."""
    top = chain[-1]
    noun = tree.head(top)
    if tree.tokens[top].dep != "relcl" or noun is None:
        return None
    pronouns = [
        c
        for c in tree.child_with(top, frozenset({"nsubj"}))
        if tree.tokens[c].tag in _RELATIVE_TAGS
    ]
    if not pronouns or said_absent(tree, noun):
        return None
    level = len(chain) - 1
    if actor == noun:
        return Slot(level=level, relation="nsubj", depth=0)
    path = tree.path_up(actor, noun)
    if path is None or not all(tree.tokens[t].dep in _DESCRIBING for t in path):
        return None
    return Slot(level=level, relation="nsubj", depth=1, distance=len(path))


def said_absent(tree: Tree, noun: int) -> bool:
    """ "Nepal, which has taken part since 2010, was missing": what a relative clause on
    the noun tells is undone by what is said of the noun itself."""
    told = tree.head(noun)
    return told is not None and tree.lemma(told) in load_cues().absent


#: words that describe a noun in its own phrase ("Belarusian firm", "Kenya Navy officers")
_DESCRIBING = frozenset({"amod", "compound"})


def across_a_border(tree: Tree, token: int) -> bool:
    """ "close to its borders with Lithuania and Latvia": the state across a border is
    where the line runs, a party of nothing the sentence reports."""
    token = tree.list_head(token)
    preposition = tree.head(token)
    if tree.tokens[token].dep != "pobj" or preposition is None:
        return False
    line = tree.head(preposition)
    return (
        tree.lemma(preposition) == "with"
        and line is not None
        and tree.lemma(line) in load_cues().dividing_lines
    )


def _past_share_of_them(tree: Tree, path: list[int]) -> list[int]:
    """ "500 troops are taking part, most of them from Chile and Peru": the share hung
    on the verb stands for its subject, so its "from" is the verb's own."""
    if len(path) < 2:
        return path
    share = tree.tokens[path[-1]]
    if share.dep not in ("npadvmod", "advmod", "nsubj") or share.lemma not in load_cues().shares:
        return path
    if not any(tree.tokens[o].lemma in ("they", "them") for o in tree.objects_of(share.i, "of")):
        return path
    return path[:-1]


def _past_joined_by(tree: Tree, path: list[int]) -> list[int]:
    """ "Chilean troops took part, joined by a platoon from Ecuador": whoever joins the
    doers does what they do; the participle's "by" phrase is the verb's own agent."""
    for position in range(1, len(path)):
        participle = tree.tokens[path[position]]
        if (
            tree.tokens[path[position - 1]].dep == "agent"
            and participle.tag == "VBN"
            and participle.dep in ("advcl", "acl")
            and participle.lemma in load_cues().joining_forces
            and all(tree.tokens[t].dep in ("npadvmod", "advmod") for t in path[position + 1 :])
        ):
            return path[:position]
    return path


def _agent_of_active_object(tree: Tree, chain: list[int]) -> bool:
    """The trigger noun is the direct object of an active verb, whose "by" phrase is
    then the noun's own."""
    noun, verb = chain[0], chain[1]
    return (
        tree.tokens[noun].dep == "dobj"
        and tree.tokens[noun].pos in ("NOUN", "PROPN")
        and tree.tokens[verb].pos == "VERB"
        and tree.tokens[verb].tag != "VBN"
        and not tree.child_with(verb, frozenset({"auxpass", "nsubjpass"}))
    )


def reduced_relative(tree: Tree, verb: int) -> bool:
    """A past participle describing a noun, with no subject or auxiliary of its own
    ("sanctions imposed against Iran by the US", "the troops stationed in Belarus")."""
    tok = tree.tokens[verb]
    return (
        tok.dep == "acl"
        and tok.tag == "VBN"
        and not tree.child_with(verb, frozenset({"nsubj", "nsubjpass", "aux", "auxpass"}))
    )


def _past_a_time(tree: Tree, path: list[int]) -> bool:
    """The path from an actor climbs "alongside"/"with" into a phrase of time
    ("in the spring alongside Peruvian units"), which no partner belongs to."""
    if len(path) < 4:
        return False
    partner, when, preposition = path[-3], path[-2], path[-1]
    return (
        tree.tokens[partner].dep == "prep"
        and tree.lemma(partner) in ("alongside", "with")
        and tree.tokens[preposition].dep == "prep"
        and tree.tokens[when].dep == "pobj"
        and names_a_time(tree, when)
    )


def names_a_time(tree: Tree, noun: int) -> bool:
    """ "the spring", "last week", "its second summer": a noun of time, by the
    entity tagger or cues.yaml `time_nouns`."""
    return (
        tree.tokens[noun].ent_type in ("DATE", "TIME") or tree.lemma(noun) in load_cues().time_nouns
    )


def _joins_by_absolute_clause(tree: Tree, inner: list[int]) -> bool:
    """ "with the navies of Ghana and Togo taking part": the path from an actor up to
    "with" ends in the subject of a clause that "with" takes, a phrase of its own
    (forces, officials; not "with China watching") whose verb does not take it away
    ("with the Peruvian navy pulling out of the drill", "... not taking part")."""
    if len(inner) < 3:
        return False
    verb, subject = inner[-1], inner[-2]
    if tree.tokens[verb].dep != "pcomp" or tree.tokens[subject].dep != "nsubj":
        return False
    # the parser may take the particle for a preposition ("pulling out of the drill")
    particles = [tree.lemma(c) for c in tree.child_with(verb, frozenset({"prt", "prep", "advmod"}))]
    words = {tree.lemma(verb), *(f"{tree.lemma(verb)} {p}" for p in particles)}
    negated = tree.child_with(verb, frozenset({"neg"}))
    cues = load_cues()
    return not negated and not words & (cues.withdrawing | cues.onlookers)


def authoring_relative(tree: Tree, clause: int) -> bool:
    """Whether a relative clause's verb authors its antecedent, the clause's object
    ("..., which Germany announced"; not "..., which Poland requested", "..., which
    began on Monday", "..., which was approved by ..."), or its subject takes part in
    it ("..., in which forces from Japan took part")."""
    cues = load_cues()
    if tree.tokens[clause].dep != "relcl":
        return False
    if _taken_part_in_which(tree, clause, cues.partaking_relative):
        return True  # "the exercise, in which forces from Japan took part": its parties
    if tree.lemma(clause) not in cues.authoring:
        return False
    if tree.child_with(clause, frozenset({"auxpass", "nsubjpass"})):
        # "the exercise, which was held between units of Oman and Britain"
        return tree.lemma(clause) in cues.held_passive and all(
            tree.lemma(s) in ("which", "that")
            for s in tree.child_with(clause, frozenset({"nsubjpass"}))
        )
    return all(tree.lemma(o) in ("which", "that") for o in tree.child_with(clause, _OBJECT))


def _taken_part_in_which(tree: Tree, clause: int, verbs: frozenset[str]) -> bool:
    """Whether a relative clause says who takes part in its antecedent ("..., in which
    forces from Japan took part", "..., in which ten navies participate")."""
    return not tree.verb_phrases(clause).isdisjoint(verbs) and any(
        tree.lemma(o) in ("which", "that") for o in tree.objects_of(clause, "in")
    )


def authoring_clauses(tree: Tree, noun: int) -> list[int]:
    """The authoring relative clauses on a noun or on the last noun of its phrase
    ("the sale of jets to Chile, which Paris approved")."""
    return [
        t.i
        for t in tree.tokens
        if authoring_relative(tree, t.i)
        and (path := tree.path_up(t.i, noun)) is not None
        and all(tree.tokens[step].dep in _WITHIN_PHRASE for step in path[1:])
    ]


def _authoring_step(tree: Tree, path: list[int]) -> int | None:
    """Where the path climbs through a relative clause on the trigger whose verb
    authors what the trigger names, with the trigger its object ("the package,
    which Germany announced", "the drills Peru hosted with Chile"): the clause's
    subject and phrases are the trigger's own. The parser may hang the clause on the
    last noun of the trigger's phrase ("the sale of jets to Chile, which Paris
    approved"). A verb of asking or receiving ("the sale, which Poland requested")
    is not its author."""
    clauses = [k for k, t in enumerate(path) if tree.tokens[t].dep == "relcl"]
    if len(clauses) != 1 or clauses[0] == 0 or not authoring_relative(tree, path[clauses[0]]):
        return None
    at = clauses[0]
    if tree.tokens[path[at - 1]].dep not in ("nsubj", "prep"):
        return None
    if any(tree.tokens[t].dep not in _WITHIN_PHRASE for t in path[at + 1 :]):
        return None
    return at


def _group_exemplified(tree: Tree, path: list[int]) -> int | None:
    """Where on the path the plural noun stands whose examples the actor is ("12
    countries including France"), when that noun is the object of a preposition on
    the argument itself ("troops from 12 countries")."""
    # path: actor ... "including", the noun, the preposition, the argument
    k = len(path) - 3
    if k < 1:
        return None
    step, noun = path[k - 1], path[k]
    if (
        tree.tokens[step].dep == "prep"
        and gives_examples(tree, step)
        and tree.tokens[noun].tag == "NNS"
        and tree.head(step) == noun
    ):
        return k
    return None


def _listed_in(tree: Tree, inner: list[int], argument: int) -> bool:
    """ "More than 20 countries, including Chile and Peru": the actor is named in a
    list of examples hung on the argument itself (spaCy's "including" is a
    preposition whose lemma is "include"), not on a noun deeper inside it."""
    steps = [t for t in inner if tree.tokens[t].dep == "prep"]
    # not "such as" (`gives_examples`): "countries such as Germany are active through
    # French bases" names examples of a kind, not members of the argument
    if len(steps) != 1 or tree.tokens[steps[0]].text.lower() not in _EXAMPLES:
        return False
    owner = tree.head(steps[0])
    top = [argument, *tree.child_with(argument, _POBJ)]
    return owner in top and all(_noun_phrase_step(tree, t) or t == steps[0] for t in inner)


_EXAMPLES = frozenset({"including", "among", "like"})


def gives_examples(tree: Tree, preposition: int) -> bool:
    """ "including", "among", "like", "such as": what follows is the noun above."""
    word = tree.tokens[preposition].text.lower()
    return word in _EXAMPLES or (
        word == "as" and any(tree.lemma(c) == "such" for c in tree.children[preposition])
    )


def _led_by(tree: Tree, token: int) -> bool:
    """ "the Uruguayan-led exercise", "the Kenyan-hosted summit": the leader or host
    modifies the happening as directly as "Uruguayan" alone would."""
    return tree.tokens[token].dep == "amod" and tree.lemma(token) in ("lead", "host")


def _nearest_preposition(tree: Tree, path: list[int]) -> str | None:
    """The preposition whose phrase holds the actor, going up from it; none once a
    clause of its own intervenes ("in drills that Turkey called a provocation":
    Turkey is not "in" anything)."""
    for position, token in enumerate(path):
        dep = tree.tokens[token].dep
        if dep == "prep" and gives_examples(tree, token):
            continue  # "systems such as the German IRIS-T": the systems' own phrase
        if dep == "prep":
            # "sell jets to Chad and withdraw its troops from Niger": the phrase of
            # another deed, coordinated with the trigger's
            if any(_own_deed(tree, t) for t in path[position + 1 :]):
                return None
            return _preposition(tree, token)
        if dep in _CLAUSE_BOUNDARIES or dep == "advcl":
            return None
    return None


def _own_deed(tree: Tree, token: int) -> bool:
    """A coordinated verb with an object of its own: a deed apart from the first."""
    tok = tree.tokens[token]
    return (
        tok.dep == "conj"
        and tok.pos in ("VERB", "AUX")
        and not _shares_subject(tree, token)
        and bool(tree.child_with(token, frozenset({"dobj"})))
    )


def _preposition(tree: Tree, token: int) -> str:
    """The preposition's lemma, with "according to", "due to", "prior to" kept whole."""
    lemma = tree.lemma(token)
    head = tree.head(token)
    if lemma == "to" and head is not None and tree.lemma(head) in _TO_COMPOUNDS:
        return tree.lemma(head)
    return lemma


_TO_COMPOUNDS = frozenset({"accord", "according", "due", "prior", "thanks", "next", "close"})


def _shares_subject(tree: Tree, token: int) -> bool:
    """ "was held in Oslo and attended by Gen. Milley": a second verb without a subject
    or an object of its own ("agreed to sell jets to Chad and withdraw its troops from
    Niger" does something else, with phrases of its own)."""
    tok = tree.tokens[token]
    return (
        tok.dep == "conj"
        and tok.pos in ("VERB", "AUX")
        and not tree.child_with(token, frozenset({"nsubj", "nsubjpass", "csubj"}))
        and all(tree.is_pronoun(o) for o in tree.child_with(token, frozenset({"dobj"})))
    )


def _attended_by(tree: Tree, token: int, happening: int) -> bool:
    """ "a symposium will be held in Dhaka, to be attended by the naval chiefs of ...",
    "will host a seminar, attended by delegations from ...": a clause of taking part,
    passive with its "by" phrase, on a verb that holds the happening (its object or
    passive subject; not "the exercise overlapped with a meeting, attended by ...")."""
    tok = tree.tokens[token]
    verb = tree.head(token)
    cues = load_cues()
    return (
        verb is not None
        and tree.lemma(verb) in cues.taking_part
        and tree.tokens[happening].dep in ("dobj", "nsubjpass")
        and tree.head(happening) == verb
        and tok.dep in ("advcl", "acl", "xcomp")
        and tok.tag == "VBN"
        and tree.lemma(token) in cues.partaking
        and bool(tree.child_with(token, frozenset({"agent"})))
        and not tree.child_with(token, frozenset({"nsubj", "nsubjpass", "csubj"}))
    )


def members_listed(tree: Tree, noun: int) -> set[int]:
    """The words of a relative clause that lists the noun's members ("the Gulf
    monarchies, which include Oman and Qatar"), or nothing."""
    return {
        t
        for c in tree.child_with(noun, frozenset({"relcl"}))
        if tree.lemma(c) in _MEMBERSHIP_VERBS
        for t in tree.subtree(c)
    }


def _noun_phrase_step(tree: Tree, token: int) -> bool:
    dep = tree.tokens[token].dep
    if dep in _NOUN_PHRASE:
        return True
    if dep == "relcl" and tree.lemma(token) in _MEMBERSHIP_VERBS:
        return True
    if (
        dep == "acl"
        and tree.lemma(token) in load_cues().origin_participles
        and tree.prepositions(token, "from")
    ):
        return True  # "personnel drawn from the Ghana Navy" are personnel from it
    head = tree.head(token)
    if (
        dep == "dobj"
        and head is not None
        and tree.tokens[head].dep == "relcl"
        and tree.lemma(head) in _MEMBERSHIP_VERBS
    ):
        return True
    # "the acquisition of Iranian drones", "the deals between Moscow and Tehran"
    return dep == "prep" and tree.lemma(token) in _PHRASE_PREPOSITIONS


def governing_chain(
    tree: Tree, trigger: int, speech: frozenset[str], denial: frozenset[str]
) -> tuple[list[int], int | None]:
    """Words from the trigger up to the top of its clause, and the attribution verb if any.

    Climbing stops at a verb of speech or denial reached through its
    complement ("Kirby said [the US would sanction ...]", "Beijing denied
    [supplying ...]"): that verb's subject claims or denies the event.
    """
    chain = [trigger]
    node = trigger
    while True:
        head = tree.head(node)
        if head is None:
            return chain, None
        dep = tree.tokens[node].dep
        lemma = tree.lemma(head)
        is_verb = tree.tokens[head].pos in ("VERB", "AUX")
        if is_verb and (
            (lemma in speech and dep in _COMPLEMENTS)
            or (
                lemma in denial
                and dep in _DENIAL_COMPLEMENTS
                # "rejected the drills" objects to them, "denied the deliveries" denies
                and not (
                    node == trigger and dep == "dobj" and lemma not in load_cues().denying_events
                )
            )
        ):
            return chain, head
        # "would allow US destroyers to be based at Rota": an infinitive the parser
        # makes a clause of its own is still governed by the verb above it
        infinitive = (tree.has_to(node) and dep in ("relcl", "ccomp")) or (
            tree.is_bare_complement(node)
        )
        if (dep in _CLAUSE_BOUNDARIES and not infinitive) or (
            dep == "advcl" and tree.tokens[node].tag not in ("VB", "VBG", "VBN")
        ):
            return chain, None
        if _beyond_semicolon(tree, node, head):
            return chain, None
        chain.append(head)
        node = head


def _beyond_semicolon(tree: Tree, node: int, head: int) -> bool:
    """ "Chile held drills; Peru had planned to join": a clause the parser hangs across a
    semicolon on the next one is a sentence of its own, governed by nothing there."""
    return tree.tokens[node].pos in ("VERB", "AUX") and _semicolon_between(tree, node, head)


def _semicolon_between(tree: Tree, node: int, head: int) -> bool:
    """The parser hangs a semicolon on the head of what it joins across it."""
    low, high = sorted((node, head))
    return any(tree.tokens[c].text == ";" and low < c < high for c in tree.children[head])


def object_governor(tree: Tree, noun: int, through: frozenset[str] | None = None) -> int | None:
    """The word whose object `noun` is, directly ("adopted the sanctions") or behind a
    preposition (any, or one of `through`: "aligned with the sanctions")."""
    above = tree.head(noun)
    if above is None:
        return None
    dep = tree.tokens[noun].dep
    if dep == "dobj":
        return above
    if dep == "pobj" and (through is None or tree.lemma(above) in through):
        return tree.head(above)
    return None


def subject_of(tree: Tree, verb: int) -> list[int]:
    return tree.child_with(verb, _SUBJECTS)


def listed_subjects(tree: Tree, verb: int) -> list[int]:
    """The verb's subjects with the items listed after them ("delegates and officers
    came ...", "the frigate and a patrol boat arrived")."""
    return [c for s in subject_of(tree, verb) for c in tree.conjuncts(s)]


_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


def clause_top(tree: Tree, chain: list[int]) -> int:
    """Index in `chain` of the first finite verb: the top of the trigger's own clause."""
    for level, node in enumerate(chain):
        tok = tree.tokens[node]
        if tok.pos not in ("VERB", "AUX"):
            continue
        if tok.tag in _FINITE_TAGS or any(
            tree.tokens[c].dep in ("nsubj", "nsubjpass", "aux", "auxpass")
            and tree.tokens[c].tag != "TO"
            for c in tree.children[node]
        ):
            return level
    return len(chain) - 1


def names_approval(tree: Tree, noun: int) -> bool:
    """ "the nod", "the green light": the noun, with the modifiers before it, says
    approval (cues.yaml approval_objects), and is no thing handed over."""
    approvals = load_cues().approval_objects
    modifiers = [
        tree.tokens[c].text.lower()
        for c in tree.child_with(noun, frozenset({"compound", "amod"}))
        if c < noun
    ]
    return tree.lemma(noun) in approvals or (
        " ".join([*modifiers, tree.tokens[noun].text.lower()]) in approvals
    )
