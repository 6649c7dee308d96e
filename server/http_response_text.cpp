// HTTP/1.1 responses written as one string, so that a reply leaves with one write.
#include <boost/beast/http/status.hpp>

#include "server/http_types.hpp"

namespace ccr::server {
namespace {

// RFC 9110: these responses carry no content, so they have no Content-Length either.
bool has_no_content(int status) { return status < 200 || status == 204 || status == 304; }

void append_header(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append(": ").append(value).append("\r\n");
}

}  // namespace

std::string response_text(const HttpResponse& response, bool keep_alive, bool head_request) {
  const auto reason =
      boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(response.status));
  std::string out;
  out.reserve(128 + response.body.size());
  out.append("HTTP/1.1 ").append(std::to_string(response.status)).push_back(' ');
  out.append(reason.data(), reason.size()).append("\r\n");
  append_header(out, "Server", "ccrouter");
  if (!response.content_type.empty()) append_header(out, "Content-Type", response.content_type);
  for (const auto& [name, value] : response.headers) append_header(out, name, value);
  const bool content = !has_no_content(response.status);
  if (content) append_header(out, "Content-Length", std::to_string(response.body.size()));
  if (!keep_alive) append_header(out, "Connection", "close");
  out.append("\r\n");
  if (content && !head_request) out.append(response.body);
  return out;
}

}  // namespace ccr::server
