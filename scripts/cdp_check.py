#!/usr/bin/env python3
"""Drives headless Chromium over the DevTools protocol: sets the session cookie, opens pages, takes screenshots
and fails on any console error, uncaught exception or failed load (CSP violations included).

Usage: cdp_check.py DEVTOOLS_PORT BASE_URL SESSION_TOKEN OUT_DIR PATH=NAME ...
Needs the `websocket-client` package (PyPI)."""
import base64, json, sys, time, urllib.request
import websocket  # websocket-client

port, base, token, out = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
pages = sys.argv[5:]

target = json.load(urllib.request.urlopen(
    urllib.request.Request(f"http://127.0.0.1:{port}/json/new?about:blank", method="PUT")))
ws = websocket.create_connection(target["webSocketDebuggerUrl"], timeout=30)
seq = 0
errors = []

def call(method, **params):
    global seq
    seq += 1
    ws.send(json.dumps({"id": seq, "method": method, "params": params}))
    while True:
        msg = json.loads(ws.recv())
        if msg.get("id") == seq:
            if "error" in msg:
                raise SystemExit(f"{method}: {msg['error']}")
            return msg.get("result", {})
        note(msg)

def note(msg):
    m, p = msg.get("method"), msg.get("params", {})
    if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
        errors.append("console: " + " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", [])))
    elif m == "Runtime.exceptionThrown":
        errors.append("exception: " + p["exceptionDetails"].get("text", ""))
    elif m == "Log.entryAdded" and p["entry"].get("level") == "error":
        errors.append("log: " + p["entry"].get("text", "") + " " + p["entry"].get("url", ""))

for domain in ("Page", "Runtime", "Log", "Network"):
    call(domain + ".enable")
call("Network.setCookie", name="mandat_session", value=token, url=base, httpOnly=True, sameSite="Strict")
call("Emulation.setDeviceMetricsOverride", width=1280, height=1400, deviceScaleFactor=1, mobile=False)

status = 0
for spec in pages:
    path, _, name = spec.rpartition("=")  # PATH=NAME; the name is after the last '='
    if not path:
        raise SystemExit(f"{spec}: write PATH=NAME")
    before = len(errors)
    call("Page.navigate", url=base + path)
    deadline = time.time() + 20
    loaded = False
    while time.time() < deadline and not loaded:
        msg = json.loads(ws.recv())
        note(msg)
        loaded = msg.get("method") == "Page.loadEventFired"
    if not loaded:
        errors.append(f"{path}: page did not load in 20 s")
    time.sleep(0.3)
    while True:  # drain late events
        ws.settimeout(0.2)
        try:
            note(json.loads(ws.recv()))
        except Exception:
            break
    ws.settimeout(30)
    title = call("Runtime.evaluate", expression="document.title")["result"].get("value", "")
    url = call("Runtime.evaluate", expression="location.pathname")["result"].get("value", "")
    if url.startswith("/login"):
        errors.append(f"{path}: redirected to the sign-in page (cookie refused?)")
    png = call("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
    with open(f"{out}/{name}.png", "wb") as f:
        f.write(base64.b64decode(png))
    print(f"{path}: title «{title}», screenshot {out}/{name}.png, {len(errors) - before} error(s)")

for e in errors:
    print("ERROR", e)
ws.close()
sys.exit(1 if errors else 0)
