"""Every operation of the API, called with generated input (valid and invalid), anonymously,
with a platform administrator's token and with the token of a member holding every other
regional role, destructive operations included, on a throw-away database: no answer is a
server error (issue 18, Schemathesis acceptance).

Only ``not_a_server_error`` is checked: conformance to the schema is not the point here.
The requests go in-process through the whole ASGI application (every middleware, the
error handlers), as a server would pass them; ``tests/web/test_errors.py`` covers what
only a real server shows (connections). Examples are few per operation and derandomised,
so the module fails the same way every time and stays under two minutes on a busy 2-core
machine (measured with three callers and 10 examples: 106 s; with two callers, 12, 15 and
25 examples took 95, 122 and 177 s).
"""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error

from maillage.domain.access import Role
from maillage.domain.actors import Actor
from maillage.domain.territory import REGION_CODE, Level
from maillage.services import accounts
from maillage.services.platform import Platform
from maillage.settings import Settings
from maillage.web.app import create_app

pytestmark = pytest.mark.slow  # about two minutes: in make test, not in make test-fast

SYSTEM = Actor(None, "test", "127.0.0.1")
# Who calls: nobody; the platform administrator (who holds no other role); a member holding
# every other regional role, to reach past the 403s of the operations an administrator
# may not use.
CALLERS = {
    "anonymous": (),
    "administrator": (Role.PLATFORM_ADMIN,),
    "member": tuple(
        r for r in Role if r.scope_level is Level.REGION and r is not Role.PLATFORM_ADMIN
    ),
}
EXAMPLES = 10  # generated per operation and caller, besides the boundary cases
WHOLE_DIRECTORY = "/api/v1/directory/export"


@dataclass
class Target:
    """The application on its own database, and accounts that keep their roles."""

    platform: Platform
    secrets: dict[str, str] = field(default_factory=dict)
    numbers: Iterator[int] = field(default_factory=itertools.count)

    def headers(self, caller: str) -> dict[str, str]:
        """A working token for *caller*: the fuzzer may have revoked it, disabled its owner
        or withdrawn a role (destructive operations are called too); then a new account."""
        roles = CALLERS[caller]
        if not roles:
            return {}
        secret = self.secrets.get(caller)
        person = accounts.person_for_token(self.platform, secret) if secret else None
        if person is None or {g.role for g in person.grants} != set(roles):
            email = f"{caller}{next(self.numbers)}@fuzz.example.be"
            owner = accounts.create_person(self.platform, SYSTEM, email, caller, None)
            for role in roles:
                accounts.grant(self.platform, SYSTEM, owner.id, role, REGION_CODE, Level.REGION)
            _token, secret = accounts.create_token(self.platform, SYSTEM, owner.id, "fuzz")
            self.secrets[caller] = secret
        return {"Authorization": f"Bearer {secret}"}


# The schema is read when the module is collected, from the application itself; describing
# the API opens no database, so this one is never opened: the test hands the application a
# database of its own (``target``).
APP = create_app(
    Platform.open(Settings(database_url="sqlite:///:memory:", data_dir=Path(tempfile.gettempdir())))
)
schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", APP)


@pytest.fixture(scope="module")
def target(databases, tmp_path_factory) -> Iterator[Target]:
    platform = Platform.open(
        Settings(
            database_url=databases.clone("sqlite"), data_dir=Path(tmp_path_factory.mktemp("fuzz"))
        )
    )
    unopened = APP.state.platform
    APP.state.platform = platform
    yield Target(platform)
    APP.state.platform = unopened
    platform.close()


@pytest.fixture(params=list(CALLERS))
def caller(request) -> str:
    return str(request.param)


def call(case, caller: str, target: Target) -> None:
    case.call_and_validate(headers=target.headers(caller), checks=[not_a_server_error])


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@schema.exclude(path=WHOLE_DIRECTORY).parametrize()
def test_no_operation_answers_a_server_error(case, caller, target):
    call(case, caller, target)


@settings(
    max_examples=6,
    phases=[Phase.generate],  # not Schemathesis's boundary cases: a dozen whole exports
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@schema.include(path=WHOLE_DIRECTORY).parametrize()
def test_the_whole_directory_export_answers_no_server_error(case, caller, target):
    """Each answer builds the whole directory in one format (seconds each): fewer cases."""
    call(case, caller, target)
