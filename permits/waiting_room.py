"""The virtual waiting room of a release (permits.Release): a queue in Redis, and passes.

From `prequeue_minutes` before a release opens until its last slot starts, booking one of its
slots needs a pass. The queue's rules, each kept by one Lua script so that every step is
atomic across processes:

- Joining before the opening (the pre-queue) draws a random number; at the opening the
  pre-queue is ranked by it, so arriving a second earlier buys nothing. After the opening a
  place is first come, first served (a counter).
- One place per account: the account id is the member, whatever the tabs or devices.
- Admission follows the line at `admit_per_second` seats (a party of three takes three),
  never more seats in flight (admitted, pass not used yet) than the release has left.
  Nothing runs in the background: each join or poll first moves the line up to now.
- A pass is bound to the account, valid `pass_seconds` for any slot of the release, claimed
  while a booking runs (two tabs cannot both use it), used up only by a booking that
  succeeds (released again if it fails), and expires unused: its seats go back.
- The release sells out when the seats left reach 0: every poll says so from then on.

A poll needs no PostgreSQL and no session: its URL carries a signed token naming the release
and the account (`poll_token`), and the release's figures are in Redis beside its queue.
hajjportal/wsgi.py answers it before Django's middleware (`wsgi_poll`); in production the
reverse proxy sends it to the poll server instead (permits/queue_server.py, `poll_many`).

Redis down during an open release: `QueueUnavailable`, which the booking path turns into a
refusal (fail closed). The queue's keys have no expiry while the release runs, so a place is
not lost when Redis comes back (with its persistence as configured).
"""

import functools
import json
import logging
import math
import random
import secrets
import time
from dataclasses import dataclass

import redis
from django.conf import settings
from django.core import signing

from portal.versions import version

logger = logging.getLogger(__name__)

VERSION = "permits.releases"
STATES = ("prequeue", "waiting", "admitted", "sold_out", "expired")
POLL_PREFIX = "/api/v1/permits/queue/"


class QueueUnavailable(Exception):
    """Redis could not be asked: the release's slots cannot be booked now."""


# --- The releases, as the booking path looks them up -----------------------------------------

@dataclass(frozen=True)
class ReleaseInfo:
    """A release as the queue needs it (times as epoch seconds)."""

    id: int
    slot_ids: frozenset
    opens_at: float
    prequeue_from: float
    ends_at: float  # the last slot's start: the release needs passes until then
    admit_per_second: int
    pass_seconds: int
    seats: int  # seats left in its slots when first read: the queue's starting figure

    def gated(self, now: float) -> bool:
        return now < self.ends_at


_by_version: dict = {}


def _load_releases() -> dict:
    """{slot id: ReleaseInfo} of every release whose last slot has not started."""
    from django.db.models import Max, Sum
    from django.utils import timezone

    from .models import Release

    rows = {}
    releases = (Release.objects.filter(slots__starts_at__gt=timezone.now())
                .annotate(last_start=Max("slots__starts_at"), seats=Sum("slots__remaining"))
                .order_by("opens_at"))
    for release in releases:
        slot_ids = frozenset(release.slots.values_list("pk", flat=True))
        info = ReleaseInfo(
            id=release.pk, slot_ids=slot_ids, opens_at=release.opens_at.timestamp(),
            prequeue_from=release.opens_at.timestamp() - 60 * release.prequeue_minutes,
            ends_at=release.last_start.timestamp(), admit_per_second=release.admit_per_second,
            pass_seconds=release.pass_seconds, seats=release.seats or 0)
        for slot_id in slot_ids:
            rows.setdefault(slot_id, info)
    return rows


def release_for_slot(slot_id: int, *, now: float) -> ReleaseInfo | None:
    """The release gating this slot now, if any. The ordinary booking pays one cache read
    (the version of the releases) and no SQL: the releases are read once per version, per
    process. With the cache down the releases are read from PostgreSQL (fail closed)."""
    current = version(VERSION)
    if current is None:
        rows = _load_releases()
    else:
        rows = _by_version.get(current)
        if rows is None:
            rows = _load_releases()
            _by_version.clear()
            _by_version[current] = rows
    info = rows.get(slot_id)
    return info if info is not None and info.gated(now) else None


