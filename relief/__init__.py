"""Tongling social-forces relief platform: load, validate and publish relief records kept in Git."""

__version__ = "0.1.0"
