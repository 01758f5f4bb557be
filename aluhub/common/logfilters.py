"""Expected client errors (400-499) logged as one structured line, without a traceback.

Django logs every ``PermissionDenied`` with its traceback, which buries real errors under
ordinary refusals. This filter, on the console handler, rewrites the records of
``django.request`` and ``django.security.*`` whose response is a 4xx into::

    client_error status=403 method=GET path="/fr/actualites/nouveau/" user=42
        ip=198.51.100.7 reason="Forbidden (Permission denied)"      (on one line)

Server errors (5xx) keep their traceback.
"""

from __future__ import annotations

import json
import logging

from aluhub.common.proxy import client_ip


class ExpectedClientErrors(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not (record.name == "django.request" or record.name.startswith("django.security")):
            return True
        status = getattr(record, "status_code", None)
        if str(record.msg).startswith("client_error "):
            return True  # already rewritten (the record is shared by every handler)
        if not isinstance(status, int) or not 400 <= status < 500:
            return True
        request = getattr(record, "request", None)
        reason = record.getMessage()
        path = getattr(request, "path", "")
        if path and reason.endswith(f": {path}"):
            reason = reason[: -len(path) - 2]
        user = getattr(request, "user", None)
        user_id = getattr(user, "pk", None) if user is not None else None
        fields = [
            f"status={status}",
            f"method={getattr(request, 'method', '-')}",
            f"path={json.dumps(path)}",
            f"user={user_id if user_id is not None else '-'}",
            f"ip={client_ip(request) if request is not None else '-'}",
            f"reason={json.dumps(reason)}",
        ]
        record.msg = "client_error " + " ".join(fields)
        record.args = ()
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True
