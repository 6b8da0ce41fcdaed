"""Cutting the routine into segments: what one Alexa response speaks.

A segment is one side of one set (heel raises, ankle circles) or one round (toe walking): a natural
place to stop, short enough to fit Alexa's limits at the slowest pace, long enough that the user is
not asked "next?" between every rep. Before its first set, each exercise has a "getting ready" part
(set 0): its name, why it helps and the set-up (fetch a chair, find clear floor, lie down), ending
with "tell me when you're ready", because nobody can lie down on the floor in a 1.5 second beat.
The first set then explains each side's steps in full; later ones give a one-line reminder. Every
segment ends by saying what comes next and how to go on.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property

from skill import timeline
from skill.routine import Exercise, Routine
from skill.timeline import Cue, Pause, Say
from skill.words import Voice, capitalise

ROUTINE_SCOPE = "routine"
SETUP_SET = 0
"""The set number of an exercise's "getting ready" part, which comes before its first set."""


@dataclass(frozen=True, order=True)
class SegmentKey:
    """Structural coordinates of a segment: exercise, set (1-based; 0 is getting ready) and side."""

    exercise: str
    set: int
    side: str

    @property
    def is_setup(self) -> bool:
        return self.set == SETUP_SET


@dataclass(frozen=True)
class Segment:
    """One response's worth of coaching: its cues, and whether it ends the scope."""

    key: SegmentKey
    cues: tuple[Cue, ...]
    pace: int
    is_last: bool
    voice: Voice
    """The language's speaking rate: the planned length follows the words actually spoken."""

    @cached_property
    def planned_seconds(self) -> float:
        # Summed once per segment (segments are cached and immutable): the welcome's "it takes
        # about thirty minutes" adds up every segment, and a warm Launch must not redo that sum.
        return timeline.total_seconds(self.cues, self.pace, self.voice)

    @cached_property
    def work_seconds(self) -> float:
        """Seconds from the segment's start to the end of its work: the last movement, or the last
        set-up step. The praise, rest and "what's next" after that are not needed to count it done."""
        closing = next(
            (i for i, cue in enumerate(self.cues) if isinstance(cue, Say) and cue.role == "closing"),
            len(self.cues),
        )
        return timeline.total_seconds(self.cues[:closing], self.pace, self.voice)


def exercise_keys(exercise: Exercise) -> tuple[SegmentKey, ...]:
    """Every segment of one exercise, in order: getting ready (when there is a set-up), then the
    sets, and within each set the sides as written."""
    sides = exercise.sides or ("",)
    setup = (SegmentKey(exercise.id, SETUP_SET, ""),) if exercise.setup else ()
    return setup + tuple(
        SegmentKey(exercise.id, set_number, side)
        for set_number in range(1, exercise.sets.default + 1)
        for side in sides
    )


@cache
def plan(routine: Routine, scope: str = ROUTINE_SCOPE) -> tuple[SegmentKey, ...]:
    """The ordered segments of a scope: the whole routine, or a single exercise by id."""
    if scope == ROUTINE_SCOPE:
        return tuple(key for exercise in routine.exercises for key in exercise_keys(exercise))
    return exercise_keys(routine.exercise(scope))


def _where(exercise: Exercise, key: SegmentKey) -> str:
    words = exercise.words
    fields = {"Unit": capitalise(exercise.unit), "set": key.set, "sets": exercise.sets.default}
    if key.side:
        return words("WHERE_SET_SIDE", side=exercise.side_name(key.side), **fields)
    return words("WHERE_SET", **fields)


def where_words(exercise: Exercise, key: SegmentKey) -> str:
    """ "Set 1 of 2, right leg.": what the part says first, and its screen's heading."""
    return _where(exercise, key)


def describe(exercise: Exercise, key: SegmentKey) -> str:
    """Where a user is, in words: "set 2, left foot" / "round 3" / "getting ready"."""
    words = exercise.words
    if key.is_setup:
        return words("GETTING_READY")
    if key.side:
        return words("WHERE_SHORT_SIDE", unit=exercise.unit, set=key.set, side=exercise.side_name(key.side))
    return words("WHERE_SHORT", unit=exercise.unit, set=key.set)


