"""The coach: the conversation's rules, as plain functions over the user's record and the facts
of one request, each returning a :class:`~skill.coach.reply.Reply`.

Nothing here imports the ASK SDK or reads an envelope: ``skill.session.Turn`` reads the facts from
Alexa's request, calls a rule, and renders the reply into Alexa's response. So every rule can be
tested with a record, a date and a locale (tests/test_coach.py), and the SDK stays one adapter.

Modules, lowest first: ``facts`` (what a request tells the coach), ``reply`` (what a rule answers),
``state`` (the conversation at one turn and the ways to answer), ``feeling`` (safety stops and
"how are you feeling?"), ``offers`` (doses and routines offered), ``coaching`` (playing, beginning,
rejoining and finishing the routine), ``opening`` (opening the skill), ``repair`` (not
understood), ``answers`` (which rule answers the open question).
"""
