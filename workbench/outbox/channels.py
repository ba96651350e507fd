"""The outbox's two ways to a person: e-mail through an SMTP server (the standard library's smtplib) and SMS through
an HTTP gateway, both described by settings (workbench.config); secrets come from the environment only. A failed try
raises `NotDelivered` with its reason as a short code and the server's words."""

from __future__ import annotations

import html
import json
import smtplib
import ssl
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from workbench import config
from workbench.catalogue import text
from workbench.exceptions import WorkbenchError


class NotDelivered(Exception):
    """A try that did not deliver: `reason` is a short code (`refused`, `timeout`, `unreachable`, `gateway`,
    `settings`), `detail` what the server said."""

    def __init__(self, reason: str, detail: object = "") -> None:
        self.reason = reason
        self.detail = " ".join(str(detail).split())[:400]
        super().__init__(self.stored)

    @property
    def stored(self) -> str:
        """As `last_error` keeps it: 'code: detail'."""
        return f"{self.reason}: {self.detail}" if self.detail else self.reason


def bad_setting(setting: config.Setting, value: str) -> WorkbenchError:
    return WorkbenchError(text("outbox.bad_setting", setting=setting.env, value=value))


@dataclass(frozen=True)
class Message:
    id: int
    recipient_name: str
    channel: str
    address: str
    language: str
    subject: str | None
    body: str


Sender = Callable[[Message], None]


def _timeout() -> float:
    try:
        return max(float(config.OUTBOX_TIMEOUT.value()), 0.1)
    except ValueError:
        return 30.0


class EmailSender:
    """Sends e-mails over one SMTP connection, opened at the first message and again after a failed try."""

    def __init__(self, host: str, port: int, *, user: str = "", password: str = "", sender: str = "",
                 starttls: str = "auto", timeout: float = 30.0) -> None:
        self.host, self.port, self.user, self.password = host, port, user, password
        self.sender = sender or user
        self.starttls, self.timeout = starttls, timeout
        self._smtp: smtplib.SMTP | None = None

    @classmethod
    def from_settings(cls) -> EmailSender | None:
        host = config.SMTP_HOST.value()
        if not host:
            return None
        port = config.SMTP_PORT.value()
        starttls = config.SMTP_STARTTLS.value()
        if not port.isdigit():
            raise bad_setting(config.SMTP_PORT, port)
        if starttls not in ("auto", "always", "never"):
            raise bad_setting(config.SMTP_STARTTLS, starttls)
        return cls(host, int(port), user=config.SMTP_USER.value(),
                   password=config.SMTP_PASSWORD.value(), sender=config.SMTP_FROM.value(),
                   starttls=config.SMTP_STARTTLS.value(), timeout=_timeout())

    def _connect(self) -> smtplib.SMTP:
        smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            smtp.ehlo()
            if self.starttls == "always" or (self.starttls == "auto" and smtp.has_extn("starttls")):
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if self.user:
                smtp.login(self.user, self.password)
        except BaseException:
            smtp.close()
            raise
        return smtp

    def compose(self, message: Message) -> EmailMessage:
        mail = EmailMessage()
        mail["From"] = self.sender
        mail["To"] = formataddr((message.recipient_name, message.address))
        mail["Subject"] = message.subject or ""
        mail["Message-ID"] = make_msgid(f"outbox-{message.id}")
        mail.set_content(message.body)
        direction = "rtl" if message.language == "ar" else "ltr"
        # Each paragraph in its own direction: an Arabic message may carry its French version below it.
        paragraphs = "\n".join(f'<p dir="auto">{html.escape(line)}</p>' for line in message.body.splitlines()
                               if line.strip())
        mail.add_alternative(f'<html lang="{message.language}" dir="{direction}"><body>{paragraphs}</body></html>',
                             subtype="html")
        mail["Content-Language"] = message.language  # after the content, which resets the Content-* headers
        return mail

    def __call__(self, message: Message) -> None:
        if not self.sender:
            raise NotDelivered("settings", config.SMTP_FROM.env)
        try:
            if self._smtp is None:
                self._smtp = self._connect()
            self._smtp.send_message(self.compose(message))
        except smtplib.SMTPRecipientsRefused as exc:
            self.close()
            code, said = next(iter(exc.recipients.values()))
            raise NotDelivered("refused", f"{code} {_text(said)}") from exc
        except smtplib.SMTPResponseException as exc:
            self.close()
            raise NotDelivered("refused", f"{exc.smtp_code} {_text(exc.smtp_error)}") from exc
        except TimeoutError as exc:
            self.close()
            raise NotDelivered("timeout", exc) from exc
        except (smtplib.SMTPException, OSError) as exc:
            self.close()
            raise NotDelivered("unreachable", str(exc) or type(exc).__name__) from exc

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                smtp.close()


def _text(said: object) -> str:
    return said.decode("utf-8", "replace") if isinstance(said, bytes) else str(said)


class SmsSender:
    """POSTs each SMS to the gateway: the body template's strings with {to} and {text} replaced, the token as a
    bearer header; any answer but 2xx, an error or the timeout is a failed try."""

    def __init__(self, url: str, body_template: str, token: str = "", timeout: float = 30.0) -> None:
        self.url, self.token, self.timeout = url, token, timeout
        try:
            self.template = json.loads(body_template)
        except ValueError:
            raise bad_setting(config.SMS_BODY, body_template) from None
        if not url.startswith(("http://", "https://")):
            raise bad_setting(config.SMS_URL, url)

    @classmethod
    def from_settings(cls) -> SmsSender | None:
        url = config.SMS_URL.value()
        if not url:
            return None
        return cls(url, config.SMS_BODY.value(), config.SMS_TOKEN.value(), _timeout())

    def body(self, message: Message) -> bytes:
        def fill(value: object) -> object:
            if isinstance(value, str):
                return value.replace("{to}", message.address).replace("{text}", message.body)
            if isinstance(value, dict):
                return {key: fill(item) for key, item in value.items()}
            if isinstance(value, list):
                return [fill(item) for item in value]
            return value

        return json.dumps(fill(self.template), ensure_ascii=False).encode("utf-8")

    def __call__(self, message: Message) -> None:
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url, data=self.body(message), headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310 (the settings' URL)
                answer.read(4096)
        except urllib.error.HTTPError as exc:
            raise NotDelivered("gateway", f"HTTP {exc.code} {exc.reason}") from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise NotDelivered("timeout", exc.reason) from exc
            raise NotDelivered("unreachable", exc.reason) from exc
        except TimeoutError as exc:
            raise NotDelivered("timeout", exc) from exc
        except OSError as exc:
            raise NotDelivered("unreachable", exc) from exc

    def close(self) -> None:
        pass


def configured_senders() -> dict[str, EmailSender | SmsSender]:
    """The channels whose settings are set, by channel name."""
    senders: dict[str, EmailSender | SmsSender] = {}
    if (email := EmailSender.from_settings()) is not None:
        senders["email"] = email
    if (sms := SmsSender.from_settings()) is not None:
        senders["sms"] = sms
    return senders
