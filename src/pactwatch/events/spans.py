"""Where in a sentence each actor is named.

Actors are found once per sentence, before any trigger is read, so that every
trigger's frame places the same spans by their slots and `pactwatch explain`
can show one list of actors for the sentence. Names from the lexicon are not
enough on their own: officials named earlier in the article, descriptions
("the two countries") and a subject "it" stand for actors too.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pactwatch.actors import load_actor_lexicon
from pactwatch.actors.mentions import Mention
from pactwatch.events.context import ArticleContext
from pactwatch.events.lexicon import Cues, load_equipment
from pactwatch.events.syntax import Tree, gives_examples, members_listed, subject_of
from pactwatch.models import Actor, Sentence, Token

_WEAK_OK = frozenset({"GPE", "NORP", "LOC", "ORG", "FAC"})


@dataclass(frozen=True, slots=True)
class ActorSpan:
    """An actor found in a sentence, with the token that heads its mention."""

    head: int
    tokens: tuple[int, ...]
    actor: Actor
    via: str  # lexicon | person | reference | pronoun | group
    adjective: bool = False  # "Iranian", "Chinese": a modifier, not a noun phrase
    #: a port or base town ("docked in Mombasa"): it names where forces are, so it
    #: stands for its state as a host only
    place: bool = False


def maker_participle(tokens: Sequence[Token], span: ActorSpan, cues: Cues) -> int | None:
    """The "made" of "Chinese-made drones": the name says where equipment comes from,
    not who uses it, so it is a party only of a transfer."""
    last = max(span.tokens)
    if last + 2 >= len(tokens) or tokens[last + 1].text != "-":
        return None
    participle = tokens[last + 2]
    return participle.i if participle.text.lower() in cues.made_in else None


@functools.cache
def state_codes() -> frozenset[str]:
    lexicon = load_actor_lexicon()
    return frozenset(code for code, entry in lexicon.entries.items() if entry.kind == "state")


def tokens_covering(sentence: Sentence, start: int, end: int) -> tuple[int, ...]:
    """The tokens overlapping [start, end), found by bisection.

    Tokens are in text order and never overlap, so those ending after `start`
    and starting before `end` form one run; scanning every token instead made
    the per-trigger equipment look-up cost the cube of a sentence's length.
    """
    tokens = sentence.tokens
    first = bisect.bisect_right(tokens, start, key=_token_end)
    last = bisect.bisect_left(tokens, end, lo=first, key=_token_start)
    return tuple(t.i for t in tokens[first:last])


def _token_start(token: Token) -> int:
    return token.start


def _token_end(token: Token) -> int:
    return token.end


def span_head(tree: Tree, tokens: tuple[int, ...]) -> int:
    """The word of the span governed from outside it; of several ("co - develop"
    parsed as three verbs), the one heading the most words."""
    inside = set(tokens)
    tops = [i for i in tokens if (head := tree.head(i)) is None or head not in inside]
    if not tops:
        return tokens[-1]
    if len(tops) == 1:
        return tops[0]
    return max(tops, key=lambda i: (len(tree.subtree(i)), i))


def _actor_from_mention(mention: Mention, context: ArticleContext) -> Actor:
    entry = mention.form.entry
    kind = mention.kind
    if kind == "group" or kind == "place":
        raise ValueError(f"{mention.text!r} names a {kind}, not an actor")
    if kind == "official":
        # the article's own introduction ("X, NATO's secretary general") wins
        # over the leaders lexicon, and gives the title
        introduced = context.persons.get(mention.text) or context.persons.get(entry.name)
        if introduced is not None:
            return replace(introduced, text=mention.text)
    return Actor(
        role="",
        country=entry.code,
        text=mention.text,
        kind=kind,
        name=entry.name if kind in ("company", "organization", "armed_group") else None,
        person=entry.name if kind == "official" else None,
        base=entry.base,
    )


#: "pro-Russian", "anti-American": a stance towards a state, not the state
_STANCE_PREFIX = re.compile(r"(?i)\b(?:pro|anti)-$")


def _for_or_against(sentence: Sentence, mention: Mention) -> bool:
    """ "the pro-Serbian opposition", "anti-American protesters": people for or against
    a state are none of its own."""
    start = mention.start - sentence.start
    return bool(_STANCE_PREFIX.search(sentence.text[max(0, start - 5) : start]))


def find_actor_spans(
    sentence: Sentence,
    tree: Tree,
    mentions: Sequence[Mention],
    context: ArticleContext,
    cues: Cues,
) -> list[ActorSpan]:
    spans: list[ActorSpan] = []
    groups: list[tuple[Mention, tuple[int, ...]]] = []
    states_at = {m.start: m.code for m in mentions if m.kind == "state"}
    for mention in mentions:
        if _body_of_another_state(sentence, mention, states_at):
            continue
        if _town_of_another_state(sentence, mention, states_at):
            continue
        if _acronym_after_another_adjective(sentence, mention, mentions):
            continue
        if _for_or_against(sentence, mention):
            continue
        tokens = tokens_covering(sentence, mention.start, mention.end)
        if not tokens:
            continue
        if mention.form.entry.kind == "group":
            groups.append((mention, tokens))
            continue
        if (
            mention.form.weak
            and not _weak_form_holds(sentence, tree, tokens, mention)
            and not (
                mention.kind == "state"
                and _listed_with_states(sentence, tree, tokens, mention, mentions)
            )
        ):
            continue
        if _inside_longer_name(sentence, tokens) or _names_an_organisation(
            sentence, tokens, mention
        ):
            continue
        if _names_a_ship(sentence, tokens, mention, cues):
            continue
        if _owner_of_others(tree, tokens, cues):
            continue
        spans.append(
            ActorSpan(
                span_head(tree, tokens),
                tokens,
                _actor_from_mention(mention, context),
                "lexicon",
                adjective=mention.is_adjective and not _is_noun_use(sentence, tokens),
                place=mention.form.form == "port",
            )
        )
    spans = _coordinated_demonyms(sentence, tree, spans)
    spans = _firms_of_named_states(tree, spans)
    spans = _firms_located_in(tree, spans, cues)
    spans = [span for span in spans if not _abbreviation_of_another(sentence, span, spans)]
    spans = [span for span in spans if not _members_listed_instead(tree, span, spans)]
    spans = [span for span in spans if not _membership_told(tree, span, spans)]
    spans = _counted_member_states(tree, spans, cues)
    covered = {i for span in spans for i in span.tokens} | {i for _, t in groups for i in t}
    spans.extend(_person_spans(sentence, tree, context, covered))
    spans.extend(_reference_spans(sentence, tree, context, cues, covered, list(spans)))
    spans.extend(_region_spans(sentence, tree, context, covered, list(spans)))
    spans.extend(_pronoun_spans(sentence, spans, cues))
    spans.extend(_opening_it(sentence, spans, context, cues))
    spans.extend(_opening_they_train(sentence, spans, context, cues))
    spans.extend(_plural_pronoun_spans(sentence, tree, spans, cues))
    spans.extend(_person_pronoun_spans(tree, spans))
    spans.extend(_opening_pronoun_with_counterparts(sentence, tree, spans, context))
    spans.extend(_the_ship(sentence, tree, spans, context, cues))
    # "the Baltic states and Poland", "the AUKUS partners agreed": a group is its
    # members, each a party
    named = {span.head: span.actor.country for span in spans if span.via == "lexicon"}
    for mention, tokens in groups:
        head = span_head(tree, tokens)
        top = tree.phrase_top(head)
        if named.keys() & members_listed(tree, top):
            continue  # "several Gulf monarchies, which include Oman": those named
        if {named.get(t) for t in _origins_listed(tree, top)} & set(mention.form.entry.members):
            continue  # "the Nordic ministers, from Norway, Sweden and Denmark": those named
        for code in _members_meant(tree, head, mention.form.entry.members, context, cues):
            actor = Actor(role="", country=code, text=mention.text)
            spans.append(ActorSpan(head, tokens, actor, "group"))
    return spans


def _origins_listed(tree: Tree, noun: int) -> set[int]:
    """The words of the phrases saying where the noun's people come from ("the Nordic
    ministers, from Norway and Sweden")."""
    return {t for p in tree.prepositions(noun, "from") for t in tree.subtree(p)}


