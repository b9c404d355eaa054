"""The HTTP API and dashboard: `create_app(db_path, token=...)` is a FastAPI application.

    >>> from pactwatch.web import create_app
    >>> app = create_app("pactwatch.duckdb")          # read-only
    >>> # uvicorn.run(app, host="127.0.0.1", port=8000), or `pactwatch serve`

Routes and their JSON are described in `pactwatch.web.api` and at /docs.
"""

from __future__ import annotations

from pactwatch.web.app import create_app

__all__ = ["create_app"]
