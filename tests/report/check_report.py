#!/usr/bin/env python3
"""Loads a `microaot report` page in headless Chromium and checks it.

Talks to Chromium over the DevTools protocol on a pipe (--remote-debugging-pipe: JSON messages
separated by NUL bytes on file descriptors 3 and 4, no network port). Fails when the page logs a
console error or warning, throws, or requests anything besides its own file (it must be
self-contained), or when the number of SVG elements of a class differs from what is expected
(--expect CLASS=N, counted with querySelectorAll('svg .CLASS')). Writes a full-page PNG
screenshot (--screenshot). --expect-text TEXT: the page's text must contain TEXT.

--self-test instead loads pages with a console error, an exception and an external image and
passes only if every one of them is reported (the checker can fail).
"""
import argparse
import base64
import fcntl
import json
import os
import select
import subprocess
import sys
import tempfile
import time
from pathlib import Path


class Chromium:
    def __init__(self, binary, timeout):
        self.timeout = timeout
        self.profile = tempfile.TemporaryDirectory(prefix="microaot-chromium-")
        to_child_r, self.to_child = os.pipe()
        self.from_child, from_child_w = os.pipe()
        # Out of the way of 3 and 4, which the child gets as copies (pass_fds keeps them open).
        to_child_r = self._move_up(to_child_r)
        from_child_w = self._move_up(from_child_w)

        def wire_fds():  # the protocol's fixed descriptors in the child
            os.dup2(to_child_r, 3)
            os.dup2(from_child_w, 4)

        self.proc = subprocess.Popen(
            [binary, "--headless=new", "--remote-debugging-pipe", "--no-sandbox",
             "--disable-gpu", "--no-first-run", "--no-default-browser-check",
             "--disable-background-networking", "--disable-extensions",
             "--disable-component-update", "--disable-sync", "--hide-scrollbars",
             f"--user-data-dir={self.profile.name}", "about:blank"],
            pass_fds=(3, 4), preexec_fn=wire_fds,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_child_r)
        os.close(from_child_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    @staticmethod
    def _move_up(fd):
        high = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
        os.close(fd)
        return high

    def _read_message(self, deadline):
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no answer from Chromium")
            ready, _, _ = select.select([self.from_child], [], [], left)
            if ready:
                chunk = os.read(self.from_child, 1 << 20)
                if not chunk:
                    raise RuntimeError("Chromium closed the pipe")
                self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method, params=None, session=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_child, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            m = self._read_message(deadline)
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            self.events.append(m)

    def wait_event(self, method, session):
        deadline = time.monotonic() + self.timeout
        for i, m in enumerate(self.events):
            if m.get("method") == method and m.get("sessionId") == session:
                return self.events.pop(i)
        while True:
            m = self._read_message(deadline)
            if m.get("method") == method and m.get("sessionId") == session:
                return m
            self.events.append(m)

    def close(self):
        try:
            self.call("Browser.close")
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.profile.cleanup()


def load(chromium, page):
    """Opens `page`; returns (session, problems) once it has loaded and settled."""
    target = chromium.call("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = chromium.call("Target.attachToTarget",
                            {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Page", "Runtime", "Log", "Network"):
        chromium.call(f"{domain}.enable", session=session)
    chromium.call("Emulation.setDeviceMetricsOverride",
                  {"width": 1400, "height": 900, "deviceScaleFactor": 1, "mobile": False},
                  session=session)
    url = page.resolve().as_uri()
    chromium.call("Page.navigate", {"url": url}, session=session)
    chromium.wait_event("Page.loadEventFired", session)
    time.sleep(0.3)  # late console messages
    chromium.call("Runtime.evaluate", {"expression": "1"}, session=session)  # drains events
    problems = []
    for m in chromium.events:
        if m.get("sessionId") != session:
            continue
        p = m.get("params", {})
        method = m.get("method")
        if method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "warning",
                                                                       "assert"):
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in p["args"])
            problems.append(f"console {p['type']}: {text}")
        elif method == "Runtime.exceptionThrown":
            problems.append(f"exception: {p['exceptionDetails'].get('text')} "
                            f"{p['exceptionDetails'].get('exception', {}).get('description', '')}")
        elif method == "Log.entryAdded" and p["entry"]["level"] in ("error", "warning"):
            problems.append(f"log {p['entry']['level']}: {p['entry']['text']}")
        elif method == "Network.requestWillBeSent" and p["request"]["url"] != url \
                and not p["request"]["url"].startswith("data:"):
            problems.append(f"network request: {p['request']['url']}")
    chromium.events = [m for m in chromium.events if m.get("sessionId") != session]
    return session, problems


def evaluate(chromium, session, expression):
    r = chromium.call("Runtime.evaluate", {"expression": expression, "returnByValue": True},
                      session=session)
    if "exceptionDetails" in r:
        raise RuntimeError(f"{expression}: {r['exceptionDetails']}")
    return r["result"]["value"]


def screenshot(chromium, session, path):
    size = chromium.call("Page.getLayoutMetrics", session=session)["cssContentSize"]
    shot = chromium.call("Page.captureScreenshot",
                         {"format": "png", "captureBeyondViewport": True,
                          "clip": {"x": 0, "y": 0, "width": size["width"],
                                   "height": size["height"], "scale": 1}}, session=session)
    data = base64.b64decode(shot["data"])
    if not data.startswith(b"\x89PNG"):
        raise RuntimeError("the screenshot is not a PNG")
    path.write_bytes(data)
    return len(data), size


def self_test(chromium, work):
    cases = {
        "console": ("<script>console.error('boom')</script>", "console error: boom"),
        "exception": ("<script>undefined_function()</script>", "exception:"),
        "network": ("<img src='http://192.0.2.1/x.png'>", "network request: http://192.0.2.1"),
    }
    failures = 0
    for name, (body, expected) in cases.items():
        page = work / f"bad_{name}.html"
        page.write_text(f"<!DOCTYPE html><html><head><link rel=icon href='data:,'></head>"
                        f"<body>{body}</body></html>")
        _, problems = load(chromium, page)
        caught = any(p.startswith(expected) for p in problems)
        print(f"self-test {name}: {'reported' if caught else 'NOT REPORTED'} {problems}")
        failures += 0 if caught else 1
    page = work / "good.html"
    page.write_text("<!DOCTYPE html><html><head><link rel=icon href='data:,'></head>"
                    "<body><svg><rect class='x'/><rect class='x'/></svg></body></html>")
    session, problems = load(chromium, page)
    count = evaluate(chromium, session, "document.querySelectorAll('svg .x').length")
    if problems or count != 2:
        print(f"self-test clean page: problems {problems}, {count} elements (want 2)")
        failures += 1
    return failures


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("page", nargs="?", type=Path)
    ap.add_argument("--chromium", default="chromium")
    ap.add_argument("--expect", action="append", default=[], help="CLASS=N")
    ap.add_argument("--expect-text", action="append", default=[])
    ap.add_argument("--screenshot", type=Path)
    ap.add_argument("--self-test", type=Path, metavar="WORK_DIR")
    ap.add_argument("--timeout", type=float, default=60)
    args = ap.parse_args()

    chromium = Chromium(args.chromium, args.timeout)
    try:
        if args.self_test:
            args.self_test.mkdir(parents=True, exist_ok=True)
            return 1 if self_test(chromium, args.self_test) else 0
        session, problems = load(chromium, args.page)
        for expectation in args.expect:
            cls, want = expectation.split("=")
            got = evaluate(chromium, session, f"document.querySelectorAll('svg .{cls}').length")
            print(f"svg .{cls}: {got} elements (expected {want})")
            if got != int(want):
                problems.append(f"svg .{cls}: {got} elements, expected {want}")
        text = evaluate(chromium, session, "document.body.innerText")
        for t in args.expect_text:
            if t not in text:
                problems.append(f"the page does not say '{t}'")
        if args.screenshot:
            size, layout = screenshot(chromium, session, args.screenshot)
            print(f"screenshot {args.screenshot}: {size} bytes, "
                  f"{layout['width']:.0f}x{layout['height']:.0f} CSS px")
    finally:
        chromium.close()
    for p in problems:
        print("FAIL:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
