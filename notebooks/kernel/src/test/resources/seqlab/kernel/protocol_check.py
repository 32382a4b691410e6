"""Drives the seqlab kernel through jupyter_client, as a notebook front end would.

Usage: python3 protocol_check.py KERNEL_NAME
Exits 0 when every check passes; otherwise prints the failed check and exits 1.
"""
from kernel_session import check, check_result, execute, interrupt_endless_cell, of_type, run, shutdown_ends_kernel
from kernel_session import TIMEOUT


def run_checks(km, kc):
    kc.kernel_info()
    info = kc.get_shell_msg(timeout=TIMEOUT)["content"]
    check(info["language_info"]["name"] == "java", "kernel_info names the language", info)

    check_result(kc, "int a = 20;\nint b = 22;\na + b", "42", "multi-snippet cell shows the last value")

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
    reply = interrupt_endless_cell(km, kc, "int ticks = 0;\nwhile (true) { Thread.sleep(50); ticks++; }")
    check(reply is not None and reply["status"] == "error" and "Interrupted" in reply.get("evalue", ""),
          "interrupt stops a running cell", reply)
    check_result(kc, "a * 2", "40", "kernel survives the interrupt with its variables")

    shutdown_ends_kernel(km, kc, "shutdown ends the kernel process")

if __name__ == "__main__":
    run(run_checks)
