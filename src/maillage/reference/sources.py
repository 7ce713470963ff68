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
    licence="Données ouvertes Statbel (attribution)",
    year="2025",
    origin="Fichier REFNIS TU_COM_REFNIS, fusions de 2025 appliquées",
    file="be_communes_2025_derived.csv",
    note="Liste dérivée : le fichier REFNIS 2025 officiel n'était pas disponible ; pour la "
    "Wallonie, le seul changement depuis 2019 est Bastogne + Bertogne → Bastogne (82039).",
)
COMMUNES_2019 = DataSource(
    key="statbel-refnis-2019",
    title="Communes belges 2019–2024 et anciens codes (recodage de 2019 en Hainaut)",
    publisher="Statbel (Direction générale Statistique), liste REFNIS",
    licence="Données ouvertes Statbel (attribution)",
    year="2019",
    origin="Fichier REFNIS TU_COM_REFNIS, communes en vigueur du 1er janvier 2019 au "
    "31 décembre 2024",
    file="be_communes_2019_2024_refnis.csv",
)
MERGERS_2025 = DataSource(
    key="statbel-fusions-2025",
    title="Fusions de communes au 1er janvier 2025 (table de correspondance)",
    publisher="Statbel (Direction générale Statistique)",
    licence="Données ouvertes Statbel (attribution)",
    year="2025",
    origin="Liste Statbel des codes NIS des nouvelles communes issues des fusions de 2025",
    file="be_communes_mergers_2025_crosswalk.csv",
)
POPULATION_TOTALS = DataSource(
    key="statbel-population-2017-2022",
    title="Population par commune au 1er janvier, 2017–2022",
    publisher="Statbel (Direction générale Statistique)",
    licence="Données ouvertes Statbel (attribution)",
    year="2017–2022",
    origin="Classeur Statbel « Population par commune » (copie dans Flotchet/"
    "real-estate-price-prediction), sommé sur les communes de 2025",
    file="be_population_totals_2017_2022_statbel_2019geo.csv",
)
POPULATION_AGE_SEX = DataSource(
    key="statbel-population-2020-age-sex",
    title="Population au 1er janvier 2020 par sexe et par classe d'âge de 10 ans",
    publisher="Statbel (Direction générale Statistique)",
    licence="CC0 1.0 (bmesuere/belgium-topojson) et MIT (UGentBiomath), compilations de "
    "données ouvertes Statbel",
    year="2020",
    origin="Statbel TF_SOC_POP_STRUCT_2020 via UGentBiomath/COVID19-Model ; sexe via "
    "bmesuere/belgium-topojson",
    file="be_population_2020_by_sex_and_age10_statbel_2025geo.csv",
    note="Pas de croisement sexe × âge disponible.",
)
BOUNDARIES_2025 = DataSource(
    key="boundaries-2025",
    title="Limites des communes wallonnes (géographie 2025, généralisées)",
    publisher="bmesuere/belgium-topojson (géométrie arneh61/Belgium-Map), fusions 2025 appliquées",
    licence="CC0 1.0",
    year="2019 (fusions 2025 appliquées)",
    origin="bmesuere/belgium-topojson belgium.json, fusionné selon les fusions de 2025",
    file="wallonia_communes_boundaries_2025_derived.geojson",
    note="Contours généralisés (grille ≈ 25 m) : adaptés aux cartes et à la contiguïté, pas "
    "à l'affectation exacte d'un point à une commune.",
)

FISCAL_INCOME = DataSource(
    key="statbel-revenus-fiscaux-2005-2013",
    title="Statistique fiscale des revenus par commune, 2005–2013",
    publisher="Statbel (Direction générale Statistique), TF_PSNL_INC_TAX_MUNTY",
    licence="Licence open data Statbel, compatible CC BY 2.0 (attribution)",
    year="2005–2013",
    origin="bnosac/BelgiumMaps.StatBel, inst/extdata/TF_PSNL_INC_TAX_MUNTY (commit a857264) ; "
    "lignes wallonnes, colonnes déclarations, revenu net imposable total et habitants",
    file="statbel_fiscal_income_wallonia_2005_2013.csv",
    note="Codes antérieurs à 2019 convertis vers les communes de 2025 (Bastogne et Bertogne "
    "additionnées). Données anciennes : les années récentes n'étaient pas disponibles sous "
    "licence ouverte au moment de l'import. L'année est la colonne CD_YEAR de Statbel.",
)

ARCHITECTURE_2024 = DataSource(
    key="seed000-architecture",
    title="Architecture de la première ligne wallonne : structures et flux (redevabilité, "
    "information, ressources humaines)",
    publisher="Lambert, Scholtes, Herbaux, Macq — « Territorialisation et système social santé "
    "intégré : options pour le futur en Wallonie » (PAQS, UCLouvain, ULiège, ULB) ; décret du "
    "25 avril 2024 relatif à l'organisation de la première ligne d'accompagnement et de soins",
    licence="Décret : texte officiel, libre de droits ; analyse des flux : document public, "
    "cité et reformulé",
    year="2024",
    origin="Texte de l'analyse des flux et des dix points d'attention du document ; articles "
    "13, 18, 21, 24 et 27 du décret cités par le document",
    file="architecture_wallonia_seed000.json",
    note="Reconstitution : les figures 4 à 6 du document n'existent pas en texte ; chaque flux "
    "renvoie au passage qui le fonde. Les dates de mise en pratique ne sont pas connues.",
)
ROADMAP_2024 = DataSource(
    key="seed000-roadmap",
    title="Feuille de route de la réforme : neuf étapes clés, deux scénarios aux étapes ou "
    "sous-étapes qui en proposent",
    publisher="Lambert, Scholtes, Herbaux, Macq — « Territorialisation et système social santé "
    "intégré : options pour le futur en Wallonie » (PAQS, UCLouvain, ULiège, ULB)",
    licence="Document public, cité et reformulé",
    year="2024",
    origin="Section « Scénarios pour la mise en œuvre du décret : proposition d'étapes clés "
    "d'une feuille de route »",
    file="roadmap_seed000.json",
    note="Textes résumés du document ; les règles de cohérence citent ses phrases.",
)
DEMO_DENSITIES = DataSource(
    key="demo-maillage-densites",
    title="Répertoire de démonstration : densités des services générés (données fictives)",
    publisher="maillage (générateur de démonstration), calé sur un ordre de grandeur publié",
    licence="CC0 (contenu fictif)",
    year="2026",
    origin="Cabinets de médecine générale fictifs : un pour 1 050 habitants, soit environ "
    "9,5 pour 10 000, l'ordre de grandeur des densités de médecins généralistes publiées pour "
    "la Wallonie (cadastre des médecins généralistes de l'AVIQ ; statistiques de l'INAMI sur "
    "les médecins généralistes actifs : environ 9 à 10 pour 10 000 habitants)",
    file="",
    note="Chiffre non vérifié hors ligne : ordre de grandeur seulement, aucune densité "
    "officielle n'est reproduite. Les autres types de services fictifs (maisons médicales, "
    "kinésithérapie, soins à domicile…) ne sont pas calés sur des chiffres publiés.",
)

SOURCES: tuple[DataSource, ...] = (
    COMMUNES_2025,
    COMMUNES_2019,
    MERGERS_2025,
    POPULATION_TOTALS,
    POPULATION_AGE_SEX,
    BOUNDARIES_2025,
    FISCAL_INCOME,
    ARCHITECTURE_2024,
    ROADMAP_2024,
    DEMO_DENSITIES,
)
