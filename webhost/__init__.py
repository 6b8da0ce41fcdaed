"""The skill as a self-hosted web service (``foot-routine serve``): never shipped to Lambda.

``web`` adapts the skill to flask-ask-sdk and serves it on waitress, ``verification`` checks
Alexa's request signatures, ``compat`` makes flask-ask-sdk importable on OpenSSL 3.0.10+. Only
``foot-routine serve`` imports this package; the Lambda path never does.
"""
