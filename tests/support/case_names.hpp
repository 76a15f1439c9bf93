// Readable, stable gtest names for parameterised cases whose parameter is a command line.
#pragma once

#include <gtest/gtest.h>

#include <cctype>
#include <string>

namespace sockscope::testing {

// "case3_x_p_sctp" for {"-p", "sctp"}: letters and digits only, as gtest requires, and never the
// parameter's bytes (the default), which hold heap addresses and change from run to run.
struct ArgsCaseName {
  template <class Param>
  std::string operator()(const ::testing::TestParamInfo<Param>& info) const {
    std::string name = "case" + std::to_string(info.index);
    for (const auto& a : info.param.args) {
      name += '_';
      for (char c : a) name += std::isalnum(static_cast<unsigned char>(c)) ? c : 'x';
    }
    return name;
  }
};

}  // namespace sockscope::testing
