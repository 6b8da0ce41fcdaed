"""Generate the ASK CLI v2 project for the skill from ``interaction_models/`` (the one source).

``foot-routine ask-project`` writes::

    <root>/ask-resources.json                                  the ASK CLI project file
    <root>/skill-package/skill.json                            the skill manifest
    <root>/skill-package/interactionModels/custom/<locale>.json  each model, copied byte for byte

``ask-resources.json`` has only ``skillMetadata``: the Lambda function and its table are deployed by
``lambda/template.yaml`` with SAM, not by the ASK CLI, so there is no ``code`` or
``skillInfrastructure`` section (the ASK CLI skips those steps then). ``ask deploy`` keeps the skill
id in ``<root>/.ask/ask-states.json``, which regenerating leaves alone.

The endpoint: without a Lambda ARN the manifest has ``"custom": {}``, so that the first ``ask
deploy`` can create the skill and get its id (which the SAM stack needs for its trigger); Alexa
refuses a manifest whose Lambda endpoint does not exist or lacks that trigger, so a placeholder ARN
would make that first deploy fail. Run again with ``--lambda-arn`` once the stack exists: the
manifest then names the function as endpoint for requests and skill events (SkillDisabled, which
deletes the user's progress).
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

TASK_NAME: Final = "StartFootRoutine"
"""skill.automation.TASK_NAME (not imported at module level: devtools reads the skill lazily)."""

__all__ = [
    "EXAMPLE_PHRASES",
    "SKILL_NAME",
    "LocaleListing",
    "check_manifest",
    "model_locales",
    "skill_manifest",
    "write_ask_project",
]

MODELS_DIR_NAME: Final = "interaction_models"
ASK_RESOURCES_VERSION: Final = "2020-03-31"
SKILL_PACKAGE_DIR: Final = "skill-package"
MODELS_SUBDIR: Final = Path("interactionModels") / "custom"
APL_INTERFACE: Final[dict[str, Any]] = {
    "type": "ALEXA_PRESENTATION_APL",
    "supportedViewports": [
        {
            "mode": "HUB",
            "shape": "ROUND",
            "minWidth": 100,
            "maxWidth": 599,
            "minHeight": 100,
            "maxHeight": 599,
        },
        {
            "mode": "HUB",
            "shape": "RECTANGLE",
            "minWidth": 600,
            "maxWidth": 1920,
            "minHeight": 400,
            "maxHeight": 1280,
        },
        {
            "mode": "TV",
            "shape": "RECTANGLE",
            "minWidth": 960,
            "maxWidth": 960,
            "minHeight": 540,
            "maxHeight": 540,
        },
    ],
}
MANIFEST_VERSION: Final = "1.0"
CATEGORY: Final = "HEALTH_AND_FITNESS"

SKILL_NAME: Final = "my foot routine"
EXAMPLE_PHRASES: Final = (
    "Alexa, start my foot routine",
    "Alexa, ask my foot routine for ankle circles",
    "Alexa, resume my foot routine",
)
MEDICAL_DISCLAIMER: Final = "not a substitute for professional medical advice"
"""Alexa policy: a skill with health information says so in its description."""

# Limits of the skill manifest's store listing (Alexa developer console and SMAPI).
MAX_NAME = 50
MAX_SUMMARY = 160
MAX_DESCRIPTION = 4000
MAX_EXAMPLE_PHRASES = 3
MAX_KEYWORDS = 30
PRIVACY_FLAGS: Final = (
    "allowsPurchases",
    "usesPersonalInfo",
    "isChildDirected",
    "isExportCompliant",
    "containsAds",
)
SSL_CERTIFICATE_TYPES: Final = frozenset({"Trusted", "Wildcard", "SelfSigned"})
SKILL_DISABLED_EVENT: Final = "SKILL_DISABLED"

LOCALE = re.compile(r"^[a-z]{2}-[A-Z]{2}$")
COUNTRY = re.compile(r"^[A-Z]{2}$")
LAMBDA_ARN = re.compile(
    r"^arn:aws[a-z-]*:lambda:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:function:[A-Za-z0-9_-]{1,64}(?::[A-Za-z0-9_$-]+)?$"
)
CATEGORY_NAME = re.compile(r"^[A-Z][A-Z_]*[A-Z]$")


@dataclass(frozen=True)
class LocaleListing:
    """What the Alexa Skills Store shows for one locale."""

    name: str
    summary: str
    description: str
    example_phrases: tuple[str, ...]
    keywords: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "summary": self.summary,
            "description": self.description,
            "examplePhrases": list(self.example_phrases),
            "keywords": list(self.keywords),
        }


def listing_for(locale: str) -> LocaleListing:
    """A locale's store listing, from its catalogue (skill/locales): the words of every language
    live there, beside what the coach says, and are checked complete by the same tests."""
    from skill.words import for_locale  # noqa: PLC0415

    said = for_locale(locale)
    return LocaleListing(
        name=said("STORE_NAME"),
        summary=said("STORE_SUMMARY"),
        description=said("STORE_DESCRIPTION"),
        example_phrases=said.pool("STORE_EXAMPLE"),
        keywords=tuple(word.strip() for word in said("STORE_KEYWORDS").split(",") if word.strip()),
    )


class _Listings(Mapping[str, LocaleListing]):
    """Store text per locale: every locale whose catalogue chain has a listing."""

    def __getitem__(self, locale: str) -> LocaleListing:
        from skill.words import supported  # noqa: PLC0415

        if not LOCALE.match(locale) or not supported(locale):
            raise KeyError(locale)
        return listing_for(locale)

    def __iter__(self) -> Iterator[str]:
        return iter(model_locales(default_models_dir()))

    def __len__(self) -> int:
        return len(model_locales(default_models_dir()))


LISTINGS: Final[Mapping[str, LocaleListing]] = _Listings()
"""Store text per locale, from the catalogues; every model in interaction_models/ needs one."""
US_LISTING: Final = listing_for("en-US")

TESTING_INSTRUCTIONS: Final = (
    "No account or device setup is needed. Say 'Alexa, start my foot routine' and follow along; "
    "say 'pause', then 'Alexa, resume my foot routine' to continue from the same place. "
    "'Alexa, ask my foot routine for ankle circles' starts a single exercise."
)


def default_models_dir() -> Path:
    """``interaction_models/`` of the source checkout this package lives in."""
    return Path(__file__).resolve().parent.parent / MODELS_DIR_NAME


def model_locales(models_dir: Path) -> list[str]:
    """The locales with a model file (``en-US.json`` → ``en-US``), sorted."""
    locales = sorted(path.stem for path in models_dir.glob("*.json") if LOCALE.match(path.stem))
    if not locales:
        raise FileNotFoundError(f"no interaction model (<locale>.json) in {models_dir}")
    return locales


REMINDERS_SCOPE = "alexa::alerts:reminders:skill:readwrite"
"""The daily reminder (skill.reminders) needs it; Alexa asks the user by voice when it is missing."""


def skill_manifest(
    locales: Iterable[str], *, lambda_arn: str | None = None, privacy_policy_url: str | None = None
) -> dict[str, Any]:
    """The ``skill.json`` content for the given model locales.

    The skill collects no personal information, so a privacy policy is optional; when given, the
    URL is listed for every locale.

    Raises KeyError naming a locale that has a model but no store listing in :data:`LISTINGS`.
    """
    locales = sorted(locales)
    missing = [locale for locale in locales if locale not in LISTINGS]
    if missing:
        raise KeyError(f"no store listing for {', '.join(missing)}: add STORE_* messages to its catalogue")
    countries = sorted({locale.split("-")[1] for locale in locales})
    # Name-free requests ("Alexa, how do I do ankle circles?") reach a skill that declares this.
    # The Echo Show screens (skill/screens.py): Alexa sends APL requests only to a skill that declares
    # the interface, for the viewports it lists (in dp: round hubs, rectangular hubs, TVs).
    custom: dict[str, Any] = {"interfaces": [{"type": "CAN_FULFILL_INTENT_REQUEST"}, APL_INTERFACE]}
    # The custom task an offered Alexa routine starts the skill with (skill.automation, issue #23).
    custom["tasks"] = [{"name": TASK_NAME, "version": "1"}]
    privacy: dict[str, Any] = {
        "allowsPurchases": False,
        "usesPersonalInfo": False,
        "isChildDirected": False,
        "isExportCompliant": True,
        "containsAds": False,
    }
    if privacy_policy_url is not None:
        privacy["locales"] = {locale: {"privacyPolicyUrl": privacy_policy_url} for locale in locales}
    manifest: dict[str, Any] = {
        "manifestVersion": MANIFEST_VERSION,
        "permissions": [{"name": REMINDERS_SCOPE}],
        "publishingInformation": {
            "locales": {locale: LISTINGS[locale].as_json() for locale in locales},
            "isAvailableWorldwide": False,
            "distributionCountries": countries,
            "distributionMode": "PUBLIC",
            "category": CATEGORY,
            "testingInstructions": TESTING_INSTRUCTIONS,
        },
        "privacyAndCompliance": privacy,
        "apis": {"custom": custom},
    }
    if lambda_arn is not None:
        if not LAMBDA_ARN.match(lambda_arn):
            raise ValueError(f"not a Lambda function ARN: {lambda_arn!r}")
        custom["endpoint"] = {"uri": lambda_arn}
        manifest["events"] = {
            "endpoint": {"uri": lambda_arn},
            "subscriptions": [{"eventName": SKILL_DISABLED_EVENT}],
        }
    return {"manifest": manifest}


def start_task() -> dict[str, Any]:
    """``tasks/StartFootRoutine.1.json``: the custom task an Alexa routine starts the skill with.

    The offered routine's operation (skill.automation) is a skill connection to this skill's own
    task; Alexa accepts it only for a task the skill package declares. An OpenAPI 3 document with one
    path (the task's name), POST with a JSON body and inline schemas only, as Amazon's "Implement
    Custom Tasks in Your Skill" asks. The task takes no input: it opens the routine as a launch does.
    """
    from skill import automation  # noqa: PLC0415  # the name and words the skill sends
    from skill.words import for_locale  # noqa: PLC0415

    description = for_locale("en-US")("ROUTINE_DESCRIPTION")

    empty = {"type": "object", "properties": {}}
    return {
        "openapi": "3.0.0",
        "info": {
            "title": description,
            "version": "1",
            "x-amzn-alexa-access-scope": "vendor-private",
        },
        "tags": [{"name": automation.TASK_NAME}],
        "paths": {
            f"/{automation.TASK_NAME}": {
                "summary": description,
                "description": "Opens the foot routine, as 'Alexa, start my foot routine' does.",
                "post": {
                    "summary": description,
                    "requestBody": {"content": {"application/json": {"schema": empty}}},
                    "responses": {
                        "200": {
                            "description": "The routine was opened.",
                            "content": {"application/json": {"schema": empty}},
                        }
                    },
                },
            }
        },
    }


def ask_resources() -> dict[str, Any]:
    """``ask-resources.json``: skill metadata only (the code is deployed by SAM)."""
    return {
        "askcliResourcesVersion": ASK_RESOURCES_VERSION,
        "profiles": {"default": {"skillMetadata": {"src": f"./{SKILL_PACKAGE_DIR}"}}},
    }


def _write_json(path: Path, data: Mapping[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def write_ask_project(
    root: Path,
    *,
    lambda_arn: str | None = None,
    models_dir: Path | None = None,
    privacy_policy_url: str | None = None,
) -> list[Path]:
    """Write the ASK CLI project under ``root``; return the files written.

    Models are copied byte for byte; a model file under ``root`` whose source is gone is removed,
    so the project never deploys a locale that ``interaction_models/`` no longer has. Anything else
    under ``root`` (``.ask/`` with the skill id) is left alone. ValueError if the manifest it would
    write fails :func:`check_manifest`.
    """
    models_dir = models_dir or default_models_dir()
    locales = model_locales(models_dir)
    manifest = skill_manifest(locales, lambda_arn=lambda_arn, privacy_policy_url=privacy_policy_url)
    problems = check_manifest(manifest, model_locales=locales)
    if problems:
        raise ValueError("the generated skill.json is invalid: " + "; ".join(problems))
    package = root / SKILL_PACKAGE_DIR
    written = [
        _write_json(root / "ask-resources.json", ask_resources()),
        _write_json(package / "skill.json", manifest),
        _write_json(package / "tasks" / f"{TASK_NAME}.1.json", start_task()),
    ]
    models_out = package / MODELS_SUBDIR
    models_out.mkdir(parents=True, exist_ok=True)
    for stale in sorted(models_out.glob("*.json")):
        if stale.stem not in locales:
            stale.unlink()
    for locale in locales:
        destination = models_out / f"{locale}.json"
        shutil.copyfile(models_dir / f"{locale}.json", destination)
        written.append(destination)
    return written


def _text(problems: list[str], where: str, value: Any, limit: int) -> None:
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}: must be a non-empty string")
    elif len(value) > limit:
        problems.append(f"{where}: {len(value)} characters, at most {limit}")


WAKE_WORDS: Final[Mapping[str, str]] = {"ja": "アレクサ、", "ar": "أليكسا، "}
"""How an example phrase starts where the store writes Alexa's name in the language's own script
(Amazon's Japanese and Arabic docs: 「アレクサ、…」, "أليكسا، …"); "Alexa, " everywhere else."""


def _wake_word(locale: str) -> str:
    return WAKE_WORDS.get(locale.split("-", maxsplit=1)[0], "Alexa, ")


def _check_listing(problems: list[str], locale: str, listing: Any, category: Any) -> None:
    where = f"publishingInformation.locales.{locale}"
    if not isinstance(listing, dict):
        problems.append(f"{where}: must be an object")
        return
    _text(problems, f"{where}.name", listing.get("name"), MAX_NAME)
    _text(problems, f"{where}.summary", listing.get("summary"), MAX_SUMMARY)
    _text(problems, f"{where}.description", listing.get("description"), MAX_DESCRIPTION)
    phrases = listing.get("examplePhrases")
    if not isinstance(phrases, list) or not 1 <= len(phrases) <= MAX_EXAMPLE_PHRASES:
        problems.append(f"{where}.examplePhrases: 1 to {MAX_EXAMPLE_PHRASES} phrases")
    else:
        wake = _wake_word(locale)
        for index, phrase in enumerate(phrases):
            if not isinstance(phrase, str) or not phrase.startswith(wake):
                problems.append(f"{where}.examplePhrases[{index}]: must start with {wake!r}")
        name = listing.get("name")
        if isinstance(name, str) and isinstance(phrases[0], str) and name.lower() not in phrases[0].lower():
            problems.append(f"{where}.examplePhrases[0]: must say the skill's name to open it")
    keywords = listing.get("keywords", [])
    if not isinstance(keywords, list) or len(keywords) > MAX_KEYWORDS:
        problems.append(f"{where}.keywords: a list of at most {MAX_KEYWORDS}")
    elif not all(isinstance(word, str) and word.strip() for word in keywords):
        problems.append(f"{where}.keywords: every keyword must be a non-empty string")
    description = listing.get("description")
    if (
        category == CATEGORY
        and isinstance(description, str)
        and locale.startswith("en-")
        and MEDICAL_DISCLAIMER not in " ".join(description.lower().split())
    ):
        problems.append(f"{where}.description: a health skill must say it is {MEDICAL_DISCLAIMER}")


def _check_endpoint(problems: list[str], where: str, endpoint: Any) -> None:
    if not isinstance(endpoint, dict):
        problems.append(f"{where}: must be an object")
        return
    uri = endpoint.get("uri")
    if isinstance(uri, str) and LAMBDA_ARN.match(uri):
        return
    if isinstance(uri, str) and uri.startswith("https://"):
        if endpoint.get("sslCertificateType") not in SSL_CERTIFICATE_TYPES:
            problems.append(f"{where}.sslCertificateType: one of {sorted(SSL_CERTIFICATE_TYPES)}")
        return
    problems.append(f"{where}.uri: a Lambda function ARN or an https:// URL, not {uri!r}")


def _check_publishing(problems: list[str], publishing: dict[str, Any]) -> dict[str, Any]:
    """Check publishingInformation; return its locales (empty when unusable)."""
    category = publishing.get("category")
    if not isinstance(category, str) or not CATEGORY_NAME.match(category):
        problems.append(f"publishingInformation.category: not a category: {category!r}")
    locales = publishing.get("locales")
    if not isinstance(locales, dict) or not locales:
        problems.append("publishingInformation.locales: at least one locale")
        locales = {}
    for locale, listing in locales.items():
        if not LOCALE.match(locale):
            problems.append(f"publishingInformation.locales: {locale!r} is not a locale like en-US")
        _check_listing(problems, locale, listing, category)
    worldwide = publishing.get("isAvailableWorldwide")
    countries = publishing.get("distributionCountries", [])
    if not isinstance(worldwide, bool):
        problems.append("publishingInformation.isAvailableWorldwide: must be true or false")
    elif worldwide and countries:
        problems.append("publishingInformation.distributionCountries: must be empty when worldwide")
    elif not worldwide and (
        not isinstance(countries, list) or not countries or not all(COUNTRY.match(str(c)) for c in countries)
    ):
        problems.append("publishingInformation.distributionCountries: ISO codes like 'US' when not worldwide")
    return locales


def _check_privacy(problems: list[str], privacy: Any, locales: Iterable[str]) -> None:
    if not isinstance(privacy, dict):
        problems.append("privacyAndCompliance: missing")
        return
    for flag in PRIVACY_FLAGS:
        if not isinstance(privacy.get(flag), bool):
            problems.append(f"privacyAndCompliance.{flag}: must be true or false")
    privacy_locales = privacy.get("locales", {})
    if not isinstance(privacy_locales, dict):
        problems.append("privacyAndCompliance.locales: must be an object")
        privacy_locales = {}
    for locale in sorted(set(privacy_locales) - set(locales)):
        problems.append(f"privacyAndCompliance.locales.{locale}: no such publishing locale")
    for locale, urls in privacy_locales.items():
        for key in ("privacyPolicyUrl", "termsOfUseUrl"):
            url = urls.get(key) if isinstance(urls, dict) else None
            if url is not None and not (isinstance(url, str) and url.startswith("https://")):
                problems.append(f"privacyAndCompliance.locales.{locale}.{key}: an https:// URL")
    if privacy.get("usesPersonalInfo") is True:
        for locale in locales:
            urls = privacy_locales.get(locale)
            if not isinstance(urls, dict) or not urls.get("privacyPolicyUrl"):
                problems.append(
                    f"privacyAndCompliance.locales.{locale}.privacyPolicyUrl: "
                    "required when usesPersonalInfo is true"
                )


def _check_apis(problems: list[str], manifest: dict[str, Any]) -> None:
    apis = manifest.get("apis")
    custom = apis.get("custom") if isinstance(apis, dict) else None
    if not isinstance(custom, dict):
        problems.append("apis.custom: missing (this is a custom skill)")
    elif "endpoint" in custom:
        _check_endpoint(problems, "apis.custom.endpoint", custom["endpoint"])
    events = manifest.get("events")
    if events is not None:
        if not isinstance(events, dict) or not isinstance(events.get("subscriptions"), list):
            problems.append("events.subscriptions: a list of {eventName}")
        elif "endpoint" in events:
            _check_endpoint(problems, "events.endpoint", events["endpoint"])


def check_manifest(data: Any, *, model_locales: Iterable[str] | None = None) -> list[str]:
    """Problems Alexa (or its certification) would raise with a ``skill.json``; [] when none.

    With ``model_locales``, also checks that the listing and the interaction models name the same
    locales (a locale without a model cannot be built; a model without a listing cannot be shown).
    """
    if not isinstance(data, dict) or set(data) != {"manifest"} or not isinstance(data["manifest"], dict):
        return ["skill.json must be an object with exactly one key, 'manifest'"]
    manifest = data["manifest"]
    problems: list[str] = []
    if manifest.get("manifestVersion") != MANIFEST_VERSION:
        problems.append(f"manifestVersion: must be {MANIFEST_VERSION!r}")
    publishing = manifest.get("publishingInformation")
    if not isinstance(publishing, dict):
        return [*problems, "publishingInformation: missing"]
    locales = _check_publishing(problems, publishing)
    _check_privacy(problems, manifest.get("privacyAndCompliance"), locales)
    _check_apis(problems, manifest)
    if model_locales is not None:
        expected = set(model_locales)
        for locale in sorted(expected - set(locales)):
            problems.append(f"publishingInformation.locales: no listing for the {locale} model")
        for locale in sorted(set(locales) - expected):
            problems.append(f"publishingInformation.locales.{locale}: no interaction model")
    return problems
