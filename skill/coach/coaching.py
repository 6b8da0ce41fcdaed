"""Coaching the routine: beginning a scope, playing a part, going back into a place, finishing.

After a safety stop nothing is coached, however the user comes back ("ask my foot routine to
resume", "...for ankle circles"), before they have said how they feel (skill.coach.feeling).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from skill import dosing, screens, ssml, streaks
from skill.coach.feeling import ask_how_they_feel
from skill.coach.offers import STEP_UP_AFTER, offering, routine_offer_due, step_up
from skill.coach.reply import Reply, text
from skill.coach.state import Coach
from skill.engine import Step
from skill.listening import Playing, heard_after
from skill.progress import Position
from skill.question import Question
from skill.record import recent_days
from skill.segments import ROUTINE_SCOPE, finished_words
from skill.timeline import duration, speaking_seconds


def play(coach: Coach, position: Position, *before: str) -> Reply:
    """Coach the segment at ``position``, after any plain sentences; the last one finishes.

    The record keeps when the part started and when it will count as heard, so the next request
    can tell a part heard to its end from one cut short (skill.listening).
    """
    if coach.record.safety:
        return ask_how_they_feel(coach)
    engine, pace, sounds = coach.engine, coach.pace, coach.record.sounds
    segment = engine.segment(position, pace, sounds)
    said_first = " ".join(sentence for sentence in before if sentence)
    speech = ssml.join(text(said_first), engine.speech(position, pace, sounds))
    lead = speaking_seconds(said_first, pace, coach.words.voice)  # the screen's timers start after these
    routine = engine.routine
    coach = coach.asking(Question.NONE).showing(
        lambda: screens.coaching(routine, segment, position.scope, lead)
    )
    if segment.is_last:
        return finish(coach, position, speech)
    started = coach.facts.now or datetime.now(UTC)
    playing = Playing(started.isoformat(), heard_after(lead + segment.work_seconds))
    coach = replace(coach.with_record(coach.record.at(position, playing)), heard=False, played=True)
    words = coach.words
    return coach.ask(speech, words("WHEN_READY_REPROMPT") if segment.key.is_setup else words("REPROMPT"))


def play_or_finish(coach: Coach, step: Step, *before: str) -> Reply:
    """Play the step's part; a step past the last part closes the scope with the congratulations."""
    if step.position is None:
        position = coach.position
        assert position is not None
        return finish(coach, position, text(finished_words(coach.engine.routine, position.scope)))
    return play(coach, step.position, *before)


def finish(coach: Coach, position: Position, speech: str) -> Reply:
    """Close after the last segment of a scope: count it, congratulate once, streak, goodbye.

    One exercise done on its own goes back to the routine's place it kept. After the fifth whole
    routine at the same dose within fourteen days (and no pain since), the goodbye becomes an
    offer, once: "Want to try fifteen raises next time?"; else, once, the offer of an Alexa routine.
    """
    words, record, today = coach.words, coach.record, coach.facts.today
    whole = position.scope == ROUTINE_SCOPE
    before = history = record.history
    dose_days = record.dose_days
    streak = ""
    if today:
        history = history.done(today, "routine" if whole else "exercise")
        streak = streaks.on_finishing(before, history, today, coach.week(), words)
        if whole:
            dose_days = recent_days((*dose_days, today), today)
    praise = words("FINISHED_PRAISE_ROUTINE") if whole else words("FINISHED_PRAISE_EXERCISE")
    goodbye = words("FINISHED_GOODBYE_ROUTINE") if whole else words("FINISHED_GOODBYE_EXERCISE")
    held = None if whole else record.held
    if held is not None:  # one exercise done: the routine waits where it was
        name, where = coach.where(held)
        goodbye = words("EXERCISE_BACK_TO_ROUTINE", where=words("NAME_WHERE", name=name, where=where))
    done = coach.with_record(
        replace(
            record,
            position=held,
            held=None,
            playing=None,
            welcomed=True,
            finished_on=today if whole else record.finished_on,
            history=history,
            dose_days=dose_days,
        )
    )
    closing = text(praise, streak)
    routine = coach.engine.routine
    coach = done.showing(
        lambda: screens.finale(routine, position.scope, screens.plain(closing), *done.week_days())
    )
    offer = step_up(coach) if whole and len(dose_days) >= STEP_UP_AFTER else None
    if offer is None and whole and routine_offer_due(coach):
        coach = coach.with_record(replace(coach.record, routine_offered=True)).asking(Question.ROUTINE)
        return coach.ask(
            ssml.join(speech, text(praise, streak, words("ROUTINE_OFFER"))), words("ROUTINE_OFFER_REPROMPT")
        )
    if offer is None:
        return coach.tell(ssml.join(speech, text(praise, streak, goodbye)))
    exercise, dose = offer
    coach = offering(coach.with_record(replace(coach.record, offered=True)), Question.STEP_UP, exercise, dose)
    question = words("STEP_UP_OFFER", dose=dosing.said(exercise, dose))
    return coach.ask(ssml.join(speech, text(praise, streak, question)), question)


