#!/usr/bin/env python3
"""Writes the hand-made seeds of the committed fuzz corpus (docs/fuzzing.md): well-formed inputs
and a few known-bad ones for each decoder, so regression runs cover the interesting paths and
fuzzing starts from valid structure. Re-run after changing a wire format; findings the fuzzer
adds next to these are kept as they are."""
import json, os, struct

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

def entry(mime, content):
    if isinstance(mime, int):
        head = bytes([0x80 | mime])
    else:
        m = mime.encode()
        head = bytes([len(m) - 1]) + m
    return head + struct.pack(">I", len(content))[1:] + content

ROUTING, AUTH = 0x7E, 0x7C
def route(*tags):
    return entry(ROUTING, b"".join(bytes([len(t)]) + t.encode() for t in tags))
def bearer(token):
    return entry(AUTH, bytes([0x80 | 0x01]) + token.encode())
def custom(mime, text):
    return entry(mime, text if isinstance(text, bytes) else text.encode())

RID = "application/x.backchannel.request-id"
DEADLINE = "application/x.backchannel.deadline"
DEST = "application/x.backchannel.destination"
ORIGIN = "application/x.backchannel.origin+json"
HELLO = "application/x.backchannel.hello+json"
CONTROL = "application/x.backchannel.control+json"

def write(module, package, test, method, seeds):
    d = os.path.join(ROOT, module, "src/test/resources", package.replace(".", "/"), test + "Inputs", method)
    os.makedirs(d, exist_ok=True)
    for name, data in seeds.items():
        with open(os.path.join(d, "seed-" + name), "wb") as f:
            f.write(data)

hello = json.dumps({"nodeId": "sidecar-1", "tenant": "acme", "role": "sidecar",
                    "tags": {"zone": "eu"}, "services": ["Sidecar"], "version": "0.1.0"}).encode()
origin = json.dumps({"nodeId": "a1", "tenant": "acme", "role": "node", "crossTenant": False}).encode()
core = ("backchannel-core", "io.backchannel.core.internal.wire", "WireDecodersFuzzTest")
write(*core, "requestMetadata", {
    "full": route("Greeter.hello") + custom(RID, "0123456789abcdef") + custom(DEADLINE, struct.pack(">q", 5000))
            + custom(DEST, "s1") + custom(ORIGIN, origin) + custom("application/x.trace", "abc"),
    "forever-deadline": route("Greeter.count") + custom(DEADLINE, struct.pack(">Q", 1 << 63)),
    "short-deadline": route("Greeter.hello") + custom(DEADLINE, b"\x00\x01"),
    "crlf-request-id": route("Greeter.hello") + custom(RID, "id\r\nforged"),
    "long-request-id": custom(RID, "x" * 65),
    "bad-origin": custom(ORIGIN, b"{\"nodeId\":"),
    "truncated": route("Greeter.hello")[:-3],
    "empty-route": entry(ROUTING, b""),
})
write(*core, "helloInSetupMetadata", {
    "hello-and-token": custom(HELLO, hello) + bearer("bc1.eyJ0IjoxfQ.c2ln"),
    "token-only": bearer("a.b.c"),
    "basic-auth": entry(AUTH, bytes([0x80]) + b"\x00\x04user" + b"pass"),
    "blank-node": custom(HELLO, b"{\"nodeId\":\" \"}"),
    "unknown-auth": entry(AUTH, b"\x05custom" + b"x"),
})
write(*core, "helloJson", {
    "hello": hello, "no-node": b"{\"tenant\":\"acme\"}", "array": b"[1,2]", "deep": b"[" * 2000,
    "wrong-types": b"{\"nodeId\":\"n\",\"tags\":[1],\"services\":{}}",
})
write(*core, "control", {
    "update": custom(CONTROL, json.dumps({"type": "update", "tags": {"a": "b"}, "services": ["Greeter"]})),
    "leaving": custom(CONTROL, b"{\"type\":\"leaving\"}"),
    "load": custom(CONTROL, b"{\"type\":\"load\",\"inFlight\":3,\"cpu\":0.5,\"gauge\":1e308}"),
    "no-type": custom(CONTROL, b"{\"inFlight\":3}"),
    "not-json": custom(CONTROL, b"\xff\xfe"),
})
write(*core, "errorPayload", {
    "remote": json.dumps({"status": "REMOTE", "message": "boom", "requestId": "0123456789abcdef",
                          "type": "io.backchannel.core.internal.wire.WireDecodersFuzzTest$DeclaredFailure",
                          "types": ["io.backchannel.core.internal.wire.WireDecodersFuzzTest$DeclaredFailure",
                                    "java.lang.Exception"]}).encode(),
    "overloaded": b"{\"status\":\"OVERLOADED\",\"message\":\"busy\"}",
    "unknown-status": b"{\"status\":\"NOPE\"}",
    "crlf-id": b"{\"status\":\"CODEC\",\"requestId\":\"a\\r\\nb\"}",
    "plain-text": b"not json at all",
})

tokens = ("backchannel-core", "io.backchannel.core.auth", "AuthenticatorFuzzTest")
write(*tokens, "bearerToken", {
    "null-claims": b"bc1.bnVsbA.AA", "no-dots": b"bc1.", "jwt-shaped": b"eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
    "bad-base64": b"bc1.!!!.???", "claims": b"bc1.eyJraWQiOiJ0ZXN0IiwiZXhwIjoxfQ.AAAA",
})

def ring(head, published, data):
    return struct.pack("<qq", head, published) + data
def record(frame):
    return struct.pack("<i", len(frame)) + frame
frame = bytes([0, 0, 0, 1, 0x10, 0]) + b"hello"
shm = ("backchannel-transport-shm", "io.backchannel.transport.shm", "RingReaderFuzzTest")
write(*shm, "hostileRing", {
    "two-frames": ring(0, 2 * len(record(frame)), record(frame) * 2),
    "wraps-at-end": ring(4094, len(record(frame)), record(frame)),
    "tail-far-ahead": ring(0, 1 << 40, record(b"x" * 100) * 40),
    "tail-behind-head": ring(1000, -5, record(frame)),
    "zero-length": ring(0, 8, struct.pack("<i", 0) + b"abcd"),
    "negative-length": ring(0, 8, struct.pack("<i", -7) + b"abcd"),
    "cut-short": ring(0, 20, struct.pack("<i", 16_000_000) + b"x" * 16),
    "unpublished": record(frame)[:3],
})
