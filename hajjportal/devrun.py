"""`make run`: embedded services, migrations, translations, demo data, web, worker and beat."""

from __future__ import annotations

import errno
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from hajjportal.embedded import BASE_DIR, free_port, services, var_dir

HOST = os.environ.get("RUN_HOST", "127.0.0.1")
PORT = os.environ.get("RUN_PORT", "8000")
# packages.api.GatewayEventView (hajjportal/urls.py, packages/payments_api_urls.py).
PAYMENT_GATEWAY_WEBHOOK_PATH = "/api/v1/payments/gateway/events/"
# notifications.api.InboundSmsView (notifications/api_urls.py).
SMS_INBOUND_WEBHOOK_PATH = "/api/v1/notifications/sms/inbound/"


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], env=env, cwd=BASE_DIR, check=True)


def port_refusal(host: str, port: str) -> str | None:
    """Why the portal cannot be served on host:port, or None when it can. Asked before
    anything starts: a port another program holds would otherwise let everything start and
    the web server alone fail, after the banner said where the portal was."""
    try:
        number = int(port)
        if not 0 < number < 65536:
            raise ValueError
    except ValueError:
        return f"RUN_PORT={port!r} is not a port number (1-65535)."
    # As runserver binds: SO_REUSEADDR, so a port left in TIME_WAIT by the last run is free.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, number))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return (f"Port {number} on {host} is already in use (another `make run`, or "
                        f"another server?). Stop it, or choose another port: "
                        f"RUN_PORT={number + 1 if number < 65535 else 8000} make run")
            return f"Cannot serve on {host}:{number}: {error.strerror}."
    return None


def wait_for_web(web, timeout=60) -> bool:
    """Print the banner only once the portal answers, so it is the last thing on screen;
    False if the web server stopped instead."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if web.poll() is not None:
            return False
        try:
            urllib.request.urlopen(f"http://{HOST}:{PORT}/healthz", timeout=2)
            return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            time.sleep(0.5)
    return web.poll() is None


def permit_authority_hint(env) -> str:
    """How to play the Ministry of Interior's permit system by hand: the local fake reports a
    Hajj request's permit issued, printed or refused, signed with the secret the portal runs
    with (settings.PERMIT_AUTHORITY_WEBHOOK_SECRETS: the environment's first one, else the
    development secret DEBUG gives)."""
    secret = (env.get("PERMIT_AUTHORITY_WEBHOOK_SECRETS", "").split(",")[0].strip()
              or "dev-permit-authority-webhook-secret")
    return (
        "\n  Report a Hajj permit as the Ministry of Interior would (REF: the booking number of"
        "\n  a paid contract, e.g. H1448-000001; staff see it in the admin's contracts):\n"
        f"    {sys.executable} -m devtools.fake_permit_authority --portal http://{HOST}:{PORT} "
        f"--secret {secret} send --request REF --event issued\n"
        "    ... --event printed, or --event refused --reason \"...\""
    )


def sms_inbound_hint(gateway: str, env) -> str:
    """How to text the portal as a pilgrim would: the local fake SMS gateway signs the message
    and posts it to the portal's webhook; the reply is an ordinary SMS (the SMS log)."""
    where = env.get("SMS_GATEWAY_URL") and "the gateway's output" or "var/sms.log"
    return (
        "\n  Text the portal as a pilgrim would (STATUS or \u062d\u0627\u0644\u0629, then a "
        "reference, from the\n  account's mobile; the reply shows in "
        f"{where}):\n"
        f"    {sys.executable} manage.py sms_inbound --gateway {gateway} "
        "--from +9665XXXXXXXX \"STATUS H1448-000001\"\n"
        f"    or the form at {gateway}/inbound"
    )


def _stop(*_args):
    raise KeyboardInterrupt  # SIGTERM stops everything the way Ctrl-C does


