"""Every route of the application × every role × a target in or out of scope.

Routes are read from the application's own route table: a route without a declared
policy, or without a sample request here, fails the test.
"""

from __future__ import annotations

import io

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from starlette.routing import Mount, Route

from maillage.domain.access import POLICY, Role, decide
from maillage.domain.layers import LayerKind
from maillage.services import accounts, directory, layers, territories, zonings
from maillage.web.app import create_app
from maillage.web.security import route_permission
from tests.accounts_helpers import ADMIN, PASSWORD, add_person, session_for

LAYER_CSV = b"structure_code,structure_name,refnis\nA,Un,62063\nA,Un,62096\n"
SECTORS_GEOJSON = (
    b'{"type": "FeatureCollection", "features": [{"type": "Feature", '
    b'"properties": {"CD_SECTOR": "62063A00-", "CD_MUNTY_REFNIS": '
    b'"62063"}, "geometry": null}]}'
)

# A directory record in Braine-l'Alleud (BV-001, OLS-01).
RECORD_FORM = {
    "name": "Permanence",
    "organization": "Asbl",
    "terms": "service-social",
    "latitude": "50.684",
    "longitude": "4.37",
}
RECORD_BODY = {**RECORD_FORM, "terms": ["service-social"], "latitude": 50.684, "longitude": 4.37}


