#!/usr/bin/env python3
"""Minimal onion-request endpoint in front of an internal JSON API.

Clients wrap requests in onion layers addressed to this server's X25519 key;
the relay decrypts them, forwards the inner request to the API and encrypts
the reply for the sender.
"""

import argparse
import json
import sys
import urllib.request

# expect: libsession/python-import, libsession/python-onionreq
from session_util import onionreq
# expect: libsession/python-import, libsession/python-xed25519
from session_util.xed25519 import sign as xed_sign

MAX_BODY = 10 * 1024 * 1024


def load_keys(path):
    with open(path, "rb") as f:
        raw = f.read()
    if len(raw) != 64:
        raise SystemExit(f"{path}: expected 64 bytes (x25519 pubkey + privkey), got {len(raw)}")
    return raw[:32], raw[32:]


def forward(api_base, payload):
    inner = json.loads(payload)
    req = urllib.request.Request(
        api_base.rstrip("/") + "/" + inner.get("endpoint", "").lstrip("/"),
        data=json.dumps(inner.get("body")).encode(),
        method=inner.get("method", "POST"),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=10) as resp:
        return resp.read()


def handle(raw_request, pubkey, privkey, api_base):
    # expect: libsession/python-onionreq
    parser = onionreq.OnionReqParser(pubkey, privkey, raw_request, max_size=MAX_BODY)
    reply = forward(api_base, parser.payload)
    return parser.encrypt_reply(reply)


def signed_status(privkey):
    body = json.dumps({"status": "ok"}).encode()
    # expect: libsession/python-xed25519
    return body, xed_sign(privkey, body)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--keys", required=True)
    ap.add_argument("--api", default="http://127.0.0.1:8080")
    args = ap.parse_args(argv)
    pubkey, privkey = load_keys(args.keys)
    raw = sys.stdin.buffer.read()
    sys.stdout.buffer.write(handle(raw, pubkey, privkey, args.api))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
