import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSettingsFile } from '../../src/cli/tui-settings.js';

function file(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ctui-ini-'));
  const name = path.join(dir, 'canopsis-tui.ini');
  fs.writeFileSync(name, text);
  return name;
}

describe('readSettingsFile', () => {
  it('reads [tui] seconds and booleans', () => {
    expect(readSettingsFile(file('[tui]\ninterval = 2\nlsb_interval = 10\nread_only = true\nconfirm = false\n'))).toEqual({
      settings: { intervalMs: 2000, lsbIntervalMs: 10_000, readOnly: true, confirm: false },
      problems: [],
    });
  });

  it('names the file and key of a bad value or an unknown key', () => {
    const name = file('[tui]\ninterval = soon\nreadonly = true\n');
    expect(readSettingsFile(name).problems).toEqual([`${name}: [tui] interval: not a number of seconds: soon`, `${name}: [tui] readonly: unknown setting`]);
  });

  it('is optional', () => {
    expect(readSettingsFile('/nonexistent/canopsis-tui.ini')).toEqual({ settings: {}, problems: [] });
  });
});
