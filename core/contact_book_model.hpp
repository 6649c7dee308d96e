// A tenant's contact book: address-book entries (names with dial numbers, CO1's "dial number"
// targets) and organisation-directory entries (experts with a role, a department and a company
// number, CO1's "directory" targets). Plain values; owned by core::ContactBook on the io thread.
#pragma once

#include <cstdint>
#include <string>

#include "core/time.hpp"

namespace ccr::core {

struct AddressEntry {
  std::string id;
  std::string tenant_id;
  std::string name;
  std::string number;  // normalised by DN1 before it reaches core
  Time created_at{};
  std::uint64_t version = 1;
};

struct DirectoryEntry {
  std::string id;
  std::string tenant_id;
  std::string name;
  std::string role;            // e.g. "Tax advisor"; may be empty
  std::string department;      // may be empty
  std::string company_number;  // DN1-normalised; empty: never a consult or transfer target (CO1)
  std::string email;           // may be empty
  Time created_at{};
  std::uint64_t version = 1;
};

}  // namespace ccr::core
