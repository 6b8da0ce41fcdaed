"""Understand typed text the way an Echo would, through this skill's own interaction model.

The local coach and the tests type what a user would say ("alexa, ask my foot routine for ankle
circles", "slow down please", "how much is left"). To be worth anything, that text must reach the
handlers as the same request a device would send, so this module resolves it through
``interaction_models/<locale>.json`` itself rather than through a second, hand-kept list of phrases:
a sample added to the model is understood here at once, and a phrase the model lacks fails here
too. It is deliberately small and deterministic (regular expressions, no ML), so it is stricter
than Alexa's statistical NLU; where it has to choose, it chooses what a device most likely sends.

Rules, in order:

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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
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


BUILTIN_PHRASES: Final[Mapping[BuiltinIntent, tuple[str, ...]]] = {
    # Built-in intents come with Amazon's own training; the model only lists extra samples. These
    # are the common phrasings a device maps to each, so text typed locally lands where it would.
    BuiltinIntent.PAUSE: ("pause", "pause it", "pause that"),
    BuiltinIntent.RESUME: ("resume", "continue", "unpause", "resume it"),
    BuiltinIntent.NEXT: ("next", "skip", "skip it", "skip this", "skip ahead", "go forward", "forward"),
    BuiltinIntent.PREVIOUS: (
        "previous",
        "go back",
        "back",
        "go back one",
        "last one",
        "the previous one",
        "previous one",
    ),
    BuiltinIntent.REPEAT: ("repeat", "again", "say again", "repeat it", "once more"),
    BuiltinIntent.START_OVER: (
        "start over",
        "restart",
        "start again",
        "begin again",
        "from the top",
        "start from the top",
        "from the beginning",
        "start from the beginning",
        "go to the beginning",
        "go back to the beginning",
    ),
    BuiltinIntent.HELP: (
        "help",
        "help me",
        "i need help",
        "what can i say",
        "what do i say",
        "what can i do",
        "what are my options",
        "how does this work",
    ),
    BuiltinIntent.STOP: (
        "stop",
        "stop it",
        "quit",
        "exit",
        "off",
        "shut up",
        "enough",
        "that's enough",
        "goodbye",
        "bye",
    ),
    BuiltinIntent.CANCEL: ("cancel", "cancel that", "never mind", "nevermind", "forget it"),
    BuiltinIntent.NAVIGATE_HOME: ("home", "go home", "go to home", "go to the home screen"),
    BuiltinIntent.YES: (
        "yes",
        "yeah",
        "yep",
        "yup",
        "sure",
        "ok",
        "okay",
        "alright",
        "all right",
        "of course",
        "correct",
        "sounds good",
        "please do",
    ),
    BuiltinIntent.NO: ("no", "nope", "nah", "no thanks", "no thank you", "not now", "not really"),
}

WAKE_WORDS: Final = frozenset({"alexa", "amazon", "echo", "computer", "ziggy"})
"""The wake words an Echo answers to; one spoken first is not part of the request."""

LAUNCH_PHRASES: Final = (
    "start",
    "open",
    "open up",
    "launch",
    "begin",
    "resume",
    "load",
    "run",
    "use",
    "talk to",
    "play",
    "ask",
    "tell",
)
"""Words that, said before the invocation name and nothing after it, open the skill."""

ONE_SHOT_PHRASES: Final = ("ask", "tell")
"""Words that, before the invocation name, carry a request after it with an optional connecting
word (one-shot invocation). Other launch words carry one only after "and"."""

CONNECTING_WORDS: Final = frozenset({"to", "for", "about", "if", "whether", "that"})
"""Alexa's connecting words between the invocation name and the request; not part of samples."""

LAUNCH_CONNECTOR: Final = "and"
"""Joins a launch word's invocation to a request: "open my foot routine and do heel raises"."""

LEADING_FILLERS: Final = (
    "please",
    "can you",
    "could you",
    "would you",
    "will you",
    "can we",
    "could we",
    "shall we",
    "let's",
    "let us",
    "i want to",
    "i wanna",
    "i'd like to",
    "i would like to",
    "i think",
    "ok",
    "okay",
    "so",
    "um",
    "uh",
    "oh",
    "ooh",
    "oh dear",
    "ah",
    "er",
    "erm",
    "hmm",
    "mm",
    "well",
    "now",
    "right",
    "alright",
    "yeah",
    "yes",
    "sorry",
    "sorry but",
    "excuse me",
    "and",
    "but",
    "actually",
    "eh",
    "kindly",
    "let me",
    "oh no",
    "oops",
    "whoa",
    "hey",
    "hold on",
    "hang on",
    "hang about",
    "wait",
    "the",
    "just",
    "love",
    "dear",
    "mate",
    "blimey",
    "gosh",
    "there we are",
    "there we go",
    "phew",
    "wait a minute",
    "wait a sec",
    "bear with me",
    "hold your horses",
    "hang on a minute",
    "hold on a minute",
    "just a minute",
    "nah",
    "i'd rather",
    "hello",
    "hi",
    "good morning",
    "good afternoon",
    "good evening",
    "morning",
)
"""Politeness and hesitation said before a command; tried with and without."""

