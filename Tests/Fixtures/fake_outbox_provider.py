#!/usr/bin/env python3
"""A fake push / e-mail / Stripe-refunds provider for the outbox tests (127.0.0.1 only).

Usage: fake_outbox_provider.py   (prints "port N" once listening; stops when stdin closes)

Every POST outside /__* is recorded and answered 200 {"ok": true}; POST /v1/refunds answers a refund object
{"id": "re_N", "object": "refund", "status": "succeeded"} (the same one again for a repeated Idempotency-Key).
Control endpoints:
  POST /__status  JSON {"status": 500}   answer every later request with this status (200 restores normal answers)
  GET  /__calls   [{"path", "idempotency_key", "authorization", "body", "status"}]
"""
import json, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
calls = []
forced = [200]
refunds = {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, obj):
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/__calls":
            with lock:
                self.reply(200, list(calls))
        else:
            self.reply(404, {"error": "not found"})

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace")
        if self.path == "/__status":
            with lock:
                forced[0] = int(json.loads(body)["status"])
            self.reply(200, {"ok": True})
            return
        key = self.headers.get("Idempotency-Key")
        with lock:
            status = forced[0]
            if status == 200 and self.path == "/v1/refunds":
                if key not in refunds:
                    refunds[key] = {"id": "re_%d" % (len(refunds) + 1), "object": "refund", "status": "succeeded"}
                answer = refunds[key]
            elif status == 200:
                answer = {"ok": True}
            else:
                answer = {"error": {"message": "forced %d" % status}}
            calls.append({"path": self.path, "idempotency_key": key,
                          "authorization": self.headers.get("Authorization"), "body": body, "status": status})
        self.reply(status, answer)


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print("port %d" % server.server_address[1], flush=True)
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    main()
