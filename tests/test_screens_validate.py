"""Every APL document and data source the skill can send, validated by apl-suggester (npm), offline.

One Node process validates them all (tools/apl/validate.js): the shared document once, and every
data source: each part of the routine at every pace, with and without sounds, and every screen a
simulated Echo Show of each viewport profile gets on the way through the routine. No warning is
allowed. The validator's structural errors arrive on a channel of their own; validate.js reads both.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from devtools.languages import LOCALES
from devtools.screenshots import walk
from devtools.viewports import VIEWPORTS
from skill import screens
from skill.engine import Engine
from skill.progress import position_at
from skill.routine import load_routine
from skill.segments import ROUTINE_SCOPE, plan
from skill.timeline import PACES

TOOLS = Path(__file__).resolve().parent.parent / "tools" / "apl"


def validate(items: list[dict[str, Any]]) -> dict[str, list[str]]:
    node = shutil.which("node")
    if node is None or not (TOOLS / "node_modules" / "apl-suggester").is_dir():
        pytest.fail("apl-suggester is not installed: run `make test` (or `npm ci --prefix tools/apl`)")
    done = subprocess.run(
        [node, "validate.js"],
        check=False,
        cwd=TOOLS,
        input=json.dumps(items).encode(),
        capture_output=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr.decode()
    return {result["name"]: result["problems"] for result in json.loads(done.stdout)}


def every_datasource() -> dict[str, dict[str, Any]]:
    routine = load_routine()
    engine = Engine(routine)
    found: dict[str, dict[str, Any]] = {}
    for index, key in enumerate(plan(routine)):
        position = position_at(routine, ROUTINE_SCOPE, index)
        for pace in PACES:
            for sounds in (False, True):
                segment = engine.segment(position, pace, sounds)
                name = f"{key.exercise}-{key.set}-{key.side}-{pace}-{sounds}"
                found[name] = screens.coaching(routine, segment, ROUTINE_SCOPE, 3.0)
    for viewport in VIEWPORTS.values():
        for screen in walk(viewport):
            found[f"{viewport.name}-{screen.name}"] = screen.datasources
    return found


def test_the_document_and_every_data_source_pass_apl_suggester_with_no_warning() -> None:
    sources = every_datasource()
    items = [{"name": "document", "document": screens.document()}]
    items += [
        {"name": name, "document": screens.document(), "datasources": data} for name, data in sources.items()
    ]
    problems = {name: found for name, found in validate(items).items() if found}
    assert problems == {}
    assert len(sources) > 150


def test_the_validator_catches_a_broken_document() -> None:
    """Both channels work here: a schema warning and a structural error (an unknown component)."""
    document = json.loads(json.dumps(screens.document()))
    document["mainTemplate"]["item"]["items"][0]["type"] = "Txet"
    document["layouts"]["Figure"]["items"]["scale"] = "sideways"
    problems = validate([{"name": "broken", "document": document}])["broken"]
    assert any("structural" in problem for problem in problems), problems
    assert any("scale" in problem for problem in problems), problems


def locale_screens() -> dict[str, dict[str, Any]]:
    """In every locale, a screen mid-exercise (a counted or held part, its phases on screen) and the
    finale with the week, from a simulated Echo Show walking the routine in that locale's words."""
    found: dict[str, dict[str, Any]] = {}
    for locale in LOCALES:
        every = walk(VIEWPORTS["echo-show-8"], locale)
        middle = [screen for screen in every if screen.properties["phases"]]
        finale = next(screen for screen in every if screen.name.endswith("finale"))
        assert finale.properties["week"] and finale.properties["goal"], locale
        found[f"{locale}-{middle[len(middle) // 2].name}"] = middle[len(middle) // 2].datasources
        found[f"{locale}-finale"] = finale.datasources
    return found


def test_every_locale_screens_pass_apl_suggester_as_data() -> None:
    sources = locale_screens()
    items = [
        {"name": name, "document": screens.document(), "datasources": data} for name, data in sources.items()
    ]
    problems = {name: found for name, found in validate(items).items() if found}
    assert problems == {}
    assert len(sources) == 2 * len(LOCALES)
