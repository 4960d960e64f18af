"""difflib's line matching, with the same answers, found faster where two texts share long runs of lines.

Why: the engine maps the lines a rule reports back to the file as read with ``difflib.SequenceMatcher`` over
the two versions' lines (``autojunk=False``, so a blank line or a lone ``)`` is never junk). Its search for the
longest matching block pairs every line with every equal line of the other text: on a file of thousands of
lines where a rule changed a few, that is millions of pairs for lines that repeat, to find a block that is
most of the file. :class:`LineMatcher` finds the same block from windows of the run it already knows (a common
prefix or suffix of the ranges): a block at least that long starts with a window of that length, so only
equal windows are extended. Where no such run is long enough it asks difflib, so every answer is difflib's
(tests/test_line_matching.py compares the two on generated and real texts).
"""

from __future__ import annotations

import difflib
from bisect import bisect_left

MIN_RUN = 32  # a shorter known run leaves too many equal windows to be worth it; difflib searches instead
_MODULUS = (1 << 61) - 1
_BASE = 1_000_003


class LineMatcher(difflib.SequenceMatcher):
    """``difflib.SequenceMatcher(None, a, b, autojunk=False)`` over lists of lines; the same opcodes."""

    def __init__(self, a: list[str], b: list[str], min_run: int = MIN_RUN) -> None:
        super().__init__(None, a, b, autojunk=False)
        self.min_run = min_run
        ids: dict[str, int] = {}
        self._a_ids = [ids.setdefault(line, len(ids)) for line in a]
        self._b_ids = [ids.setdefault(line, len(ids)) for line in b]
        self._b_starts: dict[int, list[int]] = {}  # line id -> where it is in b, ascending
        for j, line in enumerate(self._b_ids):
            self._b_starts.setdefault(line, []).append(j)

    def find_longest_match(self, alo=0, ahi=None, blo=0, bhi=None):
        """difflib's longest block of ``a[alo:ahi]`` and ``b[blo:bhi]`` (longest, then least i, then least j)."""
        ahi = len(self._a_ids) if ahi is None else ahi
        bhi = len(self._b_ids) if bhi is None else bhi
        a, b = self._a_ids, self._b_ids
        n = min(ahi - alo, bhi - blo)
        prefix = 0
        while prefix < n and a[alo + prefix] == b[blo + prefix]:
            prefix += 1
        suffix = 0
        while suffix < n - prefix and a[ahi - 1 - suffix] == b[bhi - 1 - suffix]:
            suffix += 1
        run = max(prefix, suffix)
        if run < self.min_run and n >= 8 * self.min_run:
            run = max(run, self._anchored_run(alo, ahi, blo, bhi))
        found = self._from_windows(alo, ahi, blo, bhi, run) if run >= self.min_run else None
        return difflib.Match(*(found or self._from_pairs(alo, ahi, blo, bhi)))

    def _anchored_run(self, alo: int, ahi: int, blo: int, bhi: int) -> int:
        """The length of some block of the ranges (a lower bound of the longest): the longest run from a line that
        occurs once in each range (where a rule changed lines all through a file, no prefix or suffix is long)."""
        a, b = self._a_ids, self._b_ids
        count_a: dict[int, int] = {}
        for i in range(alo, ahi):
            count_a[a[i]] = count_a.get(a[i], 0) + 1
        where_b: dict[int, int] = {}
        for j in range(blo, bhi):
            where_b[b[j]] = -1 if b[j] in where_b else j
        longest = 0
        covered: dict[int, int] = {}
        for i in range(alo, ahi):
            j = where_b.get(a[i], -1)
            if j < 0 or count_a[a[i]] != 1 or covered.get(j - i, -1) > i:
                continue
            k = 0
            while i + k < ahi and j + k < bhi and a[i + k] == b[j + k]:
                k += 1
            covered[j - i] = i + k
            longest = max(longest, k)
        return longest

    def _from_pairs(self, alo: int, ahi: int, blo: int, bhi: int) -> tuple[int, int, int]:
        """difflib's own search (``SequenceMatcher.find_longest_match`` without junk): for each line of ``a`` in
        order, the length of the block ending there with each equal line of ``b``; the first longest wins. The
        equal lines of ``b`` before ``blo`` are skipped by bisection, where difflib steps over each of them."""
        a, b, starts = self._a_ids, self._b_ids, self._b_starts
        besti, bestj, bestsize = alo, blo, 0
        lengths: dict[int, int] = {}
        for i in range(alo, ahi):
            found: dict[int, int] = {}
            js = starts.get(a[i])
            if js:
                for index in range(bisect_left(js, blo), len(js)):
                    j = js[index]
                    if j >= bhi:
                        break
                    k = found[j] = lengths.get(j - 1, 0) + 1
                    if k > bestsize:
                        besti, bestj, bestsize = i - k + 1, j - k + 1, k
            lengths = found
        # difflib then extends the block over junk lines; without junk these loops are its own, and end at once
        while besti > alo and bestj > blo and a[besti - 1] == b[bestj - 1]:
            besti, bestj, bestsize = besti - 1, bestj - 1, bestsize + 1
        while besti + bestsize < ahi and bestj + bestsize < bhi and a[besti + bestsize] == b[bestj + bestsize]:
            bestsize += 1
        return besti, bestj, bestsize

    def _from_windows(self, alo: int, ahi: int, blo: int, bhi: int, run: int) -> tuple[int, int, int] | None:
        """The longest block, knowing one of length ``run`` exists: every block at least that long starts where
        a window of ``run`` lines of ``a`` equals one of ``b``. None when there are too many equal windows."""
        a, b = self._a_ids, self._b_ids
        starts: dict[int, list[int]] = {}
        for j, h in _window_hashes(b, blo, bhi, run):
            starts.setdefault(h, []).append(j)
        budget = 4 * ((ahi - alo) + (bhi - blo)) + 10_000
        covered: dict[int, int] = {}  # diagonal j - i -> the end in ``a`` of the block extended on it
        best = (alo, blo, 0)
        for i, h in _window_hashes(a, alo, ahi, run):
            for j in starts.get(h, ()):
                if covered.get(j - i, -1) > i:
                    continue  # inside a block already extended from an earlier start: a shorter one
                budget -= 1
                if budget < 0:
                    return None
                k = 0
                while i + k < ahi and j + k < bhi and a[i + k] == b[j + k]:
                    k += 1
                budget -= k // 64
                covered[j - i] = i + k
                if k > best[2]:
                    best = (i, j, k)
        return best


def _window_hashes(ids: list[int], lo: int, hi: int, width: int):
    """(start, hash) of every window of ``width`` ids in ``ids[lo:hi]``, in order of start."""
    if hi - lo < width:
        return
    top = pow(_BASE, width - 1, _MODULUS)
    h = 0
    for k in range(lo, lo + width):
        h = (h * _BASE + ids[k] + 1) % _MODULUS
    yield lo, h
    for start in range(lo + 1, hi - width + 1):
        h = ((h - (ids[start - 1] + 1) * top) * _BASE + ids[start + width - 1] + 1) % _MODULUS
        yield start, h
