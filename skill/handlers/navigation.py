"""Moving through the routine: next, go on, back, repeat, skip, what's next, how many.

Every command here works from where the user really is (``Coach.place``): after a part heard to its
end that is the part announced next; after a part the user spoke over, that part again. "Yes" and
"no" are answers to a question (skill.handlers.answers).
"""

from __future__ import annotations

from ask_sdk_core.utils.request_util import get_intent_name

from skill.coach.coaching import go_on, play, play_or_finish, rejoin
from skill.coach.reply import Reply, text
from skill.coach.state import Coach
from skill.handlers.base import CoachHandler, slot
from skill.progress import Position
from skill.question import Question
from skill.segments import next_exercise_words
from skill.session import Turn


def not_started(coach: Coach) -> Reply:
    """A command that needs a routine in progress, when there is none: say what would work."""
    return coach.ask(text(coach.words("NOTHING_STARTED")), coach.words("HELP_REPROMPT"))


class NextHandler(CoachHandler):
    """ "Next": the part announced, or, said over a part, the part after it (skipping the rest)."""

    intents = ("AMAZON.NextIntent",)

    def answer(self, turn: Turn) -> Reply:
        coach = turn.coach
        position = coach.position
        if position is None:
            return not_started(coach)
        if coach.cut_short:
            return play_or_finish(coach, coach.engine.next(position))
        place = coach.place
        assert place is not None
        return play(coach, place)


class GoOnHandler(CoachHandler):
    """ "Go on", "ready", "carry on", "let's go": start the part that is waiting.

    Said as a one-shot ("Alexa, ask my foot routine to resume"), it says where in one sentence and
    coaches at once; opening the skill is what asks "resume, or start over?".
    """

    intents = ("AMAZON.ResumeIntent", "ReadyIntent")

    def answer(self, turn: Turn) -> Reply:
        return go_on(turn.coach)


class PreviousHandler(CoachHandler):
    """ "Go back": the part just finished, or (said over a part) the one before it."""

    intents = ("AMAZON.PreviousIntent",)

    def answer(self, turn: Turn) -> Reply:
        coach = turn.coach
        position = coach.position
        if position is None:
            return not_started(coach)
        if coach.heard:
            return play(coach, position)
        step = coach.engine.previous(position)
        assert step.position is not None
        if step.status == "at_start":
            return play(coach, step.position, coach.words("AT_START"))
        return play(coach, step.position)


class RepeatHandler(CoachHandler):
    """Say the last part again: re-rendered from the position at the current pace, so the same
    words and pauses (or slower ones after "slower"), without the exercise's introduction, which
    is a part of its own."""

    intents = ("AMAZON.RepeatIntent",)

    def answer(self, turn: Turn) -> Reply:
        coach = turn.coach
        if coach.position is None:
            return not_started(coach)
        if coach.question == Question.RESUME and coach.record.playing is None:
            return rejoin(coach)  # what was said last was where we are and how to get in position
        return play(coach, coach.position)


class CountHandler(CoachHandler):
    """ "How many was that?", "I lost count": after a part heard to its end, the count and what
    comes next (the part is done: no replay); said over a part, that part again from its start."""

    intents = ("CountIntent",)

    def answer(self, turn: Turn) -> Reply:
        coach = turn.coach
        position = coach.position
        if position is None:
            return not_started(coach)
        if position.key.is_setup or coach.question == Question.RESUME:
            return coach.reply(coach.words("COUNT_NOT_YET"))
        if not coach.heard:
            return play(coach, position, coach.words("COUNT_DURING"))
        exercise = coach.engine.routine.exercise(position.exercise)
        where = coach.where(position)[1]
        part = exercise.parts[0]
        if part.reps is not None:
            said = coach.words("COUNT_DONE", count=exercise.reps_said(part.reps.default), where=where)
        else:
            said = coach.words("COUNT_DONE_HOLDS", where=where)
        return coach.reply(said, describe_upcoming(coach, coach.upcoming))


class SkipHandler(CoachHandler):
    """ "Skip this exercise" / "next exercise", and "skip this set"."""

    intents = ("SkipExerciseIntent", "SkipSetIntent")

    def answer(self, turn: Turn) -> Reply:
        coach = turn.coach
        place = coach.place
        if place is None:
            return not_started(coach)
        exercise = coach.engine.routine.exercise(place.exercise)
        whole_exercise = get_intent_name(turn.input) == "SkipExerciseIntent"
        named, _ = slot(turn.input, "exercise") if whole_exercise else (None, None)
        if named in coach.engine.routine.exercise_ids and named != exercise.id:  # "skip the walking"
            other = coach.engine.routine.exercise(named).name
            return coach.reply(coach.words("SKIP_ELSEWHERE", current=exercise.name, name=other))
        if whole_exercise:
            step, said = coach.engine.skip_exercise(place), coach.words("SKIPPING_EXERCISE")
        else:
            step, said = coach.engine.skip_set(place), coach.words("SKIPPING_SET")
        if step.position is None:
            return coach.ask(text(coach.words("NOTHING_TO_SKIP")), coach.go_on_prompt())
        return play(coach, step.position, said.format(name=exercise.name, unit=exercise.unit))


class WhatsNextHandler(CoachHandler):
    """ "What's next?": one sentence about the part to come, without moving."""

    intents = ("WhatsNextIntent",)

    def answer(self, turn: Turn) -> Reply:
        coach = turn.coach
        if coach.position is None:
            return not_started(coach)
        return coach.reply(describe_upcoming(coach, coach.upcoming))


def describe_upcoming(coach: Coach, upcoming: Position | None) -> str:
    if upcoming is None:
        return coach.words("WHATS_NEXT_END")
    if upcoming.key.is_setup:
        return next_exercise_words(coach.engine.routine.exercise(upcoming.exercise))
    name, where = coach.where(upcoming)
    return coach.words("WHATS_NEXT", what=coach.words("NAME_WHERE", name=name, where=where))
