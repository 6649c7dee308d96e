// Malformed desktop frames over a real WebSocket: each gets an `error` frame with the right code,
// changes nothing, and leaves the connection usable; a frame over 64 KiB closes it with 1009.
#include <catch2/catch.hpp>

#include "clients.hpp"
#include "replies.hpp"
#include "server_process.hpp"
#include "world.hpp"

using namespace ccr::test;
using nlohmann::json;

namespace {

struct DesktopMalformedFixture {
  TempDir dir;
  ServerProcess server{{dir.file("ccr.db"), {}, {}}};
  World world = make_world(server.port());
};

struct Malformed {
  const char* name;
  std::string bytes;
  bool binary = false;
  const char* code = "validation_failed";
  const char* field = nullptr;  // a field the per-field errors must name, when known
  const char* re = "";          // the request id the error must echo (nullptr: not checked)
};

std::string nested_arrays(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

std::vector<Malformed> malformed_frames(const World& w) {
  const std::string team = w.team_id;
  const std::string login_prefix = R"({"type":"login","id":"m-login",)";
  return {
      {"not JSON", "hello there"},
      {"truncated JSON", R"({"type":"ping","id":"m1")"},
      {"trailing garbage", R"({"type":"ping","id":"m1"} trailing)"},
      {"JSON array", R"([{"type":"ping"}])", false, "validation_failed", "frame"},
      {"JSON string", R"("ping")", false, "validation_failed", "frame"},
      {"JSON number", "42", false, "validation_failed", "frame"},
      {"JSON null", "null", false, "validation_failed", "frame"},
      {"empty object", "{}", false, "validation_failed", "type"},
      {"missing type", R"({"id":"m2"})", false, "validation_failed", "type", "m2"},
      {"type not a string", R"({"type":7,"id":"m3"})", false, "validation_failed", "type", "m3"},
      {"type empty", R"({"type":"","id":"m3e"})", false, "validation_failed", "type", "m3e"},
      {"unknown command type", R"({"type":"teleport","id":"m4"})", false, "validation_failed",
       "type", "m4"},
      {"id not a string", R"({"type":"ping","id":17})", false, "validation_failed", "id"},
      {"depth bomb (5000 nested arrays)", nested_arrays(5000)},
      {"depth bomb inside a command",
       R"({"type":"login","id":"m5","team_id":)" + nested_arrays(5000) + "}"},
      {"unknown field in login",
       login_prefix + R"("team_id":")" + team + R"(","dial_number":"2015550100","colour":"red"})",
       false, "validation_failed", "colour", "m-login"},
      {"login team_id as a number", login_prefix + R"("team_id":12,"dial_number":"2015550100"})",
       false, "validation_failed", "team_id", "m-login"},
      {"login dial_number as an object",
       login_prefix + R"("team_id":")" + team + R"(","dial_number":{"n":"2015550100"}})", false,
       "validation_failed", "dial_number", "m-login"},
      {"login without dial_number", login_prefix + R"("team_id":")" + team + R"("})", false,
       "validation_failed", "dial_number", "m-login"},
      {"set_state RONA (AS2)", R"({"type":"set_state","id":"m6","state":"RONA"})", false,
       "validation_failed", "state", "m6"},
      {"set_state LoggedOut", R"({"type":"set_state","id":"m7","state":"LoggedOut"})", false,
       "validation_failed", "state", "m7"},
      {"set_state lowercase available", R"({"type":"set_state","id":"m8","state":"available"})",
       false, "validation_failed", "state", "m8"},
      {"set_state without state", R"({"type":"set_state","id":"m8b"})", false, "validation_failed",
       "state", "m8b"},
      {"set_state idle_code_id as an array",
       R"({"type":"set_state","id":"m9","state":"Idle","idle_code_id":["x"]})", false,
       "validation_failed", "idle_code_id", "m9"},
      {"binary frame", R"({"type":"ping","id":"m10"})", true, "validation_failed", "frame"},
      {"string with invalid Unicode (lone surrogate escape)",
       R"({"type":"ping","id":"m11","x":"\udc00"})"},
      {"request id of 300 characters", R"({"type":"ping","id":")" + std::string(300, 'q') + R"("})",
       false, "validation_failed", "id", nullptr},
      {"NUL inside a string", login_prefix + R"("team_id":"a\u0000b","dial_number":"2015550100"})",
       false, "validation_failed", "team_id", "m-login"},
      {"NUL inside the type", R"({"type":"ping\u0000","id":"m12"})", false, "validation_failed",
       "type", "m12"},
  };
}

// The close code the server sent after `text` arrived on a fresh, authenticated desktop. Uses
// Beast directly: a server failing the connection (RFC 6455 7.1.7) may drop TCP before our close
// reply is written, and the code it sent must still count.
int close_code_after(unsigned short port, const std::string& token, const std::string& text) {
  namespace beast = boost::beast;
  namespace websocket = beast::websocket;
  boost::asio::io_context io;
  websocket::stream<beast::tcp_stream> ws(io);
  beast::get_lowest_layer(ws).expires_after(10s);
  beast::error_code ec;
  beast::get_lowest_layer(ws).connect(
      boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port), ec);
  if (ec) return -1;
  ws.set_option(websocket::stream_base::decorator(
      [token](websocket::request_type& req) { req.set("Authorization", "Bearer " + token); }));
  ws.handshake("127.0.0.1", "/v1/agent", ec);
  if (ec) return -2;
  beast::flat_buffer buffer;
  ws.read(buffer, ec);  // the hello
  if (ec) return -3;
  ws.text(true);
  ws.write(boost::asio::buffer(text), ec);
  for (int frames = 0; frames < 16; ++frames) {
    buffer.consume(buffer.size());
    ws.read(buffer, ec);
    if (ec) return ws.reason().code;  // 0 when no close frame arrived (timeout, reset)
  }
  return 0;
}

}  // namespace

