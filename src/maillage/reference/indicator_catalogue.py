"""The first indicator catalogue, built from the reference files shipped with the package.

Each entry says what the data can and cannot say: the 2020 age structure comes in 10-year
bands, so the shares are of 0–19, 60+, 70+ and 80+ year-olds rather than the usual 0–14 and
65+; the fiscal series stops in 2013. Values are rows in the same shape as a user's
``indicators load`` file and go through the same reader (codes converted, merged communes
summed).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from maillage.domain.indicators import Indicator, Kind, Polarity
from maillage.reference import loaders
from maillage.reference.sources import (
    BOUNDARIES_2025,
    FISCAL_INCOME,
    POPULATION_AGE_SEX,
    POPULATION_TOTALS,
    DataSource,
)

Row = tuple[int, dict[str, str]]

_AGE_NOTE = (
    "Statbel ne publie ici que des classes d'âge de 10 ans : les seuils usuels "
    "(0–14, 65+) ne peuvent pas être reconstitués."
)


@dataclass(frozen=True)
class CatalogueEntry:
    indicator: Indicator
    rows: list[Row]
    file: str


def _source(source: DataSource) -> str:
    return f"{source.publisher} — {source.title}"


def _age_share(id_: str, name: str, bands: tuple[str, ...], label: str) -> Indicator:
    return Indicator(
        id_,
        name,
        f"Part de la population âgée de {label} au 1er janvier 2020.",
        Kind.PROPORTION,
        Polarity.NEUTRAL,
        unit="%",
        multiplier=100,
        numerator=f"habitants de {label} ({', '.join(bands)})",
        denominator="population totale",
        years="2020",
        theme="population",
        caveats=_AGE_NOTE,
        source=_source(POPULATION_AGE_SEX),
        licence=POPULATION_AGE_SEX.licence,
    )


YOUNG = ("00-09", "10-19")
ACTIVE = ("20-29", "30-39", "40-49", "50-59")
OLD = ("60-69", "70-79", "80+")

AGE_SHARES = (
    (_age_share("pop-0-19-pct", "Part des 0–19 ans", YOUNG, "0 à 19 ans"), YOUNG),
    (_age_share("pop-60plus-pct", "Part des 60 ans et plus", OLD, "60 ans et plus"), OLD),
    (_age_share("pop-70plus-pct", "Part des 70 ans et plus", OLD[1:], "70 ans et plus"), OLD[1:]),
    (_age_share("pop-80plus-pct", "Part des 80 ans et plus", OLD[2:], "80 ans et plus"), OLD[2:]),
)

DEPENDENCY_YOUNG = Indicator(
    "dependance-jeunes",
    "Rapport de dépendance des jeunes",
    "Nombre de 0–19 ans pour 100 personnes de 20–59 ans (2020).",
    Kind.RATIO,
    Polarity.NEUTRAL,
    unit="pour 100",
    multiplier=100,
    numerator="habitants de 0 à 19 ans",
    denominator="habitants de 20 à 59 ans",
    years="2020",
    theme="population",
    caveats=_AGE_NOTE + " Bornes 20 et 60 ans au lieu des 15 et 65 ans usuels.",
    source=_source(POPULATION_AGE_SEX),
    licence=POPULATION_AGE_SEX.licence,
)
DEPENDENCY_OLD = Indicator(
    "dependance-agees",
    "Rapport de dépendance des âgés",
    "Nombre de personnes de 60 ans et plus pour 100 personnes de 20–59 ans (2020).",
    Kind.RATIO,
    Polarity.NEUTRAL,
    unit="pour 100",
    multiplier=100,
    numerator="habitants de 60 ans et plus",
    denominator="habitants de 20 à 59 ans",
    years="2020",
    theme="population",
    caveats=_AGE_NOTE + " Bornes 20 et 60 ans au lieu des 15 et 65 ans usuels.",
    source=_source(POPULATION_AGE_SEX),
    licence=POPULATION_AGE_SEX.licence,
)
DENSITY = Indicator(
    "densite",
    "Densité de population",
    "Habitants au 1er janvier 2022 par km².",
    Kind.RATIO,
    Polarity.NEUTRAL,
    unit="hab./km²",
    numerator="population au 1er janvier 2022",
    denominator="superficie (km²)",
    years="2022",
    theme="population",
    caveats="Superficies calculées sur des contours généralisés (écart de l'ordre du "
    "pour cent avec les superficies cadastrales).",
    source=f"{POPULATION_TOTALS.publisher} ; superficies : {BOUNDARIES_2025.publisher}",
    licence=f"{POPULATION_TOTALS.licence} ; {BOUNDARIES_2025.licence}",
)
GROWTH = Indicator(
    "croissance-2017-2022",
    "Croissance de la population 2017–2022",
    "Variation de la population entre le 1er janvier 2017 et le 1er janvier 2022, en % de "
    "la population de 2017.",
    Kind.RATIO,
    Polarity.NEUTRAL,
    unit="%",
    multiplier=100,
    numerator="population 2022 − population 2017",
    denominator="population 2017",
    years="2017–2022",
    theme="population",
    source=_source(POPULATION_TOTALS),
    licence=POPULATION_TOTALS.licence,
)

_INCOME_CAVEATS = (
    "Série ancienne (2005–2013) ; revenus déclarés à l'impôt, hors revenus "
    "exonérés. Montants nominaux, non corrigés de l'inflation."
)
INCOME_PER_RESIDENT = Indicator(
    "revenu-par-habitant",
    "Revenu net imposable par habitant",
    "Revenu net imposable total de la commune divisé par le nombre d'habitants.",
    Kind.MEAN,
    Polarity.HIGHER_IS_BETTER,
    unit="€",
    numerator="revenu net imposable total (€)",
    denominator="habitants",
    years="2005–2013",
    theme="socio-economique",
    caveats=_INCOME_CAVEATS,
    source=_source(FISCAL_INCOME),
    licence=FISCAL_INCOME.licence,
)
INCOME_PER_RETURN = Indicator(
    "revenu-par-declaration",
    "Revenu net imposable moyen par déclaration",
    "Revenu net imposable total divisé par le nombre de déclarations (avec ou sans revenu).",
    Kind.MEAN,
    Polarity.HIGHER_IS_BETTER,
    unit="€",
    numerator="revenu net imposable total (€)",
    denominator="déclarations",
    years="2005–2013",
    theme="socio-economique",
    caveats=_INCOME_CAVEATS + " Une déclaration commune compte "
    "une fois pour un ménage marié ou cohabitant légal.",
    source=_source(FISCAL_INCOME),
    licence=FISCAL_INCOME.licence,
)
ZERO_INCOME = Indicator(
    "declarations-revenu-nul-pct",
    "Part des déclarations à revenu nul",
    "Déclarations dont le revenu net imposable est nul, en % des déclarations.",
    Kind.PROPORTION,
    Polarity.NEUTRAL,
    unit="%",
    multiplier=100,
    numerator="déclarations à revenu nul",
    denominator="déclarations",
    years="2005–2013",
    theme="socio-economique",
    caveats=_INCOME_CAVEATS + " Un revenu imposable nul ne dit "
    "pas à lui seul la pauvreté (revenus exonérés, personnes à charge).",
    source=_source(FISCAL_INCOME),
    licence=FISCAL_INCOME.licence,
)


def population_structure() -> list[CatalogueEntry]:
    """Age shares, dependency ratios, density and growth for every Walloon commune."""
    bands: dict[str, dict[str, int]] = defaultdict(dict)
    totals: dict[tuple[str, int], int] = {}
    for record in loaders.population():
        if record.year == 2020 and record.sex == "total" and record.age_band != "total":
            bands[record.refnis][record.age_band] = record.count
        if record.sex == "total" and record.age_band == "total":
            totals[(record.refnis, record.year)] = record.count
    areas = {b.refnis: b.area_km2 for b in loaders.boundaries()}
    entries: list[CatalogueEntry] = []

    def entry(
        indicator: Indicator, source: DataSource, values: Iterator[tuple[str, str, float, float]]
    ) -> None:
        rows = [
            (
                line,
                {
                    "refnis": code,
                    "period": period,
                    "numerator": repr(numerator),
                    "denominator": repr(denominator),
                },
            )
            for line, (code, period, numerator, denominator) in enumerate(values, start=2)
        ]
        entries.append(CatalogueEntry(indicator, rows, source.file))

    communes = sorted(bands)
    for indicator, wanted in AGE_SHARES:
        entry(
            indicator,
            POPULATION_AGE_SEX,
            (
                (c, "2020", float(sum(bands[c][b] for b in wanted)), float(sum(bands[c].values())))
                for c in communes
            ),
        )
    for indicator, wanted in ((DEPENDENCY_YOUNG, YOUNG), (DEPENDENCY_OLD, OLD)):
        entry(
            indicator,
            POPULATION_AGE_SEX,
            (
                (
                    c,
                    "2020",
                    float(sum(bands[c][b] for b in wanted)),
                    float(sum(bands[c][b] for b in ACTIVE)),
                )
                for c in communes
            ),
        )
    with_totals = sorted({code for code, _year in totals})
    entry(
        DENSITY,
        POPULATION_TOTALS,
        (
            (c, "2022", float(totals[(c, 2022)]), areas[c])
            for c in with_totals
            if (c, 2022) in totals and areas.get(c)
        ),
    )
    entry(
        GROWTH,
        POPULATION_TOTALS,
        (
            (c, "2017-2022", float(totals[(c, 2022)] - totals[(c, 2017)]), float(totals[(c, 2017)]))
            for c in with_totals
            if (c, 2022) in totals and (c, 2017) in totals
        ),
    )
    return entries


def fiscal_income() -> list[CatalogueEntry]:
    """Income per resident and per return, and zero-income returns, 2005–2013."""
    per_resident: list[Row] = []
    per_return: list[Row] = []
    zero: list[Row] = []
    with FISCAL_INCOME.path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            code, period = row["refnis_pre2019"], row["year"]
            returns = int(row["returns_non_zero"]) + int(row["returns_zero"])
            common = {"refnis": code, "period": period}
            per_resident.append(
                (
                    line,
                    {
                        **common,
                        "numerator": row["net_taxable_income_eur"],
                        "denominator": row["residents"],
                    },
                )
            )
            per_return.append(
                (
                    line,
                    {
                        **common,
                        "numerator": row["net_taxable_income_eur"],
                        "denominator": str(returns),
                    },
                )
            )
            zero.append(
                (line, {**common, "numerator": row["returns_zero"], "denominator": str(returns)})
            )
    return [
        CatalogueEntry(INCOME_PER_RESIDENT, per_resident, FISCAL_INCOME.file),
        CatalogueEntry(INCOME_PER_RETURN, per_return, FISCAL_INCOME.file),
        CatalogueEntry(ZERO_INCOME, zero, FISCAL_INCOME.file),
    ]


def reference_catalogue() -> list[CatalogueEntry]:
    return population_structure() + fiscal_income()
