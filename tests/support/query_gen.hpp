// Seeded random query expressions over ss's filter subset, for tests comparing evaluators.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace sockscope::testing {

// Expressions ss(8) itself accepts: words separated by blanks, parentheses as words, src/dst with
// addresses and prefixes from `hosts`, sport/dport compared with ports from `ports`, and/or/not,
// juxtaposition, and optionally a leading state/exclude run.
class QueryGen {
 public:
  QueryGen(std::uint32_t seed, std::vector<std::string> hosts, std::vector<int> ports)
      : rng_(seed), hosts_(std::move(hosts)), ports_(std::move(ports)) {}

  std::string expression(bool leading_states = true) {
    std::string out;
    if (leading_states && pick(3) == 0) {
      static const char* states[] = {"established", "listening", "time-wait", "syn-sent", "closed", "connected",
                                     "synchronized", "bucket", "big", "fin-wait-2", "close-wait", "all"};
      const int n = 1 + pick(2);
      for (int i = 0; i < n; ++i) out += std::string(pick(3) == 0 ? "exclude " : "state ") + states[pick(12)] + " ";
    }
    return out + expr(3);
  }

 private:
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

  std::string port() {
    const int p = ports_[static_cast<std::size_t>(pick(static_cast<int>(ports_.size())))];
    return pick(4) == 0 ? std::to_string(p) : ":" + std::to_string(p);
  }

  std::string leaf() {
    static const char* ops[] = {"=", "==", "eq", "!=", "ne", "<", "lt", "<=", "le", ">", "gt", ">=", "ge", ""};
    switch (pick(4)) {
      case 0:
      case 1: {
        const std::string side = pick(2) ? "sport " : "dport ";
        return side + ops[pick(14)] + " " + port();
      }
      default: {
        const std::string side = pick(2) ? "src " : "dst ";
        std::string host = hosts_[static_cast<std::size_t>(pick(static_cast<int>(hosts_.size())))];
        if (pick(3) == 0) {
          const std::string p = port();
          host += p[0] == ':' ? p : ":" + p;
        }
        return side + (pick(3) == 0 ? "= " : "") + host;
      }
    }
  }

  std::string expr(int depth) {
    if (depth == 0 || pick(3) == 0) return pick(5) == 0 ? "not " + leaf() : leaf();
    static const char* joins[] = {" and ", " or ", " ", " && ", " || ", " and not "};
    std::string e = expr(depth - 1) + joins[pick(6)] + expr(depth - 1);
    if (pick(2)) e = "( " + e + " )";
    if (pick(6) == 0) e = "! " + (e[0] == '(' ? e : "( " + e + " )");
    return e;
  }

  std::mt19937 rng_;
  std::vector<std::string> hosts_;
  std::vector<int> ports_;
};

}  // namespace sockscope::testing
