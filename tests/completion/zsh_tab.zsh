# Presses Tab in an interactive zsh on a pseudo-terminal (zpty) and prints "ok" when the candidates
# for `sockscope list --sort pro` (columns proto, process, process_start ...) show, else what it saw.
# Polls for the answers, up to a minute each, rather than sleeping a fixed time.
#   zsh -f zsh_tab.zsh FPATH_DIR
zmodload zsh/zpty || { print "no zsh/zpty"; exit 1 }
dir=$1
zpty z 'TERM=dumb zsh -f -i'
zpty -w z "PS1='> '; fpath=($dir \$fpath); autoload -U compinit; compinit -u -d $dir/.zcompdump; zstyle ':completion:*' list-prompt ''; setopt nobeep; print READY\$((20+22))"
all= chunk=
for ((i = 0; i < 600; i++)); do
  zpty -r -t z chunk && all+=$chunk
  [[ $all == *READY42* ]] && break
  sleep 0.1
done
all=
zpty -w -n z $'sockscope list --sort pro\t'
for ((i = 0; i < 600; i++)); do
  zpty -r -t z chunk && all+=$chunk
  [[ $all == *process_start* && $all == *proto* ]] && break
  # The first Tab inserts the common prefix; a second one lists the candidates.
  (( i % 20 == 10 )) && zpty -w -n z $'\t'
  sleep 0.1
done
zpty -d z
if [[ $all == *process_start* && $all == *proto* ]]; then
  print ok
else
  print -r -- "no columns offered; the terminal showed: ${${all//$'\r'/}[-300,-1]}"
fi
