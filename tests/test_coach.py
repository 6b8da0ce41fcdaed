"""The coach's rules, without Alexa: a record, the request's facts and the routine in, a reply out.

No envelope, no session, no handler: each test builds a :class:`skill.coach.facts.Facts` by hand,
calls one rule of ``skill.coach`` and checks the words said (from the locale's catalogue, as
``skill.words.for_locale`` has them), the record the coach would keep and the question it leaves
open. The conversation through real envelopes is tests/test_conversation.py and its neighbours.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from skill import dosing, weeks
from skill.coach.answers import NO, YES, Answer, route
from skill.coach.coaching import begin, play
from skill.coach.facts import Facts
from skill.coach.feeling import stop_for_safety
from skill.coach.opening import opening
from skill.coach.repair import misheard
from skill.coach.reply import Elicit, Reply, text
from skill.coach.state import Coach
from skill.engine import Engine
from skill.history import History
from skill.progress import Position, position_at
from skill.question import Question, read_question
from skill.record import UserRecord
from skill.routine import default_routine
from skill.segments import ROUTINE_SCOPE, plan
from skill.timeline import PACE_NORMAL, duration
from skill.words import Words, for_locale

ENGINE = Engine(default_routine())
ROUTINE = ENGINE.routine
NOW = datetime(2026, 3, 11, 9, 0, tzinfo=UTC)  # a Wednesday
TODAY = NOW.date().isoformat()
EN = for_locale("en-US")
DE = for_locale("de-DE")


def coach(record: UserRecord | None = None, locale: str = "en-US", **facts: object) -> Coach:
    return Coach.at(Facts(locale=locale, now=NOW, **facts), ENGINE, record or UserRecord())  # type: ignore[arg-type]


def days_ago(days: int) -> str:
    return (NOW - timedelta(days=days)).date().isoformat()


def this_week() -> str:
    return weeks.week_start(TODAY, weeks.first_weekday("en-US"))


def returning(**fields: object) -> UserRecord:
    """Someone who has been here before, told last week's result already this week."""
    return replace(UserRecord(welcomed=True, week_told=this_week()), **fields)  # type: ignore[arg-type]


def says(reply: Reply, sentence: str) -> bool:
    return text(sentence) in reply.speech


def last_part(scope: str) -> Position:
    return position_at(ROUTINE, scope, len(plan(ROUTINE, scope)) - 1)


def routine_length(words: Words) -> str:
    """ "about 25 minutes": a language's voice takes its own time to say the same routine."""
    return duration(ENGINE.in_locale(words.locale).total_seconds(ROUTINE_SCOPE, PACE_NORMAL), words)


# --- opening ----------------------------------------------------------------------------------
def test_a_new_user_is_welcomed_with_the_safety_note_and_the_first_part() -> None:
    reply = opening(coach())
    assert says(reply, EN("WELCOME_NEW", duration=routine_length(EN)))
    assert says(reply, EN("SAFETY"))
    assert reply.end_session is False and reply.question == Question.NONE
    assert reply.record.welcomed
    assert reply.record.position == position_at(ROUTINE, ROUTINE_SCOPE, 0)
    assert reply.record.playing is not None and reply.played  # the part is being spoken


def test_a_new_user_whose_name_we_may_use_is_welcomed_by_name() -> None:
    reply = opening(coach(person_name="Ann"))
    assert says(reply, EN("WELCOME_NEW_NAMED", person="Ann", duration=routine_length(EN)))
    assert "Ann" in reply.speech


def test_the_welcome_follows_the_locale() -> None:
    reply = opening(coach(locale="de-DE"))
    assert says(reply, DE("WELCOME_NEW", duration=routine_length(DE)))
    assert says(reply, DE("SAFETY"))
    assert not says(reply, EN("SAFETY"))
    assert DE("WELCOME_NEW") != EN("WELCOME_NEW")


def test_welcome_back_after_a_safety_stop_asks_how_they_feel_and_coaches_nothing() -> None:
    held = position_at(ROUTINE, ROUTINE_SCOPE, 4)
    reply = opening(coach(returning(safety="pain", position=held)))
    assert says(reply, EN("WELCOME_BACK")) and says(reply, EN("FEELING_AFTER_PAIN"))
    assert reply.question == Question.FEELING
    assert reply.elicit == Elicit("FeelingIntent", "wellbeing")
    assert reply.record.position == held and reply.record.playing is None and not reply.played
    assert reply.record.safety == "pain"  # asked again next time, until they answer


def test_after_feeling_unwell_the_question_says_so_in_german() -> None:
    reply = opening(coach(returning(safety="unwell"), locale="de-DE"))
    assert says(reply, DE("FEELING_AFTER_UNWELL"))
    assert reply.reprompt == DE("FEELING_REPROMPT")


