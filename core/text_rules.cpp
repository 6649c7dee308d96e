#include "core/text_rules.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <string>

namespace ccr::core {
namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

}  // namespace

Result<std::string> clean_name(std::string_view name, std::string_view field) {
  if (trim_blanks(name).empty()) {
    return Rejection::invalid_field(std::string(field), "must not be empty");
  }
  return clean_text(name, field, kMaxNameLength);
}

Result<std::string> clean_text(std::string_view text, std::string_view field,
                               std::size_t max_chars) {
  const std::string_view trimmed = trim_blanks(text);
  const auto characters = std::count_if(trimmed.begin(), trimmed.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;  // UTF-8 lead bytes
  });
  if (static_cast<std::size_t>(characters) > max_chars) {
    return Rejection::invalid_field(std::string(field),
                                    "must be at most " + std::to_string(max_chars) + " characters");
  }
  const bool has_control = std::any_of(trimmed.begin(), trimmed.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
  if (has_control) {
    return Rejection::invalid_field(std::string(field), "must not contain control characters");
  }
  return std::string(trimmed);
}

std::string_view trim_blanks(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
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

bool less_ignoring_case(std::string_view a, std::string_view b) {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return static_cast<unsigned char>(lower(x)) < static_cast<unsigned char>(lower(y));
  });
}

std::string digits_of(std::string_view text) {
  std::string digits;
  std::copy_if(text.begin(), text.end(), std::back_inserter(digits),
               [](char c) { return c >= '0' && c <= '9'; });
  return digits;
}

std::string number_query(std::string_view query) {
  const bool has_letter = std::any_of(query.begin(), query.end(), [](char c) {
    // Bytes of non-ASCII (UTF-8) characters count as letters: such a text is a name.
    return std::isalpha(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
  });
  return has_letter ? std::string{} : digits_of(query);
}

}  // namespace ccr::core
