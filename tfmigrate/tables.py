"""The generated API tables in tfmigrate/data, each parsed once per process, whichever rule asks first."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load(name: str) -> dict[str, Any]:
    return json.loads(resources.files("tfmigrate.data").joinpath(name).read_text(encoding="utf-8"))
