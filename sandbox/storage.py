"""SQLite state: customers, subscriptions, invoices, idempotency records and id counters.

One connection for the sandbox's life (no per-request churn), WAL journal for a file database, and every
request's read-validate-write under one lock in one transaction: a rejected request rolls back whatever it
touched, and two requests can never interleave (the idempotency guarantee rests on this; the key's PRIMARY KEY
is the backstop). Records are stored as JSON documents next to the few columns that are queried.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from chargebee_conformance.sandbox.errors import ApiError
from chargebee_conformance.sandbox.records import (
    Customer,
    Invoice,
    Subscription,
    customer_from,
    invoice_from,
    subscription_from,
    to_doc,
)
from chargebee_conformance.sandbox.style import HouseStyle

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS customers (id TEXT PRIMARY KEY, deleted INTEGER NOT NULL, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS subscriptions (
    id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, deleted INTEGER NOT NULL, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS invoices (
    id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, customer_id TEXT NOT NULL, subscription_id TEXT,
    status TEXT NOT NULL, deleted INTEGER NOT NULL, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS invoices_by_customer ON invoices (customer_id, seq);
CREATE TABLE IF NOT EXISTS idempotency (
    key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, created_at REAL NOT NULL, status INTEGER NOT NULL,
    body BLOB NOT NULL);
"""


class StorageError(RuntimeError):
    """The database cannot be used (unwritable path, another site's file); one line for the CLI."""


@dataclass(frozen=True)
class StoredResponse:
    fingerprint: str
    created_at: float  # seconds since the epoch, on the sandbox's clock
    status: int
    body: bytes


@dataclass(frozen=True)
class InvoiceQuery:
    customer_id: str | None = None
    subscription_id: str | None = None
    status: str | None = None
    include_deleted: bool = False
    limit: int = 10
    offset: int = 0
    newest_first: bool = False  # the list_newest_first quirk