def rejoin(coach: Coach, *before: str) -> Reply:
    """Go back to the place kept, in one step: a getting-ready part is simply played (it asks for
    "ready" itself); the middle of an exercise first says where, how to get into position, and
    waits for "ready" (or "start over"). Nothing is counted before the user is in place."""
    place = coach.place
    assert place is not None
    if coach.record.safety:  # after a safety stop, how they feel comes first
        return ask_how_they_feel(coach, *before)
    if place.key.is_setup:
        return play(coach, place, *before)
    coach = replace(coach.with_record(coach.record.at(place)), heard=False).asking(Question.RESUME)
    speech = ssml.join(text(*before), coach.engine.rejoin(place, coach.pace))
    return coach.ask(speech, coach.words("WHEN_READY_REPROMPT"))


def welcome(coach: Coach, scope: str = ROUTINE_SCOPE) -> tuple[str, ...]:
    """The welcome and safety note for a user who has never heard them; nothing for anyone else.

    Someone who asked for one exercise hears about that exercise and its own length.
    """
    if coach.record.welcomed:
        return ()
    words, person = coach.words, coach.facts.person_name
    length = duration(coach.engine.total_seconds(scope, coach.pace), words)
    if scope == ROUTINE_SCOPE:
        template = words("WELCOME_NEW_NAMED") if person else words("WELCOME_NEW")
        return template.format(duration=length, person=person), words("SAFETY")
    name = coach.engine.routine.exercise(scope).name
    template = words("WELCOME_NEW_EXERCISE_NAMED") if person else words("WELCOME_NEW_EXERCISE")
    return template.format(name=name, duration=length, person=person), words("SAFETY")


def begin(coach: Coach, scope: str, *before: str) -> Reply:
    """Start a scope from its first segment, with the welcome for a first-time user.

    One exercise asked for in the middle of the routine keeps the routine's place (``held``) and
    says so; the exercise's end goes back to it. Starting the routine drops any kept place.
    """
    greeting = welcome(coach, scope)
    step = coach.engine.start(scope)
    assert step.position is not None
    place = coach.place
    held = coach.record.held
    holding = ""
    if scope == ROUTINE_SCOPE:
        held = None
    elif place is not None and place.scope == ROUTINE_SCOPE:
        held = place
        name, where = coach.where(place)
        exercise = coach.engine.routine.exercise(scope).name
        holding = coach.words(
            "EXERCISE_HOLDING", name=exercise, where=coach.words("NAME_WHERE", name=name, where=where)
        )
    coach = coach.with_record(replace(coach.record, welcomed=True, held=held))
    return play(coach, step.position, *greeting, *before, holding)


def go_on(coach: Coach) -> Reply:
    """ "Go on", "ready", "resume": the part waiting. Said as a one-shot ("ask my foot routine to
    resume", days later) it first says where and how to get into position, then waits for "ready"."""
    place = coach.place
    if place is None:
        return begin(coach, ROUTINE_SCOPE, coach.words("NOTHING_TO_RESUME"))
    if coach.facts.one_shot:
        return rejoin(coach)
    return play(coach, place)
