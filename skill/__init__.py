"""my foot routine: an Alexa skill that coaches a gentle foot routine at a calm pace.

The package is laid out as a functional core (``routine``, ``timeline``, ``segments``, ``ssml``,
``progress``, ``engine``) wrapped by an imperative shell (``handlers``, ``interceptors``,
``storage``, ``web``, ``chat``). See README.md for how the pieces fit.
"""