def release_for_slot_held(slot_id: int, *, now: float) -> ReleaseInfo | None:
    """As release_for_slot, from this process's copy of the current version only: None when
    the process has not read that version yet (the shim before Django never reads
    PostgreSQL; the next booking through Django reads it)."""
    current = version(VERSION)
    rows = _by_version.get(current) if current is not None else None
    info = rows.get(slot_id) if rows else None
    return info if info is not None and info.gated(now) else None


def releases_unread() -> bool:
    """Whether this process lacks its copy of the releases' current version (the poll
    server then reads it in a thread: releases_read)."""
    current = version(VERSION)
    return current is not None and current not in _by_version


def releases_read() -> None:
    """This process's copy of the releases at the current version, read from PostgreSQL."""
    current = version(VERSION)
    rows = _load_releases()
    if current is not None:
        _by_version.clear()
        _by_version[current] = rows


def release_info(release_id: int) -> ReleaseInfo | None:
    """A release by id, from the same per-version copy."""
    current = version(VERSION)
    rows = _by_version.get(current) if current is not None else None
    if rows is None:
        rows = _load_releases()
        if current is not None:
            _by_version.clear()
            _by_version[current] = rows
    return next((info for info in rows.values() if info.id == release_id), None)


# --- Redis -------------------------------------------------------------------------------------

_clients: dict = {}


def client() -> redis.Redis:
    url = settings.WAITING_ROOM_REDIS_URL or settings.REDIS_URL
    found = _clients.get(url)
    if found is None:
        found = _clients[url] = redis.Redis.from_url(
            url, socket_timeout=settings.CACHE_SOCKET_TIMEOUT,
            socket_connect_timeout=settings.CACHE_SOCKET_TIMEOUT)
    return found


@functools.lru_cache(maxsize=1024)
def _keys(release_id: int) -> tuple[str, ...]:
    tag = f"permits:wr:{{{release_id}}}"
    return tuple(f"{tag}:{name}" for name in KEY_NAMES)


KEY_NAMES = ("conf", "pre", "line", "seq", "head", "seats", "pass", "expiry", "claim", "gone",
             "counts")

