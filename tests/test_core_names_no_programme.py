"""Generic code names no programme: the core layers (models, writes, imports, access, demo, the generic verbs) know
programmes only through the registry. Every name a programme brings (its id, its campaign, its tables, its import
kinds, its Arabic name) is looked for in the identifiers, attributes and string literals of the generic modules;
what a programme needs there belongs in its own package (or a hook the registry finds)."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

import pytest

from workbench import config

ROOT = config.PROJECT_ROOT
# The generic code: the package's own modules, the core tables, the demo, the imports, the access layer and the
# migrations' environment (not the migrations themselves, which create and name every table).
GENERIC = sorted({*ROOT.glob("workbench/*.py"), *ROOT.glob("workbench/models/**/*.py"),
                  *ROOT.glob("workbench/demo/**/*.py"), *ROOT.glob("workbench/imports/**/*.py"),
                  *ROOT.glob("workbench/access/**/*.py"), *ROOT.glob("workbench/outbox/**/*.py"),
                  ROOT / "workbench/migrations/env.py"})


@dataclass(frozen=True)
class Name:
    text: str
    programme: str
    what: str  # id, campaign, table, import kind, Arabic name

    @property
    def word(self) -> bool:
        """An import kind of one plain word ('groups', 'marks') is a name only as a whole string: as a variable or in
        a sentence it is the ordinary word."""
        return self.what == "import kind" and re.fullmatch(r"[a-z0-9]+", self.text) is not None

    def pattern(self) -> re.Pattern:
        if not self.text.isascii():  # an Arabic name, anywhere in a literal
            return re.compile(re.escape(self.text))
        parts = re.split(r"[-_ ]+", self.text.lower())
        # 'kit-needs', 'kit_needs' and 'KitNeeds'-free spellings alike, as a whole word of the text ('tayssir' in
        # 'tayssir_targeted' or "the tayssir app", not in 'tayssirs').
        return re.compile(r"(?<![a-z0-9])" + r"[-_ ]?".join(map(re.escape, parts)) + r"(?![a-z0-9])")


def programme_names() -> list[Name]:
    """Every name the registry's programmes bring."""
    from workbench.models import Base
    from workbench.registry import load_models, programmes

    load_models()
    names: list[Name] = []
    for programme in programmes().values():
        names += [Name(programme.id, programme.id, "id"), Name(programme.campaign_name, programme.id, "campaign")]
        package = f"workbench.programmes.{programme.id}."
        tables = {model.__table__.name for model in programme.tables}
        tables |= {mapper.local_table.name for mapper in Base.registry.mappers
                   if mapper.class_.__module__.startswith(package)}
        names += [Name(table, programme.id, "table") for table in sorted(tables)]
        names += [Name(kind.spec.kind, programme.id, "import kind") for kind in programme.imports]
        names.append(Name(programme.title.ar.split(":")[0].strip(), programme.id, "Arabic name"))
    return names


def _identifiers(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, ast.Attribute):
        return [node.attr]
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, ast.arg):
        return [node.arg]
    if isinstance(node, ast.keyword) and node.arg:
        return [node.arg]
    if isinstance(node, ast.alias):
        return [node.name, node.asname or ""]
    if isinstance(node, (ast.ImportFrom,)) and node.module:
        return [node.module]
    return []


def findings(source: str, names: list[Name], where: str = "<source>") -> list[str]:
    """Where the source names a programme: 'file:line: what 'name' (programme) in ...'."""
    spelled = [(name, name.pattern()) for name in names if name.text.isascii() and not name.word]
    anywhere = re.compile("|".join(pattern.pattern for _, pattern in spelled))  # one pass first: most text names none
    words = [name for name in names if name.word]
    arabic = [(name, name.pattern()) for name in names if not name.text.isascii()]
    found = []
    for node in ast.walk(ast.parse(source)):
        literal = node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None
        hits = []
        for text in [*_identifiers(node), *([literal] if literal is not None else [])]:
            if anywhere.search(text.lower()):
                hits += [(name, text) for name, pattern in spelled if pattern.search(text.lower())]
        if literal is not None:
            hits += [(name, literal) for name in words if literal.strip().lower() == name.text]
            if not literal.isascii():
                hits += [(name, literal) for name, pattern in arabic if pattern.search(literal)]
        found += [f"{where}:{node.lineno}: {name.what} '{name.text}' ({name.programme}) in "
                  f"{(hit.strip().splitlines() or [''])[0][:70]!r}" for name, hit in hits]
    return found


@pytest.fixture(scope="module")
def names() -> list[Name]:
    return programme_names()


def test_the_names_come_from_the_registry(names):
    """The list is built from the programmes themselves: ids, campaigns, tables, import kinds, Arabic names."""
    by_kind = {(name.what, name.text) for name in names}
    assert {("id", "tayssir"), ("campaign", "kit-needs"), ("table", "tayssir_communes"), ("table", "kit_exclusions"),
            ("import kind", "grant-applications"), ("Arabic name", "تيسير")} <= by_kind
    assert len(GENERIC) > 40 and ROOT / "workbench/migrations/env.py" in GENERIC


def test_the_check_sees_each_way_of_naming_a_programme(names):
    source = '''
from workbench.programmes.tayssir import models
def grants_total(row):
    """Sums the kit-needs rows."""
    return row.tayssir_targeted, "complaints", "تيسير", "groups"
'''
    found = "\n".join(findings(source, names))
    for expected in ("import kind 'complaints'", "id 'tayssir' (tayssir) in 'workbench.programmes.tayssir'",
                     "id 'grants' (grants) in 'grants_total'", "campaign 'kit-needs'", "in 'tayssir_targeted'",
                     "Arabic name 'تيسير'", "import kind 'groups' (school_life)"):
        assert expected in found
    # Ordinary words that happen to be a one-word import kind are not names of it.
    assert findings('groups = [g for g in "the command groups".split()]', names) == []


def test_generic_code_names_no_programme(names):
    found = [finding for path in GENERIC
             for finding in findings(path.read_text(encoding="utf-8"), names, str(path.relative_to(ROOT)))]
    assert found == [], "generic code names a programme (move it to the programme's package):\n" + "\n".join(found)
