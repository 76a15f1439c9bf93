// Column::get: one switch over the column id turning an endpoint into a typed cell, without heap churn.
#include <charconv>

#include "present/address_text.hpp"
#include "present/columns.hpp"
#include "present/local_lookups.hpp"
#include "resolve/names.hpp"

namespace sockscope {

namespace {

template <class T>
void append_number(std::string& out, T v, int base = 10) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v, base);
  out.append(buf, static_cast<std::size_t>(r.ptr - buf));
}

bool is_inet(const Endpoint& e) { return e.proto != Proto::Unix && e.family != Family::Unix; }
bool has_ports(const Endpoint& e) { return e.proto == Proto::Tcp || e.proto == Proto::Udp; }

// inet_ntop form plus "%ifname" (or "%index") for scoped IPv6 addresses.
void append_numeric_address(std::string& out, const IpAddress& a, LocalLookups* local) {
  append_ip_text(out, a);
  if (a.family == Family::Inet6 && a.scope_id != 0) {
    out += '%';
    std::optional<std::string_view> name = local ? local->interface_name(a.scope_id) : std::nullopt;
    if (name) out.append(*name);
    else append_number(out, a.scope_id);
  }
}

std::optional<std::string> host_name(const IpAddress& a, const ValueContext& ctx) {
  if (!ctx.names || a.is_unspecified()) return std::nullopt;  // no lookups for wildcard addresses
  return ctx.names->host_name(a);
}

std::optional<std::string> service_name(const Endpoint& e, std::uint16_t port, const ValueContext& ctx) {
  if (!ctx.names || port == 0 || !has_ports(e)) return std::nullopt;
  return ctx.names->service_name(port, e.proto);
}

// "addr:port", "[v6]:port", "host:service", "0.0.0.0:*"; a UNIX socket's path or "*".
void append_endpoint_text(std::string& out, const Endpoint& e, bool local_side, const ValueContext& ctx) {
  if (!is_inet(e)) {
    if (local_side && !e.unix_path.empty()) out.append(e.unix_path);
    else out += '*';
    return;
  }
  const IpAddress& addr = local_side ? e.local : e.remote;
  const std::uint16_t port = local_side ? e.local_port : e.remote_port;
  if (std::optional<std::string> host = host_name(addr, ctx)) {
    out.append(*host);
  } else if (addr.family == Family::Inet6) {
    out += '[';
    append_numeric_address(out, addr, ctx.local);
    out += ']';
  } else {
    append_numeric_address(out, addr, ctx.local);
  }
  out += ':';
  if (port == 0 || !has_ports(e)) {
    out += '*';
  } else if (std::optional<std::string> service = service_name(e, port, ctx)) {
    out.append(*service);
  } else {
    append_number(out, port);
  }
}

std::string_view text_in(std::string& scratch, std::optional<std::string>&& s) {
  scratch = std::move(*s);
  return scratch;
}

Value non_empty(std::string_view s) {
  if (s.empty()) return std::monostate{};
  return s;
}

template <class T>
Value counter(const Endpoint& e, T TcpCounters::*field) {
  if (!e.tcp) return std::monostate{};
  return static_cast<std::uint64_t>((*e.tcp).*field);
}

}  // namespace

