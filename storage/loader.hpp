// Reads the durable state back at start-up, before the io thread serves traffic: configuration,
// agent sessions, interactions not ended, idempotency replies, server metadata. Call after the
// Writer is constructed (it creates and migrates the file). The path overloads open their own
// read-only connection. Any thread; start-up only: failures throw StorageError.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/records.hpp"
#include "core/time.hpp"
#include "storage/database.hpp"
#include "storage/ops.hpp"

namespace ccr::storage {

// Every config table (tenants, teams, agents, codes, tokens, queues, entry points, address book,
// directory) and agent session, ordered by (created_at, tenant_id, id); sessions by (tenant_id,
// agent_id); and every interaction whose phase is not Ended, ordered by (arrival, tenant_id, id).
core::Snapshot load_snapshot(const std::string& path);
core::Snapshot load_snapshot(Database& db);

// The `server_meta` value under `key`, or nullopt.
std::optional<std::string> read_meta(const std::string& path, const std::string& key);
std::optional<std::string> read_meta(Database& db, const std::string& key);

// Idempotency replies created at or after `not_before`, oldest first.
std::vector<IdempotencyPut> load_idempotency(const std::string& path, core::Time not_before);
std::vector<IdempotencyPut> load_idempotency(Database& db, core::Time not_before);

}  // namespace ccr::storage
