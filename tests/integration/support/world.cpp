#include "world.hpp"

#include <stdexcept>

#include "clients.hpp"
#include "server_process.hpp"

namespace ccr::test {
namespace {

nlohmann::json created(const HttpResult& r, const std::string& what) {
  if (r.status != 201) {
    throw std::runtime_error("creating " + what + " answered " + std::to_string(r.status) + ": " +
                             r.body);
  }
  return r.json();
}

}  // namespace

World make_world(unsigned short port, const std::string& name, int agents) {
  World w;
  w.port = port;
  auto tenant = created(http(port, "POST", "/v1/tenants", nlohmann::json{{"name", name}}.dump(),
                             bearer(ServerProcess::kAdminToken)),
                        "tenant");
  w.tenant_id = tenant["id"];
  w.admin_token = tenant["admin_token"];
  const auto admin = bearer(w.admin_token);
  w.team_id =
      created(http(port, "POST", "/v1/teams", R"({"name":"Support"})", admin), "team")["id"];
  w.idle_code_id = created(http(port, "POST", "/v1/idle-codes", R"({"name":"Break"})", admin),
                           "idle code")["id"];
  w.wrapup_code_id =
      created(http(port, "POST", "/v1/wrapup-codes", R"({"name":"Resolved"})", admin),
              "wrap-up code")["id"];
  for (int i = 0; i < agents; ++i) {
    nlohmann::json body = {{"name", "Agent " + std::to_string(i + 1)},
                           {"team_ids", {w.team_id}},
                           {"channels", {{"voice", 1}, {"chat", 3}, {"email", 2}, {"social", 2}}}};
    auto agent = created(http(port, "POST", "/v1/agents", body.dump(), admin), "agent");
    auto token = created(
        http(port, "POST", "/v1/agents/" + agent["id"].get<std::string>() + "/tokens", "", admin),
        "agent token");
    w.agents.push_back({agent["id"], token["token"]});
  }
  return w;
}

}  // namespace ccr::test