class Storage:
    def __init__(self, path: str, site: str, style: HouseStyle | None = None) -> None:
        self.path = path
        self.style = style or HouseStyle()  # how new ids look (and lines' unsent periods): see sandbox.style
        self._lock = threading.RLock()
        try:
            if path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            # One connection, built in the caller's thread and used by the server's (hence no thread check).
            self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        except (OSError, sqlite3.Error) as error:
            raise StorageError(f"database {path}: cannot open ({error})") from None
        try:
            self._setup(site)
        except sqlite3.Error as error:
            self._db.close()
            raise StorageError(f"database {path}: {error}") from None

    def _setup(self, site: str) -> None:
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable across a process crash
        self._db.executescript(SCHEMA)
        row = self._db.execute("SELECT value FROM meta WHERE key = 'site'").fetchone()
        if row is None:
            self._db.execute("INSERT INTO meta VALUES ('site', ?)", (site,))
        elif row[0] != site:
            self._db.close()
            raise StorageError(f"database {self.path} holds site {row[0]!r}, not {site!r}; pass another --db")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One request's atomic unit, under the lock. An ApiError rolls back unless it keeps changes."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except ApiError as error:
                self._db.execute("COMMIT" if error.keep_changes else "ROLLBACK")
                raise
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def next_number(self, name: str) -> int:
        with self._lock:
            row = self._db.execute(
                "INSERT INTO counters VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET value = value + 1 "
                "RETURNING value", (name,),
            ).fetchone()
        return int(row[0])

    # Customers and subscriptions.

    def customer(self, customer_id: str, *, include_deleted: bool = False) -> Customer | None:
        doc = self._doc("SELECT doc, deleted FROM customers WHERE id = ?", customer_id, include_deleted)
        return None if doc is None else customer_from(doc)

    def save_customer(self, customer: Customer) -> None:
        self._write("INSERT OR REPLACE INTO customers VALUES (?, ?, ?)",
                    (customer.id, int(customer.deleted), _dump(customer)))

    def subscription(self, subscription_id: str, *, include_deleted: bool = False) -> Subscription | None:
        sql = "SELECT doc, deleted FROM subscriptions WHERE id = ?"
        doc = self._doc(sql, subscription_id, include_deleted)
        return None if doc is None else subscription_from(doc)

    def save_subscription(self, subscription: Subscription) -> None:
        self._write(
            "INSERT OR REPLACE INTO subscriptions VALUES (?, ?, ?, ?)",
            (subscription.id, subscription.customer_id, int(subscription.deleted), _dump(subscription)),
        )

    def subscriptions_of(self, customer_id: str) -> list[Subscription]:
        with self._lock:
            rows = self._db.execute(
                "SELECT doc FROM subscriptions WHERE customer_id = ?", (customer_id,)
            ).fetchall()
        return [subscription_from(json.loads(row[0])) for row in rows]

    # Invoices.

    def invoice(self, invoice_id: str, *, include_deleted: bool = False) -> Invoice | None:
        doc = self._doc("SELECT doc, deleted FROM invoices WHERE id = ?", invoice_id, include_deleted)
        return None if doc is None else invoice_from(doc)

    def invoice_status(self, invoice_id: str) -> str | None:
        with self._lock:
            row = self._db.execute(
                "SELECT status FROM invoices WHERE id = ? AND deleted = 0", (invoice_id,)
            ).fetchone()
        return None if row is None else str(row[0])

    def save_invoice(self, invoice: Invoice) -> None:
        self._write(
            "INSERT OR REPLACE INTO invoices VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                invoice.id,
                invoice.seq,
                invoice.customer_id,
                invoice.subscription_id,
                invoice.status,
                int(invoice.deleted),
                _dump(invoice),
            ),
        )

    def invoices(self, query: InvoiceQuery) -> tuple[list[Invoice], bool]:
        """One page of invoices in creation order, and whether more follow."""
        sql, args = "SELECT doc FROM invoices WHERE 1 = 1", []
        for column, value in (
            ("customer_id", query.customer_id),
            ("subscription_id", query.subscription_id),
            ("status", query.status),
        ):
            if value is not None:
                sql += f" AND {column} = ?"
                args.append(value)
        if not query.include_deleted:
            sql += " AND deleted = 0"
        sql += f" ORDER BY seq {'DESC' if query.newest_first else 'ASC'} LIMIT ? OFFSET ?"
        with self._lock:
            rows = self._db.execute(sql, (*args, query.limit + 1, query.offset)).fetchall()
        return [invoice_from(json.loads(row[0])) for row in rows[: query.limit]], len(rows) > query.limit

    def invoices_of(self, customer_id: str) -> list[Invoice]:
        with self._lock:
            rows = self._db.execute(
                "SELECT doc FROM invoices WHERE customer_id = ?", (customer_id,)
            ).fetchall()
        return [invoice_from(json.loads(row[0])) for row in rows]

    # Idempotency.

    def stored_response(self, key: str) -> StoredResponse | None:
        with self._lock:
            row = self._db.execute(
                "SELECT fingerprint, created_at, status, body FROM idempotency WHERE key = ?", (key,)
            ).fetchone()
        return None if row is None else StoredResponse(row[0], row[1], row[2], bytes(row[3]))

    def store_response(self, key: str, response: StoredResponse) -> None:
        # A plain INSERT: were two requests with one key ever to race here, the PRIMARY KEY makes the second
        # fail.
        self._write(
            "INSERT INTO idempotency VALUES (?, ?, ?, ?, ?)",
            (key, response.fingerprint, response.created_at, response.status, response.body),
        )

    def forget_response(self, key: str) -> None:
        self._write("DELETE FROM idempotency WHERE key = ?", (key,))

    # Helpers.

    def _doc(self, sql: str, key: str, include_deleted: bool) -> dict[str, object] | None:
        with self._lock:
            row = self._db.execute(sql, (key,)).fetchone()
        if row is None or (row[1] and not include_deleted):
            return None
        doc: dict[str, object] = json.loads(row[0])
        return doc

    def _write(self, sql: str, args: tuple[object, ...]) -> None:
        with self._lock:
            self._db.execute(sql, args)


def _dump(record: object) -> str:
    return json.dumps(to_doc(record), ensure_ascii=False, separators=(",", ":"))
