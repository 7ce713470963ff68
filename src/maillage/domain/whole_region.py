"""The whole Walloon Region, shown beside the reform's region.

The reform's region (code ``03000`` in maillage) is the French-language region: its values
are always computed from its communes. Sources often publish a figure for the whole Walloon
Region (Statbel's ``03000``, German-language communes included): such a row of an
indicator file is kept as published and shown beside the reform's region, labelled, never
as its value. Without one, the whole region is computed when it can be exactly: every one
of its communes with a numerator (and a denominator when they carry one).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from maillage.domain.indicators import Estimate, Observation, aggregate
from maillage.domain.territory import REGION_CODE
from maillage.i18n import gettext as _

# Keys of the whole region among a period's estimates (never territory codes).
PUBLISHED = "03000-published"
COMPUTED = "03000-computed"


@dataclass(frozen=True)
class WholeRegion:
    """The whole Walloon Region's estimate and whether it is published or computed."""

    estimate: Estimate
    published: bool

    @property
    def name(self) -> str:
        if self.published:
            return _("Whole Walloon Region (published value, German-speaking Community included)")
        return _(
            "Whole Walloon Region (computed from its 261 communes, German-speaking "
            "Community included)"
        )


def split(stored: Iterable[Observation]) -> tuple[list[Observation], list[Observation]]:
    """A period's stored values: those of the reform's territories, and the rows loaded for
    ``03000`` (published for the whole Walloon Region, so never the reform region's)."""
    reform: list[Observation] = []
    published: list[Observation] = []
    for o in stored:
        (published if o.code == REGION_CODE else reform).append(o)
    return reform, published


def observations(
    reform: Sequence[Observation], published: Sequence[Observation], communes: Sequence[str]
) -> list[Observation]:
    """The whole region's observations: as published, or else summed from *communes* (all
    of the Walloon Region's) when every one has what the sum needs."""
    if published:
        return [replace(o, code=PUBLISHED) for o in published]
    if not communes:
        return []
    computed, _missing = aggregate(reform, {COMPUTED: communes})
    return computed


def pick(found: Mapping[str, Estimate]) -> WholeRegion | None:
    """The whole region among a period's estimates, the published value first."""
    if PUBLISHED in found:
        return WholeRegion(found[PUBLISHED], True)
    if COMPUTED in found:
        return WholeRegion(found[COMPUTED], False)
    return None