TRAILING_FILLERS: Final = (
    "please",
    "now",
    "thanks",
    "thank you",
    "alexa",
    "then",
    "for me",
    "mate",
    "love",
    "dear",
    "eh",
    "okay",
    "ok",
    "for now",
    "today",
    "right now",
    "ready",
    "now then",
    "to be honest",
    "honestly",
    "really",
    "actually",
    "this morning",
    "i think",
    "please alexa",
)
"""Politeness said after a command; tried with and without."""

OPTIONAL_ARTICLE: Final = "the"
"""Amazon allows "the" before an invocation name ("ask the daily horoscopes ...")."""

NON_DISTINCTIVE_WORDS: Final = frozenset(
    {
        "a",
        "an",
        "the",
        "my",
        "bit",
        "little",
        "please",
        "just",
        "only",
        "now",
        "some",
        "so",
        "can",
        "could",
        "would",
        "you",
        "i",
        "me",
        "it",
        "to",
        # Words that open or close many sentences ("i'm ...", "that's ...", "... thank you"): a
        # sample such as "i'm {ready}" must not claim "i'm going to make tea" as a no-match.
        "im",
        "am",
        "ive",
        "were",
        "its",
        "thats",
        "this",
        "is",
        "that",
        "lets",
        "feel",
        "feeling",
        "doing",
        "thank",
        "thanks",
        "today",
        "still",
        "really",
        "very",
        "all",
        "okay",
        "ok",
        "yes",
        "yep",
        "right",
        "alright",
        "think",
        "got",
        "much",
        "pretty",
        "honestly",
        "actually",
        "go",
        "oh",
        "um",
    }
)
"""Carrier words too bland to anchor an unknown slot value ("just {exercise}", "{pace} please")."""


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

INTENSIFIERS: Final = frozenset(
    {
        "really",
        "very",
        "so",
        "quite",
        "rather",
        "pretty",
        "terribly",
        "awfully",
        "absolutely",
        "just",
        "ever",
        "still",
        "awful",
        "dead",
        "proper",
        "wicked",
        "real",
        "bloody",
    }
)
"""Words that only colour a symptom ("my foot's ever so sore"); dropped when looking for safety words."""

SIDE_WORDS: Final = frozenset({"left", "right", "other", "both", "whole"})
"""Which one of a body part ("my left knee"): dropped too, so every part is known on either side."""


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
    _lookup: Mapping[str, SlotValue] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        table: dict[str, SlotValue] = {}
        for value in self.values:
            for spoken in (value.name, *value.synonyms):
                table.setdefault(_phrase_key(spoken), value)
        object.__setattr__(self, "_lookup", table)

    def spoken_keys(self) -> tuple[str, ...]:
        """Every name and synonym of the type's values, as matching keys."""
        return tuple(self._lookup)

    def match(self, raw: str) -> SlotMatch:
        """Resolve ``raw`` against the value names and synonyms (ER_SUCCESS_MATCH or NO_MATCH)."""
        found = self._lookup.get(_phrase_key(raw))
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


