"""Workarounds for bugs in third-party packages that have no released fix yet.

Each module here says which upstream issue it works around and when it can be deleted; nothing in
the skill's Lambda path imports this package.
"""