def _members_meant(
    tree: Tree, head: int, members: Sequence[str], context: ArticleContext, cues: Cues
) -> Sequence[str]:
    """ "the Baltic states": all the members; "four Central Asian states": the four
    the article names most often, if it names them more than the others (an article
    on a drill names its parties again and again, an onlooker once); else it does not
    say which."""
    count = _count_of(tree, head, cues)
    if count is None or count >= len(members):
        return members
    times = Counter(code for codes in context.codes_by_sentence for code in codes)
    ranked = sorted((code for code in members if times[code]), key=lambda c: -times[c])
    if len(ranked) < count or (
        len(ranked) > count and times[ranked[count]] == times[ranked[count - 1]]
    ):
        return ()
    return ranked[:count]


def _counted_member_states(tree: Tree, spans: list[ActorSpan], cues: Cues) -> list[ActorSpan]:
    """ "the six Gulf Cooperation Council states", "the ten ASEAN countries", "the six
    member states of the GCC": the members themselves, states, when the number says
    all of them are meant (not "GCC states" alone, nor "three ASEAN countries")."""
    lexicon = load_actor_lexicon()
    out: list[ActorSpan] = []
    for span in spans:
        entry = lexicon.entries.get(span.actor.country)
        noun = tree.head(span.head)
        if noun is not None and tree.tokens[span.head].dep == "pobj" and tree.lemma(noun) == "of":
            # "the six member states of the Gulf Cooperation Council"
            noun = tree.head(noun)
        elif tree.tokens[span.head].dep != "compound":
            noun = None
        if (
            span.actor.kind != "organization"
            or entry is None
            or not entry.members
            or noun is None
            or tree.tokens[noun].text.lower() not in cues.group_nouns
            or _count_of(tree, noun, cues) != len(entry.members)
        ):
            out.append(span)
            continue
        out += [
            ActorSpan(
                span.head, span.tokens, replace(span.actor, country=code, kind="state"), "group"
            )
            for code in entry.members
        ]
    return out


def _count_of(tree: Tree, noun: int, cues: Cues) -> int | None:
    """The number a noun is counted with: "the six ... states" -> 6."""
    for child in tree.child_with(noun, frozenset({"nummod"})):
        word = tree.tokens[child].text.lower()
        if word.isdigit():
            return int(word)
        if word in cues.group_numbers:
            return cues.group_numbers[word]
    return None


def _abbreviation_of_another(
    sentence: Sentence, span: ActorSpan, spans: Sequence[ActorSpan]
) -> bool:
    """ "the Indonesian Air Force (TNI AU)": letters in brackets right after a name
    abbreviate it; they name no other actor (here, not the African Union)."""
    first, last = min(span.tokens), max(span.tokens)
    tokens = sentence.tokens
    opening = next(
        (i for i in range(first - 1, max(first - 4, -1), -1) if tokens[i].text == "("), None
    )
    if opening is None or last + 1 >= len(tokens) or tokens[last + 1].text != ")":
        return False
    if any(not tokens[i].text.isupper() for i in range(opening + 1, first)):
        return False  # "(the AU)", "(with Kenya)": a phrase of its own
    return any(
        max(other.tokens) == opening - 1 and other.actor.country != span.actor.country
        for other in spans
    )


def _firms_located_in(tree: Tree, spans: list[ActorSpan], cues: Cues) -> list[ActorSpan]:
    """ "two firms registered in the UAE", "companies in China and India": the state
    stands where "Emirati" does in "Emirati firms", so a sanction on them or a deed of
    theirs is that state's."""
    out: list[ActorSpan] = []
    for span in spans:
        firm = _firm_located(tree, tree.list_head(span.head), cues)
        if span.actor.kind == "state" and firm is not None:
            span = replace(span, head=firm, adjective=True)
        out.append(span)
    return out


def _firm_located(tree: Tree, place: int, cues: Cues) -> int | None:
    """The word right under the firm noun whose "in" phrase (on it or on its participle
    "based") is `place`: where "Emirati" stands in "Emirati firms"."""
    preposition = tree.head(place)
    if preposition is None or tree.lemma(preposition) != "in":
        return None
    below, noun = preposition, tree.head(preposition)
    if noun is not None and tree.tokens[noun].dep == "acl" and tree.lemma(noun) in _LOCATED:
        below, noun = noun, tree.head(noun)
    if noun is None or tree.lemma(noun) not in cues.firms | _OTHER_FIRMS:
        return None
    return below


