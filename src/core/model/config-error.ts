/** A problem in a file the operator wrote, located so it can be shown as `FILE:LINE[:COL]: problem`. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly problem: string,
    readonly column?: number,
  ) {
    const where = [file, line, line === undefined ? undefined : column].filter((part) => part !== undefined).join(':');
    // A problem that already names its file ("Can't find configuration: PATH") is shown as it is.
    super(line === undefined && problem.includes(file) ? problem : `${where}: ${problem}`);
    this.name = 'ConfigError';
  }
}
