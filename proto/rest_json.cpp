#include "proto/rest_json.hpp"

#include "core/names.hpp"
#include "core/text_rules.hpp"
#include "proto/time_format.hpp"

namespace ccr::proto {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxIdLength = 64;
constexpr std::size_t kMaxListItems = 64;

bool require_object(const json& body, FieldErrors& errors) {
  if (body.is_object()) return true;
  errors.add("body", "must be a JSON object");
  return false;
}

std::optional<std::vector<std::string>> read_id_list(FieldReader& reader, const char* name,
                                                     Presence presence, FieldErrors& errors) {
  const json* list = reader.array(name, presence, kMaxListItems);
  if (list == nullptr) return std::nullopt;
  std::vector<std::string> ids;
  for (const auto& item : *list) {
    if (!item.is_string() || item.get_ref<const std::string&>().empty() ||
        item.get_ref<const std::string&>().size() > kMaxIdLength) {
      errors.add(name, "must be a list of ids");
      return std::nullopt;
    }
    ids.push_back(item.get<std::string>());
  }
  return ids;
}

std::optional<core::ChannelCapacity> read_channels(const json& body, FieldErrors& errors) {
  FieldReader r(body, errors, "channels.");
  r.reject_unknown({"voice", "chat", "email", "social"});
  core::ChannelCapacity c;
  if (auto v = r.int64("voice", Presence::Optional, 0, 1)) c.voice = static_cast<int>(*v);
  if (auto v = r.int64("chat", Presence::Optional, 0, 50)) c.chat = static_cast<int>(*v);
  if (auto v = r.int64("email", Presence::Optional, 0, 50)) c.email = static_cast<int>(*v);
  if (auto v = r.int64("social", Presence::Optional, 0, 50)) c.social = static_cast<int>(*v);
  return c;
}

std::optional<std::map<std::string, int>> read_skills(const json& body, FieldErrors& errors) {
  if (body.size() > kMaxListItems) {
    errors.add("skills", "too many skills");
    return std::nullopt;
  }
  std::map<std::string, int> skills;
  for (const auto& [name, level] : body.items()) {
    if (!level.is_number_integer() || level.get<std::int64_t>() < 0 ||
        level.get<std::int64_t>() > 10) {
      errors.add("skills." + name, "level must be an integer between 0 and 10");
      continue;
    }
    skills[name] = level.get<int>();
  }
  return skills;
}

}  // namespace

json to_json(const core::TenantSettings& s) {
  return {
      {"noise_removal", s.noise_removal},
      {"recording", s.recording},
      {"privacy_shield",
       {{"enabled", s.privacy_shield.enabled}, {"max_pause_ms", s.privacy_shield.max_pause_ms}}},
      {"max_concurrent_calls", s.max_concurrent_calls},
      {"requeue_on_transfer_no_answer", s.requeue_on_transfer_no_answer},
      {"end_call_for_web_callback", s.end_call_for_web_callback}};
}

json to_json(const core::Tenant& t) {
  return {{"id", t.id},
          {"name", t.name},
          {"settings", to_json(t.settings)},
          {"created_at", format_time(t.created_at)},
          {"version", t.version}};
}

json to_json(const core::Team& t) {
  return {{"id", t.id},
          {"name", t.name},
          {"created_at", format_time(t.created_at)},
          {"version", t.version}};
}

json to_json(const core::ChannelCapacity& c) {
  return {{"voice", c.voice}, {"chat", c.chat}, {"email", c.email}, {"social", c.social}};
}

json to_json(const core::Agent& a) {
  return {{"id", a.id},
          {"name", a.name},
          {"team_ids", a.team_ids},
          {"channels", to_json(a.channels)},
          {"skills", a.skills},
          {"created_at", format_time(a.created_at)},
          {"version", a.version}};
}

json to_json(const core::Code& c) {
  return {{"id", c.id},
          {"name", c.name},
          {"created_at", format_time(c.created_at)},
          {"version", c.version}};
}

json to_json(const core::Token& t) {
  json out = {
      {"id", t.id}, {"role", core::name_of(t.role)}, {"created_at", format_time(t.created_at)}};
  if (!t.agent_id.empty()) out["agent_id"] = t.agent_id;
  return out;
}