#: participles that place a firm: "based in", "registered in"
_LOCATED = frozenset({"base", "register", "locate", "headquarter", "incorporate"})
#: what a sanction names besides makers: "entities based in Iran"
_OTHER_FIRMS = frozenset({"entity", "business", "bank"})


def _firms_of_named_states(tree: Tree, spans: list[ActorSpan]) -> list[ActorSpan]:
    """ "Sweden's BAE Systems Hägglunds": a firm the text gives a state's possessive is
    that state's (a subsidiary abroad), whatever country the lexicon files it under."""
    states = {t: span for span in spans if span.actor.kind == "state" for t in span.tokens}
    out: list[ActorSpan] = []
    for span in spans:
        if span.actor.kind == "company":
            # the name may be the first words of a longer one ("BAE Systems Hägglunds")
            named = [span.head]
            whole = tree.head(span.head)
            if tree.tokens[span.head].dep == "compound" and whole is not None:
                named.append(whole)
            owners = [
                states[c]
                for n in named
                for c in tree.child_with(n, frozenset({"poss"}))
                if c in states
            ]
            if owners:
                span = replace(span, actor=replace(span.actor, country=owners[0].actor.country))
        out.append(span)
    return out


def _members_listed_instead(tree: Tree, span: ActorSpan, spans: Sequence[ActorSpan]) -> bool:
    """ "Fourteen NATO members, including Belgium and Latvia": an organisation that
    only says which members are meant, when the members are named (they, not the
    whole alliance, are the parties)."""
    if span.actor.kind != "organization" or tree.tokens[span.head].dep not in _MODIFIER_DEPS:
        return False
    owner = tree.head(span.head)
    if owner is None:
        return False
    examples = {
        t
        for p in tree.child_with(owner, frozenset({"prep"}))
        if gives_examples(tree, p)
        for t in tree.subtree(p)
    }
    return any(other.head in examples and other.actor.kind == "state" for other in spans)


def _membership_told(tree: Tree, span: ActorSpan, spans: Sequence[ActorSpan]) -> bool:
    """ "Norway and Denmark, both NATO members,", "Estonia, a member of the EU,": an
    organisation in a phrase set in apposition to a state only says what the state
    is; the alliance is no party of what the state does."""
    if span.actor.kind != "organization":
        return False
    noun = tree.head(span.head)
    dep = tree.tokens[span.head].dep
    if noun is not None and dep == "pobj" and tree.lemma(noun) == "of":
        noun, dep = tree.head(noun), "of"
    if noun is None or dep not in _MODIFIER_DEPS | {"of"} or tree.tokens[noun].dep != "appos":
        return False
    described = tree.head(noun)
    return any(other.head == described and other.actor.kind == "state" for other in spans)


_MODIFIER_DEPS = frozenset({"compound", "nmod", "amod", "poss"})


def _owner_of_others(tree: Tree, tokens: tuple[int, ...], cues: Cues) -> bool:
    """ "Ukraine's allies", "Germany's opposition", "Iran's neighbours", "allies of the
    United States" name other states or people than the state itself."""
    head = span_head(tree, tokens)
    owner = tree.head(head)
    if tree.tokens[head].dep == "pobj" and owner is not None and tree.lemma(owner) == "of":
        owner = tree.head(owner)
    elif tree.tokens[head].dep != "poss":
        return False
    return owner is not None and tree.lemma(owner) in cues.others_of


_LIST_GLUE = frozenset({",", "and", "or", "&"})


def _coordinated_demonyms(
    sentence: Sentence, tree: Tree, spans: list[ActorSpan]
) -> list[ActorSpan]:
    """ "Kenyan, Ugandan and Tanzanian troops": every demonym of a written list
    before one noun is a party of its own, in the slot of that noun.

    The parser often hangs the first demonyms of such a list elsewhere (as the
    root, or a clause of their own); a member whose head chain never reaches the
    noun takes the place of a member that does.
    """
    adjectives = sorted((s for s in spans if s.adjective), key=lambda s: min(s.tokens))
    runs: list[list[ActorSpan]] = []
    for span in adjectives:
        if runs:
            previous = runs[-1][-1]
            between = sentence.tokens[max(previous.tokens) + 1 : min(span.tokens)]
            if between and all(t.text.lower() in _LIST_GLUE for t in between):
                runs[-1].append(span)
                continue
        runs.append([span])
    moved: dict[int, ActorSpan] = {}
    for run in runs:
        if len(run) < 2:
            continue
        last = max(max(s.tokens) for s in run)
        anchor = next(
            (
                s
                for s in reversed(run)
                if (tree.head(s.head) or -1) > last
                or any(a > last for a in tree.ancestors(s.head)[:3])
            ),
            None,
        )
        if anchor is None:
            continue
        noun = next(a for a in tree.ancestors(anchor.head) if a > last)
        for span in run:
            if span is not anchor and noun not in tree.ancestors(span.head):
                moved[id(span)] = replace(span, head=anchor.head)
    return [moved.get(id(span), span) for span in spans]


_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "dative", "conj", "appos"})


_DASHES = frozenset({"-", "–", "—", "--"})


def _dateline_credit(sentence: Sentence, tokens: tuple[int, ...]) -> bool:
    """A short form between a dateline's comma and its dash, early in a sentence: the
    agency that filed the story ("Accra, May 12, GNA –"), whatever else it may name."""
    first, last = min(tokens), max(tokens)
    return (
        2 <= first <= 12
        and last + 1 < len(sentence.tokens)
        and sentence.tokens[first - 1].text in (",", "(")
        and any(c.isdigit() for c in sentence.tokens[first - 2].text)  # the date
        and sentence.tokens[last + 1].text in _DASHES | {")"}
    )


