#include "proto/routing_json.hpp"

#include <algorithm>
#include <climits>
#include <set>
#include <string>
#include <vector>

#include "core/names.hpp"
#include "core/text_rules.hpp"
#include "proto/dial_number.hpp"
#include "proto/time_format.hpp"

namespace ccr::proto {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxIdLength = 64;
constexpr std::size_t kMaxListItems = 64;
constexpr std::size_t kMaxSkillName = 64;
constexpr std::size_t kMaxVariableName = 64;

bool require_object(const json& body, FieldErrors& errors) {
  if (body.is_object()) return true;
  errors.add("body", "must be a JSON object");
  return false;
}

// The key is in the body with a value other than null.
bool given(const json& body, const char* name) {
  auto it = body.find(name);
  return it != body.end() && !it->is_null();
}

// The key is in the body with the value null (a PATCH clearing an optional part).
bool cleared(const json& body, const char* name) {
  auto it = body.find(name);
  return it != body.end() && it->is_null();
}

std::string indexed(const std::string& field, std::size_t i) {
  return field + "[" + std::to_string(i) + "]";
}

std::optional<int> int32(FieldReader& r, std::string_view name, Presence presence) {
  auto v = r.int64(name, presence, INT_MIN, INT_MAX);
  if (!v) return std::nullopt;
  return static_cast<int>(*v);
}

// A list of ids read from `list` (nullptr: absent or already refused by the reader).
std::optional<std::vector<std::string>> read_ids(const json* list, const std::string& field,
                                                 FieldErrors& errors) {
  if (list == nullptr) return std::nullopt;
  std::vector<std::string> ids;
  for (const auto& item : *list) {
    if (!item.is_string() || item.get_ref<const std::string&>().empty() ||
        item.get_ref<const std::string&>().size() > kMaxIdLength) {
      errors.add(field, "must be a list of ids");
      return std::nullopt;
    }
    ids.push_back(item.get<std::string>());
  }
  return ids;
}

// The channel of a create; on PATCH the same channel may be repeated but not changed.
void read_channel(FieldReader& r, FieldErrors& errors, core::Channel& channel, bool creating,
                  const char* immutable) {
  auto name = r.string("channel", creating ? Presence::Required : Presence::Optional, 16);
  if (!name) return;
  auto c = core::channel_named(*name);
  if (!c) {
    errors.add("channel", "must be voice, chat, email or social");
  } else if (!creating && *c != channel) {
    errors.add("channel", immutable);
  } else {
    channel = *c;
  }
}

std::optional<std::vector<core::DistributionGroup>> read_groups(const json& list,
                                                                FieldErrors& errors) {
  std::vector<core::DistributionGroup> groups;
  const auto before = errors.items().size();
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto field = indexed("groups", i);
    FieldReader g(list[i], errors, field + ".");
    if (!list[i].is_object()) continue;
    g.reject_unknown({"team_ids", "after_ms"});
    core::DistributionGroup group;
    if (auto ids = read_ids(g.array("team_ids", Presence::Required, kMaxListItems),
                            field + ".team_ids", errors)) {
      group.team_ids = std::move(*ids);
    }
    // The first group starts at once; every later one says when it joins.
    const auto presence = i == 0 ? Presence::Optional : Presence::Required;
    if (auto after = g.int64("after_ms", presence)) group.after_ms = *after;
    groups.push_back(std::move(group));
  }
  if (errors.items().size() != before) return std::nullopt;
  return groups;
}

std::optional<std::map<std::string, int>> read_required_skills(const json& body,
                                                               FieldErrors& errors) {
  if (body.size() > kMaxListItems) {
    errors.add("required_skills", "at most 64 skills");
    return std::nullopt;
  }
  std::map<std::string, int> skills;
  bool ok = true;
  for (const auto& [name, level] : body.items()) {
    if (name.empty() || name.size() > kMaxSkillName) {
      errors.add("required_skills", "skill names are 1 to 64 characters");
      ok = false;
      continue;
    }
    if (!level.is_number_integer() || level.get<std::int64_t>() < INT_MIN ||
        level.get<std::int64_t>() > INT_MAX ||
        (level.is_number_unsigned() && level.get<std::uint64_t>() > INT_MAX)) {
      errors.add("required_skills." + name, "level must be an integer between 0 and 10");
      ok = false;
      continue;
    }
    skills[name] = level.get<int>();
  }
  if (!ok) return std::nullopt;
  return skills;
}

