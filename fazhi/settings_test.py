"""Settings for the test suite: the normal settings with fast hashing and plain static storage."""

import os

os.environ["FAZHI_TESTING"] = "1"

from fazhi.settings import *  # noqa: E402,F403
