"""An Ed25519 signature over the canonical manifest: who built this folder, and that nothing changed since.

The hashes in manifest.json only detect accidental change: whoever alters a file can
recompute them. A signature made with the bank's private key closes that: the manifest
(and through its hashes every output) cannot be rewritten without the key.

* The *canonical manifest* is manifest.json without its ``signature`` member, as JSON with
  sorted keys, no insignificant white space, UTF-8 (:func:`canonical_manifest`).
* ``signature`` is ``{"algorithm": "ed25519", "key": FINGERPRINT, "value": BASE64}``; the
  fingerprint is the SHA-256 of the raw public key, in hex.
* Keys are PEM files: PKCS#8 for the private key (written readable by its owner only),
  SubjectPublicKeyInfo for the public key.

A signature is only as good as the public key it is checked with: ``verify`` trusts a
signature only against a key given to it (``--pubkey``), never the one a folder could name.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from evidence_kit.errors import CannotWrite, InputUnreadable, describe_os_error
from evidence_kit.i18n import N_, _, translate
from evidence_kit.problems import Location, Problem, error

ALGORITHM = "ed25519"
SIGNATURE_KEY = "signature"
PRIVATE_KEY_FILE = "evidence-kit-signing.key"
PUBLIC_KEY_FILE = "evidence-kit-signing.pub"
PRIVATE_KEY_MODE = 0o600
MAX_KEY_BYTES = 16 * 1024
"""A PEM Ed25519 key is under 200 bytes; anything far larger is not a key file."""

UNSIGNED = N_("unsigned: detects accidental change only")
UNCHECKED = N_("signed, but not checked against a trusted key (give --pubkey): detects accidental change only")


def canonical_manifest(manifest: dict[str, Any]) -> bytes:
    """The bytes that are signed: the manifest without ``signature``, keys sorted, compact, UTF-8."""
    body = {k: v for k, v in manifest.items() if k != SIGNATURE_KEY}
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def fingerprint(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


# --------------------------------------------------------------------------- keys


@dataclass(frozen=True)
class KeyPair:
    private: Path
    public: Path
    fingerprint: str


def generate_keypair(folder: Path) -> KeyPair:
    """Write a new key pair into ``folder``; never replaces an existing key (exit 9)."""
    key = Ed25519PrivateKey.generate()
    private, public = folder / PRIVATE_KEY_FILE, folder / PUBLIC_KEY_FILE
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for path in (private, public):
            if path.exists() or path.is_symlink():
                raise CannotWrite(_("a key file is already there; it is never replaced"), file=str(path),
                                  hint=_("choose another -o folder, or move the old key pair away first"))
        _write_new(private, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                              serialization.NoEncryption()), PRIVATE_KEY_MODE)
        _write_new(public, key.public_key().public_bytes(serialization.Encoding.PEM,
                                                         serialization.PublicFormat.SubjectPublicKeyInfo), 0o644)
    except OSError as exc:
        raise CannotWrite(_("cannot write the key pair ({why})", why=describe_os_error(exc)), file=str(folder),
                          hint=_("check that the folder is writable")) from exc
    return KeyPair(private, public, fingerprint(key.public_key()))


def _write_new(path: Path, data: bytes, mode: int) -> None:
    """Create ``path`` with ``mode`` from the start (no moment where another user could read it)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), mode)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(path, mode)  # the umask may have taken bits away; never adds any beyond ``mode``


def _read_key_file(path: Path, private: bool) -> bytes:
    if not path.is_file():
        message = (_("the private key file does not exist") if private
                   else _("the public key file does not exist"))
        raise InputUnreadable(message, file=str(path),
                              hint=_("give the path keygen wrote (evidence-kit keygen -o DIR)"))
    if path.stat().st_size > MAX_KEY_BYTES:
        message = (_("this is not an Ed25519 private key (over {limit} bytes)", limit=MAX_KEY_BYTES) if private
                   else _("this is not an Ed25519 public key (over {limit} bytes)", limit=MAX_KEY_BYTES))
        raise InputUnreadable(message, file=str(path), hint=_("give the PEM file keygen wrote"))
    return path.read_bytes()


def load_private_key(path: Path) -> Ed25519PrivateKey:
    """The signing key; refused (exit 5) when others can read it, as ssh does."""
    data = _read_key_file(path, private=True)
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        raise InputUnreadable(_("the private key can be read by other users"), file=str(path),
                              hint=_("make it readable by its owner only: chmod 600 {path}", path=path))
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise InputUnreadable(_("this is not an unencrypted PEM private key ({why})", why=exc), file=str(path),
                              hint=_("give the .key file keygen wrote")) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise InputUnreadable(_("the private key is not an Ed25519 key"), file=str(path),
                              hint=_("make a key pair with evidence-kit keygen -o DIR"))
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    data = _read_key_file(path, private=False)
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError) as exc:
        raise InputUnreadable(_("this is not a PEM public key ({why})", why=exc), file=str(path),
                              hint=_("give the .pub file keygen wrote")) from exc
    if not isinstance(key, Ed25519PublicKey):
        raise InputUnreadable(_("the public key is not an Ed25519 key"), file=str(path),
                              hint=_("give the .pub file keygen wrote"))
    return key


# --------------------------------------------------------------------------- sign and check


def sign_manifest(manifest: dict[str, Any], key: Ed25519PrivateKey) -> dict[str, Any]:
    """The manifest with its ``signature`` (any earlier one replaced)."""
    value = key.sign(canonical_manifest(manifest))
    body = {k: v for k, v in manifest.items() if k != SIGNATURE_KEY}
    return {**body, SIGNATURE_KEY: {"algorithm": ALGORITHM, "key": fingerprint(key.public_key()),
                                    "value": base64.b64encode(value).decode("ascii")}}


@dataclass(frozen=True)
class SignatureVerdict:
    """``trust``: ``signed`` (checked against the given key), ``unchecked`` (signed, no key given) or ``unsigned``."""

    trust: str
    text: str
    key: str = ""
    problems: tuple[Problem, ...] = ()


def check_signature(manifest: dict[str, Any], public: Ed25519PublicKey | None) -> SignatureVerdict:
    """Check manifest.json's signature against ``public`` (the only key trusted)."""
    signature = manifest.get(SIGNATURE_KEY)
    if signature is None:
        if public is None:
            return SignatureVerdict("unsigned", translate(UNSIGNED))
        return _bad(_("the manifest is not signed, but a public key was given to check it with"),
                    _("this folder was not built with --sign-key, or its signature was removed"))
    if not isinstance(signature, dict) or signature.get("algorithm") != ALGORITHM:
        return _bad(_("the manifest's signature is not an Ed25519 signature"), _("the manifest was altered"))
    if public is None:
        return SignatureVerdict("unchecked", translate(UNCHECKED), str(signature.get("key", "")))
    try:
        value = base64.b64decode(str(signature.get("value", "")), validate=True)
        public.verify(value, canonical_manifest(manifest))
    except (InvalidSignature, binascii.Error, ValueError):
        message = (_("the signature is made with another key") if signature.get("key") != fingerprint(public)
                   else _("the signature does not match the manifest: the manifest was changed after it was signed"))
        return _bad(message, _("do not rely on this folder; ask the sender for the built folder again"))
    return SignatureVerdict("signed", _("signed with key {key}…, signature valid", key=fingerprint(public)[:16]),
                            fingerprint(public))


def _bad(message: str, hint: str) -> SignatureVerdict:
    problem = error("signature_invalid", message, Location("manifest.json"), hint)
    return SignatureVerdict("invalid", message, problems=(problem,))