def _weak_form_holds(
    sentence: Sentence, tree: Tree, tokens: tuple[int, ...], mention: Mention
) -> bool:
    """Whether a weak form ("Rafael", "Jordan") names its actor here.

    spaCy's tag of a place, nationality or organisation is enough. A company's
    name that is also a given name ("Rafael") is read as the company when it
    stands alone as an argument (not "Rafael Nadal", not "Kalashnikov rifles")
    in a sentence that names military equipment; a state's name confirmed by
    the rest of the text, when it is not part of a person's name.
    """
    head = span_head(tree, tokens)
    if _dateline_credit(sentence, tokens):
        return False  # "Sekondi, May 12, GNA – Warships ...": the news agency
    if mention.kind == "organization" and (
        tree.child_with(head, frozenset({"poss"}))
        or any(tree.tokens[c].ent_type in ("NORP", "GPE") for c in tree.children[head])
    ):
        return False  # "the country's Security Council", "the Uzbek Security Council"
    if any(sentence.tokens[i].ent_type in _WEAK_OK for i in tokens):
        return True
    if mention.kind != "company" and not mention.form.confirmed:
        return False
    first, last = sentence.tokens[min(tokens)], sentence.tokens[max(tokens)]
    if first.start != mention.start or last.end != mention.end:
        return False  # "MiG-29": the form is only part of a word
    neighbours = (
        sentence.tokens[i] for i in (first.i - 1, last.i + 1) if 0 <= i < len(sentence.tokens)
    )
    if any(t.ent_type == "PERSON" and t.text[:1].isupper() for t in neighbours):
        return False  # "Rafael Nadal", "Jim Jordan": part of a person's name
    if mention.form.confirmed:
        return True
    if sentence.tokens[head].dep not in _ARGUMENT_DEPS:
        return False
    return bool(load_equipment().find(sentence.text))


def _listed_with_states(
    sentence: Sentence,
    tree: Tree,
    tokens: tuple[int, ...],
    mention: Mention,
    mentions: Sequence[Mention],
) -> bool:
    """ "Mali, Niger and Chad met", "his Cambodian and Lao counterparts": a state's
    weak name or adjective listed with states named plainly the same way is a state
    too, whatever spaCy's tag."""
    if sentence.tokens[min(tokens)].text[:1].islower():
        return False
    first = tree.list_head(span_head(tree, tokens))
    for other in mentions:
        if (
            other.kind != "state"
            or other.form.weak
            or other.form.form not in ("name", mention.form.form)
        ):
            continue
        covering = tokens_covering(sentence, other.start, other.end)
        if covering and covering != tokens and tree.list_head(span_head(tree, covering)) == first:
            return True
    return False


_SUBJECTS = frozenset({"nsubj", "nsubjpass"})


def _pronoun_spans(sentence: Sentence, spans: list[ActorSpan], cues: Cues) -> list[ActorSpan]:
    """ "Montenegro's envoy signed as it joined the pact": a subject "it" is
    the state named last before it in the same sentence, and among those a
    subject (or a subject's owner) first: in "Peru criticised Chile's
    purchase, even as it bought tanks" it is Peru, not Chile. A possessive
    "its" is the state named last before it, but "its" territory, list or
    forces are the subject's ("Japan added Russian firms to its list")."""
    found: list[ActorSpan] = []
    for token in sentence.tokens:
        word = token.text.lower()
        subject = word == "it" and token.dep in _SUBJECTS
        # "sanctions on Ankara over its purchase": a possessive "its" is the state
        # named just before it
        owner = word == "its" and token.dep == "poss"
        if not subject and not owner:
            continue
        before = [
            span
            for span in spans
            if max(span.tokens) < token.i
            # "the EU added them to its list": an organisation speaks of itself as "it"
            and span.actor.kind in ("state", "government", "organization")
            # "visited Rotterdam to tour its shipyard": a port is where, not who
            and not span.place
            # "let British troops train at its camp": the troops would be "their"
            and not (owner and _modifies_plural(sentence, span))
        ]
        owned = sentence.tokens[token.head]
        # the word as written too: spaCy's lemma of "bases" is "basis"
        own = owner and not cues.own_things.isdisjoint({owned.lemma.lower(), owned.text.lower()})
        granter = _granter(sentence, before, owned, cues) if own else None
        if granter is not None:
            # "(the UAE) allowing Israel to use its bases": the thing is the granter's
            before = [granter]
        subjects = (
            [span for span in before if _in_subject(sentence, span)] if subject or own else []
        )
        if before:
            antecedent = max(subjects or before, key=lambda span: max(span.tokens))
            actor = replace(antecedent.actor, text=token.text)
            found.append(ActorSpan(token.i, (token.i,), actor, "pronoun"))
    return found


def _granter(
    sentence: Sentence, before: list[ActorSpan], owned: Token, cues: Cues
) -> ActorSpan | None:
    """ "The UAE allowed Israel to use its bases", "accused the UAE of allowing Israel
    to use its bases": a thing of one's own that a verb of granting lets another use
    belongs to whoever grants (the granting verb's subject, or the object of the verb
    whose "of" phrase it heads), not to whom it lets use it."""
    tokens = sentence.tokens
    verb = tokens[owned.head]
    if verb.dep == "prep" and verb.i != owned.i:
        verb = tokens[verb.head]  # "allowing Israeli drones to operate from its territory"
    granting = tokens[verb.head]
    if (
        verb.i == owned.i
        or verb.dep not in ("ccomp", "xcomp")
        or granting.lemma not in cues.granting
    ):
        return None
    holders = [t.i for t in tokens if t.head == granting.i and t.dep == "nsubj"]
    if not holders and granting.dep == "pcomp":
        above = tokens[tokens[granting.head].head]  # "accused [the UAE] of allowing"
        holders = [t.i for t in tokens if t.head == above.i and t.dep == "dobj"]
    found = [span for span in before if span.head in holders]
    return found[0] if len(found) == 1 else None


def _opening_it(
    sentence: Sentence, spans: list[ActorSpan], context: ArticleContext, cues: Cues
) -> list[ActorSpan]:
    """ "Bahrain's foreign ministry replied in a statement. It accused Tehran of ...": a
    sentence that opens with "It" saying or blaming something speaks for the actor
    the sentence before named first."""
    it = _opening_pronoun(sentence, spans, ("It",))
    if (
        it is None
        or sentence.tokens[it.head].lemma not in cues.speech | cues.accusing | cues.voicing
    ):
        return []
    before = context.codes_in(sentence.index - 1)
    if not before:
        return []
    actor = Actor(role="", country=before[0], text=it.text)
    return [ActorSpan(it.i, (it.i,), actor, "pronoun")]


def _opening_they_train(
    sentence: Sentence, spans: list[ActorSpan], context: ArticleContext, cues: Cues
) -> list[ActorSpan]:
    """ "Forty Italian instructors arrived in Niamey. They will train Nigerien special
    forces": a sentence that opens with "They" training others speaks of the people of
    the state the sentence before named first, when this sentence does not name it."""
    they = _opening_pronoun(sentence, spans, ("They",))
    if they is None or sentence.tokens[they.head].lemma not in cues.teaching:
        return []
    before = context.codes_in(sentence.index - 1)
    here = {span.actor.country for span in spans}
    if not before or before[0] in here:
        return []
    actor = Actor(role="", country=before[0], text=they.text)
    return [ActorSpan(they.i, (they.i,), actor, "pronoun")]


