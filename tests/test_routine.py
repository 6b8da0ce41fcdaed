"""The routine data file: faithful to the article, and a bad file is refused naming the field."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from skill.routine import RoutineError, default_routine, load_routine, parse_routine
from skill.words import for_locale

EN = for_locale("en-US")

SEED = Path(__file__).parents[1] / "skill" / "data" / "routine.json"


@pytest.fixture
def seed() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SEED.read_text(encoding="utf-8"))
    return data


def test_three_exercises_in_the_article_order() -> None:
    routine = default_routine()
    assert routine.exercise_ids == ("heel_raises", "toe_walking", "ankle_circles")
    assert [exercise.name for exercise in routine.exercises] == [
        "heel raises",
        "toe walking",
        "ankle circles",
    ]


def test_heel_raises_follow_the_article() -> None:
    heel = default_routine().exercise("heel_raises")
    assert heel.sides == ("right", "left")
    assert (heel.sets.min, heel.sets.max) == (2, 3)
    (raises,) = heel.parts
    assert raises.reps is not None and (raises.reps.min, raises.reps.max) == (10, 20)
    words = " ".join((*heel.setup, *heel.side_steps["left"])).lower()
    for needle in (
        "chair",
        "in front of you",
        "stand tall",
        "lift your right foot",
        "bend your left knee",
        "raise and lower your left heel",
        "in line with your leg",
    ):
        assert needle in words


def test_toe_walking_follows_the_article() -> None:
    toe = default_routine().exercise("toe_walking")
    assert toe.sides == ()
    assert toe.sets.default == 6, "repeat 5 more times: six rounds in all"
    assert [part.id for part in toe.parts] == ["forward", "outward", "inward"]
    assert all(part.hold_seconds and part.hold_seconds.default == 20 for part in toe.parts)
    assert toe.rest_after_set_seconds is not None
    assert (toe.rest_after_set_seconds.min, toe.rest_after_set_seconds.max) == (10, 15)


def test_ankle_circles_follow_the_article() -> None:
    ankle = default_routine().exercise("ankle_circles")
    assert ankle.sides == ("right", "left")
    assert ankle.sets.default == 5
    assert [part.id for part in ankle.parts] == ["clockwise", "counterclockwise"]
    for part in ankle.parts:
        assert part.reps is not None and (part.reps.min, part.reps.max) == (5, 10)
    words = " ".join((*ankle.setup, *ankle.side_steps["right"])).lower()
    for needle in (
        "lie down on your back",
        "feet flat",
        "hug your right knee to your chest",
        "twelve o'clock",
        "six o'clock",
    ):
        assert needle in words


def test_every_default_says_why_it_was_chosen() -> None:
    for exercise in default_routine().exercises:
        ranges = [exercise.sets, exercise.rest_after_set_seconds]
        ranges += [part.reps or part.hold_seconds for part in exercise.parts]
        for chosen in ranges:
            if chosen is not None:
                assert chosen.min <= chosen.default <= chosen.max
                assert len(chosen.why) > 20


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d["exercises"][0].pop("id"), "exercises[0].id: missing"),
        (
            lambda d: d["exercises"][0].update(id="jumping_jacks"),
            "exercises[0]: en-US: no message 'jumping_jacks.raises.cadence.1'",
        ),
        (
            lambda d: d["exercises"][0].update(setup_lines=3),
            "exercises[0]: en-US: no message 'heel_raises.setup.3'",
        ),
        (lambda d: d["exercises"][1]["sets"].update(default=9), "exercises[1].sets.default"),
        (lambda d: d["exercises"][2]["sides"].append("middle"), "exercises[2].sides[2]"),
        (lambda d: d["exercises"][0]["parts"][0].pop("reps"), "exercises[0].parts[0]: needs exactly one"),
        (lambda d: d["exercises"][0]["parts"][0]["reps"].update(min="ten"), "exercises[0].parts[0].reps.min"),
        (lambda d: d["exercises"][1].update(setup_lines=-1), "exercises[1].setup_lines"),
        (lambda d: d["exercises"].append(copy.deepcopy(d["exercises"][0])), "used twice"),
        (lambda d: d.update(exercises=[]), "exercises: expected a non-empty list"),
        (lambda d: d.update(content_version=0), "content_version"),
        (lambda d: d["exercises"][1]["parts"][0].update(hold_seconds=None), "exercises[1].parts[0]"),
    ],
)
def test_a_bad_routine_is_refused_naming_the_field(seed: dict[str, Any], mutate: Any, field: str) -> None:
    data = copy.deepcopy(seed)
    mutate(data)
    with pytest.raises(
        RoutineError,
        match=field.replace("[", r"\[").replace("]", r"\]").replace("{", r"\{").replace("}", r"\}"),
    ):
        parse_routine(data, EN)


def test_a_file_that_is_not_json_is_refused_with_its_path(tmp_path: Path) -> None:
    broken = tmp_path / "routine.json"
    broken.write_text("{ not json", encoding="utf-8")
    with pytest.raises(RoutineError, match=r"routine\.json: not valid JSON"):
        load_routine(broken)


def test_the_seed_file_loads_from_a_path_too() -> None:
    assert load_routine(SEED) == default_routine()
