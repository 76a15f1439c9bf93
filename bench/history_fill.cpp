// sockscope-history-fill: writes N synthetic connections into a history database through the store API.
//
// For bench/capture_rate.sh's query figures: `sockscope-history-fill DB N` appends N rows closed
// over the last 30 days (in order, as a recorder writes them), to remote addresses drawn from
// 200,000 (10.0.0.0/8 and 198.51.100.0/24), from 300 process names; 203.0.113.5 is the remote of
// one row in 100,000, so "who connected to 203.0.113.5" has an answer of about N / 100,000 rows.
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <string>

#include "store/history_db.hpp"

using namespace sockscope;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: sockscope-history-fill DB ROWS\n");
    return 2;
  }
  const long rows = std::atol(argv[2]);
  auto db = HistoryDb::open(argv[1]);
  if (!db) {
    std::fprintf(stderr, "%s\n", db.error().message.c_str());
    return 1;
  }
  std::mt19937_64 rng(42);
  const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr)) * 1'000'000'000;
  const std::int64_t span = 30LL * 86400 * 1'000'000'000;
  for (long i = 0; i < rows; ++i) {
    StoredConnection r;
    r.source = "ebpf";
    r.direction = rng() % 4 == 0 ? "in" : "out";
    r.proto = rng() % 10 == 0 ? "tcp6" : "tcp";
    r.state = "FIN_WAIT1";
    r.netns = 4026531840u;
    r.cookie = static_cast<std::uint64_t>(i) + 1;
    r.local_address = "10.1.2.3";
    r.local_port = static_cast<std::uint16_t>(32768 + rng() % 28000);
    if (rng() % 100'000 == 0) {
      r.remote_address = "203.0.113.5";
    } else {
      const unsigned a = static_cast<unsigned>(rng() % 200'000);
      r.remote_address = a < 256 ? "198.51.100." + std::to_string(a)
                                 : "10." + std::to_string(a >> 16) + "." + std::to_string((a >> 8) & 255) + "." +
                                       std::to_string(a & 255);
    }
    r.remote_port = rng() % 3 == 0 ? 80 : 443;
    r.closed_ns = now - span + span / rows * i;  // (span * i would overflow past 3,500 rows)
    r.opened_ns = r.closed_ns - static_cast<std::int64_t>(rng() % 5'000'000'000);
    r.tcp.bytes_sent = r.tcp.bytes_acked = rng() % 100'000;
    r.tcp.bytes_received = rng() % 1'000'000;
    r.tcp.segs_out = static_cast<std::uint32_t>(rng() % 200);
    r.tcp.segs_in = static_cast<std::uint32_t>(rng() % 200);
    r.tcp.rtt_us = static_cast<std::uint32_t>(rng() % 50'000);
    const unsigned proc = static_cast<unsigned>(rng() % 300);
    r.pid = static_cast<std::uint32_t>(1000 + rng() % 60'000);
    r.uid = 1000;
    r.process = "proc" + std::to_string(proc);
    r.exe = "/usr/bin/proc" + std::to_string(proc);
    r.cmdline = r.exe + " --flag";
    r.user = "user";
    r.unit = "session-1.scope";
    db->add(std::move(r));
    if (db->pending() >= 100'000) {
      if (auto f = db->flush(); !f) {
        std::fprintf(stderr, "%s\n", f.error().message.c_str());
        return 1;
      }
    }
  }
  if (auto f = db->flush(); !f) {
    std::fprintf(stderr, "%s\n", f.error().message.c_str());
    return 1;
  }
  return 0;
}
