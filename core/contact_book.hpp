// The address book and the organisation directory of every tenant (CO1, TR1): validated admin
// changes with Persist effects, tenant-scoped look-ups (another tenant's id reads as unknown),
// cursor pages for the admin API and name-ordered searches for the desktop's target lists.
// Updates take the whole next value (the REST layer merges a PATCH into the current one), as
// core::RoutingConfig does. Numbers arrive normalised by DN1. io thread only.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "core/contact_book_model.hpp"
#include "core/crud_rules.hpp"
#include "core/directory.hpp"
#include "core/effects.hpp"
#include "core/patches.hpp"
#include "core/rejection.hpp"

namespace ccr::core {

// The most entries a tenant keeps in its address book, and in its directory.
inline constexpr std::size_t kMaxContactEntries = 10000;

class ContactBook {
 public:
  explicit ContactBook(const Directory& directory) : directory_(directory) {}

  void restore(const Snapshot& snapshot);

  // Address book. A search text matches a name (a substring, ASCII case ignored) or, when it
  // reads as a number (number_query), a run of digits of the entry's number.
  Result<AddressEntry> create_address_entry(AddressEntry draft, Time now, Effects& fx);
  Result<AddressEntry> replace_address_entry(AddressEntry next, IfMatch if_match, Effects& fx);
  Status delete_address_entry(const std::string& tenant_id, const std::string& id, IfMatch if_match,
                              Effects& fx);
  const AddressEntry* address_entry(const std::string& tenant_id, const std::string& id) const;
  std::vector<const AddressEntry*> address_entries_after(const std::string& tenant_id,
                                                         const std::string& cursor,
                                                         std::size_t limit,
                                                         const std::string& query) const;
  Found<AddressEntry> search_address_book(const std::string& tenant_id, const std::string& query,
                                          std::size_t limit) const;

  // Organisation directory (CO1). A search text matches a name, role or department (a substring,
  // ASCII case ignored) or, when it reads as a number, the whole company number's digits.
  Result<DirectoryEntry> create_directory_entry(DirectoryEntry draft, Time now, Effects& fx);
  Result<DirectoryEntry> replace_directory_entry(DirectoryEntry next, IfMatch if_match,
                                                 Effects& fx);
  Status delete_directory_entry(const std::string& tenant_id, const std::string& id,
                                IfMatch if_match, Effects& fx);
  const DirectoryEntry* directory_entry(const std::string& tenant_id, const std::string& id) const;
  // Every entry, with or without a company number (the admin's view).
  std::vector<const DirectoryEntry*> directory_entries_after(const std::string& tenant_id,
                                                             const std::string& cursor,
                                                             std::size_t limit,
                                                             const std::string& query) const;
  // Consult and transfer targets: only entries with a company number (CO1).
  Found<DirectoryEntry> search_directory(const std::string& tenant_id, const std::string& query,
                                         std::size_t limit) const;

  void forget_tenant(const std::string& tenant_id);

 private:
  struct TenantBook {
    std::map<std::string, AddressEntry> addresses;
    std::map<std::string, DirectoryEntry> experts;
  };

  Status check_address_entry(AddressEntry& e) const;
  Status check_directory_entry(DirectoryEntry& e) const;
  const TenantBook* data(const std::string& tenant_id) const;

  const Directory& directory_;
  std::map<std::string, TenantBook> tenants_;
};

}  // namespace ccr::core
