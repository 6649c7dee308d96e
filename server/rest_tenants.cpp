// REST handlers for tenants (server admin), tenant settings and API tokens.
#include "core/names.hpp"
#include "server/rest_conclude.hpp"
#include "server/token_crypto.hpp"

namespace ccr::server {

using nlohmann::json;

void RestApi::create_tenant(Call& call) {
  auto name = name_body(call);
  if (!name) return;
  core::Effects fx;
  auto made = app_.engine().directory().create_tenant(generate_id("tn"), *name, app_.now(), fx);
  if (!made) return fail(call, made.rejection());
  app_.apply(fx);
  json out = proto::to_json(made.value());
  call.who.tenant_id = made.value().id;  // the admin token belongs to the new tenant
  out["admin_token"] = issue_token(call, core::Role::Admin, {}, out);
  call.who.tenant_id.clear();
  reply(call, 201, out, made.value().version);
}

void RestApi::list_tenants(Call& call) {
  list_page(call, [&](const std::string& cursor, std::size_t limit) {
    return app_.engine().directory().tenants_after(cursor, limit);
  });
}

void RestApi::get_tenant(Call& call) {
  const auto* t = app_.engine().directory().tenant(call.params[0]);
  if (t == nullptr) return fail(call, {core::Reason::NotFound, "tenant not found", {}, {}});
  reply(call, 200, proto::to_json(*t), t->version);
}

void RestApi::patch_tenant(Call& call) {
  auto precondition = if_match(call);
  if (!precondition) return;
  auto name = name_body(call);
  if (!name) return;
  core::Effects fx;
  conclude(call, 200,
           app_.engine().directory().rename_tenant(call.params[0], *name, *precondition, fx), fx);
}

void RestApi::delete_tenant(Call& call) {
  auto precondition = if_match(call);
  if (!precondition) return;
  core::Effects fx;
  conclude_deleted(call, app_.engine().delete_tenant(call.params[0], *precondition, fx), fx);
}

void RestApi::get_settings(Call& call) {
  const auto* t = app_.engine().directory().tenant(call.who.tenant_id);
  if (t == nullptr) return fail(call, {core::Reason::NotFound, "tenant not found", {}, {}});
  reply(call, 200, proto::to_json(t->settings), t->version);
}

void RestApi::patch_settings(Call& call) {
  auto precondition = if_match(call);
  if (!precondition) return;
  auto b = body(call);
  if (!b) return;
  proto::FieldErrors errors;
  auto patch = proto::parse_settings_patch(*b, errors);
  if (!patch) return fail_fields(call, errors);
  core::Effects fx;
  auto done = app_.engine().directory().update_settings(call.who, call.who.tenant_id, *patch,
                                                        *precondition, fx);
  if (!done) return fail(call, done.rejection());
  app_.apply(fx);
  reply(call, 200, proto::to_json(done.value().settings), done.value().version);
}

std::string RestApi::issue_token(Call& call, core::Role role, const std::string& agent_id,
                                 json& out) {
  auto secret = generate_token();
  core::Token token{generate_id("tok"), call.who.tenant_id, role,
                    agent_id,           hash_token(secret), app_.now()};
  core::Effects fx;
  auto added = app_.engine().directory().add_token(token, fx);
  if (!added) return {};
  app_.apply(fx);
  out["token_id"] = token.id;
  return secret;
}

void RestApi::create_token(Call& call) {
  auto b = body(call);
  if (!b) return;
  proto::FieldErrors errors;
  auto role = proto::parse_token_role(*b, errors);
  if (!role) return fail_fields(call, errors);
  json out = json::object();
  out["token"] = issue_token(call, *role, {}, out);
  out["role"] = core::name_of(*role);
  out["id"] = out["token_id"];
  reply(call, 201, out);
}

void RestApi::create_agent_token(Call& call) {
  if (app_.engine().directory().agent(call.who.tenant_id, call.params[0]) == nullptr) {
    return fail(call, {core::Reason::NotFound, "agent not found", {}, {}});
  }
  json out = json::object();
  out["token"] = issue_token(call, core::Role::Agent, call.params[0], out);
  out["role"] = "agent";
  out["agent_id"] = call.params[0];
  out["id"] = out["token_id"];
  reply(call, 201, out);
}

void RestApi::list_tokens(Call& call) {
  list_page(call, [&](const std::string& cursor, std::size_t limit) {
    return app_.engine().directory().tokens_after(call.who.tenant_id, cursor, limit);
  });
}

void RestApi::delete_token(Call& call) {
  core::Effects fx;
  conclude_deleted(
      call, app_.engine().directory().revoke_token(call.who.tenant_id, call.params[0], fx), fx);
}

}  // namespace ccr::server
