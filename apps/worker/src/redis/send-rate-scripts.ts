/**
 * The Lua scripts of the send rate limiter (send-rate-limiter.ts says what each is for). Each runs
 * atomically in Redis, so every worker process shares one schedule per app and tenant.
 *
 * Per scope there are four keys:
 * - the grant log: one entry per send, scored by when it was granted and then by when it was answered,
 *   in real ms on the script's clock. The limits are checked on it, exactly, before every send;
 * - the plan: when each send of the log was answered, or is expected to be, and when each job waiting
 *   for its turn is expected to be answered (its turn plus the slack), in the plan's own time: real
 *   time less the offset. A job is given the first turn at which, counting the plan's entries as
 *   sends, the limits hold;
 * - the state, a hash: `offset`, how far the plan has slid since it was made (sends answered later
 *   than expected, a pause), so that adding to it moves every turn still to come at once; `answerMs`,
 *   how long sends have lately taken from their turn to their answer, the slack of the turns given next;
 *   and each waiting ticket's turn, in plan time (a ticket whose job never came back stays there until
 *   the scope has been idle for a minute and the state expires);
 * - the pause: until when Feishu told us to stop.
 */

/**
 * The clock of every script: ARGV[1] in ms when a test fixes it, else Redis's own `TIME`, the one clock
 * every worker process shares whatever its own says.
 */
const SCRIPT_CLOCK = `
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;

/**
 * Helpers on the plan (KEYS[2]) and the state (KEYS[3] or KEYS[4], given as `state`). `keepFor` makes a
 * key live at least `ms` more, never less (a key that does not exist stays so): the plan and the state
 * outlive the last turn by a minute window. `slackOf` is the state's `answerMs`, at least `minSlack`.
 */
const PLAN_HELPERS = `
local function keepFor(key, ms)
  if redis.call('PTTL', key) < ms then redis.call('PEXPIRE', key, ms) end
end

local function stateOf(state, field)
  return tonumber(redis.call('HGET', state, field) or '0')
end

local function slackOf(state, minSlack)
  return math.max(minSlack, stateOf(state, 'answerMs'))
end

-- The plan time of the first turn still to come, or nil; sends in flight are not turns.
local function firstTurnAfter(planNow, slack)
  local first = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. (planNow + slack), '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
  return tonumber(first[2])
end

-- Moves every turn still to come later by ms; returns the new offset.
local function slidePlan(state, ms)
  local offset = redis.call('HINCRBY', state, 'offset', ms)
  keepFor(state, redis.call('PTTL', KEYS[2]))
  return offset
end
`;

/**
 * KEYS: 1 log, 2 plan, 3 pause, 4 state. ARGV: 1 clock, 2 perSecond, 3 perMinute, 4 secondWindowMs,
 * 5 minuteWindowMs, 6 ticket (the job's, the same at each of its turns), 7 grant member (fresh), 8 the
 * least slack in ms.
 *
 * Returns `{0, expected, turn}` when the ticket may send now: the send is in the log as member ARGV[7];
 * `expected` is the plan time its answer was expected at and `turn` the real time its turn came (both
 * -1 when it came so late that its lateness says nothing about the plan). Returns
 * `{1, waitMs, throttled}` when it must come back in `waitMs`: its turn is then in the plan, and
 * `throttled` is 1 while Feishu's pause holds the scope.
 *
 * A ticket with no turn yet is given the first at which the plan keeps the limits (at most perSecond
 * of its entries in any window, and perMinute); a ticket whose turn has come is checked against the
 * log, the only exact record, and sends if it fits there.
 */
export const TAKE_TURN_SCRIPT = `${SCRIPT_CLOCK}${PLAN_HELPERS}
local perSecond, perMinute = tonumber(ARGV[2]), tonumber(ARGV[3])
local secondMs, minuteMs = tonumber(ARGV[4]), tonumber(ARGV[5])
local ticket, grant = ARGV[6], ARGV[7]
-- One read of the state for all this script needs of it (each command counts, on every send).
local read = redis.call('HMGET', KEYS[4], 'offset', 'answerMs', ticket)
local offset = tonumber(read[1] or '0')
local slack = math.max(tonumber(ARGV[8]), tonumber(read[2] or '0'))
-- The ticket's turn in plan time, while it waits for one; nil otherwise.
local held = tonumber(read[3] or '')
local planNow = now - offset
local pausedUntil = tonumber(redis.call('GET', KEYS[3]) or '0')
local throttled = 0
if pausedUntil > now then throttled = 1 end

redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - minuteMs)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', planNow - minuteMs)

-- How long until the log takes one more send without going over a limit in any window, for the
-- ahead-th of the tickets whose turn has come (0: the first): each is told when its own slot frees,
-- not all of them when the first one does.
local function logWait(ahead)
  local wait = 0
  local inMinute = redis.call('ZCARD', KEYS[1])
  if inMinute + ahead >= perMinute then
    local rank = math.min(inMinute - perMinute + ahead, inMinute - 1)
    local frees = redis.call('ZRANGE', KEYS[1], rank, rank, 'WITHSCORES')
    wait = math.max(1, tonumber(frees[2]) + minuteMs - now)
  end
  local inSecond = redis.call('ZCOUNT', KEYS[1], '(' .. (now - secondMs), '+inf')
  if inSecond + ahead >= perSecond then
    local rank = math.min(inSecond - perSecond + ahead, inSecond - 1)
    local frees = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. (now - secondMs), '+inf', 'WITHSCORES', 'LIMIT', rank, 1)
    wait = math.max(wait, 1, tonumber(frees[2]) + secondMs - now)
  end
  return wait
