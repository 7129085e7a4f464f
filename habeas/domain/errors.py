"""The root of habeas' exceptions and warnings.

Every subpackage raises subclasses of :class:`HabeasError` with specific names, so the
CLI can turn any of them into a one-line message instead of a traceback.
"""


class HabeasError(Exception):
    """Base class of every error habeas raises on purpose."""


class HabeasWarning(UserWarning):
    """Base class of every warning habeas emits."""
