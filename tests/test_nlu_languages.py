"""The local NLU in every language Alexa speaks: launch and one-shot forms, built-in intents, numbers,
times and slots, through small inline models in each language (devtools/nlu_languages/<lang>.json),
and every interaction model in the repository against its own samples."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from devtools.envelopes import Device
from devtools.nlu import LANGUAGE_DIR, InteractionModel, ResolutionKind, language

MODELS = Path(__file__).resolve().parent.parent / "interaction_models"
LOCALES = ("de-DE", "es-ES", "fr-FR", "it-IT", "pt-BR", "ja-JP", "hi-IN", "nl-NL", "ar-SA", "en-US")


def small_model(
    locale: str, invocation: str, samples: dict[str, list[str]], exercise: dict[str, list[str]]
) -> InteractionModel:
    """A model with the skill's shape in miniature: built-ins, an exercise type, a time and a count."""
    slots = {"ExerciseIntent": [{"name": "exercise", "type": "EXERCISE"}],
             "ReminderIntent": [{"name": "time", "type": "AMAZON.TIME"}],
             "CountIntent": [{"name": "count", "type": "AMAZON.NUMBER"}]}  # fmt: skip
    intents: list[dict[str, Any]] = [
        {"name": name, "slots": slots.get(name, []), "samples": phrases} for name, phrases in samples.items()
    ]
    for builtin in (
        "Next",
        "Resume",
        "Pause",
        "Repeat",
        "StartOver",
        "Help",
        "Stop",
        "Cancel",
        "Yes",
        "No",
        "Fallback",
    ):
        intents.append({"name": f"AMAZON.{builtin}Intent", "samples": []})
    values = [
        {"id": key, "name": {"value": names[0], "synonyms": names[1:]}} for key, names in exercise.items()
    ]
    data = {
        "interactionModel": {
            "languageModel": {
                "invocationName": invocation,
                "intents": intents,
                "types": [{"name": "EXERCISE", "values": values}],
            }
        }
    }
    return InteractionModel.from_json(data, locale=locale)


