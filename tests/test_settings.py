"""Every setting is declared once (workbench.config) and documented in the settings table of docs/settings.md."""

import re

from workbench import config


def test_every_setting_is_documented():
    page = (config.PROJECT_ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    section = page[: page.index("\n## ")]  # the table, before the variables read elsewhere and the tests' own
    table = "\n".join(line for line in section.splitlines() if line.startswith("|"))
    documented = set(re.findall(r"`(WORKBENCH_[A-Z_]+)`", table))
    declared = {setting.env for setting in config.SETTINGS}
    assert declared - documented == set(), "settings missing from the table of docs/settings.md"
    assert documented - declared == set(), "docs/settings.md's table documents settings that do not exist"


def test_no_setting_is_named_outside_the_config_module():
    package = config.PROJECT_ROOT / "workbench"
    named = [p for p in package.rglob("*.py") if p.name != "config.py"
             and re.search(r"""(environ|getenv)[^\n]*["']WORKBENCH_""", p.read_text())]
    assert named == [], "read settings through workbench.config"
