#include "proto/contact_book_json.hpp"

#include <string>

#include "core/text_rules.hpp"
#include "proto/dial_number.hpp"
#include "proto/time_format.hpp"

namespace ccr::proto {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxNumberLength = 64;  // as typed, before DN1 strips it
constexpr std::size_t kMaxEmailLength = 254;

bool require_object(const json& body, FieldErrors& errors) {
  if (body.is_object()) return true;
  errors.add("body", "must be a JSON object");
  return false;
}

json text_or_null(const std::string& text) { return text.empty() ? json(nullptr) : json(text); }

// An optional text field: a string sets it, null clears it, absence keeps it.
void read_optional_text(FieldReader& r, const json& body, const char* name, std::size_t max_chars,
                        std::string& value) {
  auto it = body.find(name);
  if (it == body.end()) return;
  if (it->is_null()) {
    value.clear();
  } else if (auto text = r.string(name, Presence::Optional, max_chars)) {
    value = *text;
  }
}

std::optional<core::Rejection> normalized(std::string& number, const char* field) {
  auto result = normalize_dial_number(number);
  if (!result.ok()) {
    return core::Rejection{
        core::Reason::InvalidDialNumber, result.message, {{field, result.message}}};
  }
  number = std::move(result.number);
  return std::nullopt;
}

}  // namespace

json to_json(const core::AddressEntry& e) {
  return {{"id", e.id},
          {"name", e.name},
          {"number", e.number},
          {"created_at", format_time(e.created_at)},
          {"version", e.version}};
}

json to_json(const core::DirectoryEntry& e) {
  return {{"id", e.id},
          {"name", e.name},
          {"role", text_or_null(e.role)},
          {"department", text_or_null(e.department)},
          {"company_number", text_or_null(e.company_number)},
          {"email", text_or_null(e.email)},
          {"created_at", format_time(e.created_at)},
          {"version", e.version}};
}

std::optional<core::AddressEntry> parse_address_entry(const json& body, FieldErrors& errors,
                                                      core::AddressEntry e, bool creating) {
  if (!require_object(body, errors)) return std::nullopt;
  FieldReader r(body, errors);
  r.reject_unknown({"name", "number"});
  const auto required = creating ? Presence::Required : Presence::Optional;
  if (auto name = r.string("name", required, core::kMaxNameLength)) e.name = *name;
  if (auto number = r.string("number", required, kMaxNumberLength)) e.number = *number;
  if (!errors.empty()) return std::nullopt;
  return e;
}

std::optional<core::DirectoryEntry> parse_directory_entry(const json& body, FieldErrors& errors,
                                                          core::DirectoryEntry e, bool creating) {
  if (!require_object(body, errors)) return std::nullopt;
  FieldReader r(body, errors);
  r.reject_unknown({"name", "role", "department", "company_number", "email"});
  const auto required = creating ? Presence::Required : Presence::Optional;
  if (auto name = r.string("name", required, core::kMaxNameLength)) e.name = *name;
  read_optional_text(r, body, "role", core::kMaxNameLength, e.role);
  read_optional_text(r, body, "department", core::kMaxNameLength, e.department);
  read_optional_text(r, body, "company_number", kMaxNumberLength, e.company_number);
  read_optional_text(r, body, "email", kMaxEmailLength, e.email);
  if (!errors.empty()) return std::nullopt;
  return e;
}

std::optional<core::Rejection> normalize_number(core::AddressEntry& e) {
  return normalized(e.number, "number");
}

std::optional<core::Rejection> normalize_number(core::DirectoryEntry& e) {
  if (e.company_number.find_first_not_of(" \t") == std::string::npos) {
    e.company_number.clear();
    return std::nullopt;
  }
  return normalized(e.company_number, "company_number");
}

}  // namespace ccr::proto
