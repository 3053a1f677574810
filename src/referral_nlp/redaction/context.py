"""Presidio's lemma context enhancer with an O(log n) token lookup.

Stock Presidio finds the token under each result by walking the document from the start, so a
long note with many results costs O(results x tokens); on court judgments it was a fifth of all
analysis time. The behaviour is unchanged: the token returned is the first whose end lies after
the result's start.
"""

from __future__ import annotations

from bisect import bisect_right

from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer


class FastLemmaContextAwareEnhancer(LemmaContextAwareEnhancer):
    """Same scoring as Presidio's enhancer; binary search instead of a scan."""

    @staticmethod
    def _find_index_of_match_token(word: str, start: int, tokens, tokens_indices: list[int]) -> int:
        i = bisect_right(tokens_indices, start) - 1
        if i >= 0 and start < tokens_indices[i] + len(tokens[i]):
            return i
        if i + 1 < len(tokens_indices):
            return i + 1
        # Never quote `word`: it is the detected personal data.
        raise ValueError("result start lies beyond the last token of the text")
