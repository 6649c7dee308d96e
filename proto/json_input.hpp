// Safe intake of untrusted JSON (WebSocket frames, REST bodies): size and nesting limits enforced
// on the raw text before any DOM is built, parsing that never throws, and typed field readers that
// collect per-field errors for `validation_failed`. No shared state; any thread may call these,
// a FieldReader and its FieldErrors belong to one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ccr::proto {

enum class JsonErrorKind { TooLarge, TooDeep, Malformed };

struct JsonError {
  JsonErrorKind kind;
  std::string message;
};

struct ParsedJson {
  nlohmann::json value;            // the document when ok()
  std::optional<JsonError> error;  // set when the text was refused

  [[nodiscard]] bool ok() const noexcept { return !error.has_value(); }
};

// Refuses text longer than max_bytes (TooLarge), then text whose arrays/objects nest deeper than
// max_depth (TooDeep; a lone `{}` has depth 1), scanning the raw bytes without recursion, then
// text that is not one valid JSON value (Malformed). Never throws.
ParsedJson parse_untrusted_json(std::string_view text, std::size_t max_bytes, int max_depth);

// Deepest array/object nesting in `text`, brackets inside strings ignored; stops counting as soon
// as `limit` is exceeded and returns limit + 1.
int json_nesting_depth(std::string_view text, int limit);

struct FieldError {
  std::string field;  // dotted path, e.g. "privacy_shield.max_pause_ms"
  std::string message;
};

// Per-field validation errors, capped at kMaxItems so a hostile body cannot grow the reply.
class FieldErrors {
 public:
  static constexpr std::size_t kMaxItems = 32;

  void add(std::string_view field, std::string message);
  [[nodiscard]] bool empty() const noexcept { return items_.empty(); }
  [[nodiscard]] const std::vector<FieldError>& items() const noexcept { return items_; }
  // The `errors` array of a validation_failed reply: [{"field": ..., "message": ...}, ...].
  [[nodiscard]] nlohmann::json to_json() const;

 private:
  std::vector<FieldError> items_;
};

enum class Presence { Optional, Required };

// Typed reads of one JSON object's fields. A missing or null optional field yields nullopt with no
// error; a missing required field, a wrong type or a value out of range yields nullopt and records
// an error. Field names in errors are `prefix` + name, so nested objects read with a second reader
// (prefix "parent.") report full paths. The body and the errors must outlive the reader.
class FieldReader {
 public:
  FieldReader(const nlohmann::json& body, FieldErrors& errors, std::string prefix = {});

  // max_chars counts Unicode code points; strings containing NUL are refused.
  std::optional<std::string> string(std::string_view name, Presence presence,
                                    std::size_t max_chars);
  std::optional<std::int64_t> int64(std::string_view name, Presence presence,
                                    std::int64_t min = std::numeric_limits<std::int64_t>::min(),
                                    std::int64_t max = std::numeric_limits<std::int64_t>::max());
  std::optional<bool> boolean(std::string_view name, Presence presence);
  // Pointers into the body, valid as long as it is; nullptr when absent or invalid.
  const nlohmann::json* object(std::string_view name, Presence presence);
  const nlohmann::json* array(std::string_view name, Presence presence, std::size_t max_items);

  // Records an "unknown field" error for every key not in `allowed`.
  void reject_unknown(std::initializer_list<std::string_view> allowed);

 private:
  const nlohmann::json* find(std::string_view name, Presence presence);
  void fail(std::string_view name, std::string message);

  const nlohmann::json& body_;
  FieldErrors& errors_;
  std::string prefix_;
};

}  // namespace ccr::proto
