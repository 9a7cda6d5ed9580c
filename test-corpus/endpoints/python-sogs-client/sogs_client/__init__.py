# expect-none
"""A small client for Session open group servers (SOGS)."""

from .client import SogsClient

__all__ = ["SogsClient"]
