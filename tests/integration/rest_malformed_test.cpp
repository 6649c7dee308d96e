// Hostile and malformed REST input against the real server: every kind is answered with the right
// status and machine code (application/problem+json), changes nothing (checked by reading the
// tenant back), and leaves the server answering /healthz.
#include <catch2/catch.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "clients.hpp"
#include "replies.hpp"
#include "server_process.hpp"
#include "world.hpp"

using namespace ccr::test;
using nlohmann::json;

namespace {

constexpr std::size_t kMaxBody = 1024 * 1024;  // limits.http_max_body_bytes default
constexpr std::size_t kMaxHeader = 16 * 1024;  // limits.http_max_header_bytes default

// "404 not_found" for a well-formed problem+json reply, otherwise a description of what came back.
// The fields named in a validation_failed reply's `errors`.
std::vector<std::string> error_fields(const HttpResult& r) {
  std::vector<std::string> out;
  const auto body = r.json();
  if (!body.is_object() || !body.contains("errors") || !body["errors"].is_array()) return out;
  for (const auto& e : body["errors"]) out.push_back(e.value("field", ""));
  return out;
}

bool names_field(const HttpResult& r, const std::string& field) {
  for (const auto& f : error_fields(r)) {
    if (f == field) return true;
  }
  return false;
}

// Parses what raw_http() got back: the status line, the headers and the body.
HttpResult parse_raw(const std::string& text) {
  HttpResult r;
  const auto end = text.find("\r\n\r\n");
  if (text.rfind("HTTP/1.1 ", 0) != 0 || end == std::string::npos) {
    r.body = text;
    return r;
  }
  r.status = std::stoi(text.substr(9, 3));
  std::size_t line = text.find("\r\n") + 2;
  while (line < end) {
    const auto next = text.find("\r\n", line);
    const auto header = text.substr(line, next - line);
    const auto colon = header.find(':');
    if (colon != std::string::npos) {
      std::string name = header.substr(0, colon);
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      auto value = header.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      r.headers[name] = value;
    }
    line = next + 2;
  }
  r.body = text.substr(end + 4);
  if (auto it = r.headers.find("content-length"); it != r.headers.end()) {
    r.body = r.body.substr(0, std::stoul(it->second));
  }
  return r;
}

struct RestMalformedFixture {
  TempDir dir;
  ServerProcess server{{dir.file("ccr.db"), {}, {}}};
  World world = make_world(server.port());

  unsigned short port() const { return server.port(); }

  HttpResult admin(const std::string& method, const std::string& target,
                   const std::string& body = {}, Headers extra = {}) const {
    extra.emplace_back("Authorization", "Bearer " + world.admin_token);
    return http(port(), method, target, body, extra);
  }

  // A raw request with the admin's token and a Content-Length for `body`.
  std::string raw_request(const std::string& method, const std::string& target,
                          const std::string& body, const std::string& extra_headers = {}) const {
    return method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
           world.admin_token +
           "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\n" + extra_headers + "Connection: close\r\n\r\n" + body;
  }

  // Everything the tenant (and the server admin) can read back.
  std::string snapshot() const {
    std::string out;
    for (const std::string path :
         {"/v1/teams?limit=200", "/v1/agents?limit=200", "/v1/idle-codes?limit=200",
          "/v1/wrapup-codes?limit=200", "/v1/tokens?limit=200", "/v1/settings"}) {
      auto r = admin("GET", path);
      REQUIRE(r.status == 200);
      out += path + " " + r.body + "\n";
    }
    auto tenants =
        http(port(), "GET", "/v1/tenants?limit=200", {}, bearer(ServerProcess::kAdminToken));
    REQUIRE(tenants.status == 200);
    return out + tenants.body;
  }

  bool healthy() const { return http(port(), "GET", "/healthz").status == 200; }

  std::string agent_path() const { return "/v1/agents/" + world.agents[0].id; }

  // A valid agent body with one field replaced.
  json agent_with(const std::string& field, const json& value) const {
    json body = {{"name", "New agent"},
                 {"team_ids", {world.team_id}},
                 {"channels", {{"voice", 1}, {"chat", 2}}},
                 {"skills", {{"billing", 5}}}};
    body[field] = value;
    return body;
  }
};

}  // namespace

