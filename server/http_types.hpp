// HTTP requests and responses as the REST layer sees them, free of Beast so that routes and
// their tests stay light. Plain values; io thread.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ccr::server {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // percent-decoded, without the query
  std::map<std::string, std::string> query;
  std::string body;
  std::string authorization;
  std::string if_match;
  std::string idempotency_key;
  std::string content_type;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

using Responder = std::function<void(HttpResponse)>;

// The bytes of `response` on an HTTP/1.1 connection: the status line, Server, Content-Type, the
// response's own headers, Content-Length (not for 1xx, 204 and 304), `Connection: close` when
// the connection ends after it, then the body, which a reply to HEAD leaves out.
std::string response_text(const HttpResponse& response, bool keep_alive, bool head_request);

// The `name` query parameter collections filter on (AS4), or "".
inline std::string name_filter(const HttpRequest& request) {
  auto it = request.query.find("name");
  return it == request.query.end() ? std::string{} : it->second;
}

// Splits a request target into a decoded path and query parameters; false when it is malformed.
bool parse_target(std::string_view target, std::string& path,
                  std::map<std::string, std::string>& query);

// The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), or "".
std::string bearer_token(std::string_view authorization);

}  // namespace ccr::server
