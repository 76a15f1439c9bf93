// sockscope-gui: the desktop window (`sockscope gui` runs it).
#include "gui/gui_app.hpp"

int main(int argc, char** argv) { return sockscope::gui::run_gui(argc, argv); }