# Opens the line if it is time, expires passes, (if asked) joins the accounts, admits up to
# now, then says where each account stands: the accounts of one release that one turn of the
# front server (or one request) asks about, in one call.
# KEYS: conf pre line seq head seats pass expiry claim gone counts
# ARGV: now, join (0/1), pass nonce, the release's figures when joining (opens_at, rate,
#       pass_seconds, seats left; empty otherwise), then three for each account: its id, the
#       seats it wants and its lottery draw.
_STEP = """
local conf, pre, line, seq, head, seats, pass, expiry, claim, gone, counts =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8], KEYS[9], KEYS[10],
  KEYS[11]
local now, join, nonce = tonumber(ARGV[1]), ARGV[2] == '1', ARGV[3]
local FIRST = 8
if join then
  redis.call('HSETNX', conf, 'opens_at', ARGV[4])
  redis.call('HSET', conf, 'rate', ARGV[5], 'pass_seconds', ARGV[6])
  redis.call('HSETNX', counts, 'left', ARGV[7])
end
local opens_at = tonumber(redis.call('HGET', conf, 'opens_at'))
if not opens_at then
  local none = {}
  for i = FIRST, #ARGV, 3 do none[#none + 1] = {'none'} end
  return none
end
local rate = tonumber(redis.call('HGET', conf, 'rate'))
local pass_seconds = tonumber(redis.call('HGET', conf, 'pass_seconds'))
-- The opening: the pre-queue ranked by its draws, once.
if now >= opens_at and redis.call('HGET', counts, 'opened') ~= '1' then
  for _, member in ipairs(redis.call('ZRANGE', pre, 0, -1)) do
    if not redis.call('ZSCORE', line, member) then
      redis.call('ZADD', line, redis.call('INCR', seq), member)
    end
  end
  redis.call('DEL', pre)
  redis.call('HSET', counts, 'opened', '1')
end
-- Passes not used in time: their seats go back.
for _, member in ipairs(redis.call('ZRANGEBYSCORE', expiry, '-inf', now)) do
  redis.call('HINCRBY', counts, 'inflight', -tonumber(redis.call('HGET', seats, member) or 1))
  redis.call('HDEL', pass, member); redis.call('HDEL', claim, member)
  redis.call('HDEL', seats, member); redis.call('ZREM', expiry, member)
  redis.call('ZREM', line, member); redis.call('HSET', gone, member, '1')
end
-- Joining: one place per account; an expired one may queue again, at the back.
for i = FIRST, join and #ARGV or 0, 3 do
  local user = ARGV[i]
  if not redis.call('HGET', pass, user) and not redis.call('ZSCORE', line, user)
      and not redis.call('ZSCORE', pre, user) then
    redis.call('HDEL', gone, user)
    redis.call('HSET', seats, user, ARGV[i + 1])
    if now < opens_at then
      redis.call('ZADD', pre, ARGV[i + 2], user)
    else
      redis.call('ZADD', line, redis.call('INCR', seq), user)
    end
  end
end
local left = tonumber(redis.call('HGET', counts, 'left') or 0)
local inflight = tonumber(redis.call('HGET', counts, 'inflight') or 0)
local current = tonumber(redis.call('GET', head) or 0)
-- Admission: seats at `rate` a second since the opening, in the line's order.
if now >= opens_at then
  local budget = math.floor((now - opens_at) * rate)
    - tonumber(redis.call('HGET', counts, 'admitted') or 0)
  local given = 0
  while given < 1000 do
    local nxt = redis.call('ZRANGEBYSCORE', line, '(' .. current, '+inf', 'WITHSCORES',
                           'LIMIT', 0, 1)
    if #nxt == 0 then break end
    local want = tonumber(redis.call('HGET', seats, nxt[1]) or 1)
    if want > budget or inflight + want > left then break end
    redis.call('HSET', pass, nxt[1], nonce .. '.' .. nxt[2])
    redis.call('ZADD', expiry, now + pass_seconds, nxt[1])
    current = tonumber(nxt[2])
    redis.call('SET', head, current)
    inflight = inflight + want
    budget = budget - want
    given = given + 1
    redis.call('HINCRBY', counts, 'admitted', want)
  end
  redis.call('HSET', counts, 'inflight', inflight)
end
local ahead = tostring(math.max(0, left - inflight))
local function where(user)
  local token = redis.call('HGET', pass, user)
  if token then
    return {'admitted', '0', ahead, token, tostring(redis.call('ZSCORE', expiry, user) - now),
            tostring(rate)}
  end
  if left <= 0 then return {'sold_out', '0', '0', '', '0', tostring(rate)} end
  if redis.call('ZSCORE', pre, user) then
    return {'prequeue', '0', ahead, '', tostring(opens_at - now), tostring(rate)}
  end
  local place = redis.call('ZSCORE', line, user)
  if place then
    return {'waiting', tostring(tonumber(place) - current), ahead, '', '0', tostring(rate)}
  end
  if redis.call('HGET', gone, user) then
    return {'expired', '0', ahead, '', '0', tostring(rate)}
  end
  return {'none', '0', ahead, '', '0', tostring(rate)}
end
local answers = {}
for i = FIRST, #ARGV, 3 do answers[#answers + 1] = where(ARGV[i]) end
return answers
"""

