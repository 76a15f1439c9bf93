// The window's hooks for tests and benchmarks, switched on by environment variables (all off by
// default): what the window shows as text, a PNG of it, and timings of refreshes and input.
#pragma once

namespace sockscope::gui {

class MainWindow;

// SOCKSCOPE_GUI_DUMP=PATH        after every refresh: the platform, the status bar and the rows
//                                ("highlight<TAB>cells" per line), written whole (renamed into place)
// SOCKSCOPE_GUI_SCREENSHOT=PATH  after every refresh: the window grabbed as PNG
// SOCKSCOPE_GUI_TRACE=PATH       one line per refresh: "refresh START_NS END_NS ROWS" (CLOCK_MONOTONIC,
//                                the GUI thread's time taking the table from the collector thread)
// SOCKSCOPE_GUI_INPUT_PROBE=SCROLL_MS,SORT_MS  (needs the trace) a thread asks for a scroll (Page
//                                Down/Up on the table) every SCROLL_MS and a sort (a click on a column
//                                header) every SORT_MS; the GUI thread performs each as the user's
//                                input and traces "scroll|sort POSTED_NS STARTED_NS DONE_NS CPU_NS"
//                                (CPU_NS: the GUI thread's CPU time performing it)
// The hooks live as long as the window (they are its children).
void install_hooks(MainWindow& window);

}  // namespace sockscope::gui
