"""The conversation at one turn: the user's record, the request's facts, the routine at the user's
dose, and the ways a rule answers (ask, reply in passing, tell and close, ask for one slot).

A :class:`Coach` is a frozen value: a rule that changes the record makes a new one
(:meth:`Coach.with_record`) and answers from it, so what a rule decided is all in its
:class:`~skill.coach.reply.Reply` and nothing is half-changed if it raises.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from skill import screens, streaks, weeks
from skill.coach.facts import Facts
from skill.coach.reply import Card, Elicit, Reply, text
from skill.engine import Engine
from skill.listening import was_heard
from skill.progress import Position
from skill.question import Question
from skill.record import UserRecord
from skill.segments import describe
from skill.words import Words

ScreenMaker = Callable[[], dict[str, Any]]
"""Builds a screen's data source, only when the device has a screen."""


@dataclass(frozen=True)
class Coach:
    """The user's record and this request's facts, over the routine in the request's language."""

    facts: Facts
    original: Engine
    """The routine as the article has it, in the request's language (``engine`` is at the user's dose)."""
    record: UserRecord
    heard: bool = False
    """The part in play was heard to its end before this request (skill.listening)."""
    question: Question = Question.NONE
    offer: str = ""
    screen: ScreenMaker | None = None
    """What the screen shows with the answer; None: the words said."""
    played: bool = False

    @classmethod
    def at(cls, facts: Facts, engine: Engine, record: UserRecord) -> Coach:
        """The coach as a request finds it. A part the user spoke over is not done: it resumes
        from its start, so it stops being the part in play."""
        heard = False
        if record.playing is not None:
            if was_heard(record.playing, facts.now):
                heard = True
            else:
                record = replace(record, playing=None)
        return cls(
            facts,
            engine.in_locale(facts.locale),
            record,
            heard=heard,
            question=facts.question,
            offer=facts.offer,
            played=facts.played,
        )

    # --- what the coach knows -------------------------------------------------------------------
    @cached_property
    def engine(self) -> Engine:
        """The routine at the user's own dose (skill.dosing)."""
        return self.original.dosed(self.record.doses)

    @property
    def words(self) -> Words:
        return self.facts.words

    @property
    def position(self) -> Position | None:
        return self.record.position

    @property
    def pace(self) -> int:
        return self.record.pace

    @property
    def cut_short(self) -> bool:
        """A part was spoken in this session and the user spoke over it: it is to be done again."""
        return self.position is not None and not self.heard and self.played

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

    def where(self, position: Position) -> tuple[str, str]:
        """The exercise's name and "set two, left foot" for a position."""
        exercise = self.engine.routine.exercise(position.exercise)
        return exercise.name, describe(exercise, position.key)

    def week(self) -> streaks.Week:
        """The user's goal, and the first day of their week (their locale's; skill.weeks)."""
        return streaks.Week(goal=self.record.goal, first=weeks.first_weekday(self.facts.locale))

    def week_days(self) -> tuple[list[tuple[str, weeks.DayState]], str]:
        """The last seven of the user's days (done, partly, rest) and "2 of 3 days this week"."""
        today, week = self.facts.today, self.week()
        history = self.record.history
        done = weeks.this_week(history.days, today, week.first)
        goal = self.words.count("SCREEN_WEEK", week.goal, done=done, goal=week.goal)
        return weeks.last_seven(history.days, history.whole, today), goal

    def go_on_prompt(self) -> str:
        """How to go on from here, in one sentence (the reprompt of answers given in passing)."""
        if self.position is None:
            return self.words("HELP_REPROMPT")
        if self.cut_short:
            return self.words("WAIT_REPROMPT")
        getting_ready = self.record.playing is not None and self.position.key.is_setup
        return self.words("WHEN_READY_REPROMPT") if getting_ready else self.words("REPROMPT")

    # --- changes --------------------------------------------------------------------------------
    def with_record(self, record: UserRecord) -> Coach:
        return replace(self, record=record)

    def asking(self, question: Question, offer: str | None = None) -> Coach:
        """The coach with ``question`` open (and, for a dose offer, the dose it is for)."""
        return replace(self, question=question, offer=self.offer if offer is None else offer)

    def showing(self, screen: ScreenMaker) -> Coach:
        return replace(self, screen=screen)

    def for_person(self, name: str) -> Coach:
        """The coach greeting a recognised speaker by name."""
        return replace(self, facts=replace(self.facts, person_name=name))

    def left(self) -> Coach:
        """Keep the place to go on from (pause, stop, "I'm done", session end)."""
        place = self.place
        if self.record.playing is None and place == self.position:
            return self
        return replace(self, record=self.record.at(place), heard=False)

    # --- answers --------------------------------------------------------------------------------
    def ask(self, speech: str, reprompt: str, *, elicit: Elicit | None = None) -> Reply:
        """Speak SSML and keep the microphone open, with a short reprompt."""
        return self._reply(speech, reprompt, end_session=False, elicit=elicit)

    def ask_for_slot(self, intent: str, slot: str, speech: str, reprompt: str) -> Reply:
        """Ask a question whose answer is one slot of ``intent`` (see :class:`Elicit`)."""
        return self.ask(speech, reprompt, elicit=Elicit(intent, slot))

    def reply(self, *sentences: str) -> Reply:
        """Answer a question asked in passing: a one-shot ends there; inside a session the
        conversation goes on, back to the routine if one is under way."""
        if self.facts.one_shot:
            return self.tell(text(*sentences))
        reprompt = self.go_on_prompt()
        return self.ask(text(*sentences, reprompt), reprompt)

    def tell(self, speech: str, card: Card | None = None) -> Reply:
        """Speak SSML and end the session."""
        return self._reply(speech, "", end_session=True, card=card)

    def silent(self) -> Reply:
        """No speech (a session's end, a screen event, a prompt Alexa speaks herself)."""
        return Reply(self.record, question=self.question, offer=self.offer, played=self.played)

    def _reply(
        self,
        speech: str,
        reprompt: str,
        *,
        end_session: bool,
        elicit: Elicit | None = None,
        card: Card | None = None,
    ) -> Reply:
        return Reply(
            self.record,
            speech=speech,
            reprompt=reprompt,
            end_session=end_session,
            question=self.question,
            offer=self.offer,
            screen=self._screen(speech, ending=end_session) if self.facts.has_screen else None,
            elicit=elicit,
            card=card,
            played=self.played,
        )

    def _screen(self, speech: str, *, ending: bool) -> dict[str, Any]:
        if self.screen is not None:
            return self.screen()
        if self.question == Question.RESUME and not ending:
            buttons: tuple[str, ...] = (screens.RESUME,)  # "resume, or start over?" has a Resume button
        elif ending or self.position is None:
            buttons = ()
        else:
            buttons = (screens.REPEAT, screens.NEXT)
        return screens.message(self.words, speech, buttons)