def introduction(exercise: Exercise, pace: int, *, full: bool = False) -> list[Cue]:
    """The exercise's name and why it helps: in one breath when getting ready for it (a new user
    speaks within about thirty seconds), in full when they ask how to do it."""
    title = Say(exercise.words("EXERCISE_TITLE", name=capitalise(exercise.name)))
    return [title, *timeline.instruction(exercise.benefit if full else exercise.benefit_short, pace)]


def setup_cues(exercise: Exercise, pace: int) -> list[Cue]:
    """The set-up steps (fetch a chair, lie down), each with its beat."""
    cues: list[Cue] = []
    for line in exercise.setup:
        cues += timeline.instruction(line, pace)
    return cues


def side_steps(exercise: Exercise, key: SegmentKey, pace: int) -> list[Cue]:
    """How to do this side, in full (the first set's words)."""
    cues: list[Cue] = []
    for line in exercise.side_steps[key.side]:
        cues += timeline.instruction(line, pace)
    return cues


def explanation(routine: Routine, key: SegmentKey, pace: int) -> list[Cue]:
    """ "How do I do this?": the exercise in full (why, set-up, this side's steps and the moves)."""
    exercise = routine.exercise(key.exercise)
    side = key.side or (exercise.sides[0] if exercise.sides else "")
    first = SegmentKey(key.exercise, 1, side)
    cues = (
        introduction(exercise, pace, full=True)
        + setup_cues(exercise, pace)
        + side_steps(exercise, first, pace)
    )
    for part in exercise.parts:
        if part.announce:
            cues += timeline.instruction(exercise.announced(part), pace)
    return cues


def rejoin(routine: Routine, key: SegmentKey, pace: int) -> list[Cue]:
    """Coming back into the middle of an exercise (a resume, days later): where, how to get into
    position (the chair, the floor), then wait for "ready". Nobody is counted into a movement
    standing on one leg before they have found the chair again (issue #19)."""
    exercise = routine.exercise(key.exercise)
    cues: list[Cue] = [Say(routine.words("REJOIN", name=exercise.name, where=describe(exercise, key)))]
    cues += setup_cues(exercise, pace)
    if cues and isinstance(cues[-1], Pause):
        cues.pop()
    cues.append(Say(routine.words("REJOIN_READY"), "closing"))
    return cues


def _setup_segment_cues(exercise: Exercise, pace: int, first: bool) -> list[Cue]:
    cues = introduction(exercise, pace) + setup_cues(exercise, pace)
    if cues and isinstance(cues[-1], Pause):
        cues.pop()  # the question ends it: the user takes as long as they need, not a beat
    cues.append(Say(exercise.words("FIRST_WHEN_READY" if first else "WHEN_READY"), "closing"))
    return cues


def _side_cues(exercise: Exercise, key: SegmentKey, pace: int) -> list[Cue]:
    """The words for this side: in full in the first set, a one-line reminder afterwards."""
    cues: list[Cue] = []
    first_set = key.set == 1
    side_index = exercise.sides.index(key.side) if key.side else 0
    if first_set and side_index == 0 and not exercise.setup:
        cues += introduction(exercise, pace)
    cues += [Say(_where(exercise, key))]
    # "Switch legs" is said once, as the part before ends ("Next, switch legs: left leg."); the
    # part itself names its side and, where there is one, how to change over.
    if key.side and not (first_set and side_index == 0) and exercise.switch:
        cues += timeline.instruction(exercise.switch[key.side], pace)
    if first_set:
        cues += side_steps(exercise, key, pace)
    else:
        cues += timeline.instruction(exercise.reminder[key.side], pace)
    return cues


def _part_cues(exercise: Exercise, key: SegmentKey, pace: int) -> list[Cue]:
    cues: list[Cue] = []
    last = exercise.parts[-1] if exercise.parts else None
    for part in exercise.parts:
        reps = part.reps.default if part.reps else 0
        hold = part.hold_seconds.default if part.hold_seconds else 0
        if key.set == 1 or not part.reminder:
            text = exercise.announced(part) if part.announce else ""
        else:
            text = part.reminder
        if text:
            cues += timeline.instruction(text, pace)
        if part.hold_seconds:
            cues += timeline.hold(hold, pace, exercise.words)
        else:
            cues += timeline.reps(part, reps, pace, exercise.words)
            # "And rest." only when a rest comes: between clockwise and counterclockwise the next
            # instruction follows at once, so the count's end is a beat, not a rest (issue #19).
            cues += [Say(exercise.words("REPS_DONE" if part is last else "PART_DONE"), "stop")]
    return cues


