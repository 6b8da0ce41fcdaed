"""Every sentence the coach says that is not exercise content: one place to read, tune and translate.

The words are the product (see docs/conversation.md): one breath per instruction, the cue last,
numbers as words, sides explicit, praise sparing, reprompts short. Variety comes from small
pools, and the pick is a pure function of where the user is, so "repeat" says exactly the same words.
"""

from __future__ import annotations

from collections.abc import Sequence

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def number(value: int) -> str:
    """A whole number as words ("twenty five"), as a person would say it; digits above 999."""
    if value < 0:
        return f"minus {number(-value)}"
    if value < 20:
        return _ONES[value]
    if value < 100:
        tens, ones = divmod(value, 10)
        return _TENS[tens] + (f" {_ONES[ones]}" if ones else "")
    if value < 1000:
        hundreds, rest = divmod(value, 100)
        return f"{_ONES[hundreds]} hundred" + (f" and {number(rest)}" if rest else "")
    return str(value)


def duration(seconds: float) -> str:
    """Rounded, spoken duration: "about twelve minutes", "forty seconds"."""
    whole = round(seconds)
    if whole < 60:
        return f"{number(whole)} seconds"
    minutes = round(whole / 60)
    return "about one minute" if minutes == 1 else f"about {number(minutes)} minutes"


def pick(pool: Sequence[str], *keys: object) -> str:
    """Choose from a pool by a stable function of the keys (never ``random``): same place, same words."""
    total = 0
    for key in keys:
        for char in str(key):
            total = (total * 31 + ord(char)) % 1_000_003
    return pool[total % len(pool)]


def plural(count: int, word: str) -> str:
    return word if count == 1 else f"{word}s"


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- Inside a segment -------------------------------------------------------------------------
READY_GO = "Ready? Go."
STOP = "And stop."
HALFWAY = "Halfway."
FIVE_MORE = "Five more seconds."
REST_FOR = "Rest for {duration}."
REPS_DONE = "And rest."
PART_DONE = "Good."
"""Between two counted parts with no rest (clockwise, then counterclockwise)."""
WHERE_SET = "{Unit} {set} of {sets}."
WHERE_SET_SIDE = "{Unit} {set} of {sets}, {side} {side_word}."
EXERCISE_TITLE = "{name}."

# After a side or a set: praise (sometimes), what was done, what comes next, how to go on.
#: Empty entries keep praise sparing: "We" and praise, sparingly (docs/conversation.md).
PRAISE = ("Nice work.", "", "Well done.", "Good.", "", "Lovely.", "Good work.")
DONE_SIDE = "That's the {side} {side_word} done."
DONE_SIDE_OF_SET = "That's {unit} {set} on the {side} {side_word}."
DONE_SET = "That's {unit} {set} done."
NEXT_SIDE = "Next, switch legs: {side} {side_word}."
NEXT_SET = "Next is {unit} {set}."
NEXT_SET_SIDE = "Next is {unit} {set}: switch legs, {side} {side_word} first."
NEXT_SET_SIDE_SAME = "Next is {unit} {set}, {side} {side_word} first."
NEXT_EXERCISE = "Next is {name}."
NEXT_EXERCISE_READY = "Next is {name}: {get_ready}"
GO_ON = (
    "Say next when you're ready.",
    "When you're ready, say next.",
    "Take a breath, then say next.",
)
FIRST_GO_ON = "Say next when you're ready. You can also say pause, repeat, or slower at any time."
EXERCISE_FINISHED = "That's all of the {name}."
ROUTINE_FINISHED = "And that's the whole routine."
#: Said once, after the last part: the congratulations, then the streak line, then goodbye.
FINISHED_PRAISE_ROUTINE = "Well done: your feet will thank you."
FINISHED_PRAISE_EXERCISE = "Nice work."
FINISHED_GOODBYE_ROUTINE = "Come back tomorrow, and say: Alexa, start my foot routine. Bye for now."
FINISHED_GOODBYE_EXERCISE = "Say: Alexa, start my foot routine, anytime for the whole routine. Bye for now."

