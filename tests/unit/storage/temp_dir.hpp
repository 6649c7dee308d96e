// A fresh temporary directory for one test's database files, removed with everything in it when
// the helper goes out of scope. Test thread only.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

namespace ccr::storage::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "ccr-storage-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // A file name inside the directory, e.g. file("ccr.db").
  std::string file(const std::string& name = "ccr.db") const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace ccr::storage::testing