def _next_words(routine: Routine, exercise: Exercise, key: SegmentKey, following: SegmentKey) -> str:
    if following.exercise != key.exercise:
        return next_exercise_words(routine.exercise(following.exercise))
    words = exercise.words
    side = exercise.side_name(following.side)
    if following.set == key.set:
        return words("NEXT_SIDE", side=side)
    if following.side:
        switching = following.side != key.side
        template = "NEXT_SET_SIDE" if switching else "NEXT_SET_SIDE_SAME"
        return words(template, unit=exercise.unit, set=following.set, side=side)
    return words("NEXT_SET", unit=exercise.unit, set=following.set)


def next_exercise_words(exercise: Exercise) -> str:
    """ "Next is ankle circles: you'll lie on your back, so find a soft spot on the floor." """
    if exercise.get_ready:
        return exercise.words("NEXT_EXERCISE_READY", name=exercise.name, get_ready=exercise.get_ready)
    return exercise.words("NEXT_EXERCISE", name=exercise.name)


def _closing_cues(
    routine: Routine,
    exercise: Exercise,
    key: SegmentKey,
    following: SegmentKey | None,
    scope: str,
    first: bool,
) -> list[Cue]:
    """Praise (sometimes), what was done, any rest, what comes next and how to go on."""
    words = exercise.words
    if not key.side:
        done = words("DONE_SET", unit=exercise.unit, set=key.set)
    elif key.set < exercise.sets.default:  # "the right foot done" after set one of five misleads
        done = words("DONE_SIDE_OF_SET", unit=exercise.unit, set=key.set, side=exercise.side_name(key.side))
    else:
        done = words("DONE_SIDE", side=exercise.side_name(key.side))
    # No praise on the very last part: the finish congratulates once (skill.handlers: finishing).
    praise = words.pick("PRAISE", key) if following is not None else ""
    cues: list[Cue] = [Say(f"{praise} {done}" if praise else done, "closing")]
    last_side = not exercise.sides or key.side == exercise.sides[-1]
    if exercise.rest_after_set_seconds and last_side and key.set < exercise.sets.default:
        cues += timeline.rest(exercise.rest_after_set_seconds.default, words)
    if following is None:
        cues.append(Say(finished_words(routine, scope), "closing"))
        return cues
    go_on = words("FIRST_GO_ON") if first else words.pick("GO_ON", key, "go on")
    cues.append(Say(f"{_next_words(routine, exercise, key, following)} {go_on}", "closing"))
    return cues


def finished_words(routine: Routine, scope: str) -> str:
    """What the coach says on finishing a scope: the whole routine, or one exercise."""
    if scope == ROUTINE_SCOPE:
        return routine.words("ROUTINE_FINISHED")
    return routine.words("EXERCISE_FINISHED", name=routine.exercise(scope).name)


def build_segment(routine: Routine, scope: str, index: int, pace: int, sounds: bool = False) -> Segment:
    """Render the segment at ``index`` of ``scope``'s plan into cues at ``pace``, with sound cues if asked."""
    keys = plan(routine, scope)
    key = keys[index]
    following = keys[index + 1] if index + 1 < len(keys) else None
    exercise = routine.exercise(key.exercise)
    pace = timeline.clamp_pace(pace)
    if key.is_setup:
        cues = _setup_segment_cues(exercise, pace, first=index == 0)
    else:
        cues = _side_cues(exercise, key, pace) + _part_cues(exercise, key, pace)
        cues += _closing_cues(routine, exercise, key, following, scope, first=index == 0)
    if sounds:
        cues = timeline.with_sounds(cues)
    return Segment(key=key, cues=tuple(cues), pace=pace, is_last=following is None, voice=routine.words.voice)
