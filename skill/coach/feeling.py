"""Safety first: stopping at pain or dizziness, and "how are you feeling today?" on the visit after.

A stop keeps the place, ends the session, praises nothing, and leaves the advice on a card. The next
visit, however the user comes back, asks how they feel before anything is coached (issue #19).
"""

from __future__ import annotations

from dataclasses import replace

from skill.coach.reply import Card, Reply, text
from skill.coach.state import Coach
from skill.question import Question


def advice(coach: Coach, unwell: bool) -> Card:
    """What to do now, for feeling unwell or for a pain (said, and kept on a card)."""
    words = coach.words
    if unwell:
        return Card(words("UNWELL_CARD_TITLE"), words("UNWELL"))
    return Card(words("PAIN_CARD_TITLE"), words("PAIN"))


def stop_for_safety(coach: Coach, unwell: bool) -> Reply:
    """ "My foot hurts", "I feel dizzy": stop, keep the place, advise; the next visit asks how they
    feel, and after a pain offers to make it easier (and this dose counts no more towards a step up)."""
    coach = coach.left().asking(Question.NONE)
    record = replace(coach.record, safety="unwell" if unwell else "pain")
    if not unwell:
        record = replace(record, pain_on=coach.facts.today or "reported", dose_days=(), offered=False)
    card = advice(coach, unwell)
    return coach.with_record(record).tell(text(card.content), card)


def ask_how_they_feel(coach: Coach, *before: str) -> Reply:
    """ "Last time, we stopped because something hurt. How are you feeling today?" """
    words = coach.words
    question = (
        words("FEELING_AFTER_UNWELL") if coach.record.safety == "unwell" else words("FEELING_AFTER_PAIN")
    )
    return coach.asking(Question.FEELING).ask_for_slot(
        "FeelingIntent", "wellbeing", text(*before, question), words("FEELING_REPROMPT")
    )


def not_today(coach: Coach, unwell: bool, opening: str = "") -> Reply:
    """Close kindly with the advice of the stop; the question is asked again next time."""
    coach = coach.asking(Question.NONE).left()
    card = advice(coach, unwell)
    return coach.tell(text(opening or coach.words("FEELING_BAD_CLOSING"), card.content), card)


def not_great(coach: Coach) -> Reply:
    """ "Not great", said when nobody asked: a stop as for feeling unwell."""
    coach = coach.with_record(replace(coach.record, safety="unwell"))
    return not_today(coach, unwell=True, opening=coach.words("NOT_GREAT"))
