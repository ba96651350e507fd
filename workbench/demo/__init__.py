"""Synthetic demo data: `build_demo` generates a region (or the country) and writes it in one transaction."""

from workbench.demo.build import build_demo, resolve_regions

__all__ = ["build_demo", "resolve_regions"]
