#include "result_table.hpp"

#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace ccr::bench {
namespace {

using nlohmann::json;

enum class Goal { None, AtMost, RatioAtLeast };

struct Row {
  const char* label;
  const char* figure;
  const char* title;
  Goal goal = Goal::None;
  double bound = 0;
};

// The table's rows, in order; a row whose label did not run is left out.
const std::vector<Row>& rows() {
  static const std::vector<Row> table = {
      {"offer-only", "offers_per_s", "Offer-only throughput (contacts/s)", Goal::RatioAtLeast, 0.5},
      {"offer-only", "offer_p99_ms", "Offer-only latency p99, closed loop (ms)"},
      {"lifecycle", "lifecycles_per_s", "Full lifecycle throughput (contacts/s)"},
      {"latency-1k", "offer_p50_ms", "Offer latency p50 at 1,000/s (ms)"},
      {"latency-1k", "offer_p99_ms", "Offer latency p99 at 1,000/s (ms)"},
      {"latency-1k", "offer_p999_ms", "Offer latency p99.9 at 1,000/s (ms)"},
      {"latency-1k", "offers_per_s", "Offers made at 1,000/s offered (contacts/s)"},
      {"latency-5k", "offer_p50_ms", "Offer latency p50 at 5,000/s (ms)"},
      {"latency-5k", "offer_p99_ms", "Offer latency p99 at 5,000/s (ms)", Goal::AtMost, 5},
      {"latency-5k", "offer_p999_ms", "Offer latency p99.9 at 5,000/s (ms)"},
      {"latency-5k", "offers_per_s", "Offers made at 5,000/s offered (contacts/s)"},
      {"memory", "kib_per_agent", "Memory per idle connected agent (KiB)", Goal::AtMost, 32},
      {"restart", "ready_ms", "Restart to ready after SIGTERM (ms)", Goal::AtMost, 2000},
      {"restart", "ready_after_kill_ms", "Restart to ready after kill -9 (ms)", Goal::AtMost, 2000},
      {"ring", "lateness_p50_ms", "Ring timeout lateness p50 (ms)"},
      {"ring", "lateness_p99_ms", "Ring timeout lateness p99 (ms)", Goal::AtMost, 10},
      {"echo", "round_trips_per_s", "WebSocket round trips (per s)"},
      {"echo", "round_trip_p99_ms", "WebSocket round trip p99 (ms)"},
  };
  return table;
}

std::string format(std::optional<double> v) {
  if (!v) return "—";
  char text[32];
  std::snprintf(text, sizeof text, *v >= 100 ? "%.0f" : "%.2f", *v);
  return text;
}

std::optional<double> figure(const std::map<std::string, json>& results, const std::string& key,
                             const char* name) {
  const auto it = results.find(key);
  if (it == results.end()) return std::nullopt;
  const auto& f = it->second["figures"];
  if (!f.contains(name) || !f[name].is_number()) return std::nullopt;  // NaN is written as null
  return f[name].get<double>();
}

// The conditions a result ran under, from its own figures ("1000 agents, 5000/s").
std::string conditions(const std::map<std::string, json>& results, const std::string& key) {
  const auto it = results.find(key);
  if (it == results.end()) return "";
  const auto& f = it->second["figures"];
  std::string text;
  const auto add = [&](const char* name, const char* unit) {
    if (!f.contains(name) || !f[name].is_number()) return;
    if (!text.empty()) text += ", ";
    char number[32];
    std::snprintf(number, sizeof number, "%.0f", f[name].get<double>());
    text += number;
    text += unit;
  };
  add("agents", " agents");
  add("contacts", " contacts");
  add("rate_per_s", "/s");
  add("open_interactions", " open interactions");
  add("rona_timeout_ms", " ms ring timeout");
  return text;
}

std::string goal_text(const Row& r) {
  char text[48];
  switch (r.goal) {
    case Goal::None:
      return "";
    case Goal::AtMost:
      std::snprintf(text, sizeof text, "≤ %g", r.bound);
      return text;
    case Goal::RatioAtLeast:
      std::snprintf(text, sizeof text, "ratio ≥ %g", r.bound);
      return text;
  }
  return "";
}

std::optional<bool> met(const Row& r, std::optional<double> value, std::optional<double> ratio) {
  switch (r.goal) {
    case Goal::None:
      return std::nullopt;
    case Goal::AtMost:
      if (!value) return std::nullopt;
      return *value <= r.bound;
    case Goal::RatioAtLeast:
      if (!ratio) return std::nullopt;
      return *ratio >= r.bound;
  }
  return std::nullopt;
}

}  // namespace

bool print_table(std::istream& input, std::ostream& out) {
  std::map<std::string, json> results;  // "<label>/<target>"
  std::vector<json> all;
  std::string line;
  while (std::getline(input, line)) {
    auto j = json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.contains("label")) continue;
    results[j["label"].get<std::string>() + "/" + j["target"].get<std::string>()] = j;
    all.push_back(j);
  }
  bool all_met = true;
  out << "| Figure | Conditions | ccrouter | baseline | ratio | target | met |\n"
      << "|---|---|---:|---:|---:|---|---|\n";
  for (const auto& r : rows()) {
    const auto mine = figure(results, std::string(r.label) + "/ccrouter", r.figure);
    if (!mine) continue;
    const auto base = figure(results, std::string(r.label) + "/baseline", r.figure);
    std::optional<double> ratio;
    if (base && *base != 0) ratio = *mine / *base;
    const auto ok = met(r, mine, ratio);
    if (ok == false) all_met = false;
    out << "| " << r.title << " | " << conditions(results, std::string(r.label) + "/ccrouter")
        << " | " << format(mine) << " | " << format(base) << " | " << format(ratio) << " | "
        << goal_text(r) << " | " << (ok ? (*ok ? "yes" : "**no**") : "") << " |\n";
  }
  for (const auto& j : all) {
    for (const auto& note : j["notes"]) {
      out << "\n- " << j["label"].get<std::string>() << " (" << j["target"].get<std::string>()
          << "): " << note.get<std::string>();
    }
  }
  out << "\n";
  return all_met;
}

}  // namespace ccr::bench
