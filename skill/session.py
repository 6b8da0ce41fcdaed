"""The Alexa session: every session and request key the skill keeps, and ``Turn``, one request.

``Turn`` is the adapter between Alexa and the coach (``skill.coach``): it reads the request's facts
from the envelope, the session and the request attributes, hands them with the user's record to a
rule, and renders the rule's reply into Alexa's response (speech, reprompt, the ElicitSlot
directive, the screen, a card) and into the session (the record, the open question). The record is
loaded into the session once per session by ``skill.interceptors.LoadProgress`` and saved by
``SaveProgress``; those and the turn log read the same keys from here, so this module imports none
of them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast, get_args

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.request_util import is_new_session
from ask_sdk_model.dialog.elicit_slot_directive import ElicitSlotDirective
from ask_sdk_model.intent import Intent
from ask_sdk_model.intent_confirmation_status import IntentConfirmationStatus
from ask_sdk_model.response import Response
from ask_sdk_model.slot import Slot
from ask_sdk_model.slot_confirmation_status import SlotConfirmationStatus
from ask_sdk_model.ui.simple_card import SimpleCard

from skill.clock import device_time_zone, local_date
from skill.coach.facts import Facts
from skill.coach.reply import Reply, text
from skill.coach.state import Coach
from skill.display import add_screen, has_screen
from skill.engine import Engine
from skill.question import read_question
from skill.record import Notice, read_record
from skill.words import Words

PROGRESS_KEY = "progress"
AWAITING_KEY = "awaiting"
"""Session: the open question, a :class:`skill.question.Question` value ("" or absent: none)."""
NOTICE_KEY = "notice"
PLAYED_KEY = "played"
"""Session flag: a part was spoken in this session (so a part without a timer was cut short here)."""
AUTO_TIME_KEY = "auto_time"
"""Session: the time chosen for the Alexa routine, while its days are asked for."""
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


class Turn:
    """One request: the coach as this request finds it, and the way its reply goes back to Alexa."""

    def __init__(self, handler_input: HandlerInput, engine: Engine) -> None:
        self.input = handler_input
        self.session = session_of(handler_input)
        record = read_record(engine.routine, self.session.get(PROGRESS_KEY)).record
        #: The user's record, this request's facts and the routine; handlers hand it to a rule.
        self.coach = Coach.at(self.facts(), engine, record)

    @property
    def words(self) -> Words:
        """Every sentence of this turn, in the request's language (skill/words.py)."""
        return self.coach.words

    def facts(self) -> Facts:
        """What this request tells the coach (skill.coach.facts), read from Alexa's request."""
        request = self.input.request_envelope.request
        timestamp = getattr(request, "timestamp", None)
        locale = getattr(request, "locale", None)
        offer = self.session.get(OFFER_KEY)
        misheard = self.session.get(MISHEARD_KEY)
        notice = self.input.attributes_manager.request_attributes.get(NOTICE_KEY)
        return Facts(
            locale=locale if isinstance(locale, str) else "",
            now=timestamp if isinstance(timestamp, datetime) else None,
            local_day=self.local_day,
            one_shot=self.is_one_shot(),
            question=read_question(self.session.get(AWAITING_KEY)),
            offer=offer if isinstance(offer, str) else "",
            notice=cast(Notice, notice) if notice in get_args(Notice) else "",
            has_screen=has_screen(self.input),
            played=self.session.get(PLAYED_KEY) is True,
            misheard=misheard if type(misheard) is int else 0,
        )

    def is_one_shot(self) -> bool:
        """The first request of a session that is not a launch: "ask my foot routine to ..."."""
        try:
            return bool(is_new_session(self.input))
        except TypeError:  # no session at all: nothing goes on after this answer
            return True

    def local_day(self, moment: datetime) -> str:
        """The user's date at ``moment``, in the device's time zone (see ``skill.clock``)."""
        return local_date(moment, self.time_zone())

    def time_zone(self) -> str:
        """The device's IANA time zone, asked of the Settings API once per session (UTC if it fails)."""
        zone = self.session.get(TZ_KEY)
        if not isinstance(zone, str) or not zone:
            zone = self.session[TZ_KEY] = device_time_zone(self.input)
        return zone

    def render(self, reply: Reply) -> Response:
        """The reply as Alexa's response; what it changed kept in the session."""
        self.keep(reply)
        builder = self.input.response_builder
        if reply.elicit is not None:
            slot = reply.elicit.slot
            builder.add_directive(
                ElicitSlotDirective(
                    slot_to_elicit=slot,
                    updated_intent=Intent(
                        name=reply.elicit.intent,
                        confirmation_status=IntentConfirmationStatus.NONE,
                        slots={slot: Slot(name=slot, confirmation_status=SlotConfirmationStatus.NONE)},
                    ),
                )
            )
        if reply.card is not None:
            builder.set_card(SimpleCard(title=reply.card.title, content=reply.card.content))
        if reply.speech:
            builder.speak(reply.speech)
        if reply.reprompt and reply.end_session is False:
            builder.ask(text(reply.reprompt))
        if reply.screen is not None:
            add_screen(builder, reply.screen)
        if reply.end_session is not None:
            builder.set_should_end_session(reply.end_session)
        return builder.response

    def keep(self, reply: Reply) -> None:
        """Keep the new record, the open question and its offer, and the session's counters."""
        session = self.session
        session[PROGRESS_KEY] = reply.record.to_stored()
        for key, value in ((AWAITING_KEY, reply.question), (OFFER_KEY, reply.offer)):
            if value:
                session[key] = str(value)
            else:
                session.pop(key, None)
        if reply.played:
            session[PLAYED_KEY] = True
        if reply.misheard is not None:
            session[MISHEARD_KEY] = reply.misheard
