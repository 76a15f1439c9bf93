// History rows and a scratch directory for tests that write a real history database with the store.
#pragma once

#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "store/history_db.hpp"

namespace sockscope::testing {

// A directory named after the running test, removed with the object.
struct ScratchDir {
  std::filesystem::path path;
  ScratchDir() {
    path = std::filesystem::temp_directory_path() /
           ("sockscope-" + std::to_string(getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

// A finished TCP connection of `process` (PID 42), closed at `closed_ns` after the epoch, open 5 ms.
inline StoredConnection closed_row(std::int64_t closed_ns, const std::string& process, std::uint16_t remote_port,
                                   std::uint64_t bytes_received, std::string remote = "203.0.113.5") {
  StoredConnection r;
  r.source = "ebpf";
  r.direction = "out";
  r.proto = "tcp";
  r.state = "ESTABLISHED";
  r.cookie = static_cast<std::uint64_t>(closed_ns);
  r.local_address = "10.0.0.1";
  r.local_port = 40000;
  r.remote_address = std::move(remote);
  r.remote_port = remote_port;
  r.closed_ns = closed_ns;
  r.opened_ns = r.closed_ns - 5'000'000;
  r.tcp.bytes_received = bytes_received;
  r.pid = 42;
  r.process = process;
  return r;
}

// Writes `rows` to a new database at `path` through the store, as record does, and closes it.
inline void write_history(const std::string& path, const std::vector<StoredConnection>& rows, int version = kHistorySchemaVersion) {
  auto db = HistoryDb::open_at_version(path, version);
  ASSERT_TRUE(db) << db.error().message;
  for (const auto& r : rows) db->add(r);
  ASSERT_TRUE(db->flush());
}

// Five rows closed at 100..500 s: curl and wget alternating, remote ports 1..5, bytes 500..100.
inline std::vector<StoredConnection> five_rows() {
  std::vector<StoredConnection> rows;
  for (int i = 1; i <= 5; ++i)
    rows.push_back(closed_row(i * 100'000'000'000, i % 2 ? "curl" : "wget", static_cast<std::uint16_t>(i),
                              static_cast<std::uint64_t>(600 - i * 100), i == 3 ? "198.51.100.7" : "203.0.113.5"));
  return rows;
}

}  // namespace sockscope::testing
