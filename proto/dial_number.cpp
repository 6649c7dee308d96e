#include "proto/dial_number.hpp"

#include <utility>

namespace ccr::proto {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_kept_symbol(char c) { return c == '+' || c == '#' || c == '*' || c == ':'; }

DialNumberResult failure(DialNumberError error, std::string message) {
  DialNumberResult result;
  result.error = error;
  result.message = std::move(message);
  return result;
}

}  // namespace

DialNumberResult normalize_dial_number(std::string_view input) {
  if (input.size() > kDialNumberMaxInputBytes) {
    return failure(DialNumberError::TooLong, "dial number input is longer than " +
                                                 std::to_string(kDialNumberMaxInputBytes) +
                                                 " characters");
  }
  std::string kept;
  kept.reserve(input.size());
  std::size_t digits = 0;
  for (const char c : input) {
    if (is_digit(c)) {
      ++digits;
      kept.push_back(c);
    } else if (is_kept_symbol(c)) {
      kept.push_back(c);
    }
  }
  if (kept.empty()) {
    return failure(DialNumberError::Empty, "dial number is empty");
  }
  if (kept.find('+', 1) != std::string::npos) {
    return failure(DialNumberError::MisplacedPlus,
                   "dial number may contain '+' only as its first character");
  }
  if (digits < kDialNumberMinDigits) {
    return failure(DialNumberError::TooShort, "dial number must have at least " +
                                                  std::to_string(kDialNumberMinDigits) + " digits");
  }
  if (digits > kDialNumberMaxDigits) {
    return failure(DialNumberError::TooLong, "dial number must have at most " +
                                                 std::to_string(kDialNumberMaxDigits) + " digits");
  }
  if (kept.size() > kDialNumberMaxKeptChars) {
    return failure(DialNumberError::TooLong, "dial number must have at most " +
                                                 std::to_string(kDialNumberMaxKeptChars) +
                                                 " characters including + # * :");
  }
  DialNumberResult result;
  result.number = std::move(kept);
  return result;
}

}  // namespace ccr::proto
