// What an agent may pick as a consult or transfer target (CO1, CO9, TR1, TR2): agents in the
// states the purpose allows (never the asking agent), voice queues and entry points allowed for
// the purpose, each list filtered by a search text, in name order and capped. Address-book and
// directory searches are core::ContactBook's. Reads the Engine; io thread only.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "core/engine.hpp"

namespace ccr::core {

enum class TargetPurpose { Consult, Transfer };

struct AgentTarget {
  const Agent* agent = nullptr;
  AgentSession session;
  std::optional<Phase> voice_work;  // the desktop's Engaged or WrapUp (AS1)
  // False while the agent is on a voice call, awaits its wrap-up or cannot take a call now: the
  // consult or transfer would be refused (TR2).
  bool reachable = false;
};

struct AgentTargets {
  std::vector<AgentTarget> items;
  std::size_t total = 0;
};

// CO1: a consult lists Available and Idle agents; TR1: a transfer lists Available agents only.
// The query matches names (a substring, ASCII case ignored).
AgentTargets agent_targets(const Engine& engine, const Principal& asking, TargetPurpose purpose,
                           std::string_view query, std::size_t limit);

// Voice queues whose consult_allowed or transfer_allowed (by purpose) is set; the query matches
// names.
Found<Queue> queue_targets(const Engine& engine, const std::string& tenant_id,
                           TargetPurpose purpose, std::string_view query, std::size_t limit);

// Voice entry points allowed for the purpose; the query matches names or, when it reads as a
// number (CO9: `(`, `)`, `-` and blanks dropped), a run of digits of one of their dial numbers.
Found<EntryPoint> entry_point_targets(const Engine& engine, const std::string& tenant_id,
                                      TargetPurpose purpose, std::string_view query,
                                      std::size_t limit);

}  // namespace ccr::core
