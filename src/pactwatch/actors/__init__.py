"""Actors: who the countries, governments, forces, companies and groups in a text are."""

from pactwatch.actors.lexicon import ActorEntry, ActorLexicon, load_actor_lexicon
from pactwatch.actors.mentions import Mention, find_mentions

__all__ = ["ActorEntry", "ActorLexicon", "Mention", "find_mentions", "load_actor_lexicon"]
