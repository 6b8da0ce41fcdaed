"""Request handlers, one file per concern. Order matters: the first that can handle a request wins.

An answer to the open question is the exception that order does not decide: whose question a
"yes" answers comes from the question (skill.coach.answers.route), asked by one handler.
"""

from __future__ import annotations

from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler

from skill import screens
from skill.engine import Engine
from skill.handlers import (
    answers,
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
        answers.AnswerHandler,  # the open question's answers ("how are you feeling?" before all else)
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
