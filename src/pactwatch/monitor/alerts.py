"""Alerts: what changed in a watched incident, recorded once, filed and delivered.

After each ingest the incidents it touched are compared, rule by rule, with
the state the alerts last saw of them (`alert_marks`): no mark means a new
incident; more outlets a new source; a different stage or certainty a change;
a conflict that was not there a denial of an existing claim. The alerts and
the new marks are written in one transaction, and `alert_key` (rule, kind,
incident, detail) is unique, so an alert exists exactly once however often
the watcher restarts.

Delivery is kept apart from creation so nothing is lost: an alert is appended
to the JSON Lines file right after it is stored (`filed_at`), and POSTed to
the webhook until the webhook accepts it (`delivered_at`, `attempts`); an
alert a down webhook refused stays pending and is retried on the next cycle.
A crash between appending a line and recording it can repeat that line on
restart, never drop it.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx

from pactwatch.monitor.config import AlertTargets
from pactwatch.monitor.fetch import USER_AGENT
from pactwatch.monitor.guard import AddressRefused, networks, outbound_transport
from pactwatch.monitor.rules import IncidentState, WatchRule
from pactwatch.store.connection import Connection
from pactwatch.store.database import Store

log = logging.getLogger("pactwatch.monitor")

#: The order a change is described in; certainty strength for an incident's summary.
_CERTAINTY_ORDER = ("stated", "claimed", "denied")


@dataclass(frozen=True, slots=True)
class Mark:
    """The part of an incident whose change is news, as the alerts last saw it."""

    n_articles: int
    n_outlets: int
    stage: str
    certainty: str
    certainty_conflict: bool

    @classmethod
    def of(cls, incident: IncidentState) -> Mark:
        return cls(
            incident.n_articles,
            incident.n_outlets,
            incident.stage,
            incident.certainty,
            incident.certainty_conflict,
        )


@dataclass(frozen=True, slots=True)
class Change:
    """One kind of news about an incident; `detail` tells two changes of one kind apart."""

    kind: str
    detail: str
    message: str


def changes(before: Mark | None, now: IncidentState) -> list[Change]:
    """What is new in `now` compared with what the alerts knew (`before`, None if nothing)."""
    found: list[Change] = []
    if before is None:
        found.append(Change("incident", "new", f"new incident: {now.describe()}"))
    else:
        if now.n_outlets > before.n_outlets:
            found.append(
                Change(
                    "source",
                    f"outlets={now.n_outlets}",
                    f"new source: {now.describe()} now reported by {now.n_outlets} outlets "
                    f"({now.n_articles} articles)",
                )
            )
        if now.stage != before.stage:
            found.append(
                Change(
                    "stage",
                    f"{before.stage}->{now.stage}",
                    f"stage {before.stage} -> {now.stage}: {now.describe()}",
                )
            )
        if now.certainty != before.certainty:
            found.append(
                Change(
                    "certainty",
                    f"{before.certainty}->{now.certainty}",
                    f"certainty {before.certainty} -> {now.certainty}: {now.describe()}",
                )
            )
    if now.certainty_conflict and (before is None or not before.certainty_conflict):
        denied = ", ".join(now.denied_by) or "a party"
        found.append(
            Change("denial", "conflict", f"denial by {denied} of a claim: {now.describe()}")
        )
    return found


@dataclass(frozen=True, slots=True)
class Alert:
    id: int
    rule: str
    kind: str
    incident_id: int
    created_at: datetime
    payload: dict[str, Any]

    def line(self) -> str:
        """What the terminal shows: "ALERT [rule] message"."""
        return f"ALERT [{self.rule}] {self.payload['message']}"

    def json(self) -> str:
        return json.dumps(self.payload, ensure_ascii=False, sort_keys=True)


# ------------------------------------------------------------------ reading


def load_incidents(connection: Connection, incident_ids: Iterable[int]) -> list[IncidentState]:
    """The current state of these incidents, with a certainty summarised from their events."""
    ids = sorted(set(incident_ids))
    if not ids:
        return []
    rows = connection.execute(
        """SELECT i.incident_id, i.type, i.parties, i.sources, i.targets, i.participants,
                  i.stage, i.certainty_conflict, i.n_articles, i.n_outlets, i.claimed_by,
                  i.denied_by, i.equipment, i.date_start, i.date_end,
                  (SELECT array_agg(DISTINCT e.certainty) FROM events e
                   WHERE e.incident_id = i.incident_id)
           FROM incidents i WHERE i.incident_id IN (SELECT unnest(?::BIGINT[]))
           ORDER BY i.incident_id""",
        [ids],
    ).fetchall()
    return [
        IncidentState(
            incident_id=int(r[0]),
            type=r[1],
            parties=r[2],
            sources=tuple(r[3]),
            targets=tuple(r[4]),
            participants=tuple(r[5]),
            stage=r[6],
            certainty=_incident_certainty(r[15] or [], bool(r[7])),
            certainty_conflict=bool(r[7]),
            n_articles=int(r[8]),
            n_outlets=int(r[9]),
            claimed_by=tuple(r[10]),
            denied_by=tuple(r[11]),
            equipment=tuple(r[12]),
            date_start=r[13],
            date_end=r[14],
        )
        for r in rows
    ]


def _incident_certainty(certainties: list[str], conflict: bool) -> str:
    """ "disputed" when reports conflict, else the firmest certainty any report gives."""
    if conflict:
        return "disputed"
    for certainty in _CERTAINTY_ORDER:
        if certainty in certainties:
            return certainty
    return "stated"


def _load_mark(connection: Connection, rule: str, incident_id: int) -> Mark | None:
    row = connection.execute(
        """SELECT n_articles, n_outlets, stage, certainty, certainty_conflict
           FROM alert_marks WHERE rule = ? AND incident_id = ?""",
        [rule, incident_id],
    ).fetchone()
    return None if row is None else Mark(int(row[0]), int(row[1]), row[2], row[3], bool(row[4]))


def _save_mark(connection: Connection, rule: str, incident_id: int, mark: Mark) -> None:
    connection.execute(
        """INSERT INTO alert_marks (rule, incident_id, n_articles, n_outlets, stage, certainty,
               certainty_conflict)
           VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (rule, incident_id) DO UPDATE SET n_articles = excluded.n_articles,
               n_outlets = excluded.n_outlets, stage = excluded.stage,
               certainty = excluded.certainty,
               certainty_conflict = excluded.certainty_conflict""",
        [
            rule,
            incident_id,
            mark.n_articles,
            mark.n_outlets,
            mark.stage,
            mark.certainty,
            mark.certainty_conflict,
        ],
    )


def recent_alerts(connection: Connection, limit: int = 50) -> list[Alert]:
    """The latest alerts, newest first (for the dashboard); takes any cursor of the store."""
    rows = connection.execute(
        """SELECT id, rule, kind, incident_id, created_at, payload_json FROM alerts
           ORDER BY id DESC LIMIT ?""",
        [limit],
    ).fetchall()
    return [_alert_of(row) for row in rows]


def _alert_of(row: tuple[Any, ...]) -> Alert:
    return Alert(int(row[0]), row[1], row[2], int(row[3]), row[4], json.loads(row[5]))


# ----------------------------------------------------------------- webhook


class Webhook:
    """POSTs an alert's JSON to a URL, retrying with back-off a few times per call."""

    def __init__(
        self,
        url: str,
        *,
        timeout: float = 10.0,
        attempts: int = 3,
        backoff: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
        allow_private: bool = False,
        private_networks: tuple[str, ...] = (),
    ) -> None:
        self.url = url
        self.attempts = attempts
        self.backoff = backoff
        self._sleep = sleep
        self._client = httpx.Client(
            timeout=timeout,
            headers={"User-Agent": USER_AGENT},
            transport=outbound_transport(
                allow_private=allow_private, allowed=networks(private_networks)
            ),
            trust_env=False,
        )

    def post(self, alert: Alert) -> str | None:
        """None once the webhook answers 2xx; else the last problem, in one line."""
        problem = "not tried"
        for attempt in range(1, self.attempts + 1):
            try:
                response = self._client.post(
                    self.url,
                    content=alert.json().encode("utf-8"),
                    headers={"Content-Type": "application/json"},
                )
            except AddressRefused as exc:
                return str(exc)  # trying again cannot help; the alert stays pending
            except httpx.HTTPError as exc:
                problem = f"{type(exc).__name__}: {exc}"
            else:
                if response.is_success:
                    return None
                problem = f"HTTP {response.status_code} {response.reason_phrase}"
            if attempt < self.attempts:
                self._sleep(self.backoff * 2.0 ** (attempt - 1))
        return problem

    def close(self) -> None:
        self._client.close()


