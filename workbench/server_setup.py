"""Run once by the Panel server as it starts (`workbench serve` passes it as `panel serve --setup`): what the first
sessions would otherwise wait for."""

from workbench import sqlite_reader
from workbench.db import resolve_url
from workbench.outbox import background as outbox
from workbench.webauth import send_security_headers

send_security_headers()  # before the server builds its Tornado application: every answer carries them

if resolve_url().startswith("sqlite:///"):
    sqlite_reader.warm()  # the analytics path's reader processes (about 1.5 s), before the first page reads

outbox.start()  # delivers the outbox every minute when an SMTP server or an SMS gateway is set
