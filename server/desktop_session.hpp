// The agent-desktop protocol of one WebSocket connection, free of Beast: authentication (bearer
// on upgrade or an `authenticate` first frame), command parsing and dispatch to the core, and
// replies released after their changes commit. A malformed frame gets an `error` frame and the
// connection stays usable. io thread only.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/effects.hpp"
#include "core/interaction.hpp"
#include "core/model.hpp"
#include "core/rejection.hpp"
#include "proto/desktop_json.hpp"
#include "server/agent_hub.hpp"

namespace ccr::server {

class App;

class DesktopSession {
 public:
  // What the transport must do after a frame.
  enum class Next { KeepOpen, Close };

  DesktopSession(App& app, std::string session_id);

  // The connection is open; `who` is set when the upgrade carried a valid bearer token.
  void open(const std::shared_ptr<DesktopLink>& link, std::optional<core::Principal> who);
  Next on_text(std::string_view text);
  // Binary frames are not part of the protocol.
  void on_binary();
  void on_closed();
  bool authenticated() const { return who_.has_value(); }

 private:
  Next authenticate(const proto::CommandEnvelope& envelope, const nlohmann::json& frame);
  void attach(const core::Principal& who);
  void dispatch(const proto::CommandEnvelope& envelope, const nlohmann::json& frame);
  void login(const std::string& re, const nlohmann::json& frame);
  void set_state(const std::string& re, const nlohmann::json& frame);
  void logout(const std::string& re);
  void update_settings(const std::string& re, const nlohmann::json& frame);
  void accept(const std::string& re, const nlohmann::json& frame);
  void accept_all(const std::string& re);
  void decline(const std::string& re, const nlohmann::json& frame);
  void end(const std::string& re, const nlohmann::json& frame);
  void wrapup(const std::string& re, const nlohmann::json& frame);
  // Call control (desktop_call_control.cpp): true when `type` is one of its commands.
  bool call_control(const std::string& type, const std::string& re, const nlohmann::json& frame);
  void leg_command(const std::string& type, const std::string& re, const nlohmann::json& frame);
  void target_command(const std::string& type, const std::string& re, const nlohmann::json& frame);
  void call_command(const std::string& type, const std::string& re, const nlohmann::json& frame);
  // Applies a call-control change and acknowledges it with the interaction as this agent sees it.
  void conclude_call(const std::string& type, const std::string& re,
                     const core::Result<core::Interaction>& done, core::Effects& fx);
  // CO1, TR1: the consult or transfer targets the agent may pick (desktop_targets.cpp).
  void list_targets(const std::string& re, const nlohmann::json& frame);

  void ack(const std::string& type, const std::string& re, nlohmann::json result);
  // Acknowledges with the interaction as this agent sees it (written as text).
  void ack_interaction(const std::string& type, const std::string& re, const core::Interaction& it);
  // Counts the command's outcome and sends `frame` once what the command changed is durable.
  void send_reply(const std::string& type, const char* outcome, std::string frame);
  void reject(const std::string& type, const std::string& re, const core::Rejection& rejection);
  void reject_fields(const std::string& type, const std::string& re,
                     const proto::FieldErrors& errors);

  App& app_;
  std::string session_id_;
  std::weak_ptr<DesktopLink> link_;
  std::optional<core::Principal> who_;
};

}  // namespace ccr::server