CASES: dict[str, tuple[InteractionModel, list[tuple[str, str | None, dict[str, str], bool]]]] = {
    "de-DE": (
        small_model(
            "de-DE",
            "meine fußübungen",
            {
                "ExerciseIntent": ["mach {exercise}", "{exercise} bitte"],
                "ReminderIntent": ["erinnere mich um {time}"],
                "CountIntent": ["ich habe {count} geschafft"],
                "PainIntent": ["mein knie tut weh"],
            },
            {"heel_raises": ["fersenheben", "auf die zehenspitzen"]},
        ),
        [
            ("Alexa, öffne meine Fußübungen", None, {}, False),
            ("starte meine fussübungen", None, {}, False),
            (
                "Alexa, frage meine Fußübungen nach Fersenheben",
                "ExerciseIntent",
                {"exercise": "heel_raises"},
                True,
            ),
            ("sage meine fußübungen mach fersenheben", "ExerciseIntent", {"exercise": "heel_raises"}, True),
            (
                "öffne meine fußübungen und mach fersenheben",
                "ExerciseIntent",
                {"exercise": "heel_raises"},
                True,
            ),
            ("weiter", "AMAZON.NextIntent", {}, False),
            ("stopp bitte", "AMAZON.StopIntent", {}, False),
            ("nochmal", "AMAZON.RepeatIntent", {}, False),
            ("ja gerne", "AMAZON.YesIntent", {}, False),
            ("erinnere mich um halb neun", "ReminderIntent", {"time": "08:30"}, False),
            ("erinnere mich um 8 uhr abends", "ReminderIntent", {"time": "20:00"}, False),
            ("ich habe fünfundzwanzig geschafft", "CountIntent", {"count": "25"}, False),
            ("au mein linkes knie tut wirklich weh", "PainIntent", {}, False),
        ],
    ),
    "es-ES": (
        small_model(
            "es-ES",
            "mi rutina de pies",
            {
                "ExerciseIntent": ["haz {exercise}", "haga {exercise}"],
                "ReminderIntent": ["recuérdamelo a las {time}"],
                "CountIntent": ["llevo {count}"],
            },
            {"heel_raises": ["elevación de talones", "elevaciones de talón"]},
        ),
        [
            ("Alexa, abre mi rutina de pies", None, {}, False),
            (
                "pide a mi rutina de pies que haga elevación de talones",
                "ExerciseIntent",
                {"exercise": "heel_raises"},
                True,
            ),
            (
                "pídele a mi rutina de pies que haz elevaciones de talon",
                "ExerciseIntent",
                {"exercise": "heel_raises"},
                True,
            ),
            ("siguiente", "AMAZON.NextIntent", {}, False),
            ("sí claro", "AMAZON.YesIntent", {}, False),
            ("recuérdamelo a las ocho de la mañana", "ReminderIntent", {"time": "08:00"}, False),
            ("recuérdamelo a las nueve menos cuarto", "ReminderIntent", {"time": "08:45"}, False),
            ("llevo treinta y dos", "CountIntent", {"count": "32"}, False),
        ],
    ),
    "fr-FR": (
        small_model(
            "fr-FR",
            "ma routine des pieds",
            {
                "ExerciseIntent": ["faire {exercise}", "aller plus lentement {exercise}"],
                "ReminderIntent": ["rappelle-moi à {time}"],
                "CountIntent": ["j'en ai fait {count}"],
            },
            {"heel_raises": ["élévations des talons", "montées sur la pointe des pieds"]},
        ),
        [
            ("Alexa, ouvre ma routine des pieds", None, {}, False),
            (
                "demande à ma routine des pieds de faire élévations des talons",
                "ExerciseIntent",
                {"exercise": "heel_raises"},
                True,
            ),
            (
                "lance ma routine des pieds et faire elevations des talons",
                "ExerciseIntent",
                {"exercise": "heel_raises"},
                True,
            ),
            ("suivant", "AMAZON.NextIntent", {}, False),
            ("arrête", "AMAZON.StopIntent", {}, False),
            ("rappelle-moi à huit heures et demie", "ReminderIntent", {"time": "08:30"}, False),
            ("rappelle moi à 20h", "ReminderIntent", {"time": "20:00"}, False),
            ("j'en ai fait vingt-deux", "CountIntent", {"count": "22"}, False),
        ],
    ),
    "it-IT": (
        small_model(
            "it-IT",
            "la mia routine dei piedi",
            {
                "ExerciseIntent": ["fai {exercise}"],
                "ReminderIntent": ["ricordamelo alle {time}"],
                "CountIntent": ["ne ho fatte {count}"],
            },
            {"heel_raises": ["sollevamenti sui talloni", "punte dei piedi"]},
        ),
        [
            ("Alexa, apri la mia routine dei piedi", None, {}, False),
            (
                "chiedi a la mia routine dei piedi di fai punte dei piedi",
                "ExerciseIntent",
                {"exercise": "heel_raises"},
                True,
            ),
            ("avanti", "AMAZON.NextIntent", {}, False),
            ("ricordamelo alle otto e mezza", "ReminderIntent", {"time": "08:30"}, False),
            ("ne ho fatte ventotto", "CountIntent", {"count": "28"}, False),
        ],
    ),
    "pt-BR": (
        small_model(
            "pt-BR",
            "minha rotina dos pés",
            {
                "ExerciseIntent": ["fazer {exercise}"],
                "ReminderIntent": ["me lembra às {time}"],
                "CountIntent": ["fiz {count}"],
            },
            {"heel_raises": ["elevação de calcanhar", "ficar na ponta dos pés"]},
        ),
        [
            ("Alexa, abra minha rotina dos pés", None, {}, False),
            (
                "peça para minha rotina dos pes fazer elevação de calcanhar",
                "ExerciseIntent",
                {"exercise": "heel_raises"},
                True,
            ),
            ("próximo", "AMAZON.NextIntent", {}, False),
            ("me lembra às oito e meia", "ReminderIntent", {"time": "08:30"}, False),
            ("me lembra às oito da noite", "ReminderIntent", {"time": "20:00"}, False),
            ("fiz vinte e cinco", "CountIntent", {"count": "25"}, False),
        ],
    ),
    "nl-NL": (
        small_model(
            "nl-NL",
            "mijn voetoefeningen",
            {
                "ExerciseIntent": ["doe {exercise}"],
                "ReminderIntent": ["herinner me om {time}"],
                "CountIntent": ["ik heb er {count} gedaan"],
            },
            {"heel_raises": ["hielheffen", "op je tenen staan"]},
        ),
        [
            ("Alexa, open mijn voetoefeningen", None, {}, False),
            (
                "vraag mijn voetoefeningen om doe hielheffen",
                "ExerciseIntent",
                {"exercise": "heel_raises"},
                True,
            ),
            ("volgende", "AMAZON.NextIntent", {}, False),
            ("herinner me om half negen", "ReminderIntent", {"time": "08:30"}, False),
            ("ik heb er vijfentwintig gedaan", "CountIntent", {"count": "25"}, False),
        ],
    ),
    "ja-JP": (
        small_model(
            "ja-JP",
            "足のエクササイズ",
            {
                "ExerciseIntent": ["{exercise}をやって", "{exercise}をお願い"],
                "ReminderIntent": ["{time}に知らせて"],
                "CountIntent": ["{count}回できた"],
                "PainIntent": ["膝が痛い"],
            },
            {"heel_raises": ["かかと上げ", "つま先立ち"]},
        ),
        [
            ("アレクサ、足のエクササイズを開いて", None, {}, False),
            ("足のエクササイズを起動して", None, {}, False),
            (
                "アレクサ、足のエクササイズでかかと上げをやって",
                "ExerciseIntent",
                {"exercise": "heel_raises"},
                True,
            ),
            ("つま先立ちをお願いします", "ExerciseIntent", {"exercise": "heel_raises"}, False),
            ("次", "AMAZON.NextIntent", {}, False),
            ("もう一度", "AMAZON.RepeatIntent", {}, False),
            ("朝8時に知らせて", "ReminderIntent", {"time": "08:00"}, False),
            ("午後七時半に知らせて", "ReminderIntent", {"time": "19:30"}, False),
            ("二十五回できた", "CountIntent", {"count": "25"}, False),
            ("あっ右の膝が痛い", "PainIntent", {}, False),
        ],
    ),
    "hi-IN": (
        small_model(
            "hi-IN",
            "मेरी पैरों की कसरत",
            {
                "ExerciseIntent": ["{exercise} करो", "{exercise} करवाओ"],
                "ReminderIntent": ["{time} याद दिलाना"],
                "CountIntent": ["मैंने {count} कर लिए"],
            },
            {"heel_raises": ["एड़ी उठाना", "heel raises"]},
        ),
        [
            ("एलेक्सा, मेरी पैरों की कसरत खोलो", None, {}, False),
            ("open मेरी पैरों की कसरत", None, {}, False),
            (
                "एलेक्सा, मेरी पैरों की कसरत से पूछो कि एडी उठाना करो।",
                "ExerciseIntent",
                {"exercise": "heel_raises"},
                True,
            ),
            ("heel raises करो", "ExerciseIntent", {"exercise": "heel_raises"}, False),
            ("अगला", "AMAZON.NextIntent", {}, False),
            ("हाँ जी", "AMAZON.YesIntent", {}, False),
            ("सुबह आठ बजे याद दिलाना", "ReminderIntent", {"time": "08:00"}, False),
            ("साढ़े आठ बजे याद दिलाना", "ReminderIntent", {"time": "08:30"}, False),
            ("मैंने पच्चीस कर लिए", "CountIntent", {"count": "25"}, False),
        ],
    ),
    "ar-SA": (
        small_model(
            "ar-SA",
            "تمارين قدمي",
            {
                "ExerciseIntent": ["ابدئي {exercise}", "أريد {exercise}"],
                "ReminderIntent": ["ذكريني {time}"],
                "CountIntent": ["سويت {count}"],
                "UnwellIntent": ["أشعر بدوخة"],
            },
            {"heel_raises": ["رفع الكعبين", "الوقوف على أطراف الأصابع"]},
        ),
        [
            ("أليكسا، افتحي تمارين قدمي", None, {}, False),
            ("اليكسا افتحى تمارين قدمى", None, {}, False),
            ("اسألي تمارين قدمي عن ابدئي رفع الكعبين", "ExerciseIntent", {"exercise": "heel_raises"}, True),
            ("افتحي تمارين قدمي وابدئي رفع الكعبين", "ExerciseIntent", {"exercise": "heel_raises"}, True),
            ("أُرِيدُ رَفْعَ الكَعْبَيْنِ", "ExerciseIntent", {"exercise": "heel_raises"}, False),
            ("التالي", "AMAZON.NextIntent", {}, False),
            ("نعم", "AMAZON.YesIntent", {}, False),
            ("ذكريني الساعة الثامنة صباحا", "ReminderIntent", {"time": "08:00"}, False),
            ("ذكريني الساعة التاسعة إلا ربع", "ReminderIntent", {"time": "08:45"}, False),
            ("سويت خمسة وعشرين", "CountIntent", {"count": "25"}, False),
            ("اشعر بدوخه", "UnwellIntent", {}, False),
        ],
    ),
}


