// The REST front door: matches a request to its route, authenticates the bearer token, checks the
// caller's role, parses the body without throwing, handles Idempotency-Key and If-Match, and
// answers with JSON or application/problem+json once the change is durable. Resource handlers
// live in rest_tenants.cpp, rest_directory.cpp, rest_routing.cpp, rest_contact_book.cpp,
// rest_contacts.cpp and rest_reports.cpp. io thread only.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/effects.hpp"
#include "core/interaction.hpp"
#include "core/model.hpp"
#include "core/patches.hpp"
#include "core/rejection.hpp"
#include "proto/json_input.hpp"
#include "server/http_types.hpp"
#include "server/report_reader.hpp"

namespace ccr::server {

class App;

class RestApi {
 public:
  explicit RestApi(App& app);
  void handle(HttpRequest request, Responder respond);

  // One request being served: what the handlers read and how they answer.
  struct Call {
    HttpRequest request;
    core::Principal who;
    std::vector<std::string> params;  // the {id} segments of the route, in order
    Responder respond;
    std::string idempotency_key;          // set when the reply is to be remembered under it
    std::string idempotency_fingerprint;  // the request the key was first used for
  };

 private:
  using Handler = void (RestApi::*)(Call&);
  struct Route {
    std::string method;
    std::vector<std::string> segments;  // "{}" matches one id segment
    std::vector<core::Role> roles;
    Handler handler;
  };

  // The route for the request's method and path; `allowed` lists the methods the path has.
  const Route* route(const HttpRequest& request, std::vector<std::string>& params,
                     std::string& allowed) const;
  void add(std::string method, const std::string& pattern, std::vector<core::Role> roles,
           Handler handler);
  void serve_ops(const HttpRequest& request, const Responder& respond);
  // Sends a response, counting a problem's code in the error metrics.
  void answer(const Responder& respond, HttpResponse response);

  // Answers.
  void reply(Call& call, int status, const nlohmann::json& body,
             std::optional<std::uint64_t> version = std::nullopt);
  // `body` is a JSON object's text without secrets (kept as is for an Idempotency-Key replay).
  void reply_text(Call& call, int status, std::string body);
  // Answers once the change is durable; `kept` is what an Idempotency-Key replay answers.
  void send_reply(Call& call, int status, std::string body, std::optional<std::uint64_t> version,
                  std::string kept);
  void reply_empty(Call& call);
  void fail(Call& call, const core::Rejection& rejection);
  void fail_fields(Call& call, const proto::FieldErrors& errors);

  // Applies the effects of a successful change and answers with the entity (and its ETag), or
  // answers the rejection.
  template <typename T>
  void conclude(Call& call, int status, core::Result<T> result, core::Effects& fx);
  template <typename Fetch>
  void list_page(Call& call, Fetch fetch);
  void conclude_deleted(Call& call, const core::Status& result, core::Effects& fx);

  // Request helpers.
  std::optional<nlohmann::json> body(Call& call);
  // The {"name"} body of tenants, teams and codes; answers the error itself.
  std::optional<std::string> name_body(Call& call);
  std::optional<core::IfMatch> if_match(Call& call);
  std::optional<std::pair<std::string, std::size_t>> page(Call& call);
  nlohmann::json page_body(nlohmann::json items, const std::string& last_id, std::size_t limit);

  // Resources (rest_tenants.cpp).
  void create_tenant(Call& call);
  void list_tenants(Call& call);
  void get_tenant(Call& call);
  void patch_tenant(Call& call);
  void delete_tenant(Call& call);
  void get_settings(Call& call);
  void patch_settings(Call& call);
  void create_token(Call& call);
  void list_tokens(Call& call);
  void delete_token(Call& call);
  void create_agent_token(Call& call);
  std::string issue_token(Call& call, core::Role role, const std::string& agent_id,
                          nlohmann::json& out);

  // Resources (rest_directory.cpp).
  void create_team(Call& call);
  void list_teams(Call& call);
  void get_team(Call& call);
  void patch_team(Call& call);
  void delete_team(Call& call);
  void create_agent(Call& call);
  void list_agents(Call& call);
  void get_agent(Call& call);
  void patch_agent(Call& call);
  void delete_agent(Call& call);
  void create_idle_code(Call& call);
  void list_idle_codes(Call& call);
  void get_idle_code(Call& call);
  void patch_idle_code(Call& call);
  void delete_idle_code(Call& call);
  void create_wrapup_code(Call& call);
  void list_wrapup_codes(Call& call);
  void get_wrapup_code(Call& call);
  void patch_wrapup_code(Call& call);
  void delete_wrapup_code(Call& call);
  void create_code(Call& call, core::CodeKind kind);
  void list_codes(Call& call, core::CodeKind kind);
  void get_code(Call& call, core::CodeKind kind);
  void patch_code(Call& call, core::CodeKind kind);
  void delete_code(Call& call, core::CodeKind kind);

  // Resources (rest_routing.cpp).
  void create_queue(Call& call);
  void list_queues(Call& call);
  void get_queue(Call& call);
  void patch_queue(Call& call);
  void delete_queue(Call& call);
  void create_entry_point(Call& call);
  void list_entry_points(Call& call);
  void get_entry_point(Call& call);
  void patch_entry_point(Call& call);
  void delete_entry_point(Call& call);

  // Address book and organisation directory (rest_contact_book.cpp).
  void create_address_entry(Call& call);
  void list_address_entries(Call& call);
  void get_address_entry(Call& call);
  void patch_address_entry(Call& call);
  void delete_address_entry(Call& call);
  void create_directory_entry(Call& call);
  void list_directory_entries(Call& call);
  void get_directory_entry(Call& call);
  void patch_directory_entry(Call& call);
  void delete_directory_entry(Call& call);

  // Telephony side and interactions (rest_contacts.cpp).
  void create_contact(Call& call);
  void contact_event(Call& call);
  void device_event(Call& call);
  void fail_next_command(Call& call);
  nlohmann::json interaction_json(const core::Interaction& it);

  // Reporting, read through the ReportReader (rest_reports.cpp).
  void list_interactions(Call& call);
  void get_interaction(Call& call);
  // The interaction view plus what a report adds: id, agent_id, wrapup_code_id.
  nlohmann::json report_json(const core::Interaction& it);
  // Logs why a report failed and answers 500 internal.
  ReportReader::Failure report_failed(const std::shared_ptr<Call>& held);
  // 503 when the reader is not running (loading or draining).
  void reports_unavailable(Call& call);

  App& app_;
  std::vector<Route> routes_;
};

// The HTTP status of a rejection.
int http_status(core::Reason reason);
// 401 with `WWW-Authenticate: Bearer`.
HttpResponse unauthenticated_problem();
// An application/problem+json response.
HttpResponse problem(int status, std::string_view code, const std::string& detail,
                     const nlohmann::json& extra = nlohmann::json::object());

}  // namespace ccr::server
