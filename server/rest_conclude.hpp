// RestApi::conclude, shared by the resource handlers: apply the change's effects and answer with
// the entity as JSON, or answer the rejection. io thread only.
#pragma once

#include "proto/contact_book_json.hpp"
#include "proto/rest_json.hpp"
#include "proto/routing_json.hpp"
#include "server/app.hpp"
#include "server/rest_api.hpp"

namespace ccr::server {

template <typename T>
void RestApi::conclude(Call& call, int status, core::Result<T> result, core::Effects& fx) {
  if (!result) return fail(call, result.rejection());
  app_.apply(fx);
  reply(call, status, proto::to_json(result.value()), result.value().version);
}

// Answers one page of a collection: `fetch(cursor, limit)` returns the entities after the
// cursor, each rendered with proto::to_json.
template <typename Fetch>
void RestApi::list_page(Call& call, Fetch fetch) {
  auto p = page(call);
  if (!p) return;
  nlohmann::json items = nlohmann::json::array();
  std::string last;
  for (const auto* entity : fetch(p->first, p->second)) {
    items.push_back(proto::to_json(*entity));
    last = entity->id;
  }
  reply(call, 200, page_body(std::move(items), last, p->second));
}

}  // namespace ccr::server
