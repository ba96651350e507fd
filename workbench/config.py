"""Every path and setting of the workbench, declared once.

Nothing else in the package builds a path from a string literal or reads an
environment variable: the CLI, the apps, the notebooks and the docs read these.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = PROJECT_ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
APPS_DIR = PROJECT_ROOT / "apps"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
DEFAULT_DB_PATH = DATA_DIR / "workbench.db"


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    help: str

    def value(self) -> str:
        return os.environ.get(self.env) or self.default


DB_URL = Setting(
    name="db",
    env="WORKBENCH_DB_URL",
    default=f"sqlite:///{DEFAULT_DB_PATH}",
    help="SQLAlchemy URL of the database (default: the SQLite file data/workbench.db; "
    "PostgreSQL: postgresql+psycopg://user@host/dbname).",
)
DEMO_YEAR = Setting(
    name="year",
    env="WORKBENCH_YEAR",
    default="2025-2026",
    help="School year used when a command is not given --year (YYYY-YYYY).",
)
DEMO_REGION = Setting(
    name="region",
    env="WORKBENCH_DEMO_REGION",
    default="03",
    help="Region of the demo data: a region code (03 = Fès-Meknès), its French name, or 'all'.",
)
DEMO_PUPILS = Setting(
    name="pupils",
    env="WORKBENCH_DEMO_PUPILS",
    default="50000",
    help="Number of synthetic pupils the demo generates (1,000 to 8,000,000).",
)
DEMO_PASSWORD = Setting(
    name="demo-password",
    env="WORKBENCH_DEMO_PASSWORD",
    default="massar-demo-2026",
    help="Password of the demo's and sandboxes' accounts (synthetic data only; real users get their own with "
    "`workbench users add`).",
)
LANGUAGE = Setting(
    name="lang",
    env="WORKBENCH_LANG",
    default="",
    help="Language of the command line's messages and help (ar or fr); without it, the acting user's own, else the "
    "locale's (LANG=fr_MA... reads French), else Arabic.",
)
ACTING_USER = Setting(
    name="user",
    env="WORKBENCH_USER",
    default="",
    help="User in whose name a CLI run acts (scope and rights; named in the audit trail). Without it: the "
    "machine's account, as administrator.",
)
SANDBOX = Setting(
    name="sandbox",
    env="WORKBENCH_SANDBOX",
    default="",
    help="Name of the training sandbox being served (set by `workbench serve --sandbox NAME`).",
)
SERVE_PORT = Setting(
    name="port",
    env="WORKBENCH_PORT",
    default="5006",
    help="Port of `workbench serve`.",
)
COOKIE_SECRET = Setting(
    name="cookie-secret",
    env="WORKBENCH_COOKIE_SECRET",
    default="",
    help="Secret signing the apps' login cookies; empty: a new one at each `workbench serve` (everyone logs in again).",
)
AUDIT_KEY = Setting(
    name="audit-key",
    env="WORKBENCH_AUDIT_KEY",
    default="",
    help="Secret key of the audit trail's chain (HMAC-SHA-256), kept outside the database like the cookie secret: "
    "without it nobody owning the tables can recompute the chain. Empty: an unkeyed SHA-256 chain.",
)
AUDIT_CHECKPOINT = Setting(
    name="audit-checkpoint",
    env="WORKBENCH_AUDIT_CHECKPOINT",
    default="",
    help="File where `workbench audit checkpoint` keeps the trail's head (last event, its chain hash, the count, "
    "signed with the audit key), compared by `workbench audit verify`. Empty: none unless given to the command.",
)
PROGRAMME_PATH = Setting(
    name="programme-path",
    env="WORKBENCH_PROGRAMME_PATH",
    default="",
    help="Extra folders of programme packages, separated by ':' (a programme developed outside this repository).",
)
DB_OWNER_URL = Setting(
    name="db-owner",
    env="WORKBENCH_DB_OWNER_URL",
    default="",
    help="PostgreSQL: URL of the role owning the tables, used only by `workbench init` (migrations), which then "
    "gives the application role of WORKBENCH_DB_URL what it needs and no more (it cannot alter the audit trail).",
)
NEW_PASSWORD = Setting(
    name="new-password",
    env="WORKBENCH_NEW_PASSWORD",
    default="",
    help="Password of `workbench users add` when it must not be typed (scripts); asked for when empty.",
)
DEBUG = Setting(
    name="debug",
    env="WORKBENCH_DEBUG",
    default="",
    help="Set to 1 to see a Python traceback instead of the one-line message of an unexpected error.",
)
READER = Setting(
    name="reader",
    env="WORKBENCH_READER",
    default="arrow",
    help="How a campaign run reads the database: 'arrow' (the analytics path: the store's ADBC driver, Arrow "
    "columns) or 'sqlalchemy' (row by row, the reference the benchmarks and tests compare it with).",
)
REPORTS = Setting(
    name="reports",
    env="WORKBENCH_REPORTS_DIR",
    default=str(PROJECT_ROOT / "reports"),
    help="Folder of the campaigns' reports: where `run` writes by default, `demo-runs` and `reports-index` write, "
    "and the home page lists the latest ones.",
)
SANDBOXES = Setting(
    name="sandboxes",
    env="WORKBENCH_SANDBOX_DIR",
    default=str(DATA_DIR / "sandboxes"),
    help="Folder of the training sandboxes (`workbench sandbox`): each a copy of the demo database and its pristine "
    "twin.",
)
TRUSTED_PROXIES = Setting(
    name="trusted-proxies",
    env="WORKBENCH_TRUSTED_PROXIES",
    default="",
    help="Addresses or networks of the reverse proxies in front of `workbench serve` (e.g. '127.0.0.1, "
    "10.0.0.0/8'), separated by commas: a login through one of them is counted under the address it names in "
    "X-Forwarded-For; that header is ignored from anyone else. Empty: every login is counted under the address "
    "connecting to the server.",
)


SMTP_HOST = Setting(
    name="smtp-host",
    env="WORKBENCH_SMTP_HOST",
    default="",
    help="SMTP server the outbox sends e-mail through (`workbench outbox send`, and `serve` every minute). Empty: "
    "e-mail messages wait in the outbox.",
)
SMTP_PORT = Setting(
    name="smtp-port",
    env="WORKBENCH_SMTP_PORT",
    default="587",
    help="Port of the SMTP server.",
)
SMTP_USER = Setting(
    name="smtp-user",
    env="WORKBENCH_SMTP_USER",
    default="",
    help="Account the outbox logs in to the SMTP server with (its password in WORKBENCH_SMTP_PASSWORD). Empty: no "
    "login.",
)
SMTP_PASSWORD = Setting(
    name="smtp-password",
    env="WORKBENCH_SMTP_PASSWORD",
    default="",
    help="Password of the SMTP account: through the environment only, never an option (`ps` shows arguments).",
)
SMTP_FROM = Setting(
    name="smtp-from",
    env="WORKBENCH_SMTP_FROM",
    default="",
    help="From address of the outbox's e-mails (default: the SMTP user).",
)
SMTP_STARTTLS = Setting(
    name="smtp-starttls",
    env="WORKBENCH_SMTP_STARTTLS",
    default="auto",
    help="STARTTLS with the SMTP server: 'auto' (when the server offers it), 'always' (a server that does not offer "
    "it is an error) or 'never'.",
)
SMS_URL = Setting(
    name="sms-url",
    env="WORKBENCH_SMS_URL",
    default="",
    help="URL of the SMS gateway the outbox POSTs each SMS to (JSON). Empty: SMS messages wait in the outbox.",
)
SMS_BODY = Setting(
    name="sms-body",
    env="WORKBENCH_SMS_BODY",
    default='{"to": "{to}", "text": "{text}"}',
    help="JSON body of a request to the SMS gateway: {to} and {text} are replaced by the phone number and the "
    "message in each string of it.",
)
SMS_TOKEN = Setting(
    name="sms-token",
    env="WORKBENCH_SMS_TOKEN",
    default="",
    help="Token of the SMS gateway, sent as 'Authorization: Bearer TOKEN': through the environment only. Empty: no "
    "header.",
)
OUTBOX_TIMEOUT = Setting(
    name="outbox-timeout",
    env="WORKBENCH_OUTBOX_TIMEOUT",
    default="30",
    help="Seconds the outbox waits for the SMTP server or the SMS gateway before it gives up a try (the message is "
    "tried again later).",
)
OUTBOX_TRIES = Setting(
    name="outbox-tries",
    env="WORKBENCH_OUTBOX_TRIES",
    default="6",
    help="Tries of a message before it is failed (after 1, 5, 30 minutes, 2 hours, then every 12 hours).",
)


def reports_dir() -> Path:
    return Path(REPORTS.value())


def sandbox_dir() -> Path:
    return Path(SANDBOXES.value())


SETTINGS: tuple[Setting, ...] = (DB_URL, DEMO_YEAR, DEMO_REGION, DEMO_PUPILS, DEMO_PASSWORD, ACTING_USER, LANGUAGE,
                                 SANDBOX, SERVE_PORT, COOKIE_SECRET, AUDIT_KEY, AUDIT_CHECKPOINT, PROGRAMME_PATH,
                                 DB_OWNER_URL, NEW_PASSWORD, DEBUG, READER,
                                 REPORTS, SANDBOXES, TRUSTED_PROXIES, SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASSWORD,
                                 SMTP_FROM, SMTP_STARTTLS, SMS_URL, SMS_BODY, SMS_TOKEN, OUTBOX_TIMEOUT, OUTBOX_TRIES)
