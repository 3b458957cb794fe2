"""Operator families of the conformance suite: one module each (see families/core.py)."""