def _opening_pronoun(
    sentence: Sentence, spans: Sequence[ActorSpan], pronouns: tuple[str, ...]
) -> Token | None:
    """The sentence's first word, when it is one of `pronouns` as a subject that no
    span reads yet ("It accused ...", "He welcomed ...")."""
    words = [t for t in sentence.tokens if t.text[:1].isalpha()]
    if not words or words[0].text not in pronouns or words[0].dep not in _SUBJECTS:
        return None
    if any(span.head == words[0].i for span in spans):
        return None
    return words[0]


def _their_forces(tree: Tree, token: Token, cues: Cues) -> set[int] | None:
    """ "their navies", "their troops" as the subject of a clause below one whose
    subject names the states ("the ministers of A and B met as their navies wrapped
    up a drill"): the words of that subject, where the owners are named."""
    owner = tree.head(token.i)
    if token.text.lower() != "their" or token.dep != "poss" or owner is None:
        return None
    noun = tree.tokens[owner]
    clause = noun.head
    upper = tree.head(clause)
    if (
        noun.dep not in _SUBJECTS
        or not (noun.text.lower() in cues.group_nouns or noun.lemma in cues.forces)
        or tree.tokens[clause].dep not in ("advcl", "conj", "ccomp", "relcl")
        or upper is None
    ):
        return None
    subjects = subject_of(tree, upper)
    first = tree.head(upper)
    if not subjects and tree.tokens[upper].dep == "conj" and first is not None:
        # "the four ministers expressed concern ... and announced that their navies
        # would ...": the subject of the first of the joined verbs
        subjects = subject_of(tree, first)
    return {t for s in subjects for t in tree.subtree(s)}


def _plural_pronoun_spans(
    sentence: Sentence, tree: Tree, spans: list[ActorSpan], cues: Cues
) -> list[ActorSpan]:
    """ "The army chiefs of Chile and Peru met in Lima, where they agreed to hold
    drills": a subject "they" is the last list of two or more states named before
    it in the sentence, each a party."""
    found: list[ActorSpan] = []
    for token in sentence.tokens:
        word = token.text.lower()
        # not any "their": "Israeli officers met their Gulf counterparts" are the
        # officers'; but "... met as their navies wrapped up a drill": the forces
        # owned by the states just named, subject of a clause of their own
        owner_subject = _their_forces(tree, token, cues)
        bare_pair = _bare_pair(tree, token)
        if (
            not (word == "they" and token.dep in _SUBJECTS)
            and owner_subject is None
            and not bare_pair
        ):
            continue
        lists: dict[int, list[ActorSpan]] = {}
        for span in spans:
            if (
                max(span.tokens) < token.i
                and span.actor.kind == "state"
                and span.via != "pronoun"
                and (owner_subject is None or span.head in owner_subject)
            ):
                lists.setdefault(tree.list_head(span.head), []).append(span)
        members = next(
            (
                listed
                for _, listed in sorted(lists.items(), reverse=True)
                if len({s.actor.country for s in listed}) >= 2
            ),
            [],
        )
        if not members and (
            bare_pair or (word == "they" and tree.lemma(token.head) in cues.signing)
        ):
            # "X met his Peruvian counterpart, and the two (they) signed an accord":
            # the two states named apart before, where only two are
            members = _two_named_apart(tree, spans, token.i)
        seen: set[str] = set()
        for span in members:
            if span.actor.country not in seen:
                seen.add(span.actor.country)
                actor = replace(span.actor, text=token.text)
                found.append(ActorSpan(token.i, (token.i,), actor, "pronoun"))
    return found


def _person_pronoun_spans(tree: Tree, spans: list[ActorSpan]) -> list[ActorSpan]:
    """ "Bolivia's defence minister travelled to Moscow, where he met Russian
    officials": a subject "he" or "she" of a clause below another is the person who
    is that clause's subject, speaking for the one state named on that person."""
    found: list[ActorSpan] = []
    for token in tree.tokens:
        if token.text.lower() not in ("he", "she") or token.dep not in _SUBJECTS:
            continue
        if any(span.head == token.i for span in spans):
            continue
        clause = tree.head(token.i)
        above = tree.head(clause) if clause is not None else None
        # "travelled to Moscow, where he met": through the place to the verb
        governor = tree.verb_over(above) if above is not None else None
        if governor is None or governor == clause:
            continue
        people = [
            s
            for s in tree.child_with(governor, _SUBJECTS)
            if s < token.i and tree.tokens[s].pos == "NOUN"
        ]
        owners = {
            span.actor.country: span
            for span in spans
            for person in people
            if span.via == "lexicon"
            and span.actor.kind in _STATE_ORGANS
            and span.head != person
            and tree.head(span.head) == person
        }
        if len(owners) == 1:
            (span,) = owners.values()
            actor = replace(span.actor, text=token.text)
            found.append(ActorSpan(token.i, (token.i,), actor, "pronoun"))
    return found


#: kinds of actor that speak and act for a state ("the Ugandan army", "Kenya")
_STATE_ORGANS = frozenset({"state", "government", "military", "official"})


def _opening_pronoun_with_counterparts(
    sentence: Sentence, tree: Tree, spans: Sequence[ActorSpan], context: ArticleContext
) -> list[ActorSpan]:
    """ "Ghana's navy chief hosted the conference. He welcomed his counterparts from
    Togo and Benin": an opening "He" or "She" whose clause names his or her counterparts
    is an official, the one the sentence before opens with."""
    pronoun = _opening_pronoun(sentence, spans, ("He", "She"))
    if pronoun is None:
        return []
    owner = {"He": "his", "She": "her"}[pronoun.text]
    if not any(
        t.lemma == "counterpart"
        and any(tree.lemma(c).lower() == owner for c in tree.child_with(t.i, frozenset({"poss"})))
        for t in sentence.tokens
    ):
        return []
    official = context.opener_of(sentence.index - 1)
    if official is None:
        return []
    return [ActorSpan(pronoun.i, (pronoun.i,), official, "pronoun")]