# --- Getting ready for an exercise --------------------------------------------------------------
GETTING_READY = "getting ready"
WHEN_READY = "Tell me when you're ready."
FIRST_WHEN_READY = "Tell me when you're ready. You can say pause, repeat, or slower at any time."
WHEN_READY_REPROMPT = "Take your time. Say ready when you're in position."

# --- Reprompts ---------------------------------------------------------------------------------
REPROMPT = "Say next when you're ready, or pause to stop for now."

# --- Launch ------------------------------------------------------------------------------------
WELCOME_NEW = "Welcome to your foot routine: three gentle exercises, {duration}."
WELCOME_NEW_EXERCISE = "Welcome to your foot routine: {name}, {duration}."
WELCOME_NEW_NAMED = "Welcome to your foot routine, {person}: three gentle exercises, {duration}."
WELCOME_NEW_EXERCISE_NAMED = "Welcome to your foot routine, {person}: {name}, {duration}."
WELCOME_BACK_NAMED = "Welcome back, {person}."

SAFETY = "Go at your own pace, and stop if you feel any sharp pain."
WELCOME_BACK = "Welcome back."
REJOIN = "Let's carry on with {name}: {where}."
REJOIN_READY = "Tell me when you're ready, or say start over to begin the routine again."
FINISHED_TODAY = "You've already done your foot routine today. Great work! Would you like another round?"
FINISHED_TODAY_REPROMPT = "Would you like another round? Say yes, or stop."
PROGRESS_RESET = "I couldn't read where you were last time, so we'll start from the top."
ROUTINE_CHANGED = "The routine has changed since last time, so we'll pick up at the start of {name}."
ROUTINE_CHANGED_START = "The routine has changed since last time, so we'll start from the top."

# --- Commands that don't fit the moment ---------------------------------------------------------
AT_START = "This is the very beginning, so here it is again."
NOTHING_STARTED = "We haven't started yet. Say start to begin the routine, or name an exercise."
NOTHING_TO_RESUME = "There's nothing to resume, so let's start from the top."
STARTING_OVER = "Starting over from the top."

# --- Single exercise ---------------------------------------------------------------------------
WHICH_EXERCISE = "Which exercise would you like? Heel raises, toe walking, or ankle circles?"
UNKNOWN_EXERCISE = (
    "I don't know an exercise called {heard}. I can do heel raises, toe walking, or ankle circles."
)
WHICH_EXERCISE_REPROMPT = "Say heel raises, toe walking, or ankle circles."

# --- Pace --------------------------------------------------------------------------------------
PACE_SLOWER = "Okay, slower."
PACE_FASTER = "Okay, a little quicker."
PACE_NORMAL = "Okay, back to the normal pace."
PACE_SLOWEST = "This is already the slowest pace."
PACE_FASTEST = "This is already the quickest pace."
PACE_ALREADY_NORMAL = "We're already at the normal pace."
PACE_WHICH = "Would you like me to go slower, faster, or at the normal pace?"
PACE_KEPT = "I'll keep this pace for next time. Here's that part again."
PACE_KEPT_IDLE = "I'll keep this pace for next time."
PACE_FROM_NEXT = "I'll use it from the next part on, and keep it for next time."

# --- Sound cues ---------------------------------------------------------------------------------
SOUNDS_OFF = "Okay, no more sounds. I'll just use my voice."
SOUNDS_ON = "Okay, I'll play a short sound when you start and when each hold ends."
SOUNDS_ALREADY_OFF = "The sounds are already off."
SOUNDS_ALREADY_ON = "The sounds are already on."
SOUNDS_WHICH = "Would you like the sounds on, or off?"