def sample_requests(ctx):
    """One representative request per route, keyed by (path template, method)."""
    target = ctx["target"]
    csrf = ctx["csrf"]
    form = {"csrf_token": csrf}
    victim = ctx["victim"]
    token = ctx["token"]
    zoning_csv = ctx["zoning_csv"]
    service = ctx["service"]
    own_service = ctx["own_service"]  # located in BV-001, in the scope of OLS-01's team
    return {
        ("/api/v1/territories", "GET"): ("GET", "/api/v1/territories", {}),
        ("/api/v1/territories/{code}", "GET"): ("GET", f"/api/v1/territories/{target}", {}),
        ("/api/v1/zonings", "GET"): ("GET", "/api/v1/zonings", {}),
        ("/api/v1/zonings/{zoning_ref}", "GET"): ("GET", "/api/v1/zonings/1", {}),
        ("/api/v1/map", "GET"): ("GET", "/api/v1/map", {}),
        ("/api/v1/sources", "GET"): ("GET", "/api/v1/sources", {}),
        ("/api/v1/me", "GET"): ("GET", "/api/v1/me", {}),
        ("/api/v1/territories/{code}/sheet", "GET"): (
            "GET",
            f"/api/v1/territories/{target}/sheet",
            {},
        ),
        ("/api/v1/territories/{code}/sheet", "PUT"): (
            "PUT",
            f"/api/v1/territories/{target}/sheet",
            {"json": {"version": 0, "presentation": "x"}, "headers": {"X-CSRF-Token": csrf}},
        ),
        ("/api/v1/people", "GET"): ("GET", "/api/v1/people", {}),
        ("/api/v1/people", "POST"): (
            "POST",
            "/api/v1/people",
            {
                "json": {"email": f"new-{ctx['n']}@example.be", "display_name": "Nouveau"},
                "headers": {"X-CSRF-Token": csrf},
            },
        ),
        ("/api/v1/people/{person_id}", "GET"): ("GET", f"/api/v1/people/{victim}", {}),
        ("/api/v1/people/{person_id}", "PATCH"): (
            "PATCH",
            f"/api/v1/people/{victim}",
            {"json": {"version": 1, "display_name": "V"}, "headers": {"X-CSRF-Token": csrf}},
        ),
        ("/api/v1/people/{person_id}/grants", "POST"): (
            "POST",
            f"/api/v1/people/{victim}/grants",
            {
                "json": {"role": "bassin_actor", "scope": "BV-001"},
                "headers": {"X-CSRF-Token": csrf},
            },
        ),
        ("/api/v1/people/{person_id}/grants/{role}/{scope}", "DELETE"): (
            "DELETE",
            f"/api/v1/people/{victim}/grants/bassin_actor/BV-001",
            {"headers": {"X-CSRF-Token": csrf}},
        ),
        ("/api/v1/tokens", "GET"): ("GET", "/api/v1/tokens", {}),
        ("/api/v1/tokens", "POST"): (
            "POST",
            "/api/v1/tokens",
            {"json": {"name": "t"}, "headers": {"X-CSRF-Token": csrf}},
        ),
        ("/api/v1/tokens/{token_id}", "DELETE"): (
            "DELETE",
            f"/api/v1/tokens/{token}",
            {"headers": {"X-CSRF-Token": csrf}},
        ),
        ("/api/v1/zonings", "POST"): (
            "POST",
            "/api/v1/zonings",
            {
                "data": {"name": f"Z{ctx['n']}", "valid_from": "2026-01-01", "csrf_token": csrf},
                "files": {"file": ("z.csv", io.BytesIO(zoning_csv), "text/csv")},
            },
        ),
        ("/api/v1/sectors", "POST"): (
            "POST",
            "/api/v1/sectors",
            {
                "data": {"csrf_token": csrf},
                "files": {
                    "file": (
                        "synthetic_sectors.geojson",
                        io.BytesIO(SECTORS_GEOJSON),
                        "application/geo+json",
                    )
                },
            },
        ),
        ("/api/v1/sectors", "GET"): ("GET", "/api/v1/sectors", {}),
        ("/secteurs", "GET"): ("GET", "/secteurs", {}),
        ("/secteurs", "POST"): (
            "POST",
            "/secteurs",
            {
                "data": form,
                "files": {
                    "file": ("s.geojson", io.BytesIO(SECTORS_GEOJSON), "application/geo+json")
                },
            },
        ),
        ("/api/v1/zonings/{zoning_ref}/activate", "POST"): (
            "POST",
            "/api/v1/zonings/1/activate",
            {"headers": {"X-CSRF-Token": csrf}},
        ),
        ("/api/v1/audit", "GET"): ("GET", "/api/v1/audit", {}),
        ("/", "GET"): ("GET", "/", {}),
        ("/territoires", "GET"): ("GET", "/territoires", {}),
        ("/territoires/{code}", "GET"): ("GET", f"/territoires/{target}", {}),
        ("/territoires/{code}/fiche", "GET"): ("GET", f"/territoires/{target}/fiche", {}),
        ("/territoires/{code}/fiche", "POST"): (
            "POST",
            f"/territoires/{target}/fiche",
            {"data": {**form, "version": "0", "presentation": "x"}},
        ),
        ("/decoupages", "GET"): ("GET", "/decoupages", {}),
        ("/decoupages/{zoning_ref}", "GET"): ("GET", "/decoupages/1", {}),
        ("/decoupages/{zoning_ref}/comparaison", "GET"): ("GET", "/decoupages/1/comparaison", {}),
        ("/decoupages/comparer", "GET"): ("GET", "/decoupages/comparer?version=1&avec=1", {}),
        ("/decoupages/envoi", "POST"): (
            "POST",
            "/decoupages/envoi",
            {
                "data": {**form, "name": f"E{ctx['n']}", "valid_from": "2026-01-01"},
                "files": {"file": ("z.csv", io.BytesIO(b"refnis\n1\n"), "text/csv")},
            },
        ),
        ("/decoupages/proposition", "POST"): (  # bounds refused: nothing computed
            "POST",
            "/decoupages/proposition",
            {"data": {**form, "name": f"P{ctx['n']}", "minimum": "9", "target": "5"}},
        ),
        ("/decoupages/envoi/confirmation", "POST"): (
            "POST",
            "/decoupages/envoi/confirmation",
            {"data": {**form, "token": "A" * 32, "name": "E", "valid_from": "2026-01-01"}},
        ),
        ("/sources", "GET"): ("GET", "/sources", {}),
        ("/api/v1/layers", "GET"): ("GET", "/api/v1/layers", {}),
        ("/api/v1/layers/{layer_id}/overlap", "GET"): ("GET", "/api/v1/layers/1/overlap", {}),
        ("/api/v1/layers/{layer_id}/map", "GET"): ("GET", "/api/v1/layers/1/map", {}),
        ("/couches", "GET"): ("GET", "/couches", {}),
        ("/couches", "POST"): (
            "POST",
            "/couches",
            {
                "data": {**form, "name": f"L{ctx['n']}", "kind": "rml"},
                "files": {"file": ("l.csv", io.BytesIO(LAYER_CSV), "text/csv")},
            },
        ),
        ("/couches/{layer_id}", "GET"): ("GET", "/couches/1", {}),
        ("/couches/{layer_id}/recouvrement.csv", "GET"): (
            "GET",
            "/couches/1/recouvrement.csv",
            {},
        ),
        ("/couches/{layer_id}/export.csv", "GET"): ("GET", "/couches/1/export.csv", {}),
        ("/couches/{layer_id}/suppression", "POST"): (
            "POST",
            "/couches/999999/suppression",
            {"data": form},
        ),
        ("/api/v1/docs", "GET"): ("GET", "/api/v1/docs", {}),
        ("/connexion", "GET"): ("GET", "/connexion", {}),
        ("/connexion", "POST"): (
            "POST",
            "/connexion",
            {"data": {**form, "email": ctx["victim_email"], "password": PASSWORD}},
        ),
        ("/deconnexion", "POST"): ("POST", "/deconnexion", {"data": form}),
        ("/compte", "GET"): ("GET", "/compte", {}),
        ("/compte", "POST"): (
            "POST",
            "/compte",
            {"data": {**form, "display_name": "Moi", "version": "1"}},
        ),
        ("/compte/mot-de-passe", "POST"): (
            "POST",
            "/compte/mot-de-passe",
            {"data": {**form, "current": PASSWORD, "new": PASSWORD}},
        ),
        ("/compte/jetons", "POST"): ("POST", "/compte/jetons", {"data": {**form, "name": "t"}}),
        ("/compte/jetons/{token_id}/revoquer", "POST"): (
            "POST",
            f"/compte/jetons/{token}/revoquer",
            {"data": form},
        ),
        ("/admin/personnes", "GET"): ("GET", "/admin/personnes", {}),
        ("/admin/personnes", "POST"): (
            "POST",
            "/admin/personnes",
            {"data": {**form, "email": f"p{ctx['n']}@example.be", "display_name": "P"}},
        ),
        ("/admin/personnes/{person_id}", "GET"): ("GET", f"/admin/personnes/{victim}", {}),
        ("/admin/personnes/{person_id}", "POST"): (
            "POST",
            f"/admin/personnes/{victim}",
            {"data": {**form, "display_name": "V", "version": "1", "is_active": "on"}},
        ),
        ("/admin/personnes/{person_id}/roles", "POST"): (
            "POST",
            f"/admin/personnes/{victim}/roles",
            {"data": {**form, "role": "bassin_actor", "scope": "BV-001"}},
        ),
        ("/admin/personnes/{person_id}/roles/retirer", "POST"): (
            "POST",
            f"/admin/personnes/{victim}/roles/retirer",
            {"data": {**form, "role": "bassin_actor", "scope": "BV-001"}},
        ),
        ("/admin/personnes/{person_id}/mot-de-passe", "POST"): (
            "POST",
            f"/admin/personnes/{victim}/mot-de-passe",
            {"data": form},
        ),
        ("/admin/journal", "GET"): ("GET", "/admin/journal", {}),
        ("/admin/journal.{fmt}", "GET"): ("GET", "/admin/journal.csv", {}),
        ("/connexion/oidc", "GET"): ("GET", "/connexion/oidc", {}),
        ("/connexion/oidc/retour", "GET"): ("GET", "/connexion/oidc/retour?code=x&state=y", {}),
        ("/api/v1/openapi.json", "GET"): ("GET", "/api/v1/openapi.json", {}),
        ("/static", "GET"): ("GET", "/static/css/maillage.css", {}),
        ("/api/v1/services", "GET"): ("GET", "/api/v1/services?q=pharmacie", {}),
        ("/api/v1/services/{service_id}", "GET"): ("GET", f"/api/v1/services/{service}", {}),
        ("/api/v1/taxonomy", "GET"): ("GET", "/api/v1/taxonomy", {}),
        ("/api/v1/directory/export", "GET"): (
            "GET",
            "/api/v1/directory/export?format=geojson&include_demo=false",
            {},
        ),
        ("/api/v1/coverage", "GET"): ("GET", "/api/v1/coverage?type=pharmacie", {}),
        ("/api/v1/orientation/suggestions", "GET"): (
            "GET",
            "/api/v1/orientation/suggestions?need=pharmacie&commune=92094",
            {},
        ),
        ("/api/v1/orientation/requests", "POST"): (
            "POST",
            "/api/v1/orientation/requests",
            {
                "json": {"needs": ["cpas"], "commune": "92094", "outcome": "referred_elsewhere"},
                "headers": {"X-CSRF-Token": csrf},
            },
        ),
        ("/api/v1/orientation/signals", "GET"): ("GET", "/api/v1/orientation/signals", {}),
        ("/repertoire", "GET"): ("GET", "/repertoire?q=cpas&pres_de=92094", {}),
        ("/repertoire/export", "GET"): ("GET", "/repertoire/export?format=csv", {}),
        ("/repertoire/services/{service_id}", "GET"): (
            "GET",
            f"/repertoire/services/{service}",
            {},
        ),
        ("/repertoire/services/{service_id}/verifie", "POST"): (
            "POST",
            f"/repertoire/services/{own_service}/verifie",
            {"data": form},
        ),
        ("/repertoire/services/nouveau", "GET"): ("GET", "/repertoire/services/nouveau", {}),
        ("/repertoire/services/nouveau", "POST"): (
            "POST",
            "/repertoire/services/nouveau",
            {"data": {**form, **RECORD_FORM}},
        ),
        ("/repertoire/services/{service_id}/modifier", "GET"): (
            "GET",
            f"/repertoire/services/{own_service}/modifier",
            {},
        ),
        ("/repertoire/services/{service_id}/modifier", "POST"): (
            "POST",
            f"/repertoire/services/{own_service}/modifier",
            {"data": {**form, **RECORD_FORM, "version": "999999"}},
        ),
        ("/api/v1/services", "POST"): (
            "POST",
            "/api/v1/services",
            {"json": RECORD_BODY, "headers": {"X-CSRF-Token": csrf}},
        ),
        ("/api/v1/services/{service_id}", "PUT"): (
            "PUT",
            f"/api/v1/services/{own_service}",
            {"json": {**RECORD_BODY, "version": 999999}, "headers": {"X-CSRF-Token": csrf}},
        ),
        ("/api/v1/services/{service_id}", "PATCH"): (
            "PATCH",
            f"/api/v1/services/{own_service}",
            {"json": {"name": "N", "version": 999999}, "headers": {"X-CSRF-Token": csrf}},
        ),
        ("/api/v1/services/{service_id}/record", "GET"): (
            "GET",
            f"/api/v1/services/{own_service}/record",
            {},
        ),
        ("/api/v1/services/{service_id}/review", "GET"): (
            "GET",
            f"/api/v1/services/{own_service}/review",
            {},
        ),
        ("/api/v1/services/{service_id}/verify", "POST"): (
            "POST",
            f"/api/v1/services/{own_service}/verify",
            {"headers": {"X-CSRF-Token": csrf}},
        ),
        ("/repertoire/couverture", "GET"): ("GET", "/repertoire/couverture?type=cpas", {}),
        ("/repertoire/couverture.csv", "GET"): ("GET", "/repertoire/couverture.csv?type=cpas", {}),
        ("/repertoire/qualite", "GET"): ("GET", "/repertoire/qualite", {}),
        ("/repertoire/fusions", "POST"): (
            "POST",
            "/repertoire/fusions",
            {"data": {**form, "kept": service, "merged": ctx["other_service"]}},
        ),
        ("/repertoire/fusions/{merge_id}/annuler", "POST"): (
            "POST",
            "/repertoire/fusions/1/annuler",
            {"data": form},
        ),
        ("/orientation", "GET"): ("GET", "/orientation?besoin=cpas&commune=92094", {}),
        ("/orientation/demandes", "POST"): (
            "POST",
            "/orientation/demandes",
            {
                "data": {
                    **form,
                    "besoin": "cpas",
                    "commune": "92094",
                    "issue": "no_suitable_service",
                }
            },
        ),
        ("/orientation/signaux", "GET"): ("GET", "/orientation/signaux", {}),
        ("/api/v1/indicators", "GET"): ("GET", "/api/v1/indicators", {}),
        ("/api/v1/indicators/{indicator_id}", "GET"): (
            "GET",
            "/api/v1/indicators/pop-80plus-pct",
            {},
        ),
        ("/api/v1/indicators/{indicator_id}/values", "GET"): (
            "GET",
            "/api/v1/indicators/pop-80plus-pct/values?level=bassin",
            {},
        ),
        ("/api/v1/territories/{code}/observations", "GET"): (
            "GET",
            f"/api/v1/territories/{target}/observations",
            {},
        ),
        ("/api/v1/territories/{code}/observations", "POST"): (
            "POST",
            f"/api/v1/territories/{target}/observations",
            {
                "json": {
                    "text": "Vu sur le terrain",
                    "observed_on": "2026-01-05",
                    "origin": "field",
                },
                "headers": {"X-CSRF-Token": csrf},
            },
        ),
        ("/profils", "GET"): ("GET", "/profils", {}),
        ("/allocation", "GET"): ("GET", "/allocation?budget=1000", {}),
        ("/acces", "GET"): ("GET", "/acces?type=pharmacie", {}),
        ("/api/v1/access", "GET"): ("GET", "/api/v1/access?type=pharmacie", {}),
        ("/api/v1/allocation", "GET"): ("GET", "/api/v1/allocation?budget_cents=100", {}),
        ("/acces.csv", "GET"): ("GET", "/acces.csv?type=pharmacie", {}),
        ("/allocation.csv", "GET"): ("GET", "/allocation.csv?budget=1000", {}),
        ("/profils/sur-mesure", "GET"): (
            "GET",
            "/profils/sur-mesure?communes=92094&communes=92003",
            {},
        ),
        # PDFs take a second to draw; an unknown commune exercises the same route and policy.
        ("/profils/sur-mesure/pdf", "GET"): ("GET", "/profils/sur-mesure/pdf?communes=0", {}),
        ("/profils/{code}", "GET"): ("GET", f"/profils/{target}", {}),
        ("/profils/{code}/pdf", "GET"): ("GET", "/profils/00000/pdf", {}),
        ("/profils/{code}/observations", "POST"): (
            "POST",
            f"/profils/{target}/observations",
            {"data": {**form, "text": "Vu", "observed_on": "2026-01-05", "origin": "field"}},
        ),
        ("/profils/{code}/observations/{observation_id}/retrait", "POST"): (
            "POST",
            f"/profils/{target}/observations/999999/retrait",
            {"data": {**form, "version": "1"}},
        ),
        ("/besoins", "GET"): ("GET", "/besoins", {}),
        ("/besoins", "POST"): (
            "POST",
            "/besoins",
            {
                "data": {
                    **form,
                    "bassin": "BV-001",
                    "title": "Besoin",
                    "theme": "sante",
                    "urgency": "low",
                }
            },
        ),
        ("/besoins/{need_id}", "GET"): ("GET", "/besoins/999999", {}),
        ("/besoins/{need_id}/transition", "POST"): (
            "POST",
            "/besoins/999999/transition",
            {"data": {**form, "action": "qualify", "version": "1"}},
        ),
        ("/besoins/{need_id}/plan", "POST"): (
            "POST",
            "/besoins/999999/plan",
            {"data": {**form, "action_id": "999999"}},
        ),
        ("/besoins/{need_id}/suivi", "POST"): (
            "POST",
            "/besoins/999999/suivi",
            {"data": {**form, "suivre": "1"}},
        ),
        ("/mes-besoins", "GET"): ("GET", "/mes-besoins", {}),
        ("/notifications/lues", "POST"): ("POST", "/notifications/lues", {"data": form}),
        ("/api/v1/needs", "GET"): ("GET", "/api/v1/needs", {}),
        ("/api/v1/needs", "POST"): (
            "POST",
            "/api/v1/needs",
            {
                "json": {"bassin": "BV-001", "title": "Besoin", "theme": "sante"},
                "headers": {"X-CSRF-Token": csrf},
            },
        ),
        ("/api/v1/needs/{need_id}", "GET"): ("GET", "/api/v1/needs/999999", {}),
        ("/api/v1/needs/{need_id}/transitions", "POST"): (
            "POST",
            "/api/v1/needs/999999/transitions",
            {"json": {"action": "qualify", "version": 1}, "headers": {"X-CSRF-Token": csrf}},
        ),
        ("/api/v1/compilation", "GET"): ("GET", "/api/v1/compilation", {}),
        ("/api/v1/concertation-spaces", "GET"): ("GET", "/api/v1/concertation-spaces", {}),
        ("/api/v1/action-plans/{code}/{plan_id}", "GET"): (
            "GET",
            "/api/v1/action-plans/OLS-01/999999",
            {},
        ),
        ("/concertation", "GET"): ("GET", f"/concertation?territoire={target}", {}),
        ("/concertation/{code}/espaces", "POST"): (
            "POST",
            f"/concertation/{target}/espaces",
            {"data": {**form, "name": "Espace"}},
        ),
        ("/concertation/{code}/{space_id}", "GET"): ("GET", f"/concertation/{target}/999999", {}),
        ("/concertation/{code}/{space_id}/membres", "POST"): (
            "POST",
            f"/concertation/{target}/999999/membres",
            {"data": {**form, "name": "CPAS", "sector": "cpas"}},
        ),
        ("/concertation/{code}/{space_id}/membres/{member_id}", "POST"): (
            "POST",
            f"/concertation/{target}/999999/membres/999999",
            {"data": {**form, "version": "1"}},
        ),
        ("/concertation/{code}/{space_id}/reunions", "POST"): (
            "POST",
            f"/concertation/{target}/999999/reunions",
            {"data": {**form, "held_on": "2026-01-05"}},
        ),
        ("/concertation/{code}/{space_id}/reunions/{meeting_id}", "GET"): (
            "GET",
            f"/concertation/{target}/999999/reunions/999999",
            {},
        ),
        ("/concertation/{code}/{space_id}/reunions/{meeting_id}/synthese", "POST"): (
            "POST",
            f"/concertation/{target}/999999/reunions/999999/synthese",
            {"data": {**form, "synthesis": "x", "version": "1"}},
        ),
        ("/concertation/{code}/{space_id}/reunions/{meeting_id}/synthese", "GET"): (
            "GET",
            f"/concertation/{target}/999999/reunions/999999/synthese",
            {},
        ),
        ("/concertation/{code}/{space_id}/reunions/{meeting_id}/synthese/pdf", "GET"): (
            "GET",
            f"/concertation/{target}/999999/reunions/999999/synthese/pdf",
            {},
        ),
        ("/plans", "GET"): ("GET", "/plans", {}),
        ("/plans/{code}", "POST"): (
            "POST",
            f"/plans/{target}",
            {"data": {**form, "title": "Plan", "kind": "yearly", "first_year": "2026"}},
        ),
        ("/plans/{code}/{plan_id}", "GET"): ("GET", f"/plans/{target}/999999", {}),
        ("/plans/{code}/{plan_id}/objectifs", "POST"): (
            "POST",
            f"/plans/{target}/999999/objectifs",
            {"data": {**form, "title": "O"}},
        ),
        ("/plans/{code}/{plan_id}/partenaires", "POST"): (
            "POST",
            f"/plans/{target}/999999/partenaires",
            {"data": {**form, "name": "P", "sector": "cpas"}},
        ),
        ("/plans/{code}/{plan_id}/actions", "POST"): (
            "POST",
            f"/plans/{target}/999999/actions",
            {"data": {**form, "objective_id": "1", "title": "A"}},
        ),
        ("/plans/{code}/{plan_id}/actions/{action_id}/statut", "POST"): (
            "POST",
            f"/plans/{target}/999999/actions/999999/statut",
            {"data": {**form, "status": "done", "version": "1"}},
        ),
        ("/plans/{code}/{plan_id}/transmission", "POST"): (
            "POST",
            f"/plans/{target}/999999/transmission",
            {"data": form},
        ),
        ("/plans/{code}/{plan_id}/csv", "GET"): ("GET", f"/plans/{target}/999999/csv", {}),
        ("/plans/{code}/{plan_id}/pdf", "GET"): ("GET", f"/plans/{target}/999999/pdf", {}),
        ("/projets", "GET"): ("GET", "/projets", {}),
        ("/projets/{code}", "POST"): (
            "POST",
            f"/projets/{target}",
            {"data": {**form, "title": "Projet", "programme": "local"}},
        ),
        ("/projets/{code}/{project_id}", "GET"): ("GET", f"/projets/{target}/999999", {}),
        ("/projets/{code}/{project_id}", "POST"): (
            "POST",
            f"/projets/{target}/999999",
            {"data": {**form, "version": "1", "title": "P", "programme": "local"}},
        ),
        ("/projets/{code}/{project_id}/partenaires", "POST"): (
            "POST",
            f"/projets/{target}/999999/partenaires",
            {"data": {**form, "name": "CPAS", "sector": "cpas"}},
        ),
        ("/projets/{code}/{project_id}/hypotheses", "POST"): (
            "POST",
            f"/projets/{target}/999999/hypotheses",
            {"data": {**form, "if": "a", "then": "b", "because": "c"}},
        ),
        ("/projets/{code}/{project_id}/hypotheses/{hypothesis_id}/statut", "POST"): (
            "POST",
            f"/projets/{target}/999999/hypotheses/999999/statut",
            {"data": {**form, "status": "supported", "version": "1"}},
        ),
        ("/projets/{code}/{project_id}/besoins", "POST"): (
            "POST",
            f"/projets/{target}/999999/besoins",
            {"data": {**form, "need_id": "1"}},
        ),
        ("/projets/{code}/{project_id}/mesures", "POST"): (
            "POST",
            f"/projets/{target}/999999/mesures",
            {"data": {**form, "name": "M", "chart": "run"}},
        ),
        ("/projets/{code}/{project_id}/mesures/{measure_id}/points", "POST"): (
            "POST",
            f"/projets/{target}/999999/mesures/999999/points",
            {"data": {**form, "points": "2026-01-05;3"}},
        ),
        ("/projets/{code}/{project_id}/mesures/{measure_id}/points/{point_id}/retrait", "POST"): (
            "POST",
            f"/projets/{target}/999999/mesures/999999/points/999999/retrait",
            {"data": form},
        ),
        ("/projets/{code}/{project_id}/cycles", "POST"): (
            "POST",
            f"/projets/{target}/999999/cycles",
            {"data": {**form, "objective": "O"}},
        ),
        ("/projets/{code}/{project_id}/cycles/{cycle_id}", "GET"): (
            "GET",
            f"/projets/{target}/999999/cycles/999999",
            {},
        ),
        ("/projets/{code}/{project_id}/cycles/{cycle_id}", "POST"): (
            "POST",
            f"/projets/{target}/999999/cycles/999999",
            {"data": {**form, "version": "1"}},
        ),
        ("/projets/{code}/{project_id}/journal", "POST"): (
            "POST",
            f"/projets/{target}/999999/journal",
            {"data": {**form, "text": "x", "kind": "emerged", "expectation": "expected"}},
        ),
        ("/projets/{code}/{project_id}/journal/{entry_id}/partage", "POST"): (
            "POST",
            f"/projets/{target}/999999/journal/999999/partage",
            {"data": {**form, "version": "1", "shared": "on"}},
        ),
        ("/apprentissage", "GET"): ("GET", "/apprentissage", {}),
        ("/performance", "GET"): ("GET", "/performance?annee=2026", {}),
        ("/performance/{code}", "GET"): ("GET", "/performance/OLS-01", {}),
        ("/performance/{code}/objectifs", "POST"): (
            "POST",
            f"/performance/{target}/objectifs",
            {"data": {**form, "aim": "equity", "title": "O", "kind": "narrative"}},
        ),
        ("/performance/{code}/objectifs/{objective_id}", "POST"): (
            "POST",
            f"/performance/{target}/objectifs/999999",
            {"data": {**form, "version": "1", "aim": "equity", "title": "O", "kind": "narrative"}},
        ),
        ("/performance/{code}/autoevaluation", "POST"): (
            "POST",
            f"/performance/{target}/autoevaluation",
            {"data": {**form, "year": "2026", "aim": "equity", "score": "3"}},
        ),
        ("/rapports/{code}", "POST"): (
            "POST",
            f"/rapports/{target}",
            {"data": {**form, "year": "2026"}},
        ),
        ("/rapports/{code}/{year}", "GET"): ("GET", f"/rapports/{target}/2026", {}),
        ("/rapports/{code}/{year}/sections/{key}", "POST"): (
            "POST",
            f"/rapports/{target}/2026/sections/future",
            {"data": {**form, "version": "1", "text": "x"}},
        ),
        ("/rapports/{code}/{year}/pdf", "GET"): ("GET", f"/rapports/{target}/2026/pdf", {}),
        ("/rapports/{code}/{year}/docx", "GET"): ("GET", f"/rapports/{target}/2026/docx", {}),
        ("/api/v1/projects", "GET"): ("GET", "/api/v1/projects", {}),
        ("/api/v1/projects/{project_id}", "GET"): ("GET", "/api/v1/projects/999999", {}),
        ("/api/v1/performance", "GET"): ("GET", "/api/v1/performance?year=2026", {}),
        ("/architecture", "GET"): ("GET", "/architecture?flux=information&focus=ols", {}),
        ("/architecture/diagramme.svg", "GET"): ("GET", "/architecture/diagramme.svg", {}),
        ("/architecture/export.json", "GET"): ("GET", "/architecture/export.json", {}),
        ("/architecture/export.graphml", "GET"): ("GET", "/architecture/export.graphml", {}),
        ("/architecture/structures/{code}", "GET"): ("GET", "/architecture/structures/ols", {}),
        ("/architecture/structures", "POST"): (
            "POST",
            "/architecture/structures",
            {"data": {**form, "code": "!", "name": "S", "level": "meso"}},
        ),
        ("/architecture/structures/{code}", "POST"): (
            "POST",
            "/architecture/structures/zz_absent",
            {"data": {**form, "version": "1", "name": "S", "level": "meso"}},
        ),
        ("/architecture/structures/{code}/supprimer", "POST"): (
            "POST",
            "/architecture/structures/zz_absent/supprimer",
            {"data": {**form, "version": "1"}},
        ),
        ("/architecture/flux", "POST"): (
            "POST",
            "/architecture/flux",
            {
                "data": {
                    **form,
                    "kind": "information",
                    "source": "zz_absent",
                    "target": "ols",
                    "what": "x",
                }
            },
        ),
        ("/architecture/flux/{flow_id}", "POST"): (
            "POST",
            "/architecture/flux/999999",
            {
                "data": {
                    **form,
                    "version": "1",
                    "kind": "information",
                    "source": "ols",
                    "target": "iwpl",
                    "what": "x",
                }
            },
        ),
        ("/architecture/flux/{flow_id}/supprimer", "POST"): (
            "POST",
            "/architecture/flux/999999/supprimer",
            {"data": {**form, "version": "1"}},
        ),
        ("/feuille-de-route", "GET"): ("GET", "/feuille-de-route?etape-7=1&etape-6=2", {}),
        ("/feuille-de-route/comparaison", "GET"): ("GET", "/feuille-de-route/comparaison", {}),
        ("/feuille-de-route/ols/{code}", "GET"): ("GET", "/feuille-de-route/ols/OLS-01", {}),
        ("/feuille-de-route/ols/{code}/etapes/{step}", "POST"): (
            "POST",
            f"/feuille-de-route/ols/{target}/etapes/99",
            {"data": {**form, "status": "done"}},
        ),
        ("/api/v1/architecture", "GET"): ("GET", "/api/v1/architecture", {}),
        ("/api/v1/architecture/analysis", "GET"): ("GET", "/api/v1/architecture/analysis", {}),
        ("/api/v1/architecture/routes", "GET"): (
            "GET",
            "/api/v1/architecture/routes?source=bassins&target=federal",
            {},
        ),
        ("/api/v1/roadmap", "GET"): ("GET", "/api/v1/roadmap", {}),
        ("/api/v1/roadmap/evaluation", "GET"): (
            "GET",
            "/api/v1/roadmap/evaluation?choices=7:1,6:2",
            {},
        ),
        ("/api/v1/roadmap/trajectories", "GET"): ("GET", "/api/v1/roadmap/trajectories", {}),
        ("/revisions-bassins", "GET"): ("GET", "/revisions-bassins", {}),
        ("/revisions-bassins/{code}", "POST"): (
            "POST",
            f"/revisions-bassins/{target}",
            {"data": form},
        ),
        ("/revisions-bassins/{code}/{draft_id}", "GET"): (
            "GET",
            f"/revisions-bassins/{target}/999999",
            {},
        ),
        **{
            ("/revisions-bassins/{code}/{draft_id}/" + step, "POST"): (
                "POST",
                f"/revisions-bassins/{target}/999999/{step}",
                {"data": {**form, "version": 1, "kind": "rename", "bassin": target}},
            )
            for step in ("modifications", "soumission", "renvoi", "validation")
        },
        ("/api/v1/bassin-drafts", "GET"): ("GET", "/api/v1/bassin-drafts", {}),
        ("/api/v1/bassin-drafts/{code}", "POST"): (
            "POST",
            f"/api/v1/bassin-drafts/{target}",
            {"headers": {"X-CSRF-Token": csrf}},
        ),
        ("/api/v1/bassin-drafts/{code}/{draft_id}", "GET"): (
            "GET",
            f"/api/v1/bassin-drafts/{target}/999999",
            {},
        ),
        ("/api/v1/bassin-drafts/{code}/{draft_id}/edits", "POST"): (
            "POST",
            f"/api/v1/bassin-drafts/{target}/999999/edits",
            {
                "json": {"kind": "rename", "bassin": target, "name": "X", "version": 1},
                "headers": {"X-CSRF-Token": csrf},
            },
        ),
        **{
            ("/api/v1/bassin-drafts/{code}/{draft_id}/" + step, "POST"): (
                "POST",
                f"/api/v1/bassin-drafts/{target}/999999/{step}",
                {"json": {"version": 1, "comment": "x"}, "headers": {"X-CSRF-Token": csrf}},
            )
            for step in ("submit", "return", "validate")
        },
        ("/mon-espace", "GET"): ("GET", "/mon-espace", {}),
        ("/api/v1/me/home", "GET"): ("GET", "/api/v1/me/home", {}),
        ("/compte/nouveau-mot-de-passe", "GET"): ("GET", "/compte/nouveau-mot-de-passe", {}),
        ("/compte/nouveau-mot-de-passe", "POST"): (
            "POST",
            "/compte/nouveau-mot-de-passe",
            {"data": {**form, "current": PASSWORD, "new": "short"}},
        ),
        ("/premier-administrateur/{secret}", "GET"): (
            "GET",
            "/premier-administrateur/" + "x" * 43,
            {},
        ),
        ("/premier-administrateur/{secret}", "POST"): (
            "POST",
            "/premier-administrateur/" + "x" * 43,
            {
                "data": {
                    **form,
                    "email": "first@example.be",
                    "display_name": "First",
                    "password": PASSWORD,
                }
            },
        ),
        ("/compilation", "GET"): ("GET", "/compilation", {}),
        ("/compilation/compiler", "POST"): ("POST", "/compilation/compiler", {"data": form}),
        ("/compilation/pdf", "GET"): ("GET", "/compilation/pdf", {}),
        **upload_requests(form, csrf),
    }


