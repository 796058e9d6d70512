#!/usr/bin/env python3
"""Rollout benchmark: shipgate's canary rollout against the scripted pipeline it replaces.

One command (see docs/performance.md, section "Rollout"):

    python3 bench/rollout.py [--rounds 3] [--step 30] [--rps 100]

On free loopback ports it starts nginx (its own prefix), Prometheus (scraping every 1 s),
`shipgate-demo` v1 as the stable server (1% of requests fail) and a steady traffic generator
through nginx that records, for every request, when it was sent, its status and which
upstream served it (nginx adds `X-Upstream: $upstream_addr`). The canary is started fresh
for every rollout by bench/rollout_deploy.sh, under a version name of its own.

(a)/(b) N rounds, alternating, of a canary failing 10% of its requests:
  (a) bench/rollout_baseline.sh: 100% to the canary at once, sleep one step, one instant
      sample compared with `< 0.05` in bash, "rollback" by rewriting the upstream;
  (b) `shipgate rollout start` with steps weight 10 / pause / weight 50 / pause / weight 100
      (pauses of the same step duration), the metric check `canary_error_ratio < 0.05`,
      analysis interval 2 s, initial delay 3 s.
(c) a canary failing 3% against the stable's 1%: the pipeline, shipgate with the metric check
    only, and shipgate with the canary judge (`rollout.analysis.judge: true`).

Prints Markdown tables (also kept in bench/data/rollout-results.md) and whether the targets
are met: at least 20x fewer failed requests attributable to the canary, and traffic back on
stable within two analysis intervals of the canary's first traffic.

Environment: SHIPGATE_BIN and SHIPGATE_DEMO_BIN use prebuilt binaries instead of
`cargo build --release -p shipgate -p shipgate-demo`; CARGO_TARGET_DIR is honoured.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"

STABLE_ERROR_RATE = 0.01
BAD_CANARY_ERROR_RATE = 0.10
SUBTLE_CANARY_ERROR_RATE = 0.03
THRESHOLD = 0.05
ANALYSIS_INTERVAL_S = 2
# Prometheus scrapes every 1 s and a rate needs two samples: the canary's first scrape lands
# within 1 s of its first traffic, the second 1 s later; 1 s more for the query to see it.
INITIAL_DELAY_S = 3
# set by main: --min-requests and the initial delay it needs
SETTINGS = {"min_requests": 0, "initial_delay": INITIAL_DELAY_S, "interval": ANALYSIS_INTERVAL_S}

# The canary's share of failed requests. Every rollout starts a fresh canary under a version
# name of its own, so over 30 s this is its whole life at first: the first samples give a
# value as soon as Prometheus has two scrapes of it, later ones a steadier one.
CANARY_RATIO = (
    '(sum(rate(http_requests_total{code=~"5..", path="/api/work", version="{{version}}"}[30s]))'
    ' or vector(0)) / sum(rate(http_requests_total{path="/api/work", version="{{version}}"}[30s]))'
)


def canary_query(min_requests: int) -> str:
    """The metric check's query; with `min_requests`, no value until the canary has served
    that many requests in the window (a ratio of a handful of requests is noise)."""
    if min_requests <= 0:
        return CANARY_RATIO
    return (f'({CANARY_RATIO}) and (sum(increase(http_requests_total{{path="/api/work", '
            f'version="{{{{version}}}}"}}[30s])) >= {min_requests})')


JUDGE_QUERY = (
    '(sum(rate(http_requests_total{code=~"5..", path="/api/work", {{selector}}}[5s])) or vector(0))'
    ' / sum(rate(http_requests_total{path="/api/work", {{selector}}}[5s]))'
)


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(cond, timeout: float, what: str, interval: float = 0.05) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


def http_status(addr: str, path: str) -> int | None:
    host, port = addr.rsplit(":", 1)
    try:
        conn = http.client.HTTPConnection(host, int(port), timeout=2)
        conn.request("GET", path, headers={"Connection": "close"})
        resp = conn.getresponse()
        resp.read()
        conn.close()
        return resp.status
    except OSError:
        return None


def find_binary(name: str, env_var: str) -> str:
    if os.environ.get(env_var):
        return os.environ[env_var]
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    if not target.is_absolute():
        target = REPO / target
    built = target / "release" / name
    if built.is_file():
        return str(built)
    on_path = shutil.which(name)
    if on_path:
        return on_path
    raise SystemExit(f"{name} not found: build it with `cargo build --release -p {name}`")


def nginx_binary() -> str:
    for candidate in ("/usr/sbin/nginx", "/usr/bin/nginx"):
        if Path(candidate).exists():
            return candidate
    found = shutil.which("nginx")
    if not found:
        raise SystemExit("nginx is not installed (Debian package `nginx`)")
    return found


# ---------------------------------------------------------------------------------------
# processes


class Processes:
    """Everything the benchmark starts, stopped in reverse order (SIGTERM, then SIGKILL)."""

    def __init__(self) -> None:
        self.children: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, argv: list[str], logfile: Path, **kw) -> subprocess.Popen:
        out = open(logfile, "ab")
        proc = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=out, stderr=out, start_new_session=True, **kw
        )
        out.close()
        self.children.append((name, proc))
        return proc

    def stop_all(self) -> None:
        for _name, proc in reversed(self.children):
            if proc.poll() is None:
                proc.terminate()
        for name, proc in reversed(self.children):
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                log(f"{name} did not stop on SIGTERM: SIGKILL")
                proc.kill()
                proc.wait()
        self.children.clear()


# ---------------------------------------------------------------------------------------
# traffic


@dataclass
class Request:
    sent: float  # monotonic
    status: int  # 0: no answer
    upstream: str


class Traffic:
    """About `rps` requests a second to GET /api/work through nginx, from `threads` threads,
    each on a fixed schedule (a slow answer does not lower the rate; no burst after it)."""

    def __init__(self, port: int, rps: int, threads: int = 8) -> None:
        self.port = port
        self.period = threads / rps
        self.threads = [threading.Thread(target=self._run, args=(i,), daemon=True) for i in range(threads)]
        self.n = threads
        self.records: list[Request] = []
        self.stop = threading.Event()

    def start(self) -> None:
        self.t0 = time.monotonic()
        for t in self.threads:
            t.start()

    def close(self) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(timeout=10)

    def _run(self, index: int) -> None:
        due = self.t0 + index * self.period / self.n
        while not self.stop.is_set():
            now = time.monotonic()
            if due > now:
                time.sleep(due - now)
            sent = time.monotonic()
            status, upstream = 0, ""
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/api/work", headers={"Connection": "close"})
                resp = conn.getresponse()
                resp.read()
                status, upstream = resp.status, resp.getheader("X-Upstream", "")
                conn.close()
            except OSError:
                pass
            self.records.append(Request(sent, status, upstream))
            due += self.period
            if due < time.monotonic() - 1:
                due = time.monotonic()

    def since(self, t: float) -> list[Request]:
        return [r for r in list(self.records) if r.sent >= t]


# ---------------------------------------------------------------------------------------
# the environment


@dataclass
class Env:
    work: Path
    shipgate: str
    demo: str
    nginx: str
    nginx_port: int
    prom_port: int
    stable: str
    canary: str
    procs: Processes
    traffic: Traffic | None = None

    @property
    def prom_url(self) -> str:
        return f"http://127.0.0.1:{self.prom_port}"

    @property
    def upstream_file(self) -> Path:
        return self.work / "upstream.conf"

    def nginx_argv(self, *extra: str) -> list[str]:
        p = self.work / "nginx"
        return [self.nginx, "-p", f"{p}/", "-c", str(p / "nginx.conf"), "-e", str(p / "error.log"), *extra]

    def base_env(self, error_rate: float, seed: int) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            SHIPGATE_DEMO=self.demo,
            CANARY_ADDR=self.canary,
            CANARY_ERROR_RATE=str(error_rate),
            CANARY_SEED=str(seed),
            STATE_DIR=str(self.work),
            NO_COLOR="1",
        )
        return env


def start_env(work: Path, shipgate: str, demo: str, rps: int) -> Env:
    procs = Processes()
    env = Env(
        work=work,
        shipgate=shipgate,
        demo=demo,
        nginx=nginx_binary(),
        nginx_port=free_port(),
        prom_port=free_port(),
        stable=f"127.0.0.1:{free_port()}",
        canary=f"127.0.0.1:{free_port()}",
        procs=procs,
    )
    # the stable server, v1, failing 1%
    procs.start(
        "stable",
        [demo, "--listen", env.stable, "--version", "v1", "--error-rate", str(STABLE_ERROR_RATE), "--seed", "11"],
        work / "stable.log",
    )
    wait_until(lambda: http_status(env.stable, "/health/ready") == 200, 20, "the stable server")

    # Prometheus, scraping both servers every second
    (work / "prometheus.yml").write_text(
        "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n"
        f"  - job_name: demo\n    static_configs:\n      - targets: ['{env.stable}', '{env.canary}']\n"
    )
    procs.start(
        "prometheus",
        [
            "prometheus",
            f"--config.file={work / 'prometheus.yml'}",
            f"--storage.tsdb.path={work / 'prometheus-data'}",
            f"--web.listen-address=127.0.0.1:{env.prom_port}",
        ],
        work / "prometheus.log",
    )
    wait_until(lambda: http_status(f"127.0.0.1:{env.prom_port}", "/-/ready") == 200, 60, "Prometheus")

    # nginx with its own prefix, proxying to the upstream file's block, naming the upstream
    p = work / "nginx"
    p.mkdir()
    for temp in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (p / temp).mkdir()
    env.upstream_file.write_text(f"upstream web {{\n    server {env.stable};\n}}\n")
    (p / "nginx.conf").write_text(
        f"worker_processes 1;\npid {p}/nginx.pid;\nerror_log {p}/error.log notice;\ndaemon off;\n"
        "events { worker_connections 1024; }\n"
        f"http {{\n  access_log off;\n  client_body_temp_path {p}/body;\n  proxy_temp_path {p}/proxy;\n"
        f"  fastcgi_temp_path {p}/fastcgi;\n  uwsgi_temp_path {p}/uwsgi;\n  scgi_temp_path {p}/scgi;\n"
        f"  include {env.upstream_file};\n"
        f"  server {{\n    listen 127.0.0.1:{env.nginx_port};\n"
        "    location / { proxy_pass http://web; add_header X-Upstream $upstream_addr always; }\n  }\n}\n"
    )
    procs.start("nginx", env.nginx_argv(), p / "stdout.log")
    wait_until(lambda: http_status(f"127.0.0.1:{env.nginx_port}", "/health/live") == 200, 20, "nginx")

    env.traffic = Traffic(env.nginx_port, rps)
    env.traffic.start()
    # Prometheus has scraped the stable server's traffic
    wait_until(lambda: prom_scalar(env, 'sum(rate(http_requests_total{version="v1",path="/api/work"}[4s]))') > 0,
               60, "Prometheus to see the stable server's traffic", interval=0.5)
    return env


def prom_scalar(env: Env, query: str) -> float:
    url = f"{env.prom_url}/api/v1/query?" + urllib.parse.urlencode({"query": query})
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            data = json.load(resp)
        result = data["data"]["result"]
        return float(result[0]["value"][1]) if result else 0.0
    except (OSError, ValueError, KeyError, IndexError):
        return 0.0


def reset_to_stable(env: Env) -> None:
    """Between rounds: all traffic on the stable server, no canary, nginx settled."""
    wanted = f"upstream web {{\n    server {env.stable};\n}}\n"
    if env.upstream_file.read_text() != wanted:
        env.upstream_file.write_text(wanted)
        subprocess.run(env.nginx_argv("-s", "reload"), check=True)
    subprocess.run([str(BENCH / "rollout_deploy.sh"), "stop", "none"], env=env.base_env(0, 0),
                   check=True, stdout=subprocess.DEVNULL)
    mark = time.monotonic()
    assert env.traffic is not None

    def settled() -> bool:
        recent = env.traffic.since(mark + 0.5)
        return len(recent) >= 50 and all(r.upstream == env.stable for r in recent[-50:])

    wait_until(settled, 30, "all traffic back on the stable server")


# ---------------------------------------------------------------------------------------
# one rollout


@dataclass
class Round:
    part: str
    pipeline: str
    version: str
    error_rate: float
    outcome: str = ""
    why: str = ""
    requests: list[Request] = field(default_factory=list)
    started: float = 0.0
    ended: float = 0.0
    seconds: float = 0.0


def shipgate_config(env: Env, folder: Path, step: int, judge: bool) -> Path:
    q = lambda argv: "[" + ", ".join(json.dumps(a) for a in argv) + "]"  # noqa: E731
    deploy = str(BENCH / "rollout_deploy.sh")
    analysis = ""
    if judge:
        analysis = f"""analysis:
  canary:   {{ version: "{{{{version}}}}" }}
  baseline: {{ version: "{{{{stable}}}}" }}
  window: 5m
  step: 1s
  min_samples: 10
  metrics:
    - name: error_ratio
      query: '{JUDGE_QUERY}'
      direction: increase
      allowed_change: 50%
