"""Tests of eventcoder.geo, one file per module (a package: its conftest must not shadow tests/conftest.py)."""
