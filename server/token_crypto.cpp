#include "server/token_crypto.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <stdexcept>

namespace ccr::server {
namespace {

template <std::size_t N>
std::array<unsigned char, N> random_bytes() {
  std::array<unsigned char, N> out{};
  if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) {
    throw std::runtime_error("the system random generator failed");
  }
  return out;
}

// Random bytes for ids, taken from a block that RAND_bytes fills 4 KiB at a time: one call costs
// about 1.7 us whatever it draws, about 200 times what 8 bytes of a block cost. Each thread has
// its own block; bytes handed out are wiped from it. Tokens draw their own (random_bytes).
template <std::size_t N>
std::array<unsigned char, N> id_random_bytes() {
  thread_local std::array<unsigned char, 4096> block{};
  thread_local std::size_t used = block.size();
  if (used + N > block.size()) {
    if (RAND_bytes(block.data(), static_cast<int>(block.size())) != 1) {
      throw std::runtime_error("the system random generator failed");
    }
    used = 0;
  }
  std::array<unsigned char, N> out{};
  std::copy_n(block.begin() + static_cast<std::ptrdiff_t>(used), N, out.begin());
  std::fill_n(block.begin() + static_cast<std::ptrdiff_t>(used), N, 0);
  used += N;
  return out;
}

// SHA-256 fetched from OpenSSL's provider once: the one-shot SHA256() looks it up on every call,
// which costs twice the hashing of a token.
const EVP_MD* sha256() {
  static EVP_MD* const md = [] {
    EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (fetched == nullptr) throw std::runtime_error("OpenSSL has no SHA-256");
    return fetched;
  }();
  return md;
}

std::string hex(const unsigned char* data, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = kDigits[data[i] >> 4];
    out[2 * i + 1] = kDigits[data[i] & 0x0f];
  }
  return out;
}

}  // namespace

std::string generate_token() {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const auto bytes = random_bytes<32>();
  std::string out = "ccr_";
  std::uint32_t acc = 0;
  int bits = 0;
  for (unsigned char b : bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(acc >> bits) & 0x3f]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(acc << (6 - bits)) & 0x3f]);
  return out;
}

std::string hash_token(std::string_view token) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  unsigned int length = 0;
  if (EVP_Digest(token.data(), token.size(), digest.data(), &length, sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed");
  }
  return hex(digest.data(), length);
}

std::string generate_id(std::string_view prefix) {
  // Milliseconds first: ids made later sort later, so new rows land at the end of the primary
  // key and event indexes instead of on a random page (fewer pages written per commit).
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  std::array<unsigned char, 14> bytes{};
  for (int i = 0; i < 6; ++i) bytes[i] = static_cast<unsigned char>(ms >> (8 * (5 - i)));
  const auto random = id_random_bytes<8>();
  std::copy(random.begin(), random.end(), bytes.begin() + 6);
  std::string out(prefix);
  out.push_back('_');
  out += hex(bytes.data(), bytes.size());
  return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace ccr::server