"""
    text = f"""# written by bench/rollout.py
store: {folder / 'history.db'}
prometheus: {{ url: "{env.prom_url}" }}
smoke:
  base_url: "http://{env.stable}"
  wait: {{ timeout: 10s, interval: 200ms }}
  checks:
    - {{ name: ready, request: {{ path: /health/ready }} }}
metrics:
  checks:
    - name: canary_error_ratio
      query: '{canary_query(SETTINGS["min_requests"])}'
      condition: "< {THRESHOLD}"
{analysis}rollout:
  service: web
  target:
    exec:
      deploy:   ["{deploy}", "start", "{{{{version}}}}"]
      promote:  ["{deploy}", "promote", "{{{{version}}}}"]
      rollback: ["{deploy}", "stop", "{{{{version}}}}"]
      timeout: 30s
  traffic:
    nginx:
      upstream_file: {env.upstream_file}
      upstream: web
      stable: ["{env.stable}"]
      canary: ["{env.canary}"]
      test: {q(env.nginx_argv("-t", "-q"))}
      reload: {q(env.nginx_argv("-s", "reload"))}
  analysis:
    interval: {SETTINGS['interval']}s
    initial_delay: {SETTINGS['initial_delay']}s
    smoke: {{ base_url: "http://{env.canary}" }}
    metrics: [canary_error_ratio]
    judge: {"true" if judge else "false"}
  steps:
    - weight: 10
    - pause: {step}s
    - weight: 50
    - pause: {step}s
    - weight: 100
