// Typed rejections and Result<T>: how core says "no" without throwing or half-applying.
// Pure value types; any thread.
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace ccr::core {

// One per machine-readable error code of the protocol (spec/protocol.md), plus the REST-only
// additions documented in docs/rest.md (conflict, precondition_failed).
enum class Reason {
  Unauthenticated,
  Forbidden,
  NotFound,
  ValidationFailed,
  InvalidState,
  OfferPending,
  OfferGone,
  CustomerOnHold,
  ConsultNotAccepted,
  NotConsultInitiator,
  TargetUnavailable,
  InvalidDialNumber,
  CapacityReached,
  CallCapReached,
  QueueFull,
  Closed,
  RecordingLocked,
  VersionConflict,
  RateLimited,
  TooLarge,
  Internal,
  Conflict,
  PreconditionFailed,
};

struct FieldError {
  std::string field;
  std::string message;
};

struct Rejection {
  Rejection() = default;
  Rejection(Reason r, std::string m, std::vector<FieldError> e = {}, std::string state = {})
      : reason(r), message(std::move(m)), errors(std::move(e)), current_state(std::move(state)) {}

  Reason reason = Reason::Internal;
  std::string message;
  std::vector<FieldError> errors;  // per-field detail for ValidationFailed
  std::string current_state;       // for InvalidState: the state the subject is in
  std::string scope;               // for CallCapReached: "tenant" or "server" (LI1)

  static Rejection invalid_field(std::string field, std::string message) {
    Rejection r{Reason::ValidationFailed, "validation failed"};
    r.errors.push_back({std::move(field), std::move(message)});
    return r;
  }
};

template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Rejection r) : v_(std::move(r)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  const Rejection& rejection() const { return std::get<1>(v_); }

 private:
  std::variant<T, Rejection> v_;
};

struct Done {};
using Status = Result<Done>;

}  // namespace ccr::core
