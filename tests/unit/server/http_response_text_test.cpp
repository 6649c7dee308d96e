// The bytes of every REST reply: what an HTTP client reads must frame the body exactly.
#include <catch2/catch.hpp>
#include <string>

#include "server/http_types.hpp"

using ccr::server::HttpResponse;
using ccr::server::response_text;

TEST_CASE("A reply carries its status, headers and a Content-Length that frames the body") {
  HttpResponse r{201, "application/json", R"({"id":"ix_1"})", {{"ETag", "\"3\""}}};
  CHECK(response_text(r, true, false) ==
        "HTTP/1.1 201 Created\r\n"
        "Server: ccrouter\r\n"
        "Content-Type: application/json\r\n"
        "ETag: \"3\"\r\n"
        "Content-Length: 13\r\n"
        "\r\n"
        R"({"id":"ix_1"})");
}

TEST_CASE("A reply that ends the connection says so") {
  HttpResponse r{400, "application/problem+json", "{}", {}};
  CHECK(response_text(r, false, false) ==
        "HTTP/1.1 400 Bad Request\r\n"
        "Server: ccrouter\r\n"
        "Content-Type: application/problem+json\r\n"
        "Content-Length: 2\r\n"
        "Connection: close\r\n"
        "\r\n"
        "{}");
}

TEST_CASE("204 has neither a body nor a Content-Length") {
  HttpResponse r{204, "", "", {}};
  CHECK(response_text(r, true, false) == "HTTP/1.1 204 No Content\r\nServer: ccrouter\r\n\r\n");
}

TEST_CASE("A reply to HEAD has the headers of the GET reply and no body") {
  HttpResponse r{200, "application/json", R"({"status":"ok"})", {}};
  const auto get = response_text(r, true, false);
  const auto head = response_text(r, true, true);
  CHECK(head == get.substr(0, get.find("\r\n\r\n") + 4));
  CHECK(head.find("Content-Length: 15\r\n") != std::string::npos);
}
