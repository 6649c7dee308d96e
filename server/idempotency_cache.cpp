#include "server/idempotency_cache.hpp"

namespace ccr::server {

void IdempotencyCache::restore(const std::vector<storage::IdempotencyPut>& entries) {
  for (const auto& e : entries) {
    Key key{e.tenant_id, e.key};
    entries_[key] = Entry{e.fingerprint, e};
    by_age_.emplace(e.created_at, key);
  }
}

void IdempotencyCache::expire(core::Time now) {
  while (!by_age_.empty() && by_age_.begin()->first + ttl_ < now) {
    auto it = entries_.find(by_age_.begin()->second);
    if (it != entries_.end() && it->second.reply) entries_.erase(it);
    by_age_.erase(by_age_.begin());
  }
}

IdempotencyCache::Lookup IdempotencyCache::begin(const std::string& tenant_id,
                                                 const std::string& key,
                                                 const std::string& fingerprint, core::Time now) {
  expire(now);
  Key k{tenant_id, key};
  auto it = entries_.find(k);
  if (it == entries_.end()) {
    entries_[k] = Entry{fingerprint, std::nullopt};
    return {Verdict::New, nullptr};
  }
  if (it->second.fingerprint != fingerprint) return {Verdict::Reused, nullptr};
  if (!it->second.reply) return {Verdict::InFlight, nullptr};
  return {Verdict::Replay, &*it->second.reply};
}

storage::IdempotencyPut IdempotencyCache::complete(const std::string& tenant_id,
                                                   const std::string& key, int status,
                                                   std::string body, std::string content_type,
                                                   core::Time now) {
  Key k{tenant_id, key};
  auto& entry = entries_[k];
  entry.reply = storage::IdempotencyPut{
      tenant_id, key, entry.fingerprint, status, std::move(body), std::move(content_type), now};
  by_age_.emplace(now, k);
  return *entry.reply;
}

void IdempotencyCache::abandon(const std::string& tenant_id, const std::string& key) {
  auto it = entries_.find({tenant_id, key});
  if (it != entries_.end() && !it->second.reply) entries_.erase(it);
}

}  // namespace ccr::server
