"""The coach's words in the user's language: one catalogue per language, chosen by the request's locale.

Every sentence the coach says, shows or lists (speech, reprompts, cards, screens, the store listing)
is a message in ``skill/locales/<lang>/LC_MESSAGES/messages.mo``, keyed by a stable id
(``WELCOME_NEW``, ``heel_raises.steps.left.1``). Code names ids and fills ``{placeholders}``; it never
holds a sentence, so a new language is a catalogue and an interaction model, not a code change.

Why the standard library's ``gettext`` (docs/design.md has the measurements): it costs about 9 ms to
import against 47-174 ms for Babel or Fluent, every language's CLDR plural rule fits in a catalogue's
``Plural-Forms`` header (written at build time by ``foot-routine catalogues``), and translators know
``.po`` files. A regional catalogue (``es_MX``) holds only what differs from its language's (``es``)
and falls back to it; no language falls back to English at run time: a missing message raises
:class:`MissingWords`, and the tests prove every catalogue complete.

Numbers are written as digits (``{n}``): Alexa's voice for each locale reads them in its own
language, with the gender and counters the sentence needs, and a card or screen shows them plainly.
"""

from __future__ import annotations

import gettext
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"
DEFAULT_LOCALE = "en-US"
SCREEN_PREFIX = "SCREEN_"
"""Messages shown on a screen, where numbers stay digits."""
MAX_LOCALE_LENGTH = 16
"""Longer than any locale Alexa sends ("es-US", "zh-Hant-TW" at most)."""
SILENT = "-"
"""A pool entry that says nothing: "praise, sparingly" keeps empty places in its pool."""


class MissingWords(LookupError):
    """A catalogue lacks a message the code asked for (the tests keep this from shipping)."""


@dataclass(frozen=True)
class Voice:
    """How fast Alexa's voice speaks a language at the normal pace, to plan how long a part lasts.

    Languages written with spaces are measured in words a second; Japanese, written without them,
    in characters a second (the catalogue's ``SPEECH_RATE``: "2.5 words", "7.5 characters").
    """

    per_second: float
    by_characters: bool = False

    def seconds(self, text: str) -> float:
        """About how long the voice takes to say ``text`` at its normal rate (0 for silence)."""
        units = len("".join(text.split())) if self.by_characters else len(text.split())
        return max(0.4, units / self.per_second) if units else 0.0

    @classmethod
    def parse(cls, rate: str) -> Voice:
        number, _, unit = rate.strip().partition(" ")
        if unit not in ("words", "characters"):
            raise ValueError(f"SPEECH_RATE {rate!r}: expected '<number> words' or '<number> characters'")
        return cls(float(number), by_characters=unit == "characters")


def capitalise(text: str) -> str:
    """The first letter in upper case (a no-op for scripts without case)."""
    return text[:1].upper() + text[1:]


def pick_index(size: int, *keys: object) -> int:
    """A stable choice among ``size`` places from the keys (never ``random``): same place, same words."""
    total = 0
    for key in keys:
        for char in str(key):
            total = (total * 31 + ord(char)) % 1_000_003
    return total % size


