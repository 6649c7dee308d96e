// RestApi::conclude, shared by the resource handlers: apply the change's effects and answer with
// the entity as JSON, or answer the rejection. io thread only.
#pragma once

#include "proto/rest_json.hpp"
#include "server/app.hpp"
#include "server/rest_api.hpp"

namespace ccr::server {

template <typename T>
void RestApi::conclude(Call& call, int status, core::Result<T> result, core::Effects& fx) {
  if (!result) return fail(call, result.rejection());
  app_.apply(fx);
  reply(call, status, proto::to_json(result.value()), result.value().version);
}

}  // namespace ccr::server