std::optional<core::Overflow> read_overflow(const json& body, FieldErrors& errors) {
  FieldReader o(body, errors, "overflow.");
  o.reject_unknown({"queue_id", "after_ms"});
  auto queue_id = o.string("queue_id", Presence::Required, kMaxIdLength);
  auto after = o.int64("after_ms", Presence::Required);
  if (!queue_id || !after) return std::nullopt;
  return core::Overflow{*queue_id, *after};
}

// DN1 for every number; a number given twice (after normalisation) is refused as well.
std::optional<std::vector<std::string>> read_dial_numbers(const json& list, FieldErrors& errors) {
  std::vector<std::string> numbers;
  bool ok = true;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto field = indexed("dial_numbers", i);
    if (!list[i].is_string()) {
      errors.add(field, "must be a string");
      ok = false;
      continue;
    }
    auto normal = normalize_dial_number(list[i].get_ref<const std::string&>());
    if (!normal.ok()) {
      errors.add(field, "invalid dial number: " + normal.message);
      ok = false;
      continue;
    }
    auto seen = std::find(numbers.begin(), numbers.end(), normal.number);
    if (seen != numbers.end()) {
      errors.add(field, normal.number + " is already dial_numbers[" +
                            std::to_string(seen - numbers.begin()) + "]");
      ok = false;
      continue;
    }
    numbers.push_back(std::move(normal.number));
  }
  if (!ok) return std::nullopt;
  return numbers;
}

// VA1 definitions; the result is in display order (by `order`, then by position).
std::optional<std::vector<core::VariableDef>> read_variables(const json& list,
                                                             FieldErrors& errors) {
  std::vector<core::VariableDef> vars;
  const auto before = errors.items().size();
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto field = indexed("variables", i);
    FieldReader v(list[i], errors, field + ".");
    if (!list[i].is_object()) continue;
    v.reject_unknown({"name", "label", "type", "editable", "secure", "order", "in_offer"});
    core::VariableDef def;
    def.order = static_cast<int>(i);
    if (auto name = v.string("name", Presence::Required, kMaxVariableName)) def.name = *name;
    if (auto label = v.string("label", Presence::Required, core::kMaxNameLength)) {
      def.label = *label;
    }
    if (auto type = v.string("type", Presence::Optional, 16)) {
      if (auto t = core::variable_type_named(*type)) {
        def.type = *t;
      } else {
        errors.add(field + ".type", "must be string, integer, boolean, datetime or decimal");
      }
    }
    if (auto b = v.boolean("editable", Presence::Optional)) def.editable = *b;
    if (auto b = v.boolean("secure", Presence::Optional)) def.secure = *b;
    if (auto b = v.boolean("in_offer", Presence::Optional)) def.in_offer = *b;
    if (auto order = v.int64("order", Presence::Optional, 0, 1'000'000)) {
      def.order = static_cast<int>(*order);
    }
    vars.push_back(std::move(def));
  }
  if (errors.items().size() != before) return std::nullopt;
  std::stable_sort(vars.begin(), vars.end(),
                   [](const auto& a, const auto& b) { return a.order < b.order; });
  return vars;
}

std::optional<core::BusinessHours> read_hours(const json& body, FieldErrors& errors) {
  const auto before = errors.items().size();
  FieldReader h(body, errors, "hours.");
  h.reject_unknown({"utc_offset_minutes", "windows"});
  core::BusinessHours hours;
  if (auto offset = int32(h, "utc_offset_minutes", Presence::Optional)) {
    hours.utc_offset_minutes = *offset;
  }
  if (const json* windows = h.array("windows", Presence::Required, kMaxListItems)) {
    for (std::size_t i = 0; i < windows->size(); ++i) {
      const auto& item = (*windows)[i];
      FieldReader w(item, errors, indexed("hours.windows", i) + ".");
      if (!item.is_object()) continue;
      w.reject_unknown({"weekday", "start_minute", "end_minute"});
      core::HoursWindow window;
      if (auto v = int32(w, "weekday", Presence::Required)) window.weekday = *v;
      if (auto v = int32(w, "start_minute", Presence::Required)) window.start_minute = *v;
      if (auto v = int32(w, "end_minute", Presence::Required)) window.end_minute = *v;
      hours.windows.push_back(window);
    }
  }
  if (errors.items().size() != before) return std::nullopt;
  return hours;
}

}  // namespace