@dataclass(frozen=True)
class _Heard:
    """Normalised words with their matching keys (the same words without apostrophes)."""

    words: tuple[str, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(_word_key(word) for word in self.words)

    @property
    def key_text(self) -> str:
        return " ".join(self.keys)

    @property
    def text(self) -> str:
        return " ".join(self.words)

    def span(self, key_start: int, key_end: int) -> str:
        """The heard words covering characters ``key_start:key_end`` of ``key_text``."""
        key_text = self.key_text
        first = key_text.count(" ", 0, key_start)
        last = key_text.count(" ", 0, key_end) + 1
        return " ".join(self.words[first:last])


class InteractionModel:
    """An interaction model in ASK CLI format, able to resolve typed text to what a device sends."""

    def __init__(
        self,
        invocation_name: str,
        intents: Sequence[IntentDef],
        types: Sequence[SlotType],
    ) -> None:
        self.invocation_name = invocation_name
        self.intents: Mapping[str, IntentDef] = {intent.name: intent for intent in intents}
        self.types: Mapping[str, SlotType] = {slot_type.name: slot_type for slot_type in types}
        self._invocation = _words(invocation_name)
        self._exact: dict[str, str] = {}
        patterns: list[tuple[int, int, _SlotPattern]] = []
        for intent in intents:
            for sample in intent.samples:
                if "{" in sample:
                    pattern = _compile_sample(intent.name, sample)
                    patterns.append((-pattern.literal_count, len(patterns), pattern))
                else:
                    self._exact.setdefault(_phrase_key(sample), intent.name)
        for builtin, phrases in BUILTIN_PHRASES.items():
            if builtin in self.intents:
                for phrase in phrases:
                    # The model's own samples win over Amazon's training, as on a device.
                    self._exact.setdefault(_phrase_key(phrase), builtin.value)
        self._patterns = tuple(pattern for *_, pattern in sorted(patterns, key=lambda item: item[:2]))
        # Longest first, so "my chest hurts" (unwell) is found before a shorter "hurts"-like sample.
        self._priority_samples = sorted(
            (
                (_phrase_key(sample), intent.name)
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
                    _compile_known_values(intent.name, sample, intent.slots, self.types)
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
                        self._value_home.setdefault(_phrase_key(spoken), (intent.name, slot_name, type_name))

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> InteractionModel:
        """Build from the parsed ASK CLI JSON, rejecting what Alexa's model build would reject."""
        try:
            language_model = data["interactionModel"]["languageModel"]
            invocation_name = language_model["invocationName"]
            raw_intents = language_model["intents"]
        except (KeyError, TypeError) as error:
            raise ModelError(f"not an ASK CLI interaction model: missing {error}") from error
        types = tuple(_parse_type(raw) for raw in language_model.get("types", []))
        known_types = {slot_type.name for slot_type in types}
        intents = tuple(_parse_intent(raw, known_types) for raw in raw_intents)
        return cls(invocation_name, intents, types)

    def slot_type_of(self, intent: str, slot: str) -> str:
        """The declared type of ``slot`` in ``intent``; KeyError if the model does not declare it."""
        return self.intents[intent].slots[slot]

    def match_slot_value(self, type_name: str, raw: str) -> SlotMatch:
        """Entity resolution of ``raw`` for a slot of type ``type_name``.

        AMAZON.TIME arrives on a device as "08:00" (or "MO" for "in the morning"), not as the
        words: the same conversion is made here, so the handlers see what a device sends.
        """
        if type_name in BUILTIN_CONVERSIONS:
            # A device sends AMAZON.TIME as "08:00" and AMAZON.NUMBER as "15"; words it could not
            # read as one stay as heard, and count as unresolved when choosing between samples.
            value = BUILTIN_CONVERSIONS[type_name](raw)
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
        heard = _Heard(_strip_wake_word(_words(text)))
        if not heard.words:
            return Resolution(kind=ResolutionKind.NONE)
        urgent = self._priority(heard)
        if urgent is not None:
            one_shot = self._split_at_invocation(_strip_leading(heard.words)) is not None
            return replace(urgent, one_shot=one_shot, text=heard.text)
        if self._is_launch(heard.words):
            return Resolution(kind=ResolutionKind.LAUNCH, text=heard.text)
        requests = self._one_shot_requests(heard.words)
        if requests is not None:
            for request in requests:
                found = self._match(_Heard(request))
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
        plain = _Heard(_plain_words(heard.words))
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
        home = self._value_home.get(_phrase_key(" ".join(_strip_trailing(_strip_leading(plain.words)))))
        if home is not None and home[0] in PRIORITY_INTENTS:  # "dizzy", "cramp" said alone
            intent, slot_name, type_name = home
            slots = {slot_name: self.match_slot_value(type_name, " ".join(heard.words))}
            return Resolution(kind=ResolutionKind.INTENT, intent=intent, slots=slots)
        return None

    def _elicited(self, heard: _Heard, intent_name: str, slot_name: str) -> Resolution | None:
        """``heard`` as the answer to a question for ``slot_name`` of ``intent_name``, if it is one."""
        intent = self.intents.get(intent_name)
        if intent is None or slot_name not in intent.slots:
            return None
        for sample in intent.slot_samples.get(slot_name, ()):
            pattern = _compile_sample(intent_name, sample)
            for variant in (heard, _Heard(_strip_trailing(_strip_leading(heard.words)))):
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

    def _is_launch(self, words: tuple[str, ...]) -> bool:
        split = self._split_at_invocation(_strip_leading(words))
        if split is None:
            return False
        before, after = split
        return not after and (not before or before in _LAUNCH_KEYS)

    def _one_shot_requests(self, words: tuple[str, ...]) -> list[tuple[str, ...]] | None:
        """The request words of a one-shot form, connecting word stripped first; None if not one.

        "ask/tell <name> [connecting word] <request>" and "<launch word> <name> and <request>"
        (Amazon's "open <invocation name> and <some action>" pattern).
        """
        split = self._split_at_invocation(_strip_leading(words))
        if split is None:
            return None
        before, after = split
        if not after:
            return None
        if before in _ONE_SHOT_KEYS:
            if after[0] in CONNECTING_WORDS and len(after) > 1:
                return [after[1:], after]
            return [after]
        if before in _LAUNCH_KEYS and after[0] == LAUNCH_CONNECTOR and len(after) > 1:
            return [after[1:]]
        return None

    def _split_at_invocation(self, words: tuple[str, ...]) -> tuple[str, tuple[str, ...]] | None:
        """(key of the words before the invocation name, words after it), or None if not said."""
        size = len(self._invocation)
        for start in range(len(words) - size + 1):
            if words[start : start + size] == self._invocation:
                before = words[:start]
                if before and before[-1] == OPTIONAL_ARTICLE:
                    before = before[:-1]
                return " ".join(_word_key(word) for word in before), words[start + size :]
        return None

    def _match(self, heard: _Heard) -> Resolution | None:
        """The words as said first, then with fillers stripped a step at a time: for each, an exact
        sample, then a sample whose slots all resolve, then a value said alone. Only when none of
        those fits anywhere, a sample whose slot heard words its type does not know."""
        variants = [_Heard(words) for words in _variants(heard.words)]
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
            for regex in (pattern.regex, pattern.lazy):
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
_NUMBER_WORDS: Final = {
    word: number
    for number, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen".split()
    )
}
_TENS_WORDS: Final = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}


def spoken_number(words: str) -> str | None:
    """What AMAZON.NUMBER sends for spoken words: "fifteen" → "15", "twenty five" → "25"."""
    parts = " ".join(_words(words)).replace("-", " ").split()
    if len(parts) == 1 and re.fullmatch(r"[0-9]{1,3}", parts[0]):
        return str(int(parts[0]))
    if len(parts) == 1 and parts[0] in _NUMBER_WORDS:
        return str(_NUMBER_WORDS[parts[0]])
    if parts and parts[0] in _TENS_WORDS and len(parts) <= 2:
        ones = _NUMBER_WORDS.get(parts[1], -1) if len(parts) == 2 else 0
        if 0 <= ones < 10:
            return str(_TENS_WORDS[parts[0]] + ones)
    return None


_HOUR_WORDS: Final = {
    word: number
    for number, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split()
    )
}
_MINUTE_WORDS: Final = {"fifteen": 15, "thirty": 30, "forty five": 45, "o'clock": 0, "oclock": 0, "": 0}
_PARTS_OF_DAY: Final = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}


