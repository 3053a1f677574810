"""Split long notes into overlapping windows so nothing is truncated and no border hides a span."""

from __future__ import annotations


def chunk_bounds(text: str, size: int, overlap: int) -> list[tuple[int, int]]:
    """``[(start, end), ...]`` windows of at most ``size`` characters covering ``text``.

    Neighbouring windows share at least ``overlap`` characters, and each window ends at
    whitespace where there is some near its end, so a word is never split at a border. Any span
    shorter than ``overlap`` therefore lies whole inside at least one window.
    """
    n = len(text)
    if n <= size:
        return [(0, n)]
    bounds = []
    start = 0
    while True:
        end = min(start + size, n)
        if end < n:
            # Prefer to end on whitespace within the last quarter of the overlap.
            cut = max(
                text.rfind(" ", end - overlap // 4, end), text.rfind("\n", end - overlap // 4, end)
            )
            if cut > start:
                end = cut
        bounds.append((start, end))
        if end >= n:
            return bounds
        nxt = end - overlap
        # Start the next window on a word boundary too.
        space = text.rfind(" ", max(start + 1, nxt - overlap // 4), nxt)
        start = space + 1 if space > start else max(nxt, start + 1)
