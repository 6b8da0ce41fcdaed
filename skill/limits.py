"""Alexa's limits, in one place (sources: Amazon's SSML and response references).

Every segment the engine renders and every response the skill sends in the tests is checked
against these (``skill.ssml.check_ssml`` / ``check_response``). Where the platform's number is
uncertain we use the conservative one.
"""

from typing import Final

#: One ``<break time=...>`` may be at most ten seconds; longer silences are chained breaks.
MAX_BREAK_MS: Final = 10_000
#: outputSpeech must be fewer than 8000 characters (including the ``<speak>`` tags).
MAX_SSML_CHARS: Final = 8_000
#: ``<audio>`` clips per response (older docs; newer ones allow more, we keep to five).
MAX_AUDIO_CLIPS: Final = 5
#: One response should plan at most four minutes of speech and silence, so a "pause" loses little.
MAX_SEGMENT_SECONDS: Final = 240
#: The whole response JSON (120 KB today, 24 KB in older docs: we keep to the older figure).
MAX_RESPONSE_BYTES: Final = 24 * 1024
#: A rough speaking rate for planning (Alexa's default voice, about 150 words a minute).
WORDS_PER_SECOND: Final = 2.5
#: SSML tags Alexa supports (``speak`` is added by the SDK's ResponseFactory.speak).
SUPPORTED_TAGS: Final = frozenset(
    {
        "speak",
        "p",
        "s",
        "break",
        "audio",
        "w",
        "say-as",
        "phoneme",
        "prosody",
        "emphasis",
        "sub",
        "lang",
        "voice",
        "amazon:effect",
        "amazon:emotion",
        "amazon:domain",
    }
)
#: Lowest ``<prosody rate>`` percentage Alexa accepts.
MIN_PROSODY_RATE: Final = 20