TEST_CASE_METHOD(RestMalformedFixture, "A body that is not one JSON object is refused") {
  const auto before = snapshot();
  const std::vector<std::pair<std::string, std::string>> bodies = {
      {"malformed JSON", R"({"name": "Sales")"},
      {"an unquoted key", R"({name: "Sales"})"},
      {"a trailing comma", R"({"name": "Sales",})"},
      {"trailing garbage", R"({"name": "Sales"} x)"},
      {"single quotes", R"({'name': 'Sales'})"},
      {"an empty body", ""},
      {"only whitespace", "  \r\n "},
      {"a JSON array", R"([{"name": "Sales"}])"},
      {"a JSON string", R"("Sales")"},
      {"a JSON number", "42"},
      {"JSON null", "null"},
      {"a comment", R"({"name": "Sales" /* hi */})"},
  };
  const std::vector<std::pair<std::string, std::string>> targets = {
      {"POST", "/v1/teams"},        {"POST", "/v1/idle-codes"},
      {"POST", "/v1/wrapup-codes"}, {"POST", "/v1/agents"},
      {"POST", "/v1/tokens"},       {"PATCH", "/v1/settings"},
      {"PATCH", agent_path()},      {"PATCH", "/v1/teams/" + world.team_id},
  };
  for (const auto& [method, target] : targets) {
    for (const auto& [what, body] : bodies) {
      INFO(method << " " << target << " with " << what);
      CHECK(problem_of(admin(method, target, body)) == "400 validation_failed");
    }
  }
  auto tenant = http(port(), "POST", "/v1/tenants", "[]", bearer(ServerProcess::kAdminToken));
  CHECK(problem_of(tenant) == "400 validation_failed");
  CHECK(snapshot() == before);
  CHECK(healthy());
}

TEST_CASE_METHOD(RestMalformedFixture,
                 "Fields of the wrong type are refused and the field is named") {
  const auto before = snapshot();
  struct Case {
    std::string what;
    std::string method;
    std::string target;
    json body;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"name: 5", "POST", "/v1/teams", {{"name", 5}}, "name"},
      {"name: true", "POST", "/v1/idle-codes", {{"name", true}}, "name"},
      {"name: [..]", "POST", "/v1/wrapup-codes", {{"name", {"a"}}}, "name"},
      {"name: {..}", "PATCH", "/v1/teams/" + world.team_id, {{"name", {{"a", 1}}}}, "name"},
      {"agent name: 5", "POST", "/v1/agents", agent_with("name", 5), "name"},
      {"team_ids: \"x\"", "POST", "/v1/agents", agent_with("team_ids", "x"), "team_ids"},
      {"team_ids: [5]", "POST", "/v1/agents", agent_with("team_ids", {5}), "team_ids"},
      {"team_ids: [\"\"]", "PATCH", agent_path(), {{"team_ids", {""}}}, "team_ids"},
      {"channels: 1", "POST", "/v1/agents", agent_with("channels", 1), "channels"},
      {"channels.voice: \"1\"", "POST", "/v1/agents", agent_with("channels", {{"voice", "1"}}),
       "channels.voice"},
      {"channels.chat: 1.5",
       "PATCH",
       agent_path(),
       {{"channels", {{"chat", 1.5}}}},
       "channels.chat"},
      {"skills: [..]", "POST", "/v1/agents", agent_with("skills", {"billing"}), "skills"},
      {"skill level 11", "POST", "/v1/agents", agent_with("skills", {{"billing", 11}}),
       "skills.billing"},
      {"skill level -1", "POST", "/v1/agents", agent_with("skills", {{"billing", -1}}),
       "skills.billing"},
      {"skill level \"high\"",
       "PATCH",
       agent_path(),
       {{"skills", {{"billing", "high"}}}},
       "skills.billing"},
      {"skill level 2.5",
       "PATCH",
       agent_path(),
       {{"skills", {{"billing", 2.5}}}},
       "skills.billing"},
      {"noise_removal: \"false\"",
       "PATCH",
       "/v1/settings",
       {{"noise_removal", "false"}},
       "noise_removal"},
      {"noise_removal: 0", "PATCH", "/v1/settings", {{"noise_removal", 0}}, "noise_removal"},
      {"privacy_shield: true",
       "PATCH",
       "/v1/settings",
       {{"privacy_shield", true}},
       "privacy_shield"},
      {"privacy_shield.enabled: \"yes\"",
       "PATCH",
       "/v1/settings",
       {{"privacy_shield", {{"enabled", "yes"}}}},
       "privacy_shield.enabled"},
      {"max_concurrent_calls: \"10\"",
       "PATCH",
       "/v1/settings",
       {{"max_concurrent_calls", "10"}},
       "max_concurrent_calls"},
      {"role: 1", "POST", "/v1/tokens", {{"role", 1}}, "role"},
      {"role: \"root\"", "POST", "/v1/tokens", {{"role", "root"}}, "role"},
  };
  for (const auto& c : cases) {
    INFO(c.what << ": " << c.method << " " << c.target << " " << c.body.dump());
    auto r = admin(c.method, c.target, c.body.dump());
    CHECK(problem_of(r) == "400 validation_failed");
    CHECK(names_field(r, c.field));
  }
  CHECK(snapshot() == before);
  CHECK(healthy());
}

