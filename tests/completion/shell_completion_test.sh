#!/usr/bin/env bash
# Drives the generated completion scripts in their shells:
#   bash: sources the script, sets COMP_WORDS/COMP_CWORD, calls _sockscope and checks COMPREPLY;
#   zsh:  compinit finds _sockscope on $fpath, and sourcing it registers the commands;
#   fish: the script parses and `complete -C` answers a few command lines.
# Exit 77 (SKIPPED) when the shell is not installed.
#
#   shell_completion_test.sh bash|zsh|fish COMPLETIONS_DIR SOCKSCOPE_BINARY
set -uo pipefail
shell=$1 dir=$2 binary=$3
command -v "$shell" >/dev/null || { echo "SKIPPED: $shell is not installed"; exit 77; }
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# The column names the program itself lists.
columns=$("$binary" list --list-columns | awk 'NR > 1 && NF { print $1 }' | sort -u)
[ "$(echo "$columns" | wc -l)" -gt 20 ] || fail "sockscope list --list-columns gave too few columns"

# has "candidates" word...: every word is among the candidates (one per line).
has() {
  local got=$1 w
  shift
  for w in "$@"; do grep -qxF -- "$w" <<<"$got" || { fail "'$w' not offered; got: $(echo $got | head -c 300)"; return; }; done
}
lacks() {
  local got=$1 w
  shift
  for w in "$@"; do ! grep -qxF -- "$w" <<<"$got" || fail "'$w' offered but should not be"; done
}

case $shell in
bash)
  complete_line() {  # WORDS...: the candidates for the last word
    bash --norc --noprofile -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _sockscope; printf "%s\n" "${COMPREPLY[@]}"' \
      bash "$dir/sockscope.bash" "$@"
  }
  got=$(complete_line sockscope li); has "$got" list; lacks "$got" netstat
  got=$(complete_line sockscope ''); has "$got" list netstat close watch record history; lacks "$got" completion
  got=$(complete_line sockscope list --so); has "$got" --sort --source; lacks "$got" --state
  got=$(complete_line sockscope list --sort '')
  [ "$(sort -u <<<"$got")" = "$columns" ] || fail "list --sort offers other names than --list-columns: $(diff <(sort -u <<<"$got") <(echo "$columns") | head -5)"
  got=$(complete_line sockscope list -o local_p); has "$got" local_port; lacks "$got" local_address
  got=$(complete_line sockscope list -p tcp,u); has "$got" tcp,udp tcp,udp6 tcp,unix
  got=$(complete_line sockscope -s liste); has "$got" listen
  got=$(complete_line tcpvcon --st); has "$got" --state
  got=$(complete_line tcpview --int); has "$got" --interval
  got=$(complete_line sockscope netstat -p ''); has "$got" TCP UDP TCPv6 UDPv6 ICMP
  got=$(complete_line sockscope netstat --fam); has "$got" --family
  got=$(complete_line sockscope close --process ba); has "$got" bash
  got=$(complete_line sockscope close --pid 1); has "$got" 1
  got=$(complete_line sockscope watch --netns ''); has "$got" all current
  got=$(complete_line sockscope history -o dir); has "$got" direction
  got=$(complete_line sockscope record --mode ''); has "$got" auto ebpf diag
  got=$(complete_line sockscope close --d); has "$got" --dry-run
  ;;
zsh)
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  cp "$dir/_sockscope" "$tmp/_sockscope"
  out=$(zsh -f -c '
    fpath=("$1" $fpath)
    autoload -U compinit && compinit -u -d "$1/.zcompdump" || exit 1
    [[ $_comps[sockscope] == _sockscope && $_comps[tcpvcon] == _sockscope ]] || { print "not on fpath: $_comps[sockscope]"; exit 1 }
    source "$1/_sockscope" || exit 1
    [[ $_comps[tcpview] == _sockscope_main ]] || { print "sourcing did not register: $_comps[tcpview]"; exit 1 }
    (( $+functions[_sockscope_list] && $+functions[_sockscope_netstat] )) || { print "command functions missing"; exit 1 }
    print ok' zsh "$tmp" 2>&1)
  [ "$out" = ok ] || fail "zsh: $out"
  zsh -n "$dir/_sockscope" || fail "zsh -n"
  # A real Tab in an interactive zsh on a pseudo-terminal: `sockscope list --sort pro<Tab><Tab>`
  # lists the columns starting with "pro". Polls for the answer (up to 60 s on a loaded machine).
  out=$(timeout 150 zsh -f "$(dirname "$0")/zsh_tab.zsh" "$tmp" 2>&1 | tail -1)
  [ "$out" = ok ] || fail "zsh Tab: $out"
  ;;
fish)
  fish -n "$dir/sockscope.fish" || fail "fish -n"
  complete_line() { fish --no-config -c "source \$argv[1]; complete -C \$argv[2]" "$dir/sockscope.fish" "$1" 2>&1 | cut -f1; }
  got=$(complete_line 'sockscope li'); has "$got" list
  got=$(complete_line 'sockscope list --so'); has "$got" --sort --source
  got=$(complete_line 'sockscope list --sort '); has "$got" proto local_port pid process
  got=$(complete_line 'sockscope netstat -p '); has "$got" TCP UDPv6
  got=$(complete_line 'sockscope watch --color '); has "$got" auto always never
  ;;
*) echo "unknown shell $shell"; exit 2 ;;
esac

if ((failures)); then
  echo "$shell completion: $failures failures"
  exit 1
fi
echo "$shell completion: ok"
