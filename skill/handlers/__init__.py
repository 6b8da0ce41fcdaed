"""Request handlers, one file per concern. Order matters: the first that can handle a request wins."""

from __future__ import annotations

from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler

from skill.engine import Engine
from skill.handlers import (
    canfulfill,
    events,
    help,
    launch,
    navigation,
    pace,
    reminders,
    safety,
    session,
    sounds,
    start,
    status,
    touch,
)
from skill.handlers.base import CoachHandler


def all_handlers(engine: Engine) -> list[AbstractRequestHandler]:
    classes: list[type[CoachHandler]] = [
        canfulfill.CanFulfillHandler,  # first: it must answer for any intent, without speech
        safety.SafetyHandler,  # pain, dizziness or a fall win over everything else
        launch.LaunchHandler,
        start.StartRoutineHandler,
        start.ExerciseHandler,
        start.StartOverHandler,
        touch.TouchHandler,  # a button on the screen: answered by the voice intent's handler
        navigation.NextHandler,
        navigation.PreviousHandler,
        navigation.RepeatHandler,
        navigation.GoOnHandler,
        navigation.SkipHandler,
        navigation.WhatsNextHandler,
        navigation.YesHandler,
        navigation.NoHandler,
        pace.PaceHandler,
        sounds.SoundsHandler,
        reminders.SetReminderHandler,
        reminders.CancelReminderHandler,
        reminders.ReminderStatusHandler,
        reminders.PermissionAnswerHandler,
        status.ProgressHandler,
        status.StreakHandler,
        session.PauseHandler,
        session.WaitHandler,
        session.DoneForTodayHandler,
        session.StopHandler,
        session.SessionEndedHandler,
        events.SkillDisabledHandler,
        events.OtherEventHandler,  # before help, whose catch-all would answer an event with speech
        help.HelpHandler,
        help.ExplainHandler,
        help.FallbackHandler,
        help.UnknownIntentHandler,
    ]
    return [handler(engine) for handler in classes]