def upload_requests(form, csrf):
    """Indicator values and directory files sent: refused files, so nothing changes."""
    refused = {"file": ("v.csv", io.BytesIO(b"refnis\n1\n"), "text/csv")}
    api = {"files": refused, "headers": {"X-CSRF-Token": csrf}}
    return {
        ("/indicateurs/envoi", "GET"): ("GET", "/indicateurs/envoi", {}),
        ("/indicateurs/envoi", "POST"): (
            "POST",
            "/indicateurs/envoi",
            {"data": {**form, "indicator": "x"}, "files": refused},
        ),
        ("/indicateurs/envoi/confirmation", "POST"): (
            "POST",
            "/indicateurs/envoi/confirmation",
            {"data": {**form, "token": "A" * 32, "indicator": "x"}},
        ),
        ("/api/v1/indicators/{indicator_id}/values/preview", "POST"): (
            "POST",
            "/api/v1/indicators/x/values/preview",
            api,
        ),
        ("/api/v1/indicators/{indicator_id}/values", "POST"): (
            "POST",
            "/api/v1/indicators/x/values",
            api,
        ),
        ("/repertoire/envoi", "GET"): ("GET", "/repertoire/envoi", {}),
        ("/repertoire/envoi", "POST"): (
            "POST",
            "/repertoire/envoi",
            {"data": form, "files": refused},
        ),
        ("/repertoire/envoi/confirmation", "POST"): (
            "POST",
            "/repertoire/envoi/confirmation",
            {"data": {**form, "token": "A" * 32}},
        ),
        ("/repertoire/modele.{kind}", "GET"): ("GET", "/repertoire/modele.csv", {}),
        ("/api/v1/directory/imports/preview", "POST"): (
            "POST",
            "/api/v1/directory/imports/preview",
            api,
        ),
        ("/api/v1/directory/imports", "POST"): ("POST", "/api/v1/directory/imports", api),
    }