# Claims the account's pass for one booking. ARGV: user, pass, now. 1 if claimed.
_CLAIM = """
local pass, expiry, claim = KEYS[7], KEYS[8], KEYS[9]
local user = ARGV[1]
if redis.call('HGET', pass, user) ~= ARGV[2] then return 0 end
local until_ = redis.call('ZSCORE', expiry, user)
if not until_ or tonumber(until_) <= tonumber(ARGV[3]) then return 0 end
if redis.call('HSETNX', claim, user, '1') == 0 then return 0 end
return 1
"""

# The booking succeeded: the pass is used up, the seats booked leave the release.
# ARGV: user, seats booked.
_USE = """
local line, seats, pass, expiry, claim, counts =
  KEYS[3], KEYS[6], KEYS[7], KEYS[8], KEYS[9], KEYS[11]
local user = ARGV[1]
if not redis.call('HGET', pass, user) then return 0 end
redis.call('HINCRBY', counts, 'inflight', -tonumber(redis.call('HGET', seats, user) or 1))
redis.call('HINCRBY', counts, 'left', -tonumber(ARGV[2]))
redis.call('HDEL', pass, user); redis.call('HDEL', claim, user); redis.call('HDEL', seats, user)
redis.call('ZREM', expiry, user); redis.call('ZREM', line, user)
return 1
"""


_scripts: dict = {}


def _script(name: str, source: str, connection: redis.Redis):
    script = _scripts.get((name, id(connection)))
    if script is None:
        script = _scripts[(name, id(connection))] = connection.register_script(source)
    return script


def _run(name: str, source: str, release_id: int, args: list):
    connection = client()
    try:
        return _script(name, source, connection)(keys=_keys(release_id), args=args)
    except redis.RedisError as exc:
        raise QueueUnavailable(str(exc)) from exc


# --- What the queue says -------------------------------------------------------------------------

# Sold-out must reach everyone waiting within 2 s of the last seat: nobody waiting is told to
# come back later than this, which leaves the poll's own round trip inside the 2 s.
POLL_LATEST_MS = 1900
# Nobody is told to come back sooner than this (a place about to be admitted would otherwise
# be asked a hundred times a second).
POLL_SOONEST_MS = 200
# A place is asked back this much after the line should have reached it, so that it does not
# arrive a moment too early (servers' clocks, the admission's whole seats).
POLL_SLACK_MS = 20


@dataclass
class Place:
    state: str  # one of STATES, or "none" (not in the line: answered as "expired")
    position: int | None
    estimated_wait_s: int | None
    retry_after_ms: int  # 0: no need to poll again (admitted, sold out, expired)
    queue_pass: str | None
    seats_left: int
    pass_valid_s: int = 0  # admitted: the seconds left to book with the pass

    @property
    def retry_after_s(self) -> int:
        """Whole seconds, as the Retry-After header and a page's refresh need them."""
        return math.ceil(self.retry_after_ms / 1000)

    def as_json(self) -> dict:
        return {"state": "expired" if self.state == "none" else self.state,
                "position": self.position,
                "estimated_wait_s": self.estimated_wait_s, "retry_after_s": self.retry_after_s,
                "retry_after_ms": self.retry_after_ms,
                "pass": self.queue_pass, "seats_left": self.seats_left,
                "pass_valid_s": self.pass_valid_s}


def retry_after_waiting_ms(position: int, rate: float) -> int:
    """When a waiting place should poll again: when the line, admitting `rate` seats a second,
    should have reached it. Told in whole seconds, everyone near the front would come back at
    the same instant and the admitted pilgrims' bookings would reach the portal in bursts
    (bench/rush --whole-seconds measures that beside this; the README has the figures)."""
    due = math.ceil(1000 * position / rate) + POLL_SLACK_MS
    return min(POLL_LATEST_MS, max(POLL_SOONEST_MS, due))


