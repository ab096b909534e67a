"""A private database per process on a shared PostgreSQL (a classroom's COURSE_DATABASE_URL).

`create(url)` makes `course_<host>_<pid>_<random>` from a template that holds nothing
(template0, or COURSE_DATABASE_TEMPLATE, e.g. one the instructor filled with the course schema)
and records the owner (host, pid, start time) in its COMMENT. It is dropped at exit, by the
watchdog's reaper when the process is killed, and otherwise by the next process started on the
same host: `reap()` drops only course databases whose owner is gone AND that nobody is connected
to, without force, so another live kernel's database is never touched.
"""

from __future__ import annotations

import json
import os
import socket

from course_lib.backends import owner
from course_lib.backends.errors import ServiceUnavailable
from course_lib.backends.probes import pg_params

TEMPLATE_ENV = "COURSE_DATABASE_TEMPLATE"
CONNECT_TIMEOUT = 5  # seconds; the reaper must never hang on an unreachable server


def _connect(url: str):
    import psycopg

    return psycopg.connect(autocommit=True, connect_timeout=CONNECT_TIMEOUT, **pg_params(url))


def private_url(url: str, name: str) -> str:
    """`url` with its database replaced by `name` (password kept: the URL is used, not shown)."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(database=name).render_as_string(hide_password=False)


def create(url: str, name: str, kind: str = "private database") -> str:
    """Reap this host's orphans, then create database `name` on the server of `url` (whose own
    database is only used to connect) and return the URL of the new database.

    The COMMENT names the owner (this process's token), so the reaper can drop the database of a
    killed process whatever its name, e.g. lesson 10's one database per pytest-xdist worker."""
    import psycopg
    from psycopg import sql

    template = os.environ.get(TEMPLATE_ENV, "").strip() or "template0"
    comment = {"course_lib": kind, "host": socket.gethostname()}
    comment.update(pid=os.getpid(), started=owner.started(), owner=owner.token("_"))
    with _connect(url) as conn:
        reap(conn)
        try:
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(name), sql.Identifier(template)
                )
            )
        except psycopg.errors.InsufficientPrivilege:
            raise ServiceUnavailable(_cannot_create(conn, kind)) from None
        except psycopg.Error as exc:
            raise ServiceUnavailable(
                f"Could not create the private database {name} from template {template} "
                f"({str(exc).strip().splitlines()[0]}); fix {TEMPLATE_ENV} or set "
                "COURSE_SHARED_DATABASE=1 to use the database of COURSE_DATABASE_URL as it is."
            ) from None
        conn.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(name), sql.Literal(json.dumps(comment))
            )
        )
    return private_url(url, name)


def _cannot_create(conn, kind: str) -> str:
    role = conn.info.user
    if kind != "private database":
        return (
            f"The role {role} of COURSE_DATABASE_URL may not create databases, and each {kind} "
            f"needs its own; run `ALTER ROLE {role} CREATEDB` on that server."
        )
    return (
        f"The role {role} of COURSE_DATABASE_URL may not create databases, and each process "
        f"needs its own; run `ALTER ROLE {role} CREATEDB` on that server, or set "
        "COURSE_SHARED_DATABASE=1 to share the URL's database (fine when one run owns the server)."
    )


def drop(url: str, name: str) -> None:
    """Drop our own database `name`, closing whatever connections to it are left (ours)."""
    from psycopg import sql

    with _connect(url) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


ORPHAN_QUERY = r"""
SELECT d.datname, shobj_description(d.oid, 'pg_database'),
       (SELECT count(*) FROM pg_stat_activity a WHERE a.datid = d.oid)
FROM pg_database d
WHERE NOT d.datistemplate
  AND (d.datname LIKE 'course\_%'
       OR shobj_description(d.oid, 'pg_database') LIKE '{"course\_lib"%')
"""


def reap(conn) -> list[str]:
    """Drop this host's orphaned course databases that nobody is connected to; return them."""
    import psycopg
    from psycopg import sql

    dropped = []
    for name, comment, connections in conn.execute(ORPHAN_QUERY).fetchall():
        parts = owner.parse(name, "_", whole=True) or owner.parse(_owner(comment), "_", whole=True)
        if connections or not owner.is_orphan(parts, _started(comment)):
            continue
        try:  # no FORCE: if anyone connected since, the drop fails and the database stays
            conn.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(name)))
            dropped.append(name)
        except psycopg.Error:
            pass  # in use, not ours to drop (another role), or already gone
    return dropped


def reap_url(url: str) -> list[str]:
    """reap() over a fresh connection to the server of `url`."""
    with _connect(url) as conn:
        return reap(conn)


def _owner(comment: str | None) -> str:
    """The owner token a comment records ('' if none): how a database named otherwise is known."""
    try:
        return str(json.loads(comment or "")["owner"])
    except (ValueError, KeyError, TypeError):
        return ""


def _started(comment: str | None) -> float | None:
    try:
        return float(json.loads(comment or "")["started"])
    except (ValueError, KeyError, TypeError):
        return None
