"""Percentiles exactly as `numpy.percentile` (method 'linear'), without numpy.

The product reports medians and p90s that a reader can reproduce with numpy or with a
spreadsheet's PERCENTILE.INC; the arithmetic below mirrors numpy's, step by step, so the
results agree to the last bit rather than "approximately".
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from assistant.errors import InvalidInput


def percentile(values: Iterable[float], q: float) -> float | None:
    """The q-th percentile (0..100) by linear interpolation between closest ranks.

    Returns None for no values (a report of zero answered mentions has no median).
    """
    if not 0 <= q <= 100:
        raise InvalidInput(f"percentile {q!r} is outside 0..100")
    ordered = sorted(values)
    return percentile_of_sorted(ordered, q)


def percentile_of_sorted(ordered: Sequence[float], q: float) -> float | None:
    """Like `percentile`, for values already sorted ascending (saves a sort per figure)."""
    n = len(ordered)
    if n == 0:
        return None
    # numpy: virtual index = (n - 1) * (q / 100), split into floor and fraction.
    virtual = (n - 1) * (q / 100)
    below = math.floor(virtual)
    gamma = virtual - below
    lo = ordered[min(max(below, 0), n - 1)]
    hi = ordered[min(max(below + 1, 0), n - 1)]
    # numpy's _lerp: interpolate from the nearer end to keep rounding symmetric.
    diff = hi - lo
    if gamma >= 0.5:
        return float(hi - diff * (1 - gamma))
    return float(lo + diff * gamma)


def median(values: Iterable[float]) -> float | None:
    return percentile(values, 50)


def p90(values: Iterable[float]) -> float | None:
    return percentile(values, 90)