TEST_CASE_METHOD(RestMalformedFixture, "A name must be 1 to 128 characters of printable text") {
  const auto before = snapshot();
  const std::vector<std::pair<std::string, json>> bad = {
      {"a missing name", json::object()},
      {"a null name", {{"name", nullptr}}},
      {"an empty name", {{"name", ""}}},
      {"a name of only spaces", {{"name", "     "}}},
      {"a name of spaces and tabs", {{"name", " \t \t "}}},
      {"a name of 129 characters", {{"name", std::string(129, 'n')}}},
      {"a name of 129 two-byte characters",
       {{"name",
         [] {
           std::string s;
           for (int i = 0; i < 129; ++i) s += "\xc3\xa9";
           return s;
         }()}}},
      {"a name with a newline", {{"name", "Night\nshift"}}},
      {"a name with a tab inside", {{"name", "Night\tshift"}}},
      {"a name with an escape character", {{"name", "Night\x1b[31mshift"}}},
      {"a name with DEL", {{"name", "Night\x7fshift"}}},
      {"a name with a bell", {{"name", "\x07"}}},
  };
  for (const std::string target : {"/v1/teams", "/v1/idle-codes", "/v1/wrapup-codes"}) {
    for (const auto& [what, body] : bad) {
      INFO("POST " << target << " with " << what);
      auto r = admin("POST", target, body.dump());
      CHECK(problem_of(r) == "400 validation_failed");
      CHECK(names_field(r, "name"));
    }
  }
  for (const auto& [what, body] : bad) {
    INFO("PATCH team with " << what);
    if (!body.contains("name") || body["name"].is_null()) continue;  // PATCH: name is optional
    CHECK(problem_of(admin("PATCH", "/v1/teams/" + world.team_id, body.dump())) ==
          "400 validation_failed");
    auto agent = admin("PATCH", agent_path(), body.dump());
    CHECK(problem_of(agent) == "400 validation_failed");
  }
  auto tenant = http(port(), "POST", "/v1/tenants", json{{"name", std::string(129, 't')}}.dump(),
                     bearer(ServerProcess::kAdminToken));
  CHECK(problem_of(tenant) == "400 validation_failed");
  CHECK(snapshot() == before);

  // The limits themselves are fine: 128 characters, in bytes or in code points.
  CHECK(admin("POST", "/v1/teams", json{{"name", std::string(128, 'n')}}.dump()).status == 201);
  std::string accented;
  for (int i = 0; i < 128; ++i) accented += "\xc3\xa9";
  auto wide = admin("POST", "/v1/teams", json{{"name", accented}}.dump());
  CHECK(wide.status == 201);
  CHECK(wide.json()["name"] == accented);
  CHECK(healthy());
}

