/** Names as supervisord spells them (supervisor/options.py make_namespec / split_namespec) and name checks. */

/** `group:process`, or `process` when both are the same. */
export function makeNamespec(group: string, process: string): string {
  return group === process ? process : `${group}:${process}`;
}

/**
 * `group:process` as supervisord reads it (split_namespec): split at the first `:`; a name without one is
 * its own group. The one place a namespec is taken apart.
 */
export function splitNamespec(namespec: string): { group: string; process: string } {
  const colon = namespec.indexOf(':');
  if (colon < 0) return { group: namespec, process: namespec };
  return { group: namespec.slice(0, colon), process: namespec.slice(colon + 1) };
}

export const MAX_NAME_LENGTH = 200;

/** Characters a shell would act on; a service name never needs them. */
const SHELL_META = /[;&|$`<>(){}'"\\!#~=,%]/;

/**
 * Why `operand` is not a usable service name, or undefined when it is. Shell characters are refused unless
 * `known` says supervisord itself runs something by that name (it refuses only ' ', ':' and '/'): such a
 * name never reaches a shell here, and must be usable (SPEC 11).
 */
export function invalidNameReason(operand: string, known?: (name: string) => boolean): string | undefined {
  if (operand.length === 0) return 'empty name';
  if (operand.length > MAX_NAME_LENGTH) return `name longer than ${MAX_NAME_LENGTH} characters`;
  if (operand.includes('/')) return "name contains '/'";
  if (/\s/.test(operand)) return 'name contains whitespace';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(operand)) return 'name contains control characters';
  if (operand.startsWith('-')) return "name starts with '-'";
  if (operand.startsWith('.')) return "name starts with '.'";
  if (SHELL_META.test(operand) && !known?.(operand)) return 'name contains shell metacharacters';
  return undefined;
}

/** A name with `*`, `?` or `[` is a pattern (SPEC 3.2). */
export function isPattern(operand: string): boolean {
  return /[*?[]/.test(operand);
}

/** Shows a name in a message without letting it flood or corrupt the terminal. */
export function printableName(operand: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = operand.replace(/[\u0000-\u001f\u007f]/g, '?');
  return clean.length > 60 ? `${clean.slice(0, 57)}...` : clean;
}
