// REST handlers for a tenant's teams, agents, idle codes and wrap-up codes.
#include "core/crud_rules.hpp"
#include "core/names.hpp"
#include "server/rest_conclude.hpp"
#include "server/token_crypto.hpp"

namespace ccr::server {

using nlohmann::json;

// --- teams -----------------------------------------------------------------------------------

void RestApi::create_team(Call& call) {
  auto name = name_body(call);
  if (!name) return;
  core::Effects fx;
  conclude(call, 201,
           app_.engine().directory().create_team(call.who.tenant_id, generate_id("tm"), *name,
                                                 app_.now(), fx),
           fx);
}

void RestApi::list_teams(Call& call) {
  list_page(call, [&](const std::string& cursor, std::size_t limit) {
    return app_.engine().directory().teams_after(call.who.tenant_id, cursor, limit,
                                                 name_filter(call.request));
  });
}

void RestApi::get_team(Call& call) {
  const auto* t = app_.engine().directory().team(call.who.tenant_id, call.params[0]);
  if (t == nullptr) return fail(call, core::not_found("team"));
  reply(call, 200, proto::to_json(*t), t->version);
}

void RestApi::patch_team(Call& call) {
  auto precondition = if_match(call);
  if (!precondition) return;
  auto name = name_body(call);
  if (!name) return;
  core::Effects fx;
  conclude(call, 200,
           app_.engine().directory().rename_team(call.who.tenant_id, call.params[0], *name,
                                                 *precondition, fx),
           fx);
}

void RestApi::delete_team(Call& call) {
  auto precondition = if_match(call);
  if (!precondition) return;
  core::Effects fx;
  conclude_deleted(
      call, app_.engine().delete_team(call.who.tenant_id, call.params[0], *precondition, fx), fx);
}

// --- agents ----------------------------------------------------------------------------------

void RestApi::create_agent(Call& call) {
  auto b = body(call);
  if (!b) return;
  proto::FieldErrors errors;
  auto draft = proto::parse_agent_create(*b, errors);
  if (!draft) return fail_fields(call, errors);
  draft->id = generate_id("ag");
  draft->tenant_id = call.who.tenant_id;
  core::Effects fx;
  conclude(call, 201, app_.engine().directory().create_agent(std::move(*draft), app_.now(), fx),
           fx);
}

void RestApi::list_agents(Call& call) {
  auto p = page(call);
  if (!p) return;
  json items = json::array();
  std::string last;
  const auto& board = app_.engine().agents();
  for (const auto* a : app_.engine().directory().agents_after(
           call.who.tenant_id, p->first, p->second, name_filter(call.request))) {
    auto item = proto::to_json(*a);
    item["state"] = core::name_of(board.session(a->tenant_id, a->id).state);
    items.push_back(std::move(item));
    last = a->id;
  }
  reply(call, 200, page_body(std::move(items), last, p->second));
}

void RestApi::get_agent(Call& call) {
  const auto* a = app_.engine().directory().agent(call.who.tenant_id, call.params[0]);
  if (a == nullptr) return fail(call, core::not_found("agent"));
  auto out = proto::to_json(*a);
  const auto session = app_.engine().agents().session(a->tenant_id, a->id);
  out["state"] = core::name_of(session.state);
  out["desktop_connected"] = session.desktop_connected;
  reply(call, 200, out, a->version);
}

void RestApi::patch_agent(Call& call) {
  auto precondition = if_match(call);
  if (!precondition) return;
  auto b = body(call);
  if (!b) return;
  proto::FieldErrors errors;
  auto patch = proto::parse_agent_patch(*b, errors);
  if (!patch) return fail_fields(call, errors);
  core::Effects fx;
  conclude(
      call, 200,
      app_.engine().update_agent(call.who.tenant_id, call.params[0], *patch, *precondition, fx),
      fx);
}

void RestApi::delete_agent(Call& call) {
  auto precondition = if_match(call);
  if (!precondition) return;
  core::Effects fx;
  conclude_deleted(
      call, app_.engine().delete_agent(call.who.tenant_id, call.params[0], *precondition, fx), fx);
}

// --- idle and wrap-up codes ------------------------------------------------------------------

void RestApi::create_idle_code(Call& call) { create_code(call, core::CodeKind::Idle); }
void RestApi::list_idle_codes(Call& call) { list_codes(call, core::CodeKind::Idle); }
void RestApi::get_idle_code(Call& call) { get_code(call, core::CodeKind::Idle); }
void RestApi::patch_idle_code(Call& call) { patch_code(call, core::CodeKind::Idle); }
void RestApi::delete_idle_code(Call& call) { delete_code(call, core::CodeKind::Idle); }
void RestApi::create_wrapup_code(Call& call) { create_code(call, core::CodeKind::WrapUp); }
void RestApi::list_wrapup_codes(Call& call) { list_codes(call, core::CodeKind::WrapUp); }
void RestApi::get_wrapup_code(Call& call) { get_code(call, core::CodeKind::WrapUp); }
void RestApi::patch_wrapup_code(Call& call) { patch_code(call, core::CodeKind::WrapUp); }
void RestApi::delete_wrapup_code(Call& call) { delete_code(call, core::CodeKind::WrapUp); }

void RestApi::create_code(Call& call, core::CodeKind kind) {
  auto name = name_body(call);
  if (!name) return;
  core::Effects fx;
  const auto id = generate_id(kind == core::CodeKind::Idle ? "ic" : "wc");
  conclude(
      call, 201,
      app_.engine().directory().create_code(call.who.tenant_id, kind, id, *name, app_.now(), fx),
      fx);
}

void RestApi::list_codes(Call& call, core::CodeKind kind) {
  list_page(call, [&](const std::string& cursor, std::size_t limit) {
    return app_.engine().directory().codes_after(call.who.tenant_id, kind, cursor, limit,
                                                 name_filter(call.request));
  });
}

void RestApi::get_code(Call& call, core::CodeKind kind) {
  const auto* c = app_.engine().directory().code(call.who.tenant_id, kind, call.params[0]);
  if (c == nullptr) return fail(call, core::not_found("code"));
  reply(call, 200, proto::to_json(*c), c->version);
}

void RestApi::patch_code(Call& call, core::CodeKind kind) {
  auto precondition = if_match(call);
  if (!precondition) return;
  auto name = name_body(call);
  if (!name) return;
  core::Effects fx;
  conclude(call, 200,
           app_.engine().directory().rename_code(call.who.tenant_id, kind, call.params[0], *name,
                                                 *precondition, fx),
           fx);
}

void RestApi::delete_code(Call& call, core::CodeKind kind) {
  auto precondition = if_match(call);
  if (!precondition) return;
  core::Effects fx;
  conclude_deleted(
      call, app_.engine().delete_code(call.who.tenant_id, kind, call.params[0], *precondition, fx),
      fx);
}

}  // namespace ccr::server
