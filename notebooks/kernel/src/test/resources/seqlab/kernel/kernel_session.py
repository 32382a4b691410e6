"""What the kernel checks share: start the kernel, report each check, run a cell, interrupt one, shut down.

protocol_check.py and robustness_check.py import it; KernelProtocolTest copies it next to them.
"""
import sys
import time

from jupyter_client.manager import KernelManager

TIMEOUT = 120


def check(cond, what, detail=None):
    """Prints 'ok: what', or 'FAILED: what' with the detail and exits 1."""
    if not cond:
        print("FAILED: " + what + ("" if detail is None else "\n" + str(detail)))
        sys.exit(1)
    print("ok: " + what)


def run(run_checks):
    """Starts the kernel named by argv[1], calls run_checks(km, kc), and always stops it."""
    km = KernelManager(kernel_name=sys.argv[1])
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=TIMEOUT)
        run_checks(km, kc)
    finally:
        kc.stop_channels()
        if km.is_alive():
            km.shutdown_kernel(now=True)


def execute(kc, code, timeout=TIMEOUT):
    """Runs a cell; returns the reply's content and the IOPub messages it produced."""
    msgs = []
    reply = kc.execute_interactive(code, output_hook=msgs.append, timeout=timeout, allow_stdin=False)
    return reply["content"], msgs


def of_type(msgs, kind):
    return [m for m in msgs if m["msg_type"] == kind]


def check_result(kc, code, expected, what):
    """Runs a cell and requires status ok and the plain-text result `expected`."""
    reply, msgs = execute(kc, code)
    results = of_type(msgs, "execute_result")
    check(reply["status"] == "ok" and results and results[0]["content"]["data"]["text/plain"] == expected, what, msgs)


def interrupt_endless_cell(km, kc, code):
    """Starts a cell that never ends, interrupts the kernel after 2 s, and returns the cell's reply content
    (None if none came within a minute)."""
    msg_id = kc.execute(code)
    time.sleep(2.0)
    km.interrupt_kernel()
    deadline = time.time() + 60
    while time.time() < deadline:
        m = kc.get_shell_msg(timeout=60)
        if m["parent_header"].get("msg_id") == msg_id:
            return m["content"]
    return None


def shutdown_ends_kernel(km, kc, what):
    """Sends a signed shutdown_request and requires the kernel process to end within 30 s."""
    kc.shutdown()
    deadline = time.time() + 30
    while km.is_alive() and time.time() < deadline:
        time.sleep(0.2)
    check(not km.is_alive(), what)
