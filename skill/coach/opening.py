"""Opening the skill: the first welcome, or welcome back; how they feel after a safety stop, last
week's result on the first visit of a week, a step down after a pain, a gentle restart after a
long gap, then straight back into their place (or another round, or the top).
"""

from __future__ import annotations

from dataclasses import replace

from skill import dosing, streaks, weeks
from skill.coach.coaching import begin, rejoin
from skill.coach.feeling import ask_how_they_feel
from skill.coach.offers import offering, raised, step_down
from skill.coach.reply import Reply, text
from skill.coach.state import Coach
from skill.question import Question
from skill.segments import ROUTINE_SCOPE

GAP_DAYS = 14
"""More than this many days since the last practice day is a long gap (issue #23)."""


def opening(coach: Coach) -> Reply:
    """What opening the skill says: the welcome, how they feel after a safety stop, or the rest
    of the welcome back (:func:`after_feeling`)."""
    if not coach.record.welcomed:
        return begin(coach, ROUTINE_SCOPE)
    greeting = welcome_back_words(coach)
    if coach.record.safety:
        return ask_how_they_feel(coach, greeting)
    return after_feeling(coach, greeting)


def after_feeling(coach: Coach, greeting: str) -> Reply:
    """The opening once nobody needs asking how they feel: last week's result on the first visit
    of a week, then a step down after a pain, a gentle restart after a long gap, or their place."""
    coach, week = last_week_once(coach)
    if coach.record.pain_on:
        offer = step_down(coach)
        coach = coach.with_record(replace(coach.record, pain_on=""))  # offered once
        if offer is not None:
            exercise, dose = offer
            coach = offering(coach, Question.STEP_DOWN, exercise, dose)
            question = coach.words("STEP_DOWN_OFFER", name=exercise.name, dose=dosing.said(exercise, dose))
            return coach.ask(text(greeting, week, question), question)
    coach, gap = gentle_restart(coach)
    if coach.question == Question.GAP:
        return coach.ask(text(greeting, week, gap), gap)
    return welcome_back(coach, *filter(None, (week, gap)), greeting=greeting)


def last_week_once(coach: Coach) -> tuple[Coach, str]:
    """Last week's result in one sentence, on the first visit of a new week (once a week)."""
    today = coach.facts.today
    start = weeks.week_start(today, weeks.first_weekday(coach.facts.locale))
    if not start or coach.record.week_told == start:
        return coach, ""
    coach = coach.with_record(replace(coach.record, week_told=start))
    return coach, streaks.last_week(coach.record.history, today, coach.week(), coach.words)


def gentle_restart(coach: Coach) -> tuple[Coach, str]:
    """After more than two weeks away (once per gap): a user above the gentlest dose is asked
    whether to go back to it ("It's been a few weeks. Shall we start gently again: ...?", the
    answer in skill.coach.answers); anyone already there hears one sentence to go gently."""
    days = coach.record.history.days
    if not days or coach.record.gap_asked == days[-1]:
        return coach, ""
    away = weeks.days_since(days[-1], coach.facts.today)
    if away is None or away <= GAP_DAYS:
        return coach, ""
    coach = coach.with_record(replace(coach.record, gap_asked=days[-1]))
    exercises = raised(coach)
    if not exercises:
        return coach, coach.words("GAP_GENTLE")
    gentlest = ", and ".join(dosing.said(exercise, dosing.current(exercise)) for exercise in exercises)
    return coach.asking(Question.GAP), coach.words("GAP_OFFER", dose=gentlest)


def welcome_back(coach: Coach, *before: str, greeting: str = "") -> Reply:
    """A returning user: back into their place at once (``rejoin``), or another round, or the top.

    ``greeting`` ("Welcome back, Ann.") opens it, except before "You've already done your foot
    routine today", which greets by itself; ``before`` is said in every case.
    """
    notice = notice_sentence(coach)
    if coach.position is not None:
        return rejoin(coach, greeting, *before, notice)
    if coach.record.finished_on and coach.record.finished_on == coach.facts.today:
        words = coach.words
        return coach.asking(Question.ANOTHER_ROUND).ask(
            text(*before, words("FINISHED_TODAY")), words("FINISHED_TODAY_REPROMPT")
        )
    return begin(coach, ROUTINE_SCOPE, greeting, *before, notice)


def welcome_back_words(coach: Coach) -> str:
    """ "Welcome back, Ann." for a recognised speaker whose name we may use; else "Welcome back." """
    person = coach.facts.person_name
    return coach.words("WELCOME_BACK_NAMED", person=person) if person else coach.words("WELCOME_BACK")


def notice_sentence(coach: Coach) -> str:
    """What happened to a stored position that no longer fit (said once, when the user returns)."""
    notice, words = coach.facts.notice, coach.words
    if notice == "unreadable":
        return words("PROGRESS_RESET")
    if notice == "moved_to_exercise_start" and coach.position is not None:
        return words("ROUTINE_CHANGED", name=coach.where(coach.position)[0])
    if notice == "moved_to_start":
        return words("ROUTINE_CHANGED_START")
    return ""
