"""The pure engine: segments within Alexa's limits, a plan faithful to the article, and commands."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skill import limits, ssml, timeline
from skill.engine import Engine
from skill.progress import Position, restore
from skill.routine import default_routine
from skill.segments import ROUTINE_SCOPE, Segment, plan
from skill.timeline import PACES, Pause, Say

ROUTINE = default_routine()
ENGINE = Engine(ROUTINE)
SCOPES = (ROUTINE_SCOPE, *ROUTINE.exercise_ids)


def walk(scope: str = ROUTINE_SCOPE) -> Iterator[Position]:
    """Every position of a scope, by "next" from the start."""
    position = ENGINE.start(scope).position
    while position is not None:
        yield position
        position = ENGINE.next(position).position


def sets(scope: str = ROUTINE_SCOPE) -> Iterator[Position]:
    """Every position of a scope that is a set or round (not getting ready)."""
    return (position for position in walk(scope) if not position.key.is_setup)


def hold_durations(segment: Segment) -> list[float]:
    """Seconds from the end of each "go" to the start of its "stop", cues included."""
    durations: list[float] = []
    timing: float | None = None
    for cue in segment.cues:
        if isinstance(cue, Say) and cue.role == "go":
            timing = 0.0
        elif isinstance(cue, Say) and cue.role == "stop" and timing is not None:
            durations.append(timing)
            timing = None
        elif timing is not None:
            timing += timeline.cue_seconds(cue, segment.pace, segment.voice)
    return durations


@given(pace=st.one_of(st.sampled_from(PACES), st.integers(min_value=-50, max_value=1000)))
def test_every_segment_passes_alexas_limits_at_any_pace(pace: int) -> None:
    for scope in SCOPES:
        for position in walk(scope):
            segment = ENGINE.segment(position, pace)
            speech = ssml.speak(ENGINE.speech(position, pace))
            assert ssml.check_ssml(speech) == [], (position, pace)
            assert len(speech) < limits.MAX_SSML_CHARS
            assert segment.planned_seconds <= limits.MAX_SEGMENT_SECONDS
            assert speech.count("<audio") <= limits.MAX_AUDIO_CLIPS
            for match in re.finditer(r'<break time="(\d+)ms"/>', speech):
                assert 0 < int(match.group(1)) <= limits.MAX_BREAK_MS


def test_toe_walking_holds_add_up_to_six_rounds_of_three_twenty_second_walks() -> None:
    holds = [
        hold for position in walk("toe_walking") for hold in hold_durations(ENGINE.segment(position, 100))
    ]
    assert len(holds) == 6 * 3
    assert holds == pytest.approx([20.0] * 18)
    assert sum(holds) == pytest.approx(6 * 3 * 20)


@pytest.mark.parametrize("pace", PACES)
def test_an_announced_hold_lasts_what_was_announced_at_every_pace(pace: int) -> None:
    for position in sets("toe_walking"):
        assert hold_durations(ENGINE.segment(position, pace)) == pytest.approx([20.0] * 3)


def test_rests_are_announced_and_within_the_articles_range() -> None:
    rests: list[float] = []
    for position in walk("toe_walking"):
        cues = ENGINE.segment(position, 100).cues
        for before, cue in itertools.pairwise(cues):
            if isinstance(cue, Pause) and cue.kind == "rest":
                rests.append(cue.seconds)
                assert isinstance(before, Say) and "Rest for fifteen seconds" in before.text
    assert len(rests) == 5, "a rest between each of the six rounds"
    assert all(10 <= rest <= 15 for rest in rests)


def test_sets_and_sides_follow_the_article_right_side_first_both_sides_every_set() -> None:
    keys = plan(ROUTINE)
    for exercise in ROUTINE.exercises:
        mine = [key for key in keys if key.exercise == exercise.id]
        assert mine[0].is_setup, "each exercise starts by getting ready"
        mine = mine[1:]
        assert len(mine) == exercise.sets.default * max(1, len(exercise.sides))
        for set_number in range(1, exercise.sets.default + 1):
            sides = [key.side for key in mine if key.set == set_number]
            assert sides == (["right", "left"] if exercise.sides else [""])
    assert [key.exercise for key in keys] == sorted(
        (key.exercise for key in keys), key=ROUTINE.exercise_ids.index
    ), "exercises in the article's order"


def counts(segment: Segment) -> list[str]:
    return [
        cue.text
        for cue in segment.cues
        if isinstance(cue, Say) and cue.role == "count" and "..." not in cue.text
    ]


def test_reps_are_counted_in_words_at_the_data_cadence() -> None:
    for position in sets("heel_raises"):
        segment = ENGINE.segment(position, 100)
        assert counts(segment) == [
            "One.",
            "Two.",
            "Three.",
            "Four.",
            "Five.",
            "Six.",
            "Seven.",
            "Eight.",
            "Nine.",
            "Ten.",
        ]
        text = ssml.render(segment.cues, 100)
        assert text.count("Up...") == 10 and text.count("and down...") == 10
        assert f"{position.side} leg" in text.lower()
    for position in sets("ankle_circles"):
        segment = ENGINE.segment(position, 100)
        assert counts(segment) == ["One.", "Two.", "Three.", "Four.", "Five."] * 2, (
            "clockwise, then the other way"
        )
        text = ssml.render(segment.cues, 100)
        assert text.index("clockwise") < text.index("counterclockwise")
        assert f"{position.side} knee" in text


def test_getting_ready_first_then_the_full_steps_then_a_one_line_reminder() -> None:
    for exercise in ROUTINE.exercises:
        texts = [ssml.render(ENGINE.segment(p, 100).cues, 100) for p in walk(exercise.id)]
        ready, texts = texts[0], texts[1:]
        assert exercise.benefit_short in ready and exercise.setup[0] in ready
        assert ready.endswith("Tell me when you're ready. You can say pause, repeat, or slower at any time.")
        assert "Ready? Go." not in ready, (
            "getting ready is not an exercise: nothing starts until the user says"
        )
        assert all(exercise.benefit not in text and exercise.benefit_short not in text for text in texts)
        assert all(exercise.setup[0] not in text for text in texts)
        assert sum(1 for text in texts if "Same" in text) == len(texts) - max(1, len(exercise.sides))


def test_a_part_counts_as_heard_once_its_work_is_done_not_its_closing_words() -> None:
    for position in walk():
        segment = ENGINE.segment(position, 100)
        assert 0 < segment.work_seconds < segment.planned_seconds
        closing = segment.planned_seconds - segment.work_seconds
        assert closing < 30 or position.exercise == "toe_walking", "praise, rest and what's next only"


def test_every_segment_says_what_comes_next_and_how_to_go_on() -> None:
    positions = list(walk())
    for position in positions[:-1]:
        closing = [cue.text for cue in ENGINE.segment(position, 100).cues if isinstance(cue, Say)][-1]
        if position.key.is_setup:
            assert closing.startswith("Tell me when you're ready.")
        else:
            assert closing.startswith("Next")
            assert "say next" in closing.lower()
    last = ssml.render(ENGINE.segment(positions[-1], 100).cues, 100)
    assert last.endswith("And that's the whole routine.")
    assert "Well done" not in last, "the finish congratulates once, after the last part"
    assert ENGINE.segment(positions[-1], 100).is_last
    switch = ssml.render(ENGINE.segment(positions[1], 100).cues, 100)
    assert "Next, switch legs: left leg." in switch


def test_pace_scales_beats_and_cadence_but_not_boundaries_or_holds() -> None:
    position = next(sets("heel_raises"))
    normal, slow = ENGINE.segment(position, 100), ENGINE.segment(position, 150)
    assert normal.key == slow.key

    def total(segment: Segment, kind: str) -> float:
        return sum(cue.seconds for cue in segment.cues if isinstance(cue, Pause) and cue.kind == kind)

    assert total(slow, "cadence") == pytest.approx(1.5 * total(normal, "cadence"))
    assert total(slow, "beat") == pytest.approx(1.5 * total(normal, "beat"))
    assert plan(ROUTINE) == tuple(p.key for p in walk())
    assert '<prosody rate="80%">' in ENGINE.speech(position, 150)
    assert "<prosody" not in ENGINE.speech(position, 100)
    assert ENGINE.total_seconds(ROUTINE_SCOPE, 150) > ENGINE.total_seconds(ROUTINE_SCOPE, 100)


def test_spoken_text_is_escaped() -> None:
    body = ssml.render([Say("Hold & breathe <slowly>"), Pause(25, "hold")], 100)
    assert (
        body == "Hold &amp; breathe &lt;slowly&gt; "
        '<break time="10000ms"/><break time="10000ms"/><break time="5000ms"/>'
    )
    assert ssml.check_ssml(ssml.speak(body)) == []
    assert ssml.check_ssml("<speak>Hold & breathe</speak>") != []
    assert ssml.check_ssml('<speak><break time="12s"/></speak>') == ["break of 12000 ms exceeds 10000 ms"]


# --- Positions and commands ---------------------------------------------------------------------


@given(st.sampled_from([(scope, p) for scope in SCOPES for p in walk(scope)]))
def test_positions_round_trip_through_a_small_dict(item: tuple[str, Position]) -> None:
    _, position = item
    stored = position.to_dict()
    assert all(isinstance(value, int | str) and not isinstance(value, bool) for value in stored.values())
    assert Position.from_dict(stored) == position
    assert restore(ROUTINE, stored) == (position, "exact")


def test_commands_at_the_edges() -> None:
    first = ENGINE.start().position
    assert first is not None and first.key == plan(ROUTINE)[0]
    assert ENGINE.previous(first).status == "at_start"
    assert ENGINE.previous(first).position == first
    positions = list(walk())
    last = positions[-1]
    assert ENGINE.next(last) == ENGINE.next(last).__class__(None, "finished")
    assert ENGINE.previous(positions[5]).position == positions[4]
    assert ENGINE.start_over(positions[7]).position == first


def test_skipping_an_exercise_or_a_set() -> None:
    positions = list(walk())
    keys = [(p.exercise, p.set, p.side) for p in positions]
    set_one_left = positions[keys.index(("heel_raises", 1, "left"))]
    assert ENGINE.skip_set(set_one_left).position == positions[keys.index(("heel_raises", 2, "right"))]
    assert ENGINE.skip_exercise(set_one_left).position == positions[keys.index(("toe_walking", 0, ""))]
    ready = positions[keys.index(("toe_walking", 0, ""))]
    assert ENGINE.skip_set(ready).position == positions[keys.index(("toe_walking", 1, ""))]
    assert (
        ENGINE.skip_set(positions[keys.index(("toe_walking", 6, ""))]).position
        == positions[keys.index(("ankle_circles", 0, ""))]
    )
    assert ENGINE.skip_exercise(positions[-3]).status == "finished", "nothing after the last exercise"
    assert ENGINE.skip_set(positions[-1]).status == "finished"


def test_a_single_exercise_is_its_own_scope() -> None:
    step = ENGINE.start("ankle_circles")
    assert step.position is not None and step.position.key.exercise == "ankle_circles"
    positions = list(walk("ankle_circles"))
    assert len(positions) == 1 + 10
    assert ENGINE.next(positions[-1]).status == "finished"
    assert ENGINE.start_over(positions[4]).position == positions[0]
    assert "That's all of the ankle circles" in ENGINE.speech(positions[-1], 100)
    with pytest.raises(KeyError):
        ENGINE.start("jumping_jacks")


def test_what_is_left_shrinks_as_the_user_goes_on() -> None:
    positions = list(walk())
    left = [ENGINE.remaining(p, 100) for p in positions]
    assert left[0].seconds == pytest.approx(ENGINE.total_seconds(ROUTINE_SCOPE, 100))
    assert all(a.seconds > b.seconds for a, b in itertools.pairwise(left))
    assert left[0].exercises_after == 2 and left[-1].exercises_after == 0
    assert left[-1].segments == 1


@pytest.mark.parametrize(
    ("stored", "expected", "how"),
    [
        (
            {"v": 0, "scope": "routine", "exercise": "ankle_circles", "set": 2, "side": "left"},
            ("ankle_circles", 0, ""),
            "moved_to_exercise_start",
        ),
        (
            {"v": 1, "scope": "routine", "exercise": "ankle_circles", "set": 9, "side": "left"},
            ("ankle_circles", 0, ""),
            "moved_to_exercise_start",
        ),
        (
            {"v": 1, "scope": "routine", "exercise": "toe_walking", "set": 2, "side": "left"},
            ("toe_walking", 0, ""),
            "moved_to_exercise_start",
        ),
        (
            {"v": 1, "scope": "routine", "exercise": "jumping_jacks", "set": 1, "side": ""},
            ("heel_raises", 0, ""),
            "moved_to_start",
        ),
        (
            {"v": 1, "scope": "gone", "exercise": "toe_walking", "set": 1, "side": ""},
            ("toe_walking", 0, ""),
            "moved_to_exercise_start",
        ),
        ({"v": "one", "exercise": 7}, ("heel_raises", 0, ""), "unreadable"),
        ("garbage", ("heel_raises", 0, ""), "unreadable"),
    ],
)
def test_old_or_odd_positions_map_to_a_sane_place(
    stored: object, expected: tuple[str, int, str], how: str
) -> None:
    position, restoration = restore(ROUTINE, stored)
    assert position is not None
    assert (position.exercise, position.set, position.side) == expected
    assert restoration == how
    ENGINE.speech(position, 100)  # it can be spoken


def test_decimal_numbers_from_dynamodb_are_accepted() -> None:
    from decimal import Decimal

    stored = {
        "v": Decimal(1),
        "scope": "routine",
        "exercise": "heel_raises",
        "set": Decimal(2),
        "side": "left",
    }
    assert restore(ROUTINE, stored) == (Position("heel_raises", 2, "left", "routine", 1), "exact")
    with pytest.raises(ValueError):
        Position.from_dict({**stored, "set": Decimal("2.5")})


# ---- sound cues ----------------------------------------------------------------------------------


@given(pace=st.sampled_from(PACES))
def test_with_sounds_every_segment_still_passes_alexas_limits(pace: int) -> None:
    for scope in SCOPES:
        for position in walk(scope):
            speech = ssml.speak(ENGINE.speech(position, pace, sounds=True))
            assert ssml.check_ssml(speech) == [], (position, pace)  # <= 5 clips, none inside <prosody>
            if not position.key.is_setup:
                assert speech.count("<audio") >= 1, "every exercising segment has a go"


def test_a_toe_walking_round_starts_every_walk_with_a_sound_and_keeps_each_hold_exact() -> None:
    # Issue #19: the third walk started in silence (end sounds took the budget first).
    for pace in PACES:
        for position in sets("toe_walking"):
            segment = ENGINE.segment(position, pace, sounds=True)
            cues = list(segment.cues)
            gos = [i for i, cue in enumerate(cues) if isinstance(cue, Say) and cue.role == "go"]
            assert [cues[i + 1] for i in gos] == [timeline.GO_SOUND] * 3, "a sound right after every 'Go.'"
            ends = [i for i, cue in enumerate(cues) if cue == timeline.END_SOUND]
            stops = [i for i, cue in enumerate(cues) if isinstance(cue, Say) and cue.role == "stop"]
            assert [i + 1 for i in ends] == stops[: len(ends)], "end sounds right before 'And stop.'"
            assert len(ends) == limits.MAX_AUDIO_CLIPS - 3
            assert hold_durations(segment) == pytest.approx([20.0] * 3), pace


def test_without_sounds_nothing_is_played() -> None:
    for position in walk(ROUTINE_SCOPE):
        assert "<audio" not in ENGINE.speech(position, 100, sounds=False)


def test_at_a_slow_pace_sounds_sit_outside_the_slowed_voice() -> None:
    position = next(sets("toe_walking"))
    speech = ENGINE.speech(position, 150, sounds=True)
    assert '<prosody rate="80%">' in speech and "<audio" in speech
    assert ssml.check_ssml(ssml.speak(speech)) == []
    assert ssml.check_ssml(ssml.speak('<prosody rate="90%">a <audio src="soundbank://x"/></prosody>')) == [
        "an audio clip inside <prosody>"
    ]


@given(st.text())
def test_escaping_matches_the_standard_librarys(text: str) -> None:
    from xml.sax.saxutils import escape

    assert ssml.escape_text(text) == escape(text, {'"': "&quot;"})
