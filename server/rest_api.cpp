#include "server/rest_api.hpp"

#include <algorithm>

#include "core/names.hpp"
#include "proto/rest_json.hpp"
#include "server/app.hpp"
#include "server/token_crypto.hpp"

namespace ccr::server {
namespace {

using core::Role;
using nlohmann::json;

constexpr std::size_t kDefaultPage = 50;
constexpr std::size_t kMaxIdempotencyKey = 255;

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 1;
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto end = slash == std::string::npos ? path.size() : slash;
    out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  if (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

}  // namespace

int http_status(core::Reason reason) {
  using R = core::Reason;
  switch (reason) {
    case R::Unauthenticated:
      return 401;
    case R::Forbidden:
      return 403;
    case R::NotFound:
      return 404;
    case R::ValidationFailed:
    case R::InvalidDialNumber:
      return 400;
    case R::PreconditionFailed:
      return 412;
    case R::TooLarge:
      return 413;
    case R::RateLimited:
      return 429;
    case R::Internal:
      return 500;
    case R::CallCapReached:
    case R::QueueFull:
    case R::Closed:
      return 503;
    default:
      return 409;
  }
}

HttpResponse unauthenticated_problem() {
  auto r = problem(401, "unauthenticated", "a valid bearer token is required");
  r.headers.emplace_back("WWW-Authenticate", "Bearer");
  return r;
}

HttpResponse problem(int status, std::string_view code, const std::string& detail,
                     const json& extra) {
  json body = extra.is_object() ? extra : json::object();
  body["type"] = "urn:ccrouter:problem:" + std::string(code);
  body["title"] = std::string(code);
  body["status"] = status;
  body["detail"] = detail;
  body["code"] = std::string(code);
  HttpResponse r;
  r.status = status;
  r.content_type = "application/problem+json";
  r.body = body.dump();
  return r;
}

RestApi::RestApi(App& app) : app_(app) {
  const std::vector<Role> server_admin{Role::ServerAdmin};
  const std::vector<Role> admin{Role::Admin};
  const std::vector<Role> readers{Role::Admin, Role::Supervisor};
  const std::vector<Role> anyone{Role::Admin, Role::Supervisor, Role::Agent, Role::Telephony,
                                 Role::Web};

  add("POST", "/v1/tenants", server_admin, &RestApi::create_tenant);
  add("GET", "/v1/tenants", server_admin, &RestApi::list_tenants);
  add("GET", "/v1/tenants/{}", server_admin, &RestApi::get_tenant);
  add("PATCH", "/v1/tenants/{}", server_admin, &RestApi::patch_tenant);
  add("DELETE", "/v1/tenants/{}", server_admin, &RestApi::delete_tenant);
  add("GET", "/v1/settings", anyone, &RestApi::get_settings);
  add("PATCH", "/v1/settings", admin, &RestApi::patch_settings);  // AS6: admins only
  add("POST", "/v1/tokens", admin, &RestApi::create_token);
  add("GET", "/v1/tokens", admin, &RestApi::list_tokens);
  add("DELETE", "/v1/tokens/{}", admin, &RestApi::delete_token);

  add("POST", "/v1/teams", admin, &RestApi::create_team);
  add("GET", "/v1/teams", readers, &RestApi::list_teams);
  add("GET", "/v1/teams/{}", readers, &RestApi::get_team);
  add("PATCH", "/v1/teams/{}", admin, &RestApi::patch_team);
  add("DELETE", "/v1/teams/{}", admin, &RestApi::delete_team);
  add("POST", "/v1/agents", admin, &RestApi::create_agent);
  add("GET", "/v1/agents", readers, &RestApi::list_agents);
  add("GET", "/v1/agents/{}", readers, &RestApi::get_agent);
  add("PATCH", "/v1/agents/{}", admin, &RestApi::patch_agent);
  add("DELETE", "/v1/agents/{}", admin, &RestApi::delete_agent);
  add("POST", "/v1/agents/{}/tokens", admin, &RestApi::create_agent_token);
  add("POST", "/v1/idle-codes", admin, &RestApi::create_idle_code);
  add("GET", "/v1/idle-codes", readers, &RestApi::list_idle_codes);
  add("GET", "/v1/idle-codes/{}", readers, &RestApi::get_idle_code);
  add("PATCH", "/v1/idle-codes/{}", admin, &RestApi::patch_idle_code);
  add("DELETE", "/v1/idle-codes/{}", admin, &RestApi::delete_idle_code);
  add("POST", "/v1/wrapup-codes", admin, &RestApi::create_wrapup_code);
  add("GET", "/v1/wrapup-codes", readers, &RestApi::list_wrapup_codes);
  add("GET", "/v1/wrapup-codes/{}", readers, &RestApi::get_wrapup_code);
  add("PATCH", "/v1/wrapup-codes/{}", admin, &RestApi::patch_wrapup_code);
  add("DELETE", "/v1/wrapup-codes/{}", admin, &RestApi::delete_wrapup_code);
  add("POST", "/v1/queues", admin, &RestApi::create_queue);
  add("GET", "/v1/queues", readers, &RestApi::list_queues);
  add("GET", "/v1/queues/{}", readers, &RestApi::get_queue);
  add("PATCH", "/v1/queues/{}", admin, &RestApi::patch_queue);
  add("DELETE", "/v1/queues/{}", admin, &RestApi::delete_queue);
  add("POST", "/v1/entry-points", admin, &RestApi::create_entry_point);
  add("GET", "/v1/entry-points", readers, &RestApi::list_entry_points);
  add("GET", "/v1/entry-points/{}", readers, &RestApi::get_entry_point);
  add("PATCH", "/v1/entry-points/{}", admin, &RestApi::patch_entry_point);
  add("DELETE", "/v1/entry-points/{}", admin, &RestApi::delete_entry_point);
  add("POST", "/v1/address-book", admin, &RestApi::create_address_entry);
  add("GET", "/v1/address-book", readers, &RestApi::list_address_entries);
  add("GET", "/v1/address-book/{}", readers, &RestApi::get_address_entry);
  add("PATCH", "/v1/address-book/{}", admin, &RestApi::patch_address_entry);
  add("DELETE", "/v1/address-book/{}", admin, &RestApi::delete_address_entry);
  add("POST", "/v1/directory", admin, &RestApi::create_directory_entry);
  add("GET", "/v1/directory", readers, &RestApi::list_directory_entries);
  add("GET", "/v1/directory/{}", readers, &RestApi::get_directory_entry);
  add("PATCH", "/v1/directory/{}", admin, &RestApi::patch_directory_entry);
  add("DELETE", "/v1/directory/{}", admin, &RestApi::delete_directory_entry);

  const std::vector<Role> telephony{Role::Telephony, Role::Admin};
  add("POST", "/v1/contacts", telephony, &RestApi::create_contact);
  add("POST", "/v1/contacts/{}/events", telephony, &RestApi::contact_event);
  add("POST", "/v1/devices/{}/events", telephony, &RestApi::device_event);
  add("POST", "/v1/telephony/simulated/failures", telephony, &RestApi::fail_next_command);
  add("GET", "/v1/interactions", readers, &RestApi::list_interactions);
  add("GET", "/v1/interactions/{}", readers, &RestApi::get_interaction);
}

void RestApi::add(std::string method, const std::string& pattern, std::vector<Role> roles,
                  Handler handler) {
  routes_.push_back({std::move(method), split_path(pattern), std::move(roles), handler});
}

void RestApi::serve_ops(const HttpRequest& request, const Responder& respond) {
  HttpResponse r;
  if (request.path == "/healthz") {
    r.body = R"({"status":"ok"})";
  } else if (request.path == "/readyz") {
    const bool ready = app_.ready();
    r.status = ready ? 200 : 503;
    r.body = ready ? R"({"status":"ready"})"
                   : (app_.draining() ? R"({"status":"draining"})" : R"({"status":"loading"})");
  } else {
    r.content_type = "text/plain; version=0.0.4";
    r.body = app_.metrics().render();
  }
  respond(std::move(r));
}

void RestApi::answer(const Responder& respond, HttpResponse response) {
  if (response.content_type == "application/problem+json") {
    auto parsed = json::parse(response.body, nullptr, false);
    if (parsed.is_object() && parsed.contains("code") && parsed["code"].is_string()) {
      app_.metrics().error(parsed["code"].get<std::string>());
    }
  }
  respond(std::move(response));
}

const RestApi::Route* RestApi::route(const HttpRequest& request, std::vector<std::string>& params,
                                     std::string& allowed) const {
  const auto segments = split_path(request.path);
  for (const auto& route : routes_) {
    if (route.segments.size() != segments.size()) continue;
    std::vector<std::string> found;
    bool same = true;
    for (std::size_t i = 0; i < segments.size() && same; ++i) {
      if (route.segments[i] == "{}") {
        same = !segments[i].empty();
        found.push_back(segments[i]);
      } else {
        same = route.segments[i] == segments[i];
      }
    }
    if (!same) continue;
    allowed += (allowed.empty() ? "" : ", ") + route.method;
    if (route.method == request.method) {
      params = std::move(found);
      return &route;
    }
  }
  return nullptr;
}

void RestApi::handle(HttpRequest request, Responder respond) {
  if (request.path == "/healthz" || request.path == "/readyz" || request.path == "/metrics") {
    if (request.method != "GET" && request.method != "HEAD") {
      auto r = problem(405, "method_not_allowed", "use GET");
      r.headers.emplace_back("Allow", "GET, HEAD");
      return answer(respond, std::move(r));
    }
    return serve_ops(request, respond);
  }
  if (!app_.ready()) {
    auto r =
        problem(503, "unavailable",
                app_.draining() ? "the server is shutting down" : "the server is still loading");
    r.headers.emplace_back("Retry-After", "1");
    return answer(respond, std::move(r));
  }
  std::vector<std::string> params;
  std::string allowed;
  const Route* match = route(request, params, allowed);
  if (match == nullptr && allowed.empty()) {
    return answer(respond, problem(404, "not_found", "no such resource"));
  }
  if (match == nullptr) {
    auto r = problem(405, "method_not_allowed", "allowed here: " + allowed);
    r.headers.emplace_back("Allow", allowed);
    return answer(respond, std::move(r));
  }
  const auto who = app_.authenticate(bearer_token(request.authorization));
  if (!who) return answer(respond, unauthenticated_problem());
  if (std::find(match->roles.begin(), match->roles.end(), who->role) == match->roles.end()) {
    return answer(respond, problem(403, "forbidden", "this token's role may not do this"));
  }
  Call call{std::move(request), *who, std::move(params), std::move(respond), {}, {}};
  const auto& key = call.request.idempotency_key;
  if (call.request.method == "POST" && !key.empty()) {
    if (key.size() > kMaxIdempotencyKey) {
      return fail(call,
                  core::Rejection::invalid_field("Idempotency-Key", "at most 255 characters"));
    }
    const auto fingerprint =
        hash_token(call.request.method + " " + call.request.path + "\n" + call.request.body);
    const auto found = app_.idempotency().find(who->tenant_id, key, fingerprint, app_.now());
    using V = IdempotencyCache::Verdict;
    if (found.verdict == V::Replay) {
      HttpResponse r{found.stored->status, found.stored->content_type, found.stored->body, {}};
      r.headers.emplace_back("Idempotent-Replayed", "true");
      app_.after_commit([respond = call.respond, r] { respond(r); });
      return;
    }
    if (found.verdict == V::Reused) {
      return answer(call.respond, problem(422, "idempotency_key_reused",
                                          "this Idempotency-Key was used for a different request"));
    }
    call.idempotency_key = key;
    call.idempotency_fingerprint = fingerprint;
  }
  (this->*(match->handler))(call);
}

void RestApi::reply(Call& call, int status, const json& body,
                    std::optional<std::uint64_t> version) {
  std::string kept;
  if (!call.idempotency_key.empty()) {
    // Secrets are shown once: a replay gets the same resource with its secret withheld.
    json copy = body;
    for (const char* secret : {"token", "admin_token"}) {
      if (copy.contains(secret)) {
        copy[secret] = nullptr;
        copy["secret_withheld"] = true;
      }
    }
    kept = copy.dump();
  }
  send_reply(call, status, body.dump(), version, std::move(kept));
}

void RestApi::reply_text(Call& call, int status, std::string body) {
  std::string kept = call.idempotency_key.empty() ? std::string() : body;
  send_reply(call, status, std::move(body), std::nullopt, std::move(kept));
}

void RestApi::send_reply(Call& call, int status, std::string body,
                         std::optional<std::uint64_t> version, std::string kept) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  if (version) r.headers.emplace_back("ETag", "\"" + std::to_string(*version) + "\"");
  if (!call.idempotency_key.empty()) {
    app_.persist(app_.idempotency().remember({call.who.tenant_id, call.idempotency_key,
                                              call.idempotency_fingerprint, status, std::move(kept),
                                              r.content_type, app_.now()}));
  }
  app_.after_commit([respond = call.respond, r = std::move(r)] { respond(r); });
}

void RestApi::reply_empty(Call& call) {
  app_.after_commit([respond = call.respond] {
    HttpResponse r;
    r.status = 204;
    r.content_type.clear();
    respond(std::move(r));
  });
}

void RestApi::fail(Call& call, const core::Rejection& rejection) {
  const auto code = core::name_of(rejection.reason);
  json extra = json::object();
  if (!rejection.errors.empty()) {
    extra["errors"] = json::array();
    for (const auto& e : rejection.errors) {
      extra["errors"].push_back({{"field", e.field}, {"message", e.message}});
    }
  }
  if (!rejection.current_state.empty()) extra["state"] = rejection.current_state;
  if (!rejection.scope.empty()) extra["scope"] = rejection.scope;
  auto r = problem(http_status(rejection.reason), code, rejection.message, extra);
  app_.after_commit([this, respond = call.respond, r = std::move(r)]() mutable {
    answer(respond, std::move(r));
  });
}

void RestApi::fail_fields(Call& call, const proto::FieldErrors& errors) {
  core::Rejection r{core::Reason::ValidationFailed, "validation failed", {}, {}};
  for (const auto& e : errors.items()) r.errors.push_back({e.field, e.message});
  fail(call, r);
}

void RestApi::conclude_deleted(Call& call, const core::Status& result, core::Effects& fx) {
  if (!result) return fail(call, result.rejection());
  app_.apply(fx);
  reply_empty(call);
}

std::optional<std::string> RestApi::name_body(Call& call) {
  auto b = body(call);
  if (!b) return std::nullopt;
  proto::FieldErrors errors;
  auto name = proto::parse_name_body(*b, errors);
  if (!name) fail_fields(call, errors);
  return name;
}

std::optional<json> RestApi::body(Call& call) {
  const auto& limits = app_.config().limits;
  auto parsed = proto::parse_untrusted_json(call.request.body, limits.http_max_body_bytes,
                                            limits.json_max_depth);
  if (!parsed.ok()) {
    const auto reason = parsed.error->kind == proto::JsonErrorKind::TooLarge
                            ? core::Reason::TooLarge
                            : core::Reason::ValidationFailed;
    fail(call,
         core::Rejection{reason, parsed.error->message, {{"body", parsed.error->message}}, {}});
    return std::nullopt;
  }
  return std::move(parsed.value);
}

std::optional<core::IfMatch> RestApi::if_match(Call& call) {
  std::string v = call.request.if_match;
  if (v.empty() || v == "*") return core::IfMatch{};
  if (v.rfind("W/", 0) == 0) v = v.substr(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  if (v.empty() || v.size() > 19 || !std::all_of(v.begin(), v.end(), ::isdigit)) {
    fail(call,
         core::Rejection{core::Reason::PreconditionFailed, "If-Match names no version", {}, {}});
    return std::nullopt;
  }
  return core::IfMatch{std::stoull(v)};
}

std::optional<std::pair<std::string, std::size_t>> RestApi::page(Call& call) {
  const auto& q = call.request.query;
  std::size_t limit = kDefaultPage;
  if (auto it = q.find("limit"); it != q.end()) {
    const auto& v = it->second;
    const auto max = app_.config().limits.page_size_max;
    if (v.empty() || v.size() > 6 || !std::all_of(v.begin(), v.end(), ::isdigit) ||
        std::stoul(v) == 0 || std::stoul(v) > max) {
      fail(call,
           core::Rejection::invalid_field("limit", "must be between 1 and " + std::to_string(max)));
      return std::nullopt;
    }
    limit = std::stoul(v);
  }
  auto it = q.find("cursor");
  return std::make_pair(it == q.end() ? std::string{} : it->second, limit);
}

json RestApi::page_body(json items, const std::string& last_id, std::size_t limit) {
  const bool full = items.size() == limit;
  return {{"items", std::move(items)}, {"next_cursor", full ? json(last_id) : json(nullptr)}};
}

}  // namespace ccr::server