TEST_CASE_METHOD(RestMalformedFixture, "Unknown fields are refused rather than ignored") {
  const auto before = snapshot();
  struct Case {
    std::string method;
    std::string target;
    json body;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"POST", "/v1/teams", {{"name", "Sales"}, {"colour", "red"}}, "colour"},
      {"POST", "/v1/idle-codes", {{"name", "Nap"}, {"id", "ic_mine"}}, "id"},
      {"PATCH", "/v1/teams/" + world.team_id, {{"name", "Sales"}, {"version", 7}}, "version"},
      {"POST",
       "/v1/agents",
       {{"name", "X"}, {"team_ids", {world.team_id}}, {"tenant_id", "tn_other"}},
       "tenant_id"},
      {"POST",
       "/v1/agents",
       {{"name", "X"}, {"team_ids", {world.team_id}}, {"channels", {{"fax", 1}}}},
       "channels.fax"},
      {"PATCH", "/v1/settings", {{"noise_removel", false}}, "noise_removel"},
      {"PATCH",
       "/v1/settings",
       {{"privacy_shield", {{"enabled", true}, {"max", 5000}}}},
       "privacy_shield.max"},
      {"POST", "/v1/tokens", {{"role", "web"}, {"agent_id", world.agents[0].id}}, "agent_id"},
  };
  for (const auto& c : cases) {
    INFO(c.method << " " << c.target << " " << c.body.dump());
    auto r = admin(c.method, c.target, c.body.dump());
    CHECK(problem_of(r) == "400 validation_failed");
    CHECK(names_field(r, c.field));
  }
  CHECK(snapshot() == before);
  CHECK(healthy());
}

TEST_CASE_METHOD(RestMalformedFixture, "An agent's teams must exist in the tenant") {
  const auto before = snapshot();
  for (const json& team_ids : {json{"tm_unknown"}, json{world.team_id, "tm_unknown"}, json::array(),
                               json(std::vector<std::string>(65, world.team_id))}) {
    INFO("team_ids " << team_ids.dump().substr(0, 80));
    auto created = admin("POST", "/v1/agents", agent_with("team_ids", team_ids).dump());
    CHECK(problem_of(created) == "400 validation_failed");
    CHECK(names_field(created, "team_ids"));
    auto patched = admin("PATCH", agent_path(), json{{"team_ids", team_ids}}.dump());
    CHECK(problem_of(patched) == "400 validation_failed");
    CHECK(names_field(patched, "team_ids"));
  }
  CHECK(snapshot() == before);
  CHECK(healthy());
}

TEST_CASE_METHOD(RestMalformedFixture,
                 "OF10: voice capacity is 0 or 1 and digital capacities at most 50") {
  const auto before = snapshot();
  const std::vector<std::pair<json, std::string>> channels = {
      {{{"voice", 2}}, "channels.voice"},      {{{"voice", -1}}, "channels.voice"},
      {{{"chat", 51}}, "channels.chat"},       {{{"email", -1}}, "channels.email"},
      {{{"social", 1000}}, "channels.social"},
  };
  for (const auto& [value, field] : channels) {
    INFO(value.dump());
    auto created = admin("POST", "/v1/agents", agent_with("channels", value).dump());
    CHECK(problem_of(created) == "400 validation_failed");
    CHECK(names_field(created, field));
    auto patched = admin("PATCH", agent_path(), json{{"channels", value}}.dump());
    CHECK(problem_of(patched) == "400 validation_failed");
    CHECK(names_field(patched, field));
  }
  CHECK(snapshot() == before);
  CHECK(admin("GET", agent_path()).json()["channels"]["voice"] == 1);
  CHECK(healthy());
}

