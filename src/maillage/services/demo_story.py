"""The demo's second half, so that every page of the needs cycle has something to show on a
fresh ``make run``: a need raised in two bassins, merged by the OLS, planned, transmitted,
compiled by the IWPL and answered by the Forum; the action plan that carried it; the
published synthesis of the meeting it came from; the OLS's performance framework with two
years of self-assessment; and the activity report of the year.

Everything is fictitious and labelled: records carry ``is_demo`` where their table has it,
and titles say « exemple fictif » where it has not (performance objectives).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from maillage.domain.access import Grant, Role
from maillage.domain.action_plans import ActionStatus, PlanKind
from maillage.domain.actors import Actor, Asker
from maillage.domain.needs import Action, Outcome
from maillage.domain.performance import Aim, ObjectiveKind
from maillage.domain.territory import REGION_CODE
from maillage.services import action_plans, activity_report, concertation, needs, performance
from maillage.services.action_plans import ActionDraft
from maillage.services.needs import Move, NewNeed
from maillage.services.performance import AssessmentDraft, ObjectiveDraft
from maillage.services.platform import Platform

DEMO_PARTNERS = (
    ("Cercle de médecine générale (exemple)", "health"),
    ("CPAS (exemple)", "cpas"),
    ("Hôpital du bassin (exemple)", "hospital"),
)
# (bassin index among the OLS's bassins, title, theme, people concerned): further needs
# of the same plan, so that the compilation's heat map has more than one cell.
OTHER_NEEDS = (
    (1, "Délais d'attente en santé mentale pour les jeunes (exemple)", "sante-mentale", 120),
    (0, "Isolement des aidants proches à domicile (exemple)", "domicile", 60),
)
# Self-assessment scores (1–5) per aim, two consecutive years: invented for the demo.
SCORES = {
    Aim.EXPERIENCE: (2, 3),
    Aim.POPULATION_HEALTH: (2, 2),
    Aim.RESOURCE_USE: (3, 3),
    Aim.PROFESSIONAL_WELLBEING: (2, 3),
    Aim.EQUITY: (1, 2),
}


@dataclass(frozen=True)
class Beginning:
    """What the first half of the demo (``demo_flow``) wrote."""

    ols: str
    bassins: tuple[str, ...]  # the demo bassin first, then the other bassins of its OLS
    space_id: int
    meeting_id: int
    need_id: int


def people(ols: str) -> tuple[Asker, Asker, Asker]:
    """The OLS team, the IWPL and the Forum of the demo (a system actor, no account)."""
    actor = Actor.system("démonstration")
    return (
        Asker(actor, None, "Équipe OLS (démonstration)", (Grant(Role.OLS_TEAM, ols),)),
        Asker(actor, None, "IWPL (démonstration)", (Grant(Role.IWPL_ANALYST, REGION_CODE),)),
        Asker(actor, None, "Forum (démonstration)", (Grant(Role.FORUM_MEMBER, REGION_CODE),)),
    )


def tell(platform: Platform, start: Beginning, today: date) -> None:
    """Take the demo's need to the Forum's answer and fill the pages around it."""
    team, iwpl, forum = people(start.ols)
    _publish_synthesis(platform, team.actor, start)
    second = start.bassins[1] if len(start.bassins) > 1 else start.bassins[0]
    actor = Asker(
        team.actor, None, "Acteur de bassin (démonstration)", (Grant(Role.BASSIN_ACTOR, second),)
    )
    twin = _raise(
        platform,
        actor,
        team,
        NewNeed(
            second,
            "Personnes âgées sans relais de garde le week-end (exemple)",
            "sante",
            "medium",
            description="Besoin fictif de démonstration, remonté par un second bassin.",
            population="Personnes de 80 ans et plus vivant seules",
            population_count=40,
        ),
    )
    _move(platform, team, start.need_id, Action.CONSOLIDATE, "Même besoin dans deux bassins")
    _move(platform, team, twin, Action.MERGE, "Même besoin que le no. principal", start.need_id)
    others = [
        _raise(
            platform,
            team,
            team,
            NewNeed(
                start.bassins[index % len(start.bassins)],
                title,
                theme,
                "medium",
                description="Besoin fictif de démonstration.",
                population_count=count,
            ),
        )
        for index, title, theme, count in OTHER_NEEDS
    ]
    for need_id in others:
        _move(platform, team, need_id, Action.CONSOLIDATE, "Retenu par l'équipe OLS")
    plan = _plan(platform, team, start.ols, today, (start.need_id, *others))
    action_plans.transmit(platform, team, plan, start.ols)
    needs.compile_transmitted(platform, iwpl)
    needs.act(
        platform,
        forum,
        start.need_id,
        Move(
            Action.ANSWER,
            needs.get(platform, start.need_id).version,
            "Le Forum soutient un poste de garde partagé à l'échelle de l'OLS ; un financement "
            "est demandé pour l'année prochaine (réponse fictive).",
            outcome=Outcome.IN_PROGRESS,
        ),
    )
    _framework(platform, team.actor, start.ols, today)
    activity_report.open_report(platform, team.actor, start.ols, today.year)


def _raise(platform: Platform, raiser: Asker, team: Asker, new: NewNeed) -> int:
    need_id = needs.raise_need(platform, raiser, new, is_demo=True)
    _move(platform, team, need_id, Action.QUALIFY, "Confirmé par l'équipe OLS (démonstration)")
    return need_id


def _move(
    platform: Platform,
    asker: Asker,
    need_id: int,
    action: Action,
    reason: str,
    into: int | None = None,
) -> None:
    version = needs.get(platform, need_id).version
    needs.act(platform, asker, need_id, Move(action, version, reason, into=into))


def _publish_synthesis(platform: Platform, actor: Actor, start: Beginning) -> None:
    space, meeting = concertation.get_meeting(platform, start.space_id, start.meeting_id)
    concertation.edit_synthesis(
        platform,
        actor,
        start.space_id,
        space.code,
        start.meeting_id,
        meeting.synthesis,
        public=True,
        publish=True,
        version=meeting.version,
    )


def _plan(platform: Platform, team: Asker, ols: str, today: date, need_ids: tuple[int, ...]) -> int:
    actor = team.actor
    plan = action_plans.create_plan(
        platform,
        actor,
        ols,
        "Plan d'action de l'OLS — exemple fictif",
        PlanKind.MULTI_YEAR.value,
        today.year,
        today.year + 2,
        summary="Exemple fictif pour découvrir l'outil : objectifs, partenaires et actions "
        "sont des données de démonstration.",
        is_demo=True,
    )
    continuity = action_plans.add_objective(
        platform,
        actor,
        plan,
        ols,
        "Assurer la continuité des soins le week-end",
        "Aucune personne âgée seule sans solution de garde le week-end.",
    )
    support = action_plans.add_objective(
        platform,
        actor,
        plan,
        ols,
        "Soutenir les jeunes et les aidants proches",
        "Raccourcir l'attente en santé mentale et rompre l'isolement des aidants.",
    )
    partners = [
        action_plans.add_partner(platform, actor, plan, ols, name, sector)
        for name, sector in DEMO_PARTNERS
    ]
    drafts = (
        ActionDraft(
            continuity,
            "Étudier un poste de garde partagé",
            resources="Temps de coordination de l'OLS",
            deadline=today + timedelta(days=120),
            status=ActionStatus.IN_PROGRESS.value,
            partner_ids=tuple(partners[:2]),
            need_ids=need_ids[:1],
        ),
        ActionDraft(
            continuity,
            "Recenser les demandes sans réponse le week-end",
            deadline=today - timedelta(days=10),
            status=ActionStatus.IN_PROGRESS.value,
            partner_ids=(partners[0],),
        ),
        ActionDraft(
            support,
            "Permanence d'accueil en santé mentale pour les jeunes",
            deadline=today + timedelta(days=300),
            partner_ids=(partners[2],),
            need_ids=need_ids[1:2],
        ),
        ActionDraft(
            support,
            "Groupe de parole pour les aidants proches",
            deadline=today + timedelta(days=200),
            partner_ids=(partners[1],),
            need_ids=need_ids[2:3],
        ),
    )
    for draft in drafts:
        action_plans.add_action(platform, team, plan, ols, draft)
    return plan


def _framework(platform: Platform, actor: Actor, ols: str, today: date) -> None:
    """Objectives under three aims and two consecutive years of self-assessment."""
    objectives = (
        ObjectiveDraft(
            Aim.POPULATION_HEALTH.value,
            "Personnes de 80 ans et plus suivies à domicile (exemple fictif)",
            ObjectiveKind.MEASURABLE.value,
            target=75,
            direction="at_least",
            target_year=today.year + 2,
            current_value=58,
            progress_note="Valeur fictive de démonstration.",
        ),
        ObjectiveDraft(
            Aim.EXPERIENCE.value,
            "Sorties d'hôpital annoncées au médecin traitant (exemple fictif)",
            ObjectiveKind.MEASURABLE.value,
            target=80,
            direction="at_least",
            target_year=today.year + 1,
            current_value=70,
            progress_note="Suivi par le projet « Référent hospitalier à la sortie ».",
        ),
        ObjectiveDraft(
            Aim.PROFESSIONAL_WELLBEING.value,
            "Des réunions de concertation qui servent aux professionnels (exemple fictif)",
            ObjectiveKind.NARRATIVE.value,
            narrative="Les membres disent repartir avec une décision utile à leur pratique.",
            progress_note="Deux réunions sur trois aboutissent à une proposition.",
        ),
    )
    for draft in objectives:
        performance.add_objective(platform, actor, ols, draft)
    first = max(performance.FIRST_YEAR, today.year - 2)
    for offset in range(2):
        for aim, scores in SCORES.items():
            performance.assess(
                platform,
                actor,
                ols,
                AssessmentDraft(
                    first + offset,
                    aim.value,
                    scores[offset],
                    implementation="Auto-évaluation fictive de démonstration.",
                    explanation="Exemple fictif : le score illustre l'outil, il ne mesure rien.",
                ),
            )
