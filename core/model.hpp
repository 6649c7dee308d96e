// Configuration entities of a tenant: tenants and their settings, teams, agents, idle and wrap-up
// codes, API tokens. Plain values; owned by core::Directory on the io thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"

namespace ccr::core {

enum class Channel { Voice, Chat, Email, Social };

// Who a token speaks for. ServerAdmin is the one server-wide token; the others live in a tenant.
enum class Role { ServerAdmin, Admin, Supervisor, Agent, Telephony, Web };

struct PrivacyShield {
  bool enabled = false;
  std::int64_t max_pause_ms = 30000;
};

// Tenant-wide settings. Desktops read them (AS5); only admins change them (AS6).
struct TenantSettings {
  bool noise_removal = true;  // AS6: on by default
  bool recording = true;      // RE1
  PrivacyShield privacy_shield;
  std::int64_t max_concurrent_calls = 100;     // LI1
  bool requeue_on_transfer_no_answer = false;  // TR3
  bool end_call_for_web_callback = false;      // CB5
};

struct Tenant {
  std::string id;
  std::string name;
  TenantSettings settings;
  Time created_at{};
  std::uint64_t version = 1;
};

struct Team {
  std::string id;
  std::string tenant_id;
  std::string name;
  Time created_at{};
  std::uint64_t version = 1;
};

// OF10: voice is 0 or 1; the digital channels are admin-set.
struct ChannelCapacity {
  int voice = 1;
  int chat = 0;
  int email = 0;
  int social = 0;
};

struct Agent {
  std::string id;
  std::string tenant_id;
  std::string name;
  std::vector<std::string> team_ids;
  ChannelCapacity channels;
  std::map<std::string, int> skills;
  Time created_at{};
  std::uint64_t version = 1;
};

enum class CodeKind { Idle, WrapUp };

// An idle reason code or a wrap-up code (AS4).
struct Code {
  std::string id;
  std::string tenant_id;
  CodeKind kind = CodeKind::Idle;
  std::string name;
  Time created_at{};
  std::uint64_t version = 1;
};

// An API token. Only the SHA-256 hash of the secret is ever kept.
struct Token {
  std::string id;
  std::string tenant_id;  // empty for the server admin token
  Role role = Role::Admin;
  std::string agent_id;  // for Role::Agent
  std::string hash;      // lowercase hex SHA-256 of the secret
  Time created_at{};
};

// The caller behind a request, resolved from its token.
struct Principal {
  Role role = Role::Admin;
  std::string tenant_id;
  std::string agent_id;
  std::string token_id;
};

}  // namespace ccr::core
