#!/usr/bin/env python3
"""Demo upstream for `make run`: a tiny JSON service full of fake personal data.

  GET  /users          a JSON list of made-up customers (e-mail, phone, card, IBAN, IP...)
  GET  /users/<id>     one of them
  POST /echo           echoes the request body back with its Content-Type
  GET  /login          a redirect whose Location and Set-Cookie carry personal data
  anything else        404

Every value is invented or a documented test value (e.g. the 4111 1111 1111 1111 test
card, the DE89 3704 0044 0532 0130 00 example IBAN); none belongs to a real person.
"""
import argparse
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

USERS = [
    {"id": 1, "name": "Mary Jones", "email": "mary.jones@example.com", "phone": "+1 415 555 0132",
     "card": "4111 1111 1111 1111", "iban": "DE89 3704 0044 0532 0130 00", "last_login_ip": "203.0.113.45",
     "note": "prefers e-mail"},
    {"id": 2, "name": "Peter Smith", "email": "peter.smith@example.org", "phone": "+44 20 7946 0958",
     "card": "5555 5555 5555 4444", "iban": "GB82 WEST 1234 5698 7654 32", "last_login_ip": "198.51.100.7",
     "note": "api key AKIAIOSFODNN7EXAMPLE rotated"},
]


class DemoHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "demo-upstream/1"

    def _send(self, status, body, content_type="application/json", extra=()):
        data = body if isinstance(body, bytes) else body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            data = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0], 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length", "0") or 0))

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/users":
            self._send(200, json.dumps(USERS, indent=2) + "\n")
        elif path.startswith("/users/") and path[7:].isdigit() and 1 <= int(path[7:]) <= len(USERS):
            self._send(200, json.dumps(USERS[int(path[7:]) - 1], indent=2) + "\n")
        elif path == "/login":
            self._send(302, "see /inbox\n", "text/plain",
                       [("Location", "/inbox?user=mary.jones@example.com"),
                        ("Set-Cookie", "last_user=mary.jones@example.com; HttpOnly")])
        else:
            self._send(404, json.dumps({"error": "not found", "path": self.path}) + "\n")

    do_HEAD = do_GET

    def do_POST(self):
        body = self._read_body()
        self._send(200, body, self.headers.get("Content-Type", "application/octet-stream"))

    do_PUT = do_POST

    def log_message(self, fmt, *args):
        pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", default="127.0.0.1:9000", help="HOST:PORT (default 127.0.0.1:9000)")
    args = parser.parse_args()
    host, port = args.listen.rsplit(":", 1)
    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer((host, int(port)), DemoHandler).serve_forever()


if __name__ == "__main__":
    main()