json to_json(const core::Queue& q) {
  json groups = json::array();
  std::vector<std::string> team_ids;  // every team of every group, first appearance first
  for (const auto& g : q.groups) {
    groups.push_back({{"team_ids", g.team_ids}, {"after_ms", g.after_ms}});
    for (const auto& id : g.team_ids) {
      if (std::find(team_ids.begin(), team_ids.end(), id) == team_ids.end()) {
        team_ids.push_back(id);
      }
    }
  }
  json skills = json::object();
  for (const auto& [name, level] : q.required_skills) skills[name] = level;
  json overflow = nullptr;
  if (q.overflow) {
    overflow = {{"queue_id", q.overflow->queue_id}, {"after_ms", q.overflow->after_ms}};
  }
  return {{"id", q.id},
          {"name", q.name},
          {"channel", core::name_of(q.channel)},
          {"team_ids", team_ids},
          {"groups", std::move(groups)},
          {"strategy", core::name_of(q.strategy)},
          {"required_skills", std::move(skills)},
          {"rona_timeout_ms", q.rona_timeout_ms},
          {"wrapup_timeout_ms", q.wrapup_timeout_ms},
          {"default_wrapup_code_id",
           q.default_wrapup_code_id.empty() ? json(nullptr) : json(q.default_wrapup_code_id)},
          {"priority", q.priority},
          {"max_length", q.max_length},
          {"service_level_ms", q.service_level_ms},
          {"overflow", std::move(overflow)},
          {"consult_allowed", q.consult_allowed},
          {"transfer_allowed", q.transfer_allowed},
          {"created_at", format_time(q.created_at)},
          {"version", q.version}};
}

json to_json(const core::EntryPoint& e) {
  json variables = json::array();
  for (const auto& v : e.variables) {
    variables.push_back({{"name", v.name},
                         {"label", v.label},
                         {"type", core::name_of(v.type)},
                         {"editable", v.editable},
                         {"secure", v.secure},
                         {"order", v.order},
                         {"in_offer", v.in_offer}});
  }
  json hours = nullptr;
  if (e.hours) {
    json windows = json::array();
    for (const auto& w : e.hours->windows) {
      windows.push_back(
          {{"weekday", w.weekday}, {"start_minute", w.start_minute}, {"end_minute", w.end_minute}});
    }
    hours = {{"utc_offset_minutes", e.hours->utc_offset_minutes}, {"windows", std::move(windows)}};
  }
  return {{"id", e.id},
          {"name", e.name},
          {"channel", core::name_of(e.channel)},
          {"queue_id", e.queue_id},
          {"dial_numbers", e.dial_numbers},
          {"variables", std::move(variables)},
          {"hours", std::move(hours)},
          {"consult_allowed", e.consult_allowed},
          {"transfer_allowed", e.transfer_allowed},
          {"created_at", format_time(e.created_at)},
          {"version", e.version}};
}

