// Writes JSON text straight into a string, without building a tree first: for the desktop frames
// of every offer and interaction change (proto/) and the JSON columns written with every change
// (storage/), where building and dumping an nlohmann::json tree cost more than the rest of the
// work. It lives in core, which both may include, and needs only the standard library. Keys are
// written in the order given; commas are placed for the caller. Strings are escaped as RFC 8259
// asks; a byte sequence that is not UTF-8 is written as U+FFFD, so the text is always valid JSON.
// Plain value; any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ccr::core {

class JsonText {
 public:
  // Room for an offer frame without growing: growing from empty took six reallocations.
  static constexpr std::size_t kInitialCapacity = 512;

  JsonText() { out_.reserve(kInitialCapacity); }

  JsonText& begin_object();
  JsonText& end_object();
  JsonText& begin_array();
  JsonText& end_array();
  // The name of the next member of the enclosing object.
  JsonText& key(std::string_view name);

  JsonText& value(std::string_view text);
  JsonText& value(const char* text) { return value(std::string_view(text)); }
  JsonText& value(const std::string& text) { return value(std::string_view(text)); }
  JsonText& value(std::int64_t number);
  JsonText& value(std::uint64_t number);
  JsonText& value(int number) { return value(static_cast<std::int64_t>(number)); }
  JsonText& value(unsigned number) { return value(static_cast<std::uint64_t>(number)); }
  JsonText& value(bool flag);
  JsonText& null();

  template <typename T>
  JsonText& field(std::string_view name, const T& v) {
    key(name);
    return value(v);
  }

  const std::string& text() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void separate();

  std::string out_;
  std::vector<bool> first_;  // per open object or array: nothing written in it yet
  bool after_key_ = false;   // a key was written: its value needs no comma
};

// `text` as a JSON string, quotes included.
std::string json_quoted(std::string_view text);

}  // namespace ccr::core