TEST_CASE_METHOD(DesktopMalformedFixture,
                 "Malformed desktop frames get an error, change nothing, and keep the socket") {
  WsClient ws(server.port(), "/v1/agent", bearer(world.agents[0].token));
  REQUIRE(ws.open());
  auto hello = ws.next_of("hello");
  REQUIRE(hello["type"] == "hello");
  REQUIRE(ws.command("login",
                     {{"team_id", world.team_id}, {"dial_number", "2015550100"}})["type"] == "ack");
  REQUIRE(ws.command("set_state",
                     {{"state", "Idle"}, {"idle_code_id", world.idle_code_id}})["type"] == "ack");
  ws.seen.clear();

  const auto cases = malformed_frames(world);
  REQUIRE(cases.size() >= 20);
  for (const auto& c : cases) {
    INFO("frame: " << c.name);
    REQUIRE(c.bytes.size() < 64 * 1024);
    if (c.binary) {
      ws.send_binary(c.bytes);
    } else {
      ws.send_text(c.bytes);
    }
    // No events are due, so the very next frame answers the malformed one.
    auto reply = ws.next();
    REQUIRE(reply);
    json error = *reply;
    CHECK(error["type"] == "error");
    CHECK(error["code"] == c.code);
    CHECK(error["message"].is_string());
    if (c.re != nullptr) CHECK(error["re"] == c.re);
    if (std::string(c.code) == "validation_failed") {
      CHECK(error.contains("errors"));
      CHECK(error.value("errors", json()).is_array());
      CHECK_FALSE(error.value("errors", json()).empty());
    }
    if (c.field != nullptr) CHECK(has_field_error(error, c.field));
    // The connection stays usable.
    auto pong = ws.command("ping");
    REQUIRE(pong["type"] == "ack");
  }

  // Nothing changed: no state event was sent, and the agent is still Idle with its code.
  for (const auto& f : ws.seen) CHECK(f.value("type", "") != "agent_state");
  auto agent =
      http(server.port(), "GET", "/v1/agents/" + world.agents[0].id, {}, bearer(world.admin_token));
  REQUIRE(agent.status == 200);
  CHECK(agent.json()["state"] == "Idle");
  WsClient again(server.port(), "/v1/agent", bearer(world.agents[1].token));
  REQUIRE(again.open());
  CHECK(again.next_of("hello")["agent_state"]["state"] == "LoggedOut");
  // The first desktop sees the unchanged state after everything.
  auto state = ws.command("set_state", {{"state", "Idle"}, {"idle_code_id", world.idle_code_id}});
  CHECK(state["type"] == "ack");
  CHECK(state["agent_state"]["state"] == "Idle");
  CHECK(state["agent_state"]["idle_code_id"] == world.idle_code_id);
  CHECK(state["agent_state"]["dial_number"] == "2015550100");
}

