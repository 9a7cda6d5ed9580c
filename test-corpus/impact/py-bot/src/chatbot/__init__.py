"""Chat bot package: the gateway to the community server, and the blinding
helpers re-exported for the command handlers."""

# expect: libsession/python-import, libsession/python-blinding
from session_util import blinding

from .gateway import SessionGateway

__all__ = ["SessionGateway", "blinding"]
