// ContactBook: the address book and the organisation directory (CO1, TR1): validation, If-Match
// versions, tenant isolation, cursor pages, searches by name and number, and what a tenant's
// deletion and a restart do to them.
#include "core/contact_book.hpp"

#include <string>
#include <vector>

#include "core_test_support.hpp"

using namespace ccr::core;
using namespace ccr::core::test;

namespace {

AddressEntry address(std::string tenant_id, std::string id, std::string name, std::string number) {
  return AddressEntry{
      std::move(id), std::move(tenant_id), std::move(name), std::move(number), {}, 1};
}

DirectoryEntry expert(std::string tenant_id, std::string id, std::string name, std::string role,
                      std::string department, std::string company_number) {
  DirectoryEntry e;
  e.id = std::move(id);
  e.tenant_id = std::move(tenant_id);
  e.name = std::move(name);
  e.role = std::move(role);
  e.department = std::move(department);
  e.company_number = std::move(company_number);
  return e;
}

// t1's address book: three people; t2 has one of its own.
struct BookWorld : World {
  BookWorld() {
    add(address("t1", "a1", "Maria Popescu", "+40215550101"));
    add(address("t1", "a2", "ion ionescu", "0040215550202"));
    add(address("t1", "a3", "Ana Maria Radu", "+12015532447"));
    add(address("t2", "z1", "Maria Globex", "+40215550101"));
  }
  ContactBook& book() { return engine.contacts(); }
  void add(AddressEntry e) {
    Effects fx;
    REQUIRE(book().create_address_entry(std::move(e), clock.now(), fx));
  }
  void add(DirectoryEntry e) {
    Effects fx;
    REQUIRE(book().create_directory_entry(std::move(e), clock.now(), fx));
  }
};

template <typename T>
std::vector<std::string> ids_of(const Found<T>& found) {
  return ids(found.items);
}

}  // namespace

TEST_CASE("CO1: an address book entry is created, replaced and deleted with If-Match",
          "[contact_book]") {
  BookWorld w;
  Effects fx;
  auto created =
      w.book().create_address_entry(address("t1", "a9", "  Dr. Who ", "+4021"), w.clock.now(), fx);
  REQUIRE(created);
  CHECK(created.value().name == "Dr. Who");  // trimmed like every name
  CHECK(created.value().version == 1);
  CHECK(created.value().created_at == w.clock.now());
  CHECK(kinds(fx) == std::vector<std::string>{"AddressEntryPut"});

  auto next = created.value();
  next.number = "+4031";
  w.clock.advance(5s);
  fx = {};
  CHECK(rejection_of(w.book().replace_address_entry(next, IfMatch{7}, fx)).reason ==
        Reason::PreconditionFailed);
  auto replaced = w.book().replace_address_entry(next, IfMatch{1}, fx);
  REQUIRE(replaced);
  CHECK(replaced.value().version == 2);
  CHECK(replaced.value().created_at == created.value().created_at);
  CHECK(persisted<AddressEntryPut>(fx).at(0).entry.number == "+4031");

  fx = {};
  CHECK(rejection_of(w.book().delete_address_entry("t1", "a9", IfMatch{1}, fx)).reason ==
        Reason::PreconditionFailed);
  REQUIRE(w.book().delete_address_entry("t1", "a9", IfMatch{2}, fx));
  CHECK(kinds(fx) == std::vector<std::string>{"AddressEntryDeleted"});
  CHECK(w.book().address_entry("t1", "a9") == nullptr);
  CHECK(rejection_of(w.book().delete_address_entry("t1", "a9", {}, fx)).reason == Reason::NotFound);
}

TEST_CASE("Address book entries need a name and a normalised dial number", "[contact_book]") {
  BookWorld w;
  Effects fx;
  auto r = rejection_of(
      w.book().create_address_entry(address("t1", "x", " ", "(201) 555"), w.clock.now(), fx));
  CHECK(r.reason == Reason::ValidationFailed);
  CHECK(has_field(r, "name"));
  CHECK(has_field(r, "number"));
  CHECK(has_field(
      rejection_of(w.book().create_address_entry(address("t1", "x", "Bob", ""), w.clock.now(), fx)),
      "number"));
  CHECK(has_field(rejection_of(w.book().create_address_entry(
                      address("t1", "x", std::string(129, 'n'), "123"), w.clock.now(), fx)),
                  "name"));
  CHECK(fx.empty());
}

