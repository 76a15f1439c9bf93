// LiveView actions on the selected row: properties, close connection, end process, save, copy.
#include <cerrno>
#include <csignal>

#include "present/sanitize.hpp"
#include "tui/live_view.hpp"
#include "tui/process_properties.hpp"
#include "tui/view_export.hpp"

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
  const LiveRow* row = selected_row();
  if (!row) return;
  std::optional<ProcessDetails> details;
  if (const Process* p = row->owner(); p && services_.process_details) details = services_.process_details(p->pid);
  const Snapshot& latest = state_.table->latest ? *state_.table->latest : *row->snapshot;
  state_.dialog = make_dialog(DialogKind::Properties, row->owner() ? "Process Properties" : "Endpoint",
                         process_properties(*row, latest, details ? &*details : nullptr, cell_context()));
}

void LiveView::ask_close() {
  const LiveRow* row = selected_row();
  if (!row) return;
  const Endpoint& e = row->endpoint();
  if (e.proto != Proto::Tcp || (e.family != Family::Inet4 && e.family != Family::Inet6)) {
    return show_message_box("Close Connection", {"Only TCP connections can be closed; this is " +
                                                     std::string(proto_name(e)) + "."});
  }
  if (row->status == RowStatus::Closed) {
    return show_message_box("Close Connection", {"This connection is already closed."});
  }
  Dialog d = make_dialog(DialogKind::ConfirmClose, "Close Connection");
  d.lines = {"Close this TCP connection?",
             "",
             "  " + owner_text(*row),
             "  " + endpoint_summary(e, *row->snapshot, cell_context()),
             "",
             "The kernel aborts it (SOCK_DESTROY): the program sees an",
             "error and the peer gets a reset."};
  d.endpoint = e;
  state_.dialog = std::move(d);
}

void LiveView::do_close(Clock::time_point now) {
  const Endpoint e = state_.dialog.endpoint;
  state_.dialog = Dialog{};
  if (!services_.close_connection) return;
  Result<void> r = services_.close_connection(e);
  if (r) {
    set_message("Closed " + endpoint_summary(e, *state_.table->latest, cell_context()), now);
    send_control(true);
    return;
  }
  switch (r.error().code) {
    case EPERM:
    case EACCES:
      return show_message_box("Cannot Close", {"Not permitted: closing a connection needs CAP_NET_ADMIN.",
                                               "Run sockscope as root (sudo sockscope) to close connections."});
    case EOPNOTSUPP:
      return show_message_box("Cannot Close", {"This kernel cannot close sockets from outside their",
                                               "process: it was built without CONFIG_INET_DIAG_DESTROY."});
    case ENOENT:
      set_message("The connection was already gone", now);
      send_control(true);
      return;
    default:
      return show_message_box("Cannot Close", {terminal_safe(r.error().message)});
  }
}

void LiveView::ask_terminate() {
  const LiveRow* row = selected_row();
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
  if (!services_.send_signal) return;
  const char* name = signal == SIGKILL ? "SIGKILL" : "SIGTERM";
  Result<void> r = services_.send_signal(pid, signal);
  if (r) {
    send_control(true);
    if (signal == SIGKILL) return set_message(std::string(name) + " sent to " + std::to_string(pid), now);
    Dialog d = make_dialog(DialogKind::ConfirmKill, "End Process");
    d.lines = {"SIGTERM sent to " + std::to_string(pid) + ".", "",
               "If it does not exit, kill it with SIGKILL?"};
    d.pid = pid;
    state_.dialog = std::move(d);
    return;
  }
  switch (r.error().code) {
    case EPERM:
      return show_message_box("Cannot End Process", {"Not permitted: process " + std::to_string(pid) +
                                                         " belongs to another user.",
                                                     "Run sockscope as root to end it."});
    case ESRCH:
      set_message("Process " + std::to_string(pid) + " has already exited", now);
      send_control(true);
      return;
    default:
      return show_message_box("Cannot End Process", {terminal_safe(r.error().message)});
  }
}

void LiveView::save(const std::string& typed, Clock::time_point now) {
  const std::string path = expand_home(typed);
  const SaveFormat format = save_format_for(path);
  SavedView saved = export_view(state_, cell_context(), format);
  if (!services_.write_file) return;
  Result<void> r = services_.write_file(path, saved.content);
  if (!r) return show_message_box("Cannot Save", {terminal_safe(r.error().message)});
  set_message("Saved " + std::to_string(saved.rows) + " rows to " + terminal_safe(path) + " (" +
                  std::string(save_format_name(format)) + ")",
              now);
}

void LiveView::copy_selected(Clock::time_point now) {
  const LiveRow* row = selected_row();
  if (!row || !services_.copy_to_clipboard) return;
  services_.copy_to_clipboard(row_as_text(state_, *row, cell_context()));
  set_message("Row copied to the clipboard (OSC 52); q quits", now);
}

}  // namespace sockscope::tui
