"""Users' secrets: passwords hashed with argon2id, and tokens made and digested.

A password is checked only when someone signs in (argon2 takes tens of milliseconds on purpose);
every other request carries a token or a session, a random secret the store knows only by its
SHA-256, which is a single indexed read to check. The CLI (`newsbite users`) and the server's
sign-in both use this module, and the store never sees a secret.
"""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# argon2-cffi's defaults are RFC 9106's low-memory profile (argon2id, 64 MiB, 3 passes).
_HASHER = PasswordHasher()
# Shortest password `users add` takes: NIST SP 800-63B's floor for a chosen password.
MIN_PASSWORD_LENGTH = 8
# Bytes of randomness in a token or session: 256 bits, URL-safe base64 (43 characters).
SECRET_BYTES = 32


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def password_matches(password_hash: str | None, password: str) -> bool:
    """Whether `password` is the one hashed; False for a reader with no password (the local one)."""
    if not password_hash:
        return False
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str) -> str | None:
    """Why a new password cannot be used, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"a password needs at least {MIN_PASSWORD_LENGTH} characters"
    if len(password) > 1_024:
        return "a password is at most 1,024 characters"
    return None


def new_secret() -> str:
    """A new token or session secret, shown once to its owner and never stored."""
    return secrets.token_urlsafe(SECRET_BYTES)


def secret_digest(secret: str) -> str:
    """What the store keeps of a secret: its SHA-256, hex. A secret of 256 random bits needs no
    slow hash: no one can guess it, so there is nothing to make slow."""
    return hashlib.sha256(secret.encode()).hexdigest()