def test_fine_after_a_pain_offers_to_make_it_easier() -> None:
    raised = (("heel_raises", 15, 2),)
    asked = coach(returning(safety="pain", pain_on=days_ago(1), doses=raised), question=Question.FEELING)
    rule = route(Question.FEELING, "FeelingIntent")
    assert rule is not None
    reply = rule(asked, Answer("FeelingIntent", "good"))
    assert reply.question == Question.STEP_DOWN and reply.offer == "heel_raises:10:2"
    assert says(reply, EN("FEELING_GOOD"))
    assert reply.record.position is None and reply.record.playing is None  # nothing coached yet
    assert reply.record.safety == "" and reply.record.pain_on == ""  # offered once


def test_not_fine_closes_with_the_advice_and_a_card() -> None:
    asked = coach(returning(safety="unwell"), question=Question.FEELING)
    rule = route(Question.FEELING, "AMAZON.NoIntent")
    assert rule is not None
    reply = rule(asked, Answer(NO))
    assert reply.end_session is True and reply.question == Question.NONE
    assert reply.card is not None and reply.card.content == EN("UNWELL")
    assert reply.record.safety == "unwell"


def test_a_visit_after_finishing_today_asks_for_another_round() -> None:
    reply = opening(coach(returning(finished_on=TODAY)))
    assert says(reply, EN("FINISHED_TODAY"))
    assert reply.reprompt == EN("FINISHED_TODAY_REPROMPT")
    assert reply.question == Question.ANOTHER_ROUND and reply.end_session is False
    again = route(reply.question, YES)
    assert again is not None
    round_two = again(coach(reply.record, question=reply.question), Answer(YES))
    assert round_two.record.position == position_at(ROUTINE, ROUTINE_SCOPE, 0)
    assert round_two.question == Question.NONE


def test_a_long_gap_asks_to_start_gently_again() -> None:
    record = returning(history=History(days=(days_ago(20),)), doses=(("heel_raises", 15, 2),))
    reply = opening(coach(record))
    assert reply.question == Question.GAP and reply.record.gap_asked == days_ago(20)
    rule = route(Question.GAP, YES)
    assert rule is not None
    gentle = rule(coach(reply.record, question=Question.GAP), Answer(YES))
    assert gentle.record.doses == ()  # the article's dose again
    heel_raises = ROUTINE.exercise("heel_raises")
    assert says(gentle, EN("GAP_YES", dose=dosing.said(heel_raises, dosing.current(heel_raises))))
    assert gentle.question == Question.NONE


def test_a_place_that_no_longer_fit_is_explained() -> None:
    reply = opening(coach(returning(), notice="unreadable"))
    assert says(reply, EN("PROGRESS_RESET"))


# --- finishing --------------------------------------------------------------------------------
def test_the_fifth_routine_at_one_dose_offers_a_step_up() -> None:
    dose_days = tuple(days_ago(n) for n in (8, 6, 4, 2))
    record = returning(position=last_part(ROUTINE_SCOPE), dose_days=dose_days, routine_offered=True)
    reply = play(coach(record), last_part(ROUTINE_SCOPE))
    exercise = ROUTINE.exercises[0]
    up = dosing.harder(exercise)
    assert up is not None
    offer = EN("STEP_UP_OFFER", dose=dosing.said(exercise, up))
    assert says(reply, offer) and reply.reprompt == offer
    assert reply.question == Question.STEP_UP
    assert reply.offer == f"{exercise.id}:{up.reps}:{up.sets}"
    assert reply.record.offered and reply.record.position is None
    assert reply.record.dose_days == (*dose_days, TODAY)
    assert TODAY in reply.record.history.days and reply.record.finished_on == TODAY


def test_the_fourth_routine_says_goodbye() -> None:
    record = returning(position=last_part(ROUTINE_SCOPE), dose_days=(days_ago(4),), routine_offered=True)
    reply = play(coach(record), last_part(ROUTINE_SCOPE))
    assert says(reply, EN("FINISHED_GOODBYE_ROUTINE"))
    assert reply.end_session is True and reply.question == Question.NONE


def test_yes_to_the_step_up_sets_the_dose_and_no_keeps_it() -> None:
    exercise = ROUTINE.exercises[0]
    up = dosing.harder(exercise)
    assert up is not None
    offered = coach(
        returning(offered=True), question=Question.STEP_UP, offer=f"{exercise.id}:{up.reps}:{up.sets}"
    )
    rule = route(Question.STEP_UP, YES)
    assert rule is not None
    yes = rule(offered, Answer(YES))
    assert yes.record.doses == ((exercise.id, up.reps, up.sets),)
    assert says(yes, EN("STEP_UP_YES", dose=dosing.said(exercise, up)))
    assert yes.question == Question.NONE and yes.offer == "" and yes.end_session is True
    assert not yes.record.offered and yes.record.dose_days == ()  # a new dose counts from zero
    no_rule = route(Question.STEP_UP, NO)
    assert no_rule is not None
    no = no_rule(offered, Answer(NO))
    assert no.record.doses == () and says(no, EN("STEP_UP_NO")) and no.offer == ""


