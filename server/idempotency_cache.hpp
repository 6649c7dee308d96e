// Replies remembered under their Idempotency-Key (per tenant) so a retried POST gets the first
// answer instead of a second resource; a key reused for another request is refused, and one
// whose first request is still in flight answers 409. Entries expire after the configured TTL.
// io thread only.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/time.hpp"
#include "storage/ops.hpp"

namespace ccr::server {

class IdempotencyCache {
 public:
  enum class Verdict { New, Replay, InFlight, Reused };

  struct Lookup {
    Verdict verdict = Verdict::New;
    const storage::IdempotencyPut* stored = nullptr;  // for Replay
  };

  explicit IdempotencyCache(core::Duration ttl) : ttl_(ttl) {}

  void restore(const std::vector<storage::IdempotencyPut>& entries);
  // Looks the key up; a New key is marked in flight until complete() or abandon().
  Lookup begin(const std::string& tenant_id, const std::string& key, const std::string& fingerprint,
               core::Time now);
  // Records the reply; the caller persists the returned op with the change it answers.
  storage::IdempotencyPut complete(const std::string& tenant_id, const std::string& key, int status,
                                   std::string body, std::string content_type, core::Time now);
  void abandon(const std::string& tenant_id, const std::string& key);

 private:
  using Key = std::pair<std::string, std::string>;
  struct Entry {
    std::string fingerprint;
    std::optional<storage::IdempotencyPut> reply;  // empty while in flight
  };
  void expire(core::Time now);

  core::Duration ttl_;
  std::map<Key, Entry> entries_;
  std::multimap<core::Time, Key> by_age_;
};

}  // namespace ccr::server
