#include "core/text_rules.hpp"

#include <algorithm>
#include <cctype>

namespace ccr::core {
namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

}  // namespace

Result<std::string> clean_name(std::string_view name, std::string_view field) {
  const auto first = name.find_first_not_of(" \t");
  if (first == std::string_view::npos) {
    return Rejection::invalid_field(std::string(field), "must not be empty");
  }
  const auto last = name.find_last_not_of(" \t");
  std::string_view trimmed = name.substr(first, last - first + 1);
  const auto characters = std::count_if(trimmed.begin(), trimmed.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;  // UTF-8 lead bytes
  });
  if (static_cast<std::size_t>(characters) > kMaxNameLength) {
    return Rejection::invalid_field(std::string(field), "must be at most 128 characters");
  }
  const bool has_control = std::any_of(trimmed.begin(), trimmed.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
  if (has_control) {
    return Rejection::invalid_field(std::string(field), "must not contain control characters");
  }
  return std::string(trimmed);
}

bool contains_ignoring_case(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return true;
  auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                        [](char a, char b) { return lower(a) == lower(b); });
  return it != haystack.end();
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

}  // namespace ccr::core
