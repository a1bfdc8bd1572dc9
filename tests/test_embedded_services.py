"""The newcomer's path: with no DATABASE_URL and no REDIS_URL, real servers start from pip."""

import os
import subprocess
import sys

PROBE = """
import os, psycopg, redis
url = os.environ["DATABASE_URL"]
with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn:
    print("pg", conn.execute("select current_database()").fetchone()[0])
print("redis", redis.Redis.from_url(os.environ["REDIS_URL"]).ping())
"""


def test_embedded_postgres_and_redis_start_and_answer(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env["HAJJPORTAL_VAR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "hajjportal.embedded", "--profile", "test", "--",
         sys.executable, "-c", PROBE],
        env=env, capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stderr
    assert "pg hajjportal" in result.stdout
    assert "redis True" in result.stdout
