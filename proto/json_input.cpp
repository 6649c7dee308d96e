#include "proto/json_input.hpp"

#include <algorithm>
#include <utility>

namespace ccr::proto {
namespace {

// Longest field name echoed back in an error; longer (hostile) keys are cut on a UTF-8 boundary.
constexpr std::size_t kMaxEchoedFieldBytes = 64;

// Finds where nlohmann's parser gave up, so a Malformed error can say where. Builds nothing.
class ErrorLocator final : public nlohmann::json_sax<nlohmann::json> {
 public:
  bool null() override { return true; }
  bool boolean(bool /*val*/) override { return true; }
  bool number_integer(number_integer_t /*val*/) override { return true; }
  bool number_unsigned(number_unsigned_t /*val*/) override { return true; }
  bool number_float(number_float_t /*val*/, const string_t& /*s*/) override { return true; }
  bool string(string_t& /*val*/) override { return true; }
  bool binary(binary_t& /*val*/) override { return true; }
  bool start_object(std::size_t /*elements*/) override { return true; }
  bool key(string_t& /*val*/) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t /*elements*/) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& /*ex*/) override {
    position_ = position;
    return false;
  }

  [[nodiscard]] std::size_t position() const { return position_; }

 private:
  std::size_t position_ = 0;
};

bool is_utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U; }

std::string truncate_utf8(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) {
    return std::string(text);
  }
  std::size_t end = max_bytes;
  while (end > 0 && is_utf8_continuation(text[end])) {
    --end;
  }
  return std::string(text.substr(0, end)) + "...";
}

std::size_t count_code_points(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return !is_utf8_continuation(c); }));
}

ParsedJson refused(JsonErrorKind kind, std::string message) {
  ParsedJson result;
  result.error = JsonError{kind, std::move(message)};
  return result;
}

}  // namespace