def _place(answer) -> Place:
    state, position, ahead, token, seconds, rate = (
        value.decode() if isinstance(value, bytes) else str(value) for value in
        (list(answer) + ["0", "0", "", "0", "1"])[:6])
    if state == "none":
        return Place(state="none", position=None, estimated_wait_s=None, retry_after_ms=0,
                     queue_pass=None, seats_left=int(float(ahead or 0)))
    rate = max(float(rate or 1), 1.0)
    position_n = int(float(position or 0))
    seconds_n = max(0, math.ceil(float(seconds or 0)))
    if state == "waiting":
        return Place(state=state, position=position_n,
                     estimated_wait_s=math.ceil(position_n / rate),
                     retry_after_ms=retry_after_waiting_ms(position_n, rate), queue_pass=None,
                     seats_left=int(float(ahead)))
    if state == "prequeue":
        # Whole seconds on purpose: rounded up from each arrival's own moment, the pre-queue's
        # first polls after the opening spread over its first second (the lottery has ranked
        # them by then, so nobody loses by it) instead of all landing at once.
        return Place(state=state, position=None, estimated_wait_s=seconds_n,
                     retry_after_ms=1000 * max(1, min(seconds_n,
                                                      settings.WAITING_ROOM_PREQUEUE_POLL)),
                     queue_pass=None, seats_left=int(float(ahead)))
    if state == "admitted":
        return Place(state=state, position=0, estimated_wait_s=0, retry_after_ms=0,
                     queue_pass=token, seats_left=int(float(ahead)), pass_valid_s=seconds_n)
    return Place(state=state, position=None, estimated_wait_s=None, retry_after_ms=0,
                 queue_pass=None, seats_left=0)


def _step_args(now: float, accounts, *, joining: ReleaseInfo | None = None) -> list:
    """The step script's arguments: a fresh pass nonce, the release's figures when joining,
    and (account, seats wanted, lottery draw) of each account; a fresh draw for a join."""
    nonce = secrets.token_urlsafe(16)
    if joining is None:
        args = [now, "0", nonce, "", "", "", ""]
    else:
        args = [now, "1", nonce, joining.opens_at, joining.admit_per_second,
                joining.pass_seconds, joining.seats]
    for user_id, seats in accounts:
        args += [user_id, seats, random.random() if joining is not None else 0]
    return args


def _steps(calls: list[tuple[int, list, ReleaseInfo | None]], *, now: float) -> list[Place]:
    """Where each (release id, account, seats) of `calls` stands, with their releases' steps
    in one round trip: one script call a release, whatever the number of its accounts (the
    front server asks for every poll, or every arrival, of one turn of its loop at once)."""
    by_release: dict = {}  # (release id, joining) -> (the release if joining, [(index, account)])
    for index, (release_id, account, joining) in enumerate(calls):
        group = by_release.setdefault((release_id, joining is not None), (joining, []))
        group[1].append((index, account))
    connection = client()
    script = _script("step", _STEP, connection)
    pipe = connection.pipeline(transaction=False)
    for (release_id, _joins), (joining, accounts) in by_release.items():
        script(keys=_keys(release_id), client=pipe,
               args=_step_args(now, [account for _index, account in accounts],
                               joining=joining))
    try:
        answers = pipe.execute()
    except redis.RedisError as exc:
        raise QueueUnavailable(str(exc)) from exc
    places = [None] * len(calls)
    for (_joining, accounts), answer in zip(by_release.values(), answers, strict=True):
        for (index, _account), one in zip(accounts, answer, strict=True):
            places[index] = _place(one)
    return places


def join(release: ReleaseInfo, *, user_id: int, seats: int = 1, now: float) -> Place:
    """Take (or keep) the account's place in the release's line, and say where it stands."""
    return _steps([(release.id, (user_id, seats), release)], now=now)[0]


def join_many(arrivals: list[tuple[ReleaseInfo, int]], *, now: float) -> list[Place]:
    """join() of each (release, account) with one seat, in one round trip to Redis (the poll
    server answers the arrivals of one turn of its loop so)."""
    return _steps([(release.id, (user_id, 1), release) for release, user_id in arrivals],
                  now=now)


