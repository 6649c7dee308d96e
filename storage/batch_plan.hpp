// Which ops of a group-commit batch must be written. An interaction put or an agent-session put
// replaces the whole row, so when the same batch (one transaction) puts the same row again
// later, the earlier put changes nothing that stays: under load a contact's creation and its
// offer, or an agent's state and its next state, land in one batch and only the last is written.
// Every other op is always written, in order. Writer thread (pure function, any thread).
#pragma once

#include <vector>

#include "storage/ops.hpp"

namespace ccr::storage {

// One flag per op of `batch` (in commit order): true when it must be written.
std::vector<bool> ops_to_write(const std::vector<const Op*>& batch);

}  // namespace ccr::storage
