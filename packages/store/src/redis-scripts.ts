/**
 * Lua scripts run atomically by Redis. Keys are always passed in KEYS (never built inside a script) so the scripts
 * stay correct under key-prefix changes.
 */

/**
 * Commit. ARGV[1] = '1' when fenced, '0' otherwise. When fenced, KEYS[1] is the lease hash and ARGV[2], ARGV[3] the
 * fence's holder and epoch. The remaining KEYS are collection hashes, one per write, in order; the remaining ARGV are
 * triples (op 'put' | 'delete', id, value — empty for deletes) in the same order.
 * Returns 1 when applied, 0 when fenced (nothing written). Every collection key is type-checked before the first write
 * so that a WRONGTYPE cannot leave a commit half applied (Lua scripts do not roll back).
 */
export const commitScript = `
local first = 1
if ARGV[1] == '1' then
  local lease = redis.call('HMGET', KEYS[1], 'holder', 'epoch')
  if lease[1] ~= ARGV[2] or lease[2] ~= ARGV[3] then
    return 0
  end
  first = 2
end
for i = first, #KEYS do
  local keyType = redis.call('TYPE', KEYS[i])['ok']
  if keyType ~= 'hash' and keyType ~= 'none' then
    return redis.error_reply('WRONGTYPE key ' .. KEYS[i] .. ' holds a ' .. keyType .. ', not a hash')
  end
end
local arg = 2
if first == 2 then
  arg = 4
end
for i = first, #KEYS do
  if ARGV[arg] == 'put' then
    redis.call('HSET', KEYS[i], ARGV[arg + 1], ARGV[arg + 2])
  else
    redis.call('HDEL', KEYS[i], ARGV[arg + 1])
  end
  arg = arg + 3
end
return 1
`;

/**
 * Acquire or renew. KEYS[1] = lease hash {holder, epoch}, KEYS[2] = epoch counter (never expires, so epochs never
 * decrease after the lease hash expires or is released), KEYS[3] = the store's incarnation (never expires; written once,
 * here, if absent). ARGV[1] = holder, ARGV[2] = ttl in ms, ARGV[3] = a fresh random incarnation, used only if the store
 * has none. Returns nil when another holder has the lease, else {epoch, expiresAtMs on the server's clock, incarnation}.
 */
export const acquireLeaseScript = `
local current = redis.call('HMGET', KEYS[1], 'holder', 'epoch')
local epoch
if current[1] == ARGV[1] then
  epoch = tonumber(current[2])
elseif current[1] then
  return nil
else
  epoch = redis.call('INCR', KEYS[2])
  redis.call('HSET', KEYS[1], 'holder', ARGV[1], 'epoch', epoch)
end
redis.call('SET', KEYS[3], ARGV[3], 'NX')
local incarnation = redis.call('GET', KEYS[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
return {epoch, nowMs + tonumber(ARGV[2]), incarnation}
`;

/**
 * Renew only. KEYS[1] = lease hash, KEYS[2] = the store's incarnation. ARGV[1] = holder, ARGV[2] = epoch,
 * ARGV[3] = incarnation when the lease was won, ARGV[4] = ttl in ms. Never writes anything but the lease's TTL.
 * Returns {'store-reset'} when the incarnation is gone or different; {'lost'} when the lease hash is gone, or
 * {'lost', holder, epoch} when it names another tenure; else {'renewed', expiresAtMs on the server's clock}.
 */
export const renewLeaseScript = `
if redis.call('GET', KEYS[2]) ~= ARGV[3] then
  return {'store-reset'}
end
local current = redis.call('HMGET', KEYS[1], 'holder', 'epoch')
if not current[1] then
  return {'lost'}
end
if current[1] ~= ARGV[1] or current[2] ~= ARGV[2] then
  return {'lost', current[1], current[2]}
end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
return {'renewed', nowMs + tonumber(ARGV[4])}
`;

/** Release. KEYS[1] = lease hash; ARGV[1] = holder, ARGV[2] = epoch. Deletes it only if both match. Returns 1 or 0. */
export const releaseLeaseScript = `
local current = redis.call('HMGET', KEYS[1], 'holder', 'epoch')
if current[1] == ARGV[1] and current[2] == ARGV[2] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
`;
