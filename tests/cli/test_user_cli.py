"""`maillage user …` and `maillage token …`."""

from __future__ import annotations

from maillage.services import accounts, audit_trail, sessions
from tests.helpers import snapshot


def test_user_lifecycle(run, platform):
    added = run("user", "add", "Lea@Example.be", "--name", "Léa")
    assert added.exit_code == 0, added.output
    assert "Mot de passe temporaire" in added.stdout
    assert run("user", "grant", "lea@example.be", "ols_team", "OLS-01").exit_code == 0
    listing = run("user", "list").stdout
    assert "lea@example.be" in listing and "ols_team@OLS-01" in listing
    assert run("user", "revoke", "lea@example.be", "ols_team", "OLS-01").exit_code == 0
    changed = run(
        "user",
        "reset-password",
        "lea@example.be",
        "--password-stdin",
        stdin="un mot de passe solide\n",
    )
    assert changed.exit_code == 0
    assert (
        accounts.authenticate(
            platform, "lea@example.be", "un mot de passe solide", "127.0.0.1"
        ).display_name
        == "Léa"
    )
    assert run("user", "disable", "lea@example.be").exit_code == 0
    assert not accounts.get_person(platform, "lea@example.be").is_active
    trail = audit_trail.events(platform, audit_trail.AuditFilter(entity="person"))
    assert all(e.actor.startswith("cli:") for e in trail if e.action != "login_failed")


def test_grant_checks_the_level_of_the_scope(run):
    run("user", "add", "m@example.be", "--name", "M")
    wrong = run("user", "grant", "m@example.be", "bassin_actor", "OLS-01")
    assert wrong.exit_code == 2  # invalid input
    assert "niveau" in wrong.stderr
    regional = run("user", "grant", "m@example.be", "iwpl_analyst", "BV-001")
    assert regional.exit_code == 2 and "03000" in regional.stderr


def test_tokens(run, platform):
    run("user", "add", "robot@example.be", "--name", "Robot")
    created = run("token", "create", "robot@example.be", "--name", "synchro")
    assert created.exit_code == 0
    secret = created.stdout.strip()
    assert secret.startswith("mlg_")
    assert accounts.person_for_token(platform, secret).email == "robot@example.be"
    token_id = accounts.list_tokens(platform, "robot@example.be")[0].id
    assert run("token", "revoke", str(token_id)).exit_code == 0
    assert accounts.person_for_token(platform, secret) is None


def test_unknown_user_is_one_line(run):
    result = run("user", "disable", "ghost@example.be")
    assert result.exit_code == 3
    assert result.stderr.strip() == "erreur : Personne inconnue : ghost@example.be"


def test_reset_password_ends_every_session_of_the_person(run, platform):
    run("user", "add", "nina@example.be", "--name", "Nina")
    person = accounts.get_person(platform, "nina@example.be")
    phone = sessions.open_session(platform, person.id, person.credential_generation)
    laptop = sessions.open_session(platform, person.id, person.credential_generation)
    assert run("user", "reset-password", "nina@example.be").exit_code == 0
    assert sessions.find_session(platform, phone.secret) is None
    assert sessions.find_session(platform, laptop.secret) is None


def test_disable_ends_every_session_of_the_person(run, platform):
    run("user", "add", "omar@example.be", "--name", "Omar")
    person = accounts.get_person(platform, "omar@example.be")
    opened = sessions.open_session(platform, person.id, person.credential_generation)
    assert run("user", "disable", "omar@example.be").exit_code == 0
    assert sessions.find_session(platform, opened.secret) is None


def test_separation_of_duties_and_the_last_administrator(run, platform):
    run("user", "add", "admin@example.be", "--name", "Admin")
    assert run("user", "grant", "admin@example.be", "platform_admin", "03000").exit_code == 0
    before = snapshot(platform)
    mixed = run("user", "grant", "admin@example.be", "ols_team", "OLS-01")
    assert mixed.exit_code == 5
    assert "second compte" in mixed.stderr
    last = run("user", "revoke", "admin@example.be", "platform_admin", "03000")
    assert last.exit_code == 5 and "dernier administrateur" in last.stderr
    disabled = run("user", "disable", "admin@example.be")
    assert disabled.exit_code == 5 and "dernier administrateur" in disabled.stderr
    assert snapshot(platform) == before
    run("user", "add", "actrice@example.be", "--name", "Actrice")
    run("user", "grant", "actrice@example.be", "bassin_actor", "BV-001")
    promoted = run("user", "grant", "actrice@example.be", "platform_admin", "03000")
    assert promoted.exit_code == 5 and "second compte" in promoted.stderr


def test_serve_leaves_forwarded_headers_to_the_application(run, monkeypatch):
    import uvicorn

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: seen.update(options))
    assert run("serve", "--port", "8123").exit_code == 0
    assert seen["proxy_headers"] is False and seen["port"] == 8123
