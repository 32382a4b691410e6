"""Drives the seqlab kernel through jupyter_client, as a notebook front end would.

Usage: python3 protocol_check.py KERNEL_NAME
Exits 0 when every check passes; otherwise prints the failed check and exits 1.
"""
import sys
import time

from jupyter_client.manager import KernelManager

TIMEOUT = 120


def check(cond, what, detail=None):
    if not cond:
        print("FAILED: " + what + ("" if detail is None else "\n" + str(detail)))
        sys.exit(1)
    print("ok: " + what)


def execute(kc, code, timeout=TIMEOUT):
    msgs = []
    reply = kc.execute_interactive(code, output_hook=msgs.append, timeout=timeout, allow_stdin=False)
    return reply["content"], msgs


def of_type(msgs, kind):
    return [m for m in msgs if m["msg_type"] == kind]


def main():
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


def run_checks(km, kc):
    kc.kernel_info()
    info = kc.get_shell_msg(timeout=TIMEOUT)["content"]
    check(info["language_info"]["name"] == "java", "kernel_info names the language", info)

    reply, msgs = execute(kc, "int a = 20;\nint b = 22;\na + b")
    results = of_type(msgs, "execute_result")
    check(reply["status"] == "ok" and results and results[0]["content"]["data"]["text/plain"] == "42",
          "multi-snippet cell shows the last value", msgs)

    reply, msgs = execute(kc, 'System.out.println("to stdout");\nSystem.err.println("to stderr");')
    streams = {m["content"]["name"]: m["content"]["text"] for m in of_type(msgs, "stream")}
    check("to stdout" in streams.get("stdout", "") and "to stderr" in streams.get("stderr", ""),
          "stdout and stderr are streamed", msgs)

    reply, msgs = execute(kc, "int ok = 1;\nString s = 5;")
    errors = of_type(msgs, "error")
    tb = "\n".join(errors[0]["content"]["traceback"]) if errors else ""
    check(reply["status"] == "error" and "line 2" in tb and "String s = 5;" in tb and "^" in tb,
          "compile error names the cell line with a caret", tb or msgs)

    reply, msgs = execute(kc, "int zero = 0;\nint boom = 1 / zero;")
    errors = of_type(msgs, "error")
    tb = "\n".join(errors[0]["content"]["traceback"]) if errors else ""
    check(reply["status"] == "error" and "ArithmeticException" in tb and "at line 2" in tb
          and "jdk.jshell" not in tb and "reflect" not in tb,
          "runtime error shows the exception and the user's line only", tb or msgs)

    reply, msgs = execute(kc, 'Table.create("scores", StringColumn.create("model", "lstm", "gru"),'
                              ' DoubleColumn.create("acc", 0.8, 0.7))')
    data = of_type(msgs, "execute_result")[0]["content"]["data"] if of_type(msgs, "execute_result") else {}
    check("<table" in data.get("text/html", "") and "<td>lstm</td>" in data.get("text/html", "")
          and "lstm" in data.get("text/plain", ""), "a Tablesaw table renders as HTML and text", data)

    reply, msgs = execute(kc, 'String id = display("first");\nupdateDisplay(id, "second");')
    shown = of_type(msgs, "display_data")
    updated = of_type(msgs, "update_display_data")
    check(shown and updated
          and shown[0]["content"]["transient"]["display_id"] == updated[0]["content"]["transient"]["display_id"]
          and updated[0]["content"]["data"]["text/plain"] == "second",
          "display and updateDisplay share a display id", msgs)

    msg_id = kc.complete("int n = 1;\nString.valueO", len("int n = 1;\nString.valueO"))
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    c = reply["content"]
    check(reply["parent_header"]["msg_id"] == msg_id and "valueOf(" in c["matches"]
          and c["cursor_start"] == len("int n = 1;\nString.") and c["cursor_end"] == len("int n = 1;\nString.valueO"),
          "completion in the last snippet of a cell", c)

    msg_id = kc.inspect("Math.max(", len("Math.max("))
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    c = reply["content"]
    check(c["status"] == "ok" and c["found"] and "Math.max(int a, int b)" in c["data"]["text/plain"],
          "inspection shows signatures", c)

    # Interrupt a cell that would run forever; the kernel must answer and keep its state.
    msg_id = kc.execute("int ticks = 0;\nwhile (true) { Thread.sleep(50); ticks++; }")
    time.sleep(2.0)
    km.interrupt_kernel()
    deadline = time.time() + 60
    reply = None
    while time.time() < deadline:
        m = kc.get_shell_msg(timeout=60)
        if m["parent_header"].get("msg_id") == msg_id:
            reply = m["content"]
            break
    check(reply is not None and reply["status"] == "error" and "Interrupted" in reply.get("evalue", ""),
          "interrupt stops a running cell", reply)
    reply, msgs = execute(kc, "a * 2")
    results = of_type(msgs, "execute_result")
    check(reply["status"] == "ok" and results and results[0]["content"]["data"]["text/plain"] == "40",
          "kernel survives the interrupt with its variables", msgs)

    kc.shutdown()
    deadline = time.time() + 30
    while km.is_alive() and time.time() < deadline:
        time.sleep(0.2)
    check(not km.is_alive(), "shutdown ends the kernel process")


if __name__ == "__main__":
    main()