def _the_ship(
    sentence: Sentence,
    tree: Tree,
    spans: Sequence[ActorSpan],
    context: ArticleContext,
    cues: Cues,
) -> list[ActorSpan]:
    """ "The Bangladesh Navy ship BNS Padma arrived in Colombo. ... The ship will conduct a
    passage exercise with a Sri Lanka Navy ship": "the ship" as a subject, naming no
    state of its own, is the one whose ship the two sentences before name."""
    code = context.ship_state_of(sentence.index - 1) or context.ship_state_of(sentence.index - 2)
    if code is None:
        return []
    found: list[ActorSpan] = []
    named = {t for span in spans for t in span.tokens}
    for token in sentence.tokens:
        if (
            token.lemma not in cues.vessels
            or token.dep not in _SUBJECTS
            or not tree.definite(token.i)
            or named & tree.subtree(token.i)
        ):
            continue
        actor = Actor(role="", country=code, text=token.text, kind="military")
        found.append(ActorSpan(token.i, (token.i,), actor, "reference"))
    return found


def _bare_pair(tree: Tree, token: Token) -> bool:
    """ "the two" or "both" standing alone as a subject ("during which the two signed")."""
    if token.dep not in _SUBJECTS or token.text.lower() not in ("two", "both"):
        return False
    return not any(tree.tokens[c].pos in ("NOUN", "PROPN") for c in tree.children[token.i])


def _two_named_apart(tree: Tree, spans: Sequence[ActorSpan], before: int) -> list[ActorSpan]:
    """The states named before token `before` when they are exactly two (not where
    something happens: "in Lima")."""
    named = [
        span
        for span in spans
        if max(span.tokens) < before
        and span.actor.kind in _STATE_ORGANS
        and span.via != "pronoun"
        and not named_as_venue(tree, span)
    ]
    return named if len({s.actor.country for s in named}) == 2 else []


def named_as_venue(tree: Tree, span: ActorSpan) -> bool:
    """ "in Madrid", "at Lima": the actor is named as a place."""
    above = tree.head(span.head)
    return above is not None and tree.lemma(above) in ("in", "at")


def _modifies_plural(sentence: Sentence, span: ActorSpan) -> bool:
    """ "British troops", "American destroyers": a state named as the adjective of
    many things, which a singular "its" does not stand for."""
    head = sentence.tokens[span.head]
    return head.dep in ("amod", "compound") and sentence.tokens[head.head].tag in ("NNS", "NNPS")


def _in_subject(sentence: Sentence, span: ActorSpan) -> bool:
    """The span heads a subject or owns one ("Finland's flag was hoisted")."""
    head = sentence.tokens[span.head]
    if head.dep in _SUBJECTS:
        return True
    owner = sentence.tokens[head.head]
    return head.dep in ("poss", "compound", "amod") and owner.dep in _SUBJECTS


def _inside_longer_name(sentence: Sentence, tokens: tuple[int, ...]) -> bool:
    """ "Latin American", "New Mexico", "Gulf of Guinea": a place or nationality
    word that the parser sees as part of a longer name is not that state."""
    first, last = min(tokens), max(tokens)
    kind = sentence.tokens[first].ent_type
    if kind not in ("NORP", "GPE", "LOC"):
        return False
    before = sentence.tokens[first - 1] if first > 0 else None
    return bool(
        before is not None
        and before.ent_type == kind
        and before.pos not in ("DET", "PUNCT")
        and before.text[:1].isupper()
        and before.end < sentence.tokens[first].start + 1
        and sentence.tokens[last].ent_type == kind
    )


_OF_THE = re.compile(r"\s+of\s+(?:the\s+)?")


def _body_of_another_state(sentence: Sentence, mention: Mention, states_at: dict[int, str]) -> bool:
    """ "the Royal Navy of Oman", "the National Guard of Ukraine": a body that one
    state's lexicon names, said to be another state's, is that one's."""
    if mention.kind not in ("military", "government"):
        return False
    offset = mention.end - sentence.start
    of = _OF_THE.match(sentence.text, offset)
    if of is None:
        return False
    owner = states_at.get(sentence.start + of.end())
    return owner is not None and owner != mention.code


#: ", central Romania" after a town's name: the state it lies in
_TOWN_IN = re.compile(
    r",\s+(?:(?:central|northern|southern|eastern|western|north|south|east|west|"
    r"north-?eastern|north-?western|south-?eastern|south-?western)\s+)?"
)


def _town_of_another_state(sentence: Sentence, mention: Mention, states_at: dict[int, str]) -> bool:
    """ "Victoria, central Romania", "Alexandria, Virginia": a capital's name followed
    by another state's is a town of that state, not the capital."""
    if mention.form.form != "capital":
        return False
    after = _TOWN_IN.match(sentence.text, mention.end - sentence.start)
    if after is None:
        return False
    owner = states_at.get(sentence.start + after.end())
    return owner is not None and owner != mention.code


def _acronym_after_another_adjective(
    sentence: Sentence, mention: Mention, mentions: Sequence[Mention]
) -> bool:
    """ "the Belgian BNS Crocus": an acronym right after another state's adjective
    (a ship prefix two navies share, a unit's initials) is that state's."""
    if mention.form.form != "alias" or not mention.text.isupper():
        return False
    return any(
        other.is_adjective
        and other.code != mention.code
        and other.end <= mention.start
        and not sentence.text[other.end - sentence.start : mention.start - sentence.start].strip()
        for other in mentions
    )


def _names_a_ship(
    sentence: Sentence, tokens: tuple[int, ...], mention: Mention, cues: Cues
) -> bool:
    """ "the patrol vessel BAE Manabi": a firm's name right after a vessel noun is the
    prefix of a ship's name (Ecuador's navy writes BAE), not the firm."""
    first = min(tokens)
    return (
        mention.kind == "company"
        and first > 0
        and sentence.tokens[first - 1].lemma.lower() in cues.vessels
    )


def _names_an_organisation(sentence: Sentence, tokens: tuple[int, ...], mention: Mention) -> bool:
    """ "the Oslo Peace Research Centre", "the Tehran Times":
    a capital opening an organisation's name is not its government."""
    if mention.form.form != "capital":
        return False
    last = max(tokens)
    after = sentence.tokens[last + 1] if last + 1 < len(sentence.tokens) else None
    return (
        sentence.tokens[last].ent_type == "ORG"
        and after is not None
        and after.ent_type == "ORG"
        and after.text[:1].isupper()
    )