std::optional<std::string> parse_name_body(const json& body, FieldErrors& errors) {
  if (!require_object(body, errors)) return std::nullopt;
  FieldReader r(body, errors);
  r.reject_unknown({"name"});
  auto name = r.string("name", Presence::Required, core::kMaxNameLength);
  if (!errors.empty()) return std::nullopt;
  return name;
}

std::optional<core::Agent> parse_agent_create(const json& body, FieldErrors& errors) {
  if (!require_object(body, errors)) return std::nullopt;
  FieldReader r(body, errors);
  r.reject_unknown({"name", "team_ids", "channels", "skills"});
  core::Agent a;
  if (auto name = r.string("name", Presence::Required, core::kMaxNameLength)) a.name = *name;
  if (auto ids = read_id_list(r, "team_ids", Presence::Required, errors)) a.team_ids = *ids;
  if (const json* channels = r.object("channels", Presence::Optional)) {
    if (auto c = read_channels(*channels, errors)) a.channels = *c;
  }
  if (const json* skills = r.object("skills", Presence::Optional)) {
    if (auto s = read_skills(*skills, errors)) a.skills = *s;
  }
  if (!errors.empty()) return std::nullopt;
  return a;
}

std::optional<core::AgentPatch> parse_agent_patch(const json& body, FieldErrors& errors) {
  if (!require_object(body, errors)) return std::nullopt;
  FieldReader r(body, errors);
  r.reject_unknown({"name", "team_ids", "channels", "skills"});
  core::AgentPatch p;
  p.name = r.string("name", Presence::Optional, core::kMaxNameLength);
  p.team_ids = read_id_list(r, "team_ids", Presence::Optional, errors);
  if (const json* channels = r.object("channels", Presence::Optional)) {
    p.channels = read_channels(*channels, errors);
  }
  if (const json* skills = r.object("skills", Presence::Optional)) {
    p.skills = read_skills(*skills, errors);
  }
  if (!errors.empty()) return std::nullopt;
  return p;
}

std::optional<core::SettingsPatch> parse_settings_patch(const json& body, FieldErrors& errors) {
  if (!require_object(body, errors)) return std::nullopt;
  FieldReader r(body, errors);
  r.reject_unknown({"noise_removal", "recording", "privacy_shield", "max_concurrent_calls",
                    "requeue_on_transfer_no_answer", "end_call_for_web_callback"});
  core::SettingsPatch p;
  p.noise_removal = r.boolean("noise_removal", Presence::Optional);
  p.recording = r.boolean("recording", Presence::Optional);
  p.max_concurrent_calls = r.int64("max_concurrent_calls", Presence::Optional, 0, 1'000'000);
  p.requeue_on_transfer_no_answer = r.boolean("requeue_on_transfer_no_answer", Presence::Optional);
  p.end_call_for_web_callback = r.boolean("end_call_for_web_callback", Presence::Optional);
  if (const json* shield = r.object("privacy_shield", Presence::Optional)) {
    FieldReader s(*shield, errors, "privacy_shield.");
    s.reject_unknown({"enabled", "max_pause_ms"});
    p.privacy_shield_enabled = s.boolean("enabled", Presence::Optional);
    p.privacy_shield_max_pause_ms = s.int64("max_pause_ms", Presence::Optional, 1000, 3'600'000);
  }
  if (!errors.empty()) return std::nullopt;
  return p;
}

std::optional<core::Role> parse_token_role(const json& body, FieldErrors& errors) {
  if (!require_object(body, errors)) return std::nullopt;
  FieldReader r(body, errors);
  r.reject_unknown({"role"});
  auto name = r.string("role", Presence::Required, 32);
  if (!name) return std::nullopt;
  auto role = core::role_named(*name);
  if (!role || *role == core::Role::Agent || *role == core::Role::ServerAdmin) {
    errors.add("role", "must be admin, supervisor, telephony or web");
  }
  if (!errors.empty()) return std::nullopt;
  return role;
}

}  // namespace ccr::proto
