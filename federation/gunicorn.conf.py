"""gunicorn's settings for the app servers: `gunicorn -c federation/gunicorn.conf.py federation.wsgi`.

Each value can be overridden from the environment (GUNICORN_BIND, GUNICORN_WORKERS, ...) so the systemd
unit in docs/deployment.md and the benchmark in bench/ use the same file.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Synchronous workers: every request is short (pages are cached or take a fixed number of queries, PDFs are
# rendered by the task workers), so two per core keep the CPU busy while one waits for PostgreSQL.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
keepalive = 5
# Recycle a worker now and then so a slow leak in any library cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 20000))
max_requests_jitter = max_requests // 10
# Empty: no access log (the reverse proxy keeps one).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
# The reverse proxy on the same host or network sets X-Forwarded-For and X-Forwarded-Proto.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
