// The connected agent desktops: at most one per agent (AS7: a second desktop supersedes the
// first). DesktopLink is what a connection offers the rest of the server: send an event or a
// reply frame, or close. io thread only.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

namespace ccr::server {

class DesktopLink {
 public:
  virtual ~DesktopLink() = default;
  // Stamps `epoch` and the connection's next `seq` into `event` (a JSON object's text), then
  // queues the frame.
  virtual void send_event(std::string event) = 0;
  // Queues a reply frame (an ack or an error, a JSON object's text) as it is.
  virtual void send_frame(std::string frame) = 0;
  virtual void close(std::uint16_t code, const std::string& reason) = 0;
};

class AgentHub {
 public:
  // Makes `link` the agent's desktop; returns the one it supersedes, if any.
  std::shared_ptr<DesktopLink> attach(const std::string& agent_id,
                                      const std::shared_ptr<DesktopLink>& link);
  // Forgets `link`; true when it was the agent's current desktop.
  bool detach(const std::string& agent_id, const DesktopLink* link);
  std::shared_ptr<DesktopLink> find(const std::string& agent_id) const;
  void for_each(
      const std::function<void(const std::string&, const std::shared_ptr<DesktopLink>&)>& fn) const;
  std::size_t size() const { return links_.size(); }

 private:
  std::unordered_map<std::string, std::weak_ptr<DesktopLink>> links_;
};

}  // namespace ccr::server
