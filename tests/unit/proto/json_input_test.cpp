// Untrusted JSON intake: size/depth limits before the DOM, no-throw parsing, typed field readers.
#include "proto/json_input.hpp"

#include <catch2/catch.hpp>
#include <string>

using ccr::proto::FieldErrors;
using ccr::proto::FieldReader;
using ccr::proto::json_nesting_depth;
using ccr::proto::JsonErrorKind;
using ccr::proto::parse_untrusted_json;
using ccr::proto::Presence;
using nlohmann::json;

namespace {

constexpr std::size_t kMaxBytes = 65536;
constexpr int kMaxDepth = 32;

std::string nested_arrays(int depth) {
  return std::string(static_cast<std::size_t>(depth), '[') +
         std::string(static_cast<std::size_t>(depth), ']');
}

}  // namespace

TEST_CASE("a small command parses", "[json]") {
  const auto parsed = parse_untrusted_json(R"({"type":"ping","id":"r1"})", kMaxBytes, kMaxDepth);
  REQUIRE(parsed.ok());
  CHECK(parsed.value.at("type") == "ping");
}

TEST_CASE("text over max_bytes is TooLarge before parsing", "[json]") {
  const std::string text = "\"" + std::string(100, 'a') + "\"";
  CHECK(parse_untrusted_json(text, text.size(), kMaxDepth).ok());
  const auto parsed = parse_untrusted_json(text, text.size() - 1, kMaxDepth);
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error->kind == JsonErrorKind::TooLarge);
}

TEST_CASE("a depth bomb of 100000 brackets is TooDeep without recursion", "[json]") {
  const std::string open_only(100000, '[');
  const auto parsed = parse_untrusted_json(open_only, 1'000'000, kMaxDepth);
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error->kind == JsonErrorKind::TooDeep);

  const auto balanced = parse_untrusted_json(nested_arrays(100000), 1'000'000, kMaxDepth);
  REQUIRE_FALSE(balanced.ok());
  CHECK(balanced.error->kind == JsonErrorKind::TooDeep);

  const std::string objects = std::string(50000, '{') + std::string(50000, '}');
  CHECK(parse_untrusted_json(objects, 1'000'000, kMaxDepth).error->kind == JsonErrorKind::TooDeep);
}

TEST_CASE("nesting exactly at the limit parses, one more is refused", "[json]") {
  CHECK(parse_untrusted_json(nested_arrays(kMaxDepth), kMaxBytes, kMaxDepth).ok());
  CHECK(parse_untrusted_json(nested_arrays(kMaxDepth + 1), kMaxBytes, kMaxDepth).error->kind ==
        JsonErrorKind::TooDeep);
  CHECK(json_nesting_depth(R"({"a":[{"b":[]}],"c":{}})", 100) == 4);
  CHECK(json_nesting_depth("42", 100) == 0);
}

TEST_CASE("brackets inside strings are not counted", "[json]") {
  const std::string text =
      R"({"note":")" + std::string(1000, '[') + std::string(1000, '{') + R"("})";
  const auto parsed = parse_untrusted_json(text, kMaxBytes, 2);
  REQUIRE(parsed.ok());
  CHECK(parsed.value.at("note").get<std::string>().size() == 2000);
}

TEST_CASE("escaped quotes do not end a string for the depth scan", "[json]") {
  // The brackets follow an escaped quote, so they are still inside the string.
  const std::string inside = R"({"a":"\"[[[[[[","b":"\\"})";
  CHECK(json_nesting_depth(inside, 100) == 1);
  CHECK(parse_untrusted_json(inside, kMaxBytes, 1).ok());
  // After an escaped backslash the quote does end the string, so these brackets count.
  const std::string outside = R"(["\\",[[[]]]])";
  CHECK(json_nesting_depth(outside, 100) == 4);
  CHECK(parse_untrusted_json(outside, kMaxBytes, 3).error->kind == JsonErrorKind::TooDeep);
}

