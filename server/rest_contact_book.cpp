// REST handlers for a tenant's address book and organisation directory (CO1, TR1). Numbers pass
// DN1 before core sees them (`400 invalid_dial_number`); a PATCH merges its body onto the current
// value and hands core the whole next value. io thread only.
#include "core/crud_rules.hpp"
#include "proto/contact_book_json.hpp"
#include "server/rest_conclude.hpp"
#include "server/token_crypto.hpp"

namespace ccr::server {

namespace {

// The `q` query parameter lists filter on, or "".
std::string search_filter(const HttpRequest& request) {
  auto it = request.query.find("q");
  return it == request.query.end() ? std::string{} : it->second;
}

}  // namespace

// --- address book ----------------------------------------------------------------------------

void RestApi::create_address_entry(Call& call) {
  auto b = body(call);
  if (!b) return;
  proto::FieldErrors errors;
  auto draft = proto::parse_address_entry(*b, errors, core::AddressEntry{}, /*creating=*/true);
  if (!draft) return fail_fields(call, errors);
  if (auto bad = proto::normalize_number(*draft)) return fail(call, *bad);
  draft->id = generate_id("ab");
  draft->tenant_id = call.who.tenant_id;
  core::Effects fx;
  conclude(call, 201,
           app_.engine().contacts().create_address_entry(std::move(*draft), app_.now(), fx), fx);
}

void RestApi::list_address_entries(Call& call) {
  list_page(call, [&](const std::string& cursor, std::size_t limit) {
    return app_.engine().contacts().address_entries_after(call.who.tenant_id, cursor, limit,
                                                          search_filter(call.request));
  });
}

void RestApi::get_address_entry(Call& call) {
  const auto* e = app_.engine().contacts().address_entry(call.who.tenant_id, call.params[0]);
  if (e == nullptr) return fail(call, core::not_found("address book entry"));
  reply(call, 200, proto::to_json(*e), e->version);
}

void RestApi::patch_address_entry(Call& call) {
  auto precondition = if_match(call);
  if (!precondition) return;
  auto b = body(call);
  if (!b) return;
  const auto* current = app_.engine().contacts().address_entry(call.who.tenant_id, call.params[0]);
  if (current == nullptr) return fail(call, core::not_found("address book entry"));
  if (auto r = core::stale(current->version, *precondition)) return fail(call, *r);
  proto::FieldErrors errors;
  auto next = proto::parse_address_entry(*b, errors, *current, /*creating=*/false);
  if (!next) return fail_fields(call, errors);
  if (auto bad = proto::normalize_number(*next)) return fail(call, *bad);
  core::Effects fx;
  conclude(call, 200,
           app_.engine().contacts().replace_address_entry(std::move(*next), *precondition, fx), fx);
}

void RestApi::delete_address_entry(Call& call) {
  auto precondition = if_match(call);
  if (!precondition) return;
  core::Effects fx;
  conclude_deleted(call,
                   app_.engine().contacts().delete_address_entry(call.who.tenant_id, call.params[0],
                                                                 *precondition, fx),
                   fx);
}

// --- organisation directory ------------------------------------------------------------------

void RestApi::create_directory_entry(Call& call) {
  auto b = body(call);
  if (!b) return;
  proto::FieldErrors errors;
  auto draft = proto::parse_directory_entry(*b, errors, core::DirectoryEntry{}, /*creating=*/true);
  if (!draft) return fail_fields(call, errors);
  if (auto bad = proto::normalize_number(*draft)) return fail(call, *bad);
  draft->id = generate_id("dir");
  draft->tenant_id = call.who.tenant_id;
  core::Effects fx;
  conclude(call, 201,
           app_.engine().contacts().create_directory_entry(std::move(*draft), app_.now(), fx), fx);
}

void RestApi::list_directory_entries(Call& call) {
  list_page(call, [&](const std::string& cursor, std::size_t limit) {
    return app_.engine().contacts().directory_entries_after(call.who.tenant_id, cursor, limit,
                                                            search_filter(call.request));
  });
}

void RestApi::get_directory_entry(Call& call) {
  const auto* e = app_.engine().contacts().directory_entry(call.who.tenant_id, call.params[0]);
  if (e == nullptr) return fail(call, core::not_found("directory entry"));
  reply(call, 200, proto::to_json(*e), e->version);
}

void RestApi::patch_directory_entry(Call& call) {
  auto precondition = if_match(call);
  if (!precondition) return;
  auto b = body(call);
  if (!b) return;
  const auto* current =
      app_.engine().contacts().directory_entry(call.who.tenant_id, call.params[0]);
  if (current == nullptr) return fail(call, core::not_found("directory entry"));
  if (auto r = core::stale(current->version, *precondition)) return fail(call, *r);
  proto::FieldErrors errors;
  auto next = proto::parse_directory_entry(*b, errors, *current, /*creating=*/false);
  if (!next) return fail_fields(call, errors);
  if (auto bad = proto::normalize_number(*next)) return fail(call, *bad);
  core::Effects fx;
  conclude(call, 200,
           app_.engine().contacts().replace_directory_entry(std::move(*next), *precondition, fx),
           fx);
}

void RestApi::delete_directory_entry(Call& call) {
  auto precondition = if_match(call);
  if (!precondition) return;
  core::Effects fx;
  conclude_deleted(call,
                   app_.engine().contacts().delete_directory_entry(
                       call.who.tenant_id, call.params[0], *precondition, fx),
                   fx);
}

}  // namespace ccr::server
