// DN1/DN2: the dial number validator, table-driven.
#include "proto/dial_number.hpp"

#include <catch2/catch.hpp>
#include <string>

using ccr::proto::DialNumberError;
using ccr::proto::normalize_dial_number;

namespace {

struct Accepted {
  const char* input;
  const char* normalised;
};

struct Refused {
  std::string input;
  DialNumberError error;
};

}  // namespace

TEST_CASE("DN2: the seed's US, E.164 and IDD formats are accepted unchanged", "[dn2]") {
  const auto row =
      GENERATE(Accepted{"+12015532447", "+12015532447"}, Accepted{"+11234567890", "+11234567890"},
               Accepted{"01161123456789", "01161123456789"});
  CAPTURE(row.input);
  const auto result = normalize_dial_number(row.input);
  REQUIRE(result.ok());
  CHECK(result.number == row.normalised);
  CHECK(result.message.empty());
}

TEST_CASE("DN1: pasted numbers keep only digits and the allowed symbols", "[dn1]") {
  const auto row = GENERATE(
      Accepted{"(201) 553-2447", "2015532447"}, Accepted{"+1 (201) 553-2447", "+12015532447"},
      Accepted{"201.553.2447", "2015532447"}, Accepted{"1-800-FLOWERS 356", "1800356"},
      Accepted{"tel: 201 553 2447", ":2015532447"},
      Accepted{"  +44 20 7946 0958\t", "+442079460958"},
      Accepted{"\xEF\xBC\x92\xEF\xBC\x90 201\xC2\xA0"
               "553 \xF0\x9F\x93\x9E 2447",
               "2015532447"});
  CAPTURE(row.input);
  const auto result = normalize_dial_number(row.input);
  REQUIRE(result.ok());
  CHECK(result.number == row.normalised);
}

TEST_CASE("DN1: extension forms keep hash, star and colon", "[dn1]") {
  const auto row = GENERATE(Accepted{"2015532447#123", "2015532447#123"},
                            Accepted{"*67 201 553 2447", "*672015532447"},
                            Accepted{"+12015532447:4455", "+12015532447:4455"},
                            Accepted{"201-553-2447 ext. #12*", "2015532447#12*"},
                            Accepted{"#31#2015532447", "#31#2015532447"});
  CAPTURE(row.input);
  const auto result = normalize_dial_number(row.input);
  REQUIRE(result.ok());
  CHECK(result.number == row.normalised);
}

TEST_CASE("DN1: exactly 3 and exactly 18 digits are accepted", "[dn1]") {
  CHECK(normalize_dial_number("911").number == "911");
  CHECK(normalize_dial_number("+123456789012345678").number == "+123456789012345678");
  CHECK(normalize_dial_number("1-2-3").number == "123");
  CHECK(normalize_dial_number("123456789012345678##**::").ok());
}

TEST_CASE("DN1: wrong lengths, empty input and misplaced + are refused with a message", "[dn1]") {
  const auto row =
      GENERATE(Refused{"12", DialNumberError::TooShort}, Refused{"+1 2", DialNumberError::TooShort},
               Refused{"#*:", DialNumberError::TooShort},
               Refused{"1234567890123456789", DialNumberError::TooLong},
               Refused{"+1234567890123456789", DialNumberError::TooLong},
               Refused{"123456789012345678###***:::", DialNumberError::TooLong},
               Refused{"", DialNumberError::Empty}, Refused{"()- .", DialNumberError::Empty},
               Refused{"call me", DialNumberError::Empty},
               Refused{"\xF0\x9F\x93\x9E\xE2\x98\x8E\xFF\xFE", DialNumberError::Empty},
               Refused{"201+5532447", DialNumberError::MisplacedPlus},
               Refused{"++12015532447", DialNumberError::MisplacedPlus},
               Refused{"2015532447+", DialNumberError::MisplacedPlus});
  CAPTURE(row.input);
  const auto result = normalize_dial_number(row.input);
  CHECK_FALSE(result.ok());
  CHECK(result.error == row.error);
  CHECK_FALSE(result.message.empty());
  CHECK(result.number.empty());
}

TEST_CASE("DN1: a leading plus is allowed even after stripped punctuation", "[dn1]") {
  CHECK(normalize_dial_number("(+1) 201 553 2447").number == "+12015532447");
}

TEST_CASE("DN1: huge inputs are refused before any work", "[dn1]") {
  const std::string huge(1'000'000, '1');
  const auto result = normalize_dial_number(huge);
  CHECK(result.error == DialNumberError::TooLong);
  CHECK(normalize_dial_number(std::string(256, ' ')).error == DialNumberError::Empty);
  CHECK(normalize_dial_number(std::string(257, ' ')).error == DialNumberError::TooLong);
}

TEST_CASE("DN1: embedded NUL bytes are stripped like any other character", "[dn1]") {
  const std::string with_nul(
      "201\0"
      "553\0"
      "2447",
      12);
  CHECK(normalize_dial_number(with_nul).number == "2015532447");
}
