"""The production stack on loopback, as processes: a private PostgreSQL (pgcluster) and Redis,
ONE frontend build served by TWO app instances (deploy/entrypoint.sh's `app` role), a separate
Dramatiq worker (the `worker` role), nginx with TLS in front (deploy/nginx/nginx.conf with the
upstream mapped to the two ports), PostgreSQL and Redis exporters, and Prometheus scraping every
target (deploy/monitoring/prometheus.yml with loopback targets, the metrics token in a file).

Used by tests/e2e/test_scale_out.py and by `make stack` (`python -m tests.support.stack`),
which starts it, prints the addresses and keeps it up until Ctrl-C. Every process runs in its
own process group and `Stack.stop()` ends each group. Everything listens on 127.0.0.1.

The frontend is built as deploy/Dockerfile builds it (`reflex export --frontend-only` with the
placeholder origin, the origin chunk kept in origin-template/), into a cache folder keyed by a
hash of the sources (WRITERS_STACK_CACHE, default ~/.cache/writers-stack): a second start with
the same sources reuses the build. Each stack serves a copy of it, whose origin chunk the `app`
role rewrites to nginx's https origin.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import free_port
from tests.support.pgcluster import Cluster, workdir

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
BIN = Path(sys.executable).parent
PLACEHOLDER = "http://writers-public-origin.invalid"
SECRET = "stack-secret-" + "s" * 40


def _ready(url: str, *, token: str | None = None, insecure: bool = False) -> bool:
    import ssl

    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"} if token else {})
    context = ssl._create_unverified_context() if insecure else None  # noqa: S323  (our self-signed pair)
    try:
        with urllib.request.urlopen(request, timeout=5, context=context) as response:  # noqa: S310
            return 200 <= response.status < 300
    except OSError:
        return False


def wait_until(condition, what: str, deadline_s: float = 120, procs: list[Proc] = ()) -> float:  # noqa: ANN001
    """Seconds until `condition()` held; fails after `deadline_s` or if a process died."""
    start = time.monotonic()
    while time.monotonic() - start < deadline_s:
        for proc in procs:
            if proc.popen.poll() is not None:
                raise RuntimeError(f"{proc.name} exited ({proc.popen.returncode}):\n{proc.tail()}")
        if condition():
            return time.monotonic() - start
        time.sleep(0.25)
    tails = "\n".join(f"--- {p.name}\n{p.tail()}" for p in procs)
    raise TimeoutError(f"{what}: not within {deadline_s} s\n{tails}")


@dataclass
class Proc:
    name: str
    popen: subprocess.Popen
    log: Path

    def tail(self, chars: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-chars:] if self.log.exists() else ""

    def kill(self, sig: int = signal.SIGKILL) -> None:
        try:
            os.killpg(self.popen.pid, sig)
        except ProcessLookupError:
            pass

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.kill(signal.SIGTERM)
            try:
                self.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill(signal.SIGKILL)
                self.popen.wait(timeout=10)
        else:
            self.kill(signal.SIGKILL)  # what it left in its group


# --- the one frontend build -----------------------------------------------------------------

def _sources_hash() -> str:
    digest = hashlib.sha256()
    paths = [ROOT / "rxconfig.py", ROOT / "requirements.txt"]
    for folder in ("writers_app", "assets", "reflex.lock"):
        paths += sorted(p for p in (ROOT / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts
                        and "external" not in p.parts)
    for path in paths:
        if path.exists():
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def build_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "REFLEX_USE_NPM": "1",
           "REFLEX_CHECK_LATEST_VERSION": "0", "TELEMETRY_ENABLED": "false"}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    env.update(extra)
    return env


def frontend_build(log=print) -> Path:  # noqa: ANN001
    """A web folder holding build/client and origin-template/, built once per source hash."""
    cache = Path(os.environ.get("WRITERS_STACK_CACHE", Path.home() / ".cache" / "writers-stack"))
    cache.mkdir(parents=True, exist_ok=True)
    web = cache / "web"  # kept between builds: node_modules makes the next build quick
    stamp = cache / "built-from"
    key = _sources_hash()
    with (cache / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one build at a time
        if stamp.exists() and stamp.read_text() == key and (web / "build" / "client" / "index.html").exists():
            return web
        log(f"building the frontend once ({key}) into {web}")
        stamp.unlink(missing_ok=True)
        started = time.monotonic()
        done = subprocess.run(
            [str(BIN / "reflex"), "export", "--frontend-only", "--no-zip", "--env", "prod"], cwd=ROOT,
            env=build_env(REFLEX_WEB_WORKDIR=str(web), REFLEX_API_URL=PLACEHOLDER),
            capture_output=True, text=True, timeout=900, stdin=subprocess.DEVNULL,
        )
        if done.returncode != 0 or not (web / "build" / "client" / "index.html").exists():
            raise RuntimeError(f"frontend build failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        template = web / "origin-template"
        shutil.rmtree(template, ignore_errors=True)
        template.mkdir()
        for chunk in (web / "build" / "client" / "assets").glob("reflex-env-*.js"):
            assert PLACEHOLDER in chunk.read_text(), chunk
            shutil.copy2(chunk, template / chunk.name)
        stamp.write_text(key)
        log(f"frontend built in {time.monotonic() - started:.0f} s")
        return web


def bundle_files(web: Path) -> list[str]:
    """Every file of the build as a URL path (`/assets/...`, `/index.html`, ...)."""
    client = web / "build" / "client"
    return sorted("/" + str(p.relative_to(client)) for p in client.rglob("*") if p.is_file())


def copy_build(source: Path, target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source / "build", target / "build")
    shutil.copytree(source / "origin-template", target / "origin-template")
    return target


# --- derived configs ------------------------------------------------------------------------

def nginx_config(text: str, *, upstreams: list[int], http_port: int, https_port: int, certs: Path,
                 run_dir: Path, upstream_header: bool) -> str:
    """deploy/nginx/nginx.conf with loopback addresses, ports and paths; otherwise unchanged."""
    servers = "\n".join(f"    server 127.0.0.1:{p} max_fails=3 fail_timeout=10s;" for p in upstreams)
    text, n = re.subn(r"^    server app:\d+ max_fails=3 fail_timeout=10s;$", servers, text, flags=re.M)
    assert n == 1, "the upstream line of nginx.conf changed: update tests/support/stack.py"
    text = text.replace("listen 80;", f"listen 127.0.0.1:{http_port};").replace("listen [::]:80;\n", "")
    text = text.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
    text = text.replace("    listen [::]:443 ssl http2;\n", "")
    text = text.replace("/etc/nginx/certs/", f"{certs}/").replace("pid /tmp/nginx.pid;", f"pid {run_dir}/nginx.pid;")
    text = text.replace("access_log /dev/stdout json;", f"access_log {run_dir}/access.log json;")
    text = text.replace("error_log /dev/stderr warn;", f"error_log {run_dir}/error.log warn;")
    text = text.replace("worker_processes auto;", "worker_processes 1;")
    temp = "".join(f"  {k}_temp_path {run_dir}/{k};\n" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    text = text.replace("http {\n", "http {\n" + temp, 1)
    if upstream_header:  # the test copy only: which instance answered
        text = text.replace("    add_header Set-Cookie $writers_route_cookie;\n",
                            "    add_header Set-Cookie $writers_route_cookie;\n"
                            "    add_header X-Upstream $upstream_addr always;\n")
    return text


def prometheus_config(text: str, *, apps: list[int], worker: int, postgres: int, redis: int, prometheus: int,
                      token_file: Path, alertmanager: int) -> str:
    """deploy/monitoring/prometheus.yml with static loopback targets; otherwise unchanged."""
    import yaml

    config = yaml.safe_load(text)
    config["global"]["scrape_interval"] = "5s"  # sooner than 15 s: a test waits for it
    config["rule_files"] = [str(DEPLOY / "monitoring" / "rules" / "*.yml")]
    config["alerting"]["alertmanagers"][0]["static_configs"][0]["targets"] = [f"127.0.0.1:{alertmanager}"]
    targets = {"app": [f"127.0.0.1:{p}" for p in apps], "worker": [f"127.0.0.1:{worker}"],
               "postgres": [f"127.0.0.1:{postgres}"], "redis": [f"127.0.0.1:{redis}"],
               "prometheus": [f"127.0.0.1:{prometheus}"]}
    for job in config["scrape_configs"]:
        job.pop("dns_sd_configs", None)
        job["static_configs"] = [{"targets": targets[job["job_name"]]}]
        if "authorization" in job:
            job["authorization"]["credentials_file"] = str(token_file)
    assert set(targets) == {j["job_name"] for j in config["scrape_configs"]}
    return yaml.safe_dump(config, sort_keys=False)


# --- the stack ------------------------------------------------------------------------------

@dataclass
class Stack:
    base: Path
    web: Path
    database_url: str = ""
    redis_url: str = ""
    public_url: str = ""
    app_ports: list[int] = field(default_factory=list)
    worker_metrics_port: int = 0
    prometheus_url: str = ""
    metrics_token: str = ""
    env: dict[str, str] = field(default_factory=dict)
    procs: dict[str, Proc] = field(default_factory=dict)
    cluster: Cluster | None = None
    timings: dict[str, float] = field(default_factory=dict)

    def spawn(self, name: str, args: list[str], env: dict[str, str] | None = None, cwd: Path = ROOT) -> Proc:
        log = self.base / "logs" / f"{name}.log"
        log.parent.mkdir(exist_ok=True)
        with log.open("ab") as out:
            popen = subprocess.Popen(args, cwd=cwd, env=env or self.env, stdout=out, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        proc = Proc(name, popen, log)
        self.procs[name] = proc
        return proc

    def app_url(self, index: int) -> str:
        return f"http://127.0.0.1:{self.app_ports[index]}"

    def start_app(self, index: int) -> Proc:
        port = self.app_ports[index]
        env = {**self.env, "PORT": str(port), "PROMETHEUS_MULTIPROC_DIR": str(self.base / f"metrics-app{index}")}
        return self.spawn(f"app{index}", ["sh", str(DEPLOY / "entrypoint.sh"), "app"], env)

    def stop(self) -> None:
        for proc in reversed(list(self.procs.values())):
            proc.stop()
        self.procs.clear()
        if self.cluster:
            self.cluster.stop()
            self.cluster = None

    def prometheus_targets(self) -> list[dict]:
        with urllib.request.urlopen(self.prometheus_url + "/api/v1/targets", timeout=5) as response:  # noqa: S310
            return json.load(response)["data"]["activeTargets"]

    def all_targets_up(self) -> bool:
        try:
            targets = self.prometheus_targets()
        except OSError:
            return False
        return len(targets) == len(self.app_ports) + 4 and all(t["health"] == "up" for t in targets)


def start(*, upstream_header: bool = False, log=print) -> Stack:  # noqa: ANN001, C901
    started = time.monotonic()
    built = frontend_build(log)
    t_built = time.monotonic()
    base = workdir()  # reachable by the postgres user too
    base.chmod(0o711)  # and by nginx's workers (user nobody): their temp files live under it
    stack = Stack(base=base, web=copy_build(built, base / "web"))
    try:
        stack.cluster = Cluster.primary(base / "pg")
        stack.database_url = stack.cluster.url
        redis_port = free_port()
        stack.spawn("redis", [shutil.which("redis-server") or "redis-server", "--port", str(redis_port),
                              "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(base)])
        stack.redis_url = f"redis://127.0.0.1:{redis_port}/0"
        https_port, http_port = free_port(), free_port()
        stack.app_ports = [free_port(), free_port()]
        stack.worker_metrics_port = free_port()
        stack.public_url = f"https://127.0.0.1:{https_port}"
        stack.metrics_token = secrets.token_urlsafe(24)
        data = base / "data"
        stack.env = build_env(
            APP_ENV="prod", SECRET_KEY=SECRET, DATABASE_URL=stack.database_url, REDIS_URL=stack.redis_url,
            PUBLIC_URL=stack.public_url, METRICS_TOKEN=stack.metrics_token, FORWARDED_ALLOW_IPS="127.0.0.1",
            STORAGE_DIR=str(data / "storage"), OUTBOX_DIR=str(data / "outbox"),
            REFLEX_UPLOADED_FILES_DIR=str(data / "uploaded_files"), GRANIAN_WORKERS="1",
            REFLEX_WEB_WORKDIR=str(stack.web), WRITERS_WEB_DIR=str(stack.web), DB_WAIT_SECONDS="120",
            RATE_LIMIT_LOGIN_IP="10000 per 5 minutes", RATE_LIMIT_REGISTER_IP="10000 per hour",
            LOG_LEVEL="INFO",
        )
        migrate = subprocess.run(["sh", str(DEPLOY / "entrypoint.sh"), "migrate"], cwd=ROOT, env=stack.env,
                                 capture_output=True, text=True, timeout=300)
        if migrate.returncode != 0:
            raise RuntimeError(f"migrate failed:\n{migrate.stderr[-3000:]}")

        # The `app` role rewrites the origin chunk before serving: the second instance starts
        # once the first has done so, so no instance serves while the other writes the chunk.
        first = stack.start_app(0)
        wait_until(lambda: "frontend talks to" in first.tail(100_000), "app0 set its origin", 120, [first])
        stack.start_app(1)
        worker_metrics = base / "metrics-worker"
        stack.spawn("worker", ["sh", str(DEPLOY / "entrypoint.sh"), "worker"],
                    {**stack.env, "WORKER_PROCESSES": "1", "WORKER_THREADS": "2",
                     "dramatiq_prom_db": str(worker_metrics), "PROMETHEUS_MULTIPROC_DIR": str(worker_metrics),
                     "dramatiq_prom_host": "127.0.0.1", "dramatiq_prom_port": str(stack.worker_metrics_port)})

        certs = base / "certs"
        made = subprocess.run(["sh", str(DEPLOY / "nginx" / "make-self-signed.sh"), "127.0.0.1", str(certs)],
                              capture_output=True, text=True, timeout=60)
        if made.returncode != 0:
            raise RuntimeError(made.stderr)
        run_dir = base / "nginx"
        run_dir.mkdir()
        run_dir.chmod(0o755)
        conf = run_dir / "nginx.conf"
        conf.write_text(nginx_config((DEPLOY / "nginx" / "nginx.conf").read_text(), upstreams=stack.app_ports,
                                     http_port=http_port, https_port=https_port, certs=certs, run_dir=run_dir,
                                     upstream_header=upstream_header))
        nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin") or "nginx"
        stack.spawn("nginx", [nginx, "-c", str(conf), "-e", str(run_dir / "error.log"), "-g", "daemon off;"])

        pg_exporter, redis_exporter, prom_port = free_port(), free_port(), free_port()
        libpq = stack.database_url.replace("postgresql+psycopg2://", "postgresql://") + "?sslmode=disable"
        stack.spawn("postgres-exporter", ["prometheus-postgres-exporter", f"--web.listen-address=127.0.0.1:{pg_exporter}"],
                    {**stack.env, "DATA_SOURCE_NAME": libpq})
        stack.spawn("redis-exporter", ["prometheus-redis-exporter", "-redis.addr", stack.redis_url.rsplit("/", 1)[0],
                                       "-web.listen-address", f"127.0.0.1:{redis_exporter}"])
        token_file = base / "metrics_token"
        token_file.write_text(stack.metrics_token)
        prom_dir = base / "prometheus"
        prom_dir.mkdir()
        (prom_dir / "prometheus.yml").write_text(prometheus_config(
            (DEPLOY / "monitoring" / "prometheus.yml").read_text(), apps=stack.app_ports,
            worker=stack.worker_metrics_port, postgres=pg_exporter, redis=redis_exporter, prometheus=prom_port,
            token_file=token_file, alertmanager=free_port()))
        stack.spawn("prometheus", ["prometheus", f"--config.file={prom_dir / 'prometheus.yml'}",
                                   f"--storage.tsdb.path={prom_dir / 'data'}",
                                   f"--web.listen-address=127.0.0.1:{prom_port}"])
        stack.prometheus_url = f"http://127.0.0.1:{prom_port}"

        procs = list(stack.procs.values())
        for index in range(len(stack.app_ports)):
            wait_until(lambda i=index: _ready(stack.app_url(i) + "/readyz"), f"app{index} ready", 240, procs)
        wait_until(lambda: _ready(stack.public_url + "/login", insecure=True), "nginx serves /login", 60, procs)
        stack.timings = {"build_s": t_built - started, "start_s": time.monotonic() - t_built,
                         "total_s": time.monotonic() - started}
        return stack
    except BaseException:
        stack.stop()
        raise


def main() -> int:
    # `kill PID` (SIGTERM) stops the stack like Ctrl-C does: every process group is ended.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    stack = start()
    print(f"""
Writers stack up in {stack.timings['total_s']:.0f} s (frontend {stack.timings['build_s']:.0f} s):
  site (self-signed TLS)  {stack.public_url}/      create an account: {stack.public_url}/register
  app instances           {', '.join(stack.app_url(i) for i in range(len(stack.app_ports)))}
  worker metrics          http://127.0.0.1:{stack.worker_metrics_port}/metrics
  Prometheus              {stack.prometheus_url}/targets
  PostgreSQL              {stack.database_url}
  Redis                   {stack.redis_url}
  logs                    {stack.base / 'logs'}
Ctrl-C stops everything.""", flush=True)
    try:
        while all(p.popen.poll() is None for p in stack.procs.values()):
            time.sleep(1)
        print("a process exited:", [n for n, p in stack.procs.items() if p.popen.poll() is not None], file=sys.stderr)
    except KeyboardInterrupt:
        pass
    finally:
        stack.stop()
        shutil.rmtree(stack.base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
