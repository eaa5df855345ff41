#!/usr/bin/env python3
"""Helpers for scripts/memtest.sh and scripts/loadtest.sh (not part of `make test`).

  upstream --listen HOST:PORT      HTTP/1.1 server: GET /big?bytes=N streams N bytes of JSON
                                   lines with fake personal data; any request body is read
                                   and discarded; other GETs get a small JSON answer.
  download --port P --bytes N      GET /big through the proxy, count the bytes, check that no
                                   e-mail address survived.
  upload --port P --bytes N        POST N bytes of text with fake personal data.
  idle --port P --count N          open N keep-alive connections, one request each, then keep
                                   them open until stdin closes (prints "ready" first).
  json --bytes N                   print a JSON document of about N bytes (load-test bodies).
  rss PID                          print VmRSS and VmHWM of a process in KiB.

Every value is invented (example.com addresses, documented test card numbers).
"""
import argparse
import socket
import sys
import threading
import time

LINE = (b'{"id":%07d,"city":"Springfield","status":"active","plan":"standard",'
        b'"note":"ordinary text that is not personal at all, just filler for the scanner"}\n')
PII_LINE = b'{"id":%07d,"name":"Mary Jones","email":"mary.jones%d@example.com","phone":"+1 415 555 0132"}\n'


def block_of(size):
    """JSON lines, one in 16 carrying personal data (about 1% of the bytes are findings)."""
    out = bytearray()
    i = 0
    while len(out) < size:
        out += (PII_LINE % (i, i % 97)) if i % 16 == 0 else (LINE % i)
        i += 1
    return bytes(out[:size])


def json_document(size):
    records = []
    total = 2
    i = 0
    while True:
        contact = ('"user%d@example.com"' % i) if i % 8 == 0 else '"support desk"'
        rec = ('{"id":%d,"user":"user%d","contact":%s,"status":"active",'
               '"plan":"standard","visits":%d,"tags":["alpha","beta","gamma"],'
               '"comment":"nothing personal in this comment, only filler words for the scanner"}'
               % (i, i, contact, i * 7))
        if total + len(rec) + 1 > size and records:
            break
        records.append(rec)
        total += len(rec) + 1
        i += 1
    doc = "[" + ",".join(records) + "]"
    return doc + " " * max(0, size - len(doc) - 1) + "\n"


def read_head(conn, buf):
    while b"\r\n\r\n" not in buf:
        chunk = conn.recv(65536)
        if not chunk:
            return None, buf
        buf += chunk
    head, _, rest = buf.partition(b"\r\n\r\n")
    return head.decode("latin-1"), rest


def header(head, name):
    for line in head.split("\r\n")[1:]:
        k, _, v = line.partition(":")
        if k.strip().lower() == name:
            return v.strip()
    return None


def drain_body(conn, head, buf):
    """Reads and discards a request body (Content-Length or chunked); returns leftover bytes."""
    length = header(head, "content-length")
    if length is not None:
        need = int(length)
        if len(buf) >= need:
            return buf[need:]
        need -= len(buf)
        while need > 0:
            chunk = conn.recv(min(1 << 20, need))  # never past the body: no leftover
            if not chunk:
                return b""
            need -= len(chunk)
        return b""
    if (header(head, "transfer-encoding") or "").lower() == "chunked":
        while True:
            while b"\r\n" not in buf:
                buf += conn.recv(1 << 20)
            line, _, buf = buf.partition(b"\r\n")
            size = int(line.split(b";")[0], 16)
            while len(buf) < size + 2:
                chunk = conn.recv(1 << 20)
                if not chunk:
                    return b""
                buf += chunk
            buf = buf[size + 2:]
            if size == 0:
                return buf
    return buf


