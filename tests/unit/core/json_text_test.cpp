// JsonText, the writer behind every offer's frames: what it writes must parse back to exactly what
// was given, whatever the strings hold.
#include "core/json_text.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

using ccr::core::json_quoted;
using ccr::core::JsonText;
using nlohmann::json;

TEST_CASE("JsonText nests objects and arrays with the commas in place") {
  JsonText out;
  out.begin_object()
      .field("a", 1)
      .key("list")
      .begin_array()
      .value("x")
      .begin_object()
      .field("b", true)
      .end_object()
      .begin_array()
      .end_array()
      .null()
      .end_array()
      .key("empty")
      .begin_object()
      .end_object()
      .field("n", std::int64_t{-7})
      .end_object();
  CHECK(out.text() == R"({"a":1,"list":["x",{"b":true},[],null],"empty":{},"n":-7})");
  CHECK(json::parse(out.text()) == json({{"a", 1},
                                         {"list", {"x", {{"b", true}}, json::array(), nullptr}},
                                         {"empty", json::object()},
                                         {"n", -7}}));
}

TEST_CASE("JsonText writes the extreme integers exactly") {
  JsonText out;
  out.begin_array()
      .value(std::numeric_limits<std::int64_t>::min())
      .value(std::numeric_limits<std::uint64_t>::max())
      .value(0)
      .end_array();
  CHECK(out.text() == "[-9223372036854775808,18446744073709551615,0]");
}

TEST_CASE("JsonText escapes what JSON strings may not hold raw") {
  const std::string nasty = std::string("quote\" backslash\\ nl\n tab\t cr\r bs\b ff\f nul") +
                            std::string(1, '\0') + " unit\x1f del\x7f /";
  JsonText out;
  out.begin_object().field(nasty, nasty).end_object();
  const auto parsed = json::parse(out.text());
  CHECK(parsed.at(nasty) == nasty);
  CHECK(out.text().find('\n') == std::string::npos);
  CHECK(json_quoted("a\"b") == R"("a\"b")");
}

TEST_CASE("JsonText writes plain runs and escapes in their order, at either end of a string") {
  CHECK(json_quoted("") == R"("")");
  CHECK(json_quoted("ix_01a2") == R"("ix_01a2")");
  CHECK(json_quoted("\"lead") == R"("\"lead")");
  CHECK(json_quoted("trail\\") == R"("trail\\")");
  CHECK(json_quoted("a\tb\x01"
                    "c\"\"") == R"("a\tb\u0001c\"\"")");
  CHECK(json_quoted("x\xC3\xA9y\x7F") == "\"x\xC3\xA9y\x7F\"");
}

TEST_CASE("JsonText keeps valid UTF-8 and replaces what is not UTF-8 with U+FFFD") {
  const std::string valid = "Știință 😀 €";
  CHECK(json::parse(json_quoted(valid)) == valid);
  // A lone continuation byte, a truncated sequence, an overlong form and a surrogate.
  const std::string invalid = "a\x80z b\xE2\x82 c\xC0\xAF d\xED\xA0\x80";
  const auto parsed = json::parse(json_quoted(invalid)).get<std::string>();
  CHECK(parsed ==
        "a\xEF\xBF\xBDz b\xEF\xBF\xBD\xEF\xBF\xBD c\xEF\xBF\xBD\xEF\xBF\xBD "
        "d\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}
