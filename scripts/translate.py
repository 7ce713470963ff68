"""Set translations in a catalogue after `make i18n`.

    .venv/bin/python scripts/translate.py fr 'English message=>Message français' ...
    .venv/bin/python scripts/translate.py fr 'English singular=>Singulier||Pluriel' ...

A plural message is named by its singular; its two French forms are split by `||`.

Prints the messages of that catalogue that still lack a translation.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

LOCALE = Path(__file__).resolve().parents[1] / "src" / "maillage" / "locale"


def main(language: str, pairs: list[str]) -> None:
    path = LOCALE / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    catalog.fuzzy = False
    for pair in pairs:
        message_id, _, text = pair.partition("=>")
        if message_id not in catalog:
            sys.exit(f"not in the catalogue: {message_id!r} (run `make i18n` first)")
        message = catalog[message_id]
        message.string = tuple(text.split("||")) if isinstance(message.id, tuple) else text
    with path.open("wb") as handle:
        write_po(handle, catalog, no_location=True, sort_output=True, width=100)
    for message in catalog:
        translated = all(message.string) if isinstance(message.string, tuple) else message.string
        if message.id and not translated:
            print(f"untranslated: {message.id[0] if isinstance(message.id, tuple) else message.id}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
