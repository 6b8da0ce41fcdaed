"""Understand typed text the way an Echo would, through this skill's own interaction model.

The local coach and the tests type what a user would say ("alexa, ask my foot routine for ankle
circles", "slow down please", "how much is left"). To be worth anything, that text must reach the
handlers as the same request a device would send, so this module resolves it through
``interaction_models/<locale>.json`` itself rather than through a second, hand-kept list of phrases:
a sample added to the model is understood here at once, and a phrase the model lacks fails here
too. It is deliberately small and deterministic (regular expressions, no ML), so it is stricter
than Alexa's statistical NLU; where it has to choose, it chooses what a device most likely sends.

Every word the model does not hold (wake words, launch and one-shot forms, the built-in intents'
standard phrases, politeness, number words, times) is per language in ``devtools/nlu_languages/
<lang>.json``; the locale chooses it. Languages written without spaces (Japanese) are matched one
character to a unit. Keys fold what spelling varies and a device does not hear: accents, Arabic
hamza forms, taa marbuta and alef maqsura, tatweel and diacritics, the Devanagari nukta.

Rules, in order (English examples):

* Normalise: lowercase, punctuation dropped (apostrophes kept but ignored when matching, so "im"
  and "i'm" are the same word), spaces collapsed, a leading wake word ("alexa") dropped.
* Launch phrases ("start/open/resume/... my foot routine", or just "my foot routine") are a
  LaunchRequest.
* One-shot forms "ask/tell my foot routine [to|for|about|if|whether|that] <utterance>" (and
  "open/start/... my foot routine and <utterance>") resolve the utterance, flagged ``one_shot``.
  Amazon's "Understand How Users Invoke Custom Skills" marks the launch word and the connecting
  word as Alexa's own and only the rest as the sample utterance, so the model's samples carry no
  connecting word and the word is stripped here.
* Intent matching has three tiers, tried in order: an exact sample (or a built-in intent's
  standard phrase) beats a sample whose slots all resolve to a value id (ER_SUCCESS_MATCH), which
  beats a sample whose slot heard something the type does not know (ER_SUCCESS_NO_MATCH). Within
  a tier the sample with more literal words wins, then model order.
* A no-match slot is only accepted when its sample has a distinctive carrier word ("do
  {exercise}", "go {pace}"). A sample that is nothing but the slot, or the slot plus politeness
  ("{pace} please"), would otherwise claim every sentence ever spoken; on a device that is exactly
  what the FallbackIntent's out-of-domain model prevents.
* Politeness around a command ("can you ... please") is tried both kept and stripped.
* Text that matches nothing is ``AMAZON.FallbackIntent``, as a device sends when the model has it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cache, partial
from pathlib import Path
from typing import Any, Final

DEFAULT_LOCALE: Final = "en-US"
MODEL_DIR_NAME: Final = "interaction_models"
BUILTIN_PREFIX: Final = "AMAZON."
"""Slot types and intents Amazon defines start with this; their values need no declaration."""


class ModelError(ValueError):
    """The interaction model file is not one Alexa would accept (or not one this module can read)."""


class ResolutionKind(StrEnum):
    """What a device would do with what was heard."""

    LAUNCH = "launch"  # a LaunchRequest: the skill was opened without a request
    INTENT = "intent"  # an IntentRequest
    NONE = "none"  # nothing to send (only the wake word, or silence)


class BuiltinIntent(StrEnum):
    """Amazon's built-in intents a guided routine handles (see docs/platform.md)."""

    PAUSE = "AMAZON.PauseIntent"
    RESUME = "AMAZON.ResumeIntent"
    NEXT = "AMAZON.NextIntent"
    PREVIOUS = "AMAZON.PreviousIntent"
    REPEAT = "AMAZON.RepeatIntent"
    START_OVER = "AMAZON.StartOverIntent"
    HELP = "AMAZON.HelpIntent"
    STOP = "AMAZON.StopIntent"
    CANCEL = "AMAZON.CancelIntent"
    FALLBACK = "AMAZON.FallbackIntent"
    NAVIGATE_HOME = "AMAZON.NavigateHomeIntent"
    YES = "AMAZON.YesIntent"
    NO = "AMAZON.NoIntent"


LANGUAGE_DIR: Final = Path(__file__).resolve().parent / "nlu_languages"
"""One JSON file per language (``en.json``, ``de.json``, ...): every word this module knows that is
not in the interaction model (wake words, launch and one-shot forms, built-in intents' standard
phrases, politeness, number words and times). Adding a language adds a file, not code."""

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_PLACEHOLDER = re.compile(r"(\{[a-z]+\}|<[a-z_]+>)")
_COMBINING_ACCENTS = re.compile("[\u0300-\u036f]")
_DIGITS = re.compile(r"\d{1,3}")
_CLOCK = re.compile(r"(\d{1,2})(?:[:h]?(\d{2}))?h?")
"""Digits as typed: "7:30" (the colon is dropped with punctuation: "7 30"), "730", "8h30", "8h"."""


def _spoken_char(char: str) -> bool:
    """Letters, marks (accents, Devanagari vowel signs) and digits are spoken; the rest is not."""
    return char == "'" or unicodedata.category(char)[0] in "LMN"


