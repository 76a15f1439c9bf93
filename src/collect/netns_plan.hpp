// --netns (list, watch, close, netstat, serve, gui): its selectors parsed at the edge, and the namespaces they pick at run time.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "model/error.hpp"
#include "model/netns.hpp"
#include "model/netns_select.hpp"

namespace sockscope {

inline constexpr const char* kNetnsHelp =
    "Only these network namespaces: all, current, an ip netns NAME, a PID (its namespace) or a PATH to a namespace "
    "file (repeatable; default: all as root, else the current one)";

// Each --netns value as a selector; fails with "--netns TEXT: WHY" on the first bad one.
Result<std::vector<NetnsSelector>> parse_netns_option(const std::vector<std::string>& values);

// What to collect: `netns` for CollectOptions::netns (empty: the current namespace only), and a
// one-line note for the user when other namespaces were wanted but cannot be entered.
struct NetnsPlan {
  std::vector<NetnsInfo> netns;
  std::string note;
  // Every namespace is wanted (no selector, or `all`) and others may be entered: those only an
  // open descriptor keeps alive belong in it too (CollectOptions::descriptor_netns).
  bool all = false;
};

// As root (CAP_SYS_ADMIN): every namespace found, narrowed by `selectors` (none: all). Without it:
// the current one, and the note unless only the current one was asked for. Fails with a
// "--netns TEXT: ..." message when a selector picks nothing.
// With `owner_scan_sees_descriptors` (the collection will scan every descriptor for owners and
// report namespace files on the way: CollectOptions::descriptor_netns), discovery leaves those out
// instead of reading every descriptor a second time.
Result<NetnsPlan> plan_netns(std::span<const NetnsSelector> selectors, bool owner_scan_sees_descriptors = false);

// Whether this process may enter other network namespaces (setns needs CAP_SYS_ADMIN).
bool may_enter_netns();

inline constexpr const char* kCurrentNetnsOnlyNote =
    "showing the current network namespace only: entering others needs root (CAP_SYS_ADMIN)";

}  // namespace sockscope