def poll(release_id: int, *, user_id: int, now: float) -> Place:
    """Where the account stands (no PostgreSQL: the release's figures are in Redis)."""
    return _steps([(release_id, (user_id, 1), None)], now=now)[0]


def poll_many(accounts: list[tuple[int, int]], *, now: float) -> list["Place"]:
    """Where each (release, account) stands, in one round trip to Redis: the poll server
    (permits/queue_server.py) answers every poll that arrived in one turn of its loop so."""
    return _steps([(release_id, (user_id, 1), None) for release_id, user_id in accounts],
                  now=now)


def pass_claim(release: ReleaseInfo, *, user_id: int, queue_pass: str, now: float) -> bool:
    """Hold the account's pass for one booking: false if it is not theirs, expired, used or
    held by another booking running now."""
    if not queue_pass:
        return False
    return bool(_run("claim", _CLAIM, release.id, [user_id, queue_pass, now]))


def pass_release(release: ReleaseInfo, *, user_id: int) -> None:
    """The booking failed: the pass may be used again while it is valid."""
    try:
        client().hdel(_keys(release.id)[KEY_NAMES.index("claim")], user_id)
    except redis.RedisError:
        pass  # the claim ends with the pass


def pass_use(release: ReleaseInfo, *, user_id: int, seats: int) -> None:
    """The booking succeeded: the pass is used up and its seats leave the release."""
    _run("use", _USE, release.id, [user_id, seats])


# Accounts booked into someone else's booking give up their own place: out of the pre-queue
# or the line, and a pass they hold is dropped with its seats back in the count.
# ARGV: the accounts.
_LEAVE = """
local pre, line, seats, pass, expiry, claim, gone, counts =
  KEYS[2], KEYS[3], KEYS[6], KEYS[7], KEYS[8], KEYS[9], KEYS[10], KEYS[11]
local left_line = 0
for _, user in ipairs(ARGV) do
  local want = tonumber(redis.call('HGET', seats, user) or 1)
  if redis.call('HGET', pass, user) then
    redis.call('HINCRBY', counts, 'inflight', -want)
    redis.call('HDEL', pass, user); redis.call('HDEL', claim, user)
    redis.call('ZREM', expiry, user)
  end
  left_line = left_line + redis.call('ZREM', line, user) + redis.call('ZREM', pre, user)
  redis.call('HDEL', seats, user); redis.call('HDEL', gone, user)
end
return left_line
"""


def places_give_up(release: ReleaseInfo, *, user_ids) -> None:
    """These accounts now hold a seat in another account's booking of the release: each
    counts once, so their own place in the line (or their pass) goes. Redis down: logged,
    and a place left behind only lapses with its pass (PostgreSQL's rules still refuse a
    second seat of the same person)."""
    user_ids = [user_id for user_id in user_ids if user_id]
    if not user_ids:
        return
    try:
        _run("leave", _LEAVE, release.id, user_ids)
    except QueueUnavailable:
        logger.warning("Release %s: places of users %s not given up", release.id, user_ids)


# Seats a cancellation gave back, if the release's queue has started counting.
_RETURN = """
if redis.call('HEXISTS', KEYS[11], 'left') == 1 then
  redis.call('HINCRBY', KEYS[11], 'left', tonumber(ARGV[1]))
end
return 1
"""


def seats_returned(*, slot_id: int, seats: int) -> None:
    """Seats of a release's slot came back (a cancellation): the queue may admit for them.
    Redis down: logged, and those seats stay out of the queue's count (never oversold:
    PostgreSQL keeps the real counter)."""
    release = release_for_slot(slot_id, now=time.time())
    if release is None:
        return
    try:
        _run("return", _RETURN, release.id, [seats])
    except QueueUnavailable:
        logger.warning("Release %s: %s seats returned but not counted by its queue",
                       release.id, seats)


