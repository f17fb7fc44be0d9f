"""Settings for the test suite: the normal settings with fast hashing and plain static storage."""

import os

os.environ["FAZHI_TESTING"] = "1"

from fazhi.settings import *  # noqa: E402,F403

# A module built on the kernel inside the test suite (tests/toy): installed and mounted as a new app would be.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.toy"]  # noqa: F405
ROOT_URLCONF = "tests.toy.urls"

# A Celery worker in another process (.ci/run) must open the same test database as the tests: name it.
if os.environ.get("FAZHI_TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["FAZHI_TEST_DATABASE_NAME"]}  # noqa: F405