TEST_CASE_METHOD(RestMalformedFixture, "A JSON nesting bomb is refused without harm") {
  const auto before = snapshot();
  const std::string bomb(100000, '[');
  CHECK(problem_of(admin("POST", "/v1/teams", bomb)) == "400 validation_failed");
  CHECK(problem_of(admin("POST", "/v1/agents", std::string(100000, '{'))) ==
        "400 validation_failed");
  // Deep but balanced, inside a valid-looking body.
  const std::string deep =
      R"({"name":"x","skills":)" + std::string(40, '[') + std::string(40, ']') + "}";
  CHECK(problem_of(admin("POST", "/v1/agents", deep)) == "400 validation_failed");
  CHECK(problem_of(admin("PATCH", "/v1/settings",
                         R"({"privacy_shield":)" + std::string(5000, '[') + "}")) ==
        "400 validation_failed");
  CHECK(snapshot() == before);
  CHECK(healthy());
}

TEST_CASE_METHOD(RestMalformedFixture,
                 "A body over limits.http_max_body_bytes is refused with 413") {
  const auto before = snapshot();
  const std::string over = R"({"name":")" + std::string(kMaxBody, 'a') + R"("})";
  REQUIRE(over.size() > kMaxBody);
  auto reply = parse_raw(raw_http(port(), raw_request("POST", "/v1/teams", over)));
  CHECK(problem_of(reply) == "413 too_large");

  // Announced by Content-Length alone, before any of the body is sent.
  const std::string announced =
      "POST /v1/teams HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + world.admin_token +
      "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(kMaxBody + 1) +
      "\r\n\r\n";
  CHECK(problem_of(parse_raw(raw_http(port(), announced))) == "413 too_large");

  // Chunked, so the size is only known as it arrives.
  std::string chunked = "POST /v1/teams HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                        world.admin_token +
                        "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
  const std::string piece(64 * 1024, ' ');
  char size[16];
  std::snprintf(size, sizeof size, "%zx", piece.size());
  for (int i = 0; i < 17; ++i) chunked += std::string(size) + "\r\n" + piece + "\r\n";
  chunked += "0\r\n\r\n";
  CHECK(problem_of(parse_raw(raw_http(port(), chunked))) == "413 too_large");

  // At the limit itself the body is read (and refused for what it says, not for its size).
  const std::string at = R"({"name":")" + std::string(kMaxBody - 11, 'a') + R"("})";
  REQUIRE(at.size() == kMaxBody);
  auto read = admin("POST", "/v1/teams", at);
  CHECK(problem_of(read) == "400 validation_failed");
  CHECK(names_field(read, "name"));

  CHECK(snapshot() == before);
  CHECK(healthy());
}

TEST_CASE_METHOD(RestMalformedFixture, "A header section over 16 KiB is refused with 431") {
  const auto before = snapshot();
  const std::string filler = "X-Filler: " + std::string(kMaxHeader + 1024, 'h') + "\r\n";
  auto reply =
      parse_raw(raw_http(port(), raw_request("POST", "/v1/teams", R"({"name":"Big"})", filler)));
  CHECK(problem_of(reply) == "431 too_large");
  // Many small headers add up the same way.
  std::string many;
  for (int i = 0; i < 1000; ++i) many += "X-H" + std::to_string(i) + ": 0123456789abcdef\r\n";
  auto reply2 =
      parse_raw(raw_http(port(), raw_request("POST", "/v1/teams", R"({"name":"Big"})", many)));
  CHECK(problem_of(reply2) == "431 too_large");
  // A large authorization header too.
  auto reply3 = http(port(), "GET", "/v1/teams", {},
                     {{"Authorization", "Bearer " + std::string(kMaxHeader + 10, 't')}});
  CHECK(problem_of(reply3) == "431 too_large");
  CHECK(snapshot() == before);
  // Headers below the limit are fine.
  const std::string fits = "X-Filler: " + std::string(kMaxHeader / 2, 'h') + "\r\n";
  auto ok =
      parse_raw(raw_http(port(), raw_request("POST", "/v1/teams", R"({"name":"Fits"})", fits)));
  CHECK(ok.status == 201);
  CHECK(admin("GET", "/v1/teams?name=big").json()["items"].empty());
  CHECK(healthy());
}

