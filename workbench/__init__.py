"""Massar Workbench: social-support campaigns of a national school information system."""

import importlib.abc
import sys

__version__ = "0.1.0"


def _text_in_pandas_storage(pandas) -> None:
    # pyarrow is installed for the analytics path and the CSV writer; pandas would then keep every text column in
    # Arrow storage, where Series.isin(values) turns each value into a Python object first (15 s instead of 0.7 s for
    # 400,000 households). Text columns stay in pandas' own storage, as the rules were measured with; Arrow is used
    # explicitly.
    pandas.set_option("mode.string_storage", "python")


class _WhenPandasLoads(importlib.abc.MetaPathFinder):
    """A post-import hook: the option above is set the moment pandas is first imported, in every process that
    imports the workbench, without importing pandas here (about a second that `workbench --help` does not need).

    It answers only for the top-level `pandas`, leaves finding it to the other finders of `sys.meta_path`, and
    wraps the loader they return so that the option is set once pandas' own `__init__` has run; it then takes
    itself off `sys.meta_path` (not before: `importlib.util.find_spec("pandas")`, which a library may call to see
    whether pandas is installed, imports nothing). The module keeps pandas' own loader."""

    def find_spec(self, name, path=None, target=None):
        if name != "pandas":
            return None
        spec = None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                break
        if spec is not None and spec.loader is not None:
            spec.loader = _ThenSetOption(spec.loader)
        return spec


class _ThenSetOption(importlib.abc.Loader):
    def __init__(self, loader) -> None:
        self.loader = loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module) -> None:
        module.__loader__ = module.__spec__.loader = self.loader  # pandas' own loader, as without the hook
        self.loader.exec_module(module)
        _text_in_pandas_storage(module)
        sys.meta_path[:] = [finder for finder in sys.meta_path if not isinstance(finder, _WhenPandasLoads)]

    def __getattr__(self, name):
        return getattr(self.loader, name)


if "pandas" in sys.modules:
    _text_in_pandas_storage(sys.modules["pandas"])
elif not any(isinstance(finder, _WhenPandasLoads) for finder in sys.meta_path):
    sys.meta_path.insert(0, _WhenPandasLoads())
