/** The colour level (0-3) a terminal supports, or undefined to leave the decision to chalk. */
export function colourLevel(env: NodeJS.ProcessEnv, isTty: boolean): number | undefined {
  if (env.FORCE_COLOR !== undefined || !isTty) return undefined;
  if (env.NO_COLOR) return 0;
  const term = env.TERM ?? '';
  if (term === 'dumb') return 0;
  if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return 3;
  return /256/.test(term) ? 2 : 1;
}
