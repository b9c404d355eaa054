"""Mending the parser's mistakes that cost events, before anything reads the tree.

The small English model sometimes reads a whole sentence as one noun phrase:
"On Tuesday the chiefs of navy of all nine countries met aboard the flagship"
comes back with "chiefs" as the root and "met" as a clause describing
"countries", so nothing has met and nobody is its subject. It joins a closing
"..., the army said" to the root as a second clause that takes the root's
object for its subject, joins a second place ("at the barracks and the
training area") or a second "by" phrase to the verb (a second "with" to a time
phrase: "with Ghana in March and with Togo in May"), and takes "Tonga" in
"Tonga and Fiji opened ..." for an adverb. It tags "drills" in "called the
Chinese-Russian drills a threat" as a verb, and hangs on the verb the "as" of
"with Pakistan and the US as observers" and the "from" of "attended by navy
chiefs from Sri Lanka", which say what the phrase before them is. It breaks a
list of long names ("the Pakistan Navy, the Royal Saudi Naval Forces, ...")
after its first item, and hangs the "with" of "near the border with Bolivia" on
the verb, as if Bolivia took part; the "as" of "described the drills held by
Kosovo as a provocation" it hangs on the participle. After "The exercise, which ...," or "The
exercise, run from Lusaka," or right after the subject noun ("The Azerbaijani
foreign minister called ...", or after its name in commas) it may take the sentence's
verb for a clause describing the noun (after a participle, also for a modifier of its object:
"featured warships" as "the featured warships"), and in "the Peruvian
navy frigate Bolognesi arrived" it tags "frigate" as the verb (or leaves it a
noun, but the root); "held" in "a naval exercise held off Agadir" it may tag
past tense, though it describes the noun, and
"visiting" in "hosted visiting warships" it makes a clause whose object the
warships are; "of the army chiefs" in "a meeting in Nairobi of the army chiefs"
it hangs on the town (so "with" the minister in "talks at the Ritz Hotel with Peru's
army commander"), and a headline's "...; India, US voice concern" inside the
phrase before the semicolon; items a list separates by semicolons ("the Chief of
Staff of Ghana, General ...; the Chief of Staff of Togo, ...") it hangs each on a
name deep in the item before; and after "According to the navy," the subject
("ships and teams from Peru ...") it may join to the navy as another item. An
unknown name's first word ("launched the Ushirikiano Imara exercise") it may take
for the verb's object, leaving the rest a second root, and a name after a preposition
("for the Sahel Kimbo exercise with ...") for its object, the noun a verb's clause.
A phrase of "take part" ("including troops from ...") it may hang on "part", a
list after "among them" it makes a loose word of the verb, a list of states
after a colon a sentence of its own or another name of the place before it, and
the object after "involve, in addition to X," another name of X, the subject after an
opening place ("In Lima, army chiefs of Peru and Chile signed ...") another name of
the place, a clause describing a noun ("the exercise Sea Lance, co-hosted by ...") a
clause of the name right after it, a second past tense ("accused Paris of pursuing ...
and accused Yerevan") an item of the gerund's list, a subject's company ("Japan,
along with Australia, voiced concern") a phrase of the verb, and "as observers, the army
said" a clause of the observers' saying.
A time phrase after an auxiliary ("had for years trained") may take the
subject with it onto "had", and an object after a phrase of manner ("observes
with concern the deployment") it may make another name of the phrase's noun.
Every reader downstream would need its own workaround; mending the
tree once here keeps them simple. Each repair is narrow: it fires only on a
shape the parser never gives a well-formed sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from itertools import pairwise

from pactwatch.dates.vocabulary import MONTHS, WEEKDAYS
from pactwatch.models import Token

#: what may lie between the root noun and the verb hung under its phrase
_WITHIN_PHRASE = frozenset({"prep", "pobj", "compound", "conj", "appos"})
#: what only a participle describing its noun has: "delivered by Germany", "sold them"
_PARTICIPLE = frozenset({"agent", "dobj", "auxpass"})
#: what before the root noun modifies the clause rather than the noun ("On Tuesday")
_CLAUSE_MODIFIERS = frozenset({"prep", "npadvmod", "advmod"})


def mend(tokens: list[Token]) -> list[Token]:
    """The tokens with the repairs below applied (the same list when none applies)."""
    for repair in _REPAIRS:
        tokens = repair(tokens)
    return tokens


def _headless_clause(tokens: list[Token]) -> list[Token]:
    """A noun root over a past-tense verb taken for a modifier of a noun in its own
    phrase ("the chiefs of all nine countries met ...", "later the chiefs of army of
    the two nations gathered in Vientiane."): the verb is the root and the noun its
    subject."""
    roots = [t for t in tokens if t.head == t.i]
    if len(roots) != 1 or roots[0].pos not in ("NOUN", "PROPN"):
        return tokens
    root = roots[0]
    verb = next((t for t in tokens if t.dep == "acl" and t.tag in ("VBD", "VBN")), None)
    if verb is None or any(t.head == verb.i and t.dep.startswith("nsubj") for t in tokens):
        return tokens
    if verb.tag == "VBN" and (
        tokens[-1].text != "." or any(t.head == verb.i and t.dep in _PARTICIPLE for t in tokens)
    ):
        # "tanks delivered by Germany", a headline "Tanks delivered to Poland": the
        # participle the parser says it is
        return tokens
    if (
        verb.head == root.i
        and not (verb.tag == "VBD" and verb.i == root.i + 1)
        and not _right_after_apposition(tokens, root, verb)
    ):
        # "The exercise, run from Lusaka, ...": a participle on the root itself; but a
        # past tense right after the noun is its verb ("The Serbian defence minister
        # called ..."), and so is one right after the noun's name in commas ("The
        # commander of the task group, Rear Admiral Ana Ruiz, called on ...")
        return tokens
    node = tokens[verb.head]
    while node.i != root.i:
        if node.dep not in _WITHIN_PHRASE:
            return tokens
        node = tokens[node.head]
    if any(
        t.pos in ("VERB", "AUX") and t.tag in ("VBD", "VBZ", "VBP", "MD") for t in tokens[: verb.i]
    ):
        return tokens  # a finite verb before: the parser's reading may be right
    mended = list(tokens)
    mended[verb.i] = replace(verb, head=verb.i, dep="ROOT")
    mended[root.i] = replace(root, head=verb.i, dep="nsubj")
    for t in tokens:
        if (
            t.head == root.i
            and t.i != root.i
            and (t.i > verb.i or (t.i < root.i and t.dep in _CLAUSE_MODIFIERS))
        ):
            mended[t.i] = replace(t, head=verb.i)  # "On Tuesday", the full stop
    return mended


def _right_after_apposition(tokens: list[Token], root: Token, verb: Token) -> bool:
    """Whether the verb comes right after the comma closing a name the root noun is
    given in commas ("the commander of the task group, Rear Admiral Ana Ruiz, called")."""
    if verb.i < 2 or tokens[verb.i - 1].text != ",":
        return False
    names = [t for t in tokens if t.head == root.i and t.dep == "appos" and t.i < verb.i]
    if len(names) != 1:
        return False
    inside = _subtree(tokens, names[0].i)
    first = min(inside)
    return tokens[first - 1].text == "," and all(i in inside for i in range(first, verb.i - 1))


def _subject_on_auxiliary(tokens: list[Token]) -> list[Token]:
    """A time phrase between the auxiliary and its verb ("Turkish officers had for a
    long time trained ...") may lead the parser to hang the subject, and the phrase,
    on "had": they belong to the verb the auxiliary helps."""
    mended = None
    for word in tokens:
        if not (word.dep.startswith("nsubj") or word.dep == "prep"):
            continue
        auxiliary = tokens[word.head]
        if auxiliary.i == word.i or auxiliary.dep not in ("aux", "auxpass"):
            continue
        verb = tokens[auxiliary.head]
        if verb.pos != "VERB" or verb.i <= auxiliary.i:
            continue
        if word.dep == "prep" and not word.i > auxiliary.i:
            continue
        if word.dep.startswith("nsubj") and (
            word.i > auxiliary.i
            or any(t.head == verb.i and t.dep.startswith("nsubj") for t in tokens)
        ):
            continue  # "Which tanks did Germany send": a question, its verb has a subject
        mended = mended or list(tokens)
        mended[word.i] = replace(word, head=verb.i)
    return mended or tokens


def _object_after_manner(tokens: list[Token]) -> list[Token]:
    """An object after a phrase of manner ("observes with concern the deployment of
    ...") the parser may take for another name of the phrase's noun: with no comma
    between and a determiner before it, it is the verb's object."""
    for word in tokens:
        if word.dep != "appos" or word.i < 2:
            continue
        noun = tokens[word.head]
        if noun.dep != "pobj" or noun.i >= word.i:
            continue
        preposition = tokens[noun.head]
        verb = tokens[preposition.head]
        if preposition.dep != "prep" or verb.pos != "VERB" or verb.i > preposition.i:
            continue
        first = min(_subtree(tokens, word.i))
        if tokens[first].dep != "det" or any(t.text == "," for t in tokens[noun.i : first]):
            continue
        if any(t.head == verb.i and t.dep == "dobj" for t in tokens):
            continue
        mended = list(tokens)
        mended[word.i] = replace(word, head=verb.i, dep="dobj")
        return mended
    return tokens


#: verbs that close a sentence with who says it: "..., the navy said in a statement."
_SAYING = frozenset({"say", "tell", "announce", "state", "add", "report", "confirm", "note"})


def _stolen_object(tokens: list[Token]) -> list[Token]:
    """A closing "..., the Estonian Defence Forces said" whose verb the parser joins to
    the root as a second clause, its speaker hung on a word before the comma ("troops
    from Mongolia, Japan and India, the Mongolian defence ministry said": the ministry
    an apposition of Mongolia), and sometimes the root's object taken for the verb's
    subject ("brought together staff officers ..., the army said": "officers said").
    The speaker becomes the subject of "said", which governs the sentence, and the
    object goes back to the root, as the parser reads the same sentence when short."""
    root = next((t for t in tokens if t.head == t.i), None)
    if root is None or root.pos != "VERB":
        return tokens
    said = next(
        (
            t
            for t in tokens
            if t.dep == "conj" and t.head == root.i and t.lemma in _SAYING and t.tag == "VBD"
        ),
        None,
    )
    if said is None:
        return tokens
    comma = max((t.i for t in tokens[root.i + 1 : said.i] if t.text == ","), default=None)
    if comma is None:
        return tokens
    # the speaker: the one word between the comma and "said" hung outside them
    speakers = [t for t in tokens[comma + 1 : said.i] if not comma < t.head < said.i]
    if len(speakers) != 1 or speakers[0].pos not in ("NOUN", "PROPN"):
        return tokens
    speaker = speakers[0]
    subjects = [t for t in tokens if t.head == said.i and t.dep.startswith("nsubj")]
    stolen = [t for t in subjects if t.i < comma]
    if len(stolen) > 1 or (not stolen and speaker.head == said.i):
        return tokens  # "..., the army said" read as a second clause of its own: fine
    mended = list(tokens)
    if stolen:
        if stolen[0].pos not in ("NOUN", "PROPN") or any(
            t.head == root.i and t.dep == "dobj" for t in tokens
        ):
            return tokens
        mended[stolen[0].i] = replace(stolen[0], head=root.i, dep="dobj")
    _said_over_root(mended, root, said, speaker, comma)
    return mended


def _said_over_root(
    mended: list[Token], root: Token, said: Token, speaker: Token, comma: int
) -> None:
    """Make "said" govern the sentence it closes: its speaker its subject, the old root
    what is said, the comma before the speaker its own."""
    mended[speaker.i] = replace(speaker, head=said.i, dep="nsubj")
    mended[said.i] = replace(said, head=said.i, dep="ROOT")
    mended[root.i] = replace(root, head=said.i, dep="ccomp")
    mended[comma] = replace(mended[comma], head=said.i, dep="punct")


def _as_phrase_taken_for_speaker(tokens: list[Token]) -> list[Token]:
    """ "Norway attended the sessions as observers, the Press Office of the Navy said":
    the parser reads "as observers ... said" as a clause of its own ("as observers
    said"), the speaker another name or item of "observers". A bare plural after "as"
    with the speaker after its comma is what the verb before it is done as, and the
    speaker says it (not "as the minister, Ana Ruiz, said": that noun has a determiner)."""
    root = next((t for t in tokens if t.head == t.i), None)
    if root is None or root.pos != "VERB":
        return tokens
    for said in tokens:
        if not (
            said.dep == "advcl"
            and said.head == root.i
            and said.i > root.i
            and said.lemma in _SAYING
        ):
            continue
        marks = [t for t in tokens if t.head == said.i and t.dep == "mark" and t.lemma == "as"]
        role = tokens[marks[0].i + 1] if marks and marks[0].i + 1 < said.i else None
        if (
            role is None
            or role.head != said.i
            or role.dep != "nsubj"
            or role.tag != "NNS"
            or role.i + 1 >= said.i
            or tokens[role.i + 1].text != ","
        ):
            continue
        # the speaker hung on the noun as another name of it or a second item
        speakers = [
            t
            for t in tokens
            if t.head == role.i and t.dep in ("appos", "conj") and t.i > role.i + 1
        ]
        if len(speakers) != 1 or any(t.head == role.i and t.dep in ("det", "cc") for t in tokens):
            continue
        mended = list(tokens)
        mended[marks[0].i] = replace(marks[0], head=root.i, dep="prep")
        mended[role.i] = replace(role, head=marks[0].i, dep="pobj")
        _said_over_root(mended, root, said, speakers[0], role.i + 1)
        last = tokens[-1]
        if last.head == root.i and last.dep == "punct":
            mended[last.i] = replace(last, head=said.i)  # the full stop
        return mended
    return tokens


def _noun_joined_to_verb(tokens: list[Token]) -> list[Token]:
    """A noun the parser joins with "and" to the verb rather than to the object of the
    preposition right before it ("opened at the Cobbe Barracks and the nearby training
    area, with the participation of ..."): the noun joins that object, and so does
    what hangs on it."""
    mended = tokens
    for noun in tokens:
        verb = tokens[noun.head]
        if noun.dep != "conj" or noun.pos not in ("NOUN", "PROPN") or verb.pos != "VERB":
            continue
        if any(t.head == noun.i and t.dep.startswith("nsubj") for t in tokens):
            continue  # "... and the army its own drill": a clause with a subject
        joiner = next(
            (t for t in tokens[verb.i + 1 : noun.i] if t.dep == "cc" and t.head == verb.i), None
        )
        if joiner is None or joiner.i == 0:
            continue
        # the word before "and" ends the object of a preposition on the verb ("by the
        # chiefs of defence, or their representatives, of ...": past a comma, and up
        # from the object of a phrase inside that object)
        before = tokens[joiner.i - 1]
        if before.text == "," and joiner.i >= 2:
            before = tokens[joiner.i - 2]
        pobj = before
        while pobj.dep != "pobj" and pobj.head != pobj.i and pobj.head > pobj.i:
            pobj = tokens[pobj.head]
        while (
            pobj.dep == "pobj"
            and tokens[pobj.head].head != verb.i
            and tokens[tokens[pobj.head].head].dep == "pobj"
        ):
            pobj = tokens[tokens[pobj.head].head]
        if pobj.dep != "pobj" or tokens[pobj.head].head != verb.i or pobj.i >= joiner.i:
            continue
        if tokens[pobj.head].dep not in ("prep", "agent"):
            continue
        if mended is tokens:
            mended = list(tokens)
        mended[noun.i] = replace(noun, head=pobj.i)
        mended[joiner.i] = replace(joiner, head=pobj.i)
    return mended


def _preposition_joined_to_verb(tokens: list[Token]) -> list[Token]:
    """ "attended by delegations from Uruguay and Chile, and by South Africa and Namibia":
    a second "by" the parser joins to the verb as if it were a clause is a second
    phrase of the same kind as the first on that verb; so is one it joins to a phrase
    of time between them ("drills with France in May and with Japan in July")."""
    mended = tokens
    for prep in tokens:
        verb = tokens[prep.head]
        if verb.pos == "ADP" and verb.dep == "prep" and verb.lemma != prep.lemma:
            verb = tokens[verb.head]
        if prep.dep != "conj" or prep.pos != "ADP" or verb.pos not in ("VERB", "AUX"):
            continue
        first = next(
            (
                t
                for t in tokens[verb.i + 1 : prep.i]
                if t.head == verb.i and t.dep in ("agent", "prep") and t.lemma == prep.lemma
            ),
            None,
        )
        if first is None:
            continue
        if mended is tokens:
            mended = list(tokens)
        mended[prep.i] = replace(prep, dep=first.dep, head=verb.i)
    return mended


#: kinds of warship the tagger takes for a present-tense verb after "navy"
_SHIP_TYPES = frozenset({"frigate", "corvette", "destroyer", "cruiser", "submarine"})


def _ship_type_read_as_verb(tokens: list[Token]) -> list[Token]:
    """ "The Colombian navy frigate ARC Padilla visited Valparaiso": the tagger reads
    "frigate" as a verb whose subject is "navy" and whose complement is the clause
    "Padilla visited ...". The kind of ship is a noun in the ship's name; the
    clause's verb is the sentence's, and the whole name its subject."""
    root = next((t for t in tokens if t.head == t.i), None)
    # tagged a verb, or left a noun that nonetheless has a subject and a clause
    if root is None or root.pos not in ("VERB", "NOUN") or root.text.lower() not in _SHIP_TYPES:
        return tokens
    if root.i == 0 or tokens[root.i - 1].dep != "nsubj" or tokens[root.i - 1].head != root.i:
        return tokens
    verbs = [t for t in tokens if t.head == root.i and t.dep == "ccomp" and t.i > root.i]
    if len(verbs) != 1:
        return tokens
    verb = verbs[0]
    names = [t for t in tokens if t.head == verb.i and t.dep == "nsubj" and root.i < t.i < verb.i]
    if len(names) != 1 or names[0].pos != "PROPN":
        return tokens
    name = names[0]
    mended = list(tokens)
    mended[verb.i] = replace(verb, head=verb.i, dep="ROOT")
    mended[root.i] = replace(root, pos="NOUN", tag="NN", head=name.i, dep="compound")
    for t in tokens:
        if t.head == root.i and t.i != root.i and t.i != verb.i:
            # "The Colombian navy" stays in the name; the full stop goes to the verb
            mended[t.i] = replace(t, head=name.i if t.i < root.i else verb.i)
    mended[root.i - 1] = replace(mended[root.i - 1], dep="compound")
    return mended


def _drill_name_read_as_imperative(tokens: list[Token]) -> list[Token]:
    """ "Exercise Nordic Bastion started in Lapland": with an adjective in the name, the
    parser reads "Exercise" as an imperative whose object is the rest of the name and
    the real verb as its clause. "Exercise" opens the name, and the name is the
    subject of that verb."""
    first = next((t for t in tokens if t.pos != "PUNCT"), None)
    if first is None or first.text not in _NAME_OPENERS or first.dep != "ROOT":
        return tokens
    names = [t for t in tokens if t.head == first.i and t.dep == "dobj" and t.pos == "PROPN"]
    verbs = [
        t
        for t in tokens
        if t.head == first.i and t.dep in ("advcl", "ccomp", "conj") and t.tag in ("VBD", "VBZ")
    ]
    if len(names) != 1 or len(verbs) != 1 or not names[0].i < verbs[0].i:
        return tokens
    name, verb = names[0], verbs[0]
    if any(t.head == verb.i and t.dep in ("nsubj", "nsubjpass") for t in tokens):
        return tokens
    mended = list(tokens)
    mended[verb.i] = replace(verb, head=verb.i, dep="ROOT")
    mended[name.i] = replace(name, head=verb.i, dep="nsubj")
    mended[first.i] = replace(first, pos="PROPN", tag="NNP", head=name.i, dep="compound")
    for t in tokens:
        if t.head == first.i and t.i not in (first.i, name.i, verb.i):
            mended[t.i] = replace(t, head=verb.i)  # the full stop
    return mended


#: words that open a drill's or an operation's name
_NAME_OPENERS = frozenset({"Exercise", "Operation"})


def _participle_tagged_past(tokens: list[Token]) -> list[Token]:
    """ "a naval exercise held off Agadir with the participation of ...": a verb the
    parser hangs under a noun as a clause describing it, with no subject of its own,
    is a participle even when tagged past tense (after `_headless_clause` has made
    any such verb with a noun root the sentence's verb)."""
    found = [
        t
        for t in tokens
        if t.dep == "acl"
        and t.tag == "VBD"
        and tokens[t.head].pos in ("NOUN", "PROPN")
        and not any(c.head == t.i and c.dep.startswith("nsubj") for c in tokens)
    ]
    if not found:
        return tokens
    mended = list(tokens)
    for verb in found:
        mended[verb.i] = replace(verb, tag="VBN")
    return mended


def _predicate_after_relative(tokens: list[Token]) -> list[Token]:
    """ "The exercise, which Greece held near Turkish waters, angered Ankara": after
    a relative clause set off by commas, the parser may take the sentence's verb for
    a participle describing the subject noun ("angered Ankara" as "the exercise
    angered by ..."), leaving the noun the root; so after a participle in commas ("The
    exercise, run from Lusaka, involved troops from Zambia"). A past-tense verb with
    an object of its own, right after the clause's closing comma, is the sentence's
    verb. After a participle ("The exercise, dubbed Ushirikiano, involved troops from
    ...") it may also make the verb a modifier of its object, the object an apposition
    ("involved troops" as "the involved troops"): with no finite verb in the sentence,
    that one is its verb too."""
    root = next((t for t in tokens if t.head == t.i), None)
    if root is None or root.pos not in ("NOUN", "PROPN"):
        return tokens
    clauses = [t for t in tokens if t.head == root.i and t.dep == "relcl"] or [
        t for t in tokens if t.head == root.i and t.dep == "acl" and _set_off(tokens, t)
    ][:1]
    if len(clauses) != 1:
        return tokens
    clause = clauses[0]
    verbs = [
        t
        for t in tokens
        if t.head == root.i and t.dep == "acl" and t.i > root.i and t.i != clause.i
    ]
    modified = _verb_read_as_modifier(tokens, clause) if not verbs else None
    if modified is not None:
        verbs = [modified]
    if len(verbs) != 1 or verbs[0].tag not in ("VBD", "VBN") or verbs[0].i < 2:
        return tokens
    verb = verbs[0]
    if tokens[verb.i - 1].text != "," or not (
        modified or any(t.head == verb.i and t.dep == "dobj" for t in tokens)
    ):
        return tokens
    if not modified and max(_subtree(tokens, clause.i)) not in (verb.i - 2, verb.i - 1):
        return tokens
    mended = list(tokens)
    mended[verb.i] = replace(verb, head=verb.i, dep="ROOT")
    mended[root.i] = replace(root, head=verb.i, dep="nsubj")
    if modified is not None:
        mended[verb.i + 1] = replace(tokens[verb.i + 1], head=verb.i, dep="dobj")
    for t in tokens[verb.i + 1 :]:
        if t.head == root.i:
            mended[t.i] = replace(mended[t.i], head=verb.i)  # the full stop
    return mended


def _set_off(tokens: list[Token], clause: Token) -> bool:
    """Whether a clause opens right after a comma (", dubbed Ushirikiano")."""
    start = min(_subtree(tokens, clause.i))
    return start > 0 and tokens[start - 1].text == ","


def _verb_read_as_modifier(tokens: list[Token], clause: Token) -> Token | None:
    """The past tense right after the comma that closes a participle in commas, taken
    for a modifier of the noun after it, that noun an apposition, in a sentence with
    no finite verb ("..., dubbed Ushirikiano, involved troops from Kenya")."""
    at = next((t.i for t in tokens[clause.i + 1 :] if t.text == ","), None)
    if at is None or at + 2 >= len(tokens) or tokens[-1].text != ".":
        return None
    verb, noun = tokens[at + 1], tokens[at + 2]
    if verb.dep != "amod" or verb.head != noun.i or noun.dep != "appos":
        return None
    if verb.tag not in ("VBD", "VBN") or noun.head not in _subtree(tokens, clause.head):
        return None
    if any(t.tag in ("VBD", "VBZ", "VBP", "MD") for t in tokens if t.i != verb.i):
        return None
    return verb


#: lines between two states: "the border with Bolivia" is the line's, whatever the verb
_DIVIDING_LINES = frozenset({"border", "frontier", "boundary"})


def _border_with_joined_to_verb(tokens: list[Token]) -> list[Token]:
    """ "held drills near the border with Bolivia": the "with" of a name right after
    "border" says whose border it is; the parser may hang it on the verb as its
    partner ("with Chilean troops", not a name, stays the verb's)."""
    mended = tokens
    for prep in tokens:
        if prep.dep != "prep" or prep.lemma != "with" or prep.i == 0:
            continue
        line = tokens[prep.i - 1]
        if line.lemma not in _DIVIDING_LINES or line.pos != "NOUN" or prep.head == line.i:
            continue
        if tokens[prep.head].pos not in ("VERB", "AUX"):
            continue
        objects = [t for t in tokens if t.head == prep.i and t.dep == "pobj"]
        if len(objects) != 1 or objects[0].pos != "PROPN":
            continue
        if mended is tokens:
            mended = list(tokens)
        mended[prep.i] = replace(prep, head=line.i)
    return mended


def _subject_read_as_adverb(tokens: list[Token]) -> list[Token]:
    """ "Tonga and Fiji opened a joint exercise": a name the parser takes for an adverb
    of the verb, joined by "and" to the verb's subject, is the subject's first item."""
    for first in tokens:
        if first.pos != "PROPN" or first.dep not in ("advmod", "npadvmod"):
            continue
        joiner = tokens[first.i + 1] if first.i + 1 < len(tokens) else None
        if joiner is None or joiner.dep != "cc" or joiner.head != first.i:
            continue
        subject = next(
            (
                t
                for t in tokens[joiner.i + 1 :]
                if t.dep == "nsubj" and t.head == first.head and t.pos == "PROPN"
            ),
            None,
        )
        # the words between "and" and the subject belong to the subject's own name
        if subject is None or any(t.head != subject.i for t in tokens[joiner.i + 1 : subject.i]):
            continue
        mended = list(tokens)
        mended[first.i] = replace(first, dep="nsubj")
        mended[subject.i] = replace(subject, dep="conj", head=first.i)
        return mended
    return tokens


def _noun_read_as_verb(tokens: list[Token]) -> list[Token]:
    """ "Japan called the Chinese-Russian drills a threat": a word with a determiner or
    an adjective of its own is a noun, whatever the tagger said ("drills" as a verb
    taking "a threat" for its object); it is the object of the verb above, and its
    own object that verb's complement ("called [the drills] [a threat]"). So is a
    verb joined to it with no "and" after an adjective taken for the complement
    ("called the US-South Korean drills a rehearsal")."""
    for word in tokens:
        if word.pos != "VERB" or word.dep not in ("ccomp", "xcomp", "dobj", "conj"):
            continue
        above = tokens[word.head]
        if above.pos != "VERB" or above.i > word.i:
            continue
        # "called the US-South Korean drills a rehearsal": the adjective before taken
        # for the verb's complement, "drills" for a second verb joined to it
        joined = _adjective_taken_for_complement(tokens, word, above)
        if word.dep == "conj" and joined is None:
            continue
        children = [t for t in tokens if t.head == word.i and t.i != word.i]
        if joined is not None:
            children += [t for t in tokens if t.head == joined.i and t.dep == "det"]
        # "Russian-Belarusian drills": the second half of a hyphened pair taken for
        # the verb's subject is the noun's adjective
        paired = [
            t
            for t in children
            if t.dep == "nsubj"
            and t.i == word.i - 1
            and any(c.head == t.i and c.text == "-" for c in tokens[: t.i])
        ]
        # "the drills", "Chinese-Russian drills": a determiner or an adjective before it,
        # or before the compound it ends ("the mine countermeasures exercise")
        compounds = [t for t in children if t.dep == "compound" and t.i < word.i]
        modified = any(t.dep in ("det", "amod") and t.i < word.i for t in children) or any(
            t.head in {c.i for c in compounds} and t.dep == "det" for t in tokens
        )
        if not paired and not modified:
            continue
        if any(
            t.dep in ("nsubj", "nsubjpass", "aux", "auxpass") and t not in paired for t in children
        ):
            continue
        mended = list(tokens)
        for half in paired:
            mended[half.i] = replace(half, dep="amod")
        if joined is not None:
            mended[joined.i] = replace(joined, dep="amod", head=word.i)
            for child in children:
                if child.head == joined.i:
                    mended[child.i] = replace(child, head=word.i)  # "the"
        tag = "NNS" if word.text.lower().endswith("s") else "NN"
        mended[word.i] = replace(word, pos="NOUN", tag=tag, dep="dobj")
        for child in children:
            if child.dep == "dobj" and child.i > word.i:
                mended[child.i] = replace(child, dep="oprd", head=above.i)
        return mended
    return tokens


def _adjective_taken_for_complement(tokens: list[Token], word: Token, verb: Token) -> Token | None:
    """The adjective right before a verb joined to `verb` with no "and", taken for
    `verb`'s complement ("called [the US-South Korean] [drills a rehearsal]")."""
    if word.dep != "conj" or word.i == 0:
        return None
    before = tokens[word.i - 1]
    if before.head != verb.i or before.dep not in ("oprd", "dobj") or before.pos != "ADJ":
        return None
    if any(t.dep == "cc" and t.head in (verb.i, word.i) for t in tokens):
        return None
    return before


#: verbs that judge their object as something: "described the drills as a provocation"
_JUDGING = frozenset(
    {
        "describe", "see", "regard", "view", "brand", "label", "denounce", "condemn",
        "criticise", "criticize", "characterise", "characterize", "portray", "slam",
        "dismiss", "reject", "decry", "paint", "treat", "depict",
    }
)  # fmt: skip


def _gapped_subjects(tokens: list[Token]) -> list[Token]:
    """ "Chile and Peru sent platoons, Ecuador a corvette, and the US a company": after
    the verb's object, a name set off by a comma with a noun of its own is the subject
    of the verb left out (the model hangs it on the verb as a modifier, its noun as its
    apposition); it joins the verb's subjects, and so do names listed after it."""
    mended = tokens
    for name in tokens:
        verb = tokens[name.head]
        if name.pos != "PROPN" or verb.pos != "VERB" or name.i == 0:
            continue
        objects = [t for t in tokens if t.head == verb.i and t.dep == "dobj" and t.i < name.i]
        subjects = [t for t in tokens if t.head == verb.i and t.dep == "nsubj" and t.i < verb.i]
        if name.dep in ("npadvmod", "dep") and tokens[name.i - 1].text == ",":
            own = [t for t in tokens if t.head == name.i and t.dep == "appos" and t.pos == "NOUN"]
        elif (
            name.dep in ("dobj", "dep", "npadvmod")
            and tokens[_first_of_name(tokens, name) - 1].lemma == "and"
        ):
            # "Australia sent a landing ship, and New Zealand a patrol aircraft": the
            # model makes both the name and its noun the verb's objects
            own = [t for t in tokens if t.head == verb.i and t.dep == "dobj" and t.i > name.i]
        else:
            continue
        if not (objects and subjects and own):
            continue
        if mended is tokens:
            mended = list(tokens)
        mended[name.i] = replace(name, head=subjects[0].i, dep="conj")
    return mended


def _first_of_name(tokens: list[Token], name: Token) -> int:
    """Where a name begins: "New" of "New Zealand"."""
    words = _name_words_before(tokens, name)
    return words[-1].i if words else name.i


def _judged_as_on_participle(tokens: list[Token]) -> list[Token]:
    """ "described the drills held by Kosovo and Albania as a provocation": the parser
    hangs the "as" on the participle describing the object ("held ... as a
    provocation"); it says what the judging verb takes the object for."""
    mended = tokens
    for as_word in tokens:
        if as_word.lemma != "as" or as_word.dep != "prep":
            continue
        participle = tokens[as_word.head]
        if participle.dep != "acl" or participle.tag != "VBN" or participle.i > as_word.i:
            continue
        judged = tokens[participle.head]
        verb = tokens[judged.head]
        if judged.dep != "dobj" or verb.lemma not in _JUDGING:
            continue
        if mended is tokens:
            mended = list(tokens)
        mended[as_word.i] = replace(as_word, head=verb.i)
    return mended


def _with_as_split(tokens: list[Token]) -> list[Token]:
    """ "the navies of Egypt and Jordan, with Pakistan and the US as observers": in
    "with X as Y" the "as" phrase says what X is, wherever the parser hangs it (on
    the clause's verb, which would make everyone named an observer); in "with X as
    Y and Z as W" each "as" says what the item right before it is."""
    mended = tokens
    for as_word in tokens:
        if as_word.text.lower() != "as":
            continue
        if as_word.dep != "prep" or mended[as_word.head].pos not in ("VERB", "AUX"):
            continue
        with_word = next(
            (
                t
                for t in reversed(mended[: as_word.i])
                if t.text.lower() == "with" and t.dep == "prep"
            ),
            None,
        )
        if with_word is None:
            continue
        objects = [t for t in mended if t.head == with_word.i and t.dep == "pobj"]
        if len(objects) != 1:
            continue
        # the "with" phrase runs right up to "as": "with Pakistan and the US as ..."
        phrase = _subtree(mended, with_word.i)
        if max(phrase) != as_word.i - 1:
            continue
        holder = objects[0]
        last = mended[as_word.i - 1]
        if last.pos == "PROPN" and any(mended[t].text.lower() == "as" for t in phrase):
            holder = last  # "... as participants and Namibia as an observer"
        if mended is tokens:
            mended = list(tokens)
        mended[as_word.i] = replace(as_word, head=holder.i)
    return mended


def _subtree(tokens: list[Token], root: int) -> set[int]:
    found = {root}
    grew = True
    while grew:
        grew = False
        for t in tokens:
            if t.i not in found and t.head in found and t.head != t.i:
                found.add(t.i)
                grew = True
    return found


def _origin_joined_to_verb(tokens: list[Token]) -> list[Token]:
    """ "The symposium was attended by navy chiefs from Sri Lanka and the Maldives": a
    "from" right after the "by" phrase of a passive verb, hung on the verb, says
    where the people of that phrase come from."""
    for origin in tokens:
        if origin.text.lower() != "from" or origin.dep != "prep":
            continue
        verb = tokens[origin.head]
        if verb.pos not in ("VERB", "AUX"):
            continue
        agents = [t for t in tokens if t.head == verb.i and t.dep == "agent" and t.i < origin.i]
        if len(agents) != 1:
            continue
        people = [t for t in tokens if t.head == agents[0].i and t.dep == "pobj"]
        if len(people) != 1 or people[0].pos != "NOUN":
            continue
        if max(_subtree(tokens, agents[0].i)) != origin.i - 1:
            continue  # "attended by chiefs on Monday from ...": not right after
        mended = list(tokens)
        mended[origin.i] = replace(origin, head=people[0].i)
        return mended
    return tokens


def _list_broken_off(tokens: list[Token]) -> list[Token]:
    """ "attended by delegations from the Pakistan Navy, the Royal Saudi Naval Forces,
    the Egyptian Navy and the Bangladesh Navy": a list of long names whose second item
    the parser hangs on the verb or the subject is the rest of the list the first item
    begins, right before its comma; so is one it makes a second subject of the verb
    ("Observers from Indonesia, the Maldives and Brunei are attending")."""
    for item in tokens:
        second_subject = item.dep == "nsubj" and any(
            t.dep == "nsubj" and t.head == item.head and t.i < item.i for t in tokens
        )
        if (item.dep not in ("conj", "appos") and not second_subject) or item.pos != "PROPN":
            continue
        span = _subtree(tokens, item.i)
        start = min(span)
        if start < 2 or tokens[start - 1].text != ",":
            continue
        if not any(tokens[t].dep == "cc" for t in span):
            continue  # the rest of a list runs on to its "and"
        first = tokens[start - 2]
        while first.dep == "compound" and first.head > first.i:
            first = tokens[first.head]
        if first.dep != "pobj" or first.pos != "PROPN" or item.head == first.i:
            continue
        if max(_subtree(tokens, first.i)) != start - 2:
            continue
        mended = list(tokens)
        mended[item.i] = replace(item, head=first.i, dep="conj")
        mended[start - 1] = replace(tokens[start - 1], head=first.i)
        return mended
    return tokens


#: verbs whose object is a guest, never a gerund's clause ("hosted visiting warships")
_HOSTING = frozenset({"host", "welcome", "receive"})


def _guests_read_as_gerund(tokens: list[Token]) -> list[Token]:
    """ "Fiji has hosted visiting naval vessels from France": the parser makes
    "visiting" a clause of "hosted" whose object is the vessels, as if Fiji visited
    them. Right after a verb of hosting, such a word describes the guests, who are
    what is hosted."""
    found = [
        (t, obj)
        for t in tokens
        if t.tag == "VBG"
        and t.dep in ("xcomp", "ccomp")
        and t.head == t.i - 1
        and tokens[t.head].lemma in _HOSTING
        and (obj := next((c for c in tokens if c.head == t.i and c.dep == "dobj"), None))
        and obj.pos == "NOUN"
    ]
    if not found:
        return tokens
    mended = list(tokens)
    for gerund, guests in found:
        mended[gerund.i] = replace(gerund, dep="amod", head=guests.i)
        mended[guests.i] = replace(guests, dep="dobj", head=gerund.head)
    return mended


def _infinitive_after_time(tokens: list[Token]) -> list[Token]:
    """ "cited Romania's decision earlier this year to provide Moldova with radars":
    with a time phrase between a noun that takes an infinitive and the infinitive,
    the parser hangs the infinitive on the verb, as its purpose; it completes the
    noun (whose owner does it)."""
    mended = tokens
    for verb in tokens:
        if verb.dep not in ("advcl", "xcomp") or verb.tag != "VB" or verb.i < 2:
            continue
        to = tokens[verb.i - 1]
        if to.lemma != "to" or to.head != verb.i:
            continue
        nouns = [
            t
            for t in tokens
            if t.head == verb.head and t.dep == "dobj" and t.i < verb.i and t.lemma in _PLAN_NOUNS
        ]
        if len(nouns) != 1:
            continue
        between = tokens[nouns[0].i + 1 : to.i]
        if not between or not any(t.text.lower() in _TIME_WORDS for t in between):
            continue
        if not all(
            t.text.lower() in _TIME_WORDS or t.pos in ("DET", "ADP", "NUM") for t in between
        ):
            continue
        if mended is tokens:
            mended = list(tokens)
        mended[verb.i] = replace(verb, head=nouns[0].i, dep="acl")
    return mended


def _relative_on_place(tokens: list[Token]) -> list[Token]:
    """ "The drills in Kenya, which involved troops from Uganda, ...", "hosted the
    exercise in Accra, which brought together soldiers from Togo": the parser hangs
    the clause on the place, though no place involves troops from elsewhere; it
    describes what is held there."""
    mended = tokens
    for verb in tokens:
        if verb.dep != "relcl" or verb.lemma not in _GATHERING or verb.i < 2:
            continue
        place = tokens[verb.head]
        if (
            place.pos != "PROPN"
            or place.dep != "pobj"
            or not place.i < verb.i
            or tokens[place.i + 1].text != ","
        ):
            continue
        people = [t.i for t in tokens if t.head == verb.i and t.dep == "dobj"]
        # "troops from Uganda" (or "from" hung on the verb: "brought together soldiers
        # from Togo")
        if not people or not any(_has_child(tokens, i, "prep", "from") for i in (*people, verb.i)):
            continue
        preposition = tokens[place.head]
        if preposition.lemma not in ("in", "at", "off", "near"):
            continue
        holder = tokens[preposition.head]
        if holder.pos in ("VERB", "AUX"):
            objects = [t for t in tokens if t.head == holder.i and t.dep == "dobj"]
            if len(objects) != 1:
                continue
            holder = objects[0]
        if holder.pos != "NOUN":
            continue
        if mended is tokens:
            mended = list(tokens)
        mended[verb.i] = replace(verb, head=holder.i)
    return mended


def _gathering_relative_on_earlier_noun(tokens: list[Token]) -> list[Token]:
    """ "The decision was taken at the exercise in Accra last week, which brought
    together troops from Ghana and Togo": past a place and a time, the parser hangs
    the clause on a noun further back. What brings people from elsewhere together is
    the last thing named before the place and the time."""
    for verb in tokens:
        # (or, the relative taken for the verb's adverbial clause: "..., which involved")
        if verb.dep not in ("relcl", "advcl") or verb.lemma not in _GATHERING or verb.i < 3:
            continue
        people = [t.i for t in tokens if t.head == verb.i and t.dep == "dobj"]
        if not people or not any(_has_child(tokens, i, "prep", "from") for i in (*people, verb.i)):
            continue
        pronoun = tokens[verb.i - 1] if tokens[verb.i - 1].lemma == "which" else None
        if pronoun is None or pronoun.i < 2 or tokens[pronoun.i - 1].text != ",":
            continue
        # back past "in Accra last week": places, times and the little words between
        nearest = next(
            (
                t
                for t in reversed(tokens[: pronoun.i - 1])
                if (t.pos == "NOUN" and t.lemma not in _TIME_WORDS) or t.pos in ("VERB", "AUX")
            ),
            None,
        )
        if nearest is None or nearest.pos != "NOUN" or nearest.i == verb.head:
            continue
        mended = list(tokens)
        mended[verb.i] = replace(verb, head=nearest.i, dep="relcl")
        return mended
    return tokens


def _second_verb_left_unattached(tokens: list[Token]) -> list[Token]:
    """ "Vietnam demands China cancel drills, also protests Taiwan's exercise": a second
    finite verb after a comma, with no subject of its own, that the parser leaves as
    an unlabelled "dep" of the first: it is joined to it, sharing its subject."""
    mended = tokens
    for verb in tokens:
        if verb.dep != "dep" or verb.pos != "VERB" or verb.tag not in ("VBZ", "VBD", "VBP"):
            continue
        first = tokens[verb.head]
        if first.head != first.i or first.pos != "VERB" or not first.i < verb.i:
            continue
        if any(t.head == verb.i and t.dep in ("nsubj", "nsubjpass") for t in tokens):
            continue
        if not any(t.text == "," and first.i < t.i < verb.i for t in tokens):
            continue
        if mended is tokens:
            mended = list(tokens)
        mended[verb.i] = replace(verb, dep="conj")
    return mended


def _people_of_after_place(tokens: list[Token]) -> list[Token]:
    """ "a meeting in Nairobi of the army chiefs of Kenya and Chad": the parser hangs
    "of the army chiefs" on the place, though no town is "of" people; it says whose
    the meeting (or visit, or talks) is."""
    mended = tokens
    for of in tokens:
        holder = _holder_of_place_before(tokens, of, "of", ("NOUN",))
        if holder is None:
            continue
        if not any(t.head == of.i and t.dep == "pobj" and t.lemma in _PEOPLE for t in tokens):
            continue
        if mended is tokens:
            mended = list(tokens)
        mended[of.i] = replace(of, head=holder.i)
    return mended


def _people_with_after_place(tokens: list[Token]) -> list[Token]:
    """ "held meetings at the Shangri-La Hotel with Japan's Defence Minister Kenji Morita":
    the parser hangs "with" the minister on the place named, though no hotel or town is
    "with" officials; they are whom the meeting (or the verb) is with."""
    mended = tokens
    for with_ in tokens:
        holder = _holder_of_place_before(tokens, with_, "with", ("NOUN", "VERB"))
        if holder is None:
            continue
        people = [t for t in tokens if t.head == with_.i and t.dep == "pobj"]
        if not any(t.lemma.lower() in _PEOPLE for p in people for t in tokens[with_.i : p.i + 1]):
            continue
        if mended is tokens:
            mended = list(tokens)
        mended[with_.i] = replace(with_, head=holder.i)
    return mended


def _holder_of_place_before(
    tokens: list[Token], prep: Token, lemma: str, holders: tuple[str, ...]
) -> Token | None:
    """The noun or verb whose "in" or "at" names the place a preposition spelled
    `lemma` hangs on right after it ("a meeting in Nairobi of ...", "talks at the Ritz
    Hotel with ..."), if the parser hung it there."""
    if prep.lemma != lemma or prep.dep != "prep" or prep.i == 0 or prep.head != prep.i - 1:
        return None
    place = tokens[prep.head]
    if place.pos != "PROPN" or place.dep != "pobj":
        return None
    preposition = tokens[place.head]
    holder = tokens[preposition.head]
    if preposition.lemma not in ("in", "at") or holder.pos not in holders:
        return None
    return holder


def _clause_after_semicolon(tokens: list[Token]) -> list[Token]:
    """ "Chinese frigates join Pakistani navy for drills; India, US voice concern": the
    parser may hang what follows a semicolon inside a phrase before it, as if India
    were the navy; a semicolon ends a clause, so what follows is a clause of its own."""
    semicolons = [t.i for t in tokens if t.text == ";"]
    if len(semicolons) != 1:
        return tokens
    semicolon = semicolons[0]
    tops = [t for t in tokens[semicolon + 1 :] if t.head < semicolon and t.dep != "punct"]
    roots = [t for t in tokens if t.head == t.i]
    if len(tops) != 1 or len(roots) != 1 or tops[0].dep in ("parataxis", "conj", "ccomp"):
        return tokens
    mended = list(tokens)
    mended[tops[0].i] = replace(tops[0], dep="parataxis", head=roots[0].i)
    return mended


def _list_items_after_semicolons(tokens: list[Token]) -> list[Token]:
    """ "attended by the Chief of Staff of the Saudi Armed Forces, General Fahd; the
    Chief of Staff of the UAE Armed Forces, ...; and the Chief of Staff of the Qatari
    Armed Forces": the parser hangs each item after a semicolon on a name deep in the
    item before, so the last items sit ever deeper under the first. Items a list
    separates by semicolons are its items: each hangs on the first item's head."""
    semicolons = [t.i for t in tokens if t.text == ";"]
    if len(semicolons) < 2:
        return tokens
    bounds = [*semicolons, len(tokens)]
    items = []
    for start, end in pairwise(bounds):
        tops = [
            t
            for t in tokens[start + 1 : end]
            if not start < t.head < end and t.dep not in ("punct", "cc")
        ]
        if len(tops) != 1 or tops[0].pos not in ("NOUN", "PROPN") or tops[0].dep not in _ITEM_DEPS:
            return tokens
        items.append(tops[0])
    last_word = next((t for t in reversed(tokens[: semicolons[0]]) if t.dep != "punct"), None)
    first = _list_top(tokens, last_word.i, semicolons[0]) if last_word else None
    if first is None or any(item.head >= item.i for item in items):
        return tokens
    mended = tokens
    for item in items:
        if item.head != first.i:
            if mended is tokens:
                mended = list(tokens)
            mended[item.i] = replace(item, head=first.i, dep="conj")
    return mended


#: how the parser joins an item after a semicolon to the one before, or to the verb
_ITEM_DEPS = frozenset({"conj", "appos", "npadvmod", "dep"})
#: steps inside one item's noun phrase ("the Chief of Staff of the Saudi Armed Forces,
#: General Fahd")
_INSIDE_ITEM = frozenset({"pobj", "prep", "conj", "appos", "compound"})


def _list_top(tokens: list[Token], start: int, before: int) -> Token | None:
    """The head of the first item: climbing from its last word, the noun whose own
    head is a verb, or a preposition of one ("attended by the Chief ...")."""
    node = tokens[start]
    for _ in range(12):
        parent = tokens[node.head]
        if node.head == node.i or parent.pos in ("VERB", "AUX"):
            break
        if parent.pos == "ADP" and tokens[parent.head].pos in ("VERB", "AUX"):
            break
        if node.dep not in _INSIDE_ITEM:
            return None
        node = parent
    else:
        return None
    if node.pos not in ("NOUN", "PROPN") or node.i >= before:
        return None
    return node


def _company_of_subject_on_verb(tokens: list[Token]) -> list[Token]:
    """ "Japan, along with Australia, voiced concern over the drills": the parser hangs
    "along with" on the verb, where it reads as a partner of the deed; set off in
    commas between the subject and its verb, it adds to the subject."""
    mended = tokens
    for word in tokens:
        if word.lemma not in ("along", "together") or word.dep not in ("prep", "advmod"):
            continue
        verb = tokens[word.head]
        subjects = [t for t in tokens if t.head == verb.i and t.dep.startswith("nsubj")]
        if (
            verb.pos not in ("VERB", "AUX")
            or not subjects
            or not subjects[0].i < word.i < verb.i
            or tokens[word.i - 1].text != ","
            or not any(t.head == word.i and t.lemma == "with" for t in tokens)
        ):
            continue
        if mended is tokens:
            mended = list(tokens)
        mended[word.i] = replace(word, head=subjects[0].i)
    return mended


def _finite_verb_joined_to_gerund(tokens: list[Token]) -> list[Token]:
    """ "the ministry accused Paris of pursuing a policy ... and accused Yerevan of ...":
    the parser may join the second finite verb to the gerund, as if Paris accused; a
    past tense is no item of a gerund's list but of the finite verb the gerund's
    preposition hangs on."""
    mended = tokens
    for verb in tokens:
        gerund = tokens[verb.head]
        if verb.dep != "conj" or verb.tag != "VBD" or gerund.tag != "VBG" or gerund.dep != "pcomp":
            continue
        preposition = tokens[gerund.head]
        main = tokens[preposition.head]
        if main.tag != "VBD" or main.i > verb.i:
            continue
        if mended is tokens:
            mended = list(tokens)
        mended[verb.i] = replace(verb, head=main.i)
    return mended


def _clause_on_name_of_noun(tokens: list[Token]) -> list[Token]:
    """ "The naval exercise Pontic Guard 21, co-hosted by Ukraine and the US, began":
    the parser hangs the clause on the name that follows its noun at once, as another
    name of it; the name and the noun are one thing, and the clause describes the noun
    (where the readers look for who holds it)."""
    mended = tokens
    for clause in tokens:
        name = tokens[clause.head]
        if clause.dep not in ("acl", "relcl") or clause.i < name.i or name.dep != "appos":
            continue
        noun = tokens[name.head]
        words = _subtree(tokens, name.i) - _subtree(tokens, clause.i)
        if (
            noun.pos != "NOUN"
            or name.pos != "PROPN"
            or noun.i > name.i
            # the name right after its noun, no comma between: "the exercise Pontic Guard"
            or any(t.text == "," for t in tokens[noun.i + 1 : min(words)])
        ):
            continue
        if mended is tokens:
            mended = list(tokens)
        mended[clause.i] = replace(clause, head=noun.i)
    return mended


def _subject_taken_for_apposition(tokens: list[Token]) -> list[Token]:
    """ "In Lima, army chiefs of Peru and Chile signed a memorandum": after an opening
    phrase that ends in a name and a comma, the parser may make the subject another
    name of that place ("Lima, army chiefs of ..."), leaving the verb without one. A
    phrase in apposition that runs from the comma right up to a subjectless verb the
    opening phrase hangs on is that verb's subject."""
    for verb in tokens:
        if verb.pos not in ("VERB", "AUX") or any(
            t.head == verb.i and t.dep.startswith(("nsubj", "csubj", "expl")) for t in tokens
        ):
            continue
        opening = next((t for t in tokens[: verb.i] if t.head == verb.i and t.dep == "prep"), None)
        if opening is None:
            continue
        fronted = _subtree(tokens, opening.i)
        for word in tokens[opening.i + 1 : verb.i]:
            # (or another item of its list: "On the sidelines of the forum, Kalnins, Tamm
            # and Kazlauskiene signed a letter of intent")
            if word.dep not in ("appos", "conj") or word.head not in fronted:
                continue
            phrase = _subtree(tokens, word.i)
            start = min(phrase)
            if (
                start < 1
                or tokens[start - 1].text != ","
                or set(range(start, verb.i)) != phrase
                or word.pos not in ("NOUN", "PROPN")
            ):
                continue
            passive = any(t.head == verb.i and t.dep == "auxpass" for t in tokens)
            mended = list(tokens)
            mended[word.i] = replace(word, head=verb.i, dep="nsubjpass" if passive else "nsubj")
            return mended
    return tokens


def _subject_joined_to_source(tokens: list[Token]) -> list[Token]:
    """ "According to the navy, ships and teams from Peru and Chile took part": the
    parser may join the sentence's subject to the source as another item ("the navy,
    ships and teams"), leaving the verb without one. After "according to X," the
    first item past the comma is the verb's subject, with what hangs on X after it."""
    root = next((t for t in tokens if t.head == t.i), None)
    if (
        root is None
        or root.pos != "VERB"
        or any(t.head == root.i and t.dep.startswith("nsubj") for t in tokens)
    ):
        return tokens
    according = next((t for t in tokens if t.lemma in ("accord", "according")), None)
    if according is None or according.head != root.i or according.i > root.i:
        return tokens
    sources = [t for t in tokens if t.dep == "pobj" and tokens[t.head].head == according.i]
    if len(sources) != 1:
        return tokens
    source = sources[0]
    comma = next((t.i for t in tokens[source.i + 1 : root.i] if t.text == ","), None)
    if comma is None:
        return tokens
    items = [t for t in tokens[comma : root.i] if t.head == source.i and t.dep == "conj"]
    if not items or items[0].pos not in ("NOUN", "PROPN"):
        return tokens
    subject = items[0]
    mended = list(tokens)
    mended[subject.i] = replace(subject, head=root.i, dep="nsubj")
    for t in tokens[comma : root.i]:
        if t.head == source.i and t.i != subject.i and t.dep in ("prep", "conj", "cc"):
            mended[t.i] = replace(t, head=subject.i)  # "and teams", "from Peru"
    return mended


def _name_split_from_its_noun(tokens: list[Token]) -> list[Token]:
    """ "Kenya, Uganda and Rwanda launched the Ushirikiano Imara exercise in Nairobi",
    "arrived for the Sahel Kimbo exercise with Moroccan instructors": the parser takes
    an unknown name for the object of the verb or preposition, and the noun after it
    for a clause of its own (a second root, or a verb's adverbial clause). The name
    belongs to the noun, and the noun is the object."""
    roots = [t for t in tokens if t.head == t.i]
    for noun in tokens:
        if noun.pos not in ("NOUN", "VERB") or not _split_off(tokens, roots, noun):
            continue
        between = _name_words_before(tokens, noun)
        last = tokens[noun.i - len(between) - 1]
        if last.pos != "PROPN" or last.dep not in ("dobj", "pobj") or last.head == noun.i:
            continue
        children = [t for t in tokens if t.head == last.i and t.i != last.i]
        if any(t.dep not in ("det", "amod", "compound") for t in children):
            continue
        if noun.head != noun.i and not any(t.dep == "det" and t.i < last.i for t in children):
            continue  # a verb's clause after "the Sahel Kimbo": a name opening a noun phrase
        mended = list(tokens)
        noun_tag = noun.tag if noun.pos == "NOUN" else "NNS" if noun.text.endswith("s") else "NN"
        mended[noun.i] = replace(noun, pos="NOUN", tag=noun_tag, dep=last.dep, head=last.head)
        mended[last.i] = replace(last, dep="compound", head=noun.i)
        for t in children:
            if t.dep == "det":
                mended[t.i] = replace(t, head=noun.i)  # "the" is the whole phrase's
        return mended
    return tokens


def _split_off(tokens: list[Token], roots: list[Token], noun: Token) -> bool:
    """Whether the parser made `noun` a clause with no subject or object: the second
    of two roots, after a verb, or an adverbial clause of a verb."""
    if noun.head == noun.i:
        split = len(roots) == 2 and roots[1] is noun and roots[0].pos in ("VERB", "AUX")
    else:
        split = noun.dep == "advcl" and tokens[noun.head].pos in ("VERB", "AUX")
    return split and not any(t.head == noun.i and t.dep in _CLAUSE_CORE for t in tokens)


#: what only a clause has, never a noun
_CLAUSE_CORE = frozenset({"nsubj", "nsubjpass", "aux", "auxpass", "dobj", "expl"})


def _name_words_before(tokens: list[Token], noun: Token) -> list[Token]:
    """The name's words the parser did give the noun ("Imara" of "Ushirikiano Imara")."""
    between: list[Token] = []
    for t in reversed(tokens[: noun.i]):
        if t.pos != "PROPN" or t.head != noun.i:
            break
        between.append(t)
    return between


def _phrase_on_part(tokens: list[Token]) -> list[Token]:
    """ "Soldiers from nine nations are taking part in Exercise Flintlake, including
    troops from Ghana and Togo": the parser hangs the phrase on "part", the empty
    noun of the idiom "take part"; it belongs to the verb, as it does with
    "participating"."""
    for word in tokens:
        part = tokens[word.head]
        if word.dep != "prep" or word.lemma not in ("include", "including", "among"):
            continue
        if part.lemma != "part" or part.dep != "dobj" or tokens[part.head].lemma != "take":
            continue
        mended = list(tokens)
        mended[word.i] = replace(word, head=part.head)
        return mended
    return tokens


def _among_them_list(tokens: list[Token]) -> list[Token]:
    """ "Warships of several navies took part in the drills, among them Fiji and Tonga":
    the parser makes the list a loose dependent of the verb with "among them" its
    modifier. The list is what "among" introduces, and of those the subject names."""
    for among in tokens:
        if among.lemma != "among" or among.dep != "prep":
            continue
        pronoun = [t for t in tokens if t.head == among.i and t.dep == "pobj"]
        if len(pronoun) != 1 or pronoun[0].text.lower() not in ("them", "those"):
            continue
        first = tokens[among.head]
        if (
            first.i != pronoun[0].i + 1
            or first.pos != "PROPN"
            or first.dep not in ("dep", "appos", "npadvmod")
        ):
            continue
        # the list is of those the subject names ("several navies, among them Fiji")
        subjects = [t for t in tokens if t.head == first.head and t.dep == "nsubj"]
        mended = list(tokens)
        mended[among.i] = replace(among, head=subjects[0].i if subjects else first.head)
        mended[first.i] = replace(first, dep="pobj", head=among.i)
        mended[pronoun[0].i] = replace(pronoun[0], dep="dep", head=first.i)
        return mended
    return tokens


def _list_after_colon(tokens: list[Token]) -> list[Token]:
    """ "... attended the closed-door meeting at the Defence Headquarters: Nigeria,
    Ghana, Senegal and Togo.": the parser may make the list after the colon a sentence
    of its own, or an apposition of the place before it. It belongs to the clause, as
    when the parser hangs it on the verb in a shorter sentence."""
    roots = [t for t in tokens if t.head == t.i]
    colon = next((t for t in tokens if t.text == ":"), None)
    if colon is None or colon.i + 1 >= len(tokens) or roots[0].pos not in ("VERB", "AUX"):
        return tokens
    first, verb = tokens[colon.i + 1], roots[0]
    if first.pos != "PROPN":
        return tokens
    listed = _subtree(tokens, first.i)
    if max(listed) < len(tokens) - 2:
        return tokens  # the list must run to the end of the sentence
    if any(tokens[i].dep not in _LIST_PARTS for i in listed - {first.i}):
        return tokens  # "...: Kenya says it will ...": a clause, not a list
    own_sentence = len(roots) == 2 and roots[1] is first
    # a list of states cannot be another name of one place ("the Staff College")
    of_a_place = (
        first.dep == "appos"
        and tokens[first.head].tag in ("NN", "NNP")
        and any(tokens[i].dep in ("conj", "appos") for i in listed - {first.i})
    )
    if not (own_sentence or of_a_place):
        return tokens
    if not any(t.head == verb.i and t.dep in ("nsubj", "nsubjpass") for t in tokens):
        return tokens  # a heading ("Taking part: Mauritius, India."), read as such
    mended = list(tokens)
    mended[first.i] = replace(first, dep="npadvmod", head=verb.i)
    end = tokens[-1]
    if end.dep == "punct" and end.i in listed:
        mended[end.i] = replace(end, head=verb.i)  # the full stop is the clause's
    return mended


#: what a list of names is made of: "Nigeria, The Gambia and Côte d'Ivoire"
_LIST_PARTS = frozenset({"conj", "cc", "punct", "det", "compound", "appos"})


def _object_after_in_addition(tokens: list[Token]) -> list[Token]:
    """ "It will involve, in addition to Nigerien forces, units from Chad and Mali": the
    parser may take the verb's object for another name of what "in addition to" adds
    to. Right after the verb, "in addition to X, Y" lists X with the object Y."""
    for addition in tokens:
        if addition.lemma != "addition" or addition.dep != "pobj":
            continue
        opening, verb = tokens[addition.head], tokens[tokens[addition.head].head]
        if opening.lemma != "in" or verb.pos != "VERB" or not 0 < opening.i - verb.i <= 2:
            continue  # right after the verb: "involve, in addition to ..."
        added = [
            o
            for t in tokens
            if t.head == addition.i and t.lemma == "to"
            for o in tokens
            if o.head == t.i and o.dep == "pobj"
        ]
        if not added:
            continue
        objects = [t for t in tokens if t.head == verb.i and t.dep == "dobj"]
        if not objects:
            # on the added noun or the last of a list of them ("the army and French forces")
            listed = _subtree(tokens, added[0].i)
            objects = [
                t
                for t in tokens
                if t.head in listed
                and t.dep == "appos"
                and t.i > added[0].i
                and tokens[t.i - 1].text == ","
            ]
        if len(objects) != 1 or objects[0].i < added[0].i:
            continue
        mended = list(tokens)
        mended[objects[0].i] = replace(objects[0], dep="dobj", head=verb.i)
        mended[added[0].i] = replace(added[0], dep="conj", head=objects[0].i)
        return mended
    return tokens


def _place_after_off_taken_for_object(tokens: list[Token]) -> list[Token]:
    """ "The exercise began off Mombasa with ships from Kenya and India": the parser
    reads "off" as the verb's particle and the place as its object, and hangs the
    phrases after the place on it. "off" is a preposition of place; the phrases are
    the verb's (not "kicked off", "set off", whose particle it is)."""
    for off in tokens:
        if off.dep != "prt" or off.lemma != "off" or off.i + 1 >= len(tokens):
            continue
        verb, place = tokens[off.head], tokens[off.i + 1]
        if (
            verb.lemma in _OFF_PARTICLE_VERBS
            or place.head != verb.i
            or place.dep != "dobj"
            or place.pos != "PROPN"
        ):
            continue
        mended = list(tokens)
        mended[off.i] = replace(off, dep="prep", pos="ADP", tag="IN")
        mended[place.i] = replace(place, dep="pobj", head=off.i)
        for t in tokens:
            if t.head == place.i and t.dep == "prep" and t.i > place.i and t.lemma != "of":
                mended[t.i] = replace(t, head=verb.i)  # "with ships from ...", "on Monday"
        return mended
    return tokens


#: verbs whose "off" is their own particle: "kicked off", "set off", "called off"
_OFF_PARTICLE_VERBS = frozenset(
    {"kick", "set", "call", "take", "pay", "show", "cut", "lay", "head", "sign", "see", "fend"}
    | {"ward", "seal", "cordon", "fight", "hold", "put", "send", "tip", "round", "top"}
)


def _has_child(tokens: list[Token], head: int, dep: str, lemma: str) -> bool:
    return any(t.head == head and t.dep == dep and t.lemma == lemma for t in tokens)


#: who a meeting or visit can be "of": "a meeting in Lima of the defence ministers"
_PEOPLE = frozenset(
    {"chief", "minister", "commander", "leader", "head", "delegation", "official"}
    | {"representative", "delegate", "officer", "general", "admiral", "envoy"}
)
#: verbs by which a happening draws its people: "which involved troops from Uganda"
_GATHERING = frozenset({"involve", "bring", "feature", "gather", "draw", "include"})


#: nouns completed by an infinitive: "the decision to provide", "a plan to buy"
_PLAN_NOUNS = frozenset(
    {
        "decision",
        "plan",
        "offer",
        "move",
        "bid",
        "pledge",
        "promise",
        "proposal",
        "agreement",
        "deal",
        "request",
        "attempt",
        "effort",
        "intention",
        "announcement",
        "commitment",
        "readiness",
        "refusal",
    }
)
#: words of a time phrase: "earlier this year", "last month", "on Monday"
_TIME_WORDS = frozenset(
    {"earlier", "later", "last", "this", "next", "on", "in", "today", "yesterday"}
    | {"day", "week", "month", "year"}
    | MONTHS.keys()
    | WEEKDAYS.keys()
)


#: in the order they run: each sees the tree the ones before it mended
_REPAIRS: tuple[Callable[[list[Token]], list[Token]], ...] = (
    _headless_clause,
    _subject_on_auxiliary,
    _object_after_manner,
    _stolen_object,
    _as_phrase_taken_for_speaker,
    _noun_joined_to_verb,
    _preposition_joined_to_verb,
    _subject_read_as_adverb,
    _noun_read_as_verb,
    _with_as_split,
    _origin_joined_to_verb,
    _list_broken_off,
    _border_with_joined_to_verb,
    _predicate_after_relative,
    _ship_type_read_as_verb,
    _drill_name_read_as_imperative,
    _place_after_off_taken_for_object,
    _participle_tagged_past,
    _guests_read_as_gerund,
    _infinitive_after_time,
    _relative_on_place,
    _gathering_relative_on_earlier_noun,
    _second_verb_left_unattached,
    _people_of_after_place,
    _people_with_after_place,
    _clause_after_semicolon,
    _name_split_from_its_noun,
    _phrase_on_part,
    _among_them_list,
    _list_after_colon,
    _object_after_in_addition,
    _list_items_after_semicolons,
    _subject_joined_to_source,
    _subject_taken_for_apposition,
    _clause_on_name_of_noun,
    _finite_verb_joined_to_gerund,
    _company_of_subject_on_verb,
    _judged_as_on_participle,
    _gapped_subjects,
)
