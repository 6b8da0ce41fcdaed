"""Not understood: a short word first, more help the more it happens in a row.

The first time says little (and how to go on), the second offers the short list of what to say,
the third asks whether they would like help: the same sentence eight times over helps nobody.
"""

from __future__ import annotations

from dataclasses import replace

from skill.coach.reply import Reply, text
from skill.coach.state import Coach
from skill.question import Question


def misheard(coach: Coach) -> Reply:
    count = coach.facts.misheard + 1
    words = coach.words
    if count == 1:
        prompt = coach.go_on_prompt()
        reply = coach.ask(text(words("FALLBACK"), prompt), prompt)
    elif count == 2:
        reply = coach.ask(text(words("FALLBACK_LIST")), words("FALLBACK_REPROMPT"))
    else:
        reply = coach.asking(Question.HELP).ask(text(words("FALLBACK_HELP")), words("FALLBACK_HELP"))
    return replace(reply, misheard=count)