# --- A daily reminder --------------------------------------------------------------------------
REMINDER_TEXT = "Time for your foot routine. Say: Alexa, start my foot routine."
REMINDER_WHEN = "What time each day would you like the reminder? For example, eight in the morning."
REMINDER_WHEN_REPROMPT = "Say a time, like eight in the morning."
REMINDER_SET = "Okay, I'll remind you every day at {time}."
REMINDER_MOVED = "Okay, I've moved your daily reminder to {time}."
REMINDER_NO_PERMISSION = (
    "Okay, no reminder. If you change your mind, I've sent a card to the Alexa app "
    "where you can let me set reminders."
)
REMINDER_NOT_HERE = "Sorry, I can't set reminders on this device."
REMINDER_FAILED = "Sorry, I couldn't reach the reminders just now. Please try again later."
REMINDER_CANCELLED = "Okay, I've cancelled your daily reminder."
REMINDER_NONE = "You don't have a daily reminder from me. Say: remind me every morning at eight, to set one."
REMINDER_IS_SET = "Yes: every day at {time}."
REMINDER_UNCHECKED = "You have one every day at {time}, as far as I know. I couldn't check just now."
REMINDER_CANCEL_FAILED = "Sorry, I couldn't cancel it just now. Please try again later."

# --- Progress ----------------------------------------------------------------------------------
PROGRESS = "You're on {name}, {where}. About {left} to go, {exercises} after this one."
PROGRESS_LAST_EXERCISE = "You're on {name}, {where}. About {left} to go in this exercise."
PROGRESS_NOT_STARTED = "We haven't started yet. The whole routine takes {duration}. Say start to begin."

# --- Practice history ("how am I doing") --------------------------------------------------------
STREAK_NONE = "You haven't finished a session yet. Say start my foot routine, and today can be day one."
STREAK_NONE_IN_ROUTINE = "You haven't finished a whole session yet: this one can be day one."
FINISHED_STREAK = "That's {days} days in a row."
FINISHED_FIRST = "That's your first one done."

# --- Pause, stop, help, fallback, errors -------------------------------------------------------
PAUSED = (
    "Paused. I'll remember you were on {name}, {where}. "
    "When you're ready, say: Alexa, resume my foot routine."
)
PAUSED_IDLE = "Okay. When you're ready, say: Alexa, start my foot routine."
GOODBYE = "Okay. I've saved your place. Bye for now."
GOODBYE_IDLE = "Okay, bye for now."
HELP = (
    "I'll coach you through three foot exercises, one step at a time. "
    "Say next to go on, repeat, wait, slower, or pause. If anything hurts or you feel dizzy, just say so "
    "and we'll stop. You can also ask for one exercise, like ankle circles. What would you like to do?"
)
HELP_REPROMPT = "Say next to go on, or name an exercise."
FALLBACK = "Sorry, I didn't catch that."
FALLBACK_LIST = (
    "Sorry, I still didn't get that. You can say: next, repeat, wait, slower, or I'm done. "
    "What would you like?"
)
FALLBACK_HELP = "I'm having trouble understanding you. Would you like some help? Say help, or next to go on."
FALLBACK_REPROMPT = "Say next, repeat, or pause."
NO_ANSWER = "Okay. Say start over to begin again, or name an exercise."
ERROR = "Sorry, something went wrong on my side. Your progress is safe. Please say that again."
ERROR_REPROMPT = "Say next, repeat, or pause."
STORAGE_WARNING = (
    "By the way, I'm having trouble saving your progress right now, so I may not remember it next time."
)

# --- Safety: pain, dizziness, a fall ------------------------------------------------------------
FEELING_AFTER_PAIN = "Last time, we stopped because something hurt. How are you feeling today?"
FEELING_AFTER_UNWELL = "Last time, we stopped because you felt unwell. How are you feeling today?"
FEELING_REPROMPT = "How are you feeling today? Say I'm fine to carry on, or not today to rest."
FEELING_GOOD = "I'm glad to hear it. We'll go gently."
FEELING_BAD_CLOSING = "Then let's not exercise today, and that's the right call."
FEELING_ASK_AGAIN = (
    "Sorry, I didn't catch how you're feeling. Say I'm fine to carry on, or not today to rest."
)
NOT_GREAT = "I'm sorry you're not feeling great."
PAIN = (
    "Let's stop here. Stop and rest, and don't push through sharp pain. "
    "If it keeps hurting, please talk to a doctor or physiotherapist. I've saved your place."
)
UNWELL = (
    "Let's stop now. Sit or lie down somewhere safe, and rest. "
    "If it's severe or doesn't pass, call your local emergency number. I've saved your place."
)
PAIN_CARD_TITLE = "Stop and rest"
UNWELL_CARD_TITLE = "Sit or lie down safely"

