"""Case numbers and verification codes for applicants who have no account (until the kernel's
`fazhi.workflow.public` lands; then these three functions delegate to it and the model keeps its fields).

The code is shown once, at filing; only its sha256 is stored, and it is compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.db.models import Max

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def code_hash(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()


def code_matches(stored_hash: str, code: str) -> bool:
    return bool(stored_hash) and hmac.compare_digest(stored_hash, code_hash(code))


def new_case_number(model, prefix: str, year: int) -> str:
    """`FY-2026-000012`: the year's next number (the caller's transaction holds the unique constraint)."""
    head = f"{prefix}-{year}-"
    last = model.objects.filter(case_number__startswith=head).aggregate(n=Max("case_number"))["n"]
    return f"{head}{int(last[len(head):]) + 1 if last else 1:06d}"