def _is_noun_use(sentence: Sentence, tokens: tuple[int, ...]) -> bool:
    """ "the Iranians", "Russians said": a demonym used as a noun is the actor itself."""
    return any(
        sentence.tokens[i].pos in ("NOUN", "PROPN")
        and sentence.tokens[i].dep
        in ("nsubj", "nsubjpass", "dobj", "pobj", "dative", "conj", "appos")
        for i in tokens
    )


def _person_spans(
    sentence: Sentence, tree: Tree, context: ArticleContext, covered: set[int]
) -> list[ActorSpan]:
    spans: list[ActorSpan] = []
    if not context.persons:
        return spans
    tokens = sentence.tokens
    i = 0
    while i < len(tokens):
        if not tokens[i].text[:1].isupper():
            i += 1  # a name opens with a capital: no window starting here can match
            continue
        matched = False
        for length in (5, 4, 3, 2, 1):
            window = tokens[i : i + length]
            if len(window) < length or any(t.i in covered for t in window):
                continue
            # the text as written, so "Ahn Gyu-back" matches its tokens "Ahn Gyu - back"
            name = sentence.text[window[0].start - sentence.start : window[-1].end - sentence.start]
            actor = context.persons.get(name)
            if actor and window[0].text[:1].isupper():
                idx = tuple(t.i for t in window)
                spans.append(ActorSpan(span_head(tree, idx), idx, actor, "person"))
                i += length
                matched = True
                break
        if not matched:
            i += 1
    return spans


def _officials_before(named: Sequence[ActorSpan], start: int, phrase: str, count: int) -> list[str]:
    """ "Meloni hosted Kishida, and the two leaders signed ...": people named
    before "the two leaders" in the sentence are those leaders, whichever
    states the article names most."""
    words = load_actor_lexicon().words
    nouns = words.person_nouns if words is not None else frozenset()
    if not any(phrase.lower().endswith(noun) for noun in nouns):
        return []
    codes: list[str] = []
    for span in sorted(named, key=lambda s: min(s.tokens)):
        if span.actor.kind == "official" and span.actor.country not in codes:
            codes.append(span.actor.country)
    return codes if len(codes) == count else []


def _pair_named_before(
    sentence: Sentence, tree: Tree, named: Sequence[ActorSpan], start: int
) -> list[str]:
    """The codes of the two states named before character `start` in the sentence
    (not as places: "a week in Ghana, where the two navies drilled"), if two."""
    before = next((t.i for t in sentence.tokens if t.start >= start), len(sentence.tokens))
    pair = sorted(_two_named_apart(tree, named, before), key=lambda s: min(s.tokens))
    return list(dict.fromkeys(span.actor.country for span in pair))


#: "of" or "from" right after a reference, which names its states itself
# "the ministers of Peru", "the chiefs of defence staff of Ghana and Togo"
_NAMES_FOLLOW = re.compile(
    r"\s+(?:of|from)\s+(?:(?:the\s+)?[a-z]+(?:\s+[a-z]+){0,2}\s+(?:of|from)\s+)?(?:the\s+)?[A-Z]"
)
# "three states - China, Turkey and India", "two countries: Peru and Chile"
_LIST_FOLLOWS = re.compile(
    r"\s*(?:[-\u2013\u2014:(]|,\s+(?:namely|including)\s)\s*(?:the\s+)?[A-Z]"
)


def _happening_of(context: ArticleContext, sentence_index: int, count: int) -> list[str]:
    """The states of the latest event of `count` parties named before (more than two:
    "the two countries" is the article's main pair)."""
    if count <= 2:
        return []
    for index, parties in reversed(context.groups):
        codes = [code for code in parties if code in state_codes()]
        if index < sentence_index and len(codes) == count:
            return codes
    return []


def _named_just_before(context: ArticleContext, sentence_index: int, count: int) -> list[str]:
    """The states the nearest sentences before name, when they are exactly `count`
    (widening back one sentence at a time, at most three, while fewer)."""
    states: list[str] = []
    for back in range(1, 4):
        for code in context.codes_in(sentence_index - back):
            if code in state_codes() and code not in states:
                states.append(code)
        if len(states) >= count:
            break
    return states if len(states) == count else []


def _pair_of_event_before(context: ArticleContext, sentence_index: int) -> list[str]:
    """The two states of the latest event of the sentence just before, when that
    sentence's events name just one pair."""
    pairs = [
        codes
        for index, parties in context.groups
        if index == sentence_index - 1
        and len(codes := [code for code in parties if code in state_codes()]) == 2
    ]
    if len({frozenset(pair) for pair in pairs}) != 1:
        return []
    return pairs[-1]


def _latest_group(context: ArticleContext, sentence_index: int, within: int = 3) -> list[str]:
    """The states of the latest event of several parties in the `within` sentences before."""
    for index, parties in reversed(context.groups):
        if index < sentence_index:
            return parties if sentence_index - index <= within else []
    return []


