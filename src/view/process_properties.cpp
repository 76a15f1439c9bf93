// Building the process properties text from the snapshot's Process and the on-demand ProcessDetails.
#include "view/process_properties.hpp"

#include "present/columns.hpp"
#include "present/local_lookups.hpp"
#include "present/sanitize.hpp"

namespace sockscope::view {

namespace {

void add(std::vector<std::string>& lines, std::string_view label, std::string_view raw_value) {
  std::string line(label);
  line.resize(kPropertyLabelWidth, ' ');
  append_terminal_safe(line, raw_value);
  lines.push_back(std::move(line));
}

std::string pid_and_name(const Process& p) {
  return std::to_string(p.pid) + " (" + p.name + ")";
}

std::string column_text(ColumnId id, const Endpoint& e, const Snapshot& snap, const CellContext& ctx) {
  std::string scratch, out;
  ValueContext vc{snap, ctx.names, ctx.local};
  append_plain_text(out, column(id), column(id).get(e, vc, scratch), ctx.local, FloatStyle::Fixed3);
  return out;
}

}  // namespace

std::string endpoint_summary(const Endpoint& e, const Snapshot& snap, const CellContext& ctx) {
  std::string raw = std::string(proto_name(e)) + "  " + column_text(ColumnId::Local, e, snap, ctx);
  if (e.proto != Proto::Unix) raw += " -> " + column_text(ColumnId::Remote, e, snap, ctx);
  raw += "  ";
  raw += state_name(e);
  return terminal_safe(raw);
}

std::vector<std::string> process_properties(const LiveRow& row, const Snapshot& latest,
                                            const ProcessDetails* details, const CellContext& ctx) {
  std::vector<std::string> lines;
  const Process* p = row.owner();
  if (!p) {
    lines.push_back(endpoint_summary(row.endpoint(), *row.snapshot, ctx));
    lines.emplace_back();
    lines.push_back("No process is known to hold this endpoint: TIME_WAIT and orphaned");
    lines.push_back("sockets have none, and other users' processes can only be");
    lines.push_back("inspected as root.");
    return lines;
  }
  add(lines, "Name", p->name);
  add(lines, "PID", std::to_string(p->pid));
  // Parent: the chain from /proc when it could be read, else the snapshot's ppid.
  if (details && details->ancestry.size() > 1) {
    add(lines, "Parent", pid_and_name(details->ancestry[1]));
    if (details->ancestry.size() > 2) {
      std::string chain;
      for (std::size_t i = 2; i < details->ancestry.size(); ++i) {
        if (i > 2) chain += " < ";
        chain += pid_and_name(details->ancestry[i]);
      }
      add(lines, "Ancestors", chain);
    }
  } else {
    add(lines, "Parent", p->ppid > 0 ? std::to_string(p->ppid) : std::string("-"));
  }
  add(lines, "User", (p->user.empty() ? std::string("?") : p->user) + " (uid " + std::to_string(p->uid) + ")");
  if (p->start_time_ms != 0) {
    std::string when;
    if (ctx.local) when = std::string(ctx.local->local_time(p->start_time_ms));
    else append_local_time(when, p->start_time_ms);
    add(lines, "Started", when);
  } else {
    add(lines, "Started", "-");
  }
  add(lines, "Executable", p->exe.empty() ? std::string_view("- (not visible)") : std::string_view(p->exe));
  const std::string cmd = joined_cmdline(*p);
  add(lines, "Command line", cmd.empty() ? std::string_view("-") : std::string_view(cmd));
  add(lines, "Directory", details && !details->cwd.empty() ? std::string_view(details->cwd) : std::string_view("- (not visible)"));
  std::string unit = p->unit;
  if (unit.empty() && details && !details->ancestry.empty()) unit = details->ancestry.front().unit;
  add(lines, "Unit", unit.empty() ? std::string_view("-") : std::string_view(unit));
  if (details && !details->cgroup.empty()) {
    bool first = true;
    std::string_view rest = details->cgroup;
    while (!rest.empty()) {
      auto nl = rest.find('\n');
      std::string_view line = rest.substr(0, nl);
      rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
      if (line.empty()) continue;
      add(lines, first ? "Cgroup" : "", line);
      first = false;
    }
  } else {
    add(lines, "Cgroup", "-");
  }
  if (details && !details->error.empty()) add(lines, "Note", details->error);

  // Every endpoint this process holds in the latest snapshot.
  std::vector<std::string> mine;
  for (const Endpoint& e : latest.endpoints) {
    for (const Owner& o : e.owners) {
      if (o.process < latest.processes.size() && latest.processes[o.process].pid == p->pid) {
        mine.push_back("  " + endpoint_summary(e, latest, ctx));
        break;
      }
    }
  }
  lines.emplace_back();
  lines.push_back("Endpoints of this process (" + std::to_string(mine.size()) + "):");
  for (auto& m : mine) lines.push_back(std::move(m));
  return lines;
}

}  // namespace sockscope::view
