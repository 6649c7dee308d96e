#include "core/contact_book.hpp"

#include <algorithm>

#include "core/text_rules.hpp"

namespace ccr::core {
namespace {

constexpr std::size_t kMaxEmailLength = 254;

// What a DN1-normalised number is made of; the full rule (lengths, `+` first) is proto's.
bool dial_number_text(const std::string& number) {
  return !number.empty() && std::all_of(number.begin(), number.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == '+' || c == '#' || c == '*' || c == ':';
  });
}

bool email_text(const std::string& email) {
  const auto at = email.find('@');
  return at != std::string::npos && at != 0 && at + 1 < email.size() &&
         email.find('@', at + 1) == std::string::npos &&
         email.find_first_of(" \t") == std::string::npos;
}

// Stores the cleaned text in `value`, or adds the field's errors to `r`.
void clean_into(std::string& value, const Result<std::string>& cleaned, Rejection& r) {
  if (cleaned) {
    value = cleaned.value();
  } else {
    r.errors.insert(r.errors.end(), cleaned.rejection().errors.begin(),
                    cleaned.rejection().errors.end());
  }
}

Rejection book_full(const std::string& what) {
  return {Reason::Conflict,
          "the " + what + " holds at most " + std::to_string(kMaxContactEntries) + " entries"};
}

// A search text: a substring of the named fields, or (number_query) digits of the number.
class Query {
 public:
  explicit Query(std::string_view text) : text_(trim_blanks(text)), digits_(number_query(text_)) {}

  bool named(std::string_view field) const { return contains_ignoring_case(field, text_); }
  bool in_number(const std::string& number) const {
    return !digits_.empty() && digits_of(number).find(digits_) != std::string::npos;
  }
  bool whole_number(const std::string& number) const {
    return !digits_.empty() && digits_of(number) == digits_;
  }
  bool matches(const AddressEntry& e) const { return named(e.name) || in_number(e.number); }
  bool matches(const DirectoryEntry& e) const {
    return named(e.name) || named(e.role) || named(e.department) || whole_number(e.company_number);
  }

 private:
  std::string text_;
  std::string digits_;
};

template <typename T>
Found<T> search(const std::map<std::string, T>& items, const Query& query, std::size_t limit,
                bool (*eligible)(const T&)) {
  std::vector<const T*> matches;
  for (const auto& [id, item] : items) {
    if (eligible(item) && query.matches(item)) matches.push_back(&item);
  }
  return first_by_name(std::move(matches), limit);
}

}  // namespace

void ContactBook::restore(const Snapshot& s) {
  tenants_.clear();
  for (const auto& e : s.address_entries) tenants_[e.tenant_id].addresses[e.id] = e;
  for (const auto& e : s.directory_entries) tenants_[e.tenant_id].experts[e.id] = e;
}

const ContactBook::TenantBook* ContactBook::data(const std::string& tenant_id) const {
  auto it = tenants_.find(tenant_id);
  return it == tenants_.end() ? nullptr : &it->second;
}

void ContactBook::forget_tenant(const std::string& tenant_id) { tenants_.erase(tenant_id); }

// --- address book ----------------------------------------------------------------------------

Status ContactBook::check_address_entry(AddressEntry& e) const {
  Rejection r{Reason::ValidationFailed, "validation failed"};
  clean_into(e.name, clean_name(e.name), r);
  if (!dial_number_text(e.number)) {
    r.errors.push_back({"number", "must be a dial number normalised by DN1"});
  }
  if (!r.errors.empty()) return r;
  return Done{};
}

Result<AddressEntry> ContactBook::create_address_entry(AddressEntry e, Time now, Effects& fx) {
  if (directory_.tenant(e.tenant_id) == nullptr) return not_found("tenant");
  if (auto ok = check_address_entry(e); !ok) return ok.rejection();
  auto& book = tenants_[e.tenant_id].addresses;
  if (book.size() >= kMaxContactEntries) return book_full("address book");
  e.created_at = now;
  e.version = 1;
  book[e.id] = e;
  fx.persist(AddressEntryPut{e});
  return e;
}

Result<AddressEntry> ContactBook::replace_address_entry(AddressEntry next, IfMatch if_match,
                                                        Effects& fx) {
  const auto* current = address_entry(next.tenant_id, next.id);
  if (current == nullptr) return not_found("address book entry");
  if (auto r = stale(current->version, if_match)) return *r;
  if (auto ok = check_address_entry(next); !ok) return ok.rejection();
  next.created_at = current->created_at;
  next.version = current->version + 1;
  tenants_[next.tenant_id].addresses[next.id] = next;
  fx.persist(AddressEntryPut{next});
  return next;
}

Status ContactBook::delete_address_entry(const std::string& tenant_id, const std::string& id,
                                         IfMatch if_match, Effects& fx) {
  const auto* e = address_entry(tenant_id, id);
  if (e == nullptr) return not_found("address book entry");
  if (auto r = stale(e->version, if_match)) return *r;
  tenants_[tenant_id].addresses.erase(id);
  fx.persist(AddressEntryDeleted{tenant_id, id});
  return Done{};
}

