"""Helpers learners use in their own tests: fixtures, live/stub HTTP servers, wait_until.

The fixtures (database_url, engine, db_connection, db_session, db_sessionmaker, redis_client,
broker, live_server, stub_http_server) come from the pytest plugin course_lib.testing.plugin, which
pytest loads automatically — in tests/ and in %%ipytest cells alike.
"""

from course_lib.testing.live import LiveServer
from course_lib.testing.scratch import scratch_dir
from course_lib.testing.stub import StubHttpServer
from course_lib.testing.wait import WaitTimeout, wait_until

__all__ = ["LiveServer", "StubHttpServer", "WaitTimeout", "scratch_dir", "wait_until"]
