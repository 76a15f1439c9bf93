// `sockscope watch` (and `tcpview`, and `sockscope` alone on a terminal): the live view.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "cli/terminal_policy.hpp"
#include "collect/collector.hpp"
#include "logic/filter.hpp"
#include "model/netns_select.hpp"

namespace sockscope::cli {

struct WatchOptions {
  std::chrono::milliseconds interval{1000};
  bool no_resolve = false;
  int highlight = 3;
  ProtoSet protos;  // empty: TCPv4, TCPv6, UDPv4, UDPv6
  ColorMode color = ColorMode::Auto;
  OwnerMethod owner_method = OwnerMethod::Auto;
  std::vector<NetnsSelector> netns;  // --netns; empty: all as root, else the current one
};

// Parses `args` (after the command name) into `options`; returns an exit code when the command
// is already done (--help, a usage error) and -1 when it should run.
int parse_watch_options(std::vector<std::string> args, WatchOptions& options, bool as_tcpview);

// Runs the live view on this terminal until the user quits; the exit code.
int run_watch_view(const WatchOptions& options);

// Whether plain `sockscope` should open the live view: stdin and stdout are terminals and TERM
// names one that can address the screen (not empty, not "dumb").
bool terminal_can_watch();

// `sockscope watch` with the arguments after the command name.
int run_watch(std::vector<std::string> args);
// The binary invoked as tcpview.
int run_tcpview(std::vector<std::string> args);

}  // namespace sockscope::cli
