"""Bite: what a busy reader gets from an article, a few sentences and key points."""

from newsbite.bite.lead import lead_bite
from newsbite.bite.sentences import split_sentences

__all__ = ["lead_bite", "split_sentences"]