std::optional<core::Queue> parse_queue(const json& body, FieldErrors& errors, core::Queue q,
                                       bool creating) {
  if (!require_object(body, errors)) return std::nullopt;
  FieldReader r(body, errors);
  r.reject_unknown({"name", "channel", "team_ids", "groups", "strategy", "required_skills",
                    "rona_timeout_ms", "wrapup_timeout_ms", "default_wrapup_code_id", "priority",
                    "max_length", "service_level_ms", "overflow", "consult_allowed",
                    "transfer_allowed"});
  const auto required = creating ? Presence::Required : Presence::Optional;
  if (auto name = r.string("name", required, core::kMaxNameLength)) q.name = *name;
  read_channel(r, errors, q.channel, creating, "a queue's channel cannot change");

  if (given(body, "team_ids") && given(body, "groups")) {
    errors.add("groups", "give team_ids (one group) or groups, not both");
  } else if (given(body, "team_ids")) {
    if (auto ids =
            read_ids(r.array("team_ids", Presence::Optional, kMaxListItems), "team_ids", errors)) {
      q.groups = {core::DistributionGroup{std::move(*ids), 0}};
    }
  } else if (given(body, "groups")) {
    if (const json* list = r.array("groups", Presence::Optional, kMaxListItems)) {
      if (auto groups = read_groups(*list, errors)) q.groups = std::move(*groups);
    }
  } else if (creating) {
    errors.add("team_ids", "is required (or groups)");
  }

  if (auto s = r.string("strategy", Presence::Optional, 32)) {
    if (auto strategy = core::strategy_named(*s)) {
      q.strategy = *strategy;
    } else {
      errors.add("strategy", "must be longest_available or skills");
    }
  }
  if (const json* skills = r.object("required_skills", Presence::Optional)) {
    if (auto s = read_required_skills(*skills, errors)) q.required_skills = std::move(*s);
  }
  if (auto v = r.int64("rona_timeout_ms", Presence::Optional)) q.rona_timeout_ms = *v;
  if (auto v = r.int64("wrapup_timeout_ms", Presence::Optional)) q.wrapup_timeout_ms = *v;
  if (cleared(body, "default_wrapup_code_id")) {
    q.default_wrapup_code_id.clear();
  } else if (auto v = r.string("default_wrapup_code_id", Presence::Optional, kMaxIdLength)) {
    q.default_wrapup_code_id = *v;
  }
  if (auto v = int32(r, "priority", Presence::Optional)) q.priority = *v;
  if (auto v = r.int64("max_length", Presence::Optional)) q.max_length = *v;
  if (auto v = r.int64("service_level_ms", Presence::Optional)) q.service_level_ms = *v;
  if (cleared(body, "overflow")) {
    q.overflow.reset();
  } else if (const json* overflow = r.object("overflow", Presence::Optional)) {
    if (auto o = read_overflow(*overflow, errors)) q.overflow = std::move(*o);
  }
  if (auto b = r.boolean("consult_allowed", Presence::Optional)) q.consult_allowed = *b;
  if (auto b = r.boolean("transfer_allowed", Presence::Optional)) q.transfer_allowed = *b;
  if (!errors.empty()) return std::nullopt;
  return q;
}

std::optional<core::EntryPoint> parse_entry_point(const json& body, FieldErrors& errors,
                                                  core::EntryPoint e, bool creating) {
  if (!require_object(body, errors)) return std::nullopt;
  FieldReader r(body, errors);
  r.reject_unknown({"name", "channel", "queue_id", "dial_numbers", "variables", "hours",
                    "consult_allowed", "transfer_allowed"});
  const auto required = creating ? Presence::Required : Presence::Optional;
  if (auto name = r.string("name", required, core::kMaxNameLength)) e.name = *name;
  read_channel(r, errors, e.channel, creating, "an entry point's channel cannot change");
  if (auto queue_id = r.string("queue_id", required, kMaxIdLength)) e.queue_id = *queue_id;
  if (const json* numbers = r.array("dial_numbers", Presence::Optional, kMaxListItems)) {
    if (auto n = read_dial_numbers(*numbers, errors)) e.dial_numbers = std::move(*n);
  }
  if (const json* variables = r.array("variables", Presence::Optional, kMaxListItems)) {
    if (auto v = read_variables(*variables, errors)) e.variables = std::move(*v);
  }
  if (cleared(body, "hours")) {
    e.hours.reset();
  } else if (const json* hours = r.object("hours", Presence::Optional)) {
    if (auto h = read_hours(*hours, errors)) e.hours = std::move(*h);
  }
  if (auto b = r.boolean("consult_allowed", Presence::Optional)) e.consult_allowed = *b;
  if (auto b = r.boolean("transfer_allowed", Presence::Optional)) e.transfer_allowed = *b;
  if (!errors.empty()) return std::nullopt;
  return e;
}

}  // namespace ccr::proto
