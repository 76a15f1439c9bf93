// Parsers for the /proc/net socket tables: tcp, tcp6, udp, udp6, raw, raw6 and unix.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "model/endpoint.hpp"
#include "model/error.hpp"

namespace sockscope {

struct ParsedTable {
  std::vector<Endpoint> endpoints;
  std::size_t bad_lines = 0;  // rows that did not parse (skipped), blank lines not counted
};

// One of /proc/net/{tcp,tcp6,udp,udp6,raw,raw6}; `family` says which address width to expect.
// Fails only when the header line is missing or not one the kernel prints.
// Raw tables: the local "port" is the IP protocol, stored in Endpoint::raw_protocol; ports stay 0.
Result<ParsedTable> parse_proc_net_inet(std::string_view text, Proto proto, Family family);

// /proc/net/unix. States are mapped to what unix_diag reports for the same socket
// (Listen, Established, Close); peers are not available from this table.
Result<ParsedTable> parse_proc_net_unix(std::string_view text);

}  // namespace sockscope