def test_a_tampered_offer_sets_nothing() -> None:
    rule = route(Question.STEP_UP, YES)
    assert rule is not None
    reply = rule(coach(returning(), question=Question.STEP_UP, offer="heel_raises:lots:2"), Answer(YES))
    assert reply.record.doses == () and says(reply, EN("STEP_UP_NO"))


# --- one exercise in the middle of the routine ------------------------------------------------
def test_one_exercise_asked_mid_routine_keeps_the_place_and_goes_back_to_it() -> None:
    place = position_at(ROUTINE, ROUTINE_SCOPE, 5)
    exercise = ROUTINE.exercises[-1]
    reply = begin(coach(returning(position=place)), exercise.id)
    assert reply.record.held == place
    assert reply.record.position is not None and reply.record.position.scope == exercise.id
    name, where = coach().where(place)
    assert says(reply, EN("EXERCISE_HOLDING", name=exercise.name, where=f"{name}, {where}"))
    done = play(coach(reply.record), last_part(exercise.id))
    assert done.record.position == place and done.record.held is None
    assert says(done, EN("EXERCISE_BACK_TO_ROUTINE", where=f"{name}, {where}"))


def test_starting_the_routine_drops_a_kept_place() -> None:
    record = returning(
        position=last_part(ROUTINE.exercises[0].id), held=position_at(ROUTINE, ROUTINE_SCOPE, 3)
    )
    reply = begin(coach(record), ROUTINE_SCOPE)
    assert reply.record.held is None
    assert reply.record.position == position_at(ROUTINE, ROUTINE_SCOPE, 0)


# --- safety and repair ------------------------------------------------------------------------
def test_a_pain_stops_keeps_the_place_and_is_remembered() -> None:
    place = position_at(ROUTINE, ROUTINE_SCOPE, 3)
    asked = coach(returning(position=place, dose_days=(days_ago(1),)), question=Question.RESUME)
    reply = stop_for_safety(asked, unwell=False)
    assert reply.end_session is True and reply.question == Question.NONE
    assert reply.card is not None and reply.card.title == EN("PAIN_CARD_TITLE")
    assert says(reply, EN("PAIN"))
    assert reply.record.position == place
    assert (reply.record.safety, reply.record.pain_on, reply.record.dose_days) == ("pain", TODAY, ())


def test_three_misunderstandings_in_a_row_offer_help() -> None:
    first = misheard(coach(returning()))
    assert first.misheard == 1 and first.question == Question.NONE
    third = misheard(coach(returning(), misheard=2))
    assert third.misheard == 3 and third.question == Question.HELP
    assert says(third, EN("FALLBACK_HELP"))


# --- the open question ------------------------------------------------------------------------
def test_the_stored_question_keeps_the_values_live_sessions_hold() -> None:
    # A session mid-question when this code shipped holds these strings in "awaiting".
    for value in ("resume", "another_round", "exercise", "help", "step_up", "step_down", "routine", "gap"):
        assert read_question(value).value == value
    assert read_question("feeling") == Question.FEELING
    assert read_question("something else") == Question.NONE
    assert read_question(None) == Question.NONE


@pytest.mark.parametrize("question", list(Question))
def test_yes_and_no_answer_every_question(question: Question) -> None:
    assert route(question, YES) is not None and route(question, NO) is not None


def test_only_the_feeling_question_takes_ready_or_pause_as_an_answer() -> None:
    assert route(Question.FEELING, "ReadyIntent") is not None
    assert route(Question.FEELING, "AMAZON.PauseIntent") is not None
    assert route(Question.STEP_UP, "ReadyIntent") is None
    assert route(Question.NONE, "FeelingIntent") is None


def test_whose_question_a_yes_answers_comes_from_the_question() -> None:
    place = position_at(ROUTINE, ROUTINE_SCOPE, 3)
    record = returning(position=place)
    by_question = {
        question: route(question, YES)
        for question in (Question.STEP_UP, Question.ROUTINE, Question.HELP, Question.RESUME)
    }
    assert len(set(by_question.values())) == len(by_question)  # four rules for four questions
    help_rule = by_question[Question.HELP]
    assert help_rule is not None
    helped = help_rule(coach(record, question=Question.HELP), Answer(YES))
    assert says(helped, EN("HELP")) and helped.question == Question.NONE
    resume_rule = by_question[Question.RESUME]
    assert resume_rule is not None
    resumed = resume_rule(coach(record, question=Question.RESUME), Answer(YES))
    assert resumed.record.position == place and resumed.record.playing is not None
