"""The coach's catalogues at build time: ``.po`` (what translators edit) to ``.mo`` (what the skill reads).

``foot-routine catalogues`` writes every ``skill/locales/<name>/LC_MESSAGES/messages.mo`` from its
``.po``, with the ``Plural-Forms`` of the language's CLDR plural rule (Babel's data, which stays
here: the skill reads the rule from the ``.mo`` through the standard library, see skill/words.py).
``check_catalogues`` (run by the tests) reports a ``.mo`` that has drifted from its ``.po`` and a
catalogue that breaks the rules every language keeps: every message of the English source (a
regional catalogue through its language's), the same placeholders, one form per plural category.
"""

from __future__ import annotations

import io
import re
import string
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.plural import to_gettext

from skill.words import DOMAIN, LOCALES_DIR

OPTIONAL = ("NUMBER.",)
"""Messages a language may leave out: spelled numbers (without them, digits)."""
FILLED_BY_CODE = {
    **{key: {"hour12", "hour24", "minute"} for key in ("CLOCK", "CLOCK_ON_HOUR")},
    **{
        f"TIME_{part}": {"hour12", "hour24", "minute", "clock"}
        for part in ("MORNING", "AFTERNOON", "EVENING", "NIGHT")
    },
}
"""Fields the code fills beyond those the English text uses (a 24-hour clock where English says 12)."""
SOURCE = "en"
"""The catalogue every other language translates: its ids are the ids the code uses."""


def plural_forms(name: str) -> str:
    """The gettext ``Plural-Forms`` of a language's CLDR rule, for whole numbers.

    Babel's expression also tests CLDR's compact exponent ``e`` (for "1,5 M" in French); the coach
    only says whole numbers written as digits, where ``e`` is 0, and gettext knows only ``n``.
    """
    expression = to_gettext(Locale.parse(name).plural_form)
    return re.sub(r"\be\b", "0", expression).strip().rstrip(";")


@dataclass(frozen=True)
class Entry:
    """One catalogue on disk."""

    name: str
    """``en``, ``de``, ``es_MX``: the folder under skill/locales/."""
    po: Path
    mo: Path

    @property
    def language(self) -> str:
        return self.name.split("_")[0]


def entries(locales_dir: Path = LOCALES_DIR) -> list[Entry]:
    found = []
    for po in sorted(locales_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        name = po.parent.parent.name
        found.append(Entry(name, po, po.with_suffix(".mo")))
    return found


def read(entry: Entry) -> Catalog:
    with entry.po.open("rb") as file:
        return read_po(file, locale=entry.name)


def compiled(entry: Entry) -> bytes:
    """The ``.mo`` bytes for a catalogue, with its language's CLDR plural rule."""
    catalog = read(entry)
    header = plural_forms(entry.name)
    buffer = io.BytesIO()
    # Babel writes the Plural-Forms of its own locale data; set the whole-number form explicitly.
    plurals, expression = _split(header)
    catalog._num_plurals = plurals  # type: ignore[assignment]  # Babel has no setter
    catalog._plural_expr = expression  # type: ignore[assignment]
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def _split(header: str) -> tuple[int, str]:
    match = re.fullmatch(r"nplurals=(\d+);\s*plural=(.+)", header)
    if not match:
        raise ValueError(f"unexpected plural rule {header!r}")
    return int(match.group(1)), match.group(2)


def write_catalogues(locales_dir: Path = LOCALES_DIR) -> list[Path]:
    written = []
    for entry in entries(locales_dir):
        entry.mo.write_bytes(compiled(entry))
        written.append(entry.mo)
    return written


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _texts(message: Message) -> list[str]:
    if isinstance(message.string, tuple | list):
        return [str(text) for text in message.string]
    return [message.string or ""]


def _messages(catalog: Catalog) -> dict[str, Message]:
    return {
        str(message.id if isinstance(message.id, str) else message.id[0]): message
        for message in catalog
        if message.id
    }


def problems_of(entry: Entry, source: Catalog, language: Catalog | None) -> list[str]:
    """What is wrong with one catalogue against the English source (and its language's, if regional)."""
    problems: list[str] = []
    catalog = read(entry)
    own = _messages(catalog)
    wanted = _messages(source)
    nplurals, _ = _split(plural_forms(entry.name))
    where = f"skill/locales/{entry.name}"
    inherited = _messages(language) if language is not None else {}
    for key in sorted(set(wanted) - set(own) - set(inherited)):
        if key.startswith(OPTIONAL):
            continue
        problems.append(f"{where}: no message {key!r}")
    for key in sorted(set(own) - set(wanted)):
        if key.startswith(OPTIONAL):
            continue
        problems.append(f"{where}: {key!r} is not a message of the English source")
    for key, message in own.items():
        if key not in wanted:
            continue
        expected = wanted[key]
        texts = _texts(message)
        if any(not text for text in texts):
            problems.append(f"{where}: {key!r} is empty")
        if isinstance(expected.id, tuple | list) != isinstance(message.id, tuple | list):
            problems.append(
                f"{where}: {key!r} must {'' if isinstance(expected.id, tuple | list) else 'not '}be plural"
            )
        elif isinstance(message.id, tuple | list) and len(texts) != nplurals:
            problems.append(f"{where}: {key!r} has {len(texts)} plural forms, the language has {nplurals}")
        names = _placeholders(_texts(expected)[-1]) | FILLED_BY_CODE.get(key, set())
        for text in texts:
            if _placeholders(text) - names - {"n"}:
                problems.append(f"{where}: {key!r} has placeholders the code does not fill: {text!r}")
    return problems


def check_catalogues(locales_dir: Path = LOCALES_DIR) -> list[str]:
    """Every problem with the catalogues; [] when they are complete, consistent and compiled."""
    found = entries(locales_dir)
    by_name = {entry.name: entry for entry in found}
    if SOURCE not in by_name:
        return [f"{locales_dir}/{SOURCE}: the English source catalogue is missing"]
    source = read(by_name[SOURCE])
    problems: list[str] = []
    for entry in found:
        language = None
        if entry.name != entry.language:
            if entry.language not in by_name:
                problems.append(
                    f"skill/locales/{entry.name}: no catalogue for its language {entry.language!r}"
                )
                continue
            language = read(by_name[entry.language])
        problems += problems_of(entry, source, language)
        if not entry.mo.is_file() or entry.mo.read_bytes() != compiled(entry):
            problems.append(
                f"skill/locales/{entry.name}: {DOMAIN}.mo differs from its .po: run `foot-routine catalogues`"
            )
    return problems