def spoken_time(words: str) -> str | None:
    """What AMAZON.TIME sends for spoken words: "eight" → "08:00", "seven thirty pm" → "19:30",
    "eight in the morning" → "08:00", "half past seven" → "07:30", "noon" → "12:00", "in the
    evening" → "EV"; None when the words are not a time."""
    text = " ".join(_words(words)).replace("a m", "am").replace("p m", "pm")
    later = False
    for suffix, afternoon in (
        (" in the morning", False),
        (" am", False),
        (" in the afternoon", True),
        (" in the evening", True),
        (" this evening", True),
        (" tonight", True),
        (" at night", True),
        (" pm", True),
    ):
        if text.endswith(suffix) and text != suffix.strip():
            text, later = text[: -len(suffix)].strip(), afternoon
            break
    else:
        bare = text.removeprefix("in the ").removeprefix("every ")
        if bare in _PARTS_OF_DAY:
            return _PARTS_OF_DAY[bare]
    if text in ("noon", "midday", "twelve noon"):
        return "12:00"
    if text == "midnight":
        return "00:00"
    hour: int | None
    minute = 0
    if text.startswith("half past "):
        hour, minute = _hour(text.removeprefix("half past ")), 30
    elif text.startswith("quarter past "):
        hour, minute = _hour(text.removeprefix("quarter past ")), 15
    elif text.startswith("quarter to "):  # "quarter to ten": 09:45, as AMAZON.TIME hears it
        following = _hour(text.removeprefix("quarter to "))
        hour, minute = ((following - 1) % 24 if following is not None else None), 45
    else:
        clock = re.fullmatch(r"([0-9]{1,2})(?::?([0-9]{2}))?", text.replace(" ", ""))
        if clock is not None:
            hour, minute = int(clock[1]), int(clock[2] or 0)
        else:
            first, _, rest = text.partition(" ")
            hour, minute = _hour(first), _MINUTE_WORDS.get(rest, -1)
    if hour is None or not 0 <= minute < 60 or hour > 23:
        return None
    if later and hour < 12:
        hour += 12
    return f"{hour:02d}:{minute:02d}"


