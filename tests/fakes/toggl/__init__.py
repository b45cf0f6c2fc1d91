"""A strict local fake of the Toggl Track API v9 (see ``tests/fakes/toggl_fake.py``)."""

from .fake import TogglFake
from .server import API_PREFIX, RecordedRequest
from .state import State

__all__ = ["API_PREFIX", "RecordedRequest", "State", "TogglFake"]
