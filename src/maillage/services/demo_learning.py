"""Labelled demonstration content for the learning system, so that a fresh ``make run``
shows a project with its theory of change, two closed PDSA cycles, one under way, a run
chart and a journal with an unexpected event.

The project carries ``is_demo`` and says « exemple fictif » in its title; its points are
invented for the demonstration. Nothing is written when any project exists already.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from maillage.domain.actors import Actor
from maillage.services import learning
from maillage.services.learning import CycleFields, EntryDraft, ProjectDraft
from maillage.services.platform import Platform
from maillage.services.territories import zoning_hierarchy
from maillage.store.learning_tables import ProjectRow

DEMO_OLS = "OLS-01"
# Weekly share (out of 10 discharges) with a call to the GP: invented demonstration data.
POINTS = ((3, 4, 3, 5, 4, 3), (4, 5, 4, 6, 5, 5), (7, 8, 7, 8, 8, 9))


def seed(platform: Platform, today: date | None = None) -> bool:
    today = today or date.today()
    with platform.reading() as session:
        if session.scalar(select(func.count()).select_from(ProjectRow)):
            return False
        if DEMO_OLS not in zoning_hierarchy(platform, session, None, None)[2]:
            return False
    actor = Actor.system("démonstration")
    start = today - timedelta(weeks=len(POINTS) * len(POINTS[0]))
    project = learning.create_project(
        platform,
        actor,
        ProjectDraft(
            DEMO_OLS,
            "Référent hospitalier à la sortie (exemple fictif)",
            "hospital_referent",
            summary="Exemple fictif pour découvrir l'outil : les données sont inventées.",
            policy_context="Réforme Proxisanté ; réorganisation de l'hôpital du bassin.",
            scale="small",
            scale_note="Un service de médecine interne, six mois, réversible.",
            innovation="Un référent prévient le médecin traitant avant chaque sortie.",
            knowledge="Comprendre ce qui facilite le retour à domicile, pas compter des "
            "inclusions.",
            special_status="Droit à l'erreur convenu avec l'hôpital et le cercle.",
            actor_network="Hôpital, cercle de médecine générale, infirmières à domicile, CPAS.",
            started_on=start,
            shared=True,
            practice="Fiche d'appel de sortie en cinq questions (exemple)",
        ),
        is_demo=True,
    )
    hypothesis = learning.add_hypothesis(
        platform,
        actor,
        project,
        DEMO_OLS,
        "un référent appelle le médecin traitant la veille de la sortie",
        "le suivi à domicile commence dans les 48 heures",
        "le médecin connaît la date et le traitement de sortie",
    )
    measure = learning.add_measure(
        platform,
        actor,
        project,
        DEMO_OLS,
        "Sorties avec appel au médecin traitant (sur 10)",
        "run",
        "sorties",
    )
    decisions = ("adapt", "adopt")
    for number, batch in enumerate(POINTS):
        fields = CycleFields(
            objective=(
                "Appeler la veille de la sortie",
                "Appeler aussi le vendredi",
                "Étendre à la gériatrie",
            )[number],
            hypothesis_id=hypothesis,
            prediction="Au moins 7 sorties sur 10 avec appel",
            predicted_value=7,
            measure_ids=(measure,),
        )
        cycle = learning.start_cycle(
            platform, actor, project, DEMO_OLS, fields, today=start + timedelta(weeks=6 * number)
        )
        first = start + timedelta(weeks=6 * number)
        learning.add_points(
            platform,
            actor,
            project,
            DEMO_OLS,
            measure,
            "\n".join(
                f"{(first + timedelta(weeks=i)).isoformat()};{value}"
                for i, value in enumerate(batch)
            ),
            cycle,
        )
        if number < len(decisions):
            done = CycleFields(
                objective=fields.objective,
                hypothesis_id=hypothesis,
                prediction=fields.prediction,
                predicted_value=7,
                measure_ids=(measure,),
                done_what="Appels par l'infirmière de liaison",
                done_by="Service de liaison",
                study="Sous la prédiction : les sorties du vendredi échappent aux appels."
                if number == 0
                else "Au-dessus de la médiane six semaines de suite.",
                decision=decisions[number],
                act_notes="Ajouter un appel le vendredi"
                if number == 0
                else "Garder l'appel, l'étendre à la gériatrie",
            )
            for _stage in range(4):
                version = next(
                    c for c in learning.get_project(platform, project).cycles if c.id == cycle
                ).version
                learning.update_cycle(
                    platform,
                    actor,
                    project,
                    DEMO_OLS,
                    cycle,
                    done,
                    version,
                    move_on=True,
                    today=first + timedelta(weeks=6),
                )
    learning.add_entry(
        platform,
        actor,
        project,
        DEMO_OLS,
        EntryDraft(
            "Les pharmaciens du quartier ont proposé de relayer la date de sortie : personne "
            "ne l'avait prévu.",
            "emerged",
            "unexpected",
            start + timedelta(weeks=8),
            "Cercle, pharmaciens, service de liaison",
            shared=True,
        ),
        "Démonstration",
        is_demo=True,
    )
    learning.add_entry(
        platform,
        actor,
        project,
        DEMO_OLS,
        EntryDraft(
            "Premier mois d'appels réalisé comme prévu.",
            "decision",
            "expected",
            start + timedelta(weeks=4),
            "Service de liaison",
        ),
        "Démonstration",
        is_demo=True,
    )
    return True