TEST_CASE_METHOD(RestMalformedFixture, "Bad percent-encoding in the path or query is refused") {
  const auto before = snapshot();
  for (const std::string target :
       {"/v1/teams/%zz", "/v1/teams/%4", "/v1/teams/%", "/v1/teams/%00", "/v1/teams/abc%0",
        "/v1/team%GGs", "/v1/teams?name=%zz", "/v1/teams?limit=%", "/v1/teams?%=1"}) {
    INFO(target);
    CHECK(problem_of(admin("GET", target)) == "400 validation_failed");
    CHECK(problem_of(admin("DELETE", target)) == "400 validation_failed");
  }
  // Well-formed encoding is decoded.
  CHECK(admin("GET", "/v1/teams/" + world.team_id).status == 200);
  std::string encoded;
  for (unsigned char c : world.team_id) {
    char hex[4];
    std::snprintf(hex, sizeof hex, "%%%02X", c);
    encoded += hex;
  }
  CHECK(admin("GET", "/v1/teams/" + encoded).status == 200);
  CHECK(admin("GET", "/v1/%74eams").status == 200);
  CHECK(snapshot() == before);
  CHECK(healthy());
}

TEST_CASE_METHOD(RestMalformedFixture,
                 "Unsupported methods answer 405 with Allow, unknown paths 404") {
  const auto before = snapshot();
  const std::vector<std::pair<std::string, std::string>> not_allowed = {
      {"PUT", "/v1/teams"},
      {"DELETE", "/v1/teams"},
      {"PATCH", "/v1/agents"},
      {"PUT", "/v1/teams/" + world.team_id},
      {"POST", "/v1/teams/" + world.team_id},
      {"GET", "/v1/agents/" + world.agents[0].id + "/tokens"},
      {"PATCH", "/v1/tokens/x"},
      {"DELETE", "/v1/settings"},
      {"POST", "/healthz"},
  };
  for (const auto& [method, target] : not_allowed) {
    INFO(method << " " << target);
    auto r = admin(method, target, method == "GET" || method == "DELETE" ? "" : "{}");
    CHECK(problem_of(r) == "405 method_not_allowed");
    CHECK(!r.header("allow").empty());  // RFC 9110: a 405 lists the methods that are allowed
  }
  for (const std::string target :
       {"/", "/v1", "/v1/", "/v1/nothing", "/v2/teams", "/v1/teams/a/b", "/v1/Teams",
        "/v1/teams//x", "/v1/agents/x/tokens/y", "/healthz/x"}) {
    INFO(target);
    CHECK(problem_of(admin("GET", target)) == "404 not_found");
    CHECK(problem_of(http(port(), "GET", target)) == "404 not_found");
  }
  CHECK(snapshot() == before);
  CHECK(healthy());
}

TEST_CASE_METHOD(RestMalformedFixture, "An If-Match that names no version is refused with 412") {
  const auto before = snapshot();
  for (const std::string value : {"abc", "\"abc\"", "\"\"", "\"-1\"", "\"1.0\"",
                                  "\"99999999999999999999\"", "W/\"x\"", "\"1", "1\"", "\" 1\""}) {
    INFO("If-Match: " << value);
    CHECK(problem_of(admin("PATCH", "/v1/teams/" + world.team_id, R"({"name":"Changed"})",
                           {{"If-Match", value}})) == "412 precondition_failed");
    CHECK(problem_of(admin("DELETE", "/v1/idle-codes/" + world.idle_code_id, {},
                           {{"If-Match", value}})) == "412 precondition_failed");
    CHECK(problem_of(admin("PATCH", "/v1/settings", R"({"noise_removal":false})",
                           {{"If-Match", value}})) == "412 precondition_failed");
  }
  CHECK(snapshot() == before);
  CHECK(healthy());
}

TEST_CASE_METHOD(RestMalformedFixture, "An Idempotency-Key over 255 characters is refused") {
  const auto before = snapshot();
  auto r = admin("POST", "/v1/teams", R"({"name":"Keyed"})",
                 {{"Idempotency-Key", std::string(256, 'k')}});
  CHECK(problem_of(r) == "400 validation_failed");
  CHECK(names_field(r, "Idempotency-Key"));
  auto tokens = admin("POST", "/v1/tokens", R"({"role":"web"})",
                      {{"Idempotency-Key", std::string(4000, 'k')}});
  CHECK(problem_of(tokens) == "400 validation_failed");
  CHECK(snapshot() == before);
  // 255 is allowed.
  CHECK(admin("POST", "/v1/teams", R"({"name":"Keyed"})",
              {{"Idempotency-Key", std::string(255, 'k')}})
            .status == 201);
  CHECK(healthy());
}