class Language:
    """The words of one language that the interaction model does not hold (see ``LANGUAGE_DIR``).

    It also knows how to cut text into matching units: words for languages written with spaces,
    single characters for those without (Japanese), so a sample such as "{exercise}をお願い" is
    matched character by character with its slot spanning the characters it takes.
    """

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.code = str(data["language"])
        self.spaced = bool(data.get("spaced", True))
        self.joiner = " " if self.spaced else ""
        """How the units of heard text are written back (slot values, ``Resolution.text``)."""
        self.fold_accents = bool(data.get("fold_accents", True))
        self.split_elision = bool(data.get("split_elision", False))
        apostrophe_s = data.get("apostrophe_s") or {}
        self._apostrophe_s_means: str | None = apostrophe_s.get("means")
        self._apostrophe_s_keep = frozenset(apostrophe_s.get("keep", ()))
        self._drop = str.maketrans("", "", str(data.get("drop_chars", "")))
        self._map = str.maketrans(dict(data.get("char_map", {})))
        self.drop_repeats = bool(data.get("drop_repeats", self.spaced))
        self.wake_words = self.phrase_keys(data.get("wake_words", ()))
        self.articles = tuple(self.phrase_key(article) for article in data.get("articles", ()))
        lists = {name: tuple(words) for name, words in data.get("lists", {}).items()}
        self._lists = lists
        self.launch_forms = tuple(data.get("launch_forms", ("{name}",)))
        self.one_shot_forms = tuple(data.get("one_shot_forms", ()))
        self.launch_phrases = lists.get("launch", ())
        self.connecting_words = frozenset(
            self.phrase_key(word) for word in lists.get(str(data.get("connecting_words", "connect")), ())
        )
        self.builtin_phrases: Mapping[str, tuple[str, ...]] = {
            intent: tuple(phrases) for intent, phrases in data.get("builtin_phrases", {}).items()
        }
        by_length = partial(sorted, key=len, reverse=True)  # longest first
        self.leading = tuple(by_length(self.phrase_keys(data.get("leading_fillers", ()))))
        self.trailing = tuple(by_length(self.phrase_keys(data.get("trailing_fillers", ()))))
        self.non_distinctive = frozenset(self.phrase_key(word) for word in data.get("non_distinctive", ()))
        self.dropped = tuple(
            by_length(
                self.phrase_keys(
                    (
                        *data.get("intensifiers", ()),
                        *data.get("side_words", ()),
                        *data.get("dropped_phrases", ()),
                    )
                )
            )
        )
        self._numbers = self._number_table(data.get("numbers", {}))
        time = data.get("time", {})
        self._time_patterns = tuple(
            (
                self._template_regex(str(template), "(.+?)", {"h": "(?P<h>.+?)", "m": "(?P<m>.+?)"}),
                int(offset),
                minute,
            )
            for template, offset, minute in time.get("patterns", ())
        )
        self._hours = {
            self._solid(words): int(hour) for hour, forms in time.get("hours", {}).items() for words in forms
        }
        self._max_hour_word = int(time.get("max_hour_word", 24))
        self._markers = tuple(
            sorted(
                (
                    (self.phrase_key(marker), kind)
                    for kind in ("am", "pm", "night")
                    for marker in time.get(kind, ())
                ),
                key=lambda item: -len(item[0]),
            )
        )
        self._marker_position = str(time.get("marker_position", "both"))
        self._time_prefixes = tuple(
            sorted((self.phrase_key(prefix) for prefix in time.get("prefixes", ())), key=len, reverse=True)
        )
        self._named_times = {self._solid(words): str(value) for words, value in time.get("named", {}).items()}
        self._parts_of_day = {
            self._solid(words): str(value) for words, value in time.get("parts_of_day", {}).items()
        }

    # -- units and keys --------------------------------------------------------------------------

    def words(self, text: str) -> tuple[str, ...]:
        """``text`` as matching units: casefolded, punctuation dropped, apostrophes kept."""
        folded = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).casefold().replace("_", " ")
        cleaned = "".join(char if _spoken_char(char) else " " for char in folded)
        units: list[str] = []
        for raw in cleaned.split():
            word = raw.strip("'")
            if not word:
                continue
            if not self.spaced:
                units.extend(char for char in word if char != "'")
                continue
            stem = word[:-2]
            if (
                self._apostrophe_s_means is not None
                and word.endswith("'s")
                and stem
                and stem not in self._apostrophe_s_keep
            ):
                # "my back's killing me" is "my back is killing me": a noun's "'s" is said for "is"
                # far more often than as a possessive in what people say to a coach.
                units.extend((stem, self._apostrophe_s_means))
            elif self.split_elision and "'" in word:
                units.extend(part for part in re.split(r"(?<=')", word) if part.strip("'"))
            else:
                units.append(word)
        return tuple(units)

    def key(self, word: str) -> str:
        """What a unit is compared by: no apostrophes; accents, hamza forms, nukta... folded."""
        decomposed = unicodedata.normalize("NFD", word.replace("'", "")).translate(self._drop)
        if self.fold_accents:
            decomposed = _COMBINING_ACCENTS.sub("", decomposed)
        return unicodedata.normalize("NFC", decomposed.translate(self._map))

    def keys(self, words: Iterable[str]) -> tuple[str, ...]:
        return tuple(self.key(word) for word in words)

    def phrase_key(self, text: str) -> str:
        return " ".join(self.keys(self.words(text)))

    def phrase_keys(self, phrases: Iterable[str]) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(self.phrase_key(phrase).split()) for phrase in phrases)

    def _solid(self, text: str) -> str:
        """A phrase's key with no spaces: "fünf und zwanzig" and "fünfundzwanzig" are one number."""
        return "".join(self.keys(self.words(text)))

    def _template_regex(self, template: str, slot: str, fields: Mapping[str, str] | None = None) -> str:
        """A form such as "<ask> {name} <connect> {request}" as a regular expression over key text.

        ``<list>`` is any phrase of that list, ``{field}`` is ``fields[field]`` or else ``slot``;
        literal text is cut into units as heard text is, so it works with and without spaces.
        """
        regex = ""
        glued = True  # nothing before the first part
        for piece in _PLACEHOLDER.split(template):
            if not piece:
                continue
            if not piece.strip():
                glued = False
                continue
            if piece.startswith("<"):
                phrases = self._lists.get(piece[1:-1], ())
                keys = sorted({self.phrase_key(phrase) for phrase in phrases}, key=len, reverse=True)
                parts = ["(?:" + "|".join(re.escape(key) for key in keys if key) + ")"]
            elif piece.startswith("{"):
                parts = [(fields or {}).get(piece[1:-1], slot)]
            else:
                parts = [re.escape(key) for key in self.phrase_key(piece).split()]
                # A literal written against a placeholder is a prefix or suffix of its word in a
                # spaced language (Arabic "و{request}": "وابدئي"); a unit of its own otherwise.
                starts_glued = glued or (self.spaced and not piece[0].isspace())
                regex += ("" if not regex or starts_glued else " ") + " ".join(parts)
                glued = self.spaced and not piece[-1].isspace()
                continue
            regex += ("" if not regex or glued else " ") + " ".join(parts)
            glued = False
        return regex

    def form_regex(self, template: str, name: str) -> re.Pattern[str]:
        """A launch or one-shot form with the invocation name (``name``: its key text) filled in."""
        articles = "|".join(re.escape(article) for article in self.articles if article)
        named = f"(?:(?:{articles}) )?{re.escape(name)}" if articles else re.escape(name)
        return re.compile(self._template_regex(template, "(.+)", {"name": named}))

    def list_phrases(self, name: str) -> tuple[str, ...]:
        return self._lists.get(name, ())

    # -- numbers and times (what AMAZON.NUMBER and AMAZON.TIME send) -----------------------------

    def _number_table(self, numbers: Mapping[str, Any]) -> dict[str, int]:
        table: dict[str, int] = {}
        words = {int(number): tuple(forms) for number, forms in numbers.get("words", {}).items()}
        tens = {int(number): tuple(forms) for number, forms in numbers.get("tens", {}).items()}
        for number, forms in (*words.items(), *tens.items()):
            for form in forms:
                table.setdefault(self._solid(form), number)
        for template in numbers.get("compose", ()):
            for ten, ten_forms in tens.items():
                for one in range(1, 10):
                    if ten + one in words:
                        continue  # an irregular form is listed as a word ("veintiuno")
                    for ten_form in ten_forms:
                        for one_form in words.get(one, ()):
                            spoken = template.replace("{tens}", ten_form).replace("{ones}", one_form)
                            table.setdefault(self._solid(spoken), ten + one)
        return table

    def number(self, text: str) -> int | None:
        """The number ``text`` says (words or digits, 0-999), or None."""
        solid = self._solid(text)
        if _DIGITS.fullmatch(solid):
            return int(solid)
        return self._numbers.get(solid)

    def spoken_number(self, text: str) -> str | None:
        """What AMAZON.NUMBER sends for spoken words: "fifteen" → "15", "fünfundzwanzig" → "25"."""
        number = self.number(text)
        return None if number is None else str(number)

    def _hour(self, text: str) -> int | None:
        solid = self._solid(text)
        if re.fullmatch(r"\d{1,2}", solid):
            return int(solid)
        if solid in self._hours:
            return self._hours[solid]
        number = self._numbers.get(solid)
        return number if number is not None and number <= self._max_hour_word else None

    def spoken_time(self, text: str) -> str | None:
        """What AMAZON.TIME sends for spoken words: "seven thirty pm" → "19:30", "halb neun" → "08:30",
        "朝8時" → "08:00", "in the evening" → "EV"; None when the words are not a time."""
        keys = self.phrase_key(text)
        solid = keys.replace(" ", "")
        if solid in self._parts_of_day:
            return self._parts_of_day[solid]
        for prefix in self._time_prefixes:  # "um", "a las", "الساعة": said before the hour
            if keys.startswith(prefix + " "):
                keys = keys[len(prefix) + 1 :]
                break
        kind: str | None = None
        for marker, marker_kind in self._markers:
            if keys == marker:
                continue
            if self._marker_position in ("after", "both") and keys.endswith(" " + marker):
                keys, kind = keys[: -len(marker) - 1], marker_kind
                break
            if self._marker_position in ("before", "both") and keys.startswith(marker + " "):
                keys, kind = keys[len(marker) + 1 :], marker_kind
                break
        hour_minute = self._clock(keys)
        if hour_minute is None:
            return None
        hour, minute = hour_minute
        if not 0 <= minute < 60 or not 0 <= hour <= 23:
            return None
        if (kind == "pm" and hour < 12) or (kind == "night" and 6 <= hour < 12):
            hour += 12
        elif kind == "night" and hour == 12:
            hour = 0
        return f"{hour:02d}:{minute:02d}"

    def _clock(self, keys: str) -> tuple[int, int] | None:
        solid = keys.replace(" ", "")
        if solid in self._named_times:
            named_hour, named_minute = self._named_times[solid].split(":")
            return int(named_hour), int(named_minute)
        clock = _CLOCK.fullmatch(solid)
        if clock is not None:
            return int(clock[1]), int(clock[2] or 0)
        for regex, offset, fixed_minute in self._time_patterns:
            hit = re.fullmatch(regex, keys)
            if hit is None:
                continue
            found = hit.groupdict()
            hour = self._hour(found["h"]) if found.get("h") is not None else None
            minute = int(fixed_minute) if fixed_minute is not None else self.number(found.get("m") or "")
            if hour is None or minute is None:
                continue
            return (hour + offset) % 24 if offset else hour, minute
        return None


