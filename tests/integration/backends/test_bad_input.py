"""Bad input gives one sentence, not a traceback wall: an unreachable COURSE_*_URL names the URL
(password masked) and says what to do."""

import json
import os
import socket
import subprocess
import sys

import pytest

pytestmark = pytest.mark.integration

SCRIPT = """
import json
from course_lib.backends import ServiceUnavailable, broker_url, postgres_url, redis_url
messages = []
for get in (postgres_url, redis_url, broker_url):
    try:
        get()
        messages.append(None)
    except ServiceUnavailable as exc:
        messages.append(str(exc))
print(json.dumps(messages))
"""


def free_port() -> int:
    """A loopback port nothing listens on (bound then closed)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_urls_give_one_masked_sentence_each():
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("COURSE_")}
    env.update(
        COURSE_DATABASE_URL=f"postgresql://alice:s3cret@127.0.0.1:{port}/shop",
        COURSE_REDIS_URL=f"redis://:s3cret@127.0.0.1:{port}/0",
        COURSE_BROKER_URL=f"amqp://guest:s3cret@127.0.0.1:{port}//",
    )
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    messages = json.loads(result.stdout)
    for message, var, masked in zip(
        messages,
        ["COURSE_DATABASE_URL", "COURSE_REDIS_URL", "COURSE_BROKER_URL"],
        [
            f"postgresql://alice:***@127.0.0.1:{port}/shop",
            f"redis://:***@127.0.0.1:{port}/0",
            f"amqp://guest:***@127.0.0.1:{port}//",
        ],
        strict=True,
    ):
        assert message.startswith(f"Could not connect to {var}={masked} (")
        assert f"unset {var}" in message and "s3cret" not in message and "\n" not in message