TEST_CASE_METHOD(RestMalformedFixture, "A NUL character inside a JSON string is refused") {
  const auto before = snapshot();
  // As a JSON escape ...
  auto escaped = admin("POST", "/v1/teams", R"({"name":"Sa\u0000les"})");
  CHECK(problem_of(escaped) == "400 validation_failed");
  CHECK(names_field(escaped, "name"));
  CHECK(problem_of(admin("POST", "/v1/agents",
                         R"({"name":"A\u0000","team_ids":[")" + world.team_id + R"("]})")) ==
        "400 validation_failed");
  CHECK(problem_of(admin("POST", "/v1/agents",
                         R"({"name":"A","team_ids":[")" + world.team_id + R"(\u0000"]})")) ==
        "400 validation_failed");
  // ... and as a raw byte, which JSON does not allow inside a string at all.
  const std::string raw = std::string(R"({"name":"Sa)") + '\0' + R"(les"})";
  CHECK(problem_of(admin("POST", "/v1/teams", raw)) == "400 validation_failed");
  CHECK(problem_of(admin("POST", "/v1/teams", std::string("\0", 1))) == "400 validation_failed");
  CHECK(snapshot() == before);
  CHECK(healthy());
}

TEST_CASE_METHOD(RestMalformedFixture, "Invalid UTF-8 inside a JSON string is refused") {
  const auto before = snapshot();
  for (const std::string& bad :
       {std::string("\xff\xfe"), std::string("\xc3"), std::string("\xc0\xaf"),
        std::string("\xed\xa0\x80"), std::string("\xf8\x88\x80\x80\x80"), std::string("a\x80z")}) {
    INFO("bytes of length " << bad.size());
    CHECK(problem_of(admin("POST", "/v1/teams", R"({"name":"Sales)" + bad + R"("})")) ==
          "400 validation_failed");
    CHECK(problem_of(admin("POST", "/v1/idle-codes", R"({"name":"Nap)" + bad + R"("})")) ==
          "400 validation_failed");
  }
  // A lone surrogate escape is not a character either.
  CHECK(problem_of(admin("POST", "/v1/teams", R"({"name":"\ud800"})")) == "400 validation_failed");
  CHECK(problem_of(admin("POST", "/v1/teams", R"({"name":"\udc00x"})")) == "400 validation_failed");
  CHECK(snapshot() == before);
  CHECK(healthy());
}

TEST_CASE_METHOD(RestMalformedFixture, "Numbers too large for their field are refused") {
  const auto before = snapshot();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"/v1/settings", R"({"max_concurrent_calls":1e400})"},
      {"/v1/settings", R"({"max_concurrent_calls":99999999999999999999999999999})"},
      {"/v1/settings", R"({"max_concurrent_calls":18446744073709551615})"},
      {"/v1/settings", R"({"max_concurrent_calls":9223372036854775808})"},
      {"/v1/settings", R"({"max_concurrent_calls":-9223372036854775809})"},
      {"/v1/settings", R"({"max_concurrent_calls":1000001})"},
      {"/v1/settings", R"({"max_concurrent_calls":1e3})"},
      {"/v1/settings", R"({"privacy_shield":{"max_pause_ms":4294967297}})"},
      {agent_path(), R"({"channels":{"chat":4294967297}})"},
      {agent_path(), R"({"channels":{"voice":4294967297}})"},
      {agent_path(), R"({"skills":{"billing":4294967301}})"},
      {agent_path(), R"({"skills":{"billing":1e400}})"},
  };
  for (const auto& [target, body] : cases) {
    INFO("PATCH " << target << " " << body);
    CHECK(problem_of(admin("PATCH", target, body)) == "400 validation_failed");
  }
  CHECK(snapshot() == before);
  CHECK(healthy());
}

