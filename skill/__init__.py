"""my foot routine: an Alexa skill that coaches a gentle foot routine at a calm pace.

Only what runs on Lambda lives here: a functional core (``routine``, ``timeline``, ``segments``,
``ssml``, ``progress``, ``engine``, ``listening``, ``dosing``, ``record``, ``history``, ``phrases``,
``screens``) wrapped by the Alexa adapter (``session``, ``flow``, ``handlers``, ``interceptors``,
``gate``, ``display``) and ``storage``. The web host is ``webhost``, the local coach and build tools
``devtools``; neither ships. See README.md for how the pieces fit.
"""
