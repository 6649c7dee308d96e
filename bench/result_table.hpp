// Turns the result lines of one bench/run (JSON objects from the scenarios, each with a
// "label") into the Markdown table of docs/performance.md: every figure of ccrouter next to the
// baseline's, their ratio, and the target it is held to. Main thread.
#pragma once

#include <istream>
#include <ostream>

namespace ccr::bench {

// Returns false when a figure misses its target.
bool print_table(std::istream& results, std::ostream& out);

}  // namespace ccr::bench
