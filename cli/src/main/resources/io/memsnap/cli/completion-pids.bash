# memsnap's additions to picocli's completion above (appended by io.memsnap.cli.PackageFiles at build time):
#  - -p/--pid offers the pids of running nginx and luajit processes;
#  - "memsnap -p ..." completes like "memsnap report -p ..." (report is the default command);
#  - FILE arguments and -o complete file names.
_memsnap_pids() {
  local d comm
  for d in /proc/[0-9]*; do
    { read -r comm < "$d/comm"; } 2>/dev/null || continue
    case "$comm" in
      nginx|luajit*) echo "${d#/proc/}" ;;
    esac
  done
}

_memsnap_complete() {
  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"
  case "$prev" in
    -p|--pid)
      COMPREPLY=( $(compgen -W "$(_memsnap_pids)" -- "$cur") )
      return 0 ;;
    -o|--output|--html)
      { type compopt && compopt -o filenames; } &>/dev/null
      COMPREPLY=( $(compgen -f -- "$cur") )
      return 0 ;;
  esac
  if [[ " @COMMANDS@ " != *" ${COMP_WORDS[1]:-} "* ]] && { (( COMP_CWORD > 1 )) || [[ "$cur" == -* ]]; }; then
    COMP_WORDS=( "${COMP_WORDS[0]}" report "${COMP_WORDS[@]:1}" )
    COMP_CWORD=$((COMP_CWORD + 1))
    COMP_LINE="${COMP_WORDS[*]}"
  fi
  _complete_memsnap "$@"
  if (( ${#COMPREPLY[@]} == 0 )) && [[ "$cur" != -* ]]; then
    { type compopt && compopt -o filenames; } &>/dev/null
    COMPREPLY=( $(compgen -f -- "$cur") )
  fi
  return 0
}

complete -F _memsnap_complete -o default memsnap
