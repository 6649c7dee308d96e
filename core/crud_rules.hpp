// Rules every configuration collection shares: not-found and If-Match rejections, and cursor
// pages over an id-ordered map. Pure helpers; any thread.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/patches.hpp"
#include "core/rejection.hpp"

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

}  // namespace ccr::core
