"""deploy/monitoring: promtool (config, rules, rule unit tests), amtool, the Grafana
dashboard, and every metric the rules and the dashboard name is really exposed by the app's
/metrics or the worker's Dramatiq exposition."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from tests.conftest import free_port
from tests.ops.conftest import DEPLOY, ROOT, run, tool

MON = DEPLOY / "monitoring"
RULES = MON / "rules" / "writers.yml"
DASHBOARD = MON / "grafana" / "dashboards" / "writers.json"
# Metrics that come from neither the app nor the worker, and who exposes them.
EXTERNAL = {"up": "Prometheus (scrape health)", "pg_up": "postgres-exporter", "redis_up": "redis-exporter"}
REQUIRED_ALERTS = {"WritersAppDown", "WritersHigh5xxRatio", "WritersHighLatencyP95", "WritersSlowEventHandlers",
                   "WritersQueueBacklog", "WritersNoWorkerHeartbeat", "WritersFailedJobSpike",
                   "WritersPostgresDown", "WritersRedisDown"}


def prometheus_copy(directory: Path, text: str | None = None) -> Path:
    """prometheus.yml with its container paths (token file, rules) mapped into `directory`."""
    (directory / "metrics_token").write_text("test-token\n")
    (directory / "rules").mkdir(exist_ok=True)
    (directory / "rules" / "writers.yml").write_text(RULES.read_text())
    text = (text or (MON / "prometheus.yml").read_text())
    text = text.replace("/etc/prometheus/metrics_token", str(directory / "metrics_token"))
    text = text.replace("/etc/prometheus/rules/", f"{directory}/rules/")
    path = directory / "prometheus.yml"
    path.write_text(text)
    return path


def test_promtool_accepts_the_prometheus_config_and_refuses_a_broken_copy(tmp_path):
    ok = run(tool("promtool"), "check", "config", str(prometheus_copy(tmp_path)))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "1 rule files found" in ok.stdout and "SUCCESS" in ok.stdout
    broken_dir = tmp_path / "broken"
    broken_dir.mkdir()
    broken = (MON / "prometheus.yml").read_text().replace("type: Bearer", "type: Bearer\n      credentials: inline")
    bad = run(tool("promtool"), "check", "config", str(prometheus_copy(broken_dir, broken)))
    assert bad.returncode != 0


def test_the_app_is_scraped_with_the_token_from_a_file():
    config = yaml.safe_load((MON / "prometheus.yml").read_text())
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    assert jobs["app"]["authorization"]["credentials_file"]
    assert "credentials" not in jobs["app"]["authorization"]
    assert jobs["worker"]["dns_sd_configs"][0]["port"] == 9191
    assert {"postgres", "redis"} <= jobs.keys()


def test_promtool_checks_the_rules_and_refuses_a_broken_copy(tmp_path):
    ok = run(tool("promtool"), "check", "rules", str(RULES))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    broken = tmp_path / "broken.yml"
    broken.write_text(RULES.read_text().replace("expr: up{job=\"app\"} == 0", "expr: up{job=\"app\" == 0"))
    assert run(tool("promtool"), "check", "rules", str(broken)).returncode != 0


def test_every_required_alert_exists():
    rules = [r for g in yaml.safe_load(RULES.read_text())["groups"] for r in g["rules"]]
    assert REQUIRED_ALERTS <= {r["alert"] for r in rules if "alert" in r}
    for rule in rules:
        if "alert" in rule:
            assert rule["labels"]["severity"] and rule["annotations"]["summary"], rule["alert"]


def test_promtool_rule_unit_tests_pass_and_catch_a_broken_rule(deploy_copy):
    tests_dir = MON / "tests"
    files = sorted(p.name for p in tests_dir.glob("*.yml"))
    assert files
    ok = run(tool("promtool"), "test", "rules", *files, cwd=tests_dir)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    tested = set(re.findall(r"alertname: (\w+)", "".join((tests_dir / f).read_text() for f in files)))
    assert len(tested & REQUIRED_ALERTS) >= 3, tested
    # The same tests against a rule made wrong (5xx threshold from 5% to 50%) fail.
    rules = deploy_copy / "monitoring" / "rules" / "writers.yml"
    rules.write_text(rules.read_text().replace("writers:http_5xx:ratio5m > 0.05", "writers:http_5xx:ratio5m > 0.5"))
    bad = run(tool("promtool"), "test", "rules", *files, cwd=deploy_copy / "monitoring" / "tests")
    assert bad.returncode != 0 and "WritersHigh5xxRatio" in bad.stdout + bad.stderr


def test_amtool_accepts_the_alertmanager_config_and_refuses_a_broken_copy(tmp_path):
    ok = run(tool("amtool"), "check-config", str(MON / "alertmanager.yml"))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    config = yaml.safe_load((MON / "alertmanager.yml").read_text())
    kinds = {k for r in config["receivers"] for k in r if k.endswith("_configs")}
    assert {"email_configs", "webhook_configs"} <= kinds
    broken = tmp_path / "alertmanager.yml"
    broken.write_text((MON / "alertmanager.yml").read_text().replace("receiver: oncall", "receiver: nobody"))
    assert run(tool("amtool"), "check-config", str(broken)).returncode != 0


# --- metric names ---------------------------------------------------------------------------

_KEYWORDS = {"and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right",
             "bool", "offset", "inf", "nan", "le"}


def metric_names(expr: str) -> set[str]:
    """Metric names a PromQL expression selects (functions, labels, keywords left out)."""
    expr = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)          # string literals
    expr = re.sub(r"\{[^}]*\}", "", expr)                    # label matchers
    expr = re.sub(r"\[[^\]]*\]", "", expr)                   # range selectors
    expr = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", expr)
    names = set()
    for match in re.finditer(r"(?<![\w:.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?", expr):
        name, call = match.group(1), match.group(2)
        if call or name.lower() in _KEYWORDS:
            continue
        names.add(name)
    return names


def test_metric_name_extraction():
    assert metric_names('histogram_quantile(0.95, sum by (le, handler) (rate(x_bucket{a="b"}[5m]))) > 2') == {"x_bucket"}
    assert metric_names("absent(up{job=\"worker\"} == 1) or y_total offset 5m") == {"up", "y_total"}


def exposed_names(text: str) -> set[str]:
    """Every series name an exposition allows: samples, and what its TYPE lines imply."""
    names = set()
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(maxsplit=3)
            base = name.removesuffix("_total")
            names |= {name, f"{base}_created"}
            if kind == "counter":
                names.add(f"{base}_total")
            if kind == "histogram":
                names |= {f"{name}_bucket", f"{name}_sum", f"{name}_count"}
        elif line and not line.startswith("#"):
            names.add(re.split(r"[{\s]", line, maxsplit=1)[0])
    return names


_APP_SCRAPE = textwrap.dedent("""
    import os, sys, tempfile
    from pathlib import Path
    work = Path(tempfile.mkdtemp())
    os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
    os.environ.update(APP_ENV="test", DATABASE_URL=f"sqlite:///{work}/m.db", SECRET_KEY="s" * 40,
                      REDIS_URL="", STORAGE_DIR=str(work / "storage"), OUTBOX_DIR=str(work / "outbox"),
                      METRICS_TOKEN="scrape-token")
    from sqlmodel import SQLModel
    import writers_app.models
    from writers_app.db import make_engine
    SQLModel.metadata.create_all(make_engine(os.environ["DATABASE_URL"]))
    from fastapi.testclient import TestClient
    from writers_app.api.app import create_api
    client = TestClient(create_api())
    client.get("/healthz")
    response = client.get("/metrics", headers={"Authorization": "Bearer scrape-token"})
    assert response.status_code == 200, response.status_code
    sys.stdout.write(response.text)