TEST_CASE_METHOD(DesktopMalformedFixture,
                 "A command whose id is not a valid string is refused, not carried out") {
  WsClient ws(server.port(), "/v1/agent", bearer(world.agents[0].token));
  REQUIRE(ws.open());
  REQUIRE(ws.next_of("hello")["type"] == "hello");
  REQUIRE(ws.command("login",
                     {{"team_id", world.team_id}, {"dial_number", "2015550100"}})["type"] == "ack");
  REQUIRE(ws.command("set_state",
                     {{"state", "Idle"}, {"idle_code_id", world.idle_code_id}})["type"] == "ack");
  const std::vector<std::string> frames = {
      R"({"type":"set_state","id":17,"state":"Available"})",
      R"({"type":"set_state","id":")" + std::string(300, 'q') + R"(","state":"Available"})",
  };
  for (const auto& text : frames) {
    INFO(text.substr(0, 60));
    ws.send_text(text);
    auto reply = ws.next();
    REQUIRE(reply);
    json frame = *reply;
    CHECK(frame["type"] == "error");
    CHECK(frame["code"] == "validation_failed");
    CHECK(has_field_error(frame, "id"));
    REQUIRE(ws.command("ping")["type"] == "ack");
  }
  auto agent =
      http(server.port(), "GET", "/v1/agents/" + world.agents[0].id, {}, bearer(world.admin_token));
  REQUIRE(agent.status == 200);
  CHECK(agent.json()["state"] == "Idle");
}

TEST_CASE_METHOD(DesktopMalformedFixture,
                 "Malformed frames before authenticating keep the socket for a retry") {
  WsClient ws(server.port(), "/v1/agent");
  REQUIRE(ws.open());
  ws.send_text("{not json");
  auto error = ws.next_of("error");
  CHECK(error["code"] == "validation_failed");
  ws.send_text(R"({"type":"authenticate","id":"a1"})");
  auto missing_token = ws.next_of("error");
  CHECK(missing_token["code"] == "validation_failed");
  CHECK(has_field_error(missing_token, "token"));
  auto ack = ws.command("authenticate", {{"token", world.agents[0].token}});
  CHECK(ack["type"] == "ack");
  CHECK(ws.command("ping")["type"] == "ack");
}

TEST_CASE_METHOD(DesktopMalformedFixture,
                 "An upgrade with an unsupported WebSocket version is answered 426, not dropped") {
  const std::string request =
      "GET /v1/agent HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
      "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
      "Sec-WebSocket-Version: 12\r\nAuthorization: Bearer " +
      world.agents[0].token + "\r\n\r\n";
  const auto reply = raw_http(server.port(), request);
  CHECK(reply.rfind("HTTP/1.1 426", 0) == 0);
  CHECK(reply.find("Sec-WebSocket-Version: 13") != std::string::npos);
}

TEST_CASE_METHOD(DesktopMalformedFixture, "A frame over 64 KiB closes the connection with 1009") {
  WsClient ws(server.port(), "/v1/agent", bearer(world.agents[0].token));
  REQUIRE(ws.open());
  REQUIRE(ws.next_of("hello")["type"] == "hello");
  REQUIRE(ws.command("login",
                     {{"team_id", world.team_id}, {"dial_number", "2015550100"}})["type"] == "ack");
  json big = {{"type", "ping"}, {"id", "big"}, {"pad", std::string(70 * 1024, 'x')}};
  CHECK(close_code_after(server.port(), world.agents[0].token, big.dump()) == 1009);
  // Nothing about the agent changed; a new desktop sees it still logged in.
  WsClient again(server.port(), "/v1/agent", bearer(world.agents[0].token));
  REQUIRE(again.open());
  CHECK(again.next_of("hello")["agent_state"]["state"] == "Available");
}

TEST_CASE_METHOD(DesktopMalformedFixture, "A frame of just under 64 KiB is read and answered") {
  WsClient ws(server.port(), "/v1/agent", bearer(world.agents[0].token));
  REQUIRE(ws.open());
  REQUIRE(ws.next_of("hello")["type"] == "hello");
  json near = {{"type", "ping"}, {"id", "near"}, {"pad", std::string(60 * 1024, 'x')}};
  ws.send(near);
  auto reply = ws.next();
  REQUIRE(reply);
  CHECK((*reply)["re"] == "near");
  CHECK(ws.command("ping")["type"] == "ack");
}

TEST_CASE_METHOD(DesktopMalformedFixture,
                 "Raw invalid UTF-8 in a text frame fails the connection (RFC 6455: 1007)") {
  const auto text = std::string(R"({"type":"ping","id":")") + "\xff\xfe" + R"("})";
  CHECK(close_code_after(server.port(), world.agents[0].token, text) == 1007);
}
