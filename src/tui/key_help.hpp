// The live view's key bindings, as the help screen lists them (the man page's WATCH section matches).
#pragma once

#include <string_view>

namespace sockscope::tui {

struct KeyHelp {
  std::string_view keys;
  std::string_view action;
};

inline constexpr KeyHelp kKeyHelp[] = {
    {"F1, ?", "this help"},
    {"q, F10", "quit"},
    {"Up Down PgUp PgDn", "move the selection (Home, End; mouse click, wheel)"},
    {"Left, Right", "scroll the columns sideways"},
    {"Space", "pause or resume updates"},
    {"F5", "refresh now"},
    {"1, 2, 5", "update every 1, 2 or 5 seconds"},
    {"Ctrl+R, r", "resolve addresses and ports to names, or show numbers"},
    {"<, >", "sort by the column left or right of the current one"},
    {"F6", "pick the sort column (or click a column header)"},
    {"I", "invert the sort order (or click the header again)"},
    {"/, Ctrl+F", "filter: an expression (sport = 22) or text"},
    {"Esc", "clear the quick filter"},
    {"Enter", "process properties"},
    {"x, Delete", "close the TCP connection (needs CAP_NET_ADMIN)"},
    {"K, F9", "end the process: SIGTERM, then SIGKILL if asked"},
    {"Ctrl+S, w", "save the view to a file: .csv, .json, else text"},
    {"c, Ctrl+C", "copy the row to the clipboard (OSC 52)"},
    {"p", "show or hide TCPv4, TCPv6, UDPv4, UDPv6, UNIX"},
    {"s", "choose the connection states shown"},
    {"o, F2", "choose, hide and reorder columns"},
};

}  // namespace sockscope::tui
