"""Classes of values for choropleth maps, one scheme for every map.

The breaks are mapclassify's ``Quantiles`` (linear percentiles at 100/k, 200/k, … 100, ties
collapsed), computed in a few lines: mapclassify pulls scikit-learn, pandas and matplotlib
into every process that draws a map, for five lines of arithmetic. A property test checks
that the breaks stay those of mapclassify.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Classes:
    breaks: list[float] = field(default_factory=list)  # upper bound of each class
    of: dict[str, int] = field(default_factory=dict)  # key → class index
    k: int = 0


def quantile_breaks(values: np.ndarray, k: int) -> list[float]:
    """Upper bounds of k quantile classes; many equal values (zeros) leave fewer classes,
    which is what a legend needs: the actual count is ``len`` of the result.

    The position of the i-th break among the sorted values, (n − 1)·i/k, is computed in
    integers, so that a break falling on a value is that value and not its neighbour one
    bit away (which would draw an empty class).
    """
    ordered = np.sort(values)
    last = len(ordered) - 1
    breaks = []
    for i in range(1, k + 1):
        below, rest = divmod(last * i, k)
        low = float(ordered[below])
        breaks.append(low if rest == 0 else low + (float(ordered[below + 1]) - low) * rest / k)
    return [float(b) for b in np.unique(breaks)]


def quantiles(values: Mapping[str, float], k: int = 5) -> Classes:
    """Quantile classes: each colour covers about as many territories (k at most)."""
    distinct = len(set(values.values()))
    if distinct < 2:
        return Classes()
    k = max(2, min(k, distinct))
    breaks = quantile_breaks(np.array(list(values.values()), dtype=float), k)
    edges = np.array(breaks)
    of = {key: int(np.searchsorted(edges, value, side="left")) for key, value in values.items()}
    return Classes(breaks, of, len(breaks))
