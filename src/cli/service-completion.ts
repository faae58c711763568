/**
 * `service --completion bash` (SPEC 9): a bash completion script, as Canopsis' own `.bash_completion` gave
 * one; it asks `service --names` for the names (init.d, groups, programs, processes) at each Tab.
 * Namespecs hold a colon, which bash splits words at: the script reads the word from the line itself.
 */
import { buildCatalog, catalogNames } from '../core/plan/catalog.js';
import { atNode } from '../core/config/nodes.js';
import type { NamesCachePort } from '../core/ports.js';
import type { HomeFiles } from '../core/home.js';
import { ConfigError } from '../core/model/config-error.js';

const ACTIONS = 'start stop restart status mstart mstop mrestart log';
const FLAGS = '--json --timeout --home --no-wait --kill-leftovers';
const FIRST_FLAGS = '--status-all --history --update --completion --help --version';

export const BASH_COMPLETION = `# bash completion for canopsis-tui's service (service --completion bash)
_canopsis_service() {
  local line="\${COMP_LINE:0:COMP_POINT}" cur="" home="" index
  local -a words
  read -ra words <<< "$line"
  if [[ "$line" == *[[:space:]] ]]; then
    index=\${#words[@]}
  else
    index=$(( \${#words[@]} - 1 )); cur="\${words[index]}"
  fi
  for (( i = 1; i < \${#words[@]} - 1; i++ )); do
    [[ "\${words[i]}" == --home ]] && home="\${words[i+1]}"
  done
  local -a candidates
  if (( index == 1 )) && [[ "$cur" == -* ]]; then
    candidates=( $(compgen -W "${FIRST_FLAGS}" -- "$cur") )
  elif (( index == 1 )); then
    candidates=( $(compgen -W "$("\${words[0]}" --names \${home:+--home "$home"} 2>/dev/null)" -- "$cur") )
  elif (( index == 2 )) && [[ "$cur" != -* ]]; then
    candidates=( $(compgen -W "${ACTIONS}" -- "$cur") )
  else
    candidates=( $(compgen -W "${FLAGS}" -- "$cur") )
  fi
  # bash replaces only the end of the word, from its last word break (':' and '@' by default, as in
  # group:process and NAME@NODE): hand it just that part.
  local breaks=""
  [[ "$COMP_WORDBREAKS" == *:* ]] && breaks+=":"
  [[ "$COMP_WORDBREAKS" == *@* ]] && breaks+="@"
  if [[ -n "$breaks" && "$cur" == *["$breaks"]* ]]; then
    local prefix="\${cur%"\${cur##*["$breaks"]}"}"
    # The word bash replaces begins after a ':' but at an '@' (bash keeps '@' with the word that follows).
    [[ "$prefix" == *@ ]] && prefix="\${prefix%@}"
    candidates=( "\${candidates[@]#"$prefix"}" )
  fi
  COMPREPLY=( "\${candidates[@]}" )
}
complete -F _canopsis_service service canopsis-service
`;

/**
 * Every name `service` resolves: the home's from its files, each other node's from the last answer it gave
 * (alone, and as `NAME@NODE`). A Tab never waits for supervisord or a node.
 */
export function completionNames({ files, names }: { files: HomeFiles; names?: NamesCachePort }): string[] {
  const config = files.config instanceof ConfigError ? undefined : files.config;
  const catalog = buildCatalog({ config, loaded: undefined, lsb: files.lsb, lsbNotExecutable: files.lsbNotExecutable });
  const others = files.settings.nodes.slice(1).map((node) => node.name);
  const answered = others.flatMap((node) => (names?.recall(node) ?? []).flatMap((name) => [name, atNode(name, node)]));
  return [...new Set([...catalogNames(catalog), ...answered])].sort();
}