def language(code: str) -> Language:
    """The language data for ``code`` ("de", or a locale such as "de-DE"), from ``LANGUAGE_DIR``."""
    return _language(code.replace("_", "-").split("-")[0].lower())


@cache
def _language(name: str) -> Language:
    path = LANGUAGE_DIR / f"{name}.json"
    if not path.is_file():
        known = ", ".join(sorted(file.stem for file in LANGUAGE_DIR.glob("*.json")))
        raise ModelError(f"no language data for {name!r} (looked for {path}; have {known})")
    return Language(json.loads(path.read_text(encoding="utf-8")))


ENGLISH: Final = language("en")

# English, as before the words moved to devtools/nlu_languages/en.json (tests read these).
BUILTIN_PHRASES: Final[Mapping[BuiltinIntent, tuple[str, ...]]] = {
    BuiltinIntent(intent): phrases for intent, phrases in ENGLISH.builtin_phrases.items()
}
LAUNCH_PHRASES: Final = ENGLISH.launch_phrases
"""Words that, said before the invocation name and nothing after it, open the skill (English)."""
CONNECTING_WORDS: Final = ENGLISH.connecting_words
"""Alexa's connecting words between the invocation name and the request; not part of samples."""


PRIORITY_INTENTS: Final = ("PainIntent", "UnwellIntent")
"""Intents whose samples win wherever they occur in an utterance ("stop, my knee hurts"), as the
skill's handlers let words of pain or feeling unwell win over every other intent."""