int json_nesting_depth(std::string_view text, int limit) {
  int depth = 0;
  int deepest = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      ++depth;
      deepest = std::max(deepest, depth);
      if (deepest > limit) {
        return limit + 1;
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

ParsedJson parse_untrusted_json(std::string_view text, std::size_t max_bytes, int max_depth) {
  if (text.size() > max_bytes) {
    return refused(JsonErrorKind::TooLarge,
                   "JSON text is larger than " + std::to_string(max_bytes) + " bytes");
  }
  if (json_nesting_depth(text, max_depth) > max_depth) {
    return refused(JsonErrorKind::TooDeep,
                   "JSON nests deeper than " + std::to_string(max_depth) + " levels");
  }
  ParsedJson result;
  // Keys read in each open object. Parsing keeps the last value of a repeated key, so an object
  // that ends with fewer members than keys read had a duplicate, which is refused.
  std::vector<std::size_t> keys_read;
  bool duplicate = false;
  const nlohmann::json::parser_callback_t keys = [&](int, nlohmann::json::parse_event_t event,
                                                     nlohmann::json& parsed) {
    using E = nlohmann::json::parse_event_t;
    if (event == E::object_start) {
      keys_read.push_back(0);
    } else if (event == E::key && !keys_read.empty()) {
      ++keys_read.back();
    } else if (event == E::object_end && !keys_read.empty()) {
      if (parsed.size() != keys_read.back()) duplicate = true;
      keys_read.pop_back();
    }
    return true;
  };
  result.value = nlohmann::json::parse(text, keys, /*allow_exceptions=*/false);
  if (duplicate) return refused(JsonErrorKind::Malformed, "JSON object has a duplicate key");
  if (result.value.is_discarded()) {
    ErrorLocator locator;
    nlohmann::json::sax_parse(text, &locator);
    return refused(JsonErrorKind::Malformed,
                   "malformed JSON near byte " + std::to_string(locator.position()));
  }
  return result;
}

void FieldErrors::add(std::string_view field, std::string message) {
  if (items_.size() < kMaxItems) {
    items_.push_back(FieldError{truncate_utf8(field, kMaxEchoedFieldBytes), std::move(message)});
  }
}

nlohmann::json FieldErrors::to_json() const {
  nlohmann::json out = nlohmann::json::array();
  for (const FieldError& e : items_) {
    out.push_back({{"field", e.field}, {"message", e.message}});
  }
  return out;
}

FieldReader::FieldReader(const nlohmann::json& body, FieldErrors& errors, std::string prefix)
    : body_(body), errors_(errors), prefix_(std::move(prefix)) {
  if (!body_.is_object()) {
    std::string_view whole = prefix_;
    if (!whole.empty() && whole.back() == '.') {
      whole.remove_suffix(1);
    }
    errors_.add(whole, "must be a JSON object");
  }
}

void FieldReader::fail(std::string_view name, std::string message) {
  errors_.add(prefix_ + std::string(name), std::move(message));
}

const nlohmann::json* FieldReader::find(std::string_view name, Presence presence) {
  if (!body_.is_object()) {
    return nullptr;
  }
  const auto it = body_.find(name);
  if (it == body_.end() || it->is_null()) {
    if (presence == Presence::Required) {
      fail(name, "is required");
    }
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> FieldReader::string(std::string_view name, Presence presence,
                                               std::size_t max_chars) {
  const nlohmann::json* value = find(name, presence);
  if (value == nullptr) {
    return std::nullopt;
  }
  if (!value->is_string()) {
    fail(name, "must be a string");
    return std::nullopt;
  }
  const auto& text = value->get_ref<const std::string&>();
  if (count_code_points(text) > max_chars) {
    fail(name, "must be at most " + std::to_string(max_chars) + " characters");
    return std::nullopt;
  }
  if (text.find('\0') != std::string::npos) {
    fail(name, "must not contain NUL characters");
    return std::nullopt;
  }
  return text;
}

std::optional<std::int64_t> FieldReader::int64(std::string_view name, Presence presence,
                                               std::int64_t min, std::int64_t max) {
  const nlohmann::json* value = find(name, presence);
  if (value == nullptr) {
    return std::nullopt;
  }
  if (!value->is_number_integer()) {
    fail(name, "must be an integer");
    return std::nullopt;
  }
  const std::string range =
      "must be between " + std::to_string(min) + " and " + std::to_string(max);
  if (value->is_number_unsigned() &&
      value->get<std::uint64_t>() >
          static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    fail(name, range);
    return std::nullopt;
  }
  const auto number = value->get<std::int64_t>();
  if (number < min || number > max) {
    fail(name, range);
    return std::nullopt;
  }
  return number;
}

std::optional<bool> FieldReader::boolean(std::string_view name, Presence presence) {
  const nlohmann::json* value = find(name, presence);
  if (value == nullptr) {
    return std::nullopt;
  }
  if (!value->is_boolean()) {
    fail(name, "must be true or false");
    return std::nullopt;
  }
  return value->get<bool>();
}

const nlohmann::json* FieldReader::object(std::string_view name, Presence presence) {
  const nlohmann::json* value = find(name, presence);
  if (value != nullptr && !value->is_object()) {
    fail(name, "must be an object");
    return nullptr;
  }
  return value;
}

const nlohmann::json* FieldReader::array(std::string_view name, Presence presence,
                                         std::size_t max_items) {
  const nlohmann::json* value = find(name, presence);
  if (value == nullptr) {
    return nullptr;
  }
  if (!value->is_array()) {
    fail(name, "must be an array");
    return nullptr;
  }
  if (value->size() > max_items) {
    fail(name, "must have at most " + std::to_string(max_items) + " items");
    return nullptr;
  }
  return value;
}

void FieldReader::reject_unknown(std::initializer_list<std::string_view> allowed) {
  if (!body_.is_object()) {
    return;
  }
  for (const auto& [key, value] : body_.items()) {
    if (std::find(allowed.begin(), allowed.end(), std::string_view(key)) == allowed.end()) {
      fail(key, "is not a known field");
    }
  }
}

}  // namespace ccr::proto
