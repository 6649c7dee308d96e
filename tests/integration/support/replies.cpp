#include "replies.hpp"

#include <utility>

namespace ccr::test {

using nlohmann::json;

std::string problem_of(const HttpResult& r) {
  const auto status = std::to_string(r.status);
  if (r.header("content-type") != "application/problem+json") {
    return status + " with content-type '" + r.header("content-type") +
           "': " + r.body.substr(0, 300);
  }
  const auto body = r.json();
  if (!body.is_object() || !body.contains("code") || !body["code"].is_string() ||
      !body.contains("detail") || !body["detail"].is_string() || !body.contains("status") ||
      body["status"] != r.status) {
    return status + " with a malformed problem: " + r.body.substr(0, 300);
  }
  return status + " " + body["code"].get<std::string>();
}

bool has_field_error(const json& body, const std::string& field) {
  if (!body.contains("errors") || !body["errors"].is_array()) return false;
  for (const auto& e : body["errors"]) {
    if (e.value("field", "") == field) return true;
  }
  return false;
}

std::uint64_t etag_version(const HttpResult& r) {
  auto tag = r.header("etag");
  if (tag.size() < 3 || tag.front() != '"' || tag.back() != '"') return 0;
  return std::stoull(tag.substr(1, tag.size() - 2));
}

std::string quoted(std::uint64_t version) { return "\"" + std::to_string(version) + "\""; }

Headers with(Headers base, const Headers& extra) {
  base.insert(base.end(), extra.begin(), extra.end());
  return base;
}

}  // namespace ccr::test