def figures(release_id: int) -> dict | None:
    """The live figures of a release's queue (the admin shows them); None if Redis cannot
    say."""
    keys = dict(zip(KEY_NAMES, _keys(release_id), strict=True))
    try:
        with client().pipeline(transaction=False) as pipe:
            pipe.hgetall(keys["counts"])
            pipe.zcard(keys["pre"])
            pipe.zcard(keys["line"])
            counts, prequeue, line = pipe.execute()
    except redis.RedisError:
        return None
    counts = {key.decode(): int(value) for key, value in counts.items()}
    return {"prequeue": prequeue, "in_line": line, "admitted_seats": counts.get("admitted", 0),
            "seats_in_flight": counts.get("inflight", 0), "seats_left": counts.get("left")}


# --- The poll's URL: a token bound to the account ------------------------------------------------

_SALT = "permits.waiting_room.poll"
_signers: dict = {}


def _signer() -> signing.Signer:
    """The poll tokens' signer, made once per set of keys (every poll checks a token)."""
    keys = (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS)
    signer = _signers.get(keys)
    if signer is None:
        _signers.clear()
        signer = _signers[keys] = signing.Signer(key=keys[0], fallback_keys=list(keys[1:]),
                                                 salt=_SALT)
    return signer


def poll_token(*, release_id: int, user_id: int) -> str:
    return _signer().sign(f"{release_id}.{user_id}")


def poll_token_read(token: str) -> tuple[int, int] | None:
    try:
        release_id, user_id = _signer().unsign(token).split(".")
        return int(release_id), int(user_id)
    except (signing.BadSignature, ValueError):
        return None


def poll_path(*, release_id: int, user_id: int) -> str:
    return f"{POLL_PREFIX}{poll_token(release_id=release_id, user_id=user_id)}/"


def poll_answer(token: str, *, now: float | None = None) -> tuple[int, dict]:
    """(HTTP status, body) of a poll: no session, no PostgreSQL."""
    found = poll_token_read(token)
    if found is None:
        return 404, POLL_REFUSALS[404]
    release_id, user_id = found
    try:
        place = poll(release_id, user_id=user_id, now=time.time() if now is None else now)
    except QueueUnavailable:
        return 503, POLL_REFUSALS[503]
    return 200, place.as_json()


POLL_REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed",
                413: "Content Too Large", 431: "Request Header Fields Too Large",
                502: "Bad Gateway", 503: "Service Unavailable"}
POLL_REFUSALS = {
    400: {"code": "bad_request", "detail": "A poll is a GET without a body."},
    404: {"code": "not_found", "detail": "Unknown queue token."},
    405: {"code": "method_not_allowed", "detail": "GET only."},
    413: {"code": "too_large", "detail": "A booking's body is never this large."},
    431: {"code": "headers_too_large", "detail": "The request's headers are too large."},
    502: {"code": "portal_unavailable", "detail": "The portal cannot be reached."},
    503: {"code": "queue_unavailable", "detail": "The queue cannot be reached."},
}


def poll_http(status: int, body: dict) -> tuple[str, list[tuple[str, str]], bytes]:
    """A poll's answer as HTTP (status line, headers, payload): the same from the WSGI shim
    and from the poll server."""
    payload = json.dumps(body).encode()
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(payload))),
               ("Cache-Control", "no-store")]
    if status == 200 and body.get("retry_after_s"):
        headers.append(("Retry-After", str(body["retry_after_s"])))
    return f"{status} {POLL_REASONS[status]}", headers, payload


def wsgi_poll(environ, start_response) -> list[bytes]:
    """The poll as a bare WSGI answer, before Django's handler (hajjportal/wsgi.py)."""
    token = environ.get("PATH_INFO", "")[len(POLL_PREFIX):].strip("/")
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        status, body = 405, POLL_REFUSALS[405]
    else:
        status, body = poll_answer(token)
    status_line, headers, payload = poll_http(status, body)
    start_response(status_line, headers)
    return [payload]