""")

_WORKER_EXPOSITION = textwrap.dedent("""
    # Dramatiq's Prometheus middleware as the worker runs it (workers/worker.py: the app's own
    # worker-side metrics share its multiprocess directory), with one message's hooks played.
    import os, sys
    from dramatiq import Message
    from dramatiq.brokers.stub import StubBroker
    from dramatiq.middleware import prometheus
    middleware, broker = prometheus.Prometheus(), StubBroker()
    middleware.after_process_boot(broker)
    import writers_app.metrics  # noqa: F401
    message = Message(queue_name="analysis", actor_name="process_task", args=(1,), kwargs={}, options={"retries": 1})
    middleware.before_delay_message(broker, message)
    middleware.before_process_message(broker, message)
    middleware.after_process_message(broker, message, exception=RuntimeError("boom"))
    middleware.after_nack(broker, message)
    middleware.after_enqueue(broker, message, None)
    print("ready", flush=True)
    prometheus._run_exposition_server()
""")


@pytest.fixture(scope="module")
def app_metrics(tmp_path_factory) -> str:
    """The app's real /metrics (create_api through TestClient, in a clean process)."""
    cwd = tmp_path_factory.mktemp("app-scrape")  # no .env of the checkout is read
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PROMETHEUS", "prometheus"))}
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run([sys.executable, "-c", _APP_SCRAPE], cwd=cwd, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture(scope="module")
def worker_metrics(tmp_path_factory) -> str:
    """The worker's exposition, read over HTTP from Dramatiq's Prometheus middleware."""
    cwd = tmp_path_factory.mktemp("worker-scrape")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PROMETHEUS", "prometheus"))}
    env.update(PYTHONPATH=str(ROOT), dramatiq_prom_db=str(cwd / "prom"), dramatiq_prom_host="127.0.0.1",
               dramatiq_prom_port=str(port), PROMETHEUS_MULTIPROC_DIR=str(cwd / "prom"),
               APP_ENV="test", SECRET_KEY="s" * 40, REDIS_URL="")
    (cwd / "prom").mkdir()
    proc = subprocess.Popen([sys.executable, "-c", _WORKER_EXPOSITION], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        for _ in range(200):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    return response.read().decode()
            except OSError:
                if proc.poll() is not None:
                    raise AssertionError(proc.stderr.read()) from None
                time.sleep(0.05)
        raise AssertionError("the worker exposition never answered")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def alert_and_dashboard_metrics() -> dict[str, set[str]]:
    rules = [r for g in yaml.safe_load(RULES.read_text())["groups"] for r in g["rules"]]
    recorded = {r["record"] for r in rules if "record" in r}
    used = {f"rule {r.get('alert') or r.get('record')}": metric_names(r["expr"]) - recorded for r in rules}
    dashboard = json.loads(DASHBOARD.read_text())
    for panel in dashboard["panels"]:
        if panel["datasource"]["type"] != "prometheus":
            continue
        for target in panel["targets"]:
            used[f"panel {panel['title']}/{target['refId']}"] = metric_names(target["expr"]) - recorded
    return used


def test_every_metric_in_the_rules_and_dashboard_is_really_exposed(app_metrics, worker_metrics):
    exposed = exposed_names(app_metrics) | exposed_names(worker_metrics)
    assert "writers_http_requests_total" in exposed and "dramatiq_messages_total" in exposed
    missing = {where: sorted(names - exposed - EXTERNAL.keys())
               for where, names in alert_and_dashboard_metrics().items() if names - exposed - EXTERNAL.keys()}
    assert missing == {}


def test_the_metric_check_fails_on_a_misspelt_metric(app_metrics, worker_metrics):
    exposed = exposed_names(app_metrics) | exposed_names(worker_metrics)
    assert metric_names("sum(rate(writers_http_request_total[5m]))") - exposed == {"writers_http_request_total"}
    assert metric_names("max(writers_queue_depth_total)") - exposed == {"writers_queue_depth_total"}


def test_the_dashboard_covers_what_operators_watch():
    dashboard = json.loads(DASHBOARD.read_text())
    exprs = " ".join(t["expr"] for p in dashboard["panels"] for t in p["targets"])
    for metric in ("writers_http_requests_total", "writers_http_request_duration_seconds_bucket",
                   "writers_event_handler_duration_seconds_bucket", "writers_tasks_created_total",
                   "writers_tasks_analyzed_total", "writers_tasks_failed_total", "writers_queue_depth",
                   "writers_task_processing_seconds_bucket", "writers_active_users",
                   "writers_db_query_duration_seconds_bucket"):
        assert metric in exprs, metric
    assert len({p["id"] for p in dashboard["panels"]}) == len(dashboard["panels"])
    datasources = yaml.safe_load((MON / "grafana" / "provisioning" / "datasources" / "datasources.yml").read_text())
    assert {d["type"] for d in datasources["datasources"]} == {"prometheus", "loki"}
    assert {p["datasource"]["uid"] for p in dashboard["panels"]} <= {d["uid"] for d in datasources["datasources"]}


def test_promtail_ships_the_stack_logs_with_low_cardinality_labels():
    config = yaml.safe_load((MON / "promtail.yml").read_text())
    assert config["clients"][0]["url"].startswith("http://loki:3100/")
    job = config["scrape_configs"][0]
    labels = {r["target_label"] for r in job["relabel_configs"] if "target_label" in r}
    assert {"service", "container"} <= labels
    stages = json.dumps(job["pipeline_stages"])
    assert '"json"' in stages and '"level"' in stages
    assert "request_id" not in stages and "user_id" not in stages  # never labels
