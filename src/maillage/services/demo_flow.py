"""Labelled demonstration content for the needs flow, so that a fresh ``make run`` shows a
concertation space, a meeting with its synthesis and a need raised from it — then, through
``demo_story``, that need's whole way to the Forum's answer.

Everything written here carries ``is_demo`` and is shown « données de démonstration »;
nothing is written when any concertation space exists already.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from maillage.domain.access import Grant, Role
from maillage.domain.actors import Actor, Asker
from maillage.domain.needs import Action
from maillage.domain.territory import Level
from maillage.services import concertation, demo_story, needs
from maillage.services.concertation import MeetingRecord
from maillage.services.needs import Move, NewNeed
from maillage.services.platform import Platform
from maillage.services.territories import zoning_hierarchy
from maillage.store.needs_tables import ConcertationSpaceRow

DEMO_BASSIN = "BV-001"


def seed(platform: Platform, today: date | None = None) -> bool:
    """Write the demonstration space, meeting and need; False when there was no room."""
    today = today or date.today()
    with platform.reading() as session:
        if session.scalar(select(func.count()).select_from(ConcertationSpaceRow)):
            return False
        tree = zoning_hierarchy(platform, session, None, None)[2]
        if DEMO_BASSIN not in tree:
            return False
        ols = tree.ancestor_at(DEMO_BASSIN, Level.OLS)
        if ols is None:
            return False
        others = sorted(t.code for t in tree.children(ols.code) if t.code != DEMO_BASSIN)
    actor = Actor.system("démonstration")
    asker = Asker(actor, None, "Données de démonstration", (Grant(Role.OLS_TEAM, ols.code),))
    space = concertation.create_space(
        platform,
        actor,
        DEMO_BASSIN,
        "bassin",
        "Espace de concertation du bassin — exemple fictif",
        description="Exemple fictif pour découvrir l'outil : les membres, la réunion et le "
        "besoin ci-dessous sont des données de démonstration.",
        is_demo=True,
    )
    members = [
        concertation.add_member(platform, actor, space, DEMO_BASSIN, name, sector)
        for name, sector in (
            ("Cercle de médecine générale (exemple)", "health"),
            ("CPAS (exemple)", "cpas"),
            ("Service d'aide à domicile (exemple)", "home_care"),
            ("Association de patients (exemple)", "patients_citizens"),
        )
    ]
    meeting = concertation.add_meeting(
        platform,
        actor,
        space,
        DEMO_BASSIN,
        MeetingRecord(
            today - timedelta(days=14),
            "Continuité des soins le week-end",
            agenda="1. Tour de table\n2. Gardes de médecine générale\n3. Propositions",
            notes="Plusieurs membres signalent des personnes âgées sans solution le week-end.",
            decisions="- Recenser les demandes sans réponse pendant trois mois",
            proposals="Étudier un poste de garde partagé à l'échelle de l'OLS",
            attendee_ids=tuple(members[:3]),
            guests=1,
        ),
        is_demo=True,
    )
    need = needs.raise_need(
        platform,
        asker,
        NewNeed(
            DEMO_BASSIN,
            "Pas de solution de garde le week-end pour les personnes âgées (exemple)",
            "sante",
            "medium",
            description="Besoin fictif de démonstration.",
            population="Personnes de 80 ans et plus vivant seules",
            origin="meeting",
            meeting_id=meeting,
            indicator_ids=("pop-80plus-pct",),
        ),
        is_demo=True,
    )
    needs.act(
        platform,
        asker,
        need,
        Move(
            Action.QUALIFY,
            needs.get(platform, need).version,
            "Confirmé lors de la réunion (démonstration)",
        ),
    )
    demo_story.tell(
        platform,
        demo_story.Beginning(ols.code, (DEMO_BASSIN, *others), space, meeting, need),
        today,
    )
    return True
