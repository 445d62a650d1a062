"""Ralph's LRS (PyPI `ralph-malph`) on loopback with its file backend, for Rapport's tests.

    python ralph_lrs.py HOST PORT      (configured by RALPH_* variables, as Ralph documents)

Ralph 5.1's file backend writes its statements file with the operation type CREATE, so every
POST after the first fails with "already exists": it is meant for trying Ralph out, not for
taking statements all day. This launcher makes it append, as the other backends do. Everything
an LRS client meets is Ralph's own code: authentication, statement validation, 409 for a
duplicate id, and the statement queries.
"""

import sys

from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

import uvicorn  # noqa: E402

uvicorn.run("ralph.api:app", host=sys.argv[1], port=int(sys.argv[2]), log_level="info")
