// JSON shapes of the address book and the organisation directory (docs/rest.md) and the parsing of
// their create and PATCH bodies: a body is merged onto a base value (a fresh one on create, the
// current one on PATCH) field by field, with per-field errors and unknown fields refused. Numbers
// then pass DN1 through normalize_number; names, lengths and the e-mail shape are core's to check
// (core::ContactBook). Pure functions; any thread.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "core/contact_book_model.hpp"
#include "core/rejection.hpp"
#include "proto/json_input.hpp"

namespace ccr::proto {

// Empty optional texts read as null.
nlohmann::json to_json(const core::AddressEntry& e);
nlohmann::json to_json(const core::DirectoryEntry& e);

// POST /v1/address-book (`creating`: name and number required) and PATCH /v1/address-book/{id}.
std::optional<core::AddressEntry> parse_address_entry(const nlohmann::json& body,
                                                      FieldErrors& errors, core::AddressEntry base,
                                                      bool creating);

// POST /v1/directory (`creating`: name required) and PATCH /v1/directory/{id}; role, department,
// company_number and email are optional, and null (or "") clears them.
std::optional<core::DirectoryEntry> parse_directory_entry(const nlohmann::json& body,
                                                          FieldErrors& errors,
                                                          core::DirectoryEntry base, bool creating);

// DN1: normalises the entry's number in place, or returns the invalid_dial_number rejection with
// an error on `number` (`company_number`; an empty company number stays empty).
std::optional<core::Rejection> normalize_number(core::AddressEntry& e);
std::optional<core::Rejection> normalize_number(core::DirectoryEntry& e);

}  // namespace ccr::proto
