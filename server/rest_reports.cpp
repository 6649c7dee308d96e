// REST reporting on interactions: `GET /v1/interactions` (filters, cursor pagination) and
// `GET /v1/interactions/{id}` with its event history. Both read committed state through the
// ReportReader (its own thread and read-only connection), never SQLite on the io thread; since an
// acknowledgement waits for the commit, a read after an ack sees the change.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <memory>

#include "core/names.hpp"
#include "proto/interaction_json.hpp"
#include "proto/time_format.hpp"
#include "server/app.hpp"
#include "server/rest_api.hpp"
#include "storage/event_reader.hpp"
#include "storage/interaction_reader.hpp"

namespace ccr::server {
namespace {

using nlohmann::json;

constexpr std::size_t kDefaultLimit = 50;
constexpr std::size_t kMaxIdChars = 256;
// The history of one interaction is cut here (and says so); a normal one has a dozen events.
constexpr std::size_t kMaxHistory = 1000;

constexpr core::Phase kPhases[] = {core::Phase::Queued, core::Phase::Offered, core::Phase::Active,
                                   core::Phase::WrapUp, core::Phase::Ended};

std::optional<core::Phase> phase_named(std::string_view name) {
  for (const auto phase : kPhases) {
    if (core::name_of(phase) == name) return phase;
  }
  return std::nullopt;
}

// RFC 3339 with `Z` or a numeric offset (`+02:00`, `-0530` is refused). A `+` that arrived
// unencoded in the query string was decoded as a space; that is read back as `+`.
std::optional<core::Time> parse_rfc3339(std::string text) {
  if (!text.empty() && text.back() == 'z') text.back() = 'Z';
  if (!text.empty() && text.back() == 'Z') return proto::parse_time(text);
  constexpr std::size_t kOffset = 6;  // "+HH:MM"
  if (text.size() <= kOffset) return std::nullopt;
  const std::string offset = text.substr(text.size() - kOffset);
  const char sign = offset[0] == ' ' ? '+' : offset[0];
  if ((sign != '+' && sign != '-') || offset[3] != ':') return std::nullopt;
  for (const std::size_t i : {1, 2, 4, 5}) {
    if (std::isdigit(static_cast<unsigned char>(offset[i])) == 0) return std::nullopt;
  }
  const int hours = (offset[1] - '0') * 10 + (offset[2] - '0');
  const int minutes = (offset[4] - '0') * 10 + (offset[5] - '0');
  if (hours > 23 || minutes > 59) return std::nullopt;
  auto local = proto::parse_time(text.substr(0, text.size() - kOffset) + "Z");
  if (!local) return std::nullopt;
  const core::Duration shift = std::chrono::hours(hours) + std::chrono::minutes(minutes);
  return sign == '+' ? *local - shift : *local + shift;
}

// What GET /v1/interactions/{id} reads in one read transaction.
struct InteractionReport {
  std::optional<core::Interaction> interaction;
  std::vector<storage::StoredEvent> history;
  bool truncated = false;
  std::string error;  // set when the read failed
};

// Reader thread: the interaction and its events, as of one snapshot of the database.
InteractionReport read_report(storage::Database& db, const std::string& tenant_id,
                              const std::string& id) {
  InteractionReport report;
  if (db.exec("BEGIN") != SQLITE_OK) {
    report.error = "cannot begin a read: " + db.last_error();
    return report;
  }
  auto found = storage::read_interaction(db, tenant_id, id);
  if (!found.ok()) {
    report.error = "reading interaction " + id + ": " + found.error;
  } else if (found.interaction) {
    auto events = storage::read_events(db, tenant_id, {"", id, 0, kMaxHistory + 1});
    if (!events.ok()) {
      report.error = "reading the history of " + id + ": " + events.error;
    } else {
      report.interaction = std::move(found.interaction);
      report.truncated = events.events.size() > kMaxHistory;
      if (report.truncated) events.events.resize(kMaxHistory);
      report.history = std::move(events.events);
    }
  }
  db.exec("ROLLBACK");  // a read transaction: nothing to keep, and failure here changes nothing
  return report;
}

json history_json(const std::vector<storage::StoredEvent>& events) {
  json out = json::array();
  for (const auto& e : events) {
    json fields = json::object();
    for (const auto& [name, value] : e.fields) fields[name] = value;
    out.push_back({{"seq", e.seq},
                   {"at", proto::format_time(e.at)},
                   {"type", e.type},
                   {"agent_id", e.agent_id.empty() ? json(nullptr) : json(e.agent_id)},
                   {"fields", std::move(fields)}});
  }
  return out;
}

}  // namespace

json RestApi::report_json(const core::Interaction& it) {
  json out = interaction_json(it);
  out["id"] = it.id;
  out["agent_id"] = it.agent_id.empty() ? json(nullptr) : json(it.agent_id);
  out["wrapup_code_id"] = it.wrapup_code_id.empty() ? json(nullptr) : json(it.wrapup_code_id);
  return out;
}

ReportReader::Failure RestApi::report_failed(const std::shared_ptr<Call>& held) {
  return [this, held](const std::string& why) {
    spdlog::error("report {} {} failed: {}", held->request.method, held->request.path, why);
    fail(*held, {core::Reason::Internal, "the report could not be read"});
  };
}

void RestApi::reports_unavailable(Call& call) {
  auto r = problem(503, "unavailable", "reporting is not available right now");
  r.headers.emplace_back("Retry-After", "1");
  answer(call.respond, std::move(r));
}

void RestApi::list_interactions(Call& call) {
  const auto& q = call.request.query;
  proto::FieldErrors errors;
  storage::InteractionFilter filter;
  filter.limit = kDefaultLimit;
  for (const auto& [name, value] : q) {
    if (name == "phase") {
      filter.phase = phase_named(value);
      if (!filter.phase) errors.add(name, "must be Queued, Offered, Active, WrapUp or Ended");
    } else if (name == "channel") {
      filter.channel = core::channel_named(value);
      if (!filter.channel) errors.add(name, "must be voice, chat, email or social");
    } else if (name == "queue_id" || name == "agent_id") {
      if (value.empty() || value.size() > kMaxIdChars) {
        errors.add(name, "must be an id of 1 to " + std::to_string(kMaxIdChars) + " characters");
      } else {
        (name == "queue_id" ? filter.queue_id : filter.agent_id) = value;
      }
    } else if (name == "created_from" || name == "created_to") {
      auto at = parse_rfc3339(value);
      if (!at) {
        errors.add(name, "must be an RFC 3339 time such as 2026-11-24T06:30:00.123Z");
      } else {
        (name == "created_from" ? filter.created_from : filter.created_to) = at;
      }
    } else if (name == "limit") {
      const auto max = app_.config().limits.page_size_max;
      const bool digits =
          !value.empty() && value.size() <= 6 && std::all_of(value.begin(), value.end(), ::isdigit);
      const auto n = digits ? std::stoul(value) : 0;
      if (n == 0 || n > max) {
        errors.add(name, "must be between 1 and " + std::to_string(max));
      } else {
        filter.limit = n;
      }
    } else if (name == "cursor") {
      if (!storage::decode_interaction_cursor(value)) {
        errors.add(name, "is not a cursor this server returned");
      } else {
        filter.after_cursor = value;
      }
    } else {
      errors.add(name, "unknown query parameter");
    }
  }
  if (filter.created_from && filter.created_to && *filter.created_to <= *filter.created_from) {
    errors.add("created_to", "must be after created_from");
  }
  if (!errors.empty()) return fail_fields(call, errors);

  const auto tenant_id = call.who.tenant_id;
  auto held = std::make_shared<Call>(call);
  const bool queued = app_.reports().submit(
      [tenant_id, filter](storage::Database& db) {
        return storage::list_interactions(db, tenant_id, filter);
      },
      [this, held](const storage::InteractionPage& page) {
        if (!page.ok()) {
          return report_failed(held)("listing interactions (" + std::to_string(page.rc) +
                                     "): " + page.error);
        }
        json items = json::array();
        for (const auto& it : page.items) items.push_back(report_json(it));
        reply(*held, 200,
              {{"items", std::move(items)},
               {"next_cursor", page.next_cursor.empty() ? json(nullptr) : json(page.next_cursor)}});
      },
      report_failed(held));
  if (!queued) reports_unavailable(call);
}

void RestApi::get_interaction(Call& call) {
  const auto tenant_id = call.who.tenant_id;
  const auto id = call.params[0];
  auto held = std::make_shared<Call>(call);
  const bool queued = app_.reports().submit(
      [tenant_id, id](storage::Database& db) { return read_report(db, tenant_id, id); },
      [this, held](const InteractionReport& report) {
        if (!report.error.empty()) return report_failed(held)(report.error);
        // Another tenant's id reads exactly like an unknown one.
        if (!report.interaction) {
          return fail(*held, {core::Reason::NotFound, "interaction not found"});
        }
        json body = report_json(*report.interaction);
        body["history"] = history_json(report.history);
        if (report.truncated) body["history_truncated"] = true;
        reply(*held, 200, body);
      },
      report_failed(held));
  if (!queued) reports_unavailable(call);
}

}  // namespace ccr::server