TEST_CASE("malformed text is refused without throwing", "[json]") {
  const auto text =
      GENERATE(as<std::string>{}, "", "{", R"({"a":})", "[1,2,]", "{'a':1}", "tru",
               R"({"a":1} trailing)", "]]]]", "\"\xFF\xFE\"", "1e99999", R"({"a":"unterminated)");
  CAPTURE(text);
  ccr::proto::ParsedJson parsed;
  REQUIRE_NOTHROW(parsed = parse_untrusted_json(text, kMaxBytes, kMaxDepth));
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error->kind == JsonErrorKind::Malformed);
  CHECK_THAT(parsed.error->message, Catch::Contains("near byte"));
}

TEST_CASE("a key repeated in one object is refused, at any depth", "[json]") {
  const auto text = GENERATE(as<std::string>{}, R"({"type":"end","type":"accept"})",
                             R"({"a":{"b":1,"c":2,"b":3}})", R"([{"x":1},{"y":2,"y":2}])",
                             R"({"a":{"b":{}},"a":1})");
  CAPTURE(text);
  const auto parsed = parse_untrusted_json(text, kMaxBytes, kMaxDepth);
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error->kind == JsonErrorKind::Malformed);
  CHECK(parsed.error->message == "JSON object has a duplicate key");
}

TEST_CASE("the same key in different objects is not a duplicate", "[json]") {
  const auto text = GENERATE(as<std::string>{}, R"({"a":{"a":{"a":1}}})", R"([{"id":1},{"id":2}])",
                             R"({"x":{"id":1},"y":{"id":2},"id":3})");
  CAPTURE(text);
  CHECK(parse_untrusted_json(text, kMaxBytes, kMaxDepth).ok());
}

TEST_CASE("field readers return typed values", "[json][fields]") {
  const json body = {{"name", "Sales"},
                     {"priority", 3},
                     {"enabled", true},
                     {"settings", {{"x", 1}}},
                     {"team_ids", {"t1", "t2"}}};
  FieldErrors errors;
  FieldReader reader(body, errors);
  CHECK(reader.string("name", Presence::Required, 100) == "Sales");
  CHECK(reader.int64("priority", Presence::Required, 0, 10) == 3);
  CHECK(reader.boolean("enabled", Presence::Required) == true);
  REQUIRE(reader.object("settings", Presence::Required) != nullptr);
  REQUIRE(reader.array("team_ids", Presence::Required, 10) != nullptr);
  CHECK(reader.string("missing", Presence::Optional, 10) == std::nullopt);
  reader.reject_unknown({"name", "priority", "enabled", "settings", "team_ids"});
  CHECK(errors.empty());
}

TEST_CASE("wrong types are per-field errors, never exceptions", "[json][fields]") {
  const json body = {{"name", 5},        {"priority", "high"},        {"ratio", 1.5},
                     {"enabled", "yes"}, {"settings", json::array()}, {"team_ids", "t1"}};
  FieldErrors errors;
  FieldReader reader(body, errors);
  CHECK_FALSE(reader.string("name", Presence::Required, 100));
  CHECK_FALSE(reader.int64("priority", Presence::Required));
  CHECK_FALSE(reader.int64("ratio", Presence::Required));
  CHECK_FALSE(reader.boolean("enabled", Presence::Required));
  CHECK(reader.object("settings", Presence::Required) == nullptr);
  CHECK(reader.array("team_ids", Presence::Required, 10) == nullptr);
  REQUIRE(errors.items().size() == 6);
  CHECK(errors.items()[0].field == "name");
  CHECK(errors.items()[0].message == "must be a string");
  CHECK(errors.items()[2].field == "ratio");
  CHECK(errors.items()[2].message == "must be an integer");
  const json reply = errors.to_json();
  CHECK(reply.size() == 6);
  CHECK(reply[1] == json{{"field", "priority"}, {"message", "must be an integer"}});
}

