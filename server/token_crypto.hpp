// Secrets for tokens and ids: random tokens of 256 bits and their SHA-256 hashes (OpenSSL), and
// random ids. Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace ccr::server {

// A new secret token: "ccr_" followed by 43 url-safe base64 characters (256 random bits).
std::string generate_token();
// Lowercase hex SHA-256 of the token: what is stored and looked up.
std::string hash_token(std::string_view token);
// A new unique id with a readable prefix: the creation time in milliseconds, then 64 random
// bits, in hex, e.g. "ag_019ad7c2e4a13f9c0a1b2c4d5e6f". Ids made later sort later.
std::string generate_id(std::string_view prefix);
// Compares two strings in time independent of where they differ.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace ccr::server
