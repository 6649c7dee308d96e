// REST handlers for a tenant's queues and entry points. A PATCH merges its body onto the current
// value and hands core the whole next value, so creates and updates pass the same validation.
#include "core/crud_rules.hpp"
#include "proto/routing_json.hpp"
#include "server/rest_conclude.hpp"
#include "server/token_crypto.hpp"

namespace ccr::server {

using nlohmann::json;

namespace {

// A body with the `team_ids` shorthand has one group: core's errors about it name `team_ids`.
core::Result<core::Queue> shorthand_fields(core::Result<core::Queue> result, const json& body) {
  if (result || !body.contains("team_ids") || body["team_ids"].is_null()) return result;
  auto rejection = result.rejection();
  for (auto& e : rejection.errors) {
    if (e.field == "groups" || e.field == "groups[0].team_ids") e.field = "team_ids";
  }
  return rejection;
}

}  // namespace

// --- queues ----------------------------------------------------------------------------------

void RestApi::create_queue(Call& call) {
  auto b = body(call);
  if (!b) return;
  proto::FieldErrors errors;
  auto draft = proto::parse_queue(*b, errors, core::Queue{}, /*creating=*/true);
  if (!draft) return fail_fields(call, errors);
  draft->id = generate_id("qu");
  draft->tenant_id = call.who.tenant_id;
  core::Effects fx;
  conclude(
      call, 201,
      shorthand_fields(app_.engine().routing().create_queue(std::move(*draft), app_.now(), fx), *b),
      fx);
}

void RestApi::list_queues(Call& call) {
  list_page(call, [&](const std::string& cursor, std::size_t limit) {
    return app_.engine().routing().queues_after(call.who.tenant_id, cursor, limit,
                                                name_filter(call.request));
  });
}

void RestApi::get_queue(Call& call) {
  const auto* q = app_.engine().routing().queue(call.who.tenant_id, call.params[0]);
  if (q == nullptr) return fail(call, core::not_found("queue"));
  reply(call, 200, proto::to_json(*q), q->version);
}

void RestApi::patch_queue(Call& call) {
  auto precondition = if_match(call);
  if (!precondition) return;
  auto b = body(call);
  if (!b) return;
  // The body merges onto the current value, so its fields are checked once that is known.
  const auto* current = app_.engine().routing().queue(call.who.tenant_id, call.params[0]);
  if (current == nullptr) return fail(call, core::not_found("queue"));
  if (auto r = core::stale(current->version, *precondition)) return fail(call, *r);
  proto::FieldErrors errors;
  auto next = proto::parse_queue(*b, errors, *current, /*creating=*/false);
  if (!next) return fail_fields(call, errors);
  core::Effects fx;
  conclude(call, 200,
           shorthand_fields(
               app_.engine().routing().replace_queue(std::move(*next), *precondition, fx), *b),
           fx);
}

void RestApi::delete_queue(Call& call) {
  auto precondition = if_match(call);
  if (!precondition) return;
  core::Effects fx;
  conclude_deleted(
      call, app_.engine().delete_queue(call.who.tenant_id, call.params[0], *precondition, fx), fx);
}

// --- entry points ----------------------------------------------------------------------------

void RestApi::create_entry_point(Call& call) {
  auto b = body(call);
  if (!b) return;
  proto::FieldErrors errors;
  auto draft = proto::parse_entry_point(*b, errors, core::EntryPoint{}, /*creating=*/true);
  if (!draft) return fail_fields(call, errors);
  draft->id = generate_id("ep");
  draft->tenant_id = call.who.tenant_id;
  core::Effects fx;
  conclude(call, 201, app_.engine().routing().create_entry_point(std::move(*draft), app_.now(), fx),
           fx);
}

void RestApi::list_entry_points(Call& call) {
  list_page(call, [&](const std::string& cursor, std::size_t limit) {
    return app_.engine().routing().entry_points_after(call.who.tenant_id, cursor, limit,
                                                      name_filter(call.request));
  });
}

void RestApi::get_entry_point(Call& call) {
  const auto* e = app_.engine().routing().entry_point(call.who.tenant_id, call.params[0]);
  if (e == nullptr) return fail(call, core::not_found("entry point"));
  reply(call, 200, proto::to_json(*e), e->version);
}

void RestApi::patch_entry_point(Call& call) {
  auto precondition = if_match(call);
  if (!precondition) return;
  auto b = body(call);
  if (!b) return;
  // The body merges onto the current value, so its fields are checked once that is known.
  const auto* current = app_.engine().routing().entry_point(call.who.tenant_id, call.params[0]);
  if (current == nullptr) return fail(call, core::not_found("entry point"));
  if (auto r = core::stale(current->version, *precondition)) return fail(call, *r);
  proto::FieldErrors errors;
  auto next = proto::parse_entry_point(*b, errors, *current, /*creating=*/false);
  if (!next) return fail_fields(call, errors);
  core::Effects fx;
  conclude(call, 200,
           app_.engine().routing().replace_entry_point(std::move(*next), *precondition, fx), fx);
}

void RestApi::delete_entry_point(Call& call) {
  auto precondition = if_match(call);
  if (!precondition) return;
  core::Effects fx;
  conclude_deleted(call,
                   app_.engine().routing().delete_entry_point(call.who.tenant_id, call.params[0],
                                                              *precondition, fx),
                   fx);
}

}  // namespace ccr::server
