// Rules every configuration collection shares: not-found and If-Match rejections, cursor pages
// over an id-ordered map, and capped search results in name order. Pure helpers; any thread.
#pragma once

#include <algorithm>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/patches.hpp"
#include "core/rejection.hpp"
#include "core/text_rules.hpp"

namespace ccr::core {

inline Rejection not_found(const std::string& what) {
  return {Reason::NotFound, what + " not found", {}, {}};
}

// PreconditionFailed when the caller's If-Match names another version.
inline std::optional<Rejection> stale(std::uint64_t version, IfMatch if_match) {
  if (if_match && *if_match != version) {
    return Rejection{
        Reason::PreconditionFailed, "the resource changed since it was read (If-Match)", {}, {}};
  }
  return std::nullopt;
}

// Up to `limit` items after `cursor` (an id) that `keep` accepts, in id order.
template <typename T, typename Keep>
std::vector<const T*> page(const std::map<std::string, T>& items, const std::string& cursor,
                           std::size_t limit, Keep keep) {
  std::vector<const T*> out;
  for (auto it = items.upper_bound(cursor); it != items.end() && out.size() < limit; ++it) {
    if (keep(it->second)) out.push_back(&it->second);
  }
  return out;
}

// A search's answer: at most `limit` matches, and how many matched in all.
template <typename T>
struct Found {
  std::vector<const T*> items;
  std::size_t total = 0;
};

// The first `limit` of `matches` by name (ASCII case ignored), then id.
template <typename T>
Found<T> first_by_name(std::vector<const T*> matches, std::size_t limit) {
  const auto by_name = [](const T* a, const T* b) {
    if (less_ignoring_case(a->name, b->name)) return true;
    if (less_ignoring_case(b->name, a->name)) return false;
    return a->id < b->id;
  };
  const auto kept = std::min(limit, matches.size());
  std::partial_sort(matches.begin(), matches.begin() + static_cast<std::ptrdiff_t>(kept),
                    matches.end(), by_name);
  Found<T> out;
  out.total = matches.size();
  matches.resize(kept);
  out.items = std::move(matches);
  return out;
}

}  // namespace ccr::core
