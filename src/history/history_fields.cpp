// History rows under the filter language: the Endpoint view, owner fields, and the SQL push-down of address equality.
#include "history/history_fields.hpp"

#include "parse/hosts.hpp"

namespace sockscope {

Endpoint history_endpoint(const StoredConnection& row) {
  Endpoint e;
  e.proto = row.proto.starts_with("udp") ? Proto::Udp : Proto::Tcp;
  e.family = row.proto.ends_with('6') ? Family::Inet6 : Family::Inet4;
  e.state = parse_state_name(row.state).value_or(TcpState::Unknown);
  if (auto a = parse_ip_address(row.local_address)) e.local = *a;
  if (auto a = parse_ip_address(row.remote_address)) e.remote = *a;
  e.local_port = row.local_port;
  e.remote_port = row.remote_port;
  e.uid = row.uid.value_or(0);
  e.cookie = row.cookie;
  if (e.proto == Proto::Tcp) e.tcp = row.tcp;
  return e;
}

FieldValue HistoryFields::get(FieldId id, const Endpoint& e, std::string& scratch) const {
  auto text = [](const std::string& s) -> FieldValue {
    if (s.empty()) return std::monostate{};
    return std::string_view(s);
  };
  switch (id) {
    case FieldId::Pid: return row_.pid ? FieldValue(static_cast<std::int64_t>(*row_.pid)) : FieldValue();
    case FieldId::Process: return text(row_.process);
    case FieldId::Exe: return text(row_.exe);
    case FieldId::Cmdline: return text(row_.cmdline);
    case FieldId::User: case FieldId::ProcessUser: return text(row_.user);
    case FieldId::Unit: return text(row_.unit);
    case FieldId::Container: return text(row_.container);
    case FieldId::Netns: return static_cast<std::int64_t>(row_.netns);
    default: return endpoint_.get(id, e, scratch);
  }
}

void push_down(const QueryNode& root, HistoryQuery& q) {
  if (root.kind == QueryNode::Kind::And) {
    for (const auto& k : root.kids) push_down(k, q);
    return;
  }
  if (root.kind != QueryNode::Kind::Pred) return;
  const auto* h = std::get_if<HostPred>(&root.pred);
  if (!h || h->unix_pattern || h->prefixes.size() != 1) return;
  const auto& p = h->prefixes.front();
  if (p.prefix_len != (p.address.family == Family::Inet4 ? 32 : 128)) return;
  (h->remote ? q.remote_address : q.local_address) = p.address.to_string();
}

}  // namespace sockscope
