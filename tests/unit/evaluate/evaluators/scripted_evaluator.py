"""TEST DOUBLE: an evaluator for the CommandEvaluator tests, speaking the evaluator protocol
directly (no helper), told what to do by each row's last assistant message:

  ok               score 1, reason "ok"
  score X          score X
  result JSON      answers {"result": JSON} as given
  sleep S          sleeps S seconds, then score 1 with "started" and "ended" (CLOCK_MONOTONIC)
  stderr TEXT      writes TEXT to stderr, then score 1
  crash            writes "crashing on purpose on row ROW_ID" to stderr and exits with status 3
  hang             never answers
  garbage          answers a line that is not JSON
  wrong-id         answers with another id
  no-result        answers {"id": ID} only
  error            answers {"id": ID, "error": "cannot score this row"}
  env NAME         score 1, reason: the variable's value
  cwd              score 1, reason: the working directory

Every result carries "pid" (this process's id), which evp keeps in the metric's data.
Groupwise requests answer one result per row from each row's own message ("short" as the
first row's message answers one result too few).

Options: --capture FILE appends every request line received to FILE; --modes a,b sets the
handshake's modes (default pointwise,groupwise); --fail-handshake-if FILE writes a bad
handshake when FILE exists.
"""

import argparse
import json
import os
import sys
import time


def text_of(row):
    for message in reversed(row.get("messages", [])):
        if message.get("role") == "assistant":
            return message.get("content") or ""
    return ""


def write(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def result_for(row):
    """The result for one row, or None when the directive answers by itself."""
    directive, _, rest = text_of(row).partition(" ")
    pid = os.getpid()
    if directive == "score":
        return {"score": float(rest), "reason": "scored " + rest, "pid": pid}
    if directive == "result":
        return json.loads(rest)
    if directive == "sleep":
        started = time.monotonic()
        time.sleep(float(rest))
        return {"score": 1.0, "reason": "ok", "pid": pid, "started": started, "ended": time.monotonic()}
    if directive == "stderr":
        sys.stderr.write(rest + "\n")
        sys.stderr.flush()
    elif directive == "crash":
        sys.stderr.write("crashing on purpose on row %s\n" % row["input_metadata"].get("row_id"))
        sys.stderr.flush()
        os._exit(3)
    elif directive == "hang":
        time.sleep(3600)
    elif directive == "env":
        return {"score": 1.0, "reason": os.environ.get(rest, "(unset)"), "pid": pid}
    elif directive == "cwd":
        return {"score": 1.0, "reason": os.getcwd(), "pid": pid}
    return {"score": 1.0, "reason": "ok", "pid": pid}


def answer(request):
    rid = request["id"]
    rows = request["rows"] if request["mode"] == "groupwise" else [request["row"]]
    first = text_of(rows[0])
    if first == "garbage":
        sys.stdout.write("this is not json\n")
        sys.stdout.flush()
        return
    if first == "wrong-id":
        return write({"id": rid + 1000, "result": {"score": 1.0}})
    if first == "no-result":
        return write({"id": rid})
    if first == "error":
        return write({"id": rid, "error": "cannot score this row"})
    results = [result_for(row) for row in rows]
    if request["mode"] == "pointwise":
        return write({"id": rid, "result": results[0]})
    if first == "short":
        results = results[:-1]
    write({"id": rid, "results": results})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--capture")
    parser.add_argument("--modes", default="pointwise,groupwise")
    parser.add_argument("--fail-handshake-if")
    args = parser.parse_args()
    if args.fail_handshake_if and os.path.exists(args.fail_handshake_if):
        sys.stderr.write("refusing to start: %s exists\n" % args.fail_handshake_if)
        write({"protocol": "no"})
        return
    write({"protocol": "evp-evaluator/1", "modes": args.modes.split(",")})
    for line in sys.stdin:
        if args.capture:
            with open(args.capture, "a") as f:
                f.write(line)
        answer(json.loads(line))


if __name__ == "__main__":
    main()
