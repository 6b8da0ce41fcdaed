"""The interaction models for every English locale, from one source.

``interaction_models/en-US.json`` is the source, edited by hand in the ASK CLI format, and so is the
model of each other language's first locale (``de-DE.json``, ``es-ES.json``, ``ja-JP.json``: written by
people who speak it, not translated sample by sample). ``interaction_models/locales.json`` lists, for
each regional locale, the samples and synonyms people there say differently, added to its source's
(``"source": "es-ES"`` for es-MX; en-US when it names none). ``foot-routine models`` writes
each; ``check_models`` (run by the tests) fails when a written file has drifted from its source,
so a sample added to en-US reaches every locale.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

SOURCE_LOCALE = "en-US"
LOCALES_FILE = "locales.json"


def build_model(source: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """The source model with one locale's additions (samples per intent, synonyms per value).

    Raises KeyError naming an intent, type or value the source does not have: a typo in
    locales.json must fail the build, not quietly drop a sample.
    """
    model = copy.deepcopy(source)
    language = model["interactionModel"]["languageModel"]
    intents = {intent["name"]: intent for intent in language["intents"]}
    for name, samples in changes.get("add", {}).items():
        intent = intents[name]
        known = intent.setdefault("samples", [])
        known.extend(sample for sample in samples if sample not in known)
    types = {slot_type["name"]: slot_type for slot_type in language.get("types", [])}
    for type_name, values in changes.get("synonyms", {}).items():
        by_id = {value["id"]: value for value in types[type_name]["values"]}
        for value_id, synonyms in values.items():
            name = by_id[value_id]["name"]
            known = name.setdefault("synonyms", [])
            known.extend(synonym for synonym in synonyms if synonym not in known)
    return model


def render(model: dict[str, Any]) -> str:
    return json.dumps(model, indent=2, ensure_ascii=False) + "\n"


def expected_models(models_dir: Path) -> dict[Path, str]:
    """Every generated model file and the text it should hold."""
    changes = json.loads((models_dir / LOCALES_FILE).read_text(encoding="utf-8"))
    sources: dict[str, dict[str, Any]] = {}

    def source(locale: str) -> dict[str, Any]:
        if locale not in sources:
            sources[locale] = json.loads((models_dir / f"{locale}.json").read_text(encoding="utf-8"))
        return sources[locale]

    return {
        models_dir / f"{locale}.json": render(
            build_model(source(locale_changes.get("source", SOURCE_LOCALE)), locale_changes)
        )
        for locale, locale_changes in changes.items()
        if not locale.startswith("_")
    }


def write_models(models_dir: Path) -> list[Path]:
    """Write every generated model; the paths written."""
    written = []
    for path, text in expected_models(models_dir).items():
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def check_models(models_dir: Path) -> list[str]:
    """The generated model files that are missing or differ from their source; [] when all agree."""
    problems = []
    for path, text in expected_models(models_dir).items():
        if not path.is_file():
            problems.append(f"{path.name} is missing: run `foot-routine models`")
        elif path.read_text(encoding="utf-8") != text:
            problems.append(f"{path.name} differs from its source + locales.json: run `foot-routine models`")
    return problems