end

-- How many other tickets are ahead of this one in the plan (so their turn has come too).
local function ticketsAhead(expected)
  local ahead = 0
  for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', expected)) do
    if member == ticket then break end
    if string.sub(member, 1, 4) == 'job:' then ahead = ahead + 1 end
  end
  return ahead
end

-- The plan time of the entry at rank i (0: the earliest).
local function planAt(i)
  return tonumber(redis.call('ZRANGE', KEYS[2], i, i, 'WITHSCORES')[2])
end

local expected = tonumber(redis.call('ZSCORE', KEYS[2], ticket))
local slot
if expected then
  slot = math.max((held or expected) + offset, pausedUntil)
else
  -- Every window holding the new entry then holds only entries later than the perSecond-th latest
  -- (and the perMinute-th): fewer than the limit, entries planned after it included.
  local due = planNow
  local n = redis.call('ZCARD', KEYS[2])
  if n >= perSecond then due = math.max(due, planAt(n - perSecond) + secondMs) end
  if n >= perMinute then due = math.max(due, planAt(n - perMinute) + minuteMs) end
  slot = math.max(due + offset, pausedUntil)
end

if slot <= now then
  local wait = logWait(expected and ticketsAhead(expected) or 0)
  if wait == 0 then
    redis.call('ZADD', KEYS[1], now, grant)
    redis.call('PEXPIRE', KEYS[1], minuteMs + 1000)
    -- Only a ticket that waited has these to remove: most sends never wait.
    if expected then redis.call('ZREM', KEYS[2], ticket) end
    if held then redis.call('HDEL', KEYS[4], ticket) end
    redis.call('ZADD', KEYS[2], planNow + slack, grant)
    keepFor(KEYS[2], minuteMs + 1000)
    -- A turn taken a window or more after it came was held up elsewhere (a worker died holding it):
    -- its lateness is its own, not the plan's.
    if expected and now - slot >= secondMs then return {0, -1, -1} end
    return {0, expected or planNow + slack, slot}
  end
  -- Its turn is when its own slot frees; a ticket already in the plan keeps its place there, so that
  -- the tickets behind it still count it ahead of them.
  slot = now + wait
  if not expected then redis.call('ZADD', KEYS[2], slot - offset + slack, ticket) end
  redis.call('HSET', KEYS[4], ticket, slot - offset)
elseif slot - offset ~= held then
  redis.call('ZADD', KEYS[2], slot - offset + slack, ticket)
  redis.call('HSET', KEYS[4], ticket, slot - offset)
end
local last = planAt(redis.call('ZCARD', KEYS[2]) - 1) + offset
keepFor(KEYS[2], last - now + minuteMs + 1000)
keepFor(KEYS[4], last - now + minuteMs + 1000)
return {1, slot - now, throttled}
`;

/**
 * KEYS: 1 log, 2 plan, 3 state. ARGV: 1 clock, 2 grant member, 3 expected and 4 turn (as
 * `TAKE_TURN_SCRIPT` returned them), 5 the least slack in ms, 6 perSecond.
 *
 * Moves a grant to now, once its send has been answered: Feishu saw the send at some moment between
 * grant and answer, so counting it from the answer is never too early. A grant already past the minute
 * window is left gone (XX). How long it took from its turn moves the slack of the turns given next an
 * eighth of the way. A send answered later than its plan expected slides every turn still to come by a
 * perSecond-th of its lateness: a window's sends late alike slide it by most of that, so that turns far
 * ahead keep up with the pace sends really go at; a single slow one hardly at all, since the log, not the
 * plan, says when each send goes.
 */
export const SETTLE_SCRIPT = `${SCRIPT_CLOCK}${PLAN_HELPERS}
redis.call('ZADD', KEYS[1], 'XX', now, ARGV[2])
local read = redis.call('HMGET', KEYS[3], 'offset', 'answerMs')
local offset = tonumber(read[1] or '0')
local expected, turn, perSecond = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[6])
if expected >= 0 then
  local answerMs = tonumber(read[2] or (now - turn))
  answerMs = answerMs + math.floor((now - turn - answerMs) / 8)
  redis.call('HSET', KEYS[3], 'answerMs', answerMs)
  keepFor(KEYS[3], math.max(redis.call('PTTL', KEYS[2]), 60000))
  local late = now - offset - expected
  if late > 0 and firstTurnAfter(now - offset, math.max(tonumber(ARGV[5]), answerMs)) then
    offset = slidePlan(KEYS[3], math.ceil(late / perSecond))
  end
end
redis.call('ZADD', KEYS[2], 'XX', now - offset, ARGV[2])
return 0
`;

/**
 * KEYS: 1 pause-until, 2 plan, 3 state. ARGV: 1 clock, 2 ms, 3 the least slack in ms. Extends the
 * pause to now + ms (never shortens it), and slides the plan so that its first turn still to come
 * falls at the pause's end, not in it: turns keep their spacing, instead of all coming at the end.
 */
export const PAUSE_SCRIPT = `${SCRIPT_CLOCK}${PLAN_HELPERS}
local untilMs = now + tonumber(ARGV[2])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilMs > current then redis.call('SET', KEYS[1], untilMs, 'PX', tonumber(ARGV[2])) end
local offset = stateOf(KEYS[3], 'offset')
local slack = slackOf(KEYS[3], tonumber(ARGV[3]))
local first = firstTurnAfter(now - offset, slack)
if first and first - slack + offset < untilMs then slidePlan(KEYS[3], untilMs - (first - slack + offset)) end
return untilMs
`;
