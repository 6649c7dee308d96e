// Small text rules shared by core validations: names, ids, case-insensitive search.
// Pure functions; any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/rejection.hpp"

namespace ccr::core {

inline constexpr std::size_t kMaxNameLength = 128;

// Trims surrounding blanks; rejects empty names, control characters and names over the limit.
Result<std::string> clean_name(std::string_view name, std::string_view field = "name");

// True when `needle` is empty or occurs in `haystack`, ignoring ASCII case.
bool contains_ignoring_case(std::string_view haystack, std::string_view needle);

bool equal_ignoring_case(std::string_view a, std::string_view b);

}  // namespace ccr::core