# -------------------------------------------------------------- the record


class AlertBook:
    """Creates alerts from ingests, files them and delivers them; state lives in the store."""

    def __init__(
        self,
        store: Store,
        rules: Iterable[WatchRule],
        targets: AlertTargets,
        *,
        webhook: Webhook | None = None,
        announce: Callable[[Alert], None] | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.store = store
        self.rules = tuple(rules)
        self.targets = targets
        self.webhook = webhook or (
            Webhook(
                targets.webhook,
                allow_private=targets.allow_private_addresses,
                private_networks=targets.private_networks,
            )
            if targets.webhook
            else None
        )
        self._announce = announce
        self._clock = clock or _utc_now

    def check(self, incident_ids: Iterable[int], *, trigger: str | None = None) -> list[Alert]:
        """Record an alert for each watched change of these incidents; file and announce them.

        `trigger` (the URL of the article that caused the change) goes into the payload.
        """
        ids = set(incident_ids)
        if not ids or not self.rules:
            return []
        with self.store.transaction() as connection:
            incidents = load_incidents(connection, ids)
            created = [
                alert
                for rule in self.rules
                for incident in incidents
                if rule.matches(incident)
                for alert in self._note(connection, rule, incident, trigger)
            ]
        for alert in created:
            if self._announce is not None:
                self._announce(alert)
        self.file_pending()
        return created

    def _note(
        self,
        connection: Connection,
        rule: WatchRule,
        incident: IncidentState,
        trigger: str | None,
    ) -> list[Alert]:
        """The alerts one rule raises for one incident; moves its mark to the present."""
        before = _load_mark(connection, rule.name, incident.incident_id)
        alerts = [
            alert
            for change in changes(before, incident)
            if rule.wants(change.kind)
            and (alert := self._insert(connection, rule, incident, change, before, trigger))
            is not None
        ]
        _save_mark(connection, rule.name, incident.incident_id, Mark.of(incident))
        return alerts

    def _insert(
        self,
        connection: Connection,
        rule: WatchRule,
        incident: IncidentState,
        change: Change,
        before: Mark | None,
        trigger: str | None,
    ) -> Alert | None:
        key = f"{rule.name}|{change.kind}|{incident.incident_id}|{change.detail}"
        exists = connection.execute("SELECT 1 FROM alerts WHERE alert_key = ?", [key]).fetchone()
        if exists is not None:
            return None
        row = connection.execute("SELECT coalesce(max(id), 0) + 1 FROM alerts").fetchone()
        alert_id = int(row[0]) if row else 1
        created_at = self._clock()
        payload = {
            "id": alert_id,
            "rule": rule.name,
            "kind": change.kind,
            "message": change.message,
            "incident_id": incident.incident_id,
            "created_at": created_at.isoformat(timespec="seconds") + "Z",
            "incident": _jsonable(asdict(incident)),
            "before": None if before is None else asdict(before),
            "article_url": trigger,
        }
        alert = Alert(alert_id, rule.name, change.kind, incident.incident_id, created_at, payload)
        connection.execute(
            """INSERT INTO alerts (id, alert_key, rule, kind, incident_id, created_at,
                   payload_json, filed_at, delivered_at, attempts)
               VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, 0)""",
            [alert_id, key, rule.name, change.kind, incident.incident_id, created_at, alert.json()],
        )
        return alert

    def file_pending(self) -> int:
        """Append every alert not yet in the alerts file to it; returns how many."""
        if self.targets.file is None:
            return 0
        rows = self.store.connection.execute(
            """SELECT id, rule, kind, incident_id, created_at, payload_json FROM alerts
               WHERE filed_at IS NULL ORDER BY id"""
        ).fetchall()
        if not rows:
            return 0
        alerts = [_alert_of(row) for row in rows]
        _append_lines(self.targets.file, [alert.json() for alert in alerts])
        with self.store.transaction() as connection:
            connection.execute(
                "UPDATE alerts SET filed_at = ? WHERE id IN (SELECT unnest(?::BIGINT[]))",
                [self._clock(), [alert.id for alert in alerts]],
            )
        return len(alerts)

    def deliver_pending(self) -> int:
        """POST undelivered alerts, oldest first; stop at the first the webhook refuses.

        Returns how many were delivered. Stopping at a failure bounds the time a
        down webhook costs a cycle; the rest wait for the next one.
        """
        if self.webhook is None:
            return 0
        rows = self.store.connection.execute(
            """SELECT id, rule, kind, incident_id, created_at, payload_json FROM alerts
               WHERE delivered_at IS NULL ORDER BY id"""
        ).fetchall()
        delivered = 0
        for alert in (_alert_of(row) for row in rows):
            problem = self.webhook.post(alert)
            self._record_attempt(alert.id, problem is None)
            if problem is not None:
                log.warning(
                    "alert %d not delivered to %s (%s); retrying next cycle",
                    alert.id,
                    self.webhook.url,
                    problem,
                )
                break
            delivered += 1
        return delivered

    def _record_attempt(self, alert_id: int, delivered: bool) -> None:
        with self.store.transaction() as connection:
            connection.execute(
                """UPDATE alerts SET attempts = attempts + 1,
                       delivered_at = CASE WHEN ? THEN ? ELSE delivered_at END
                   WHERE id = ?""",
                [delivered, self._clock(), alert_id],
            )

    def close(self) -> None:
        if self.webhook is not None:
            self.webhook.close()


def _append_lines(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.writelines(line + "\n" for line in lines)
        handle.flush()


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value.isoformat()
        if isinstance(value, date)
        else list(value)
        if isinstance(value, tuple)
        else value
        for key, value in values.items()
    }


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