@pytest.mark.parametrize(
    ("locale", "text", "intent", "slots", "one_shot"),
    [(locale, *case) for locale, (_, cases) in CASES.items() for case in cases],
)
def test_each_language_resolves_what_people_say(
    locale: str, text: str, intent: str | None, slots: dict[str, str], one_shot: bool
) -> None:
    model = CASES[locale][0]
    found = model.resolve(text)
    if intent is None:  # a launch
        assert found.kind == ResolutionKind.LAUNCH, (text, found)
        return
    assert (found.kind, found.intent) == (ResolutionKind.INTENT, intent), (text, found)
    assert {name: slot.id for name, slot in found.slots.items()} == slots, text
    assert found.one_shot is one_shot, text


def test_every_language_has_the_same_fields_as_english() -> None:
    english = set(json.loads((LANGUAGE_DIR / "en.json").read_text(encoding="utf-8")))
    for path in LANGUAGE_DIR.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["language"] == path.stem
        missing = (
            english
            - set(data)
            - {"apostrophe_s", "fold_accents", "drop_repeats", "notes", "connecting_words"}
        )
        assert not missing, (path.name, missing)


@pytest.mark.parametrize("code", sorted(path.stem for path in LANGUAGE_DIR.glob("*.json")))
def test_numbers_zero_to_sixty_are_words(code: str) -> None:
    lang = language(code)
    table = json.loads((LANGUAGE_DIR / f"{code}.json").read_text(encoding="utf-8"))["numbers"]
    spoken = {int(number): forms[0] for number, forms in table["words"].items()}
    spoken.update({int(number): forms[0] for number, forms in table["tens"].items()})
    for number, word in spoken.items():
        assert lang.spoken_number(word) == str(number), (code, word)
    known = {number for number in range(61) if number in spoken}
    for ten in (20, 30, 40, 50):  # and every composed number between the tens
        if ten in table["tens"] or str(ten) in table["tens"]:
            known |= set(range(ten, ten + 10))
    assert known >= set(range(61)) - {59} or code == "en", (code, sorted(set(range(61)) - known))


