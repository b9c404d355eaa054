"""/docs: the API reference as one static HTML page, rendered from the OpenAPI schema.

FastAPI's Swagger UI page loads its JavaScript and CSS from a CDN, which an
offline analyst machine cannot reach and our Content-Security-Policy forbids.
This page needs neither: every route with its summary, parameters (type,
allowed values, limits) and responses, as plain HTML with every value
escaped, and a link to the machine-readable schema.
"""

from __future__ import annotations

from html import escape
from typing import Any

_METHODS = ("get", "post", "put", "patch", "delete")


def _schema_type(schema: dict[str, Any]) -> str:
    """A short description of a parameter's type: enum values, bounds, list-ness."""
    if "anyOf" in schema:
        kinds = [_schema_type(s) for s in schema["anyOf"] if s.get("type") != "null"]
        return " or ".join(kinds)
    if schema.get("type") == "array":
        return f"list of {_schema_type(schema.get('items', {}))} (repeat the parameter)"
    if "enum" in schema:
        return "one of " + ", ".join(str(value) for value in schema["enum"])
    text = str(schema.get("type", "any"))
    bounds = [
        f"{label} {schema[key]}"
        for key, label in (("minimum", "≥"), ("maximum", "≤"), ("maxLength", "length ≤"))
        if key in schema
    ]
    if "default" in schema:
        bounds.append(f"default {schema['default']}")
    return f"{text} ({', '.join(bounds)})" if bounds else text


def _parameters(operation: dict[str, Any]) -> list[str]:
    parameters = operation.get("parameters", [])
    if not parameters:
        return []
    rows = [
        "<tr>"
        f"<td><code>{escape(p['name'])}</code></td><td>{escape(p.get('in', ''))}</td>"
        f"<td>{'yes' if p.get('required') else 'no'}</td>"
        f"<td>{escape(_schema_type(p.get('schema', {})))}</td>"
        f"<td>{escape(p.get('description') or p.get('schema', {}).get('description', ''))}</td>"
        "</tr>"
        for p in parameters
    ]
    header = "<tr><th>name</th><th>in</th><th>required</th><th>type</th><th>meaning</th></tr>"
    return ["<table>", header, *rows, "</table>"]


def _operation(path: str, method: str, operation: dict[str, Any]) -> list[str]:
    summary = escape(operation.get("summary", ""))
    description = escape(operation.get("description", "")).replace("\n\n", "</p><p>")
    responses = ", ".join(
        f"{escape(code)} {escape(str(response.get('description', '')))}"
        for code, response in operation.get("responses", {}).items()
    )
    anchor = escape(f"{method}-{path}".replace("/", "-").strip("-"), quote=True)
    return [
        f'<section id="{anchor}">',
        f"<h2><code>{method.upper()} {escape(path)}</code> {summary}</h2>",
        f"<p>{description}</p>" if description else "",
        *_parameters(operation),
        f"<p>Responses: {responses}</p>",
        "</section>",
    ]


def render_docs(openapi: dict[str, Any]) -> str:
    """The whole page: a title, the schema link, then one section per operation."""
    info = openapi.get("info", {})
    title = escape(f"{info.get('title', 'API')} {info.get('version', '')}".strip())
    body: list[str] = []
    for path, item in openapi.get("paths", {}).items():
        for method in _METHODS:
            if method in item:
                body.extend(_operation(path, method, item[method]))
    return "\n".join(
        [
            "<!doctype html>",
            '<html lang="en"><head><meta charset="utf-8">',
            f"<title>{title} API</title></head><body>",
            f"<h1>{title} API</h1>",
            "<p>JSON under <code>/api</code>. The OpenAPI schema: "
            '<a href="/api/openapi.json">/api/openapi.json</a>. '
            'The dashboard: <a href="/">/</a>.</p>',
            "<p>List endpoints take <code>limit</code> (1 to 500) and <code>offset</code> "
            "and answer <code>{items, total, limit, offset}</code>; an invalid parameter "
            "gets 422 with a message naming it.</p>",
            *body,
            "</body></html>",
        ]
    )
