"""Settings module for ``rq worker -c workers.rq_config`` (Redis URL and queue)."""
from bot.settings import load_or_exit

_settings = load_or_exit()
REDIS_URL = _settings.redis_url
QUEUES = [_settings.queue_name]
