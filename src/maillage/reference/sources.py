"""Provenance of every reference file shipped in ``reference/data``.

Each entry is stored in the database with the data it produced and shown wherever that
data is shown (source, licence, year).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class DataSource:
    key: str
    title: str
    publisher: str
    licence: str
    year: str
    origin: str
    file: str
    note: str = ""

    @property
    def path(self) -> Path:
        return DATA_DIR / self.file


COMMUNES_2025 = DataSource(
    key="statbel-refnis-2025",
    title="Communes belges au 1er janvier 2025 (codes REFNIS, noms, arrondissements, provinces)",
    publisher="Statbel (Direction générale Statistique), liste REFNIS; fusions 2025",
    licence="Statbel open data (attribution)",
    year="2025",
    origin="REFNIS TU_COM_REFNIS with the 2025 mergers applied (maillage shared data)",
    file="be_communes_2025_derived.csv",
    note="Derived list: the official REFNIS 2025 file was not available; for Wallonia the "
    "only change from 2019 is Bastogne + Bertogne → Bastogne (82039).",
)
COMMUNES_2019 = DataSource(
    key="statbel-refnis-2019",
    title="Communes belges 2019–2024 et anciens codes (recodage de 2019 en Hainaut)",
    publisher="Statbel (Direction générale Statistique), liste REFNIS",
    licence="Statbel open data (attribution)",
    year="2019",
    origin="REFNIS TU_COM_REFNIS, communes valid 2019-01-01 to 2024-12-31",
    file="be_communes_2019_2024_refnis.csv",
)
MERGERS_2025 = DataSource(
    key="statbel-fusions-2025",
    title="Fusions de communes au 1er janvier 2025 (table de correspondance)",
    publisher="Statbel (Direction générale Statistique)",
    licence="Statbel open data (attribution)",
    year="2025",
    origin="Statbel list of NIS codes of the new communes created by the 2025 mergers",
    file="be_communes_mergers_2025_crosswalk.csv",
)
POPULATION_TOTALS = DataSource(
    key="statbel-population-2017-2022",
    title="Population par commune au 1er janvier, 2017–2022",
    publisher="Statbel (Direction générale Statistique)",
    licence="Statbel open data (attribution)",
    year="2017–2022",
    origin="Statbel « Population par commune » workbook (copy in Flotchet/"
    "real-estate-price-prediction), summed to the 2025 communes",
    file="be_population_totals_2017_2022_statbel_2019geo.csv",
)
POPULATION_AGE_SEX = DataSource(
    key="statbel-population-2020-age-sex",
    title="Population au 1er janvier 2020 par sexe et par classe d'âge de 10 ans",
    publisher="Statbel (Direction générale Statistique)",
    licence="CC0 1.0 (bmesuere/belgium-topojson) and MIT (UGentBiomath) compilations of "
    "Statbel open data",
    year="2020",
    origin="Statbel TF_SOC_POP_STRUCT_2020 via UGentBiomath/COVID19-Model; sex from "
    "bmesuere/belgium-topojson",
    file="be_population_2020_by_sex_and_age10_statbel_2025geo.csv",
    note="No cross-tabulation of sex by age is available.",
)
BOUNDARIES_2025 = DataSource(
    key="boundaries-2025",
    title="Limites des communes wallonnes (géographie 2025, généralisées)",
    publisher="bmesuere/belgium-topojson (géométrie arneh61/Belgium-Map), fusions 2025 "
    "appliquées",
    licence="CC0 1.0",
    year="2019 (2025 mergers applied)",
    origin="bmesuere/belgium-topojson belgium.json, dissolved along the 2025 mergers",
    file="wallonia_communes_boundaries_2025_derived.geojson",
    note="Generalised outlines (≈25 m grid): fit for maps and contiguity, not for exact "
    "point-in-polygon assignment.",
)

SOURCES: tuple[DataSource, ...] = (
    COMMUNES_2025,
    COMMUNES_2019,
    MERGERS_2025,
    POPULATION_TOTALS,
    POPULATION_AGE_SEX,
    BOUNDARIES_2025,
)
