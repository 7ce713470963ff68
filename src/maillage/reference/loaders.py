"""Read the shipped reference files into plain records (Wallonia only)."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from maillage.domain.territory import AGE_BANDS
from maillage.reference.sources import (
    ARCHITECTURE_2024,
    BOUNDARIES_2025,
    COMMUNES_2019,
    COMMUNES_2025,
    POPULATION_AGE_SEX,
    POPULATION_TOTALS,
    ROADMAP_2024,
    DataSource,
)

WALLONIA = "03000"
_AGE_COLUMNS = dict(
    zip(
        AGE_BANDS,
        (
            "age_00_09",
            "age_10_19",
            "age_20_29",
            "age_30_39",
            "age_40_49",
            "age_50_59",
            "age_60_69",
            "age_70_79",
            "age_80_plus",
        ),
        strict=True,
    )
)
POPULATION_YEARS = (2017, 2018, 2019, 2020, 2021, 2022)


@dataclass(frozen=True)
class AdminArea:
    refnis: str
    kind: str  # region | province | arrondissement
    name_fr: str
    name_nl: str
    parent: str | None


@dataclass(frozen=True)
class CommuneRecord:
    refnis: str
    name_fr: str
    name_nl: str
    name_de: str
    arrondissement: str
    province: str
    german_speaking: bool
    names_derived: bool


@dataclass(frozen=True)
class CodeChange:
    old: str
    new: str
    effective: date
    reason: str


@dataclass(frozen=True)
class PopulationRecord:
    refnis: str
    year: int
    sex: str  # total | male | female
    age_band: str  # total or one of AGE_BANDS
    count: int
    source: str


@dataclass(frozen=True)
class Boundary:
    refnis: str
    geometry: dict[str, Any]
    area_km2: float


def _rows(source: DataSource) -> Iterator[dict[str, str]]:
    with source.path.open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


def walloon_communes() -> tuple[list[CommuneRecord], list[AdminArea]]:
    communes: list[CommuneRecord] = []
    areas: dict[str, AdminArea] = {}
    for row in _rows(COMMUNES_2025):
        if row["is_wallonia"] != "1":
            continue
        areas.setdefault(
            WALLONIA,
            AdminArea(WALLONIA, "region", row["region_name_fr"], row["region_name_nl"], None),
        )
        areas.setdefault(
            row["prov_nis"],
            AdminArea(
                row["prov_nis"], "province", row["prov_name_fr"], row["prov_name_nl"], WALLONIA
            ),
        )
        areas.setdefault(
            row["arr_nis"],
            AdminArea(
                row["arr_nis"],
                "arrondissement",
                row["arr_name_fr"],
                row["arr_name_nl"],
                row["prov_nis"],
            ),
        )
        communes.append(
            CommuneRecord(
                refnis=row["nis_2025"],
                name_fr=row["name_fr"],
                name_nl=row["name_nl"],
                name_de=row["name_de"],
                arrondissement=row["arr_nis"],
                province=row["prov_nis"],
                german_speaking=row["is_german_speaking_community"] == "1",
                names_derived=row["names_are_derived"] == "1",
            )
        )
    return communes, list(areas.values())


def code_changes() -> list[CodeChange]:
    """Older Walloon codes and the current code of the same territory."""
    changes: dict[str, CodeChange] = {}
    for row in _rows(COMMUNES_2019):
        if row["is_wallonia"] != "1":
            continue
        current, code_2019, pre_2019 = row["nis_2025"], row["nis"], row["nis_pre2019"]
        if code_2019 != current:
            changes[code_2019] = CodeChange(
                code_2019, current, date(2025, 1, 1), "fusion de communes 2025"
            )
        if pre_2019 and pre_2019 != code_2019:
            changes[pre_2019] = CodeChange(
                pre_2019, current, date(2019, 1, 1), "recodage des arrondissements du Hainaut 2019"
            )
    return sorted(changes.values(), key=lambda c: c.old)


def population() -> list[PopulationRecord]:
    records: list[PopulationRecord] = []
    totals: dict[tuple[str, int], int] = defaultdict(int)
    for row in _rows(POPULATION_TOTALS):
        if row["is_wallonia"] != "1":
            continue
        for year in POPULATION_YEARS:
            totals[(row["nis_2025"], year)] += int(row[f"pop_{year}"])
    for (refnis, year), count in sorted(totals.items()):
        records.append(
            PopulationRecord(refnis, year, "total", "total", count, POPULATION_TOTALS.key)
        )
    for row in _rows(POPULATION_AGE_SEX):
        if row["is_wallonia"] != "1":
            continue
        refnis = row["nis_2025"]
        for sex, column in (("male", "pop_male"), ("female", "pop_female")):
            records.append(
                PopulationRecord(
                    refnis, 2020, sex, "total", int(row[column]), POPULATION_AGE_SEX.key
                )
            )
        for band, column in _AGE_COLUMNS.items():
            records.append(
                PopulationRecord(
                    refnis, 2020, "total", band, int(row[column]), POPULATION_AGE_SEX.key
                )
            )
    return records


def boundaries() -> list[Boundary]:
    with BOUNDARIES_2025.path.open(encoding="utf-8") as handle:
        collection = json.load(handle)
    return [
        Boundary(
            refnis=feature["properties"]["nis_2025"],
            geometry=feature["geometry"],
            area_km2=float(feature["properties"]["area_km2_approx"]),
        )
        for feature in collection["features"]
    ]


def architecture_document() -> dict[str, Any]:
    """The Walloon architecture of seed 000, as :func:`domain.architecture.from_document` reads."""
    with ARCHITECTURE_2024.path.open(encoding="utf-8") as handle:
        document: dict[str, Any] = json.load(handle)
    return document


def roadmap_document() -> dict[str, Any]:
    with ROADMAP_2024.path.open(encoding="utf-8") as handle:
        document: dict[str, Any] = json.load(handle)
    return document
