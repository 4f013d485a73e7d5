import { LuaScript } from './luaScript'

/*
 * The Redis session store's scripts. Every key a script touches shares the user's slot tag, so they run unchanged
 * on one node and on a Redis Cluster. Session hashes hold `d` (the record as JSON), `e` (its cap) and `i` (its idle
 * deadline; the authoritative one, `d` keeps the value at issue).
 */

/**
 * The whole authenticated-request path in one round trip, the same rules as slideSession():
 * KEYS: session, the user's session index, the user hash. ARGV: now, idle TTL ms, min slide ms, the token hash.
 * Replies {0} unknown, {2, 1 past its cap | 0 past its idle deadline} ended (deleted), or {1, record JSON, idle
 * deadline, user hash as a flat list}.
 * Atomic, so a session deleted by another instance cannot be written back by a late slide.
 */
export const TOUCH = new LuaScript(
  'touch',
  `local s = redis.call('HMGET', KEYS[1], 'd', 'e', 'i')
local data, cap, idle = s[1], tonumber(s[2]), tonumber(s[3])
if not data or not cap or not idle then return {0} end
local now = tonumber(ARGV[1])
if now >= cap or now >= idle then
  redis.call('DEL', KEYS[1])
  redis.call('SREM', KEYS[2], ARGV[4])
  if now >= cap then return {2, 1} end
  return {2, 0}
end
local target = math.min(now + tonumber(ARGV[2]), cap)
if target - idle >= math.max(tonumber(ARGV[3]), 1) then
  redis.call('HSET', KEYS[1], 'i', string.format('%.0f', target))
  redis.call('PEXPIRE', KEYS[1], string.format('%.0f', target - now))
  idle = target
end
return {1, data, idle, redis.call('HGETALL', KEYS[3])}`,
)

/**
 * Stores a new session and indexes it. It also checks up to 8 random index entries and drops those whose session
 * has expired on its own: each login removes more dead entries than it adds, so an index stays close to its user's
 * live sessions, at a bounded cost per login whatever the index size.
 * KEYS: session, index. ARGV: record JSON, cap, idle deadline, TTL ms, token hash, session key prefix, index TTL ms.
 */
export const CREATE = new LuaScript(
  'create',
  `redis.call('HSET', KEYS[1], 'd', ARGV[1], 'e', ARGV[2], 'i', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
for _, member in ipairs(redis.call('SRANDMEMBER', KEYS[2], 8)) do
  if redis.call('EXISTS', ARGV[6] .. member) == 0 then redis.call('SREM', KEYS[2], member) end
end
redis.call('SADD', KEYS[2], ARGV[5])
redis.call('PEXPIRE', KEYS[2], ARGV[7])
return 1`,
)

/**
 * Logout-all: deletes every session in the index and the index itself, atomically, so a session created meanwhile
 * is either deleted or still indexed. KEYS: index. ARGV: session key prefix. Replies how many sessions existed.
 */
export const DELETE_ALL = new LuaScript(
  'deleteAll',
  `local deleted = 0
for _, member in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  deleted = deleted + redis.call('DEL', ARGV[1] .. member)
end
redis.call('DEL', KEYS[1])
return deleted`,
)
