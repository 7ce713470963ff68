"""Classes of values for choropleth maps (mapclassify), one scheme for every map."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field

import mapclassify
import numpy as np


@dataclass(frozen=True)
class Classes:
    breaks: list[float] = field(default_factory=list)  # upper bound of each class
    of: dict[str, int] = field(default_factory=dict)  # key → class index
    k: int = 0


def quantiles(values: Mapping[str, float], k: int = 5) -> Classes:
    """Quantile classes: each colour covers about as many territories (k at most)."""
    distinct = len(set(values.values()))
    if distinct < 2:
        return Classes()
    k = max(2, min(k, distinct))
    with warnings.catch_warnings():
        # Many equal values (zeros) leave fewer distinct quantiles: mapclassify then lowers
        # k itself, which is what a legend needs; the actual count is returned.
        warnings.simplefilter("ignore", UserWarning)
        scheme = mapclassify.Quantiles(np.array(list(values.values()), dtype=float), k=k)
    breaks = [float(b) for b in scheme.bins]
    edges = np.array(breaks)
    of = {key: int(np.searchsorted(edges, value, side="left")) for key, value in values.items()}
    return Classes(breaks, of, len(breaks))
