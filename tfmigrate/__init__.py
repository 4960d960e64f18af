"""tfmigrate: move legacy TensorFlow code to TensorFlow 2 and Keras 3, showing every change as a diff first."""

from tfmigrate.api import migrate_paths, migrate_source
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
