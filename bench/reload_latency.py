#!/usr/bin/env python3
"""Edit-to-reload latency of `studysite serve` (and `zola serve` where installed).

Starts the server on a site, then 20 times: appends a paragraph to one note and measures
(1) file write -> `reload` event received on the server's event stream, and
(2) file write -> the page's new HTML served.
Prints the medians. Standard library only.

Usage: bench/reload_latency.py --site DIR --note notes/x/y.md --page /x/y/ [--binary PATH] [--runs 20]
"""
import argparse, http.client, os, socket, statistics, subprocess, sys, time

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

def fetch(port, path):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request("GET", path); r = c.getresponse(); body = r.read().decode("utf-8", "replace"); c.close()
    return r.status, body

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--site", required=True)
    ap.add_argument("--note", required=True, help="note file, relative to the site")
    ap.add_argument("--page", required=True, help="URL path of that note's page")
    ap.add_argument("--binary", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "studysite"))
    ap.add_argument("--runs", type=int, default=20)
    a = ap.parse_args()
    port = free_port()
    proc = subprocess.Popen([a.binary, "serve", "--root", a.site, "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    note = os.path.join(a.site, a.note)
    original = open(note, encoding="utf-8").read()
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                if fetch(port, a.page)[0] == 200: break
            except OSError: time.sleep(0.1)
        events = socket.create_connection(("127.0.0.1", port))
        # serve answers only requests for its own address (a DNS-rebinding guard).
        events.sendall(f"GET /__studysite/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        events.settimeout(30)
        buf = b""
        while b"event: hello" not in buf: buf += events.recv(65536)
        time.sleep(1)
        to_event, to_page = [], []
        for i in range(a.runs):
            marker = f"Edited paragraph {i} {time.time_ns()}."
            buf = b""
            t0 = time.perf_counter()
            with open(note, "a", encoding="utf-8") as f: f.write(f"\n\n{marker}\n")
            while b"event: reload" not in buf and b"event: errors" not in buf: buf += events.recv(65536)
            to_event.append((time.perf_counter() - t0) * 1000)
            while marker not in fetch(port, a.page)[1]: pass
            to_page.append((time.perf_counter() - t0) * 1000)
            time.sleep(0.4)
        print(f"site={a.site} runs={a.runs}")
        print(f"write -> reload event : median {statistics.median(to_event):.1f} ms (min {min(to_event):.1f}, max {max(to_event):.1f})")
        print(f"write -> page updated : median {statistics.median(to_page):.1f} ms (min {min(to_page):.1f}, max {max(to_page):.1f})")
    finally:
        open(note, "w", encoding="utf-8").write(original)
        proc.terminate(); proc.wait()

if __name__ == "__main__":
    main()