Value Column::get(const Endpoint& e, const ValueContext& ctx, std::string& scratch) const {
  const auto& procs = ctx.snapshot.processes;
  // Only the owner columns pay for finding the first owner.
  auto first_owner = [&]() -> const sockscope::Process* {
    if (e.owners.empty() || e.owners.front().process >= procs.size()) return nullptr;
    return &procs[e.owners.front().process];
  };

  switch (id) {
    case ColumnId::Proto: return proto_name(e);
    case ColumnId::State: return state_name(e);
    case ColumnId::LocalAddress:
      if (!is_inet(e)) return non_empty(e.unix_path);
      scratch.clear();
      append_numeric_address(scratch, e.local, ctx.local);
      return std::string_view(scratch);
    case ColumnId::RemoteAddress:
      if (!is_inet(e)) return std::monostate{};
      scratch.clear();
      append_numeric_address(scratch, e.remote, ctx.local);
      return std::string_view(scratch);
    case ColumnId::LocalPort:
      if (!has_ports(e)) return std::monostate{};
      return std::int64_t{e.local_port};
    case ColumnId::RemotePort:
      if (!has_ports(e)) return std::monostate{};
      return std::int64_t{e.remote_port};
    case ColumnId::Local:
    case ColumnId::Remote:
      scratch.clear();
      append_endpoint_text(scratch, e, id == ColumnId::Local, ctx);
      return std::string_view(scratch);
    case ColumnId::LocalName:
    case ColumnId::RemoteName: {
      if (!is_inet(e)) return std::monostate{};
      auto host = host_name(id == ColumnId::LocalName ? e.local : e.remote, ctx);
      if (!host) return std::monostate{};
      return text_in(scratch, std::move(host));
    }
    case ColumnId::LocalService:
    case ColumnId::RemoteService: {
      auto service = service_name(e, id == ColumnId::LocalService ? e.local_port : e.remote_port, ctx);
      if (!service) return std::monostate{};
      return text_in(scratch, std::move(service));
    }
    case ColumnId::Interface: {
      if (e.ifindex == 0) return std::monostate{};
      if (ctx.local) {
        if (auto name = ctx.local->interface_name(e.ifindex)) return *name;
      }
      scratch.clear();
      append_number(scratch, e.ifindex);
      return std::string_view(scratch);
    }
    case ColumnId::Inode:
      if (e.inode == 0) return std::monostate{};
      return std::uint64_t{e.inode};
    case ColumnId::Cookie:
      if (e.cookie == 0) return std::monostate{};
      scratch.clear();
      append_number(scratch, e.cookie, 16);
      return std::string_view(scratch);
    case ColumnId::Uid: return std::int64_t{e.uid};
    case ColumnId::User:
      if (ctx.local) return ctx.local->user_name(e.uid);
      scratch.clear();
      append_number(scratch, e.uid);
      return std::string_view(scratch);
    case ColumnId::RecvQ: return std::int64_t{e.rqueue};
    case ColumnId::SendQ: return std::int64_t{e.wqueue};
    case ColumnId::BytesSent: return counter(e, &TcpCounters::bytes_sent);
    case ColumnId::BytesAcked: return counter(e, &TcpCounters::bytes_acked);
    case ColumnId::BytesReceived: return counter(e, &TcpCounters::bytes_received);
    case ColumnId::SegsOut: return counter(e, &TcpCounters::segs_out);
    case ColumnId::SegsIn: return counter(e, &TcpCounters::segs_in);
    case ColumnId::Retrans: return counter(e, &TcpCounters::total_retrans);
    case ColumnId::RttMs:
      if (!e.tcp) return std::monostate{};
      return e.tcp->rtt_us / 1000.0;
    case ColumnId::Pid:
      if (const auto* owner = first_owner()) return std::int64_t{owner->pid};
      return std::monostate{};
    case ColumnId::Process:
      if (const auto* owner = first_owner()) return non_empty(owner->name);
      return std::monostate{};
    case ColumnId::Pids: {
      scratch.clear();
      // Owners come ordered by (pid, fd), so repeats of a pid are adjacent.
      int last = 0;
      bool any = false;
      for (const Owner& o : e.owners) {
        if (o.process >= procs.size()) continue;
        const int pid = procs[o.process].pid;
        if (any && pid == last) continue;
        if (any) scratch += ',';
        append_number(scratch, pid);
        last = pid, any = true;
      }
      if (!any) return std::monostate{};
      return std::string_view(scratch);
    }
    case ColumnId::Exe:
      if (const auto* owner = first_owner()) return non_empty(owner->exe);
      return std::monostate{};
    case ColumnId::Cmdline: {
      const auto* owner = first_owner();
      if (!owner || owner->cmdline.empty()) return std::monostate{};
      scratch.clear();
      for (const std::string& arg : owner->cmdline) {
        if (&arg != &owner->cmdline.front()) scratch += ' ';
        scratch += arg;
      }
      return std::string_view(scratch);
    }
    case ColumnId::ProcessUser:
      if (const auto* owner = first_owner()) return non_empty(owner->user);
      return std::monostate{};
    case ColumnId::ProcessStart: {
      const auto* owner = first_owner();
      if (!owner || owner->start_time_ms == 0) return std::monostate{};
      return std::int64_t{owner->start_time_ms};
    }
    case ColumnId::UnixType:
      if (e.proto != Proto::Unix) return std::monostate{};
      return non_empty(unix_type_name(e.unix_type));
    case ColumnId::UnixPeer:
      if (e.proto != Proto::Unix || e.unix_peer == 0) return std::monostate{};
      return std::uint64_t{e.unix_peer};
    case ColumnId::RawProtocol:
      if (e.proto != Proto::Raw) return std::monostate{};
      return std::int64_t{e.raw_protocol};
    case ColumnId::Unit:
      if (const auto* owner = first_owner()) return non_empty(owner->unit);
      return std::monostate{};
    case ColumnId::Netns: {
      const std::uint64_t inode = ctx.snapshot.netns_inode_of(e);
      if (inode == 0) return std::monostate{};
      return inode;
    }
    case ColumnId::NetnsName:
      return non_empty(netns_label(ctx.snapshot.netns_of(e), ctx.snapshot.netns_inode_of(e), ctx.snapshot.init_netns));
    case ColumnId::Container: {
      if (const auto* owner = first_owner(); owner && !owner->container.empty()) return std::string_view(owner->container);
      const NetnsInfo* ns = ctx.snapshot.netns_of(e);
      return ns ? non_empty(ns->container) : Value{std::monostate{}};
    }
    case ColumnId::Mark:
      if (!e.mark_known || e.family == Family::Unix) return std::monostate{};
      return std::uint64_t{e.mark};
    case ColumnId::Cgroup: {
      if (e.family == Family::Unix || e.cgroup_id == 0) return std::monostate{};
      if (!ctx.local) {
        scratch = std::to_string(e.cgroup_id);
        return std::string_view(scratch);
      }
      const auto path = ctx.local->cgroup_path(e.cgroup_id);
      return path ? Value{*path} : Value{std::monostate{}};
    }
  }
  return std::monostate{};
}

}  // namespace sockscope