TEST_CASE("missing required fields are reported, null counts as missing", "[json][fields]") {
  const json body = {{"team_id", nullptr}};
  FieldErrors errors;
  FieldReader reader(body, errors);
  CHECK_FALSE(reader.string("team_id", Presence::Required, 64));
  CHECK_FALSE(reader.string("dial_number", Presence::Required, 64));
  CHECK_FALSE(reader.int64("limit", Presence::Optional));
  REQUIRE(errors.items().size() == 2);
  CHECK(errors.items()[0].message == "is required");
  CHECK(errors.items()[1].field == "dial_number");
}

TEST_CASE("strings over max length, NUL characters and out-of-range integers are refused",
          "[json][fields]") {
  const json body = {{"short", "h\xC3\xA9llo"},
                     {"long", std::string(65, 'x')},
                     {"nul", std::string("a\0b", 3)},
                     {"big", 18446744073709551615ULL},
                     {"neg", -1}};
  FieldErrors errors;
  FieldReader reader(body, errors);
  CHECK(reader.string("short", Presence::Required, 5) == "h\xC3\xA9llo");
  CHECK_FALSE(reader.string("long", Presence::Required, 64));
  CHECK_FALSE(reader.string("nul", Presence::Required, 64));
  CHECK_FALSE(reader.int64("big", Presence::Required));
  CHECK_FALSE(reader.int64("neg", Presence::Required, 0, 100));
  REQUIRE(errors.items().size() == 4);
  CHECK(errors.items()[0].message == "must be at most 64 characters");
  CHECK(errors.items()[3].message == "must be between 0 and 100");
}

TEST_CASE("arrays over max_items are refused", "[json][fields]") {
  const json body = {{"ids", json::array({1, 2, 3})}};
  FieldErrors errors;
  FieldReader reader(body, errors);
  CHECK(reader.array("ids", Presence::Required, 2) == nullptr);
  CHECK(errors.items().at(0).message == "must have at most 2 items");
}

TEST_CASE("unknown fields are refused when the caller asks", "[json][fields]") {
  const json body = {{"type", "login"}, {"id", "r1"}, {"team_id", "t"}, {"colour", "red"}};
  FieldErrors errors;
  FieldReader reader(body, errors);
  reader.reject_unknown({"type", "id", "team_id", "dial_number"});
  REQUIRE(errors.items().size() == 1);
  CHECK(errors.items()[0].field == "colour");
  CHECK(errors.items()[0].message == "is not a known field");
}

TEST_CASE("nested readers report dotted paths", "[json][fields]") {
  const json body = {{"privacy_shield", {{"enabled", 1}, {"max_pause_ms", 5}}}};
  FieldErrors errors;
  FieldReader reader(body, errors);
  const json* shield = reader.object("privacy_shield", Presence::Required);
  REQUIRE(shield != nullptr);
  FieldReader nested(*shield, errors, "privacy_shield.");
  CHECK_FALSE(nested.boolean("enabled", Presence::Required));
  CHECK(nested.int64("max_pause_ms", Presence::Required) == 5);
  REQUIRE(errors.items().size() == 1);
  CHECK(errors.items()[0].field == "privacy_shield.enabled");
}

TEST_CASE("a body that is not an object is one error and reads nothing", "[json][fields]") {
  const json body = json::array({1, 2});
  FieldErrors errors;
  FieldReader reader(body, errors);
  CHECK_FALSE(reader.string("name", Presence::Required, 10));
  reader.reject_unknown({});
  REQUIRE(errors.items().size() == 1);
  CHECK(errors.items()[0].message == "must be a JSON object");
}

TEST_CASE("hostile unknown keys cannot grow the error list or break its JSON", "[json][fields]") {
  json body = json::object();
  for (int i = 0; i < 1000; ++i) {
    body["k" + std::to_string(i)] = i;
  }
  // A long key of two-byte characters: truncation must not split one.
  std::string long_key;
  for (int i = 0; i < 100; ++i) {
    long_key += "\xC3\xA9";
  }
  body["a" + long_key] = 1;
  FieldErrors errors;
  FieldReader reader(body, errors);
  reader.reject_unknown({});
  CHECK(errors.items().size() == FieldErrors::kMaxItems);
  CHECK(errors.items()[0].field.size() < 80);
  CHECK_NOTHROW(errors.to_json().dump());
}