const AddressEntry* ContactBook::address_entry(const std::string& tenant_id,
                                               const std::string& id) const {
  const auto* d = data(tenant_id);
  if (d == nullptr) return nullptr;
  auto it = d->addresses.find(id);
  return it == d->addresses.end() ? nullptr : &it->second;
}

std::vector<const AddressEntry*> ContactBook::address_entries_after(
    const std::string& tenant_id, const std::string& cursor, std::size_t limit,
    const std::string& query) const {
  const auto* d = data(tenant_id);
  if (d == nullptr) return {};
  const Query q(query);
  return page(d->addresses, cursor, limit, [&](const AddressEntry& e) { return q.matches(e); });
}

Found<AddressEntry> ContactBook::search_address_book(const std::string& tenant_id,
                                                     const std::string& query,
                                                     std::size_t limit) const {
  const auto* d = data(tenant_id);
  if (d == nullptr) return {};
  return search<AddressEntry>(d->addresses, Query(query), limit,
                              [](const AddressEntry&) { return true; });
}

// --- organisation directory ------------------------------------------------------------------

Status ContactBook::check_directory_entry(DirectoryEntry& e) const {
  Rejection r{Reason::ValidationFailed, "validation failed"};
  clean_into(e.name, clean_name(e.name), r);
  clean_into(e.role, clean_text(e.role, "role", kMaxNameLength), r);
  clean_into(e.department, clean_text(e.department, "department", kMaxNameLength), r);
  clean_into(e.email, clean_text(e.email, "email", kMaxEmailLength), r);
  if (!e.email.empty() && !email_text(e.email)) {
    r.errors.push_back({"email", "must look like name@domain"});
  }
  if (!e.company_number.empty() && !dial_number_text(e.company_number)) {
    r.errors.push_back({"company_number", "must be a dial number normalised by DN1"});
  }
  if (!r.errors.empty()) return r;
  return Done{};
}

Result<DirectoryEntry> ContactBook::create_directory_entry(DirectoryEntry e, Time now,
                                                           Effects& fx) {
  if (directory_.tenant(e.tenant_id) == nullptr) return not_found("tenant");
  if (auto ok = check_directory_entry(e); !ok) return ok.rejection();
  auto& experts = tenants_[e.tenant_id].experts;
  if (experts.size() >= kMaxContactEntries) return book_full("directory");
  e.created_at = now;
  e.version = 1;
  experts[e.id] = e;
  fx.persist(DirectoryEntryPut{e});
  return e;
}

Result<DirectoryEntry> ContactBook::replace_directory_entry(DirectoryEntry next, IfMatch if_match,
                                                            Effects& fx) {
  const auto* current = directory_entry(next.tenant_id, next.id);
  if (current == nullptr) return not_found("directory entry");
  if (auto r = stale(current->version, if_match)) return *r;
  if (auto ok = check_directory_entry(next); !ok) return ok.rejection();
  next.created_at = current->created_at;
  next.version = current->version + 1;
  tenants_[next.tenant_id].experts[next.id] = next;
  fx.persist(DirectoryEntryPut{next});
  return next;
}

Status ContactBook::delete_directory_entry(const std::string& tenant_id, const std::string& id,
                                           IfMatch if_match, Effects& fx) {
  const auto* e = directory_entry(tenant_id, id);
  if (e == nullptr) return not_found("directory entry");
  if (auto r = stale(e->version, if_match)) return *r;
  tenants_[tenant_id].experts.erase(id);
  fx.persist(DirectoryEntryDeleted{tenant_id, id});
  return Done{};
}

const DirectoryEntry* ContactBook::directory_entry(const std::string& tenant_id,
                                                   const std::string& id) const {
  const auto* d = data(tenant_id);
  if (d == nullptr) return nullptr;
  auto it = d->experts.find(id);
  return it == d->experts.end() ? nullptr : &it->second;
}

std::vector<const DirectoryEntry*> ContactBook::directory_entries_after(
    const std::string& tenant_id, const std::string& cursor, std::size_t limit,
    const std::string& query) const {
  const auto* d = data(tenant_id);
  if (d == nullptr) return {};
  const Query q(query);
  return page(d->experts, cursor, limit, [&](const DirectoryEntry& e) { return q.matches(e); });
}

Found<DirectoryEntry> ContactBook::search_directory(const std::string& tenant_id,
                                                    const std::string& query,
                                                    std::size_t limit) const {
  const auto* d = data(tenant_id);
  if (d == nullptr) return {};
  return search<DirectoryEntry>(d->experts, Query(query), limit, [](const DirectoryEntry& e) {
    return !e.company_number.empty();  // CO1
  });
}

}  // namespace ccr::core