def route_table(app):
    """(path, method, route) for every route the application answers."""
    for route in iter_route_contexts(app.routes):
        if isinstance(route.original_route, Mount):
            yield route.path, "GET", route
        elif isinstance(route.original_route, APIRoute | Route):
            for method in sorted(route.methods or {"GET"}):
                if method != "HEAD":
                    yield route.path, method, route
        else:
            pytest.fail(f"unknown kind of route: {route!r}")


PRINCIPALS = [None, *Role]


SQLITE_ONLY = pytest.mark.parametrize("platform", ["sqlite"], indirect=True)


@SQLITE_ONLY
def test_every_route_declares_a_policy(platform):
    app = create_app(platform)
    undeclared = [
        f"{method} {path}"
        for path, method, route in route_table(app)
        if route_permission(route) is None
    ]
    assert undeclared == []


@SQLITE_ONLY  # the policy does not depend on the database; the other tests cover both
@pytest.mark.slow  # ~4,500 requests per backend: in make test, not in make test-fast
def test_permission_matrix(platform, tmp_path):
    app = create_app(platform)
    client = TestClient(app)
    bassins = [
        t.code for t, _ in territories.list_territories(platform, territories.Level.BASSIN).items
    ]
    other_bassin = next(
        code for code in bassins if "OLS-10" in territories.ancestor_codes(platform, code)
    )
    people = {role: add_person(platform, f"{role.value}@example.be", role) for role in Role}
    people[None] = None
    victim = add_person(platform, "victim@example.be")
    zoning_csv = zonings.export_zoning(platform).encode()
    layer_file = tmp_path / "couche.csv"
    layer_file.write_bytes(LAYER_CSV)
    layers.import_layer(platform, layer_file, name="Couche", kind=LayerKind.RML)  # id 1
    service, other_service = directory.search(
        platform, directory.SearchRequest(terms=("cpas",), per_page=2)
    ).hits
    [own_service] = directory.search(
        platform, directory.SearchRequest(territory="BV-001", per_page=1)
    ).hits
    routes = list(route_table(app))
    checked = 0
    failures = []
    n = 0
    for path, method, route in routes:
        declared = route_permission(route)
        assert declared is not None, f"{method} {path} declares no policy"
        rule = POLICY[declared.key]
        for principal in PRINCIPALS:
            person = people[principal]
            for scenario, target in (("own", "BV-001"), ("other", other_bassin)):
                n += 1
                token = None
                if person is not None:
                    token = accounts.create_token(platform, ADMIN, person.id, "m")[0].id
                csrf = session_for(client, platform, person)
                ctx = {
                    "target": target,
                    "csrf": csrf,
                    "victim": victim.id,
                    "victim_email": victim.email,
                    "token": token or 999999,
                    "n": n,
                    "zoning_csv": zoning_csv,
                    "service": service.id,
                    "other_service": other_service.id,
                    "own_service": own_service.id,
                }
                samples = sample_requests(ctx)
                assert (path, method) in samples, f"no sample request for {method} {path}"
                verb, url, kwargs = samples[(path, method)]
                response = client.request(verb, url, follow_redirects=False, **kwargs)
                assert response.status_code != 500, (method, path, principal, response.text)
                denied = response.status_code in (401, 403) or (
                    response.status_code == 303
                    and response.headers["location"].startswith("/connexion?")
                )
                grants = list(person.grants) if person else None
                expected = decide(
                    rule,
                    grants,
                    target if declared.target else None,
                    lambda code: territories.ancestor_codes(platform, code),
                )
                if denied == expected:
                    failures.append(
                        f"{method} {path} as {principal} ({scenario}): "
                        f"{response.status_code}, expected "
                        f"{'allowed' if expected else 'denied'}"
                    )
                checked += 1
    client.close()
    assert failures == [], "\n".join(failures)
    assert checked == len(routes) * len(PRINCIPALS) * 2
    print(
        f"\npermission matrix: {len(routes)} routes × {len(PRINCIPALS)} roles × 2 scopes "
        f"= {checked} requests"
    )
