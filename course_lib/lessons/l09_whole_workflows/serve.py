"""Serve the workflow API for the compose stack (compose.yaml's `api` service); never started by
the course itself. Every part comes from the COURSE_* URLs the compose file sets."""

from __future__ import annotations

import os

from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker


def main() -> None:  # pragma: no cover - runs only inside the compose stack
    import redis

    from course_lib.shop import db
    from course_lib.shop.gateways.payments import HttpPaymentGateway
    from course_lib.shop.workflow import ShopWorkflow
    from course_lib.shop.workflow_api import create_workflow_app

    engine = create_engine(os.environ["COURSE_DATABASE_URL"], pool_pre_ping=True)
    db.create_schema(engine)
    workflow = ShopWorkflow(
        sessionmaker(engine, expire_on_commit=False),
        HttpPaymentGateway(os.environ.get("PAYMENT_URL", "http://payments:8001")),
        redis.Redis.from_url(os.environ["COURSE_REDIS_URL"]),
    )
    app = create_workflow_app(workflow)
    app.add_url_rule("/health", "health", lambda: {"status": "ok"})
    # inside a container the port must be reachable from the other services
    app.run(host=os.environ.get("SHOP_API_HOST", "127.0.0.1"), port=8000)


if __name__ == "__main__":
    main()