def test_the_locale_chooses_the_language() -> None:
    assert language("de-DE") is language("de")
    assert language("es-MX") is language("es-ES")
    assert language("en-GB").code == "en"


def test_the_chat_device_sends_its_locale() -> None:
    seen: list[str] = []

    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        seen.append(event["request"]["locale"])
        return {"version": "1.0", "response": {"shouldEndSession": False}}

    model = CASES["de-DE"][0]
    device = Device(handler, locale="de-DE", model=model)
    device.say("öffne meine fußübungen")
    assert seen == ["de-DE"]


@pytest.mark.parametrize("path", sorted(MODELS.glob("*-*.json")), ids=lambda path: path.stem)
def test_every_model_hears_the_first_sample_of_each_intent(
    path: Path, locale_model: Callable[[str], InteractionModel]
) -> None:
    """Covers every locale's model as it lands: each intent's first sample (slots filled with their
    type's first value, a count or a time with "8") reaches that intent through the language data."""
    model = locale_model(path.stem)
    assert model.language.code == path.stem.split("-")[0]
    answered_alike = {"ReadyIntent": {"AMAZON.ResumeIntent"}, "FeelingIntent": {"AMAZON.YesIntent"}}
    for name, intent in model.intents.items():
        if not intent.samples:
            continue
        sample = intent.samples[0]
        for slot, type_name in intent.slots.items():
            filler = "8" if type_name.startswith("AMAZON.") else model.types[type_name].values[0].name
            sample = sample.replace(f"{{{slot}}}", filler)
        found = model.resolve(sample)
        if found.intent in {"PainIntent", "UnwellIntent"} - {name}:
            continue  # feeling unwell or in pain wins wherever it is said
        assert found.intent == name or found.intent in answered_alike.get(name, set()), (
            path.name,
            sample,
            found,
        )
