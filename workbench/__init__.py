"""Massar Workbench: social-support campaigns of a national school information system."""

__version__ = "0.1.0"
