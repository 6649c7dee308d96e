// Builds a tenant through the real REST API for a test: its admin token, a team, idle and wrap-up
// codes, and agents with their tokens. Test thread only.
#pragma once

#include <string>
#include <vector>

namespace ccr::test {

struct WorldAgent {
  std::string id;
  std::string token;
};

struct World {
  unsigned short port = 0;
  std::string tenant_id;
  std::string admin_token;  // the tenant admin
  std::string team_id;
  std::string idle_code_id;
  std::string wrapup_code_id;
  std::vector<WorldAgent> agents;
};

// Creates a tenant named `name` with `agents` agents; throws when any call fails.
World make_world(unsigned short port, const std::string& name = "Acme", int agents = 2);

}  // namespace ccr::test
