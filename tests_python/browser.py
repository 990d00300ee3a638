"""Headless Chromium, driven over the DevTools protocol on a pipe (no driver, no extra package).

`open_page(path)` loads a local file with the network off (offline emulation, a dead proxy and a
host resolver that resolves nothing), records every request, every JavaScript dialog (an `alert`
that fires) and console message, and can evaluate expressions and take a full-page screenshot.
Chromium is Debian's `chromium` package: `dev/ensure_chromium.sh` installs it when absent.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from dark_social import PROJECT_DIR

ENSURE_SCRIPT = PROJECT_DIR / "dev" / "ensure_chromium.sh"


def chromium_path() -> str | None:
    """Chromium's path, installing it (dev/ensure_chromium.sh) when absent; None when it cannot be."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    completed = subprocess.run(["bash", str(ENSURE_SCRIPT)], capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        return None
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Browser:
    def __init__(self, executable: str) -> None:
        self.profile = tempfile.mkdtemp(prefix="dark-social-chromium-")
        to_child_r, self._to_child_w = os.pipe()
        self._from_child_r, from_child_w = os.pipe()

        def wire() -> None:  # the DevTools pipe: Chromium reads fd 3 and writes fd 4
            high_r = fcntl.fcntl(to_child_r, fcntl.F_DUPFD, 10)
            high_w = fcntl.fcntl(from_child_w, fcntl.F_DUPFD, 10)
            os.dup2(high_r, 3)  # inheritable; the pipes' own fds close on exec
            os.dup2(high_w, 4)

        self.process = subprocess.Popen(
            [
                executable,
                "--headless=new",
                "--remote-debugging-pipe",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                # no network: a proxy that refuses, a resolver that resolves nothing
                "--proxy-server=127.0.0.1:9",
                "--host-resolver-rules=MAP * ~NOTFOUND",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=wire,  # noqa: PLW1509 - the child is exec'd at once
            close_fds=False,
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._next_id = 0
        self._replies: dict[int, queue.Queue] = {}
        self.events: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        buffer = b""
        with os.fdopen(self._from_child_r, "rb", buffering=0) as stream:
            while True:
                chunk = stream.read(1 << 16)
                if not chunk:
                    return
                buffer += chunk
                while b"\0" in buffer:
                    raw, buffer = buffer.split(b"\0", 1)
                    message = json.loads(raw)
                    if "id" in message and message["id"] in self._replies:
                        self._replies[message["id"]].put(message)
                    else:
                        with self._lock:
                            self.events.append(message)
                        if message.get("method") == "Page.javascriptDialogOpening":
                            # answer it, or the page hangs; the event stays recorded
                            self.send(
                                "Page.handleJavaScriptDialog",
                                {"accept": True},
                                message.get("sessionId"),
                                wait=False,
                            )

    def send(
        self,
        method: str,
        params: dict | None = None,
        session: str | None = None,
        wait: bool = True,
        timeout: float = 60,
    ) -> dict[str, Any]:
        with self._lock:
            self._next_id += 1
            message_id = self._next_id
            self._replies[message_id] = queue.Queue()
        message: dict[str, Any] = {"id": message_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_child_w, json.dumps(message).encode() + b"\0")
        if not wait:
            return {}
        reply = self._replies[message_id].get(timeout=timeout)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def wait_event(self, method: str, session: str, timeout: float = 60) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                for event in self.events:
                    if event.get("method") == method and event.get("sessionId") == session:
                        return event
            time.sleep(0.05)
        raise TimeoutError(f"no {method} within {timeout} s")

    def close(self) -> None:
        try:
            self.send("Browser.close", wait=False)
            self.process.wait(timeout=10)
        except Exception:  # noqa: BLE001 - whatever happens, the process goes
            self.process.kill()
            self.process.wait()
        os.close(self._to_child_w)
        shutil.rmtree(self.profile, ignore_errors=True)


class Page:
    def __init__(self, browser: Browser, path: Path, width: int = 1100) -> None:
        self.browser = browser
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        for domain in ("Page", "Runtime", "Network"):
            browser.send(f"{domain}.enable", session=self.session)
        browser.send(
            "Network.emulateNetworkConditions",
            {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
            session=self.session,
        )
        browser.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False},
            session=self.session,
        )
        browser.send("Page.navigate", {"url": path.resolve().as_uri()}, session=self.session)
        browser.wait_event("Page.loadEventFired", self.session)
        time.sleep(0.3)  # a script that would fire late (a timer, an image's onerror) gets its chance

    def _events(self, method: str) -> list[dict[str, Any]]:
        with self.browser._lock:
            return [
                e
                for e in self.browser.events
                if e.get("method") == method and e.get("sessionId") == self.session
            ]

    @property
    def dialogs(self) -> list[str]:
        return [event["params"].get("message", "") for event in self._events("Page.javascriptDialogOpening")]

    @property
    def requested_urls(self) -> list[str]:
        return [event["params"]["request"]["url"] for event in self._events("Network.requestWillBeSent")]

    def evaluate(self, expression: str) -> Any:
        result = self.browser.send(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=self.session
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"evaluate failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path: Path) -> Path:
        metrics = self.browser.send("Page.getLayoutMetrics", session=self.session)
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        shot = self.browser.send(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1},
            },
            session=self.session,
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))
        return path
