#include "core/variable_rules.hpp"

#include <algorithm>
#include <cctype>

namespace ccr::core {
namespace {

bool digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
}

bool integer(std::string_view s) {
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
  return digits(s) && s.size() <= 18;
}

bool decimal(std::string_view s) {
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
  const auto dot = s.find('.');
  if (dot == std::string_view::npos) return digits(s);
  return digits(s.substr(0, dot)) && digits(s.substr(dot + 1));
}

// ISO 8601 date-time: YYYY-MM-DDThh:mm[:ss[.fff]] followed by Z or +hh:mm / -hh:mm.
bool datetime(std::string_view s) {
  auto two = [&](std::size_t at) { return at + 2 <= s.size() && digits(s.substr(at, 2)); };
  if (s.size() < 17 || !digits(s.substr(0, 4)) || s[4] != '-' || !two(5) || s[7] != '-' ||
      !two(8) || (s[10] != 'T' && s[10] != 't') || !two(11) || s[13] != ':' || !two(14)) {
    return false;
  }
  std::size_t at = 16;
  if (at < s.size() && s[at] == ':') {
    if (!two(at + 1)) return false;
    at += 3;
    if (at < s.size() && s[at] == '.') {
      const auto start = ++at;
      while (at < s.size() && std::isdigit(static_cast<unsigned char>(s[at]))) ++at;
      if (at == start) return false;
    }
  }
  const auto zone = s.substr(at);
  if (zone == "Z" || zone == "z") return true;
  return zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && digits(zone.substr(1, 2)) &&
         zone[3] == ':' && digits(zone.substr(4, 2));
}

}  // namespace

std::optional<std::string> variable_value_problem(VariableType type, std::string_view value) {
  if (value.size() > kMaxVariableValue) return "at most 256 characters (VA3)";
  switch (type) {
    case VariableType::String:
      return std::nullopt;
    case VariableType::Integer:
      if (!integer(value)) return "must be an integer";
      return std::nullopt;
    case VariableType::Decimal:
      if (!decimal(value)) return "must be a decimal number";
      return std::nullopt;
    case VariableType::Boolean:
      if (value != "true" && value != "false") return "must be true or false";
      return std::nullopt;
    case VariableType::Datetime:
      if (!datetime(value)) return "must be an ISO 8601 date-time with a zone";
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace ccr::core