TEST_CASE("Directory entries: optional texts are trimmed and checked", "[contact_book]") {
  BookWorld w;
  Effects fx;
  auto e = expert("t1", "d1", "Dana", " Tax advisor ", "", "");
  e.email = " dana@example.com ";
  auto created = w.book().create_directory_entry(e, w.clock.now(), fx);
  REQUIRE(created);
  CHECK(created.value().role == "Tax advisor");
  CHECK(created.value().email == "dana@example.com");
  CHECK(kinds(fx) == std::vector<std::string>{"DirectoryEntryPut"});

  fx = {};
  auto bad = expert("t1", "d2", "Eve", std::string(129, 'r'), "Leg\x01l", "12-3");
  bad.email = "not-an-address";
  auto r = rejection_of(w.book().create_directory_entry(bad, w.clock.now(), fx));
  CHECK(has_field(r, "role"));
  CHECK(has_field(r, "department"));
  CHECK(has_field(r, "company_number"));
  CHECK(has_field(r, "email"));
  for (const char* email : {"@example.com", "dana@", "da na@example.com", "a@b@c"}) {
    auto one = expert("t1", "d3", "Eve", "", "", "");
    one.email = email;
    CHECK(
        has_field(rejection_of(w.book().create_directory_entry(one, w.clock.now(), fx)), "email"));
  }
  CHECK(fx.empty());
}

TEST_CASE("Another tenant's entries read as unknown", "[contact_book][isolation]") {
  BookWorld w;
  w.add(expert("t1", "d1", "Dana", "", "", "+40215550999"));
  Effects fx;
  CHECK(w.book().address_entry("t2", "a1") == nullptr);
  CHECK(w.book().directory_entry("t2", "d1") == nullptr);
  auto stolen = address("t2", "a1", "Mine now", "123");
  CHECK(rejection_of(w.book().replace_address_entry(stolen, {}, fx)).reason == Reason::NotFound);
  CHECK(rejection_of(w.book().delete_address_entry("t2", "a1", {}, fx)).reason == Reason::NotFound);
  CHECK(rejection_of(w.book().replace_directory_entry(expert("t2", "d1", "X", "", "", ""), {}, fx))
            .reason == Reason::NotFound);
  CHECK(rejection_of(w.book().delete_directory_entry("t2", "d1", {}, fx)).reason ==
        Reason::NotFound);
  CHECK(rejection_of(
            w.book().create_address_entry(address("t9", "n", "Nobody", "123"), w.clock.now(), fx))
            .reason == Reason::NotFound);
  CHECK(fx.empty());
  CHECK(w.book().address_entry("t1", "a1")->name == "Maria Popescu");
  CHECK(ids_of(w.book().search_address_book("t2", "maria", 50)) == std::vector<std::string>{"z1"});
  CHECK(w.book().search_directory("t2", "", 50).total == 0);
}

TEST_CASE("CO1: the address book is searched by name or by number, in name order",
          "[contact_book][search]") {
  BookWorld w;
  SECTION("a name matches as a substring, ignoring case") {
    auto found = w.book().search_address_book("t1", "  MARIA ", 50);
    CHECK(ids_of(found) == std::vector<std::string>{"a3", "a1"});  // Ana Maria, then Maria
    CHECK(found.total == 2);
  }
  SECTION("CO9: a number query drops ( ) - and blanks and matches a run of digits") {
    CHECK(ids_of(w.book().search_address_book("t1", "(201) 553-2447", 50)) ==
          std::vector<std::string>{"a3"});
    CHECK(ids_of(w.book().search_address_book("t1", "+40 21 555", 50)) ==
          std::vector<std::string>{"a2", "a1"});  // ion ionescu, Maria Popescu
    CHECK(ids_of(w.book().search_address_book("t1", "0202", 50)) == std::vector<std::string>{"a2"});
  }
  SECTION("a text with letters is a name, never a number") {
    CHECK(w.book().search_address_book("t1", "Maria 0101", 50).total == 0);
  }
  SECTION("an empty query lists everything, capped, with the total") {
    auto found = w.book().search_address_book("t1", "", 2);
    CHECK(ids_of(found) == std::vector<std::string>{"a3", "a2"});
    CHECK(found.total == 3);
  }
}

