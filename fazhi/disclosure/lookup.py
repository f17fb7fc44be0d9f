"""Case numbers and verification codes, so an applicant follows a request without an account.

Written to the interface the kernel's `fazhi.workflow.public` announces (`new_case_number`,
`new_verification_code`, a stored hash checked in constant time); when that lands these three functions
become imports of it and the status page becomes the module's registered lookup.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read out over the phone
CODE_LENGTH = 8


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def hash_code(code: str) -> str:
    key = f"disclosure-lookup:{settings.SECRET_KEY}".encode()
    return hmac.new(key, code.strip().upper().encode(), hashlib.sha256).hexdigest()


def code_matches(stored_hash: str, code: str) -> bool:
    return bool(stored_hash) and hmac.compare_digest(stored_hash, hash_code(code or ""))


def new_case_number(prefix: str, year: int, taken: int) -> str:
    """"GK-2026-000012": the prefix, the year and a serial after the `taken` numbers of that year."""
    return f"{prefix}-{year}-{taken + 1:06d}"
