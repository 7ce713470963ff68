"""Indicator values sent through the web: what a file would change before it is loaded.

The file is read and checked by ``indicator_loading.read_file``, the very reading
``maillage indicators load`` and the confirmation use, so a file the preview accepts is
the file the load stores. The preview compares it with the stored values of the periods
it holds (those the load replaces): values added, replaced, unchanged, and stored values
the file no longer gives (dropped by the load). Nothing is written here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from maillage.domain.actors import Actor
from maillage.domain.indicators import Indicator
from maillage.domain.zoning import CodeConversion
from maillage.errors import InvalidInput
from maillage.i18n import gettext as _
from maillage.services import indicator_loading
from maillage.services.indicators import get_indicator, list_indicators
from maillage.services.platform import Platform
from maillage.store import territories as territory_store
from maillage.store.indicator_tables import IndicatorValueRow

OFFER_THEME = "offre"  # services.coverage writes these from the directory
SAMPLE = 10  # replaced values shown per period, old beside new

# numerator, denominator, value: what a line of a value file gives.
Figures = tuple[float | None, float | None, float | None]


@dataclass(frozen=True)
class ValueChange:
    code: str
    name: str  # the territory's name, or its code when unknown
    age_band: str
    old: Figures
    new: Figures


@dataclass(frozen=True)
class PeriodChanges:
    period: str
    added: int
    replaced: int
    unchanged: int
    removed: int  # stored values of the period that the file does not give
    samples: list[ValueChange]


@dataclass(frozen=True)
class ValuesPreview:
    indicator: Indicator
    values: int
    periods: list[PeriodChanges]
    conversions: list[CodeConversion]

    @property
    def changes_nothing(self) -> bool:
        return all(p.added == p.replaced == p.removed == 0 for p in self.periods)


def known_indicator(platform: Platform, indicator_id: str) -> Indicator:
    """The stored definition of *indicator_id* (``NotFound`` when it is not in the
    catalogue): the web loads values of catalogue indicators; new ones come with their
    definition through ``maillage indicators load``. An offer indicator is refused: it is
    computed from the directory, and the next computation would overwrite what was sent."""
    indicator = get_indicator(platform, indicator_id).indicator
    if indicator.theme == OFFER_THEME:
        raise InvalidInput(
            _(
                "{id} is computed from the directory (services per 10,000 inhabitants): "
                "its values are not loaded from a file."
            ).format(id=indicator_id)
        )
    return indicator


def preview_values(platform: Platform, path: Path, indicator_id: str) -> ValuesPreview:
    """What loading the file at *path* for *indicator_id* would change, per period.

    Raises ``DataFileError`` (every fault, located) exactly as the load would.
    """
    indicator = known_indicator(platform, indicator_id)
    _definition, reading = indicator_loading.read_file(platform, path, indicator)
    periods = sorted({o.period for o in reading.observations})
    with platform.reading() as session:
        stored: dict[tuple[str, str, str], Figures] = {
            (row.period, row.code, row.age_band): (row.numerator, row.denominator, row.value)
            for row in session.scalars(
                select(IndicatorValueRow).where(
                    IndicatorValueRow.indicator_id == indicator.id,
                    IndicatorValueRow.period.in_(periods),
                )
            )
        }
        names = territory_store.commune_names(session)
    given: dict[tuple[str, str, str], Figures] = {
        (o.period, o.code, o.age_band): (o.numerator, o.denominator, o.value)
        for o in reading.observations
    }
    return ValuesPreview(
        indicator,
        len(reading.observations),
        [_period(period, stored, given, names) for period in periods],
        reading.conversions,
    )


def _period(
    period: str,
    stored: dict[tuple[str, str, str], Figures],
    given: dict[tuple[str, str, str], Figures],
    names: dict[str, str],
) -> PeriodChanges:
    before = _of(period, stored)
    after = _of(period, given)
    replaced = [k for k in after if k in before and before[k] != after[k]]
    return PeriodChanges(
        period,
        added=sum(1 for k in after if k not in before),
        replaced=len(replaced),
        unchanged=sum(1 for k in after if k in before and before[k] == after[k]),
        removed=sum(1 for k in before if k not in after),
        samples=[
            ValueChange(
                code, names.get(code, code), band, before[(code, band)], after[(code, band)]
            )
            for code, band in sorted(replaced)[:SAMPLE]
        ],
    )


def _of(
    period: str, figures: dict[tuple[str, str, str], Figures]
) -> dict[tuple[str, str], Figures]:
    return {(code, band): f for (p, code, band), f in figures.items() if p == period}


def load_values(
    platform: Platform, actor: Actor | None, path: Path, indicator_id: str
) -> indicator_loading.LoadReport:
    """Load the previewed file for a catalogue indicator, in one transaction, audited."""
    return indicator_loading.load_file(
        platform, actor, path, known_indicator(platform, indicator_id)
    )


def catalogue_choices(platform: Platform) -> list[tuple[str, str]]:
    """(id, name) of the indicators whose values may be sent: the catalogue, less the offer
    indicators, which are computed from the directory."""
    return [
        (s.indicator.id, s.indicator.name)
        for s in list_indicators(platform)
        if s.indicator.theme != OFFER_THEME
    ]
