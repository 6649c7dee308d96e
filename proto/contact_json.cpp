#include "proto/contact_json.hpp"

#include <algorithm>

#include "core/names.hpp"

namespace ccr::proto {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxVariables = 64;

}  // namespace

std::optional<core::NewContact> parse_new_contact(const json& body, FieldErrors& errors) {
  if (!body.is_object()) {
    errors.add("body", "must be a JSON object");
    return std::nullopt;
  }
  FieldReader r(body, errors);
  r.reject_unknown({"entry_point_id", "channel", "ani", "dnis", "variables", "external_id"});
  core::NewContact c;
  if (auto v = r.string("entry_point_id", Presence::Required, 64)) c.entry_point_id = *v;
  if (auto v = r.string("channel", Presence::Required, 16)) {
    if (auto channel = core::channel_named(*v)) {
      c.channel = *channel;
    } else {
      errors.add("channel", "must be voice, chat, email or social");
    }
  }
  if (auto v = r.string("ani", Presence::Optional, 256)) c.ani = *v;
  if (auto v = r.string("dnis", Presence::Optional, 256)) c.dnis = *v;
  if (auto v = r.string("external_id", Presence::Optional, 128)) c.external_id = *v;
  if (const json* vars = r.object("variables", Presence::Optional)) {
    if (vars->size() > kMaxVariables) errors.add("variables", "at most 64 variables");
    for (const auto& [name, value] : vars->items()) {
      if (value.is_string()) {
        c.variables.emplace_back(name, value.get<std::string>());
      } else if (value.is_number() || value.is_boolean()) {
        c.variables.emplace_back(name, value.dump());
      } else {
        errors.add("variables." + name, "must be a string, number or boolean");
      }
    }
  }
  if (!errors.empty()) return std::nullopt;
  return c;
}

std::optional<std::string> parse_event_type(const json& body,
                                            std::initializer_list<std::string_view> allowed,
                                            FieldErrors& errors) {
  if (!body.is_object()) {
    errors.add("body", "must be a JSON object");
    return std::nullopt;
  }
  FieldReader r(body, errors);
  r.reject_unknown({"type", "number"});
  auto type = r.string("type", Presence::Required, 64);
  if (type && std::find(allowed.begin(), allowed.end(), *type) == allowed.end()) {
    errors.add("type", "unknown event type");
  }
  if (!errors.empty()) return std::nullopt;
  return type;
}

}  // namespace ccr::proto
