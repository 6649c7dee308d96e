#include "ws_agents.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>

#include "frame_peek.hpp"

namespace ccr::bench {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = boost::asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

namespace {

struct Agent {
  explicit Agent(boost::asio::io_context& io) : ws(io) {}
  websocket::stream<beast::tcp_stream> ws;
  beast::flat_buffer buffer;
  std::deque<std::string> outbox;
  AgentLogin login;
  SteadyClock::time_point ping_sent;
  bool writing = false;
  bool ready = false;
  bool settled = false;  // ready or failed: its connect slot is free again
  bool open = false;
};

std::string command(std::string_view type, std::string_view id, std::string_view fields = {}) {
  std::string text;
  text.reserve(64 + fields.size());
  text.append(R"({"type":")").append(type).append(R"(","id":")").append(id).append("\"");
  if (!fields.empty()) text.append(",").append(fields);
  text.append("}");
  return text;
}

}  // namespace

struct AgentFleet::Impl {
  Impl(boost::asio::io_context& io_context, unsigned short port_number, AgentPlan agent_plan,
       AgentCallbacks agent_callbacks)
      : io(io_context),
        endpoint(boost::asio::ip::make_address("127.0.0.1"), port_number),
        plan(std::move(agent_plan)),
        callbacks(std::move(agent_callbacks)) {}

  void connect_next() {
    while (connecting < parallel && next < agents.size()) {
      ++connecting;
      start(*agents[next++]);
    }
  }

  void start(Agent& a) {
    beast::get_lowest_layer(a.ws).expires_after(std::chrono::seconds(30));
    beast::get_lowest_layer(a.ws).async_connect(endpoint, [this, &a](beast::error_code ec) {
      if (ec) return settle(a, false);
      beast::get_lowest_layer(a.ws).socket().set_option(tcp::no_delay(true));
      a.ws.set_option(websocket::stream_base::decorator(
          [token = a.login.token](websocket::request_type& request) {
            request.set(beast::http::field::authorization, "Bearer " + token);
          }));
      a.ws.async_handshake("127.0.0.1", "/v1/agent", [this, &a](beast::error_code hs_ec) {
        if (hs_ec) return settle(a, false);
        beast::get_lowest_layer(a.ws).expires_never();
        a.ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
        a.ws.text(true);
        a.open = true;
        read(a);
      });
    });
  }

  void settle(Agent& a, bool ok) {
    if (a.settled) return;
    a.settled = true;
    a.ready = ok;
    if (ok) {
      ++ready_count;
    } else {
      ++counters.failed;
    }
    --connecting;
    if (++settled_count == agents.size() && connected) {
      auto done = std::move(connected);
      done();
      return;
    }
    connect_next();
  }

  void read(Agent& a) {
    a.ws.async_read(a.buffer, [this, &a](beast::error_code ec, std::size_t) {
      if (ec) {
        a.open = false;
        if (a.ready) {
          ++counters.dropped;
          --ready_count;
        }
        return settle(a, false);
      }
      const std::string_view frame(static_cast<const char*>(a.buffer.data().data()),
                                   a.buffer.size());
      on_frame(a, frame);
      a.buffer.consume(a.buffer.size());
      read(a);
    });
  }

