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
    session,
    sounds,
    start,
    status,
)
from skill.handlers.base import CoachHandler


def all_handlers(engine: Engine) -> list[AbstractRequestHandler]:
    classes: list[type[CoachHandler]] = [
        launch.LaunchHandler,
        start.StartRoutineHandler,
        start.ExerciseHandler,
        start.StartOverHandler,
        navigation.NextHandler,
        navigation.PreviousHandler,
        navigation.RepeatHandler,
        navigation.ResumeHandler,
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
        session.StopHandler,
        session.SessionEndedHandler,
        events.SkillDisabledHandler,
        help.HelpHandler,
        help.FallbackHandler,
        help.UnknownIntentHandler,
    ]
    handlers: list[AbstractRequestHandler] = [canfulfill.CanFulfillHandler(engine)]
    handlers += [handler(engine) for handler in classes]
    # Events take no engine; before the help handlers, whose catch-all would answer them with speech.
    handlers.insert(1 + classes.index(help.HelpHandler), events.OtherEventHandler())
    return handlers
