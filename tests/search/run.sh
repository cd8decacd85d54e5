#!/bin/sh
# Runs the search --stdio protocol tests with Debian's python3 (scipy is
# not needed here, but the test oracle is always the system python).
exec "${STEWARD_PYTHON:-/usr/bin/python3}" "$STEWARD_SOURCE/tests/search/test_stdio.py"
