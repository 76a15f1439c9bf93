// Socket enumeration from the /proc/net tables.
#include "collect/proc_net_read.hpp"

#include <fcntl.h>

#include <cerrno>
#include <cstring>

#include "collect/proc_read_file.hpp"
#include "parse/proc_net.hpp"

namespace sockscope {
namespace {

struct Table {
  const char* name;
  Proto proto;
  Family family;
};

// Reads and parses one table into `out`. Returns false with `err` set on a real failure;
// a missing table (ENOENT: no IPv6, no unix) is not one.
bool read_table(const std::string& proc_root, const Table& t, std::uint32_t tcp_states, std::string& buf,
                std::vector<Endpoint>& out, bool& found, Error& err) {
  const std::string path = proc_root + "/net/" + t.name;
  if (const int e = read_file_at(AT_FDCWD, path.c_str(), buf); e != 0) {
    if (e == ENOENT) return true;
    err = Error{e, "cannot read " + path + ": " + std::strerror(e)};
    return false;
  }
  found = true;
  auto parsed = t.proto == Proto::Unix ? parse_proc_net_unix(buf) : parse_proc_net_inet(buf, t.proto, t.family);
  if (!parsed) {
    err = Error{0, path + ": " + parsed.error().message};
    return false;
  }
  for (Endpoint& e : parsed->endpoints) {
    if (t.proto == Proto::Tcp && !(tcp_states & state_bit(e.state))) continue;
    out.push_back(std::move(e));
  }
  return true;
}

}  // namespace

Result<std::vector<Endpoint>> read_proc_net(const SocketQuery& query, const std::string& proc_root) {
  std::vector<Table> tables;
  if (query.tcp && query.inet4) tables.push_back({"tcp", Proto::Tcp, Family::Inet4});
  if (query.tcp && query.inet6) tables.push_back({"tcp6", Proto::Tcp, Family::Inet6});
  if (query.udp && query.inet4) tables.push_back({"udp", Proto::Udp, Family::Inet4});
  if (query.udp && query.inet6) tables.push_back({"udp6", Proto::Udp, Family::Inet6});
  if (query.unix_sockets) tables.push_back({"unix", Proto::Unix, Family::Unix});

  std::vector<Endpoint> out;
  std::string buf;
  bool found = false;
  Error err;
  for (const Table& t : tables) {
    if (!read_table(proc_root, t, query.tcp_states, buf, out, found, err)) return std::unexpected(err);
  }
  // Not one table present means /proc/net is not there at all (not mounted, wrong root),
  // which the caller must hear about rather than report an empty host.
  if (!tables.empty() && !found) return fail("no socket tables under " + proc_root + "/net", ENOENT);
  return out;
}

std::vector<Endpoint> read_proc_raw(const SocketQuery& query, const std::string& proc_root) {
  std::vector<Endpoint> out;
  if (!query.raw) return out;
  std::string buf;
  bool found = false;
  Error err;
  // Raw sockets are an extra on top of the main source: a table that cannot be read is left out.
  if (query.inet4) read_table(proc_root, {"raw", Proto::Raw, Family::Inet4}, kAllStates, buf, out, found, err);
  if (query.inet6) read_table(proc_root, {"raw6", Proto::Raw, Family::Inet6}, kAllStates, buf, out, found, err);
  return out;
}

}  // namespace sockscope
