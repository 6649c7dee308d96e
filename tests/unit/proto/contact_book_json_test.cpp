// The contact book's REST bodies and the desktop's list_targets command: merging onto a base,
// clearing optional texts, DN1 on numbers (CO10), unknown fields and values refused.
#include "proto/contact_book_json.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "proto/targets_json.hpp"

using namespace ccr;
using nlohmann::json;

namespace {

bool has_error(const proto::FieldErrors& errors, const std::string& field) {
  for (const auto& e : errors.items()) {
    if (e.field == field) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("Address book bodies: create needs name and number, PATCH keeps what it omits",
          "[contact_book_json]") {
  proto::FieldErrors errors;
  CHECK_FALSE(proto::parse_address_entry(json{{"name", "Bob"}}, errors, {}, true));
  CHECK(has_error(errors, "number"));

  core::AddressEntry base{"ab_1", "t1", "Bob", "2015532447", {}, 3};
  proto::FieldErrors patch_errors;
  auto patched =
      proto::parse_address_entry(json{{"number", "+40 21 555"}}, patch_errors, base, false);
  REQUIRE(patched);
  CHECK(patched->name == "Bob");
  CHECK(patched->number == "+40 21 555");  // as typed: normalize_number applies DN1
  CHECK_FALSE(proto::normalize_number(*patched));
  CHECK(patched->number == "+4021555");

  proto::FieldErrors unknown;
  CHECK_FALSE(proto::parse_address_entry(json{{"name", "Bob"}, {"phone", "1"}}, unknown, {}, true));
  CHECK(has_error(unknown, "phone"));
}

TEST_CASE("CO10: a number failing DN1 is invalid_dial_number on its field", "[contact_book_json]") {
  core::AddressEntry address;
  address.number = "12";
  auto bad = proto::normalize_number(address);
  REQUIRE(bad);
  CHECK(bad->reason == core::Reason::InvalidDialNumber);
  REQUIRE(bad->errors.size() == 1);
  CHECK(bad->errors[0].field == "number");

  core::DirectoryEntry expert;
  expert.company_number = "call me";
  bad = proto::normalize_number(expert);
  REQUIRE(bad);
  CHECK(bad->errors[0].field == "company_number");
  expert.company_number = "  ";
  CHECK_FALSE(proto::normalize_number(expert));  // no company number is allowed
  CHECK(expert.company_number.empty());
}

TEST_CASE("Directory bodies: null clears an optional text, output shows empty ones as null",
          "[contact_book_json]") {
  core::DirectoryEntry base;
  base.name = "Dana";
  base.role = "Tax advisor";
  base.company_number = "+12015550199";
  proto::FieldErrors errors;
  auto next = proto::parse_directory_entry(json{{"company_number", nullptr}, {"department", "Tax"}},
                                           errors, base, false);
  REQUIRE(next);
  CHECK(next->company_number.empty());
  CHECK(next->role == "Tax advisor");
  CHECK(next->department == "Tax");
  const auto out = proto::to_json(*next);
  CHECK(out["company_number"].is_null());
  CHECK(out["email"].is_null());
  CHECK(out["role"] == "Tax advisor");

  proto::FieldErrors wrong;
  CHECK_FALSE(proto::parse_directory_entry(json{{"name", "Eve"}, {"role", 7}}, wrong, {}, true));
  CHECK(has_error(wrong, "role"));
}

TEST_CASE("list_targets: kind and purpose are required and named by the protocol",
          "[list_targets]") {
  proto::FieldErrors errors;
  auto command = proto::parse_list_targets(json{{"type", "list_targets"},
                                                {"id", "1"},
                                                {"kind", "directory"},
                                                {"purpose", "transfer"},
                                                {"query", "tax"}},
                                           errors);
  REQUIRE(command);
  CHECK(command->kind == core::TargetKind::Directory);
  CHECK(command->purpose == core::TargetPurpose::Transfer);
  CHECK(command->query == "tax");

  proto::FieldErrors bad;
  CHECK_FALSE(proto::parse_list_targets(
      json{{"type", "list_targets"}, {"kind", "robot"}, {"query", std::string(129, 'q')}}, bad));
  CHECK(has_error(bad, "kind"));
  CHECK(has_error(bad, "purpose"));
  CHECK(has_error(bad, "query"));
}
