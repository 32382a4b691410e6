"""Tries to knock the seqlab kernel over with invalid messages, then checks that it still serves.

Usage: python3 robustness_check.py KERNEL_NAME
Sends 100 malformed, unsigned, wrongly signed and junk messages of various shapes to each of the shell, control,
stdin and heartbeat sockets (what anyone who can reach the loopback ports can do without the key), then requires a
signed execute_request, an interrupt, a heartbeat and a shutdown to work. Exits 0 when they do; otherwise prints
the failed check and exits 1.
"""
import hashlib
import hmac
import json
import time
import uuid

import zmq

from kernel_session import check, check_result, interrupt_endless_cell, run, shutdown_ends_kernel

DELIM = b"<IDS|MSG>"


def header(msg_type):
    return json.dumps({"msg_id": uuid.uuid4().hex, "session": "attacker", "username": "x", "date": "2024-01-01T00:00:00Z",
                       "msg_type": msg_type, "version": "5.3"}).encode()


def sign(key, parts):
    h = hmac.new(key, digestmod=hashlib.sha256)
    for p in parts:
        h.update(p)
    return h.hexdigest().encode()


def junk(key):
    """Frame lists of many shapes; none is a valid signed message of a known type with valid JSON."""
    execute = json.dumps({"code": "System.exit(3);", "silent": False}).encode()
    body = [header("execute_request"), b"{}", b"{}", execute]
    shutdown = [header("shutdown_request"), b"{}", b"{}", b'{"restart": false}']
    wrong_key = b"not-the-key"
    shapes = [
        [b"junk"],
        [b""],
        [DELIM],
        [DELIM, b""],
        [DELIM, b"deadbeef", b"{}"],
        [DELIM, b"", *body],                                      # unsigned
        [DELIM, b"0" * 64, *body],                                # wrong signature, right length
        [DELIM, b"abc", *body],                                   # truncated signature
        [DELIM, sign(wrong_key, body), *body],                    # signed with another key
        [DELIM, sign(wrong_key, shutdown), *shutdown],            # a forged shutdown
        [DELIM, b"", *shutdown],
        [DELIM, sign(key, body)[:-1] + b"0", *body],              # one hex digit off
        [b"\xff\xfe\x00", DELIM, b"\x00" * 64, b"\xff", b"\xfe", b"\xfd", b"\xfc"],
        [DELIM, DELIM, DELIM, DELIM, DELIM, DELIM],
        [DELIM, b"", b"{", b"{", b"{", b"{"],
        [DELIM, sign(key, [b"{", b"{}", b"{}", b"{}"]), b"{", b"{}", b"{}", b"{}"],          # signed, broken JSON
        [DELIM, sign(key, [b"[]", b"{}", b"{}", b"{}"]), b"[]", b"{}", b"{}", b"{}"],        # signed, header not an object
        [DELIM, sign(key, [header("no_such_request"), b"{}", b"{}", b"{}"]),
         header("no_such_request"), b"{}", b"{}", b"{}"],                                  # signed, unknown type
        [DELIM, sign(key, [header("execute_request"), b"{}", b"{}", b"[1]"]),
         header("execute_request"), b"{}", b"{}", b"[1]"],                                 # signed, content not an object
        [DELIM, b"", *body, b"blob1", b"blob2"],
        [b"x" * 100000],
        [DELIM, b"", b"x" * 100000, b"{}", b"{}", b"{}"],
    ]
    return shapes


def flood(ctx, url, shapes, socket_type, n=100):
    s = ctx.socket(socket_type)
    s.setsockopt(zmq.LINGER, 1000)
    s.connect(url)
    time.sleep(0.3)
    for i in range(n):
        frames = shapes[i % len(shapes)]
        if socket_type == zmq.REQ:
            # a REQ socket must alternate; a fresh one per message
            s.close()
            s = ctx.socket(zmq.REQ)
            s.setsockopt(zmq.LINGER, 0)
            s.connect(url)
        s.send_multipart(frames)
    time.sleep(0.5)
    s.close()


def url(info, port):
    return "%s://%s:%d" % (info["transport"], info["ip"], info[port])


def run_checks(km, kc):
    info = km.get_connection_info()
    key = info["key"] if isinstance(info["key"], bytes) else info["key"].encode()
    shapes = junk(key)
    ctx = zmq.Context()
    for port in ("shell_port", "control_port", "stdin_port"):
        flood(ctx, url(info, port), shapes, zmq.DEALER)
    flood(ctx, url(info, "hb_port"), shapes, zmq.DEALER)
    flood(ctx, url(info, "hb_port"), shapes, zmq.REQ)
    ctx.destroy(linger=0)
    time.sleep(1.0)
    check(km.is_alive(), "the kernel process survives 100 invalid messages on each socket")

    check_result(kc, "int a = 20;\na + 22", "42", "a signed execute_request still runs")
    check(kc.hb_channel.is_beating(), "the heartbeat still answers")
    reply = interrupt_endless_cell(km, kc, "while (true) { Thread.sleep(50); }")
    check(reply is not None and reply["status"] == "error", "an interrupt still stops a running cell", reply)
    check_result(kc, "a * 2", "40", "the kernel keeps serving with its variables")
    shutdown_ends_kernel(km, kc, "a signed shutdown_request still ends the kernel")


if __name__ == "__main__":
    run(run_checks)
