"""The Alexa session: every session and request key the skill keeps, and ``Turn``, one request.

``Turn`` keeps the user's record in the session (loaded once per session by
``skill.interceptors.LoadProgress``, saved by ``SaveProgress``) and knows how to speak a part,
ask, tell, and leave. Handlers answer through it; the interceptors and the turn log read the same
keys from here, so this module sits below all of them and imports none.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, cast, get_args

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.request_util import is_new_session
from ask_sdk_model.dialog.elicit_slot_directive import ElicitSlotDirective
from ask_sdk_model.intent import Intent
from ask_sdk_model.intent_confirmation_status import IntentConfirmationStatus
from ask_sdk_model.response import Response
from ask_sdk_model.slot import Slot
from ask_sdk_model.slot_confirmation_status import SlotConfirmationStatus

from skill import automation, dosing, screens, ssml, streaks, weeks
from skill.clock import device_time_zone, local_date
from skill.display import ScreenMaker, add_screen
from skill.engine import Engine
from skill.listening import Playing, heard_after, was_heard
from skill.progress import Position, index_of, restore
from skill.record import Notice, UserRecord, read_record, recent_days
from skill.routine import Exercise
from skill.segments import ROUTINE_SCOPE, describe
from skill.timeline import duration, speaking_seconds

PROGRESS_KEY = "progress"
AWAITING_KEY = "awaiting"
NOTICE_KEY = "notice"
PLAYED_KEY = "played"
"""Session flag: a part was spoken in this session (so a part without a timer was cut short here)."""
# What the coach asked last (the session's "awaiting" value), so a yes or no answers it.
RESUME_QUESTION = "resume"
ANOTHER_ROUND_QUESTION = "another_round"
EXERCISE_QUESTION = "exercise"
HELP_QUESTION = "help"
STEP_UP_QUESTION = "step_up"
STEP_DOWN_QUESTION = "step_down"
ROUTINE_QUESTION = "routine"
"""After a finished routine: "Would you like Alexa to start your foot routine for you?" (skill.automation)."""
GAP_QUESTION = "gap"
"""After more than two weeks away: "Shall we start gently again?" (the dose back to the gentlest)."""
AUTO_TIME_KEY = "auto_time"
"""Session: the time chosen for the Alexa routine, while its days are asked for."""
GAP_DAYS = 14
"""More than this many days since the last practice day is a long gap (issue #23)."""
FEELING_QUESTION = "feeling"
"""After a safety stop, the next visit asks "how are you feeling today?" before anything else."""
STEP_UP_AFTER = 5
"""Whole routines finished at one dose within fourteen days, with no pain, before a step up is offered."""
OFFER_KEY = "offer"
"""Session: the dose an offer to step up or down was made for ("heel_raises:15:2")."""
MISHEARD_KEY = "misheard"
"""Session count of misunderstandings in a row (the fallback says more each time)."""
TZ_KEY = "tz"
"""Session: the device's IANA time zone, asked of the Settings API once per session."""
STORED_KEY = "stored"
"""Session: what the store holds, at its revision (absent while unknown; see skill.interceptors)."""
SYNCED_KEY = "synced"
"""Session: the record as last reconciled with the store, when that differs from ``stored``."""
WARNED_KEY = "storage_warned"
"""Session flag: the user has heard, once, that progress may not be saved."""
STORAGE_FAILED = "storage_failed"
"""Request flag: storage failed during this request (the user is warned once per session)."""


def session_of(handler_input: HandlerInput) -> dict[str, Any]:
    """The session attributes dict itself (the SDK types it Optional; it is a dict in a session)."""
    manager = handler_input.attributes_manager
    attributes = manager.session_attributes
    if attributes is None:
        attributes = {}
        manager.session_attributes = attributes
    return attributes


def text(*sentences: str) -> str:
    """Plain sentences as escaped SSML."""
    return ssml.escape_text(" ".join(sentence for sentence in sentences if sentence))


class Turn:
    """One request: the user's record, what we asked last, and ways to answer."""

    def __init__(self, handler_input: HandlerInput, engine: Engine) -> None:
        self.input = handler_input
        self.session = session_of(handler_input)
        self.record: UserRecord = read_record(engine.routine, self.session.get(PROGRESS_KEY)).record
        #: The routine as the article has it, in the request's language; ``engine`` is the same
        #: at this user's own dose.
        self.original = engine.in_locale(self.locale)
        self.engine = self.original.dosed(self.record.doses)
        #: Every sentence of this turn, in the request's language (skill/words.py).
        self.words = self.engine.routine.words
        #: What an Echo Show shows with the answer (None: the words said); see skill.display.
        self.screen: ScreenMaker | None = None
        #: The recognised speaker's given name, when the launch could read it (skill.profile).
        self.person_name = ""
        #: The part in play was heard to its end before this request (see skill.listening).
        self.heard = False
        playing = self.record.playing
        if playing is not None:
            if was_heard(playing, self.timestamp):
                self.heard = True
            else:  # the user spoke over it: it is not done, and resumes from its start
                self.update(replace(self.record, playing=None))

    # --- state -------------------------------------------------------------------------------
    @property
    def position(self) -> Position | None:
        return self.record.position

    @property
    def pace(self) -> int:
        return self.record.pace

    @property
    def timestamp(self) -> datetime | None:
        """Alexa's timestamp of this request (when the user spoke)."""
        value = getattr(self.input.request_envelope.request, "timestamp", None)
        return value if isinstance(value, datetime) else None

    @property
    def cut_short(self) -> bool:
        """A part was spoken in this session and the user spoke over it: it is to be done again."""
        return self.position is not None and not self.heard and self.session.get(PLAYED_KEY) is True

    @property
    def place(self) -> Position | None:
        """Where to go on from: the part after one heard to its end, else the part itself."""
        position = self.position
        if position is None or not self.heard:
            return position
        return self.engine.next(position).position or position

    @property
    def upcoming(self) -> Position | None:
        """The part that comes next: the place, or after a part cut short, the part after it."""
        position = self.position
        if position is None or not self.cut_short:
            return self.place
        return self.engine.next(position).position

    def leave(self) -> Position | None:
        """Keep the place to go on from (pause, stop, "I'm done", session end); the place kept."""
        place = self.place
        if self.record.playing is not None or place != self.position:
            self.update(self.record.at(place))
            self.heard = False
        return place

    def go_on_prompt(self) -> str:
        """How to go on from here, in one sentence (the reprompt of answers given in passing)."""
        if self.position is None:
            return self.words("HELP_REPROMPT")
        if self.cut_short:
            return self.words("WAIT_REPROMPT")
        getting_ready = self.record.playing is not None and self.position.key.is_setup
        return self.words("WHEN_READY_REPROMPT") if getting_ready else self.words("REPROMPT")

    @property
    def awaiting(self) -> str:
        value = self.session.get(AWAITING_KEY, "")
        return value if isinstance(value, str) else ""

    @awaiting.setter
    def awaiting(self, value: str) -> None:
        if value:
            self.session[AWAITING_KEY] = value
        else:
            self.session.pop(AWAITING_KEY, None)

    @property
    def notice(self) -> Notice:
        """What the loader noticed about the stored record (said once, at launch)."""
        notice = self.input.attributes_manager.request_attributes.get(NOTICE_KEY)
        return cast(Notice, notice) if notice in get_args(Notice) else ""

    def update(self, record: UserRecord) -> None:
        self.record = record
        self.session[PROGRESS_KEY] = record.to_stored()

    def today(self) -> str:
        """The user's date for this request: Alexa's timestamp in the device's time zone.

        The zone is asked of the Settings API once per session (only when a date is needed) and
        kept in the session; see ``skill.clock``.
        """
        timestamp = getattr(self.input.request_envelope.request, "timestamp", None)
        if timestamp is None:
            return ""
        return local_date(timestamp, self.time_zone())

    def time_zone(self) -> str:
        """The device's IANA time zone, asked of the Settings API once per session (UTC if it fails)."""
        zone = self.session.get(TZ_KEY)
        if not isinstance(zone, str) or not zone:
            zone = self.session[TZ_KEY] = device_time_zone(self.input)
        return zone

    @property
    def locale(self) -> str:
        value = getattr(self.input.request_envelope.request, "locale", None)
        return value if isinstance(value, str) else ""

    def week(self) -> streaks.Week:
        """The user's goal, and the first day of their week (their locale's; skill.weeks)."""
        return streaks.Week(goal=self.record.goal, first=weeks.first_weekday(self.locale))

    def week_days(self) -> tuple[list[tuple[str, weeks.DayState]], str]:
        """The last seven of the user's days (done, partly, rest) and "2 of 3 days this week"."""
        today, week = self.today(), self.week()
        history = self.record.history
        done = weeks.this_week(history.days, today, week.first)
        goal = self.words.count("SCREEN_WEEK", week.goal, done=done, goal=week.goal)
        return weeks.last_seven(history.days, history.whole, today), goal

    def week_screen(self, said: str) -> screens.ScreenData:
        """ "How am I doing" on a screen: the words, the last seven days and the weekly goal."""
        days, goal = self.week_days()
        return screens.week(self.words, screens.plain(said), days, goal)

    def where(self, position: Position) -> tuple[str, str]:
        """The exercise's name and "set two, left foot" for a position."""
        exercise = self.engine.routine.exercise(position.exercise)
        return exercise.name, describe(exercise, position.key)

    # --- answers -----------------------------------------------------------------------------
    def ask(self, speech: str, reprompt: str) -> Response:
        """Speak SSML and keep the microphone open, with a short reprompt."""
        builder = self.input.response_builder.speak(speech).ask(text(reprompt))
        add_screen(self, builder, speech, ending=False, resuming=self.awaiting == RESUME_QUESTION)
        return builder.set_should_end_session(False).response

    def reply(self, *sentences: str) -> Response:
        """Answer a question asked in passing: a one-shot ends there; inside a session the
        conversation goes on, back to the routine if one is under way."""
        if self.is_one_shot:
            return self.tell(text(*sentences))
        reprompt = self.go_on_prompt()
        return self.ask(text(*sentences, reprompt), reprompt)

    @property
    def is_one_shot(self) -> bool:
        """The first request of a session that is not a launch: "ask my foot routine to ..."."""
        try:
            return bool(is_new_session(self.input))
        except TypeError:  # no session at all: nothing goes on after this answer
            return True

    def ask_for_slot(self, intent: str, slot: str, speech: str, reprompt: str) -> Response:
        """Ask a question whose answer is one slot (Dialog.ElicitSlot): a bare "eight in the
        morning" or "fine" is then heard as that slot, and only while it is asked for, so the
        model needs no bare-slot sample that would catch any short reply (issue #19)."""
        directive = ElicitSlotDirective(
            slot_to_elicit=slot,
            updated_intent=Intent(
                name=intent,
                confirmation_status=IntentConfirmationStatus.NONE,
                slots={slot: Slot(name=slot, confirmation_status=SlotConfirmationStatus.NONE)},
            ),
        )
        self.input.response_builder.add_directive(directive)
        return self.ask(speech, reprompt)

    def tell(self, speech: str) -> Response:
        """Speak SSML and end the session."""
        builder = self.input.response_builder.speak(speech)
        add_screen(self, builder, speech, ending=True, resuming=False)
        return builder.set_should_end_session(True).response

    def ask_how_they_feel(self, *before: str) -> Response:
        """ "Last time, we stopped because something hurt. How are you feeling today?" """
        self.awaiting = FEELING_QUESTION
        question = (
            self.words("FEELING_AFTER_UNWELL")
            if self.record.safety == "unwell"
            else self.words("FEELING_AFTER_PAIN")
        )
        return self.ask_for_slot(
            "FeelingIntent", "wellbeing", text(*before, question), self.words("FEELING_REPROMPT")
        )

    def play(self, position: Position, *before: str) -> Response:
        """Coach the segment at ``position``, after any plain sentences; the last one finishes.

        The record keeps when the part started and when it will count as heard, so the next
        request can tell a part heard to its end from one cut short (skill.listening). After a
        safety stop nothing is coached, however the user comes back ("ask my foot routine to
        resume", "...for ankle circles"), before they have said how they feel.
        """
        if self.record.safety:
            return self.ask_how_they_feel()
        segment = self.engine.segment(position, self.pace, self.record.sounds)
        said_first = " ".join(sentence for sentence in before if sentence)
        speech = ssml.join(text(said_first), self.engine.speech(position, self.pace, self.record.sounds))
        self.awaiting = ""
        lead = speaking_seconds(
            said_first, self.pace, self.words.voice
        )  # the screen's timers start after these words
        self.screen = lambda: screens.coaching(self.engine.routine, segment, position.scope, lead)
        if segment.is_last:
            return self.finish(position, speech)
        started = self.timestamp or datetime.now(UTC)
        work = lead + segment.work_seconds
        playing = Playing(started.isoformat(), heard_after(work))
        self.update(self.record.at(position, playing))
        self.heard = False
        self.session[PLAYED_KEY] = True
        reprompt = self.words("WHEN_READY_REPROMPT") if segment.key.is_setup else self.words("REPROMPT")
        return self.ask(speech, reprompt)

    def finish(self, position: Position, speech: str) -> Response:
        """Close after the last segment of a scope: count it, congratulate once, streak, goodbye.

        After the fifth whole routine at the same dose within fourteen days (and no pain since),
        the goodbye becomes an offer, once: "Want to try fifteen raises next time?"
        """
        today = self.today()
        whole = position.scope == ROUTINE_SCOPE
        finished_on = today if whole else self.record.finished_on
        before = history = self.record.history
        dose_days = self.record.dose_days
        streak = ""
        if today:
            history = history.done(today, "routine" if whole else "exercise")
            streak = streaks.on_finishing(before, history, today, self.week(), self.words)
            if whole:
                dose_days = recent_days((*dose_days, today), today)
        praise = self.words("FINISHED_PRAISE_ROUTINE") if whole else self.words("FINISHED_PRAISE_EXERCISE")
        goodbye = self.words("FINISHED_GOODBYE_ROUTINE") if whole else self.words("FINISHED_GOODBYE_EXERCISE")
        held = None if whole else self.record.held
        if held is not None:  # one exercise done: the routine waits where it was
            name, where = self.where(held)
            goodbye = self.words("EXERCISE_BACK_TO_ROUTINE", where=f"{name}, {where}")
        self.update(
            replace(
                self.record,
                position=held,
                held=None,
                playing=None,
                welcomed=True,
                finished_on=finished_on,
                history=history,
                dose_days=dose_days,
            )
        )
        closing = text(praise, streak)
        routine = self.engine.routine
        self.screen = lambda: screens.finale(
            routine, position.scope, screens.plain(closing), *self.week_days()
        )
        offer = self.step_up() if whole and len(dose_days) >= STEP_UP_AFTER else None
        if offer is None and whole and self.routine_offer_due():
            # Once, after a finished routine: Alexa can start it for them (skill.automation).
            self.update(replace(self.record, routine_offered=True))
            self.awaiting = ROUTINE_QUESTION
            return self.ask(
                ssml.join(speech, text(praise, streak, self.words("ROUTINE_OFFER"))),
                self.words("ROUTINE_OFFER_REPROMPT"),
            )
        if offer is None:
            return self.tell(ssml.join(speech, text(praise, streak, goodbye)))
        exercise, dose = offer
        self.update(replace(self.record, offered=True))
        self.offer(STEP_UP_QUESTION, exercise, dose)
        question = self.words("STEP_UP_OFFER", dose=dosing.said(exercise, dose))
        return self.ask(ssml.join(speech, text(praise, streak, question)), question)

    def routine_offer_due(self) -> bool:
        """Offer the Alexa routine after a finished routine: once, where Alexa offers routines, and
        not to someone who has one from us already."""
        return (
            not self.record.routine_offered
            and self.record.auto_start is None
            and automation.supported(self.locale)
        )

    # --- dose (skill.dosing) ---------------------------------------------------------------------
    def set_dose(self, exercise_id: str, dose: dosing.Dose) -> None:
        """Remember a dose; a place that no longer fits (fewer sets) moves to that exercise's start."""
        doses = dosing.with_dose(self.record.doses, self.original.routine, exercise_id, dose)
        engine = self.original.dosed(doses)
        record = replace(self.record, doses=doses, dose_days=(), offered=False)
        position = record.position
        if position is not None and index_of(engine.routine, position) is None:
            moved, _ = restore(engine.routine, position.to_dict())
            record = record.at(moved)
        self.engine = engine
        self.update(record)

    def offer(self, question: str, exercise: Exercise, dose: dosing.Dose) -> None:
        """Ask to move to ``dose``: the next yes or no answers it."""
        self.awaiting = question
        self.session[OFFER_KEY] = f"{exercise.id}:{dose.reps}:{dose.sets}"

    def pending_offer(self) -> tuple[Exercise, dosing.Dose] | None:
        """The dose the open offer is for, once; None if there is none (or it was tampered with)."""
        value = self.session.pop(OFFER_KEY, None)
        if not isinstance(value, str) or value.count(":") != 2:
            return None
        exercise_id, reps, sets = value.split(":")
        routine = self.engine.routine
        if exercise_id not in routine.exercise_ids or not (reps.isdigit() and sets.isdigit()):
            return None
        return routine.exercise(exercise_id), dosing.Dose(int(reps), int(sets))

    def step_down(self) -> tuple[Exercise, dosing.Dose] | None:
        """The exercise under way if it can go one notch down, else the first that can."""
        routine = self.engine.routine
        place = self.place
        ordered = list(routine.exercises)
        if place is not None:
            ordered.insert(0, routine.exercise(place.exercise))
        for exercise in ordered:
            down = dosing.easier(exercise)
            if down is not None:
                return exercise, down
        return None

    def step_up(self) -> tuple[Exercise, dosing.Dose] | None:
        """The first exercise that can go one notch up, unless that was offered at this dose."""
        if self.record.offered:
            return None
        for exercise in self.engine.routine.exercises:
            up = dosing.harder(exercise)
            if up is not None:
                return exercise, up
        return None

    def notice_sentence(self) -> str:
        """What happened to a stored position that no longer fit (said once, when the user returns)."""
        if self.notice == "unreadable":
            return self.words("PROGRESS_RESET")
        if self.notice == "moved_to_exercise_start" and self.position is not None:
            return self.words("ROUTINE_CHANGED", name=self.where(self.position)[0])
        if self.notice == "moved_to_start":
            return self.words("ROUTINE_CHANGED_START")
        return ""

    def rejoin(self, *before: str) -> Response:
        """Go back to the place kept, in one step: a getting-ready part is simply played (it asks
        for "ready" itself); the middle of an exercise first says where, how to get into position,
        and waits for "ready" (or "start over"). Nothing is counted before the user is in place."""
        place = self.place
        assert place is not None
        if self.record.safety:  # after a safety stop, how they feel comes first
            return self.ask_how_they_feel(*before)
        if place.key.is_setup:
            return self.play(place, *before)
        self.update(self.record.at(place))
        self.heard = False
        self.awaiting = RESUME_QUESTION
        speech = ssml.join(text(*before), self.engine.rejoin(place, self.pace))
        return self.ask(speech, self.words("WHEN_READY_REPROMPT"))

    def welcome_back(self, *before: str, greeting: str = "") -> Response:
        """A returning user: back into their place at once (``rejoin``), or another round, or the top.

        ``greeting`` ("Welcome back, Ann.") opens it, except before "You've already done your foot
        routine today", which greets by itself; ``before`` is said in every case.
        """
        notice = self.notice_sentence()
        if self.position is not None:
            return self.rejoin(greeting, *before, notice)
        if self.record.finished_on and self.record.finished_on == self.today():
            self.awaiting = ANOTHER_ROUND_QUESTION
            return self.ask(
                text(*before, self.words("FINISHED_TODAY")), self.words("FINISHED_TODAY_REPROMPT")
            )
        return self.begin(ROUTINE_SCOPE, greeting, *before, notice)

    def welcome(self, scope: str = ROUTINE_SCOPE) -> tuple[str, ...]:
        """The welcome and safety note for a user who has never heard them; nothing for anyone else.

        Someone who asked for one exercise hears about that exercise and its own length.
        """
        if self.record.welcomed:
            return ()
        length = duration(self.engine.total_seconds(scope, self.pace), self.words)
        person = self.person_name
        if scope == ROUTINE_SCOPE:
            template = self.words("WELCOME_NEW_NAMED") if person else self.words("WELCOME_NEW")
            return template.format(duration=length, person=person), self.words("SAFETY")
        name = self.engine.routine.exercise(scope).name
        template = self.words("WELCOME_NEW_EXERCISE_NAMED") if person else self.words("WELCOME_NEW_EXERCISE")
        return template.format(name=name, duration=length, person=person), self.words("SAFETY")

    def welcome_back_words(self) -> str:
        """ "Welcome back, Ann." for a recognised speaker whose name we may use; else "Welcome back." """
        person = self.person_name
        return self.words("WELCOME_BACK_NAMED", person=person) if person else self.words("WELCOME_BACK")

    def begin(self, scope: str, *before: str) -> Response:
        """Start a scope from its first segment, with the welcome for a first-time user.

        One exercise asked for in the middle of the routine keeps the routine's place (``held``)
        and says so; the exercise's end goes back to it. Starting the routine drops any kept place.
        """
        welcome = self.welcome(scope)
        step = self.engine.start(scope)
        assert step.position is not None
        place = self.place
        held = self.record.held
        holding = ""
        if scope == ROUTINE_SCOPE:
            held = None
        elif place is not None and place.scope == ROUTINE_SCOPE:
            held = place
            name, where = self.where(place)
            holding = self.words(
                "EXERCISE_HOLDING", name=self.engine.routine.exercise(scope).name, where=f"{name}, {where}"
            )
        self.update(replace(self.record, welcomed=True, held=held))
        return self.play(step.position, *welcome, *before, holding)