TEST_CASE("CO1: the directory lists only entries with a company number", "[contact_book][search]") {
  BookWorld w;
  w.add(expert("t1", "d1", "Dana Stan", "Tax advisor", "Finance", "+40215550999"));
  w.add(expert("t1", "d2", "Radu Pop", "Lawyer", "Legal", "0040215550888"));
  w.add(expert("t1", "d3", "Nina Fara", "Tax advisor", "Finance", ""));  // no company number
  SECTION("by name, role or department") {
    CHECK(ids_of(w.book().search_directory("t1", "radu", 50)) == std::vector<std::string>{"d2"});
    CHECK(ids_of(w.book().search_directory("t1", "tax", 50)) == std::vector<std::string>{"d1"});
    CHECK(ids_of(w.book().search_directory("t1", "LEGAL", 50)) == std::vector<std::string>{"d2"});
    CHECK(ids_of(w.book().search_directory("t1", "", 50)) == std::vector<std::string>{"d1", "d2"});
  }
  SECTION("by the full company number only") {
    CHECK(ids_of(w.book().search_directory("t1", "+40 (21) 555-0999", 50)) ==
          std::vector<std::string>{"d1"});
    CHECK(w.book().search_directory("t1", "5550999", 50).total == 0);
    CHECK(w.book().search_directory("t1", "40215550888", 50).total == 0);  // 0040... in full
  }
  SECTION("the admin's pages show every entry, filtered by the same query") {
    CHECK(ids(w.book().directory_entries_after("t1", "", 50, "")) ==
          std::vector<std::string>{"d1", "d2", "d3"});
    CHECK(ids(w.book().directory_entries_after("t1", "", 50, "tax")) ==
          std::vector<std::string>{"d1", "d3"});
  }
}

TEST_CASE("Address book pages follow the cursor and keep the query", "[contact_book]") {
  BookWorld w;
  CHECK(ids(w.book().address_entries_after("t1", "", 2, "")) ==
        std::vector<std::string>{"a1", "a2"});
  CHECK(ids(w.book().address_entries_after("t1", "a2", 2, "")) == std::vector<std::string>{"a3"});
  CHECK(ids(w.book().address_entries_after("t1", "", 1, "maria")) ==
        std::vector<std::string>{"a1"});
  CHECK(ids(w.book().address_entries_after("t1", "a1", 1, "maria")) ==
        std::vector<std::string>{"a3"});
  CHECK(w.book().address_entries_after("t9", "", 10, "").empty());
}

TEST_CASE("A tenant keeps at most kMaxContactEntries address book entries", "[contact_book]") {
  World w;
  Effects fx;
  for (std::size_t i = 0; i < kMaxContactEntries; ++i) {
    REQUIRE(w.engine.contacts().create_address_entry(
        address("t1", "a" + std::to_string(i), "Name", "123"), w.clock.now(), fx));
  }
  auto r = rejection_of(w.engine.contacts().create_address_entry(
      address("t1", "one-more", "Name", "123"), w.clock.now(), fx));
  CHECK(r.reason == Reason::Conflict);
  CHECK(w.engine.contacts().create_address_entry(address("t2", "b", "Name", "123"), w.clock.now(),
                                                 fx));
}

TEST_CASE("Deleting a tenant forgets its contact book, restore rebuilds it", "[contact_book]") {
  BookWorld w;
  w.add(expert("t1", "d1", "Dana", "", "", "+40215550999"));
  Effects fx;
  REQUIRE(w.engine.delete_tenant("t1", {}, fx));
  CHECK(w.book().address_entry("t1", "a1") == nullptr);
  CHECK(w.book().directory_entry("t1", "d1") == nullptr);
  CHECK(w.book().address_entry("t2", "z1") != nullptr);

  Snapshot s;
  s.tenants.push_back(*w.dir().tenant("t2"));
  s.address_entries.push_back(address("t2", "r1", "Restored", "+4021"));
  s.directory_entries.push_back(expert("t2", "r2", "Expert", "", "", "123"));
  Engine fresh(EngineOptions{});
  fresh.restore(s, w.clock.now(), fx);
  CHECK(fresh.contacts().address_entry("t2", "r1")->name == "Restored");
  CHECK(fresh.contacts().directory_entry("t2", "r2")->company_number == "123");
}
