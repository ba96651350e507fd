"""The printable documents: the access-code letters (one page per family, Arabic then French), the schooling
certificate with its verification code and QR code (a transcript is the report cards' to print:
workbench.programmes.report_cards.cards).

Arabic is shaped and laid right to left as every printable document of the workbench (workbench.pdf, which the report
cards share)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from workbench.catalogue import text
from workbench.pdf import Document
from workbench.programmes.portal import certificates
from workbench.programmes.portal.certificates import CertificateContent

NS = "portal"
PORTAL_URL_ENV = "WORKBENCH_PORTAL_URL"  # where families open the portal, printed on the letters


def portal_url() -> str:
    return os.environ.get(PORTAL_URL_ENV) or "http://localhost:5006/eservices"


def portal_url_is_loopback() -> bool:
    """The portal's address names this machine (localhost, 127.0.0.1, ::1): a family's phone cannot open it."""
    from urllib.parse import urlsplit

    from workbench.programmes.portal.serving import is_loopback

    return is_loopback(urlsplit(portal_url()).hostname or "")


def verify_url(code: str) -> str:
    base = portal_url().rsplit("/", 1)[0]
    return f"{base}/certificate_verify?code={certificates.shown(code)}"


def letters_pdf(letters: pd.DataFrame) -> bytes:
    """One page per holder: the school, the holder, their children, the code and how to log in, in Arabic and
    French. The QR code leads to the portal only: it carries no code and no personal data."""
    document = Document()
    url = portal_url()
    for letter in letters.to_dict("records"):
        document.add_page()
        kind = letter["holder_kind"]
        values = {"url": url, "identifier": letter["identifier"]}
        document.arabic(letter["school_name_ar"], 14)
        document.french(letter["school_name_fr"], 12)
        document.rule()
        title = text(f"{NS}.letter.title")
        document.arabic(title.ar, 16, 10)
        document.french(title.fr, 14, 8)
        document.ln(2)
        holder = text(f"{NS}.letter.holder_{kind}", name=letter["holder_ar"] or "", identifier=letter["identifier"])
        document.arabic(holder.ar)
        document.french(text(f"{NS}.letter.holder_{kind}", name=letter["holder_fr"] or "",
                             identifier=letter["identifier"]).fr)
        document.ln(2)
        document.arabic(text(f"{NS}.letter.children").ar)
        for line in letter["children_ar"] if isinstance(letter["children_ar"], list) else ():
            document.arabic(f"• {line}", 11, 7)
        document.french(text(f"{NS}.letter.children").fr)
        for line in letter["children_fr"] if isinstance(letter["children_fr"], list) else ():
            document.french(f"• {line}", 11, 6)
        document.rule()
        code = text(f"{NS}.letter.code")
        document.arabic(code.ar)
        document.french(code.fr)
        document.set_text_shaping(use_shaping_engine=True, direction="ltr")
        document.set_font_size(24)
        document.cell(0, 14, letter["code"], align="C", new_x="LMARGIN", new_y="NEXT")
        document.rule()
        how = text(f"{NS}.letter.how_{kind}", **values)
        document.arabic(how.ar, 11, 7)
        document.french(how.fr, 11, 6)
        once = text(f"{NS}.letter.once")
        document.arabic(once.ar, 11, 7)
        document.french(once.fr, 11, 6)
        document.qr(url)
    return bytes(document.output())


def certificate_pdf(content: CertificateContent) -> bytes:
    """The schooling certificate: the pupil's identity, school, level and year, in Arabic and French, with the
    verification code and a QR code of the public verification page."""
    document = Document()
    document.add_page()
    document.arabic(content.school_ar, 14)
    document.french(f"{content.school_fr} ({content.school_code})", 12)
    document.rule()
    title = text(f"{NS}.certificate.title")
    document.arabic(title.ar, 20, 12)
    document.french(title.fr, 18, 10)
    document.ln(4)
    intro = text(f"{NS}.certificate.body", year=content.year)
    document.arabic(intro.ar, 13, 9)
    ar = {"name": f"{content.last_name_ar} {content.first_name_ar}", "school": content.school_ar,
          "level": content.level_ar}
    fr = {"name": f"{content.last_name_fr} {content.first_name_fr}", "school": content.school_fr,
          "level": content.level_fr}
    common = {"born": f"{content.birth_date:%Y-%m-%d}", "place": content.birth_place or "-",
              "massar": content.massar_code, "year": content.year}
    # One fact a line, so that a right-to-left line holds no more than one left-to-right run (a date, a code).
    for key in ("name", "born", "massar", "school", "level", "year"):
        document.arabic("    " + text(f"{NS}.certificate.{key}", **common, **{k: v for k, v in ar.items()}).ar, 13, 9)
    document.ln(3)
    document.french(intro.fr, 12, 7)
    for key in ("name", "born", "massar", "school", "level", "year"):
        document.french("    " + text(f"{NS}.certificate.{key}", **common, **{k: v for k, v in fr.items()}).fr, 12, 7)
    document.ln(4)
    issued = text(f"{NS}.certificate.issued", on=f"{content.issued_on:%Y-%m-%d}")
    document.arabic(issued.ar)
    document.french(issued.fr)
    document.rule()
    code = certificates.shown(content.verification_code)
    check = text(f"{NS}.certificate.verify", code=code, url=verify_url(content.verification_code))
    document.arabic(check.ar, 11, 7)
    document.french(check.fr, 11, 6)
    document.qr(verify_url(content.verification_code))
    return bytes(document.output())


def write_letters(out_dir: Path, codes: pd.DataFrame, letters: pd.DataFrame) -> Iterable[Path]:
    """`portal_codes.csv` (the contract's columns) and `portal_letters.pdf` in `out_dir`."""
    return place(stage_letters(out_dir, codes, letters))


LETTER_FILES = ("portal_codes.csv", "portal_letters.pdf")


def stage_letters(out_dir: Path, codes: pd.DataFrame, letters: pd.DataFrame) -> list[tuple[Path, Path]]:
    """`portal_codes.csv` and `portal_letters.pdf` written in `out_dir` under temporary names (each beside the one
    it will take, so that `place` only renames), as (temporary, final) pairs; on a failure, nothing is left."""
    from workbench.exports import write_csv
    from workbench.filemodes import private_file

    out_dir.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    try:
        for name in LETTER_FILES:
            final = out_dir / name
            # The codes open the families' pages: the owner's only, from the start.
            staged.append((private_file(out_dir / f".{name}.{secrets.token_hex(4)}.part"), final))
        write_csv(codes, staged[0][0])
        staged[1][0].write_bytes(letters_pdf(letters))
    except BaseException:
        discard(staged)
        raise
    return staged


def place(staged: list[tuple[Path, Path]]) -> list[Path]:
    """The staged files under their own names (a rename within their folder, replacing earlier ones)."""
    for temporary, final in staged:
        os.replace(temporary, final)
    return [final for _, final in staged]


def discard(staged: list[tuple[Path, Path]]) -> None:
    for temporary, _ in staged:
        temporary.unlink(missing_ok=True)
