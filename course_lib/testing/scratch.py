"""A notebook-long temporary folder that never outlives its kernel.

`tempfile.TemporaryDirectory` is removed at interpreter exit, but not when nbval or a user
kills the kernel; the services watchdog removes this one then too.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path


def scratch_dir(prefix: str = "course-") -> Path:
    """Create an empty temporary folder, removed when this process ends however it ends."""
    from course_lib.backends.watchdog import watch_path

    path = Path(tempfile.mkdtemp(prefix=prefix))
    watch_path(path)
    atexit.register(shutil.rmtree, path, True)
    return path