KNOWN_VALUES_ONLY: Final = (
    *PRIORITY_INTENTS,
    "CountIntent",
    "FeelingIntent",
    "ReadyIntent",
    "WaitIntent",
    "SoundsIntent",
    "DoneForTodayIntent",
    "PaceIntent",
    "DoseIntent",
)
"""Intents whose slots are a closed vocabulary (symptoms, how one feels, being ready, a count):
words their types do not know are not these intents at all ("how many days in a row have i done"
is no count of reps), so no-match values are never accepted for them."""


@dataclass(frozen=True)
class SlotMatch:
    """One slot as heard: the raw words and, when the slot type knows them, the value they name.

    ``id`` is None for ER_SUCCESS_NO_MATCH (the user said something the type does not list); the
    handlers then see only ``value``, exactly as on a device.
    """

    value: str
    id: str | None = None
    name: str | None = None
    """The canonical value name (e.g. "heel raises" for "calf raises"); None when unresolved."""

    @property
    def resolved(self) -> bool:
        """Whether entity resolution found the value (ER_SUCCESS_MATCH)."""
        return self.id is not None


@dataclass(frozen=True)
class Resolution:
    """What a device would send for one utterance."""

    kind: ResolutionKind
    intent: str | None = None
    slots: dict[str, SlotMatch] = field(default_factory=dict)
    one_shot: bool = False
    """True for "ask my foot routine ...": the request opens a new session by itself."""
    text: str = ""
    """The normalised text that was resolved."""


@dataclass(frozen=True)
class SlotValue:
    """One value of a custom slot type: its id, its name and what else people call it."""

    id: str
    name: str
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class SlotType:
    """A custom slot type; resolves heard words to a value the way entity resolution does."""

    name: str
    values: tuple[SlotValue, ...]
    language: Language = field(default=ENGLISH, repr=False, compare=False)
    _lookup: Mapping[str, SlotValue] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        table: dict[str, SlotValue] = {}
        for value in self.values:
            for spoken in (value.name, *value.synonyms):
                table.setdefault(self.language.phrase_key(spoken), value)
        object.__setattr__(self, "_lookup", table)

    def spoken_keys(self) -> tuple[str, ...]:
        """Every name and synonym of the type's values, as matching keys."""
        return tuple(self._lookup)

    def match(self, raw: str) -> SlotMatch:
        """Resolve ``raw`` against the value names and synonyms (ER_SUCCESS_MATCH or NO_MATCH)."""
        found = self._lookup.get(self.language.phrase_key(raw))
        if found is None:
            return SlotMatch(value=raw)
        return SlotMatch(value=raw, id=found.id, name=found.name)


