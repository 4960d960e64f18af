"""tfmigrate: move legacy TensorFlow code to TensorFlow 2 and Keras 3, showing every change as a diff first."""

from tfmigrate.ftypes import Change, FileResult, FollowUp, Options, Status

__version__ = "0.1.0"

__all__ = [
    "Change",
    "FileResult",
    "FollowUp",
    "Options",
    "Status",
    "__version__",
    "migrate_paths",
    "migrate_source",
]


def __getattr__(name: str):
    """The API (and with it libcst and the rules) is imported on first use, so ``tfmigrate --version`` is instant."""
    if name in ("migrate_paths", "migrate_source"):
        from tfmigrate import api

        return getattr(api, name)
    raise AttributeError(f"module 'tfmigrate' has no attribute {name!r}")