TEST_CASE_METHOD(RestMalformedFixture, "Duplicate keys in a JSON object are refused") {
  const auto before = snapshot();
  auto team = admin("POST", "/v1/teams", R"({"name":"Alpha","name":"Beta"})");
  CHECK(problem_of(team) == "400 validation_failed");
  auto settings = admin("PATCH", "/v1/settings", R"({"noise_removal":true,"noise_removal":false})");
  CHECK(problem_of(settings) == "400 validation_failed");
  auto agent = admin("PATCH", agent_path(), R"({"channels":{"voice":1,"voice":0}})");
  CHECK(problem_of(agent) == "400 validation_failed");
  auto role = admin("POST", "/v1/tokens", R"({"role":"web","role":"admin"})");
  CHECK(problem_of(role) == "400 validation_failed");
  CHECK(snapshot() == before);
  CHECK(healthy());
}

TEST_CASE_METHOD(RestMalformedFixture,
                 "Requests that are not HTTP are refused and the server carries on") {
  const auto before = snapshot();
  for (const std::string& bytes :
       {std::string("GARBAGE\r\n\r\n"),
        std::string("GET /v1/teams HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n"),
        std::string("GET v1/teams HTTP/1.1\r\nHost: x\r\n\r\n"),
        std::string("POST /v1/teams HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"),
        std::string("POST /v1/teams HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: "
                    "6\r\n\r\nhello!"),
        std::string("POST /v1/teams HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"
                    "\r\n")}) {
    INFO(bytes);
    auto reply = parse_raw(raw_http(port(), bytes, std::chrono::seconds(5)));
    CHECK(reply.status == 400);
    CHECK(problem_of(reply) == "400 validation_failed");
  }
  CHECK(snapshot() == before);
  CHECK(healthy());
}

TEST_CASE_METHOD(RestMalformedFixture,
                 "After a barrage of bad input the server still serves everyone") {
  const std::vector<std::string> barrage = {
      raw_request("POST", "/v1/teams", std::string(200000, '[')),
      raw_request("POST", "/v1/teams", R"({"name":"x")"),
      raw_request("POST", "/v1/teams", R"({"name":"\xff"})"),
      raw_request("POST", "/v1/teams", R"({"name":"x"})", "X: " + std::string(20000, 'x') + "\r\n"),
      raw_request("GET", "/v1/teams/%zz", ""),
      raw_request("POST", "/v1/teams", R"({"name":"x"})",
                  "Idempotency-Key: " + std::string(300, 'k') + "\r\n"),
      raw_request("BREW", "/v1/teams", ""),
      std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11),  // a TLS ClientHello
      std::string(70000, '\0'),
  };
  for (int round = 0; round < 3; ++round) {
    for (const auto& bytes : barrage) raw_http(port(), bytes, std::chrono::seconds(5));
  }
  CHECK(healthy());
  CHECK(http(port(), "GET", "/readyz").status == 200);
  CHECK(admin("GET", "/v1/teams").json()["items"].size() == 1);
  WsClient ws(port(), "/v1/agent", bearer(world.agents[0].token));
  REQUIRE(ws.open());
  CHECK(ws.next_of("hello")["type"] == "hello");
}

TEST_CASE_METHOD(RestMalformedFixture,
                 "A HEAD reply has the GET reply's headers and no body, so the next reply on the "
                 "connection is read intact") {
  const auto text = raw_http(port(),
                             "HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                             "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                             std::chrono::seconds(5));
  const auto head_end = text.find("\r\n\r\n");
  REQUIRE(head_end != std::string::npos);
  const auto head = parse_raw(text.substr(0, head_end + 4));
  const auto get = parse_raw(text.substr(head_end + 4));
  CHECK(head.status == 200);
  CHECK(head.body.empty());
  CHECK(get.status == 200);
  CHECK(get.json() == json{{"status", "ok"}});
  CHECK(head.header("content-length") == std::to_string(get.body.size()));
  CHECK(get.header("connection") == "close");
}
