"""Dependency-tree helpers: where an actor stands relative to a trigger.

An actor's *slot* is the grammatical relation by which it hangs off the
trigger or one of the words governing it ("nsubj" at level 1 is the subject of
the verb above the trigger). Frames (frames.py) map slots to event roles.
"""

from __future__ import annotations

from dataclasses import dataclass

from pactwatch.models import Sentence, Token

# Relations that keep an actor "direct": Iran and Iraq (conj), Iran, the
# Islamic Republic (appos), Iran's army commander Baqeri (compound, flat).
_TRANSPARENT = frozenset({"conj", "appos", "compound", "flat", "cc", "nmod", "npadvmod"})
# Relations by which a clause is the content of a verb of speech or denial.
_COMPLEMENTS = frozenset({"ccomp", "parataxis", "xcomp", "dobj", "pcomp", "advcl", "conj"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
_PRONOUNS = frozenset({"it", "they", "we", "he", "she", "its", "their", "our", "his", "her"})


@dataclass(frozen=True, slots=True)
class Slot:
    level: int  # 0: on the trigger; 1: on the word governing it; ...
    relation: str  # "nsubj", "dobj", "prep:to", "poss", "mod", ...
    direct: bool  # the actor heads the argument rather than modifying it

    @property
    def key(self) -> str:
        return self.relation if self.direct else f"{self.relation}~"


class Tree:
    """Parent/child navigation over one parsed sentence."""

    def __init__(self, sentence: Sentence) -> None:
        self.tokens: tuple[Token, ...] = sentence.tokens
        self.children: list[list[int]] = [[] for _ in self.tokens]
        for tok in self.tokens:
            if tok.head != tok.i:
                self.children[tok.head].append(tok.i)

    def head(self, i: int) -> int | None:
        h = self.tokens[i].head
        return None if h == i else h

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

    def subtree(self, i: int) -> set[int]:
        out = {i}
        stack = [i]
        while stack:
            for c in self.children[stack.pop()]:
                if c not in out:
                    out.add(c)
                    stack.append(c)
        return out

    def lemma(self, i: int) -> str:
        return self.tokens[i].lemma

    def child_with(self, i: int, deps: frozenset[str]) -> list[int]:
        return [c for c in self.children[i] if self.tokens[c].dep in deps]

    def is_pronoun(self, i: int) -> bool:
        return self.tokens[i].lemma in _PRONOUNS or self.tokens[i].text.lower() in _PRONOUNS


def relation_of(tree: Tree, child: int) -> str:
    tok = tree.tokens[child]
    if tok.dep == "agent":
        return "agent"
    if tok.dep == "prep" or (tok.dep == "dative" and tok.pos == "ADP"):
        return f"prep:{tok.lemma}"
    if tok.dep in ("amod", "compound", "nmod", "nummod", "npadvmod"):
        return "mod"
    return tok.dep


def slot_of(tree: Tree, actor: int, chain: list[int]) -> Slot | None:
    """The slot of the actor token `actor` relative to the trigger chain."""
    for level, node in enumerate(chain):
        if actor == node:
            return None
        path = tree.path_up(actor, node)
        if path is None:
            continue
        child = path[-1]
        if level > 0 and child == chain[level - 1]:
            continue
        relation = relation_of(tree, child)
        if relation.startswith("prep:") or relation == "agent":
            # the argument is the object of the preposition, one step below it
            inner = path[:-1]
            direct = all(tree.tokens[t].dep in _TRANSPARENT | {"pobj"} for t in inner)
        else:
            direct = all(tree.tokens[t].dep in _TRANSPARENT for t in path[:-1])
        return Slot(level=level, relation=relation, direct=direct)
    return None


def governing_chain(
    tree: Tree, trigger: int, attribution_lemmas: frozenset[str]
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
        if (
            tree.lemma(head) in attribution_lemmas
            and dep in _COMPLEMENTS
            and tree.tokens[head].pos in ("VERB", "AUX")
        ):
            return chain, head
        chain.append(head)
        node = head


def subject_of(tree: Tree, verb: int) -> list[int]:
    return tree.child_with(verb, _SUBJECTS)
