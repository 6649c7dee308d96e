#include "core/routing_config.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/crud_rules.hpp"
#include "core/text_rules.hpp"

namespace ccr::core {
namespace {

constexpr std::int64_t kMinute = 60'000;
constexpr std::int64_t kHour = 60 * kMinute;
constexpr std::size_t kMaxGroups = 10;
constexpr std::size_t kMaxVariables = 64;
constexpr std::size_t kMaxDialNumbers = 32;

bool valid_variable_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  if (!std::isalpha(static_cast<unsigned char>(name[0])) && name[0] != '_') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

}  // namespace

void RoutingConfig::restore(const Snapshot& s) {
  tenants_.clear();
  for (const auto& q : s.queues) tenants_[q.tenant_id].queues[q.id] = q;
  for (const auto& e : s.entry_points) tenants_[e.tenant_id].entry_points[e.id] = e;
}

const RoutingConfig::TenantRouting* RoutingConfig::data(const std::string& tenant_id) const {
  auto it = tenants_.find(tenant_id);
  return it == tenants_.end() ? nullptr : &it->second;
}

// --- queues ----------------------------------------------------------------------------------

Status RoutingConfig::check_queue(const Queue& q) const {
  Rejection r{Reason::ValidationFailed, "validation failed", {}, {}};
  auto add = [&](std::string field, std::string message) {
    r.errors.push_back({std::move(field), std::move(message)});
  };
  if (q.groups.empty()) add("groups", "a queue offers to at least one group of teams");
  if (q.groups.size() > kMaxGroups) add("groups", "at most 10 distribution groups");
  std::int64_t previous = -1;
  for (std::size_t i = 0; i < q.groups.size(); ++i) {
    const auto& g = q.groups[i];
    const auto field = "groups[" + std::to_string(i) + "]";
    if (g.team_ids.empty()) add(field + ".team_ids", "a group has at least one team");
    for (const auto& team_id : g.team_ids) {
      if (directory_.team(q.tenant_id, team_id) == nullptr) {
        add(field + ".team_ids", "unknown team " + team_id);
      }
    }
    if (i == 0 && g.after_ms != 0) add(field + ".after_ms", "the first group starts at 0");
    if (g.after_ms < 0 || g.after_ms > 24 * kHour || g.after_ms <= previous) {
      add(field + ".after_ms", "must grow from one group to the next, up to 24 hours");
    }
    previous = g.after_ms;
  }
  if (q.strategy == Strategy::Skills && q.required_skills.empty()) {
    add("required_skills", "the skills strategy needs at least one required skill");
  }
  for (const auto& [skill, level] : q.required_skills) {
    if (level < 0 || level > 10) add("required_skills." + skill, "level must be 0 to 10");
  }
  if (q.rona_timeout_ms < 1000 || q.rona_timeout_ms > 10 * kMinute) {
    add("rona_timeout_ms", "must be between 1000 and 600000");
  }
  if (q.wrapup_timeout_ms < 0 || q.wrapup_timeout_ms > kHour) {
    add("wrapup_timeout_ms", "must be between 0 (none) and 3600000");
  }
  if (!q.default_wrapup_code_id.empty() &&
      directory_.code(q.tenant_id, CodeKind::WrapUp, q.default_wrapup_code_id) == nullptr) {
    add("default_wrapup_code_id", "unknown wrap-up code");
  }
  if (q.priority < 1 || q.priority > 10) add("priority", "must be between 1 and 10");
  if (q.max_length < 1 || q.max_length > 1'000'000) add("max_length", "must be 1 to 1000000");
  if (q.service_level_ms < 0 || q.service_level_ms > kHour) {
    add("service_level_ms", "must be between 0 and 3600000");
  }
  if (q.overflow) {
    const auto* target = queue(q.tenant_id, q.overflow->queue_id);
    if (target == nullptr || target->id == q.id) {
      add("overflow.queue_id", "must be another queue of the tenant");
    } else if (target->channel != q.channel) {
      add("overflow.queue_id", "must serve the same channel");
    }
    for (const Queue* next = target; next != nullptr && next->overflow;) {
      if (next->overflow->queue_id == q.id) {
        add("overflow.queue_id", "overflow would lead back to this queue");
        break;
      }
      next = queue(q.tenant_id, next->overflow->queue_id);
      if (next == target) break;
    }
    if (q.overflow->after_ms < 1000 || q.overflow->after_ms > 24 * kHour) {
      add("overflow.after_ms", "must be between 1000 and 86400000");
    }
  }
  if (!r.errors.empty()) return r;
  return Done{};
}

Result<Queue> RoutingConfig::create_queue(Queue q, Time now, Effects& fx) {
  if (directory_.tenant(q.tenant_id) == nullptr) return not_found("tenant");
  auto name = clean_name(q.name);
  if (!name) return name.rejection();
  q.name = std::move(name.value());
  if (auto ok = check_queue(q); !ok) return ok.rejection();
  q.created_at = now;
  q.version = 1;
  tenants_[q.tenant_id].queues[q.id] = q;
  fx.persist(QueuePut{q});
  return q;
}

Result<Queue> RoutingConfig::replace_queue(Queue next, IfMatch if_match, Effects& fx) {
  const auto* current = queue(next.tenant_id, next.id);
  if (current == nullptr) return not_found("queue");
  if (auto r = stale(current->version, if_match)) return *r;
  if (next.channel != current->channel) {
    return Rejection::invalid_field("channel", "a queue's channel cannot change");
  }
  auto name = clean_name(next.name);
  if (!name) return name.rejection();
  next.name = std::move(name.value());
  if (auto ok = check_queue(next); !ok) return ok.rejection();
  next.created_at = current->created_at;
  next.version = current->version + 1;
  tenants_[next.tenant_id].queues[next.id] = next;
  fx.persist(QueuePut{next});
  return next;
}

Status RoutingConfig::delete_queue(const std::string& tenant_id, const std::string& id,
                                   IfMatch if_match, Effects& fx) {
  const auto* q = queue(tenant_id, id);
  if (q == nullptr) return not_found("queue");
  if (auto r = stale(q->version, if_match)) return *r;
  auto& t = tenants_[tenant_id];
  for (const auto& [ep_id, ep] : t.entry_points) {
    if (ep.queue_id == id) {
      return Rejection{Reason::Conflict, "entry point " + ep_id + " targets this queue", {}, {}};
    }
  }
  for (const auto& [other_id, other] : t.queues) {
    if (other.overflow && other.overflow->queue_id == id) {
      return Rejection{Reason::Conflict, "queue " + other_id + " overflows to this queue", {}, {}};
    }
  }
  t.queues.erase(id);
  fx.persist(QueueDeleted{tenant_id, id});
  return Done{};
}

const Queue* RoutingConfig::queue(const std::string& tenant_id, const std::string& id) const {
  const auto* d = data(tenant_id);
  if (d == nullptr) return nullptr;
  auto it = d->queues.find(id);
  return it == d->queues.end() ? nullptr : &it->second;
}

std::vector<const Queue*> RoutingConfig::queues_after(const std::string& tenant_id,
                                                      const std::string& cursor, std::size_t limit,
                                                      const std::string& name_filter) const {
  const auto* d = data(tenant_id);
  if (d == nullptr) return {};
  return page(d->queues, cursor, limit,
              [&](const Queue& q) { return contains_ignoring_case(q.name, name_filter); });
}

std::vector<const Queue*> RoutingConfig::queues_of_team(const std::string& tenant_id,
                                                        const std::string& team_id) const {
  std::vector<const Queue*> out;
  const auto* d = data(tenant_id);
  if (d == nullptr) return out;
  for (const auto& [id, q] : d->queues) {
    for (const auto& g : q.groups) {
      if (std::find(g.team_ids.begin(), g.team_ids.end(), team_id) != g.team_ids.end()) {
        out.push_back(&q);
        break;
      }
    }
  }
  return out;
}

bool RoutingConfig::uses_team(const std::string& tenant_id, const std::string& team_id) const {
  return !queues_of_team(tenant_id, team_id).empty();
}

bool RoutingConfig::uses_wrapup_code(const std::string& tenant_id,
                                     const std::string& code_id) const {
  const auto* d = data(tenant_id);
  if (d == nullptr) return false;
  return std::any_of(d->queues.begin(), d->queues.end(),
                     [&](const auto& kv) { return kv.second.default_wrapup_code_id == code_id; });
}

void RoutingConfig::forget_tenant(const std::string& tenant_id) { tenants_.erase(tenant_id); }

// --- entry points ----------------------------------------------------------------------------

Status RoutingConfig::check_entry_point(const EntryPoint& e) const {
  Rejection r{Reason::ValidationFailed, "validation failed", {}, {}};
  auto add = [&](std::string field, std::string message) {
    r.errors.push_back({std::move(field), std::move(message)});
  };
  const auto* target = queue(e.tenant_id, e.queue_id);
  if (target == nullptr) {
    add("queue_id", "unknown queue");
  } else if (target->channel != e.channel) {
    add("queue_id", "the queue serves another channel");
  }
  if (e.dial_numbers.size() > kMaxDialNumbers) add("dial_numbers", "at most 32 numbers");
  const auto* d = data(e.tenant_id);
  for (const auto& number : e.dial_numbers) {
    if (d == nullptr) break;
    for (const auto& [other_id, other] : d->entry_points) {
      if (other_id == e.id) continue;
      if (std::find(other.dial_numbers.begin(), other.dial_numbers.end(), number) !=
          other.dial_numbers.end()) {
        add("dial_numbers", number + " already belongs to entry point " + other_id);
      }
    }
  }
  if (e.variables.size() > kMaxVariables) add("variables", "at most 64 variables");
  std::set<std::string> names;
  std::size_t in_offer = 0;
  for (std::size_t i = 0; i < e.variables.size(); ++i) {
    const auto& v = e.variables[i];
    const auto field = "variables[" + std::to_string(i) + "]";
    if (!valid_variable_name(v.name)) {
      add(field + ".name", "letters, digits and _, starting with a letter, at most 64");
    } else if (!names.insert(v.name).second) {
      add(field + ".name", "duplicate variable " + v.name);
    }
    if (!clean_name(v.label, "label")) add(field + ".label", "must be 1 to 128 characters");
    if (v.in_offer && !v.secure) ++in_offer;
  }
  if (in_offer > kMaxOfferVariables) {
    add("variables", "at most 6 variables may show in an offer (OF6); secure ones never do");
  }
  if (e.hours) {
    if (e.hours->utc_offset_minutes < -14 * 60 || e.hours->utc_offset_minutes > 14 * 60) {
      add("hours.utc_offset_minutes", "must be between -840 and 840");
    }
    for (std::size_t i = 0; i < e.hours->windows.size(); ++i) {
      const auto& w = e.hours->windows[i];
      if (w.weekday < 0 || w.weekday > 6 || w.start_minute < 0 || w.end_minute > 24 * 60 ||
          w.start_minute >= w.end_minute) {
        add("hours.windows[" + std::to_string(i) + "]",
            "weekday 0 (Monday) to 6, 0 <= start_minute < end_minute <= 1440");
      }
    }
  }
  if (!r.errors.empty()) return r;
  return Done{};
}

Result<EntryPoint> RoutingConfig::create_entry_point(EntryPoint e, Time now, Effects& fx) {
  if (directory_.tenant(e.tenant_id) == nullptr) return not_found("tenant");
  auto name = clean_name(e.name);
  if (!name) return name.rejection();
  e.name = std::move(name.value());
  if (auto ok = check_entry_point(e); !ok) return ok.rejection();
  e.created_at = now;
  e.version = 1;
  tenants_[e.tenant_id].entry_points[e.id] = e;
  fx.persist(EntryPointPut{e});
  return e;
}

Result<EntryPoint> RoutingConfig::replace_entry_point(EntryPoint next, IfMatch if_match,
                                                      Effects& fx) {
  const auto* current = entry_point(next.tenant_id, next.id);
  if (current == nullptr) return not_found("entry point");
  if (auto r = stale(current->version, if_match)) return *r;
  if (next.channel != current->channel) {
    return Rejection::invalid_field("channel", "an entry point's channel cannot change");
  }
  auto name = clean_name(next.name);
  if (!name) return name.rejection();
  next.name = std::move(name.value());
  if (auto ok = check_entry_point(next); !ok) return ok.rejection();
  next.created_at = current->created_at;
  next.version = current->version + 1;
  tenants_[next.tenant_id].entry_points[next.id] = next;
  fx.persist(EntryPointPut{next});
  return next;
}

Status RoutingConfig::delete_entry_point(const std::string& tenant_id, const std::string& id,
                                         IfMatch if_match, Effects& fx) {
  const auto* e = entry_point(tenant_id, id);
  if (e == nullptr) return not_found("entry point");
  if (auto r = stale(e->version, if_match)) return *r;
  tenants_[tenant_id].entry_points.erase(id);
  fx.persist(EntryPointDeleted{tenant_id, id});
  return Done{};
}

const EntryPoint* RoutingConfig::entry_point(const std::string& tenant_id,
                                             const std::string& id) const {
  const auto* d = data(tenant_id);
  if (d == nullptr) return nullptr;
  auto it = d->entry_points.find(id);
  return it == d->entry_points.end() ? nullptr : &it->second;
}

const EntryPoint* RoutingConfig::entry_point_by_number(const std::string& tenant_id,
                                                       const std::string& number) const {
  const auto* d = data(tenant_id);
  if (d == nullptr || number.empty()) return nullptr;
  for (const auto& [id, ep] : d->entry_points) {
    if (std::find(ep.dial_numbers.begin(), ep.dial_numbers.end(), number) !=
        ep.dial_numbers.end()) {
      return &ep;
    }
  }
  return nullptr;
}

std::vector<const EntryPoint*> RoutingConfig::entry_points_after(
    const std::string& tenant_id, const std::string& cursor, std::size_t limit,
    const std::string& name_filter) const {
  const auto* d = data(tenant_id);
  if (d == nullptr) return {};
  return page(d->entry_points, cursor, limit,
              [&](const EntryPoint& e) { return contains_ignoring_case(e.name, name_filter); });
}

}  // namespace ccr::core
