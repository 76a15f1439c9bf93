// Text of the BSD interface display (`netstat -i`) and its running per-interval count (`-w`/interval).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/netstat_tables.hpp"
#include "present/netstat_routes_text.hpp"

namespace sockscope {

struct InterfaceTableOptions {
  bool drops = false;                 // -d: Idrop after Ierrs, Drop (sent) after Coll
  std::optional<std::string> only;    // -I: this interface only (raw name)
};

// Name Mtu Network Address Ipkts Ierrs Opkts Oerrs Coll: per interface a link row ("<Link#N>" and
// the hardware address) with its counters, then one row per IPv4/IPv6 address (network/prefix and
// address) whose counters are "-" (Linux counts per link, not per address). A name ends in '*'
// when the interface is down. `names` turns addresses into host names when set.
std::string format_interface_table(const std::vector<InterfaceInfo>& links, const InterfaceTableOptions& options,
                                   const HostNamer& names);

// The running count of the interval display. Each call to next() takes a fresh sample and returns
// what to print: at the start of each screen of `screen_lines` lines a two-line header and a line
// of the totals since boot, otherwise one line of what was counted since the previous sample.
// Columns: the watched interface (the -I one, else the first non-loopback interface that is up in
// the first sample; none = Total only) and the Total of all interfaces, each with input packets,
// errs, [idrops,] bytes and output packets, errs, bytes, colls[, drops]. An interface whose
// counters went backwards (re-created) counts from zero; a missing watched interface shows "-".
class InterfaceWatch {
 public:
  InterfaceWatch(std::optional<std::string> watched, bool drops, int screen_lines = 21);
  std::string next(const std::vector<InterfaceInfo>& sample);

 private:
  std::string header() const;

  std::optional<std::string> watched_;  // chosen name; nullopt = Total only
  bool chosen_ = false;
  bool drops_;
  int screen_lines_;
  int line_ = 0;
  std::map<std::uint32_t, LinkCounters> previous_;
};

}  // namespace sockscope