def serve(conn):
    big = block_of(1 << 20)
    buf = b""
    try:
        while True:
            head, buf = read_head(conn, buf)
            if head is None:
                return
            buf = drain_body(conn, head, buf)
            target = head.split(" ")[1]
            if target.startswith("/big"):
                n = int(target.split("bytes=")[1]) if "bytes=" in target else 1 << 20
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nContent-Length: %d\r\n\r\n" % n)
                sent = 0
                while sent < n:
                    piece = big if n - sent >= len(big) else big[: n - sent]
                    conn.sendall(piece)
                    sent += len(piece)
            else:
                body = b'{"ok":true}\n'
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
                             % (len(body), body))
    except OSError:
        pass
    finally:
        conn.close()


def cmd_upstream(args):
    host, port = args.listen.rsplit(":", 1)
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((host, int(port)))
    ls.listen(4096)
    while True:
        conn, _ = ls.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


def cmd_download(args):
    s = socket.create_connection(("127.0.0.1", args.port))
    s.sendall(b"GET /big?bytes=%d HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % args.bytes)
    start = time.time()
    buf = b""
    head, buf = read_head(s, buf)
    got = 0
    leaked = b"@example.com" in buf
    got += len(buf)
    tail = buf[-32:]
    while True:
        chunk = s.recv(1 << 20)
        if not chunk:
            break
        got += len(chunk)
        if b"@" in chunk or b"@" in (tail + chunk[:32]):
            leaked = True
        tail = chunk[-32:]
    secs = time.time() - start
    print("download: %s, %d body bytes (framing included) in %.1f s, e-mail left in clear: %s"
          % (head.split("\r\n")[0], got, secs, "yes" if leaked else "no"))


def cmd_upload(args):
    s = socket.create_connection(("127.0.0.1", args.port))
    s.sendall(b"POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\nContent-Length: %d\r\n\r\n"
              % args.bytes)
    block = block_of(1 << 20)
    start = time.time()
    sent = 0
    while sent < args.bytes:
        piece = block if args.bytes - sent >= len(block) else block[: args.bytes - sent]
        s.sendall(piece)
        sent += len(piece)
    head, _ = read_head(s, b"")
    print("upload: %d bytes in %.1f s, answer: %s" % (sent, time.time() - start, head.split("\r\n")[0] if head else None))


def cmd_idle(args):
    """One request per connection, one connection after the other (so the figure is the
    cost of an idle connection, not of 2,000 concurrent requests), then hold them open."""
    conns = []
    for _ in range(args.count):
        s = socket.create_connection(("127.0.0.1", args.port))
        s.sendall(b"GET /small HTTP/1.1\r\nHost: x\r\n\r\n")
        head, rest = read_head(s, b"")
        n = int(header(head, "content-length") or 0)
        while len(rest) < n:
            rest += s.recv(65536)
        conns.append(s)
    print("ready", flush=True)
    sys.stdin.read()
    for s in conns:
        s.close()


def cmd_json(args):
    sys.stdout.write(json_document(args.bytes))


def cmd_rss(args):
    fields = {}
    with open("/proc/%d/status" % args.pid) as f:
        for line in f:
            k, _, v = line.partition(":")
            fields[k] = v.strip()
    print(fields.get("VmRSS", "?").split()[0], fields.get("VmHWM", "?").split()[0])


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("upstream"); a.add_argument("--listen", required=True); a.set_defaults(fn=cmd_upstream)
    a = sub.add_parser("download"); a.add_argument("--port", type=int, required=True)
    a.add_argument("--bytes", type=int, required=True); a.set_defaults(fn=cmd_download)
    a = sub.add_parser("upload"); a.add_argument("--port", type=int, required=True)
    a.add_argument("--bytes", type=int, required=True); a.set_defaults(fn=cmd_upload)
    a = sub.add_parser("idle"); a.add_argument("--port", type=int, required=True)
    a.add_argument("--count", type=int, default=2000); a.set_defaults(fn=cmd_idle)
    a = sub.add_parser("json"); a.add_argument("--bytes", type=int, required=True); a.set_defaults(fn=cmd_json)
    a = sub.add_parser("rss"); a.add_argument("pid", type=int); a.set_defaults(fn=cmd_rss)
    args = p.parse_args()
    args.fn(args)


if __name__ == "__main__":
    main()
