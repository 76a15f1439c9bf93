// The prose of `sockscope watch --help`: what the live view is and its keys.
#pragma once

#include <string_view>

namespace sockscope::cli {

inline constexpr std::string_view kWatchDescription =
    "The live view (TCPView in the terminal): every TCP and UDP endpoint with its process,\n"
    "updated every second. New endpoints are green, state changes yellow, closed ones red,\n"
    "for three refreshes. Opens by default when sockscope runs on a terminal without a\n"
    "command, and when invoked as 'tcpview'.";

inline constexpr std::string_view kWatchFooter =
    "KEYS\n"
    "  F1 ?  help          q F10  quit              Space  pause/resume\n"
    "  F5    refresh now   1 2 5  update speed (s)  Ctrl+R r  names on/off\n"
    "  < >   sort column   F6     pick sort column  I  invert sort (or click a header)\n"
    "  / Ctrl+F  quick filter (Esc clears)          Enter  process properties\n"
    "  x Del  close the TCP connection (CAP_NET_ADMIN)   K F9  end the process\n"
    "  Ctrl+S w  save (.csv, .json, else text)      c Ctrl+C  copy the row (OSC 52)\n"
    "  p  protocols   s  states   o F2  columns (show, hide, reorder)\n"
    "\n"
    "First Seen is when sockscope first saw an endpoint: Linux keeps no creation time for\n"
    "sockets. Endpoints already there at start show as seen at or before that time.\n"
    "Without colour (NO_COLOR, --color never, a monochrome terminal) a first column marks\n"
    "rows: + new, * state changed, - closed.\n"
    "Connections born and gone between two refreshes show as closed rows in state\n"
    "SHORT-LIVED, with owner, bytes and Lifetime (eBPF as root, else the sock_diag\n"
    "destroy groups without owners); the status bar counts them since start.\n"
    "\n"
    "EXIT STATUS\n"
    "  0 quit, 2 bad usage, 3 not a terminal or sockets could not be read,\n"
    "  128+N ended by signal N (SIGINT, SIGTERM, SIGHUP; the terminal is restored first)";

}  // namespace sockscope::cli
