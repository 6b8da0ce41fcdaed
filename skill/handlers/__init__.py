"""Request handlers, one file per concern. Order matters: the first that can handle a request wins."""

from __future__ import annotations

from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler

from skill import screens
from skill.engine import Engine
from skill.handlers import (
    canfulfill,
    dosing,
    events,
    feeling,
    help,
    launch,
    leaving,
    navigation,
    pace,
    reminders,
    routines,
    safety,
    sounds,
    start,
    status,
    touch,
)
from skill.handlers.base import Handler


def all_handlers(engine: Engine) -> list[AbstractRequestHandler]:
    classes: list[type[Handler]] = [
        canfulfill.CanFulfillHandler,  # first: it must answer for any intent, without speech
        safety.SafetyHandler,  # pain, dizziness or a fall win over everything else
        feeling.FeelingAnswerHandler,  # "how are you feeling today?" is answered before anything else
        launch.LaunchHandler,
        launch.NamePermissionHandler,
        routines.RoutineResultHandler,  # Alexa's answer after her offer of a routine
        routines.OtherResumeHandler,
        start.StartRoutineHandler,
        start.ExerciseHandler,
        start.StartOverHandler,
        navigation.NextHandler,
        navigation.PreviousHandler,
        navigation.RepeatHandler,
        navigation.GoOnHandler,
        navigation.SkipHandler,
        navigation.WhatsNextHandler,
        navigation.CountHandler,
        dosing.OfferAnswerHandler,  # before yes / no: an offer to step up or down is open
        routines.RoutineAnswerHandler,  # before yes / no: "shall Alexa start it for you?" is open
        navigation.YesHandler,
        navigation.NoHandler,
        feeling.FeelingHandler,
        pace.PaceHandler,
        dosing.DoseHandler,
        sounds.SoundsHandler,
        reminders.SetReminderHandler,
        reminders.CancelReminderHandler,
        reminders.ReminderStatusHandler,
        reminders.PermissionAnswerHandler,
        status.ProgressHandler,
        status.StreakHandler,
        status.GoalHandler,
        routines.AutoStartHandler,
        leaving.PauseHandler,
        leaving.WaitHandler,
        leaving.DoneForTodayHandler,
        leaving.StopHandler,
        leaving.SessionEndedHandler,
        events.SkillDisabledHandler,
        events.OtherEventHandler,  # before help, whose catch-all would answer an event with speech
        events.ExceptionEncounteredHandler,
        events.ScreenErrorHandler,
        help.HelpHandler,
        help.ExplainHandler,
        help.FallbackHandler,
        help.UnknownIntentHandler,
    ]
    handlers = [handler(engine) for handler in classes]
    # A button on the screen is answered by the handler of the voice intent it stands for.
    voice = {
        screens.PAUSE: leaving.PauseHandler(engine),
        screens.REPEAT: navigation.RepeatHandler(engine),
        screens.NEXT: navigation.NextHandler(engine),
        screens.RESUME: navigation.GoOnHandler(engine),
    }
    at = next(i for i, handler in enumerate(handlers) if isinstance(handler, navigation.NextHandler))
    handlers.insert(at, touch.TouchHandler(engine, voice))
    return list[AbstractRequestHandler](handlers)
