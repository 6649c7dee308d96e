// The one validator of dial numbers (rules DN1, DN2): login numbers, outdial, consult and transfer
// targets and entry-point numbers all pass through normalize_dial_number. Pure function with no
// shared state; any thread may call it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ccr::proto {

// Inputs longer than this are refused before any work is done.
inline constexpr std::size_t kDialNumberMaxInputBytes = 256;
// DN1 counts digits: a number has kDialNumberMinDigits..kDialNumberMaxDigits of them.
inline constexpr std::size_t kDialNumberMinDigits = 3;
inline constexpr std::size_t kDialNumberMaxDigits = 18;
// Cap on everything kept (digits plus `+ # * :`), so extension forms stay bounded.
inline constexpr std::size_t kDialNumberMaxKeptChars = 24;

enum class DialNumberError {
  None,
  Empty,          // nothing usable left after stripping
  TooShort,       // fewer than 3 digits
  TooLong,        // more than 18 digits, more than 24 kept characters, or oversized input
  MisplacedPlus,  // `+` anywhere but the first kept character
};

struct DialNumberResult {
  std::string number;  // the normalised number when ok()
  DialNumberError error = DialNumberError::None;
  std::string message;  // human text for the `invalid_dial_number` error when !ok()

  [[nodiscard]] bool ok() const noexcept { return error == DialNumberError::None; }
};

// DN1: strips every character other than ASCII digits and `+ # * :`, then requires 3 to 18 digits
// (only digits count), at most 24 kept characters, and `+` only in first position. DN2's US, E.164
// and IDD formats all satisfy this rule.
DialNumberResult normalize_dial_number(std::string_view input);

}  // namespace ccr::proto
