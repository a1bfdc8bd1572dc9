"""docker-compose.yml describes production: its services and commands agree with the settings,
the production settings pass Django's deployment checklist, and the image (Dockerfile,
.dockerignore, pyproject's package list) holds no development tools."""

import os
import re
import subprocess
import sys
import tomllib
from fnmatch import fnmatch
from pathlib import Path
from urllib.parse import urlparse

import yaml

ROOT = Path(__file__).resolve().parent.parent
APP_SERVICES = ("web", "worker", "beat")


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def settings_environment_names():
    source = (ROOT / "hajjportal" / "settings.py").read_text()
    pattern = r"""(?:os\.environ\.get|os\.environ\[|env_bool|env_list)\(?\s*["']([A-Z_]+)["']"""
    return set(re.findall(pattern, source))


def test_compose_has_the_production_services():
    assert set(compose()["services"]) == {"postgres", "pgbouncer", "redis", "migrate", "web",
                                          "queue", "proxy", "worker", "beat"}


def test_the_proxy_sends_the_waiting_rooms_polls_to_the_poll_server():
    services = compose()["services"]
    assert "permits.queue_server" in services["queue"]["command"]
    assert "ports" not in services["queue"]
    config = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "location ^~ /api/v1/permits/queue/ {\n            proxy_pass http://polls;" in config
    assert "server queue:8001;" in config
    # A booking without a pass goes to the front, which forwards what it cannot answer.
    assert '"POST:" polls;' in config
    assert "proxy_pass http://$bookings_upstream;" in config
    assert services["queue"]["command"][-2:] == ["--portal", "web:8000"]


def test_with_the_front_down_the_portal_answers_its_requests():
    config = (ROOT / "deploy" / "nginx.conf").read_text()
    polls = re.search(r"upstream polls \{(.*?)\}", config, re.S).group(1)
    # nginx passes a request to a backup only when the front could not be reached: a booking
    # the front received is never sent again (no non_idempotent retries are configured).
    assert "server web:8000 backup;" in polls
    assert "non_idempotent" not in config
    queue = re.search(r"location \^~ /api/v1/permits/queue/ \{(.*?)\}", config, re.S).group(1)
    assert "proxy_set_header Host $host;" in queue  # the portal checks ALLOWED_HOSTS


def test_on_a_shared_host_the_front_yields_the_cpu_to_the_bookings():
    services = compose()["services"]
    assert services["queue"]["cpu_shares"] < services["web"].get("cpu_shares", 1024)


def test_several_web_replicas_sit_behind_one_trusted_proxy():
    services = compose()["services"]
    assert services["web"]["deploy"]["replicas"] >= 2
    assert "ports" not in services["web"]  # reached through the proxy only
    assert services["web"]["environment"]["TRUSTED_PROXY_COUNT"] == "1"
    mounted = {volume.split(":")[1] for volume in services["proxy"]["volumes"]}
    assert "/etc/nginx/nginx.conf" in mounted
    config = (ROOT / "deploy" / "nginx.conf").read_text()
    # The proxy sets the client's address itself: a forged X-Forwarded-For is dropped.
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in config
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in config
    bind = re.search(r"--bind 0\.0\.0\.0:(\d+)", services["web"]["command"]).group(1)
    assert re.search(rf"server web:{bind};", config)


def test_the_portal_reaches_postgres_through_a_transaction_pooler():
    services = compose()["services"]
    pooler = services["pgbouncer"]["environment"]
    assert pooler["POOL_MODE"] == "transaction" and pooler["DB_HOST"] == "postgres"
    for name in APP_SERVICES:
        environment = services[name]["environment"]
        assert urlparse(environment["DATABASE_URL"]).hostname == "pgbouncer"
        # Transaction pooling: no prepared statements, no cursors across transactions.
        assert environment["DATABASE_PREPARE_THRESHOLD"] == ""
        assert environment["DATABASE_DISABLE_SERVER_SIDE_CURSORS"] == "1"
    # Migrations run once, on PostgreSQL itself, before the replicas start.
    migrate = services["migrate"]
    assert urlparse(migrate["environment"]["DATABASE_URL"]).hostname == "postgres"
    assert migrate["command"][-2:] == ["migrate", "--noinput"]
    assert (services["web"]["depends_on"]["migrate"]["condition"]
            == "service_completed_successfully")
    assert "migrate" not in services["web"]["command"]


def test_every_variable_given_to_the_portal_is_one_the_settings_read():
    known = settings_environment_names()
    for name in APP_SERVICES:
        environment = compose()["services"][name]["environment"]
        assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS"} <= set(environment)
        assert set(environment) - known == set(), f"{name} sets variables no setting reads"


def test_urls_point_at_the_compose_services():
    services = compose()["services"]
    environment = services["web"]["environment"]
    database = urlparse(environment["DATABASE_URL"])
    assert database.hostname in services
    assert database.path.lstrip("/") == services["postgres"]["environment"]["POSTGRES_DB"]
    assert services["pgbouncer"]["environment"]["DB_NAME"] == database.path.lstrip("/")
    assert database.username == services["postgres"]["environment"]["POSTGRES_USER"]
    assert urlparse(environment["REDIS_URL"]).hostname in services


def test_commands_name_the_portal_wsgi_and_celery_apps():
    services = compose()["services"]
    assert "gunicorn hajjportal.wsgi:application" in services["web"]["command"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "hajjportal", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "hajjportal", "beat"]
    from hajjportal import celery_app, wsgi

    assert callable(wsgi.application)
    assert celery_app.main == "hajjportal"


def test_production_settings_pass_the_deployment_checklist():
    # Only what production sets: test-only switches (async safety for browser tests) stay out.
    env = {k: v for k, v in os.environ.items()
           if k not in {"DEBUG", "TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(DEBUG="0", SECRET_KEY="x" * 20 + "-production-secret-" + "y" * 30,
               ALLOWED_HOSTS="portal.example.gov.sa")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "TESTING", "SECRET_KEY"}}
    env["DEBUG"] = "0"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def dockerignore_patterns():
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    return [line.strip().rstrip("/") for line in lines if line.strip()
            and not line.startswith("#")]


def test_the_production_image_leaves_out_devtools():
    """devtools/ (the fake gateways, test-only templates) is for `make run` and the tests,
    which import it from the source tree; the image neither copies nor installs it."""
    sources = [word for line in (ROOT / "Dockerfile").read_text().splitlines()
               if line.startswith("COPY ") for word in line.split()[1:-1]
               if not word.startswith("--")]
    assert not [source for source in sources if source.startswith("devtools")]
    if {".", "./"} & set(sources):
        assert any(fnmatch("devtools", pattern) for pattern in dockerignore_patterns())
    find = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    include = find["packages"]["find"]["include"]
    assert not [pattern for pattern in include if fnmatch("devtools", pattern)]
    assert (ROOT / "devtools" / "fake_payment_gateway.py").exists()
