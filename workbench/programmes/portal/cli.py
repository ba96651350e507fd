"""`workbench portal ...` (access codes for families) and `workbench certificate ...` (verify or revoke a
schooling certificate)."""

from __future__ import annotations

from pathlib import Path

import click

from workbench.catalogue import text
from workbench.clitools import engine_of, year_option


@click.group("portal")
def group() -> None:
    """Parents' and pupils' e-services: access codes, requests, certificates."""


@group.command("issue-codes")
@click.option("--school", default=None, help="School code (e.g. 02279L).")
@click.option("--class", "class_code", default=None, help="One class only (e.g. TCS-1); default: the whole school.")
@click.option("--demo", is_flag=True, help="The demo's families: a class of the demo director's school.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True,
              help="Folder of portal_codes.csv and portal_letters.pdf (the codes are in no other place).")
@year_option
@click.pass_context
def issue_codes(ctx: click.Context, school: str | None, class_code: str | None, demo: bool, out_dir: Path,
                year: str) -> None:
    """Issue access codes for a class or a whole school: each pupil and each guardian gets one (the previous one
    is revoked), printed on bilingual letters (one page per family) and listed in portal_codes.csv."""
    from workbench.exceptions import InputError, WorkbenchError
    from workbench.programmes.portal import demo as portal_demo
    from workbench.programmes.portal.certificates import shown
    from workbench.programmes.portal.codes import issue_codes as issue
    from workbench.programmes.portal.pdfs import discard, place, portal_url, portal_url_is_loopback, stage_letters

    engine = engine_of(ctx)
    if demo:
        school, class_code = portal_demo.demo_class(engine, year)
    if not school:
        raise InputError(text("portal.error.school_needed"))
    if not demo and portal_url_is_loopback():  # letters a family could not use
        raise InputError(text("portal.error.loopback_url", url=portal_url()))
    # The codes exist only in these files: they are written (under temporary names) before the new codes are
    # committed and the old ones revoked, and take their names after; a folder that cannot be written leaves the
    # previous codes working.
    staged: list = []

    def deliver(codes, letters) -> None:
        try:
            staged.extend(stage_letters(out_dir, codes, letters))
        except OSError as exc:
            raise InputError(text("portal.error.out_unwritable", folder=out_dir, reason=_reason(exc))) from exc

    try:
        issued = issue(engine, school.strip().upper(), year, class_code, deliver=deliver)
    except BaseException:
        discard(staged)
        raise
    try:
        files = place(staged)
    except OSError as exc:
        raise WorkbenchError(text("portal.error.out_not_placed", folder=out_dir, reason=_reason(exc),
                                  files=", ".join(str(temporary) for temporary, _ in staged))) from exc
    counts = issued.codes["holder_kind"].value_counts()
    click.echo(text("portal.cli.issued", school=school, cls=class_code or "", pupils=counts.get("pupil", 0),
                    guardians=counts.get("guardian", 0), revoked=issued.revoked).said())
    for path in files:
        click.echo(f"  {path}")
    if demo:
        click.echo(text("portal.cli.demo_login", url=portal_url(), codes=out_dir / "portal_codes.csv").said())
        certificate = portal_demo.demo_certificate(engine, school, class_code, year)
        click.echo(text("portal.cli.demo_certificate", code=shown(certificate)).said())


@group.command("revoke")
@click.option("--identifier", required=True, help="The holder: a guardian's CIN or a pupil's Massar code.")
@click.option("--school", default=None, help="Their code at this school only (default: every school in your scope).")
@click.pass_context
def revoke_holder(ctx: click.Context, identifier: str, school: str | None) -> None:
    """Revoke one holder's access code (a lost letter, a guardian no longer responsible): their sessions end at
    once; a new code comes with the next issue-codes."""
    from workbench.programmes.portal.logins import revoke_holder as revoke_codes

    count = revoke_codes(engine_of(ctx), identifier, school)
    click.echo(text("portal.cli.holder_revoked", identifier=identifier.strip().upper(), count=count).said())


def _reason(exc: OSError):
    """Why a folder could not be written, in words."""
    import errno

    if exc.errno in (errno.ENOTDIR, errno.EEXIST):
        return text("portal.error.out_reason.not_folder")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return text("portal.error.out_reason.denied")
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return text("portal.error.out_reason.full")
    return text("portal.error.out_reason.other", kind=errno.errorcode.get(exc.errno or 0, type(exc).__name__))


@click.group("certificate")
def certificate() -> None:
    """Schooling certificates: verify a code (anyone) or revoke a certificate (its school)."""


@certificate.command("verify")
@click.argument("code")
@click.pass_context
def verify(ctx: click.Context, code: str) -> None:
    """Print valid, revoked or unknown (then the school and year), then the verdict in words; exit 0 only when
    valid. The first three lines are the contract other tools read (formats.md)."""
    from workbench.programmes.portal.certificates import verify as check

    found = check(engine_of(ctx), code)
    click.echo(found.status)
    if found.status != "unknown":
        click.echo(f"{found.school_code} {found.school.said()}")
        click.echo(found.year)
    click.echo(text(f"portal.verify.{found.status}").said())
    if found.status != "unknown":  # a schooling certificate or a transcript
        click.echo(text("portal.verify.document", document=text(f"portal.document.{found.document}")).said())
    ctx.exit(0 if found.status == "valid" else 1)


@certificate.command("revoke")
@click.argument("code")
@click.option("--reason", default="", help="Why (kept in the audit trail).")
@click.pass_context
def revoke(ctx: click.Context, code: str, reason: str) -> None:
    """Revoke a certificate: it verifies as revoked from now on (logged in the audit trail)."""
    from workbench.programmes.portal.certificates import revoke as cancel

    cancel(engine_of(ctx), code, reason)
    click.echo(text("portal.cli.revoked", code=code).said())
