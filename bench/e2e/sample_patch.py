"""Prints the JSON Patch the gateway sends for the bench form, with random JWE values of the real lengths.

(a) and (b) replay this body, so the emulator does the same work in all three setups. The values are opaque
to the emulator: only their shape and size matter.
"""
import base64
import json
import os
from datetime import datetime, timezone

GUEST = "6f1c2a9e-3b4d-4e5f-8000-000000000000"
FIELDS = [("/name", "Ada Lovelace"), ("/email", "ada.lovelace@example.com"), ("/phone", "+442079460000")]


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def jwe(target: str, plaintext: str) -> str:
    header = json.dumps({"alg": "dir", "enc": "A256GCM", "kid": "bench", "fld": target, "gid": GUEST},
                        separators=(",", ":")).encode()
    parts = [b64url(header), "", b64url(os.urandom(12)), b64url(os.urandom(len(plaintext.encode()))), b64url(os.urandom(16))]
    return ".".join(parts)


ops = [{"op": "replace", "path": target, "value": jwe(target, value)} for target, value in FIELDS]
now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
ops.append({"op": "replace", "path": "/lastUpdated", "value": now})
print(json.dumps(ops, separators=(",", ":")), end="")