class Words:
    """One locale's catalogue: ``words("WELCOME_BACK")``, ``words.count("DAYS", 3)``, ``words.pick(...)``."""

    def __init__(self, locale: str, translations: gettext.NullTranslations) -> None:
        self.locale = locale
        self._translations = translations

    def __repr__(self) -> str:
        return f"Words({self.locale!r})"

    def __call__(self, key: str, /, **fields: object) -> str:
        """The message ``key``, its placeholders filled from ``fields`` (whole numbers as :meth:`number`)."""
        text = self._translations.gettext(key)
        if text == key:
            raise MissingWords(f"{self.locale}: no message {key!r}")
        return text.format(**self._said(key, fields)) if fields else text

    def count(self, key: str, n: int, /, **fields: object) -> str:
        """The plural message ``key`` in the form the language uses for ``n`` (also given as ``{n}``)."""
        text = self._translations.ngettext(key, key, n)
        if text == key:
            raise MissingWords(f"{self.locale}: no plural message {key!r}")
        return text.format(**self._said(key, {"n": n, **fields}))

    def number(self, value: int) -> str:
        """A whole number as the language's voice style says it: the catalogue's ``NUMBER.<n>``
        where it has one (English: "two"), else digits, which Alexa reads in the locale's voice."""
        key = f"NUMBER.{value}"
        text = self._translations.gettext(key)
        return str(value) if text == key else text

    def _said(self, key: str, fields: dict[str, object]) -> dict[str, object]:
        # A screen's counters ("2 of 3", "20 seconds") stay digits; speech and cards say numbers.
        if key.startswith(SCREEN_PREFIX):
            return fields
        return {
            name: self.number(value) if isinstance(value, int) and not isinstance(value, bool) else value
            for name, value in fields.items()
        }

    def has(self, key: str) -> bool:
        return self._translations.gettext(key) != key

    def pool(self, key: str) -> tuple[str, ...]:
        """Every entry of a pool (``PRAISE.0``, ``PRAISE.1``, ...), "" for a silent one."""
        return _pool(self, key)

    def pick(self, key: str, *keys: object) -> str:
        """One entry of a pool, chosen by a stable function of the keys."""
        entries = self.pool(key)
        return entries[pick_index(len(entries), *keys)]

    def lines(self, key: str, count: int) -> tuple[str, ...]:
        """Numbered lines ``key.1`` ... ``key.<count>`` (an exercise's set-up or steps)."""
        return tuple(self(f"{key}.{number}") for number in range(1, count + 1))

    @cached_property
    def voice(self) -> Voice:
        return Voice.parse(self("SPEECH_RATE"))


@cache
def _pool(words: Words, key: str) -> tuple[str, ...]:
    entries: list[str] = []
    while words.has(f"{key}.{len(entries)}"):
        entry = words(f"{key}.{len(entries)}")
        entries.append("" if entry == SILENT else entry)
    if not entries:
        raise MissingWords(f"{words.locale}: no pool {key!r}")
    return tuple(entries)


def catalogue_names(locale: str) -> Sequence[str]:
    """The catalogues a locale reads, most specific first: ``es-MX`` → ``es_MX``, ``es``; none for
    a string that is no locale (a hand-made request's: never a file name that is too long)."""
    if not (0 < len(locale) <= MAX_LOCALE_LENGTH and locale.replace("-", "").replace("_", "").isalnum()):
        return []
    language, _, region = locale.replace("_", "-").partition("-")
    names = [f"{language}_{region}", language] if region else [language]
    return [name for name in names if name in _compiled()]


@cache
def _compiled() -> frozenset[str]:
    """The catalogues on disk, listed once per process: a request's locale is then looked up
    without touching the file system (every turn asks for its words)."""
    return frozenset(path.parent.parent.name for path in LOCALES_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))


def supported(locale: str) -> bool:
    return bool(catalogue_names(locale))


def for_locale(locale: str | None) -> Words:
    """The words for a request's locale; en-US for a locale no catalogue covers (Alexa only sends the
    locales the skill declares, each with a catalogue, so this is for tools and odd requests)."""
    return _for_locale(locale if locale and supported(locale) else DEFAULT_LOCALE)


@cache
def _for_locale(locale: str) -> Words:
    names = catalogue_names(locale)
    chain: gettext.NullTranslations | None = None
    for name in reversed(names):  # the language first, then each more specific catalogue over it
        path = LOCALES_DIR / name / "LC_MESSAGES" / f"{DOMAIN}.mo"
        with path.open("rb") as file:
            translations = gettext.GNUTranslations(file)
        if chain is not None:
            translations.add_fallback(chain)
        chain = translations
    assert chain is not None
    return Words(locale, chain)
