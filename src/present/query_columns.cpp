// The column-backed query field source.
#include "present/query_columns.hpp"

#include <algorithm>
#include <cmath>

namespace sockscope {

std::optional<ColumnId> column_of(FieldId id) {
  switch (id) {
    case FieldId::Local: return ColumnId::Local;
    case FieldId::Remote: return ColumnId::Remote;
    case FieldId::LocalName: return ColumnId::LocalName;
    case FieldId::RemoteName: return ColumnId::RemoteName;
    case FieldId::LocalService: return ColumnId::LocalService;
    case FieldId::RemoteService: return ColumnId::RemoteService;
    case FieldId::User: return ColumnId::User;
    case FieldId::Pid: return ColumnId::Pid;
    case FieldId::Process: return ColumnId::Process;
    case FieldId::Pids: return ColumnId::Pids;
    case FieldId::Exe: return ColumnId::Exe;
    case FieldId::Cmdline: return ColumnId::Cmdline;
    case FieldId::ProcessUser: return ColumnId::ProcessUser;
    case FieldId::ProcessStart: return ColumnId::ProcessStart;
    case FieldId::Unit: return ColumnId::Unit;
    case FieldId::Container: return ColumnId::Container;
    case FieldId::Netns: return ColumnId::Netns;
    case FieldId::NetnsName: return ColumnId::NetnsName;
    case FieldId::Cgroup: return ColumnId::Cgroup;
    default: return std::nullopt;
  }
}

FieldValue ColumnFields::get(FieldId id, const Endpoint& e, std::string& scratch) const {
  if (field_info(id).endpoint_only) return endpoint_.get(id, e, scratch);
  const auto col = column_of(id);
  if (!col) return {};
  const Value v = column(*col).get(e, ctx_, scratch);
  if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
  if (const auto* u = std::get_if<std::uint64_t>(&v)) return static_cast<std::int64_t>(*u);
  if (const auto* d = std::get_if<double>(&v)) return static_cast<std::int64_t>(std::llround(*d));
  if (const auto* t = std::get_if<std::string_view>(&v)) return *t;
  return {};
}

}  // namespace sockscope

namespace sockscope {

namespace {

void collect_columns(const QueryNode& n, std::vector<const Column*>& out) {
  for (const auto& k : n.kids) collect_columns(k, out);
  if (n.kind != QueryNode::Kind::Pred) return;
  const auto* f = std::get_if<FieldPred>(&n.pred);
  if (!f) return;
  const Column* c = nullptr;
  if (const auto id = column_of(f->field)) c = &column(*id);
  else c = find_column(field_info(f->field).name);
  // tcp_info fields whose name no column has (rtt): any tcp_info column makes it collected.
  if (!c && f->field >= FieldId::BytesSent && f->field <= FieldId::Retrans) c = &column(ColumnId::BytesSent);
  if (c && std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
}

}  // namespace

std::vector<const Column*> columns_read_by(const Query& q) {
  std::vector<const Column*> out;
  collect_columns(q.root, out);
  return out;
}

}  // namespace sockscope
