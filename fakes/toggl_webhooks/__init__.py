"""A strict local fake of Toggl's Webhooks API v1, over a running Toggl v9 fake.

Use::

    from fakes.toggl import TogglFake
    from fakes.toggl_webhooks import TogglWebhooksFake

    with TogglFake(rate_limit=False) as toggl, TogglWebhooksFake(toggl) as hooks:
        demo = toggl.seed_demo()
        # point the bot at hooks.url (…/webhooks/api/v1), then:
        hooks.emit(demo["workspace"]["id"], "project", "created", payload={"id": 1})

Users, tokens, workspaces, plans and roles come from ``toggl.state`` (read
under its lock); auth is the v9 fake's (basic, ``TOKEN:api_token``).

Sources: PDW = Toggl's Swagger for the webhooks service (panoramicdata/Toggl.Api
``Open API/webhooks-….json``); LEG = toggl/toggl_api_docs ``webhooks.md``;
engineering.toggl.com/docs/webhooks_start (+ url_endpoint_validation,
validating_received_events); /work/notes/toggl-api-research.md §9.

Documented behaviour modelled:

* routes, bodies, 400/403/404 messages: PDW (see ``routes.py``, ``checks.py``);
* create/PUT/PATCH-enable call ``url_callback`` before answering, and answer
  400 ``URL endpoint … responded with status N instead of 200`` (PUT: ``2xx``)
  or ``… request failed with error: …`` when it fails (PDW 400 lists);
* PING events carry ``validation_code``/``validation_code_url`` only while the
  subscription is not validated; an answer ``{"validation_code": CODE}``
  validates it (sync), so does ``GET /validate/{wid}/{sid}/{code}`` (async);
* events go only to enabled AND validated subscriptions (LEG);
* ``X-Webhook-Signature-256: sha256=<hex HMAC-SHA256(secret, raw body)>`` on
  every POST, ``Content-Type: application/json``; ``secret`` generated when
  omitted (validating_received_events);
* limits per plan Free 1/3, Starter 2/6, Premium 3/12 (webhooks, filters per
  webhook; research §9.8), counted as ENABLED subscriptions per user per
  workspace, as the limit message says.

Choices where the docs are silent (STRICTER or SIMPLER, on purpose):

* a ping answered 200 without the right code does NOT refuse the create: the
  subscription is saved unvalidated (async validation remains possible);
* a pending subscription (URL check running) already has its id and can be
  validated through ``validation_code_url`` during the ping, but is not listed;
* check order: JSON strictness → description empty → filters (empty, over the
  limit, duplicate, entity/action checks per filter) → description in use →
  enabled limit → URL ping; blank descriptions count as empty;
* absent ``enabled`` → false (Go zero value); PUT replaces every writable field
  (absent → empty/false) except ``secret`` (absent → kept); PATCH without
  ``enabled`` → false; only a PATCH turning enabled on pings;
* PUT always pings (2xx accepted); a changed ``url_callback`` resets
  ``validated_at`` and issues a new code;
* an entity that passes the character check but is unknown is accepted (no
  message is documented); the duplicate-filter message names the filter as
  ``{entity action}`` (POST's doc placeholder says ``{subscription_id}``);
* ``/validate``, ``/event_filters``, ``/limits``, ``/status`` need no auth (no
  security in PDW); ``/limits`` of an unknown workspace → 500; Enterprise uses
  Premium's limits unless ``set_limits`` overrides;
* non-admin members may create/list/edit only their own subscriptions (others'
  → 404); a non-admin creator only receives events he made himself;
* ``POST /ping`` answers 200 ``{"status": "OK"}``, or the URL-check message
  as the status; ``GET /status`` answers ``{"status": "OK"}``;
* ``…/events``: all attempted events from ``offset`` (no page size), oldest
  first; no automatic retries (NOT FOUND): ``redeliver`` resends by hand;
* URL errors are Go-like: ``Post "URL": dial tcp H:P: connect: connection
  refused`` / ``… context deadline exceeded (…)`` / ``unsupported protocol scheme``;
* event ``metadata`` values are strings (ids too), ``creator_id`` =
  ``event_user_id``; ping metadata ``event_user_id`` is a number = the caller;
* ids: subscriptions from 50001, events from 900001; no rate limit or quota.
"""

from .delivery import SIGNATURE_HEADER, Delivery, sign
from .fake import TogglWebhooksFake
from .server import API_PREFIX, RecordedRequest
from .state import PLAN_LIMITS

__all__ = ["API_PREFIX", "PLAN_LIMITS", "SIGNATURE_HEADER", "Delivery", "RecordedRequest",
           "TogglWebhooksFake", "sign"]
