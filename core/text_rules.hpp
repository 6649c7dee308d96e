// Small text rules shared by core validations: names, optional text fields, case-insensitive
// search and ordering, number searches. Pure functions; any thread.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/rejection.hpp"

namespace ccr::core {

inline constexpr std::size_t kMaxNameLength = 128;

// Trims surrounding blanks; rejects empty names, control characters and names over the limit.
Result<std::string> clean_name(std::string_view name, std::string_view field = "name");

// Trims surrounding blanks of an optional text field; empty is allowed; control characters and
// texts over `max_chars` characters are refused.
Result<std::string> clean_text(std::string_view text, std::string_view field,
                               std::size_t max_chars);

// `text` without surrounding blanks (spaces and tabs).
std::string_view trim_blanks(std::string_view text);

// True when `needle` is empty or occurs in `haystack`, ignoring ASCII case.
bool contains_ignoring_case(std::string_view haystack, std::string_view needle);

bool equal_ignoring_case(std::string_view a, std::string_view b);

// Orders texts ignoring ASCII case.
bool less_ignoring_case(std::string_view a, std::string_view b);

// The ASCII digits of `text`, in order.
std::string digits_of(std::string_view text);

// CO9: a search text reads as a number when it has a digit and no letter; what is searched is
// then its digits ("(201) 553-2447" searches 2015532447). Empty when the text is not a number.
std::string number_query(std::string_view query);

}  // namespace ccr::core
