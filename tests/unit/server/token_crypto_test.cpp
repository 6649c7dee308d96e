// Ids and tokens (server/token_crypto.hpp): ids are unique, carry their prefix and sort in the
// order they were made (new rows append to the indexes); tokens are random and only their hash
// is kept.
#include "server/token_crypto.hpp"

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

using ccr::server::generate_id;
using ccr::server::generate_token;
using ccr::server::hash_token;

TEST_CASE("ids are unique, prefixed, and sort in the order they were made") {
  std::vector<std::string> ids;
  for (int i = 0; i < 20000; ++i) ids.push_back(generate_id("ix"));
  std::set<std::string> unique(ids.begin(), ids.end());
  CHECK(unique.size() == ids.size());
  for (const auto& id : ids) {
    REQUIRE(id.rfind("ix_", 0) == 0);
    REQUIRE(id.size() == 3 + 28);
    REQUIRE(id.find_first_not_of("0123456789abcdef", 3) == std::string::npos);
  }
  // Same millisecond: the random part decides; a later millisecond always sorts later.
  for (std::size_t i = 1; i < ids.size(); ++i) {
    REQUIRE(ids[i - 1].substr(0, 15) <= ids[i].substr(0, 15));
  }
}

TEST_CASE("tokens are random and stored as their SHA-256") {
  const auto a = generate_token();
  const auto b = generate_token();
  CHECK(a != b);
  CHECK(a.rfind("ccr_", 0) == 0);
  CHECK(hash_token(a).size() == 64);
  CHECK(hash_token(a) == hash_token(a));
  CHECK(hash_token(a) != hash_token(b));
  // FIPS 180-2, appendix B.1: what a token's row holds is the standard digest.
  CHECK(hash_token("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("ids made on several threads at once are all different") {
  constexpr int kThreads = 4;
  constexpr int kEach = 5000;  // more than one block of random bytes per thread
  std::vector<std::vector<std::string>> made(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&made, t] {
      for (int i = 0; i < kEach; ++i) made[t].push_back(generate_id("ix"));
    });
  }
  for (auto& thread : threads) thread.join();
  std::set<std::string> unique;
  for (const auto& ids : made) unique.insert(ids.begin(), ids.end());
  CHECK(unique.size() == static_cast<std::size_t>(kThreads * kEach));
}
