/** Python `%`-formatting against a mapping, as supervisor's `expand()` applies it to config values. */

export type Expansions = Readonly<Record<string, string | number>>;

const FORMAT = /%(?:\(([^)]*)\)([-#0 +]*)(\d*)(?:\.(\d+))?([sdirf%])|(%)|(.?))/g;

/** Environment variables as supervisord offers them: `ENV_NAME`. */
export function environmentExpansions(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[`ENV_${key}`] = value;
  return out;
}

function pad(text: string, flags: string, width: string): string {
  const size = Number(width || 0);
  if (text.length >= size) return text;
  if (flags.includes('-')) return text.padEnd(size);
  return flags.includes('0') && /^-?\d/.test(text) ? text.padStart(size, '0') : text.padStart(size);
}

function convert(value: string | number, type: string, precision: string | undefined): string {
  if (type === 's' || type === 'r') return String(value);
  const number = typeof value === 'number' ? value : Number.NaN;
  if (Number.isNaN(number)) throw new Error(`%${type} format: a real number is required, not str`);
  return type === 'f' ? number.toFixed(Number(precision ?? 6)) : String(Math.trunc(number));
}

/**
 * Expands `%(name)s`-style references in `text`. Throws with supervisor's wording when a name is
 * missing or the format is bad; `what` names the option in that message.
 */
export function expandValue(text: string, expansions: Expansions, what: string): string {
  return text.replace(FORMAT, (_all, name, flags, width, precision, type, percent, bad) => {
    if (percent) return '%';
    if (name === undefined) {
      throw new Error(
        `Format string ${JSON.stringify(text)} for '${what}' is badly formatted: unsupported format '%${bad ?? ''}'`,
      );
    }
    if (type === '%') return '%';
    const value = expansions[name];
    if (value === undefined) {
      const available = Object.keys(expansions)
        .filter((key) => !key.startsWith('ENV_'))
        .sort();
      throw new Error(
        `Format string ${JSON.stringify(text)} for '${what}' contains names ('${name}') which cannot be expanded. ` +
          `Available names: ${available.join(', ')} and ENV_*`,
      );
    }
    return pad(convert(value, type, precision), flags, width);
  });
}
