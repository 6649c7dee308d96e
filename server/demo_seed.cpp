#include "server/demo_seed.hpp"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <string>
#include <vector>

#include "server/app.hpp"
#include "server/token_crypto.hpp"

namespace ccr::server {
namespace {

struct Issued {
  std::string label;
  std::string token;
};

std::string issue_token(App& app, const std::string& tenant_id, core::Role role,
                        const std::string& agent_id, core::Effects& fx) {
  auto token = generate_token();
  core::Token t{generate_id("tok"), tenant_id, role, agent_id, hash_token(token), app.now()};
  app.engine().directory().add_token(std::move(t), fx);
  return token;
}

}  // namespace

void seed_demo(App& app) {
  auto& dir = app.engine().directory();
  const auto now = app.now();
  core::Effects fx;
  const auto tenant = dir.create_tenant(generate_id("tn"), "Demo Contact Center", now, fx).value();
  const auto team = dir.create_team(tenant.id, generate_id("tm"), "Support", now, fx).value();
  for (const char* name : {"Break", "Lunch", "Meeting", "Training"}) {
    dir.create_code(tenant.id, core::CodeKind::Idle, generate_id("ic"), name, now, fx);
  }
  for (const char* name : {"Resolved", "Follow-up needed", "Escalated"}) {
    dir.create_code(tenant.id, core::CodeKind::WrapUp, generate_id("wc"), name, now, fx);
  }
  std::vector<Issued> issued;
  issued.push_back({"tenant admin", issue_token(app, tenant.id, core::Role::Admin, {}, fx)});
  for (const char* name : {"Ana Popescu", "Mihai Ionescu", "Elena Dumitru"}) {
    core::Agent draft;
    draft.id = generate_id("ag");
    draft.tenant_id = tenant.id;
    draft.name = name;
    draft.team_ids = {team.id};
    draft.channels = core::ChannelCapacity{1, 3, 2, 2};
    draft.skills = {{"english", 8}, {"romanian", 10}};
    const auto agent = dir.create_agent(std::move(draft), now, fx).value();
    issued.push_back({std::string("agent ") + name + " (" + agent.id + ")",
                      issue_token(app, tenant.id, core::Role::Agent, agent.id, fx)});
  }
  app.apply(fx);
  const auto listen = app.public_address();
  app.after_commit([issued, team_id = team.id, tenant_name = tenant.name, listen] {
    std::string out = "\n=== Demo tenant \"" + tenant_name + "\" seeded (tokens shown once) ===\n";
    for (const auto& i : issued) out += "  " + i.label + ": " + i.token + "\n";
    out += "\nConnect a desktop (any WebSocket client, e.g. websocat):\n";
    out += "  websocat -H 'Authorization: Bearer " + issued[1].token + "' ws://" + listen +
           "/v1/agent\n";
    out += "then send:\n  {\"type\":\"login\",\"id\":\"1\",\"team_id\":\"" + team_id +
           "\",\"dial_number\":\"+12015532447\"}\n";
    out += "  {\"type\":\"set_state\",\"id\":\"2\",\"state\":\"Available\"}\n";
    out += "\nAdmin REST:\n  curl -H 'Authorization: Bearer " + issued[0].token + "' http://" +
           listen + "/v1/agents\n\n";
    std::fputs(out.c_str(), stdout);
    std::fflush(stdout);
  });
  spdlog::info("seeded the demo tenant {}", tenant.id);
}

}  // namespace ccr::server
