#include "server/idempotency_cache.hpp"

namespace ccr::server {

void IdempotencyCache::restore(const std::vector<storage::IdempotencyPut>& entries) {
  for (const auto& e : entries) remember(e);
}

void IdempotencyCache::expire(core::Time now) {
  while (!by_age_.empty() && by_age_.begin()->first < horizon(now)) {
    auto it = entries_.find(by_age_.begin()->second);
    if (it != entries_.end() && it->second.created_at == by_age_.begin()->first) entries_.erase(it);
    by_age_.erase(by_age_.begin());
  }
}

IdempotencyCache::Lookup IdempotencyCache::find(const std::string& tenant_id,
                                                const std::string& key,
                                                const std::string& fingerprint, core::Time now) {
  expire(now);
  auto it = entries_.find({tenant_id, key});
  if (it == entries_.end()) return {Verdict::New, nullptr};
  if (it->second.fingerprint != fingerprint) return {Verdict::Reused, nullptr};
  return {Verdict::Replay, &it->second};
}

storage::IdempotencyPut IdempotencyCache::remember(storage::IdempotencyPut reply) {
  Key key{reply.tenant_id, reply.key};
  by_age_.emplace(reply.created_at, key);
  entries_[key] = reply;
  return reply;
}

}  // namespace ccr::server
