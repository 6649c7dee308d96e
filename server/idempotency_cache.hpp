// Replies remembered under their Idempotency-Key (per tenant) so a retried POST gets the first
// answer instead of a second resource; a key reused for another request is refused. Requests are
// handled to completion on the io thread, so a key is never seen "in flight". Entries expire
// after the configured TTL. io thread only.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/time.hpp"
#include "storage/ops.hpp"

namespace ccr::server {

class IdempotencyCache {
 public:
  enum class Verdict { New, Replay, Reused };

  struct Lookup {
    Verdict verdict = Verdict::New;
    const storage::IdempotencyPut* stored = nullptr;  // for Replay
  };

  explicit IdempotencyCache(core::Duration ttl) : ttl_(ttl) {}

  void restore(const std::vector<storage::IdempotencyPut>& entries);
  Lookup find(const std::string& tenant_id, const std::string& key, const std::string& fingerprint,
              core::Time now);
  // Records the reply; the caller persists the returned op with the change it answers.
  storage::IdempotencyPut remember(storage::IdempotencyPut reply);
  // The retention cut-off: replies older than this are forgotten (and pruned on disk).
  core::Time horizon(core::Time now) const { return now - ttl_; }

 private:
  using Key = std::pair<std::string, std::string>;
  void expire(core::Time now);

  core::Duration ttl_;
  std::map<Key, storage::IdempotencyPut> entries_;
  std::multimap<core::Time, Key> by_age_;
};

}  // namespace ccr::server
