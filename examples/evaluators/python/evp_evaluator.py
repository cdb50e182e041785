"""evp_evaluator: serve a Python evaluator to evp over the evaluator protocol (evp-evaluator/1).

Standard library only; copy this file next to your evaluator. The protocol is described in
docs/evaluator-protocol.md: evp starts your script, reads one handshake line, then sends one
JSON request per line on stdin and reads one JSON answer per line on stdout.

Pointwise (one rollout at a time):

    from evp_evaluator import serve, assistant_text

    def evaluate(row):  # row: an Eval Protocol EvaluationRow as a dict
        answer = assistant_text(row)
        return {"score": 1.0 if "42" in answer else 0.0, "reason": "looked for 42"}

    if __name__ == "__main__":
        serve(pointwise=evaluate)

Groupwise (all the rollouts of one dataset row for one model): serve(groupwise=fn) with
fn(rows) returning one result per row, in order. Give both to serve both modes.

A function may return an EvaluateResult as a dict, anything with model_dump() (Eval Protocol's
pydantic EvaluateResult), or the row itself with its evaluation_result set (as Eval
Protocol's @evaluation_test functions do). With row_class=EvaluationRow (Eval Protocol's
pydantic model) rows are handed over as that class instead of dicts.

While serving, print() goes to stderr (evp keeps it for the user): stdout carries the
protocol only. An exception in your function answers that request with an error (its
metric is invalid with the message); the traceback goes to stderr and serving goes on.

Over HTTP (`type: http` in the suite), serve_http(pointwise=..., host=..., port=...) answers
each POST with the same objects, one per request and response, on a thread per request (so
your function must be safe to call concurrently). main(...) picks the transport from the
command line: `python3 my_eval.py` speaks over stdin/stdout, `python3 my_eval.py --http
127.0.0.1:8000` serves HTTP (port 0: any free port; the URL is printed on stdout).
"""

import http.server
import json
import sys
import traceback

PROTOCOL = "evp-evaluator/1"


def assistant_text(row):
    """The text of the row's last assistant message ('' when there is none)."""
    for message in reversed(row.get("messages") or []):
        if message.get("role") == "assistant":
            return _content_text(message.get("content"))
    return ""


def ground_truth_text(row):
    """The row's ground_truth as text: a string as is, anything else as JSON; None when absent."""
    truth = row.get("ground_truth")
    if truth is None or isinstance(truth, str):
        return truth
    return json.dumps(truth)


def _content_text(content):
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content parts: the text ones, joined by newlines
        return "\n".join(p.get("text", "") for p in content if isinstance(p, dict) and p.get("type") == "text")
    return ""


def _result_dict(value):
    """An EvaluateResult as a JSON-ready dict, from whatever the user's function returned."""
    if hasattr(value, "model_dump"):  # pydantic models: EvaluateResult, or an EvaluationRow
        value = value.model_dump(exclude_none=True)
    if isinstance(value, dict) and "messages" in value and "evaluation_result" in value:
        value = value["evaluation_result"]  # the row came back with its result set
    if not isinstance(value, dict):
        raise TypeError("an evaluator must return an EvaluateResult (a dict), got %s" % type(value).__name__)
    return value


def _answer(request, pointwise, groupwise, row_class):
    convert = row_class.model_validate if row_class is not None else (lambda row: row)
    mode = request.get("mode")
    if mode == "pointwise" and pointwise is not None:
        return {"result": _result_dict(pointwise(convert(request["row"])))}
    if mode == "groupwise" and groupwise is not None:
        results = [_result_dict(r) for r in groupwise([convert(row) for row in request["rows"]])]
        return {"results": results}
    return {"error": "this evaluator does not serve mode %r" % mode}


def _answer_request(request, pointwise, groupwise, row_class):
    """The answer object for one request object, an error answer when the function raises."""
    try:
        return {"id": request["id"], **_answer(request, pointwise, groupwise, row_class)}
    except Exception as e:  # the user's function failed on this request: answer an error
        traceback.print_exc(file=sys.stderr)
        return {"id": request.get("id"), "error": "%s: %s" % (type(e).__name__, e)}


def _modes(pointwise, groupwise):
    if pointwise is None and groupwise is None:
        raise ValueError("serve() needs a pointwise or a groupwise function")
    return [m for m, fn in (("pointwise", pointwise), ("groupwise", groupwise)) if fn is not None]


def _write(out, message):
    out.write((json.dumps(message, allow_nan=False) + "\n").encode("utf-8"))
    out.flush()


def serve(pointwise=None, groupwise=None, row_class=None):
    """Answers evp's requests until stdin closes. Give `pointwise`, `groupwise` or both."""
    modes = _modes(pointwise, groupwise)
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # the user's print() must not break the protocol
    _write(out, {"protocol": PROTOCOL, "modes": modes})
    for line in sys.stdin.buffer:
        if line.strip():
            _write(out, _answer_request(json.loads(line), pointwise, groupwise, row_class))


def serve_http(pointwise=None, groupwise=None, row_class=None, host="127.0.0.1", port=8000):
    """Answers evp's POST requests until interrupted; GET answers the handshake object."""
    modes = _modes(pointwise, groupwise)

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive: evp reuses its connections

        def _send(self, status, message):
            body = json.dumps(message, allow_nan=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            self._send(200, {"protocol": PROTOCOL, "modes": modes})

        def do_POST(self):
            try:
                request = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                if not isinstance(request, dict):
                    raise ValueError("the request must be a JSON object")
            except ValueError as e:
                self._send(400, {"error": "bad request: %s" % e})
                return
            self._send(200, _answer_request(request, pointwise, groupwise, row_class))

        def log_message(self, format, *args):  # no access log on stderr
            pass

    server = http.server.ThreadingHTTPServer((host, port), Handler)
    print("serving %s on http://%s:%d/" % (PROTOCOL, host, server.server_address[1]), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def main(pointwise=None, groupwise=None, row_class=None, argv=None):
    """stdin/stdout without arguments; `--http HOST:PORT` (or `--http PORT`) serves HTTP."""
    args = sys.argv[1:] if argv is None else argv
    if not args:
        serve(pointwise, groupwise, row_class)
    elif len(args) == 2 and args[0] == "--http":
        host, _, port = args[1].rpartition(":")
        serve_http(pointwise, groupwise, row_class, host or "127.0.0.1", int(port))
    else:
        sys.exit("usage: %s [--http [HOST:]PORT]" % sys.argv[0])
