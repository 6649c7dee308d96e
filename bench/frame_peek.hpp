// Reads one top-level field of a JSON frame without parsing the whole frame, so that the load
// generator spends its CPU on load, not on JSON trees. Only string fields are read, in the
// compact form nlohmann::json::dump writes (no spaces); nested objects and arrays are skipped (a
// "type" inside an ack's nested object is not the frame's type). Any thread.
#pragma once

#include <optional>
#include <string_view>

namespace ccr::bench {

// The raw text of the top-level string field `key` (escapes are kept as written), or nullopt
// when the frame has no such string field.
std::optional<std::string_view> peek_string(std::string_view frame, std::string_view key);

}  // namespace ccr::bench
