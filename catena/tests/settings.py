"""Settings for the test suite: production settings over plain HTTP, with cheap password hashing.

The suite drives the application over plain HTTP (test client, live server for the browser), so
the HTTPS-only switches are off here; ``.ci/run`` checks the production settings separately with
``catena check --deploy``.
"""

import os

os.environ.setdefault("CATENA_HTTPS", "0")

from catena.settings import *  # noqa: E402,F403

# Real password hashing costs ~0.3 s per user; tests need the behaviour, not the cost.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Worker and live-server threads open their own connections: close them after each task or
# request so the test database can be dropped at the end.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

# Sign-in throttling counts by address and the suite signs in from 127.0.0.1 thousands of times
# (and the test client's login passes no request, which django-axes needs); the tests of the
# throttling itself turn it on (catena/accounts/tests/test_signin_throttle.py).
AXES_ENABLED = False

# Every answer the hot reads write without validation is validated too and compared (catena.core.answers).
CATENA_CHECK_ANSWERS = True