def main() -> int:
    refusal = port_refusal(HOST, PORT)
    if refusal:
        print(f"make run: {refusal}", file=sys.stderr, flush=True)
        return 2
    signal.signal(signal.SIGTERM, _stop)
    # Ctrl-C stops everything and exits 0, even where SIGINT came in ignored (a job started
    # in the background by a script).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    os.environ.setdefault("DEBUG", "1")
    with services("run") as env:
        # Links in SMS and e-mails lead to the portal as served here, unless SITE_URL is given.
        env.setdefault("SITE_URL", f"http://{HOST}:{PORT}")
        manage(env, "migrate", "--noinput")
        manage(env, "compiletranslations")
        manage(env, "load_demo_data")
        celery = [sys.executable, "-m", "celery", "-A", "hajjportal"]
        processes = []
        if not env.get("PAYMENT_GATEWAY_URL"):
            # The demo pays through a local fake of the payment gateway (test cards only);
            # refunds settle a second later by its signed webhook to the portal.
            port = free_port()
            env["PAYMENT_GATEWAY_URL"] = f"http://127.0.0.1:{port}"
            if not env.get("PAYMENT_GATEWAY_WEBHOOK_SECRETS"):
                # Shared by the portal's processes and the fake through their environment.
                env["PAYMENT_GATEWAY_WEBHOOK_SECRETS"] = secrets.token_hex(32)
            webhook_secret = env["PAYMENT_GATEWAY_WEBHOOK_SECRETS"].split(",")[0].strip()
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "devtools.fake_payment_gateway", "--port", str(port),
                 "--webhook-url", f"http://{HOST}:{PORT}{PAYMENT_GATEWAY_WEBHOOK_PATH}",
                 "--webhook-secret", webhook_secret],
                env=env, cwd=BASE_DIR))
        sms_gateway = ""
        if not env.get("SMS_GATEWAY_URL"):
            # The local fake of the SMS gateway. It always carries what people text the
            # portal (signed, to the inbound webhook); with SMS_BACKEND=notifications.
            # backends.HttpGatewayBackend it also delivers the portal's SMS and prints each
            # (SMS_FAKE_GATEWAY_NO_DEDUP=1 like gateways that do not deduplicate by key).
            port = free_port()
            sms_gateway = f"http://127.0.0.1:{port}"
            if env.get("SMS_BACKEND", "").endswith("HttpGatewayBackend"):
                env["SMS_GATEWAY_URL"] = f"{sms_gateway}/messages"
            env.setdefault("SMS_GATEWAY_TOKEN", "dev-sms-gateway-token")
            if not env.get("SMS_GATEWAY_WEBHOOK_SECRETS"):
                env["SMS_GATEWAY_WEBHOOK_SECRETS"] = secrets.token_hex(32)
            no_dedup = ["--no-dedup"] if env.get("SMS_FAKE_GATEWAY_NO_DEDUP") else []
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "devtools.fake_sms_gateway", "--port", str(port),
                 "--token", env["SMS_GATEWAY_TOKEN"], *no_dedup,
                 "--inbound-url", f"http://{HOST}:{PORT}{SMS_INBOUND_WEBHOOK_PATH}",
                 "--inbound-secret",
                 env["SMS_GATEWAY_WEBHOOK_SECRETS"].split(",")[0].strip()],
                env=env, cwd=BASE_DIR))
        # The worker and beat log to files: on screen they would push the banner away
        # within seconds (the requests the web server logs stay on screen).
        logs = var_dir() / "log"
        logs.mkdir(exist_ok=True)
        worker_log = open(logs / "celery-worker.log", "w")  # noqa: SIM115 (closed below)
        beat_log = open(logs / "celery-beat.log", "w")  # noqa: SIM115
        web = subprocess.Popen([sys.executable, "manage.py", "runserver", f"{HOST}:{PORT}"],
                               env=env, cwd=BASE_DIR)
        names = {web: "the web server"}
        processes += [
            web,
            subprocess.Popen([*celery, "worker", "--loglevel", "INFO", "--concurrency", "2"],
                             env=env, cwd=BASE_DIR, stdout=worker_log,
                             stderr=subprocess.STDOUT),
            subprocess.Popen([*celery, "beat", "--loglevel", "INFO"], env=env, cwd=BASE_DIR,
                             stdout=beat_log, stderr=subprocess.STDOUT),
        ]
        names.update({processes[-2]: f"the Celery worker (see {worker_log.name})",
                      processes[-1]: f"Celery beat (see {beat_log.name})"})
        status = 0
        try:
            if wait_for_web(web):
                print("\n" + "=" * 72, flush=True)
                manage(env, "load_demo_data", "--logins-only")
                print(permit_authority_hint(env), flush=True)
                if sms_gateway:
                    print(sms_inbound_hint(sms_gateway, env), flush=True)
                print(f"\n  The Celery worker and beat log to {logs}/", flush=True)
                print(f"\n  The portal is at http://{HOST}:{PORT}/   (Ctrl-C stops everything)",
                      flush=True)
                print("=" * 72 + "\n", flush=True)
                while all(p.poll() is None for p in processes):
                    time.sleep(0.5)
            stopped = next(p for p in processes if p.poll() is not None)
            print(f"make run: {names.get(stopped, 'a helper process')} stopped "
                  f"(exit status {stopped.returncode}); stopping everything.",
                  file=sys.stderr, flush=True)
            status = 1
        except KeyboardInterrupt:
            pass
        finally:
            for process in processes:
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in processes:
                try:
                    process.wait(20)
                except subprocess.TimeoutExpired:
                    process.kill()
            worker_log.close()
            beat_log.close()
    return status


if __name__ == "__main__":
    sys.exit(main())
