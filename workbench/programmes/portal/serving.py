"""What the families' portal asks of `workbench serve` (its `serve_check`): a server that other machines reach, whose
desk prints access letters and certificates for families, must print the portal's public address, not this
machine's. Light: read as the server starts."""

from __future__ import annotations

import ipaddress

from workbench.catalogue import Label, text


def is_loopback(host: str) -> bool:
    """A host naming this machine only (localhost, 127.0.0.1, ::1); an empty one or 0.0.0.0 listens to every
    network."""
    host = (host or "").strip().strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve_check(address: str, demo: bool) -> Label | None:
    """Refused: a server reachable from other machines (its address not this machine's) while the portal's address
    printed on the letters and certificates is this machine's (WORKBENCH_PORTAL_URL unset or loopback), unless it is
    a demo. A server on this machine alone (`make serve`, the tests) is never refused."""
    from workbench.programmes.portal.pdfs import PORTAL_URL_ENV, portal_url, portal_url_is_loopback

    if demo or is_loopback(address) or not portal_url_is_loopback():
        return None
    return text("portal.error.loopback_serve", url=portal_url(), address=address or "0.0.0.0", setting=PORTAL_URL_ENV)
