"""Every setting is declared once (workbench.config) and documented in the README's settings table."""

import re

from workbench import config


def test_every_setting_is_documented_in_the_readme():
    readme = (config.PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Settings"):]
    table = table[: table.index("\n## ", 4)]
    documented = set(re.findall(r"`(WORKBENCH_[A-Z_]+)`", table))
    declared = {setting.env for setting in config.SETTINGS}
    assert declared - documented == set(), "settings missing from the README's settings table"
    assert documented - declared == set(), "the README documents settings that do not exist"


def test_no_setting_is_named_outside_the_config_module():
    package = config.PROJECT_ROOT / "workbench"
    named = [p for p in package.rglob("*.py") if p.name != "config.py"
             and re.search(r"""(environ|getenv)[^\n]*["']WORKBENCH_""", p.read_text())]
    assert named == [], "read settings through workbench.config"