"""
    path = folder / "shipgate.yaml"
    path.write_text(text)
    return path


def run_round(env: Env, r: Round, step: int, seed: int, judge: bool = False) -> Round:
    folder = env.work / r.version
    folder.mkdir()
    run_env = env.base_env(r.error_rate, seed)
    if r.pipeline == "script":
        run_env.update(
            PROM_URL=env.prom_url,
            UPSTREAM_FILE=str(env.upstream_file),
            STABLE_ADDR=env.stable,
            NGINX=env.nginx,
            NGINX_PREFIX=f"{env.work / 'nginx'}/",
            NGINX_CONF=str(env.work / "nginx" / "nginx.conf"),
            STEP_SECONDS=str(step),
            THRESHOLD=str(THRESHOLD),
            DEPLOY=str(BENCH / "rollout_deploy.sh"),
        )
        argv = ["bash", str(BENCH / "rollout_baseline.sh"), r.version]
    else:
        config = shipgate_config(env, folder, step, judge)
        argv = [env.shipgate, "--config", str(config), "rollout", "start", "--version", r.version,
                "--stable", "v1", "--format", "json"]
    log(f"{r.part}: {r.pipeline}, canary {r.version} failing {r.error_rate:.0%}")
    r.started = time.monotonic()
    done = subprocess.run(argv, env=run_env, cwd=folder, capture_output=True, text=True, timeout=6 * step + 120)
    r.ended = time.monotonic()
    r.seconds = r.ended - r.started
    (folder / "stdout.txt").write_text(done.stdout)
    (folder / "stderr.txt").write_text(done.stderr)
    if r.pipeline == "script":
        lines = done.stdout.strip().splitlines()
        r.outcome = lines[-1] if lines else f"exit {done.returncode}"
        r.why = next((l for l in lines if l.startswith("error ratio")), "")
    else:
        try:
            summary = json.loads(done.stdout)
            r.outcome = summary.get("outcome", f"exit {done.returncode}")
            r.why = summary.get("failure") or ""
        except json.JSONDecodeError:
            r.outcome = f"exit {done.returncode}"
            r.why = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
            if done.returncode == 2 and "judge" in done.stderr:
                r.outcome = "judge not available"
    # requests sent while it ran, and those in flight when it ended
    assert env.traffic is not None
    wait_until(lambda: bool(env.traffic.since(r.ended + 0.3)), 10, "traffic after the rollout")
    r.requests = [x for x in env.traffic.since(r.started) if x.sent <= r.ended + 0.3]
    log(f"  {r.outcome} after {r.seconds:.1f} s {('(' + r.why + ')') if r.why else ''}")
    reset_to_stable(env)
    return r


# ---------------------------------------------------------------------------------------
# figures


def failed(x: Request) -> bool:
    return x.status == 0 or x.status >= 500


@dataclass
class Figures:
    all_failed: int
    canary_requests: int
    canary_failed: int
    excess: float
    canary_traffic_s: float | None
    fail_to_stable_s: float | None


def figures(env: Env, r: Round, stable_rate: float) -> Figures:
    canary = [x for x in r.requests if x.upstream == env.canary]
    bad = [x for x in canary if failed(x)]
    first = min((x.sent for x in canary), default=None)
    last = max((x.sent for x in canary), default=None)
    first_bad = min((x.sent for x in bad), default=None)
    return Figures(
        all_failed=sum(1 for x in r.requests if failed(x)),
        canary_requests=len(canary),
        canary_failed=len(bad),
        excess=len(bad) - stable_rate * len(canary),
        canary_traffic_s=(last - first) if first is not None and last is not None else None,
        fail_to_stable_s=(last - first_bad) if first_bad is not None and last is not None else None,
    )


def secs(v: float | None) -> str:
    return "–" if v is None else f"{v:.1f}"


def table(env: Env, rounds: list[Round], stable_rate: float) -> list[str]:
    out = [
        "| round | pipeline | canary | ended | 5xx seen (all) | canary requests | canary 5xx "
        "| excess over stable | canary had traffic (s) | first canary 5xx → all on stable (s) | run (s) |",
        "|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rounds:
        f = figures(env, r, stable_rate)
        out.append(
            f"| {r.part} | {r.pipeline} | {r.version} {r.error_rate:.0%} | {r.outcome} | {f.all_failed} "
            f"| {f.canary_requests} | {f.canary_failed} | {f.excess:.1f} | {secs(f.canary_traffic_s)} "
            f"| {secs(f.fail_to_stable_s)} | {r.seconds:.1f} |"
        )
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=3, help="rounds of (a) and (b), alternating (default 3)")
    ap.add_argument("--step", type=int, default=30, help="step duration in seconds (default 30)")
    ap.add_argument("--rps", type=int, default=100, help="requests per second through nginx (default 100)")
    ap.add_argument("--skip-subtle", action="store_true", help="skip part (c), the 3%%-vs-1%% canary")
    ap.add_argument("--interval", type=int, default=ANALYSIS_INTERVAL_S,
                    help=f"shipgate's analysis interval in seconds (default {ANALYSIS_INTERVAL_S})")
    ap.add_argument("--min-requests", type=int, default=0,
                    help="the metric check has no value until the canary served this many requests "
                         "in its window; the initial delay grows by the time that takes at 10%% (default 0)")
    ap.add_argument("--keep", action="store_true", help="keep the scratch folder (logs, configs, stores)")
    args = ap.parse_args()
    SETTINGS["min_requests"] = args.min_requests
    SETTINGS["interval"] = args.interval
    if args.min_requests > 0:
        SETTINGS["initial_delay"] = INITIAL_DELAY_S + -(-args.min_requests * 10 // args.rps)

    for tool in ("prometheus", "curl", "jq", "bc"):
        if not shutil.which(tool):
            raise SystemExit(f"`{tool}` is not on PATH (Debian packages: prometheus nginx curl jq bc)")
    if not (os.environ.get("SHIPGATE_BIN") and os.environ.get("SHIPGATE_DEMO_BIN")):
        log("cargo build --release -p shipgate -p shipgate-demo")
        subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "shipgate", "-p", "shipgate-demo"],
                       cwd=REPO, check=True)
    shipgate = find_binary("shipgate", "SHIPGATE_BIN")
    demo = find_binary("shipgate-demo", "SHIPGATE_DEMO_BIN")

    work = Path(tempfile.mkdtemp(prefix="shipgate-rollout-bench-"))
    # SIGTERM ends the benchmark like Ctrl-C: everything it started is stopped
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    env = None
    try:
        log(f"scratch folder {work}")
        env = start_env(work, shipgate, demo, args.rps)
        log(f"nginx 127.0.0.1:{env.nginx_port}, Prometheus {env.prom_url}, stable {env.stable}, "
            f"canary {env.canary}, {args.rps} req/s")
        rounds: list[Round] = []
        for i in range(1, args.rounds + 1):
            rounds.append(run_round(env, Round(f"{i}", "script", f"v2-script-{i}", BAD_CANARY_ERROR_RATE), args.step, 100 + i))
            rounds.append(run_round(env, Round(f"{i}", "shipgate", f"v2-shipgate-{i}", BAD_CANARY_ERROR_RATE), args.step, 100 + i))
        subtle: list[Round] = []
        if not args.skip_subtle:
            rate = SUBTLE_CANARY_ERROR_RATE
            subtle.append(run_round(env, Round("control", "shipgate, metric check", "v1-1-metric",
                                               STABLE_ERROR_RATE), args.step, 300))
            subtle.append(run_round(env, Round("c", "script", "v3-script", rate), args.step, 200))
            subtle.append(run_round(env, Round("c", "shipgate, metric check", "v3-metric", rate), args.step, 200))
            subtle.append(run_round(env, Round("c", "shipgate, judge", "v3-judge", rate), args.step, 200, judge=True))
        assert env.traffic is not None
        env.traffic.close()
        records = env.traffic.records
        stable_served = [x for x in records if x.upstream == env.stable]
        stable_rate = sum(1 for x in stable_served if failed(x)) / max(1, len(stable_served))
        unanswered = sum(1 for x in records if x.status == 0)
        report = render(env, args, rounds, subtle, stable_rate, len(records), unanswered, shipgate)
        print(report)
        data = BENCH / "data"
        data.mkdir(exist_ok=True)
        (data / "rollout-results.md").write_text(report + "\n")
        log(f"kept in {data / 'rollout-results.md'}")
        return 0
    except KeyboardInterrupt:
        log("interrupted: stopping everything the benchmark started")
        return 130
    finally:
        if env is not None and env.traffic is not None:
            env.traffic.close()
        subprocess.run([str(BENCH / "rollout_deploy.sh"), "stop", "none"],
                       env={**os.environ, "STATE_DIR": str(work)}, stdout=subprocess.DEVNULL, check=False)
        if env is not None:
            env.procs.stop_all()
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def render(env: Env, args, rounds: list[Round], subtle: list[Round], stable_rate: float,
           total: int, unanswered: int, shipgate: str) -> str:
    version = subprocess.run([shipgate, "--version"], capture_output=True, text=True).stdout.strip()
    out = [
        f"## Rollout benchmark: {args.rounds} rounds, step {args.step} s, {args.rps} req/s",
        "",
        f"{version}; nginx, Prometheus (scrape 1 s), stable v1 failing {STABLE_ERROR_RATE:.0%} "
        f"(measured {stable_rate:.2%} over {total} requests, {unanswered} unanswered); shipgate: "
        f"steps 10% / pause {args.step} s / 50% / pause {args.step} s / 100%, analysis interval "
        f"{SETTINGS['interval']} s, initial delay {SETTINGS['initial_delay']} s, `canary_error_ratio < {THRESHOLD}` "
        f"over 30 s"
        + (f", only once the canary served {SETTINGS['min_requests']} requests in them" if SETTINGS["min_requests"] else "")
        + ".",
        "",
        "### (a)/(b) a canary failing 10% of its requests",
        "",
        *table(env, rounds, stable_rate),
        "",
    ]
    script = [figures(env, r, stable_rate) for r in rounds if r.pipeline == "script"]
    ours = [figures(env, r, stable_rate) for r in rounds if r.pipeline == "shipgate"]
    ours_rounds = [r for r in rounds if r.pipeline == "shipgate"]
    if script and ours:
        ex_s, ex_o = sum(f.excess for f in script), sum(f.excess for f in ours)
        raw_s, raw_o = sum(f.canary_failed for f in script), sum(f.canary_failed for f in ours)
        all_s, all_o = sum(f.all_failed for f in script), sum(f.all_failed for f in ours)
        ratio = lambda a, b: f"{a / b:.1f}x" if b > 0 else "∞ (none)"  # noqa: E731
        met = ex_o <= 0 or ex_s / ex_o >= 20
        out += [
            "Failed requests, totals over the rounds (script / shipgate):",
            "",
            f"- attributable to the canary (its 5xx beyond the stable's {stable_rate:.2%}): "
            f"{ex_s:.1f} / {ex_o:.1f} = **{ratio(ex_s, ex_o)} fewer** (target 20x: "
            f"{'met' if met else 'NOT met'})",
            f"- raw, served by the canary: {raw_s} / {raw_o} = {ratio(raw_s, raw_o)}",
            f"- raw, every 5xx the users saw while the rollout ran: {all_s} / {all_o} = {ratio(all_s, all_o)} "
            f"(the shipgate run is shorter: it ended when it rolled back)",
            "",
        ]
        limit = 2 * SETTINGS["interval"]
        times = [f.canary_traffic_s for f in ours if f.canary_traffic_s is not None]
        back = [f.fail_to_stable_s for f in ours if f.fail_to_stable_s is not None]
        within = [t for t in times if t <= limit]
        rolled = sum(1 for r in ours_rounds if r.outcome == "rolled_back")
        out += [
            f"shipgate rolled back {rolled} of {len(ours_rounds)}; canary's first request → last "
            f"request it served: median {statistics.median(times):.1f} s (max {max(times):.1f} s); "
            f"target two analysis intervals ({limit} s): "
            f"{'met' if len(within) == len(times) else f'NOT met ({len(within)} of {len(times)} rounds within)'}"
            if times else "shipgate: the canary served no request",
            "",
            f"first failed canary request → all traffic on stable: median "
            f"{statistics.median(back):.1f} s (shipgate) vs "
            f"{statistics.median([f.fail_to_stable_s for f in script if f.fail_to_stable_s is not None] or [0]):.1f} s (script)"
            if back else "",
            "",
        ]
    if subtle:
        out += [
            f"### (c) a canary failing {SUBTLE_CANARY_ERROR_RATE:.0%} against the stable's {STABLE_ERROR_RATE:.0%}; "
            f"control: a canary failing {STABLE_ERROR_RATE:.0%} like the stable",
            "",
            *table(env, subtle, stable_rate),
            "",
        ]
        for r in subtle:
            expected = "rolled_back" if "judge" in r.pipeline and r.part == "c" else "promoted"
            verdict = "as expected" if r.outcome == expected else f"expected {expected}"
            out.append(f"- {r.pipeline}: {r.outcome} ({verdict}){': ' + r.why if r.why else ''}")
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
