// LiveView actions on the selected row: properties, close connection, end process, save, copy —
// the model runs them; the terminal client asks first and words the outcome.
#include <csignal>

#include "present/sanitize.hpp"
#include "tui/live_view.hpp"
#include "view/process_properties.hpp"

namespace sockscope::tui {

namespace {

std::string owner_text(const LiveRow& row) {
  const Process* p = row.owner();
  if (!p) return "no known process";
  return terminal_safe(p->name) + " (" + std::to_string(p->pid) + ")";
}

}  // namespace

void LiveView::show_message_box(std::string title, std::vector<std::string> lines) {
  state_.dialog = make_dialog(DialogKind::Message, std::move(title), std::move(lines));
}

void LiveView::open_properties() {
  const LiveRow* row = model_.selected();
  if (!row) return;
  std::optional<ProcessDetails> details;
  if (const Process* p = row->owner(); p && services_.process_details) details = services_.process_details(p->pid);
  const LiveTable& table = model_.table();
  const Snapshot& latest = table.latest ? *table.latest : *row->snapshot;
  state_.dialog = make_dialog(DialogKind::Properties, row->owner() ? "Process Properties" : "Endpoint",
                              view::process_properties(*row, latest, details ? &*details : nullptr, model_.cell_context()));
}

void LiveView::ask_close() {
  const LiveRow* row = model_.selected();
  if (!row) return;
  const Endpoint& e = row->endpoint();
  const view::CommandResult check = model_.can_close(row->id);
  if (check.outcome == view::Outcome::NotApplicable) {
    return show_message_box("Close Connection", {"Only TCP connections can be closed; this is " +
                                                     std::string(proto_name(e)) + "."});
  }
  if (check.outcome == view::Outcome::AlreadyClosed) {
    return show_message_box("Close Connection", {"This connection is already closed."});
  }
  Dialog d = make_dialog(DialogKind::ConfirmClose, "Close Connection");
  d.lines = {"Close this TCP connection?",
             "",
             "  " + owner_text(*row),
             "  " + view::endpoint_summary(e, *row->snapshot, model_.cell_context()),
             "",
             "The kernel aborts it (SOCK_DESTROY): the program sees an",
             "error and the peer gets a reset."};
  d.endpoint = e;
  if (const NetnsInfo* ns = row->snapshot->netns_of(row->index)) d.netns = *ns;
  state_.dialog = std::move(d);
}

void LiveView::do_close(Clock::time_point now) {
  const Endpoint e = state_.dialog.endpoint;
  const std::optional<NetnsInfo> netns = std::move(state_.dialog.netns);
  state_.dialog = Dialog{};
  const view::CommandResult r = model_.request_close(e, netns ? &*netns : nullptr);
  switch (r.outcome) {
    case view::Outcome::Done:
      return set_message("Closed " + view::endpoint_summary(e, *model_.table().latest, model_.cell_context()), now);
    case view::Outcome::NotPermitted:
      return show_message_box("Cannot Close", {"Not permitted: closing a connection needs CAP_NET_ADMIN.",
                                               "Run sockscope as root (sudo sockscope) to close connections."});
    case view::Outcome::NotSupported:
      return show_message_box("Cannot Close", {"This kernel cannot close sockets from outside their",
                                               "process: it was built without CONFIG_INET_DIAG_DESTROY."});
    case view::Outcome::Gone: return set_message("The connection was already gone", now);
    case view::Outcome::Unavailable: return;
    default: return show_message_box("Cannot Close", {terminal_safe(r.detail)});
  }
}

void LiveView::ask_terminate() {
  const LiveRow* row = model_.selected();
  if (!row) return;
  const Process* p = row->owner();
  if (!p) return show_message_box("End Process", {"No process is known to hold this endpoint."});
  Dialog d = make_dialog(DialogKind::ConfirmTerminate, "End Process");
  d.lines = {"End " + owner_text(*row) + "?", "", "It is sent SIGTERM and may clean up before it exits."};
  d.pid = p->pid;
  state_.dialog = std::move(d);
}

void LiveView::do_signal(int signal, Clock::time_point now) {
  const int pid = state_.dialog.pid;
  state_.dialog = Dialog{};
  const char* name = signal == SIGKILL ? "SIGKILL" : "SIGTERM";
  const view::CommandResult r = model_.request_kill(pid, signal);
  switch (r.outcome) {
    case view::Outcome::Done: {
      if (signal == SIGKILL) return set_message(std::string(name) + " sent to " + std::to_string(pid), now);
      Dialog d = make_dialog(DialogKind::ConfirmKill, "End Process");
      d.lines = {"SIGTERM sent to " + std::to_string(pid) + ".", "", "If it does not exit, kill it with SIGKILL?"};
      d.pid = pid;
      state_.dialog = std::move(d);
      return;
    }
    case view::Outcome::NotPermitted:
      return show_message_box("Cannot End Process", {"Not permitted: process " + std::to_string(pid) +
                                                         " belongs to another user.",
                                                     "Run sockscope as root to end it."});
    case view::Outcome::Gone: return set_message("Process " + std::to_string(pid) + " has already exited", now);
    case view::Outcome::Unavailable: return;
    default: return show_message_box("Cannot End Process", {terminal_safe(r.detail)});
  }
}

void LiveView::save(const std::string& typed, Clock::time_point now) {
  const std::string path = view::expand_home(typed);
  const view::SaveResult saved = model_.save(path, view::save_format_for(path));
  if (saved.result.outcome == view::Outcome::Unavailable) return;
  if (!saved.result.ok()) return show_message_box("Cannot Save", {terminal_safe(saved.result.detail)});
  set_message("Saved " + std::to_string(saved.rows) + " rows to " + terminal_safe(path) + " (" +
                  std::string(view::save_format_name(saved.format)) + ")",
              now);
}

void LiveView::copy_selected(Clock::time_point now) {
  const LiveRow* row = model_.selected();
  if (!row || !services_.copy_to_clipboard) return;
  const std::uint64_t ids[] = {row->id};
  services_.copy_to_clipboard(model_.copy_text(ids));
  set_message("Row copied to the clipboard (OSC 52); q quits", now);
}

}  // namespace sockscope::tui