@dataclass(frozen=True)
class IntentDef:
    """One intent of the model: its slots (name → type) and sample utterances."""

    name: str
    slots: Mapping[str, str]
    samples: tuple[str, ...]
    slot_samples: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Per slot, what users say when the skill asks for it (``Dialog.ElicitSlot``): only heard then."""


@dataclass(frozen=True)
class _SlotPattern:
    """A sample with slots, compiled: ``{slot}`` matches one or more words."""

    intent: str
    regex: re.Pattern[str]
    slot_names: tuple[str, ...]
    literal_count: int
    distinctive: bool
    lazy: re.Pattern[str] | None = None
    """The same sample with each slot taking as few words as it can: "turn the {sound} {setting}"
    splits "turn the beeps back on" both ways, and the split whose words the types know wins."""
    known: re.Pattern[str] | None = None
    """Each slot only the values its type knows: the split in the middle ("haz {exercise} {change}"
    heard as "haz elevaciones de talones más difícil"), which neither extreme finds."""


@dataclass(frozen=True)
class _Heard:
    """Normalised words with their matching keys (the same words without apostrophes)."""

    words: tuple[str, ...]
    language: Language = ENGLISH

    @property
    def keys(self) -> tuple[str, ...]:
        return self.language.keys(self.words)

    @property
    def key_text(self) -> str:
        return " ".join(self.keys)

    @property
    def text(self) -> str:
        return self.language.joiner.join(self.words)

    def again(self, words: tuple[str, ...]) -> _Heard:
        """Other words heard in the same language."""
        return _Heard(words, self.language)

    def span(self, key_start: int, key_end: int) -> str:
        """The heard words covering characters ``key_start:key_end`` of ``key_text``."""
        key_text = self.key_text
        first = key_text.count(" ", 0, key_start)
        last = key_text.count(" ", 0, key_end) + 1
        return self.language.joiner.join(self.words[first:last])

    def part(self, key_start: int, key_end: int) -> tuple[str, ...]:
        """The units of characters ``key_start:key_end`` of ``key_text``: the heard words when the
        span is whole words, else the keys themselves (Arabic "و" glued to the request's first word)."""
        key_text = self.key_text
        whole = (key_start == 0 or key_text[key_start - 1] == " ") and (
            key_end == len(key_text) or key_text[key_end] == " "
        )
        if whole:
            first = key_text.count(" ", 0, key_start)
            last = key_text.count(" ", 0, key_end) + 1
            return self.words[first:last]
        return tuple(key_text[key_start:key_end].split())


class InteractionModel:
    """An interaction model in ASK CLI format, able to resolve typed text to what a device sends.

    ``language`` holds the words of the model's language that the model itself does not (see
    ``Language``); English unless given.
    """

    def __init__(
        self,
        invocation_name: str,
        intents: Sequence[IntentDef],
        types: Sequence[SlotType],
        language: Language = ENGLISH,
    ) -> None:
        self.invocation_name = invocation_name
        self.language = language
        self.intents: Mapping[str, IntentDef] = {intent.name: intent for intent in intents}
        self.types: Mapping[str, SlotType] = {
            slot_type.name: (
                slot_type if slot_type.language is language else replace(slot_type, language=language)
            )
            for slot_type in types
        }
        self._invocation = language.keys(language.words(invocation_name))
        name = " ".join(self._invocation)
        self._launch_forms = tuple(language.form_regex(form, name) for form in language.launch_forms)
        self._one_shot_forms = tuple(language.form_regex(form, name) for form in language.one_shot_forms)
        key = language.phrase_key
        self._exact: dict[str, str] = {}
        patterns: list[tuple[int, int, _SlotPattern]] = []
        for intent in intents:
            for sample in intent.samples:
                if "{" in sample:
                    pattern = _compile_sample(language, intent.name, sample)
                    if pattern.lazy is not None:
                        known = _compile_known_values(language, intent.name, sample, intent.slots, self.types)
                        pattern = replace(pattern, known=re.compile(known.regex.pattern[1:-1]))
                    patterns.append((-pattern.literal_count, len(patterns), pattern))
                else:
                    self._exact.setdefault(key(sample), intent.name)
        for builtin, phrases in language.builtin_phrases.items():
            if builtin in self.intents:
                for phrase in phrases:
                    # The model's own samples win over Amazon's training, as on a device.
                    self._exact.setdefault(key(phrase), builtin)
        self._patterns = tuple(pattern for *_, pattern in sorted(patterns, key=lambda item: item[:2]))
        # Longest first, so "my chest hurts" (unwell) is found before a shorter "hurts"-like sample.
        self._priority_samples = sorted(
            (
                (key(sample), intent.name)
                for intent in intents
                if intent.name in PRIORITY_INTENTS
                for sample in intent.samples
                if "{" not in sample
            ),
            key=lambda item: -len(item[0]),
        )
        # Priority samples with slots ("my {body_part} {pain}") are found anywhere too, but only
        # with words their slot types know: a symptom vocabulary, not any words at all.
        self._priority_patterns = tuple(
            sorted(
                (
                    _compile_known_values(language, intent.name, sample, intent.slots, self.types)
                    for intent in intents
                    if intent.name in PRIORITY_INTENTS
                    for sample in intent.samples
                    if "{" in sample
                ),
                key=lambda pattern: -pattern.literal_count,
            )
        )
        # A value of a custom slot type said on its own ("slower", "dizzy", "ankle circles") goes
        # to the first intent that declares a slot of that type: Alexa's NLU learns from slot
        # values as well as from samples, so the model needs no bare "{pace}" sample (a trap: one
        # that matches any short reply) for the value alone to be understood.
        self._value_home: dict[str, tuple[str, str, str]] = {}
        for intent in intents:
            for slot_name, type_name in intent.slots.items():
                slot_type = self.types.get(type_name)
                if slot_type is None:
                    continue
                for value in slot_type.values:
                    for spoken in (value.name, *value.synonyms):
                        self._value_home.setdefault(key(spoken), (intent.name, slot_name, type_name))

    @classmethod
    def from_json(cls, data: Mapping[str, Any], *, locale: str = DEFAULT_LOCALE) -> InteractionModel:
        """Build from the parsed ASK CLI JSON, rejecting what Alexa's model build would reject.

        ``locale`` ("de-DE") chooses the language data the text is read with.
        """
        lang = language(locale)
        try:
            language_model = data["interactionModel"]["languageModel"]
            invocation_name = language_model["invocationName"]
            raw_intents = language_model["intents"]
        except (KeyError, TypeError) as error:
            raise ModelError(f"not an ASK CLI interaction model: missing {error}") from error
        types = tuple(_parse_type(raw, lang) for raw in language_model.get("types", []))
        known_types = {slot_type.name for slot_type in types}
        intents = tuple(_parse_intent(raw, known_types, lang) for raw in raw_intents)
        return cls(invocation_name, intents, types, lang)

    def slot_type_of(self, intent: str, slot: str) -> str:
        """The declared type of ``slot`` in ``intent``; KeyError if the model does not declare it."""
        return self.intents[intent].slots[slot]

    def match_slot_value(self, type_name: str, raw: str) -> SlotMatch:
        """Entity resolution of ``raw`` for a slot of type ``type_name``.

        AMAZON.TIME arrives on a device as "08:00" (or "MO" for "in the morning"), not as the
        words: the same conversion is made here, so the handlers see what a device sends.
        """
        if type_name in (TIME_TYPE, NUMBER_TYPE):
            # A device sends AMAZON.TIME as "08:00" and AMAZON.NUMBER as "15"; words it could not
            # read as one stay as heard, and count as unresolved when choosing between samples.
            convert = self.language.spoken_time if type_name == TIME_TYPE else self.language.spoken_number
            value = convert(raw)
            return SlotMatch(value=value, id=value) if value is not None else SlotMatch(value=raw)
        slot_type = self.types.get(type_name)
        if slot_type is None:
            return SlotMatch(value=raw)
        return slot_type.match(raw)

    def resolve(self, text: str, eliciting: tuple[str, str] | None = None) -> Resolution:
        """What a device would send for ``text`` said to it (see the module docstring).

        ``eliciting`` is (intent, slot) when the skill's last answer asked for that slot with
        ``Dialog.ElicitSlot``: the slot's own samples ("{time}", "at {time}") are heard first then,
        and only then.
        """
        lang = self.language
        heard = _Heard(_strip_wake_word(lang, lang.words(text)), lang)
        if not heard.words:
            return Resolution(kind=ResolutionKind.NONE)
        urgent = self._priority(heard)
        if urgent is not None:
            return replace(urgent, one_shot=self._mentions_name(heard), text=heard.text)
        if self._is_launch(heard):
            return Resolution(kind=ResolutionKind.LAUNCH, text=heard.text)
        requests = self._one_shot_requests(heard)
        if requests is not None:
            for request in requests:
                found = self._match(heard.again(request))
                if found is not None:
                    return replace(found, one_shot=True, text=heard.text)
            return _fallback(heard.text, one_shot=True)
        if eliciting is not None:
            elicited = self._elicited(heard, *eliciting)
            if elicited is not None:
                return elicited
        found = self._match(heard)
        return found if found is not None else _fallback(heard.text, one_shot=False)

    def _priority(self, heard: _Heard) -> Resolution | None:
        """A priority intent one of whose samples occurs as whole words anywhere in ``heard``.

        Feeling unwell (chest, dizziness, a fall) wins over pain wherever both are said ("my arm's
        numb and my chest hurts"); within one intent, the longest match.
        """
        lang = self.language
        plain = heard.again(_plain_words(lang, heard.words))
        best: tuple[int, int, Resolution] | None = None

        def consider(length: int, found: Resolution) -> None:
            nonlocal best
            rank = PRIORITY_INTENTS.index(found.intent or "")
            if best is None or (rank, length) > best[:2]:
                best = (rank, length, found)

        for words in (heard, plain):  # as said, and without "really", "a bit", "ever so" and repeats
            padded = f" {words.key_text} "
            for sample_key, name in self._priority_samples:
                if f" {sample_key} " in padded:
                    consider(len(sample_key), Resolution(kind=ResolutionKind.INTENT, intent=name))
            for pattern in self._priority_patterns:
                hit = pattern.regex.search(padded)
                if hit is None:
                    continue
                declared = self.intents[pattern.intent].slots
                slots = {
                    slot_name: self.match_slot_value(
                        declared[slot_name], words.span(*_unpadded(hit.span(index + 1)))
                    )
                    for index, slot_name in enumerate(pattern.slot_names)
                }
                found = Resolution(kind=ResolutionKind.INTENT, intent=pattern.intent, slots=slots)
                consider(hit.end() - hit.start() - 2, found)
        if best is not None:
            return best[2]
        bare = _strip_trailing(lang, _strip_leading(lang, plain.words))
        home = self._value_home.get(" ".join(lang.keys(bare)))
        if home is not None and home[0] in PRIORITY_INTENTS:  # "dizzy", "cramp" said alone
            intent, slot_name, type_name = home
            slots = {slot_name: self.match_slot_value(type_name, heard.text)}
            return Resolution(kind=ResolutionKind.INTENT, intent=intent, slots=slots)
        return None

    def _elicited(self, heard: _Heard, intent_name: str, slot_name: str) -> Resolution | None:
        """``heard`` as the answer to a question for ``slot_name`` of ``intent_name``, if it is one."""
        lang = self.language
        intent = self.intents.get(intent_name)
        if intent is None or slot_name not in intent.slots:
            return None
        for sample in intent.slot_samples.get(slot_name, ()):
            pattern = _compile_sample(lang, intent_name, sample)
            for variant in (heard, heard.again(_strip_trailing(lang, _strip_leading(lang, heard.words)))):
                hit = pattern.regex.fullmatch(variant.key_text)
                if hit is None:
                    continue
                slots = {
                    name: self.match_slot_value(intent.slots[name], variant.span(*hit.span(index + 1)))
                    for index, name in enumerate(pattern.slot_names)
                }
                if all(slot.resolved for slot in slots.values()):
                    return Resolution(
                        kind=ResolutionKind.INTENT, intent=intent_name, slots=slots, text=heard.text
                    )
        return None

    def _mentions_name(self, heard: _Heard) -> bool:
        """Whether the invocation name is said anywhere (whole units)."""
        return f" {' '.join(self._invocation)} " in f" {heard.key_text} "

    def _is_launch(self, heard: _Heard) -> bool:
        """A launch form ("open my foot routine", "öffne meine fußübungen", "足の体操を開いて")."""
        key_text = heard.again(_strip_leading(self.language, heard.words)).key_text
        return any(form.fullmatch(key_text) for form in self._launch_forms)

    def _one_shot_requests(self, heard: _Heard) -> list[tuple[str, ...]] | None:
        """The request words of a one-shot form, connecting word stripped first; None if not one.

        The language's one-shot forms, in order: "ask/tell <name> [connecting word] <request>" and
        "<launch word> <name> and <request>" (Amazon's "open <invocation name> and <some action>")
        in English; "frage <name> nach <request>", "<name>で<request>", "<request> من <name>"...
        """
        stripped = heard.again(_strip_leading(self.language, heard.words))
        key_text = stripped.key_text
        requests: list[tuple[str, ...]] = []
        for form in self._one_shot_forms:
            hit = form.fullmatch(key_text)
            if hit is None:
                continue
            request = stripped.part(*hit.span(1))
            if request and request not in requests:
                requests.append(request)
        return requests or None

    def _match(self, heard: _Heard) -> Resolution | None:
        """The words as said first, then with fillers stripped a step at a time: for each, an exact
        sample, then a sample whose slots all resolve, then a value said alone. Only when none of
        those fits anywhere, a sample whose slot heard words its type does not know."""
        variants = [heard.again(words) for words in _variants(self.language, heard.words)]
        for variant in variants:
            intent = self._exact.get(variant.key_text)
            if intent is not None:
                return Resolution(kind=ResolutionKind.INTENT, intent=intent, text=heard.text)
            found = self._match_slots(variant, accept_unknown=False)
            if found is not None:
                return replace(found, text=heard.text)
            home = self._value_home.get(variant.key_text)
            if home is not None:
                intent, slot_name, type_name = home
                slots = {slot_name: self.match_slot_value(type_name, variant.text)}
                return Resolution(kind=ResolutionKind.INTENT, intent=intent, slots=slots, text=heard.text)
        for variant in variants:
            found = self._match_slots(variant, accept_unknown=True)
            if found is not None:
                return replace(found, text=heard.text)
        return None

    def _match_slots(self, heard: _Heard, *, accept_unknown: bool) -> Resolution | None:
        key_text = heard.key_text
        for pattern in self._patterns:
            if accept_unknown and (not pattern.distinctive or pattern.intent in KNOWN_VALUES_ONLY):
                continue  # these take only the words their slot types know
            intent = self.intents[pattern.intent]
            for regex in (pattern.regex, pattern.lazy, pattern.known):
                hit = regex.fullmatch(key_text) if regex is not None else None
                if hit is None:
                    continue
                slots = {
                    name: self.match_slot_value(intent.slots[name], heard.span(*hit.span(index + 1)))
                    for index, name in enumerate(pattern.slot_names)
                }
                # A device never fills AMAZON.NUMBER or AMAZON.TIME with words it cannot read as one.
                builtins_read = all(
                    slot.resolved
                    for name, slot in slots.items()
                    if intent.slots[name].startswith(BUILTIN_PREFIX)
                )
                if builtins_read and (accept_unknown or all(slot.resolved for slot in slots.values())):
                    return Resolution(kind=ResolutionKind.INTENT, intent=pattern.intent, slots=slots)
        return None


TIME_TYPE: Final = "AMAZON.TIME"
NUMBER_TYPE: Final = "AMAZON.NUMBER"


def spoken_number(words: str, lang: Language = ENGLISH) -> str | None:
    """What AMAZON.NUMBER sends for spoken words: "fifteen" → "15", "twenty five" → "25"."""
    return lang.spoken_number(words)


def spoken_time(words: str, lang: Language = ENGLISH) -> str | None:
    """What AMAZON.TIME sends for spoken words: "eight" → "08:00", "seven thirty pm" → "19:30",
    "eight in the morning" → "08:00", "half past seven" → "07:30", "noon" → "12:00", "in the
    evening" → "EV"; None when the words are not a time."""
    return lang.spoken_time(words)


def model_candidates(locale: str = DEFAULT_LOCALE) -> tuple[Path, ...]:
    """Where ``load_model`` looks when given no path, in order.

    1. ``<repo>/interaction_models/<locale>.json`` next to the package: the source checkout, and
       an editable install (the package directory is the checkout's ``skill/``).
    2. ``./interaction_models/<locale>.json`` under the working directory: a non-editable install
       run from the checkout (the package then lives in site-packages, away from the model).
    The model is not copied into the package on purpose: one file, so the deployed model and the
    one the coach understands cannot drift. Anywhere else, pass the path explicitly.
    """
    file_name = f"{locale}.json"
    package_repo = Path(__file__).resolve().parent.parent
    return (package_repo / MODEL_DIR_NAME / file_name, Path.cwd() / MODEL_DIR_NAME / file_name)


_LOCALE_NAME = re.compile(r"[a-z]{2,3}-[A-Z]{2}")


def load_model(path: str | Path | None = None, *, locale: str | None = None) -> InteractionModel:
    """Load the interaction model from ``path``, or from the first of ``model_candidates``.

    ``locale`` names the model to find and the language to read text in; with a ``path`` and no
    ``locale``, a file named like a locale ("de-DE.json") gives it, and any other name is en-US.
    """
    if locale is None:
        stem = Path(path).stem if path is not None else ""
        locale = stem if _LOCALE_NAME.fullmatch(stem) else DEFAULT_LOCALE
    if path is None:
        candidates = model_candidates(locale)
        found = next((candidate for candidate in candidates if candidate.is_file()), None)
        if found is None:
            tried = ", ".join(str(candidate) for candidate in candidates)
            raise FileNotFoundError(f"no interaction model found (tried {tried}); pass its path")
        path = found
    model_file = Path(path)
    try:
        data = json.loads(model_file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ModelError(f"{model_file}: not valid JSON: {error}") from error
    if not isinstance(data, dict):
        raise ModelError(f"{model_file}: the top level must be an object")
    return InteractionModel.from_json(data, locale=locale)


def normalize(text: str, lang: Language = ENGLISH) -> str:
    """Lowercase, punctuation dropped (apostrophes kept), spaces collapsed."""
    return lang.joiner.join(lang.words(text))


_SLOT_REFERENCE = re.compile(r"\{([^{}]*)\}")
_SLOT_WORDS = r"[^ ]+(?: [^ ]+)*"
_SLOT_WORDS_LAZY = r"[^ ]+(?: [^ ]+)*?"


def _plain_words(lang: Language, words: tuple[str, ...]) -> tuple[str, ...]:
    """``words`` without intensifiers, side words, "a bit"/"a little"/"kind of", and a word said twice."""
    keys = lang.keys(words)
    kept: list[str] = []
    index = 0
    while index < len(words):
        dropped = next(
            (len(phrase) for phrase in lang.dropped if keys[index : index + len(phrase)] == phrase), 0
        )
        if dropped:
            index += dropped
            continue
        word = words[index]
        if not (lang.drop_repeats and kept and kept[-1] == word):
            kept.append(word)
        index += 1
    return tuple(kept)


def _phrase_key(text: str, lang: Language = ENGLISH) -> str:
    return lang.phrase_key(text)


def _strip_wake_word(lang: Language, words: tuple[str, ...]) -> tuple[str, ...]:
    keys = lang.keys(words)
    for wake in lang.wake_words:
        if wake and keys[: len(wake)] == wake:
            return words[len(wake) :]
    return words


def _variants(lang: Language, words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The words, then with politeness and hesitation stripped a step at a time from each end
    ("well that's me done for today thank you" → ... → "that's me done for today" → ...), each once."""
    fronts = [words]
    while (shorter := _strip_leading(lang, fronts[-1], steps=1)) != fronts[-1]:
        fronts.append(shorter)
    plain = _plain_words(lang, words)
    if plain != words:  # last: without "really", "still", "a bit" and words said twice
        fronts.append(plain)
    found: list[tuple[str, ...]] = []
    for front in fronts:
        current = front
        while True:
            if current and current not in found:
                found.append(current)
            shorter = _strip_trailing(lang, current, steps=1)
            if shorter == current:
                break
            current = shorter
    return found


def _strip_leading(lang: Language, words: tuple[str, ...], steps: int = -1) -> tuple[str, ...]:
    changed = True
    while changed and steps != 0:
        changed = False
        steps -= 1
        keys = lang.keys(words)
        for filler in lang.leading:
            if len(keys) > len(filler) and keys[: len(filler)] == filler:
                words, changed = words[len(filler) :], True
                break
    return words


def _strip_trailing(lang: Language, words: tuple[str, ...], steps: int = -1) -> tuple[str, ...]:
    changed = True
    while changed and steps != 0:
        changed = False
        steps -= 1
        keys = lang.keys(words)
        for filler in lang.trailing:
            if len(keys) > len(filler) and keys[-len(filler) :] == filler:
                words, changed = words[: -len(filler)], True
                break
    return words


def _sample_parts(
    lang: Language, sample: str, slot_regex: Callable[[str], str]
) -> tuple[list[str], list[str], list[str]]:
    """A sample as regular-expression parts (each slot by ``slot_regex(slot name)``), its slot names
    and its literal units."""
    parts: list[str] = []
    slot_names: list[str] = []
    literals: list[str] = []
    for index, piece in enumerate(_SLOT_REFERENCE.split(sample)):  # odd pieces: slot names
        if index % 2:
            slot_names.append(piece)
            parts.append(f"({slot_regex(piece)})")
        else:
            keys = lang.phrase_key(piece).split()
            literals.extend(keys)
            parts.extend(re.escape(key) for key in keys)
    return parts, slot_names, literals


def _distinctive(lang: Language, literals: list[str]) -> bool:
    """Whether a sample's literal units hold a word that can anchor an unknown slot value."""
    if lang.spaced:
        return any(word not in lang.non_distinctive for word in literals)
    rest = "".join(literals)
    for bland in sorted(lang.non_distinctive, key=len, reverse=True):
        rest = rest.replace(bland.replace(" ", ""), "")
    return bool(rest)


def _compile_sample(lang: Language, intent: str, sample: str) -> _SlotPattern:
    parts, slot_names, literals = _sample_parts(lang, sample, lambda _: _SLOT_WORDS)
    greedy = " ".join(parts)
    return _SlotPattern(
        intent=intent,
        regex=re.compile(greedy),
        slot_names=tuple(slot_names),
        literal_count=len(literals),
        distinctive=_distinctive(lang, literals),
        lazy=re.compile(greedy.replace(_SLOT_WORDS, _SLOT_WORDS_LAZY)) if len(slot_names) > 1 else None,
    )


def _compile_known_values(
    lang: Language, intent: str, sample: str, slots: Mapping[str, str], types: Mapping[str, SlotType]
) -> _SlotPattern:
    """A sample whose slots match only the values their custom types know, found anywhere.

    The text it is searched in is padded with a space at each end, so every match is whole units.
    """

    def known_values(slot_name: str) -> str:
        slot_type = types.get(slots[slot_name])
        known = sorted(slot_type.spoken_keys() if slot_type is not None else (), key=len, reverse=True)
        return "|".join(re.escape(key) for key in known) if known else _SLOT_WORDS

    parts, slot_names, literals = _sample_parts(lang, sample, known_values)
    return _SlotPattern(
        intent=intent,
        regex=re.compile(" " + " ".join(parts) + " "),
        slot_names=tuple(slot_names),
        literal_count=len(literals),
        distinctive=True,
    )


def _unpadded(span: tuple[int, int]) -> tuple[int, int]:
    """A span in the padded text (" " + key_text + " ") as a span in key_text."""
    return span[0] - 1, span[1] - 1


def _fallback(text: str, *, one_shot: bool) -> Resolution:
    return Resolution(
        kind=ResolutionKind.INTENT, intent=BuiltinIntent.FALLBACK.value, one_shot=one_shot, text=text
    )


def _parse_type(raw: Mapping[str, Any], lang: Language = ENGLISH) -> SlotType:
    try:
        values = tuple(
            SlotValue(
                id=str(value.get("id") or value["name"]["value"]),
                name=str(value["name"]["value"]),
                synonyms=tuple(str(synonym) for synonym in value["name"].get("synonyms", [])),
            )
            for value in raw["values"]
        )
        return SlotType(name=str(raw["name"]), values=values, language=lang)
    except (KeyError, TypeError) as error:
        raise ModelError(f"slot type {raw!r}: missing {error}") from error


def _parse_intent(raw: Mapping[str, Any], known_types: set[str], lang: Language = ENGLISH) -> IntentDef:
    try:
        name = str(raw["name"])
        slots = {str(slot["name"]): str(slot["type"]) for slot in raw.get("slots", [])}
        samples = tuple(str(sample) for sample in raw.get("samples", []))
        slot_samples = {
            str(slot["name"]): tuple(str(sample) for sample in slot.get("samples", []))
            for slot in raw.get("slots", [])
            if slot.get("samples")
        }
    except (KeyError, TypeError) as error:
        raise ModelError(f"intent {raw!r}: missing {error}") from error
    for slot_name, type_name in slots.items():
        if type_name not in known_types and not type_name.startswith(BUILTIN_PREFIX):
            raise ModelError(f"{name}: slot {slot_name!r} has undefined type {type_name!r}")
    for sample in (*samples, *(one for more in slot_samples.values() for one in more)):
        # Languages written with spaces need a slot to be a whole word ("do {exercise}"); Japanese
        # writes it against its particle ("{exercise}をお願い").
        pieces = sample.split() if lang.spaced else [sample]
        for word in pieces:
            for reference in _SLOT_REFERENCE.finditer(word):
                if lang.spaced and reference.group(0) != word:
                    raise ModelError(f"{name}: {sample!r}: a slot reference must be a whole word")
                if reference.group(1) not in slots:
                    raise ModelError(f"{name}: {sample!r} uses undeclared slot {reference.group(1)!r}")
    return IntentDef(name=name, slots=slots, samples=samples, slot_samples=slot_samples)
