"""Schemathesis hooks for Tests/api/run.sh, which loads them through SCHEMATHESIS_HOOKS.

`cursor` (GET /api/v1/ballots/{ballot}/areas) is an opaque token the API hands out as
`next_cursor`. The contract can only say it is a string, so every string schemathesis generates
is a forged cursor, which the API rightly refuses with a documented 400, and the
positive_data_acceptance check would report as a valid request rejected. Rather than turn that
check off for the operation (it also guards `q`, `parent` and `limit`), each forged cursor is
swapped for one the API could have issued, for an offset derived from the generated text, so
paging past the end and mid-list is exercised too. Forged cursors have their own test in
Tests/MyCandidateWebTests/APITests.swift.
"""
import base64
import re

import schemathesis

_ISSUED = re.compile(r"o:[0-9]+")


def _issued(cursor: str) -> bool:
    try:
        return _ISSUED.fullmatch(base64.b64decode(cursor, validate=True).decode()) is not None
    except ValueError:  # not base64, or not UTF-8
        return False


@schemathesis.hook
def before_call(context, case, **kwargs):
    cursor = (case.query or {}).get("cursor")
    if isinstance(cursor, str) and not _issued(cursor):
        offset = sum(cursor.encode()) % 40
        case.query["cursor"] = base64.b64encode(f"o:{offset}".encode()).decode()
