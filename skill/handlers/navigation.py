"""Moving through the routine: next, go on, back, repeat, skip, what's next, and yes / no.

Every command here works from where the user really is (``Turn.place``): after a part heard to its
end that is the part announced next; after a part the user spoke over, that part again.
"""

from __future__ import annotations

from ask_sdk_core.utils.request_util import get_intent_name
from ask_sdk_model.response import Response

from skill.engine import Step
from skill.flow import go_on
from skill.handlers.base import CoachHandler, slot
from skill.progress import Position
from skill.segments import ROUTINE_SCOPE, finished_words, next_exercise_words
from skill.session import (
    ANOTHER_ROUND_QUESTION,
    EXERCISE_QUESTION,
    HELP_QUESTION,
    RESUME_QUESTION,
    Turn,
    text,
)


def not_started(turn: Turn) -> Response:
    """A command that needs a routine in progress, when there is none: say what would work."""
    return turn.ask(text(turn.words("NOTHING_STARTED")), turn.words("HELP_REPROMPT"))


def play_or_finish(turn: Turn, step: Step, *before: str) -> Response:
    """Play the step's part; a step past the last part closes the scope with the congratulations."""
    if step.position is None:
        position = turn.position
        assert position is not None
        return turn.finish(position, text(finished_words(turn.engine.routine, position.scope)))
    return turn.play(step.position, *before)


class NextHandler(CoachHandler):
    """ "Next": the part announced, or, said over a part, the part after it (skipping the rest)."""

    intents = ("AMAZON.NextIntent",)

    def answer(self, turn: Turn) -> Response:
        position = turn.position
        if position is None:
            return not_started(turn)
        if turn.cut_short:
            return play_or_finish(turn, turn.engine.next(position))
        place = turn.place
        assert place is not None
        return turn.play(place)


class GoOnHandler(CoachHandler):
    """ "Go on", "ready", "carry on", "let's go": start the part that is waiting.

    Said as a one-shot ("Alexa, ask my foot routine to resume"), it says where in one sentence and
    coaches at once; opening the skill is what asks "resume, or start over?".
    """

    intents = ("AMAZON.ResumeIntent", "ReadyIntent")

    def answer(self, turn: Turn) -> Response:
        return go_on(turn)


class PreviousHandler(CoachHandler):
    """ "Go back": the part just finished, or (said over a part) the one before it."""

    intents = ("AMAZON.PreviousIntent",)

    def answer(self, turn: Turn) -> Response:
        position = turn.position
        if position is None:
            return not_started(turn)
        if turn.heard:
            return turn.play(position)
        step = turn.engine.previous(position)
        assert step.position is not None
        if step.status == "at_start":
            return turn.play(step.position, turn.words("AT_START"))
        return turn.play(step.position)


class RepeatHandler(CoachHandler):
    """Say the last part again: re-rendered from the position at the current pace, so the same
    words and pauses (or slower ones after "slower"), without the exercise's introduction, which
    is a part of its own."""

    intents = ("AMAZON.RepeatIntent",)

    def answer(self, turn: Turn) -> Response:
        if turn.position is None:
            return not_started(turn)
        if turn.awaiting == RESUME_QUESTION and turn.record.playing is None:
            return turn.rejoin()  # what was said last was where we are and how to get in position
        return turn.play(turn.position)


class CountHandler(CoachHandler):
    """ "How many was that?", "I lost count": after a part heard to its end, the count and what
    comes next (the part is done: no replay); said over a part, that part again from its start."""

    intents = ("CountIntent",)

    def answer(self, turn: Turn) -> Response:
        position = turn.position
        if position is None:
            return not_started(turn)
        if position.key.is_setup or turn.awaiting == RESUME_QUESTION:
            return turn.reply(turn.words("COUNT_NOT_YET"))
        if not turn.heard:
            return turn.play(position, turn.words("COUNT_DURING"))
        exercise = turn.engine.routine.exercise(position.exercise)
        where = turn.where(position)[1]
        part = exercise.parts[0]
        if part.reps is not None:
            said = turn.words("COUNT_DONE", count=exercise.reps_said(part.reps.default), where=where)
        else:
            said = turn.words("COUNT_DONE_HOLDS", where=where)
        return turn.reply(said, describe_upcoming(turn, turn.upcoming))


class SkipHandler(CoachHandler):
    """ "Skip this exercise" / "next exercise", and "skip this set"."""

    intents = ("SkipExerciseIntent", "SkipSetIntent")

    def answer(self, turn: Turn) -> Response:
        place = turn.place
        if place is None:
            return not_started(turn)
        exercise = turn.engine.routine.exercise(place.exercise)
        whole_exercise = get_intent_name(turn.input) == "SkipExerciseIntent"
        named, _ = slot(turn.input, "exercise") if whole_exercise else (None, None)
        if named in turn.engine.routine.exercise_ids and named != exercise.id:  # "skip the walking"
            other = turn.engine.routine.exercise(named).name
            return turn.reply(turn.words("SKIP_ELSEWHERE", current=exercise.name, name=other))
        if whole_exercise:
            step, said = turn.engine.skip_exercise(place), turn.words("SKIPPING_EXERCISE")
        else:
            step, said = turn.engine.skip_set(place), turn.words("SKIPPING_SET")
        if step.position is None:
            return turn.ask(text(turn.words("NOTHING_TO_SKIP")), turn.go_on_prompt())
        return turn.play(step.position, said.format(name=exercise.name, unit=exercise.unit))


class WhatsNextHandler(CoachHandler):
    """ "What's next?": one sentence about the part to come, without moving."""

    intents = ("WhatsNextIntent",)

    def answer(self, turn: Turn) -> Response:
        if turn.position is None:
            return not_started(turn)
        return turn.reply(describe_upcoming(turn, turn.upcoming))


def describe_upcoming(turn: Turn, upcoming: Position | None) -> str:
    if upcoming is None:
        return turn.words("WHATS_NEXT_END")
    if upcoming.key.is_setup:
        return next_exercise_words(turn.engine.routine.exercise(upcoming.exercise))
    name, where = turn.where(upcoming)
    return turn.words("WHATS_NEXT", what=f"{name}, {where}")


class YesHandler(CoachHandler):
    intents = ("AMAZON.YesIntent",)

    def answer(self, turn: Turn) -> Response:
        if turn.awaiting == ANOTHER_ROUND_QUESTION:
            return turn.begin(ROUTINE_SCOPE)
        if turn.awaiting == EXERCISE_QUESTION:
            return turn.ask(text(turn.words("WHICH_EXERCISE")), turn.words("WHICH_EXERCISE_REPROMPT"))
        if turn.awaiting == HELP_QUESTION:
            turn.awaiting = ""
            return turn.ask(text(turn.words("HELP")), turn.words("HELP_REPROMPT"))
        if turn.awaiting == RESUME_QUESTION or turn.position is not None:
            return go_on(turn)
        return turn.begin(ROUTINE_SCOPE)


class NoHandler(CoachHandler):
    intents = ("AMAZON.NoIntent",)

    def answer(self, turn: Turn) -> Response:
        if turn.awaiting == HELP_QUESTION:  # "would you like some help?" "no": carry on as before
            turn.awaiting = ""
            prompt = turn.go_on_prompt()
            return turn.ask(text(turn.words("OKAY"), prompt), prompt)
        if turn.awaiting == ANOTHER_ROUND_QUESTION or turn.position is None:
            turn.awaiting = ""
            return turn.tell(text(turn.words("GOODBYE_IDLE")))
        turn.awaiting = ""
        return turn.ask(text(turn.words("NO_ANSWER")), turn.words("HELP_REPROMPT"))
