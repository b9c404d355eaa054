"""`GET /api/alerts`: the latest alerts of `pactwatch watch`, newest first, read-only.

A separate router so the monitoring feature plugs into the app with one
call, `register(app)`, and the dashboard can show what the watcher found.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Query

from pactwatch.monitor.alerts import recent_alerts
from pactwatch.web.api import ReaderDep

router = APIRouter(prefix="/api")

#: Most alerts one request returns.
MAX_ALERTS = 500


@router.get("/alerts")
def list_alerts(
    reader: ReaderDep, limit: Annotated[int, Query(ge=1, le=MAX_ALERTS)] = 50
) -> dict[str, Any]:
    """The latest alerts: each one's JSON payload (rule, kind, message, incident...)."""
    alerts = recent_alerts(reader.connection, limit)
    return {"items": [alert.payload for alert in alerts], "count": len(alerts)}


def register(app: FastAPI) -> None:
    """Serve `GET /api/alerts` from `app`."""
    app.include_router(router)