def _reference_spans(
    sentence: Sentence,
    tree: Tree,
    context: ArticleContext,
    cues: Cues,
    covered: set[int],
    named: Sequence[ActorSpan] = (),
) -> list[ActorSpan]:
    lowered = sentence.text.lower()
    spans: list[ActorSpan] = []
    recent = context.recent_codes(sentence.index - 1)
    for match in cues.group_reference.finditer(sentence.text):
        if _NAMES_FOLLOW.match(sentence.text, match.end()) or _LIST_FOLLOWS.match(
            sentence.text, match.end()
        ):
            continue  # "the two navies of Togo and Benin": the names say which
        word = (match.group(1) or match.group(2)).lower()
        count = cues.group_numbers.get(word, 2)
        if sentence.text[: match.start()].rstrip().lower().endswith("other") or re.search(
            r"(?i)\bother\b", match.group()
        ):
            # "the other eleven nations": the parties of the happening just named,
            # but for those the sentences before single out
            others = _the_others(sentence, context, named, match.start(), count)
            if others:
                spans += _referring(sentence, tree, match.start(), match.end(), others, covered)
            continue
        states = _officials_before(named, sentence.start + match.start(), match.group(), count)
        if not states and count == 2:
            # "Chile's minister met his Peruvian counterpart ... between the two
            # navies": the two states this sentence has named so far
            states = _pair_named_before(sentence, tree, named, sentence.start + match.start())
        if not states:
            # "the eight ministers" after eight were named meeting: those eight, not
            # the eight states named most (a dateline's, a critic's)
            states = _happening_of(context, sentence.index, count)
        if not states and count > 2:
            # "Planners from India, Japan and Nepal attended the conference Mongolia
            # hosted. The four countries will ...": exactly as many states as the
            # sentences just before name
            states = _named_just_before(context, sentence.index, count)
        if not states and count == 2:
            # "Armenia is expanding defence ties with India despite hostilities with
            # Azerbaijan. The two nations signed ...": the pair of the event just before
            states = _pair_of_event_before(context, sentence.index)
        if not states and len(context.referred.get(sentence.index - 1, ())) == count:
            # "Polish and Lithuanian officers met ... between the two countries. The
            # two sides agreed ...": those the reference just before stood for
            states = context.referred[sentence.index - 1]
        if not states:
            # "The three host nations are joined by Chile, Peru and Spain": not those
            # the sentence names after the phrase for the first time
            after = {
                span.actor.country
                for span in named
                if sentence.tokens[min(span.tokens)].start >= sentence.start + match.end()
            }
            fresh = after - set(recent)
            states = context.salient(sentence.index, state_codes() - fresh, count)
        if len(states) >= count:
            spans += _referring(sentence, tree, match.start(), match.end(), states, covered)
            context.referred[sentence.index] = list(states[:count])
    for match in cues.participant_reference.finditer(sentence.text):
        # "the participating countries": the parties of the drill or meeting just named
        remembered = context.participating(sentence.index)
        if len(remembered) >= 2:
            spans += _referring(sentence, tree, match.start(), match.end(), remembered, covered)
    for match in cues.members_reference.finditer(sentence.text):
        if _NAMES_FOLLOW.match(sentence.text, match.end()):
            continue  # "the defence ministers of Ghana and Togo": the names say whose
        if _whose_referred(sentence, tree, match, covered):
            continue  # "the chiefs of all nine countries": that reference says whose
        # "Chile's minister received a Brazilian delegation, and the sides exchanged
        # views": the two this sentence has named so far; else "The ministers also
        # approved a roadmap": those of the group just named
        group = _pair_named_before(sentence, tree, named, sentence.start + match.start())
        if len(group) != 2:
            group = _latest_group(context, sentence.index)
        if len(group) >= 2:
            spans += _referring(sentence, tree, match.start(), match.end(), group, covered)
    opening = cues.group_pronoun.match(sentence.text)
    if opening:
        # "They agreed to hold joint drills": the parties of the sentence before
        group = _latest_group(context, sentence.index, within=1)
        if len(group) >= 2:
            spans += _referring(sentence, tree, opening.start(1), opening.end(1), group, covered)
    for phrase, candidates in cues.single_references.items():
        start = lowered.find(phrase)
        if start < 0 or lowered.startswith(" of ", start + len(phrase)):
            continue  # "the Republic of Tajikistan": a name of its own, read by the lexicon
        allowed = state_codes() if candidates == ("*",) else frozenset(candidates)
        found = next((c for c in recent if c in allowed), None)
        if found is None and candidates != ("*",):
            # "hoisted outside NATO headquarters as it joined the alliance": a
            # description naming its own kind of actor refers to one named
            # earlier in the same sentence
            before = [
                span.actor.country
                for span in named
                if sentence.tokens[max(span.tokens)].end <= sentence.start + start
            ]
            found = next((c for c in reversed(before) if c in allowed), None)
        if found is not None:
            spans += _referring(sentence, tree, start, start + len(phrase), [found], covered)
    return spans


def _whose_referred(
    sentence: Sentence, tree: Tree, match: re.Match[str], covered: set[int]
) -> bool:
    """Whether the people a phrase names belong to states another reference of the
    sentence already stands for ("the chiefs of the participating nations")."""
    tokens = tokens_covering(sentence, sentence.start + match.start(), sentence.start + match.end())
    if not tokens:
        return False
    head = span_head(tree, tokens)
    return any(
        covered & tree.subtree(p)
        for p in tree.child_with(head, frozenset({"prep"}))
        if tree.lemma(p) in ("of", "from")
    )


def _the_others(
    sentence: Sentence,
    context: ArticleContext,
    named: Sequence[ActorSpan],
    start: int,
    count: int,
) -> list[str]:
    """The `count` parties of the drill or meeting remembered last that neither this
    sentence (before the phrase) nor the one before names."""
    parties = list(dict.fromkeys(a.country for a in context.last_happening_parties(sentence.index)))
    singled = set(context.codes_in(sentence.index - 1)) | {
        span.actor.country
        for span in named
        if sentence.tokens[max(span.tokens)].end <= sentence.start + start
    }
    others = [code for code in parties if code not in singled]
    return others if len(others) == count else []


def _referring(
    sentence: Sentence, tree: Tree, start: int, end: int, codes: Sequence[str], covered: set[int]
) -> list[ActorSpan]:
    """The states a phrase at [start, end) of the sentence's text refers to, one span
    each over its words, unless another actor already covers them."""
    tokens = tokens_covering(sentence, sentence.start + start, sentence.start + end)
    if not tokens or any(i in covered for i in tokens):
        return []
    covered.update(tokens)
    head = span_head(tree, tokens)
    text = sentence.text[start:end]
    return [
        ActorSpan(head, tokens, Actor(role="", country=code, text=text), "reference")
        for code in codes
    ]


def _region_spans(
    sentence: Sentence,
    tree: Tree,
    context: ArticleContext,
    covered: set[int],
    named: Sequence[ActorSpan],
) -> list[ActorSpan]:
    """ "French troops left the West African country": a state described by its
    region is the one of that region named last, earlier in this sentence or,
    failing that, in the sentences before (actor_words.yaml `regions`)."""
    words = load_actor_lexicon().words
    if words is None:
        return []
    spans: list[ActorSpan] = []
    for match in words.region_reference.finditer(sentence.text):
        allowed = words.regions[match.group(1)]
        start = sentence.start + match.start()
        before = [
            span.actor.country
            for span in sorted(named, key=lambda s: max(s.tokens))
            if sentence.tokens[max(span.tokens)].end <= start
        ]
        earlier = list(reversed(before)) + context.recent_codes(sentence.index - 1)
        found = next((code for code in earlier if code in allowed), None)
        if found is not None:
            spans += _referring(sentence, tree, match.start(), match.end(), [found], covered)
    return spans
