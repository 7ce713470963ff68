"""The ``maillage`` command itself: its list of commands and how fast it answers."""

from __future__ import annotations

import subprocess
import sys

import click
from click.testing import CliRunner

from maillage.cli import COMMANDS, main


def test_help_lists_every_command_with_the_first_line_of_its_docstring() -> None:
    for name, entry in COMMANDS.items():
        command = main.get_command(click.Context(main), name)
        assert command is not None, name
        assert command.help is not None and command.help.splitlines()[0] == entry.summary, name
    answer = CliRunner().invoke(main, ["--help"])
    assert answer.exit_code == 0
    for name, entry in COMMANDS.items():
        assert name in answer.output and entry.summary[:30] in answer.output


def test_help_imports_no_command_module() -> None:
    probe = (
        "import sys\n"
        "from maillage.cli import main\n"
        "try:\n"
        "    main(['--help'], prog_name='maillage')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(','.join(sys.modules), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "Commands:" in done.stdout
    loaded = set(done.stderr.strip().split(","))
    commands = {entry.target.partition(":")[0] for entry in COMMANDS.values()}
    assert not loaded & commands
    assert not any(name.startswith("maillage.services.") for name in loaded)
