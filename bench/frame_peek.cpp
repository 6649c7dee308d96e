#include "frame_peek.hpp"

#include <cstddef>

namespace ccr::bench {
namespace {

// The index just past the string that starts at `open` (a '"'), or npos when it never closes.
std::size_t skip_string(std::string_view text, std::size_t open) {
  for (std::size_t i = open + 1; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

}  // namespace

std::optional<std::string_view> peek_string(std::string_view frame, std::string_view key) {
  int depth = 0;
  bool expect_key = false;
  for (std::size_t i = 0; i < frame.size(); ++i) {
    const char c = frame[i];
    if (c == '"') {
      const std::size_t end = skip_string(frame, i);
      if (end == std::string_view::npos) return std::nullopt;
      const bool is_key = depth == 1 && expect_key;
      expect_key = false;
      if (is_key && frame.substr(i + 1, end - i - 2) == key && end < frame.size() &&
          frame[end] == ':') {
        const std::size_t value = end + 1;
        if (value >= frame.size() || frame[value] != '"') return std::nullopt;
        const std::size_t value_end = skip_string(frame, value);
        if (value_end == std::string_view::npos) return std::nullopt;
        return frame.substr(value + 1, value_end - value - 2);
      }
      i = end - 1;
    } else if (c == '{' || c == '[') {
      ++depth;
      expect_key = c == '{' && depth == 1;
    } else if (c == '}' || c == ']') {
      --depth;
    } else if (c == ',') {
      expect_key = depth == 1;
    }
  }
  return std::nullopt;
}

}  // namespace ccr::bench
