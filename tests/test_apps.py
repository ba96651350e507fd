"""Every Panel app builds its whole page from the tiny demo without a browser; importing one builds nothing."""

import importlib.util

import pytest
from bokeh.document import Document

from workbench import config
from workbench.access.desk import ValidationDesk
from workbench.registry import programmes

# The core app, and one app per programme that declares an app state.
STATES = {"validation": ValidationDesk,
          **{p.id: p.load_app_state() for p in programmes().values() if p.app_state}}
APPS = sorted(p for p in config.APPS_DIR.glob("*.py") if not p.name.startswith("_"))


def _load(path):
    spec = importlib.util.spec_from_file_location(f"app_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # its __name__ is not bokeh_*, so nothing is served
    return module


@pytest.mark.parametrize("path", APPS, ids=[p.stem for p in APPS])
def test_app_builds_its_page(path, tiny_demo_url, monkeypatch):
    monkeypatch.setenv(config.DB_URL.env, tiny_demo_url)
    module = _load(path)
    assert not hasattr(module, "app") and callable(module.create_app)
    document = Document()
    module.create_app(STATES[path.stem]()).server_doc(document)
    assert len(document.roots) > 0


def test_every_app_is_there():
    assert {p.stem for p in APPS} == set(STATES)
