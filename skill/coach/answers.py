"""The answers to the open question: which rule a "yes", a "no" or an "I'm fine" goes to.

:func:`route` is the one place that decides it, from the open question
(:class:`skill.question.Question`) and the answer's intent; a handler asks it, and so never
depends on where it stands in the handler list. A pair it does not know is no answer to the
question: the request is handled as if nothing had been asked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from skill import dosing
from skill.coach.coaching import begin, go_on
from skill.coach.feeling import not_great, not_today
from skill.coach.offers import ask_routine_time, pending, raised, with_dose
from skill.coach.opening import after_feeling, welcome_back
from skill.coach.reply import Reply, text
from skill.coach.state import Coach
from skill.question import Question
from skill.segments import ROUTINE_SCOPE

YES = "AMAZON.YesIntent"
NO = "AMAZON.NoIntent"
FEELING_INTENT = "FeelingIntent"
GOOD_ANSWERS = frozenset({YES, "AMAZON.ResumeIntent", "ReadyIntent", "AMAZON.NextIntent"})
"""Answers to "how are you feeling?" that mean well enough to go on."""
BAD_ANSWERS = frozenset({NO, "DoneForTodayIntent", "AMAZON.PauseIntent"})
"""Answers to "how are you feeling?" that mean not today."""
ANSWER_INTENTS = frozenset({FEELING_INTENT, *GOOD_ANSWERS, *BAD_ANSWERS})
"""Every intent that can answer some question (what a handler of answers matches)."""


@dataclass(frozen=True)
class Answer:
    """What the user answered: the intent, and its slot's resolved id where it has one
    ("good" or "bad" for the wellbeing of FeelingIntent)."""

    intent: str
    value: str | None = None


AnswerRule = Callable[[Coach, Answer], Reply]


def route(question: Question, intent: str) -> AnswerRule | None:
    """The rule that answers ``question`` with ``intent``; None when the intent is no answer to it."""
    if question == Question.FEELING:
        return answer_feeling if intent in ANSWER_INTENTS else None
    return _YES_NO.get((question, intent))


# --- how are you feeling? ---------------------------------------------------------------------
def answer_feeling(coach: Coach, answer: Answer) -> Reply:
    """Fine goes on as the opening would have (offering the gentler dose after a pain); not fine
    closes kindly with the advice of the stop; anything else asks once more, plainly."""
    words = coach.words
    if answer.intent in GOOD_ANSWERS or answer.value == "good":
        coach = coach.asking(Question.NONE).with_record(replace(coach.record, safety=""))
        return after_feeling(coach, words("FEELING_GOOD"))
    if answer.intent in BAD_ANSWERS or answer.value == "bad":
        return not_today(coach, coach.record.safety == "unwell")
    return coach.ask_for_slot(
        FEELING_INTENT, "wellbeing", text(words("FEELING_ASK_AGAIN")), words("FEELING_REPROMPT")
    )


def unasked_feeling(coach: Coach, wellbeing: str | None) -> Reply:
    """ "I'm fine" / "not great" when nobody asked: ready to go on, or stop as for feeling unwell."""
    if wellbeing == "bad":
        return not_great(coach)
    if coach.position is None:
        return coach.ask(text(coach.words("NOTHING_STARTED")), coach.words("HELP_REPROMPT"))
    return go_on(coach)


# --- dose offers ------------------------------------------------------------------------------
def _accept_offer(coach: Coach, answer: Answer) -> tuple[Coach, str]:
    """The offer answered: on yes, its dose set; the dose said ("" if declined or none was open)."""
    offer = pending(coach)
    coach = coach.asking(Question.NONE, offer="")
    if answer.intent != YES or offer is None:
        return coach, ""
    exercise, dose = offer
    return with_dose(coach, exercise.id, dose), dosing.said(exercise, dose)


def answer_step_up(coach: Coach, answer: Answer) -> Reply:
    """ "Want to try fifteen raises next time?" closes the session either way."""
    coach, said = _accept_offer(coach, answer)
    words = coach.words
    return coach.tell(text(words("STEP_UP_YES", dose=said) if said else words("STEP_UP_NO")))


def answer_step_down(coach: Coach, answer: Answer) -> Reply:
    """ "Shall we make it easier today?" was asked at the welcome: the welcome then goes on."""
    coach, said = _accept_offer(coach, answer)
    words = coach.words
    return welcome_back(coach, words("STEP_DOWN_YES", dose=said) if said else words("OKAY"))


def answer_gap(coach: Coach, answer: Answer) -> Reply:
    """ "It's been a few weeks. Shall we start gently again?": yes puts every exercise back at the
    gentlest dose (the article's defaults); either way the welcome goes on."""
    coach = coach.asking(Question.NONE)
    words = coach.words
    if answer.intent != YES:
        return welcome_back(coach, words("OKAY"))
    exercises = raised(coach)
    said = ""
    for exercise in exercises:
        coach = with_dose(coach, exercise.id, dosing.current(exercise))
        dose = dosing.said(exercise, dosing.current(exercise))
        said = words("AND", first=said, second=dose) if said else dose
    return welcome_back(coach, words("GAP_YES", dose=said) if said else words("OKAY"))


# --- the Alexa routine ------------------------------------------------------------------------
def answer_routine_offer(coach: Coach, answer: Answer) -> Reply:
    """ "Would you like Alexa to start your foot routine for you?": yes asks the time."""
    coach = coach.asking(Question.NONE)
    if answer.intent == NO:
        return coach.tell(text(coach.words("ROUTINE_NO")))
    return ask_routine_time(coach)


# --- yes and no to everything else ------------------------------------------------------------
def another_round(coach: Coach, answer: Answer) -> Reply:
    return begin(coach, ROUTINE_SCOPE)


def which_exercise(coach: Coach, answer: Answer) -> Reply:
    """ "Which exercise would you like?" "Yes.": the question again, still open."""
    return coach.ask(text(coach.words("WHICH_EXERCISE")), coach.words("WHICH_EXERCISE_REPROMPT"))


def help_wanted(coach: Coach, answer: Answer) -> Reply:
    return coach.asking(Question.NONE).ask(text(coach.words("HELP")), coach.words("HELP_REPROMPT"))


def help_declined(coach: Coach, answer: Answer) -> Reply:
    """ "Would you like some help?" "No.": carry on as before."""
    coach = coach.asking(Question.NONE)
    prompt = coach.go_on_prompt()
    return coach.ask(text(coach.words("OKAY"), prompt), prompt)


def yes_go_on(coach: Coach, answer: Answer) -> Reply:
    """Yes to going on (or with nothing asked): the place kept, else the routine from the top."""
    if coach.question == Question.RESUME or coach.position is not None:
        return go_on(coach)
    return begin(coach, ROUTINE_SCOPE)


def goodbye(coach: Coach, answer: Answer) -> Reply:
    return coach.asking(Question.NONE).tell(text(coach.words("GOODBYE_IDLE")))


def no_thanks(coach: Coach, answer: Answer) -> Reply:
    """No, with nothing to decline: goodbye if nothing is under way, else how to go on."""
    if coach.position is None:
        return goodbye(coach, answer)
    return coach.asking(Question.NONE).ask(text(coach.words("NO_ANSWER")), coach.words("HELP_REPROMPT"))


_YES_NO: dict[tuple[Question, str], AnswerRule] = {
    (Question.STEP_UP, YES): answer_step_up,
    (Question.STEP_UP, NO): answer_step_up,
    (Question.STEP_DOWN, YES): answer_step_down,
    (Question.STEP_DOWN, NO): answer_step_down,
    (Question.GAP, YES): answer_gap,
    (Question.GAP, NO): answer_gap,
    (Question.ROUTINE, YES): answer_routine_offer,
    (Question.ROUTINE, NO): answer_routine_offer,
    (Question.ANOTHER_ROUND, YES): another_round,
    (Question.ANOTHER_ROUND, NO): goodbye,
    (Question.EXERCISE, YES): which_exercise,
    (Question.EXERCISE, NO): no_thanks,
    (Question.HELP, YES): help_wanted,
    (Question.HELP, NO): help_declined,
    (Question.RESUME, YES): yes_go_on,
    (Question.RESUME, NO): no_thanks,
    (Question.NONE, YES): yes_go_on,
    (Question.NONE, NO): no_thanks,
}
"""Every question a yes or a no can answer, and the rule for each (FEELING has its own)."""
