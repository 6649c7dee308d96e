// Checks on the server's replies shared by the integration tests: a REST error as "status code"
// (or why it is not a well-formed problem), field errors, ETag versions. Test thread only.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "clients.hpp"

namespace ccr::test {

// "404 not_found" for a well-formed problem (application/problem+json with code, detail and the
// same status), else the status and what the body is instead.
std::string problem_of(const HttpResult& r);
// True when the reply or frame lists an error for `field` in its `errors` array.
bool has_field_error(const nlohmann::json& body, const std::string& field);
// The version in a reply's ETag ("\"7\"" → 7), 0 when it has none.
std::uint64_t etag_version(const HttpResult& r);
// An If-Match value for `version`.
std::string quoted(std::uint64_t version);
// `base` with `extra` appended.
Headers with(Headers base, const Headers& extra);

}  // namespace ccr::test