# --- Done for today, waiting, skipping, what's next ---------------------------------------------
DONE_FOR_TODAY = (
    "Okay, that's enough for today, and that's fine. I've saved your place: {where}. "
    "When you want to carry on, say: Alexa, resume my foot routine."
)
DONE_FOR_TODAY_IDLE = "Okay, that's enough for today. Bye for now."
WAIT = "Take your time."
WAIT_OVER = "Say ready when you want to go on."
WAIT_REPROMPT = "Say ready when you want to go on, or pause to stop for now."
WHATS_NEXT = "Next is {what}."
WHATS_NEXT_END = "That's the last part. After it, you're done."
GO_ON_PROMPT = "Say next when you're ready."
SKIPPING_EXERCISE = "Okay, skipping {name}."
SKIPPING_SET = "Okay, skipping that {unit}."
NOTHING_TO_SKIP = "This is the last one. Say next to do it, or say I'm done to stop for today."
EXPLAIN_GO_ON = "Say ready when you want to go on."
REMINDER_NEEDS_DEVICE = "Reminders need an Alexa device with your account: I can't set them from here."

# --- Dosing: harder, easier, a number -----------------------------------------------------------
DOSE_SET = "Okay: {dose}, from now on."
DOSE_SAME = "We're doing that already: {dose}."
DOSE_HARDEST = "That's already the most the article suggests: {dose}."
DOSE_EASIEST = (
    "We're already at the gentlest: {dose}. It's fine to do fewer, or to rest between sides. "
    "If it hurts, say so and we'll stop."
)
DOSE_FIXED = "{name} stays as the article has it: {dose}."
DOSE_RANGE = "{name} go from {ranges}."
DOSE_RANGE_REPS = "{low} to {high} {word}"
DOSE_RANGE_SETS = "{low} to {high} sets"
DOSE_WHICH = "Would you like it harder, or easier? You can also say a number, like fifteen raises."
STEP_UP_OFFER = "You've done this five times. Want to try {dose} next time?"
STEP_UP_YES = "Okay: {dose}, from next time. Bye for now."
STEP_UP_NO = "Okay, we'll keep it as it is. Bye for now."
STEP_DOWN_OFFER = "Last time, something hurt. Shall we make {name} a little easier today: {dose}?"
STEP_DOWN_YES = "Okay: {dose}, from now on."
OKAY = "Okay."

# --- Counting, and one exercise in the middle of the routine --------------------------------------
COUNT_DONE = "That was all {count} {word}: {where} is done."
COUNT_DONE_HOLDS = "That was all of {where}: it's done."
COUNT_DURING = "No problem. Let's do that part again from the start."
COUNT_NOT_YET = "We haven't started counting yet."
EXERCISE_HOLDING = "Okay, {name}. I'll keep your place in the routine: {where}."
EXERCISE_BACK_TO_ROUTINE = (
    "Your routine is still at {where}. Say: Alexa, resume my foot routine, to carry on."
)
SKIP_ELSEWHERE = "We're on {current} now, not {name}."

# --- On screen (Echo Show): the few words a screen adds to what is said -------------------------
SCREEN_TITLE = "My foot routine"
SCREEN_GETTING_READY = "Getting ready"
SCREEN_REST = "Rest"
SCREEN_SECONDS = "seconds"
SCREEN_OF = "of {total}"
SCREEN_COUNT = "{number} of {total}"
SCREEN_DONE = "Routine done"
SCREEN_PAUSE = "Pause"
SCREEN_REPEAT = "Repeat"
SCREEN_NEXT = "Next"
SCREEN_RESUME = "Resume"

