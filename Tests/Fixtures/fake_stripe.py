#!/usr/bin/env python3
"""A fake of Stripe's Transfers API for TacoTracker's payout tests (127.0.0.1 only).

Usage: fake_stripe.py --key sk_test_KEY   (prints "port N" on stdout once listening; stops when stdin closes)

Implements POST /v1/transfers (form-encoded, honouring Idempotency-Key: same key + same parameters replays the
first response; same key + other parameters is a 400 idempotency_error) and GET /v1/transfers (transfer_group,
destination, limit, starting_after; newest first). Control endpoints for the tests:
  POST /__faults  JSON list of faults, consumed in order by matching requests:
                  {"method": "POST", "status": 500|429|401|400|402, "code": "...", "retry_after": 1, "times": N}
                  {"method": "POST", "delay_after_create": SECONDS, "times": N}   creates, then answers late
  GET  /__calls   every request received: [{"method", "path", "query", "idempotency_key", "form", "status"}]
  GET  /__transfers  every transfer created
"""
import json, sys, threading, time, urllib.parse, argparse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
transfers = []          # newest last
by_key = {}             # idempotency key -> (params, status, body)
faults = []
calls = []
counter = [0]


def parse_form(text):
    return {k: v[-1] for k, v in urllib.parse.parse_qs(text, keep_blank_values=True).items()}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    api_key = ""

    def log_message(self, *args):
        pass

    def reply(self, status, obj, headers=None):
        body = json.dumps(obj).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def take_fault(self, method):
        with lock:
            for f in faults:
                if f.get("method", "POST") == method and f.get("times", 1) > 0:
                    f["times"] = f.get("times", 1) - 1
                    return dict(f)
        return None

    def record(self, method, path, query, key, form, status):
        with lock:
            calls.append({"method": method, "path": path, "query": query, "idempotency_key": key,
                          "form": form, "status": status})

    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        query = {k: v[-1] for k, v in urllib.parse.parse_qs(url.query).items()}
        if url.path == "/__calls":
            with lock:
                return self.reply(200, list(calls))
        if url.path == "/__transfers":
            with lock:
                return self.reply(200, list(transfers))
        if not self.authorized():
            self.record("GET", url.path, query, None, {}, 401)
            return self.reply(401, {"error": {"type": "invalid_request_error", "message": "Invalid API Key provided: sk_****"}})
        fault = self.take_fault("GET")
        if fault and fault.get("status"):
            self.record("GET", url.path, query, None, {}, fault["status"])
            return self.reply(fault["status"], {"error": {"type": "api_error", "message": "injected"}},
                              {"Retry-After": str(fault["retry_after"])} if "retry_after" in fault else None)
        if url.path != "/v1/transfers":
            return self.reply(404, {"error": {"type": "invalid_request_error", "message": "Unrecognized request URL"}})
        with lock:
            items = list(reversed(transfers))
        if "transfer_group" in query:
            items = [t for t in items if t["transfer_group"] == query["transfer_group"]]
        if "destination" in query:
            items = [t for t in items if t["destination"] == query["destination"]]
        if "starting_after" in query:
            ids = [t["id"] for t in items]
            if query["starting_after"] in ids:
                items = items[ids.index(query["starting_after"]) + 1:]
        limit = int(query.get("limit", "10"))
        page = items[:limit]
        self.record("GET", url.path, query, None, {}, 200)
        self.reply(200, {"object": "list", "url": "/v1/transfers", "has_more": len(items) > limit, "data": page})

    def authorized(self):
        return self.headers.get("Authorization", "") == "Bearer " + self.api_key

    def do_POST(self):
        url = urllib.parse.urlparse(self.path)
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length).decode() if length else ""
        if url.path == "/__faults":
            with lock:
                faults.extend(json.loads(raw or "[]"))
            return self.reply(200, {"ok": True})
        form = parse_form(raw)
        key = self.headers.get("Idempotency-Key")
        if not self.authorized():
            self.record("POST", url.path, {}, key, form, 401)
            return self.reply(401, {"error": {"type": "invalid_request_error", "message": "Expired API Key provided: sk_****"}})
        fault = self.take_fault("POST")
        if fault and fault.get("status"):
            status = fault["status"]
            self.record("POST", url.path, {}, key, form, status)
            if status in (400, 402):
                return self.reply(status, {"error": {"type": "invalid_request_error", "code": fault.get("code", "balance_insufficient"),
                                                     "message": "injected decline"}})
            return self.reply(status, {"error": {"type": "api_error", "message": "injected"}},
                              {"Retry-After": str(fault["retry_after"])} if "retry_after" in fault else None)
        if url.path != "/v1/transfers":
            return self.reply(404, {"error": {"type": "invalid_request_error", "message": "Unrecognized request URL"}})
        with lock:
            if key and key in by_key:
                params, status, body = by_key[key]
                if params != form:
                    status, body = 400, {"error": {"type": "idempotency_error",
                                                   "message": "Keys for idempotent requests can only be used with the same parameters they were first used with."}}
            else:
                missing = [p for p in ("amount", "currency", "destination") if not form.get(p)]
                if missing:
                    status, body = 400, {"error": {"type": "invalid_request_error", "code": "parameter_missing",
                                                   "message": "Missing required param: " + missing[0]}}
                else:
                    counter[0] += 1
                    metadata = {k[len("metadata["):-1]: v for k, v in form.items() if k.startswith("metadata[")}
                    body = {"id": "tr_fake%06d" % counter[0], "object": "transfer", "amount": int(form["amount"]),
                            "amount_reversed": 0, "currency": form["currency"], "destination": form["destination"],
                            "transfer_group": form.get("transfer_group"), "metadata": metadata, "reversed": False,
                            "description": form.get("description"), "created": int(time.time())}
                    transfers.append(body)
                    status = 200
                if key:
                    by_key[key] = (form, status, body)
        self.record("POST", url.path, {}, key, form, status)
        if fault and fault.get("delay_after_create"):
            time.sleep(fault["delay_after_create"])
        self.reply(status, body)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--key", required=True)
    args = parser.parse_args()
    Handler.api_key = args.key
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print("port %d" % server.server_address[1], flush=True)
    try:
        sys.stdin.read()     # the test closes stdin (or dies) to stop the server
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
