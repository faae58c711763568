/** Keeps secrets written in config files out of every message (SPEC: no secret in any output, ever). */

const SECRET_WORD = /[\w.-]*(?:passw(?:or)?d|passwd|secret|token|credential|apikey|api_key)[\w.-]*/i;

/** Whether an option with this name holds a secret (`password`, `password_file` excepted: it is a path). */
export function isSecretKey(key: string): boolean {
  return SECRET_WORD.test(key) && !/_file$/i.test(key);
}

/** A config line shown in a message: everything after a secret-looking word is masked. */
export function maskLine(line: string): string {
  const found = SECRET_WORD.exec(line);
  if (!found) return line;
  const end = found.index + found[0].length;
  return end < line.length ? `${line.slice(0, end)} ****` : line;
}

/** Free text from another reader (supervisor's own, a daemon's answer): masks `password = x` and the like. */
export function maskSecrets(text: string): string {
  const word = new RegExp(`(${SECRET_WORD.source}(?:\\s*[=:]\\s*|\\s+|['"]:\\s*['"]))([^\\s'"\\\\,}]+)`, 'gi');
  const format = /Format string ('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*") for '([^']*)'/g;
  return text
    .replace(format, (all, _value: string, option: string) =>
      isSecretKey(option.split('.').pop() ?? '') ? `Format string **** for '${option}'` : all,
    )
    .replace(word, (_all, key: string) => `${key}****`);
}