# --- The weekly goal (issue #23): days a week, never a scolding -----------------------------------
WEEK_NOT_STARTED = "This week is still open: your goal is {goal} {days} a week."
WEEK_SO_FAR = "This week: {done} of your {goal} days."
WEEK_MET = "This week: {done} {days}, so your goal of {goal} is met."
WEEKS_IN_A_ROW = "You've met it {weeks} weeks in a row."
STREAK_ALSO = "And {days} days in a row."
FINISHED_GOAL_MET = "That's {done} {days} this week: your goal is met."
FINISHED_GOAL_WEEKS = "That's {done} {days} this week: your goal, {weeks} weeks in a row."
FINISHED_WEEK_SO_FAR = "That's {done} of your {goal} days this week."
LAST_WEEK_MET = "Last week you did {done} {days} and met your goal."
LAST_WEEK_MET_RUN = "Last week you did {done} {days} and met your goal, {weeks} weeks in a row."
LAST_WEEK_SOME = "Last week you did {done} {days}, and this week is a fresh start."
GOAL_ASK = "How many days a week would you like to aim for? Three is a good start."
GOAL_ASK_REPROMPT = "Say a number of days, like three days a week."
GOAL_SET = "Okay: {goal} {days} a week from now on."
GOAL_SAME = "Your goal is already {goal} {days} a week."
GOAL_RANGE = "A goal can be one to seven days a week. How many would you like?"

# --- A long gap: start gently ------------------------------------------------------------------
GAP_OFFER = "It's been a few weeks. Shall we start gently again: {dose}?"
GAP_GENTLE = "It's been a few weeks, so take it gently today."
GAP_YES = "Okay, gently: {dose}."

# --- An Alexa routine that starts the skill (Connections.StartConnection, AMAZON.OfferAutomation) --
ROUTINE_OFFER = "Would you like Alexa to start your foot routine for you, at a time and on days you choose?"
ROUTINE_OFFER_REPROMPT = "Shall Alexa start your foot routine for you? Say yes, or no."
ROUTINE_WHEN = "What time should it start? For example, ten in the morning."
ROUTINE_WHEN_REPROMPT = "Say a time, like ten in the morning."
ROUTINE_WHICH_DAYS = "And on which days? Every day, weekdays, or Monday, Wednesday and Friday?"
ROUTINE_WHICH_DAYS_REPROMPT = "Say every day, weekdays, or Monday, Wednesday and Friday."
ROUTINE_SET = "Done. Alexa will start your foot routine at {time}, {days}. Bye for now."
ROUTINE_ALREADY = "You already have that routine: your foot routine starts at {time}, {days}. Bye for now."
ROUTINE_DECLINED = "Okay, no routine. Bye for now."
ROUTINE_NOT_DONE = (
    "Sorry, I couldn't set up the routine. I can remind you instead: say, remind me every morning at eight."
)
ROUTINE_NOT_HERE = (
    "Sorry, Alexa routines aren't available here. I can remind you instead: "
    "say, remind me every morning at eight."
)
ROUTINE_NO = "Okay. Bye for now."
ROUTINE_REMINDER_REPROMPT = "Say, remind me every morning at eight, or stop."
ROUTINE_DAYS_SAID = {
    "every_day": "every day",
    "weekdays": "on weekdays",
    "weekends": "at weekends",
    "mon_wed_fri": "on Mondays, Wednesdays and Fridays",
    "tue_thu_sat": "on Tuesdays, Thursdays and Saturdays",
}
ROUTINE_DESCRIPTION = "Start my foot routine"
"""What the Alexa app lists as the routine's action (renderingData)."""

# --- On screen: the week ------------------------------------------------------------------------
SCREEN_WEEK = "{done} of {goal} days this week"
SCREEN_DAY_LETTERS = ("M", "T", "W", "T", "F", "S", "S")
"""A day's initial under its mark, by ``date.weekday()`` (Monday first)."""
