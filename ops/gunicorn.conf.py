"""gunicorn settings for production: `gunicorn -c ops/gunicorn.conf.py`.

Everything else comes from the same environment as the site (see .env.example). gunicorn
itself reads WEB_CONCURRENCY (workers), FORWARDED_ALLOW_IPS (the proxy's address) and
GUNICORN_CMD_ARGS; BIND says where to listen.
"""

import multiprocessing
import os
import sys
from pathlib import Path

from gunicorn.glogging import Logger

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from school.log_masking import mask  # noqa: E402

wsgi_app = "school.wsgi:application"
bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Pages render in tens of milliseconds; a request still running after 30 s is stuck.
timeout = 30
graceful_timeout = 30
# Recycle workers now and then, so a slow leak never grows for weeks. Workers stay near
# 125 MiB after tens of thousands of requests (docs/performance.md), so every 10,000 is
# enough; at 2,000 a busy minute recycled a worker every few seconds, and each recycle
# showed in the p99 of whatever was being served.
max_requests = 10000
max_requests_jitter = 1000
# Load Django once in the master and fork the workers from it: a recycled worker serves at
# once instead of loading Django for seconds while requests queue on it, and the workers
# share the loaded code's memory. New code then needs a restart (TERM and start, or USR2
# then TERM to the old master), not HUP: see docs/operations.md.
preload_app = True
# Signals (HUP, TERM) manage the server; no control socket in the home folder, which
# several servers on one machine would otherwise share.
control_socket_disable = True
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms pid=%(p)s'


class MaskedLogger(Logger):
    """Access lines with personal calendar tokens masked, as the site's own logs do."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            key: mask(value) if isinstance(value, str) else value for key, value in atoms.items()
        }


logger_class = MaskedLogger
