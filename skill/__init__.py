"""my foot routine: an Alexa skill that coaches a gentle foot routine at a calm pace.

Only what runs on Lambda lives here. A functional core with no SDK in it: the routine as data and
its timing (``routine``, ``timeline``, ``segments``, ``ssml``, ``limits``, ``progress``,
``engine``, ``listening``, ``dosing``), what is remembered about a user (``record``, ``history``,
``weeks``, ``streaks``), the words and screens (``words``, over ``locales/``; ``screens``) and pure parts of
reminders, automations and slots (``reminders``, ``automation``, ``slots``), and the coach, the
conversation's rules (``coach``, ``question``). Around it the Alexa adapter: ``app`` assembles the
skill; ``session`` (``Turn``, one request: facts in, the coach's reply rendered), ``handlers``,
``interceptors``, ``persistence``, ``gate``, ``display``, ``clock``, ``alexa_api``, ``profile``,
``logs``, ``turnlog`` and ``snapstart``; and ``storage``, the progress stores. The web host is
``webhost``, the local coach and build tools ``devtools``; neither ships. See README.md for how the
pieces fit.
"""
