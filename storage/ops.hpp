// What the writer thread commits: a core record, or a storage-level operation the server needs
// durable (idempotency replies, server metadata). Plain values; built on any thread, applied on
// the writer thread.
#pragma once

#include <string>
#include <variant>

#include "core/records.hpp"
#include "core/time.hpp"

namespace ccr::storage {

// A REST reply kept under its Idempotency-Key so a retried request gets the same answer.
struct IdempotencyPut {
  std::string tenant_id;
  std::string key;
  std::string fingerprint;  // hash of the request that first used the key
  int status = 0;           // HTTP status of the stored reply
  std::string body;
  std::string content_type;
  core::Time created_at{};
};

// Forgets idempotency keys created before `before` (retention).
struct IdempotencyPrune {
  core::Time before{};
};

// One `server_meta` entry: a server-wide fact kept across restarts.
struct MetaPut {
  std::string key;
  std::string value;
};

using Op = std::variant<core::Record, IdempotencyPut, IdempotencyPrune, MetaPut>;

}  // namespace ccr::storage
