"""Tools for developers and builds: never shipped to Lambda.

The ``foot-routine`` command (``cli``), the local coach (``chat``) and the text understanding it
shares with the tests (``nlu``), real Alexa request envelopes and a simulated Echo (``envelopes``),
a local fake of Alexa's Settings and Reminders APIs (``alexa_fake``), the Lambda zip (``package``),
the ASK CLI project (``askcli``) and the locale models (``models``). The skill itself (``skill``)
never imports anything from here; a test reads the zip and fails if any of it ships.
"""