def _hour(word: str) -> int | None:
    if re.fullmatch(r"[0-9]{1,2}", word):
        return int(word)
    return _HOUR_WORDS.get(word)


BUILTIN_CONVERSIONS: Final = {TIME_TYPE: spoken_time, NUMBER_TYPE: spoken_number}


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


def load_model(path: str | Path | None = None, *, locale: str = DEFAULT_LOCALE) -> InteractionModel:
    """Load the interaction model from ``path``, or from the first of ``model_candidates``."""
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
    return InteractionModel.from_json(data)


def normalize(text: str) -> str:
    """Lowercase, punctuation dropped (apostrophes kept), spaces collapsed."""
    return " ".join(_words(text))


_SLOT_REFERENCE = re.compile(r"\{([^{}]*)\}")
_NOT_SPOKEN = re.compile(r"[^\w']+")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_SLOT_WORDS = r"[^ ]+(?: [^ ]+)*"
_SLOT_WORDS_LAZY = r"[^ ]+(?: [^ ]+)*?"


_KEEP_APOSTROPHE_S: Final = frozenset(
    {"let", "it", "that", "what", "there", "here", "he", "she", "who", "where", "how", "why", "one"}
)
"""Words whose "'s" stays as written ("let's", "that's", "what's"): they are samples' own words."""


def _words(text: str) -> tuple[str, ...]:
    cleaned = _NOT_SPOKEN.sub(" ", text.translate(_APOSTROPHES).casefold().replace("_", " "))
    words: list[str] = []
    for raw in cleaned.split():
        word = raw.strip("'")
        if not word:
            continue
        # "my back's killing me" is "my back is killing me": a noun's "'s" is said for "is" (or
        # "has") far more often than as a possessive in what people say to a coach.
        stem = word[:-2]
        if word.endswith("'s") and stem and stem not in _KEEP_APOSTROPHE_S:
            words.extend((stem, "is"))
        else:
            words.append(word)
    return tuple(words)


def _plain_words(words: tuple[str, ...]) -> tuple[str, ...]:
    """``words`` without intensifiers, side words, "a bit"/"a little"/"kind of", and a word said twice."""
    kept: list[str] = []
    index = 0
    while index < len(words):
        pair = " ".join(words[index : index + 2])
        if pair in ("a bit", "a little", "kind of", "sort of", "a wee"):
            index += 2
            continue
        word = words[index]
        if word not in INTENSIFIERS and word not in SIDE_WORDS and not (kept and kept[-1] == word):
            kept.append(word)
        index += 1
    return tuple(kept)


def _word_key(word: str) -> str:
    return word.replace("'", "")


def _phrase_key(text: str) -> str:
    return " ".join(_word_key(word) for word in _words(text))


def _phrase_keys(phrases: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(_phrase_key(phrase).split()) for phrase in phrases)


_LAUNCH_KEYS: Final = frozenset(_phrase_key(phrase) for phrase in LAUNCH_PHRASES)
_ONE_SHOT_KEYS: Final = frozenset(_phrase_key(phrase) for phrase in ONE_SHOT_PHRASES)
_LEADING_KEYS: Final = tuple(sorted(_phrase_keys(LEADING_FILLERS), key=len, reverse=True))  # longest first
_TRAILING_KEYS: Final = tuple(sorted(_phrase_keys(TRAILING_FILLERS), key=len, reverse=True))


def _strip_wake_word(words: tuple[str, ...]) -> tuple[str, ...]:
    return words[1:] if words and words[0] in WAKE_WORDS else words


