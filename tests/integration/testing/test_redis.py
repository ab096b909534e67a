"""The redis_client fixture against a real Redis: per-test empty database, expiry without sleep."""

import pytest

from course_lib.testing import wait_until

pytestmark = pytest.mark.integration


def test_it_is_a_real_redis(redis_client):
    """The server reports a real Redis version."""
    assert redis_client.info("server")["redis_version"]


@pytest.mark.parametrize("run", [1, 2])
def test_each_test_starts_empty(redis_client, run):
    """A key set in run 1 is gone in run 2."""
    assert redis_client.dbsize() == 0
    redis_client.set("cart:1", "3 items")
    assert redis_client.get("cart:1") == b"3 items"


def test_expiry_is_awaited_by_polling(redis_client):
    """The key disappears on its own; we poll for it instead of sleeping."""
    redis_client.set("session:1", "x", px=50)
    wait_until(
        lambda: redis_client.exists("session:1") == 0, timeout=5, message="the key to expire"
    )


@pytest.mark.parametrize("run", [1, 2])
def test_clients_share_one_pool_and_close_leaves_it_open(redis_client, run):
    """Each test's client comes from one connection pool per process (a new connection costs
    milliseconds); run 1 closes its client, and run 2's client still works."""
    from course_lib.backends import connect_redis

    again = connect_redis(pooled=True)
    assert again.connection_pool is redis_client.connection_pool
    assert redis_client.ping()
    redis_client.close()
    assert again.ping()