  void on_frame(Agent& a, std::string_view frame) {
    const auto type = peek_string(frame, "type").value_or("");
    if (type == "ack") {
      on_ack(a, peek_string(frame, "re").value_or(""));
    } else if (type == "offer") {
      on_offer(a, frame);
    } else if (type == "offer_withdrawn") {
      if (callbacks.withdrawn) {
        callbacks.withdrawn(peek_string(frame, "offer_id").value_or(""),
                            peek_string(frame, "reason").value_or(""));
      }
    } else if (type == "agent_state") {
      if (plan.return_from_rona && peek_string(frame, "state") == "RONA") {
        send(a, command("set_state", "s", R"("state":"Available")"));
      }
    } else if (type == "hello") {
      send(a, command("login", "l",
                      R"("team_id":")" + plan.team_id + R"(","dial_number":")" +
                          a.login.dial_number + "\""));
    } else if (type == "error") {
      ++counters.errors;
      if (counters.first_error.empty()) counters.first_error = frame;
      if (peek_string(frame, "re") == "l") settle(a, false);
    }
  }

  void on_offer(Agent& a, std::string_view frame) {
    ++counters.offers;
    const auto offer_id = peek_string(frame, "offer_id").value_or("");
    if (callbacks.offer) {
      callbacks.offer(offer_id, peek_string(frame, "ani").value_or(""),
                      peek_string(frame, "expires_at").value_or(""));
    }
    if (!plan.accept_offers) return;
    const auto interaction = peek_string(frame, "interaction_id").value_or("");
    send(a, command("accept", "a|" + std::string(interaction),
                    R"("offer_id":")" + std::string(offer_id) + "\""));
  }

  void on_ack(Agent& a, std::string_view re) {
    if (re.empty()) return;
    const std::string interaction(re.size() > 2 ? re.substr(2) : std::string_view{});
    switch (re.front()) {
      case 'l':
        settle(a, true);
        if (pinging) ping(a);
        break;
      case 'a':
        end_after_hold(a, interaction);
        break;
      case 'e':
        send(a, command("wrapup", "w|" + interaction,
                        R"("interaction_id":")" + interaction + R"(","wrapup_code_id":")" +
                            plan.wrapup_code_id + "\""));
        break;
      case 'w':
        ++counters.wrapped_up;
        if (callbacks.wrapped_up) callbacks.wrapped_up();
        break;
      case 'p':
        if (callbacks.pong) {
          callbacks.pong(
              std::chrono::duration<double, std::micro>(SteadyClock::now() - a.ping_sent).count());
        }
        if (pinging) ping(a);
        break;
      default:
        break;
    }
  }

  void end_after_hold(Agent& a, const std::string& interaction) {
    auto end = [this, &a, interaction] {
      send(a, command("end", "e|" + interaction, R"("interaction_id":")" + interaction + "\""));
    };
    if (plan.hold.count() == 0) return end();
    auto timer = std::make_shared<boost::asio::steady_timer>(io, plan.hold);
    timer->async_wait([timer, end](beast::error_code ec) {
      if (!ec) end();
    });
  }

  void ping(Agent& a) {
    a.ping_sent = SteadyClock::now();
    send(a, command("ping", "p"));
  }

  void send(Agent& a, std::string text) {
    if (!a.open) return;
    a.outbox.push_back(std::move(text));
    if (!a.writing) write_next(a);
  }

  void write_next(Agent& a) {
    a.writing = true;
    a.ws.async_write(boost::asio::buffer(a.outbox.front()),
                     [this, &a](beast::error_code ec, std::size_t) {
                       a.outbox.pop_front();
                       a.writing = false;
                       if (ec) {
                         a.outbox.clear();
                         return;
                       }
                       if (!a.outbox.empty()) write_next(a);
                     });
  }

  boost::asio::io_context& io;
  tcp::endpoint endpoint;
  AgentPlan plan;
  AgentCallbacks callbacks;
  std::vector<std::unique_ptr<Agent>> agents;
  std::function<void()> connected;
  std::size_t parallel = 1;
  std::size_t next = 0;
  std::size_t connecting = 0;
  std::size_t settled_count = 0;
  std::size_t ready_count = 0;
  bool pinging = false;
  FleetCounters counters;
};

AgentFleet::AgentFleet(boost::asio::io_context& io, unsigned short port, AgentPlan plan,
                       AgentCallbacks callbacks)
    : impl_(std::make_unique<Impl>(io, port, std::move(plan), std::move(callbacks))) {}

AgentFleet::~AgentFleet() = default;

void AgentFleet::connect(std::vector<AgentLogin> agents, std::size_t parallel,
                         std::function<void()> done) {
  auto& impl = *impl_;
  for (auto& login : agents) {
    impl.agents.push_back(std::make_unique<Agent>(impl.io));
    impl.agents.back()->login = std::move(login);
  }
  impl.parallel = std::max<std::size_t>(1, parallel);
  impl.connected = std::move(done);
  if (impl.settled_count == impl.agents.size()) {
    auto finished = std::move(impl.connected);
    if (finished) finished();
    return;
  }
  impl.connect_next();
}

void AgentFleet::start_pings() {
  impl_->pinging = true;
  for (auto& a : impl_->agents) {
    if (a->ready && a->open) impl_->ping(*a);
  }
}

void AgentFleet::stop_pings() { impl_->pinging = false; }

std::size_t AgentFleet::ready() const { return impl_->ready_count; }

const FleetCounters& AgentFleet::counters() const { return impl_->counters; }

void AgentFleet::close_all() {
  for (auto& a : impl_->agents) {
    beast::error_code ignored;
    a->open = false;
    beast::get_lowest_layer(a->ws).socket().close(ignored);
  }
}

}  // namespace ccr::bench
