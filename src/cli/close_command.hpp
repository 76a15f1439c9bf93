// `sockscope close`: close TCP connections matching address, port, process and state (CurrPorts' /close).
#pragma once

#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "logic/close_match.hpp"
#include "logic/query_ast.hpp"
#include "model/error.hpp"
#include "model/netns_select.hpp"
#include "model/snapshot.hpp"

namespace sockscope {
class LocalLookups;
}

namespace sockscope::cli {

struct CloseOptions {
  CloseCriteria criteria;
  std::optional<Query> query;  // `close EXPR`: also what the expression selects
  bool dry_run = false;
  bool yes = false;
  std::vector<NetnsSelector> netns;  // --netns; empty: all as root, else the current one
};

// The outside world closing touches, injected so confirmation and every failure path can be
// tested without a kernel or a terminal.
struct CloseIo {
  std::function<Result<void>(const Endpoint&)> destroy;     // SOCK_DESTROY
  bool interactive = false;                                 // stdin is a terminal: may ask
  std::function<std::optional<std::string>()> read_answer;  // one line typed; nullopt at end of input
  std::FILE* out = stdout;
  std::FILE* err = stderr;
};

// "tcp 127.0.0.1:8080 -> 127.0.0.1:43122 (pid 123 nginx)": numeric, terminal-safe; a state other
// than ESTABLISHED is named after the addresses.
std::string describe_connection(const Snapshot& snap, const Endpoint& e, LocalLookups* local);

// Lists (dry run), confirms, closes and reports `rows` of `snap`, in that order; returns the exit
// status: 0 all closed (or gone already, or the user declined), 1 no rows, 2 several rows and no
// way to confirm, 4 any failure.
int close_connections(const Snapshot& snap, const std::vector<std::size_t>& rows, const CloseOptions& options,
                      CloseIo& io);

// `sockscope close` with the arguments after the command name.
int run_close(std::vector<std::string> args);

}  // namespace sockscope::cli
