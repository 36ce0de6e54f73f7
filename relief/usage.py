"""The one kind of error that is the caller's to fix: a wrong setting, variable or argument.

Every command turns it into a message and exit code 2 (argparse's own convention for usage
errors), never into "internal error".
"""

from __future__ import annotations


class UsageError(ValueError):
    """The command cannot run as it was called; the message says what to change."""