def _variants(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The words, then with politeness and hesitation stripped a step at a time from each end
    ("well that's me done for today thank you" → ... → "that's me done for today" → ...), each once."""
    fronts = [words]
    while (shorter := _strip_leading(fronts[-1], steps=1)) != fronts[-1]:
        fronts.append(shorter)
    plain = _plain_words(words)
    if plain != words:  # last: without "really", "still", "a bit" and words said twice
        fronts.append(plain)
    found: list[tuple[str, ...]] = []
    for front in fronts:
        current = front
        while True:
            if current and current not in found:
                found.append(current)
            shorter = _strip_trailing(current, steps=1)
            if shorter == current:
                break
            current = shorter
    return found


def _strip_leading(words: tuple[str, ...], steps: int = -1) -> tuple[str, ...]:
    changed = True
    while changed and steps != 0:
        changed = False
        steps -= 1
        keys = tuple(_word_key(word) for word in words)
        for filler in _LEADING_KEYS:
            if len(keys) > len(filler) and keys[: len(filler)] == filler:
                words, changed = words[len(filler) :], True
                break
    return words


def _strip_trailing(words: tuple[str, ...], steps: int = -1) -> tuple[str, ...]:
    changed = True
    while changed and steps != 0:
        changed = False
        steps -= 1
        keys = tuple(_word_key(word) for word in words)
        for filler in _TRAILING_KEYS:
            if len(keys) > len(filler) and keys[-len(filler) :] == filler:
                words, changed = words[: -len(filler)], True
                break
    return words


def _sample_parts(sample: str, slot_regex: Callable[[str], str]) -> tuple[list[str], list[str], list[str]]:
    """A sample as regular-expression parts (each slot by ``slot_regex(slot name)``), its slot names
    and its literal words."""
    parts: list[str] = []
    slot_names: list[str] = []
    literals: list[str] = []
    for word in sample.split():
        reference = _SLOT_REFERENCE.fullmatch(word)
        if reference is not None:
            slot_names.append(reference.group(1))
            parts.append(f"({slot_regex(reference.group(1))})")
        else:
            key = _phrase_key(word)
            literals.extend(key.split())
            parts.append(re.escape(key))
    return parts, slot_names, literals


def _compile_sample(intent: str, sample: str) -> _SlotPattern:
    parts, slot_names, literals = _sample_parts(sample, lambda _: _SLOT_WORDS)
    greedy = " ".join(parts)
    return _SlotPattern(
        intent=intent,
        regex=re.compile(greedy),
        slot_names=tuple(slot_names),
        literal_count=len(literals),
        distinctive=any(word not in NON_DISTINCTIVE_WORDS for word in literals),
        lazy=re.compile(greedy.replace(_SLOT_WORDS, _SLOT_WORDS_LAZY)) if len(slot_names) > 1 else None,
    )


def _compile_known_values(
    intent: str, sample: str, slots: Mapping[str, str], types: Mapping[str, SlotType]
) -> _SlotPattern:
    """A sample whose slots match only the values their custom types know, found anywhere.

    The text it is searched in is padded with a space at each end, so every match is whole words.
    """

    def known_values(slot_name: str) -> str:
        slot_type = types.get(slots[slot_name])
        known = sorted(slot_type.spoken_keys() if slot_type is not None else (), key=len, reverse=True)
        return "|".join(re.escape(key) for key in known) if known else _SLOT_WORDS

    parts, slot_names, literals = _sample_parts(sample, known_values)
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


def _parse_type(raw: Mapping[str, Any]) -> SlotType:
    try:
        values = tuple(
            SlotValue(
                id=str(value.get("id") or value["name"]["value"]),
                name=str(value["name"]["value"]),
                synonyms=tuple(str(synonym) for synonym in value["name"].get("synonyms", [])),
            )
            for value in raw["values"]
        )
        return SlotType(name=str(raw["name"]), values=values)
    except (KeyError, TypeError) as error:
        raise ModelError(f"slot type {raw!r}: missing {error}") from error


def _parse_intent(raw: Mapping[str, Any], known_types: set[str]) -> IntentDef:
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
        for word in sample.split():
            reference = _SLOT_REFERENCE.search(word)
            if reference is None:
                continue
            if reference.group(0) != word:
                raise ModelError(f"{name}: {sample!r}: a slot reference must be a whole word")
            if reference.group(1) not in slots:
                raise ModelError(f"{name}: {sample!r} uses undeclared slot {reference.group(1)!r}")
    return IntentDef(name=name, slots=slots, samples=samples, slot_samples=slot_samples)
