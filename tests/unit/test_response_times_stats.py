"""Medians and p90s that anyone can reproduce with numpy.percentile."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.errors import InvalidInput
from assistant.response_times import median, p90, percentile

finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)


@given(values=st.lists(finite, min_size=1, max_size=60), q=st.sampled_from([0, 50, 90, 100]) | st.floats(0, 100))
def test_percentile_equals_numpy_to_the_last_bit(values: list[float], q: float) -> None:
    assert percentile(values, q) == float(np.percentile(values, q))


@given(values=st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=200))
def test_median_and_p90_equal_numpy(values: list[float]) -> None:
    assert median(values) == float(np.percentile(values, 50))
    assert p90(values) == float(np.percentile(values, 90))


def test_p90_interpolates_between_closest_ranks() -> None:
    # 10 answers: p90 sits 0.1 of the way from the 9th to the 10th fastest.
    assert p90([1, 2, 3, 4, 5, 6, 7, 8, 9, 100]) == pytest.approx(9 + 0.1 * (100 - 9))
    assert median([30, 10, 20, 40]) == 25


def test_no_answers_have_no_median() -> None:
    assert median([]) is None and p90([]) is None


def test_percentile_outside_0_100_is_refused() -> None:
    with pytest.raises(InvalidInput):
        percentile([1.0], 101)
