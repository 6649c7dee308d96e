// The `call` column of interactions: legs, the consult in progress, the wrap-ups owed by agents
// who left, and the transferring agent (TR4), as JSON. Pure functions; any thread. Decoding
// throws StorageError on text this build did not write.
#pragma once

#include <string>

#include "core/interaction.hpp"

namespace ccr::storage::codec {

std::string encode_call(const core::Interaction& it);
// Sets the call fields of `it` from the column.
void decode_call(const std::string& text, core::Interaction& it);

}  // namespace ccr::storage::codec
