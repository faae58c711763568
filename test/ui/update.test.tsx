/** SPEC 9: `u` shows what an update would do, group by group; y applies it, Esc leaves everything as it was. */
import { afterEach, describe, expect, it } from 'vitest';
import type { UpdatePlan } from '../../src/core/plan/config-update.js';
import { fakeSession } from '../support/fake-session.js';
import { KEYS, renderApp, type Rendered } from '../support/render-app.js';

let app: Rendered | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

const lines = (frame: string) => frame.split('\n');
const PLAN: UpdatePlan = {
  groups: [
    {
      group: 'collectd',
      change: 'changed',
      processes: [{ namespec: 'collectd', fate: 'restarts' }],
      loaded: ['collectd'],
      filesHere: true,
      files: ['supervisord.d/collectd.conf'],
    },
    {
      group: 'engine-new',
      change: 'added',
      processes: [{ namespec: 'engine-new', fate: 'stays stopped' }],
      loaded: [],
      filesHere: true,
    },
  ],
  unchanged: [],
};

describe('the update screen', () => {
  it('says which file changed and that a failed process it leaves alone stays stopped', async () => {
    const session = fakeSession();
    session.runs({ webserver: { statename: 'FATAL', pid: 0, spawnerr: 'Exited too quickly' } });
    const answer = { added: ['engine-new'], changed: ['collectd'], removed: [] };
    session.updatePreview = { ok: true, answer, plan: PLAN, unknown: [] };
    app = await renderApp(session, { color: false, rows: 30 });
    await app.press('u');
    const screen = await app.waitFor((text) => text.includes('2 group(s) change'), 'the preview');
    const shown = lines(screen).map((line) => line.trimEnd());
    expect(shown).toContain('  in supervisord.d/collectd.conf');
    expect(shown).toContain('Failed, and not touched by this update (it stays stopped; r restarts it):');
    expect(shown).toContain('  webserver');
  });

  it('offers no y when there is nothing to apply', async () => {
    const session = fakeSession();
    const answer = { added: [], changed: [], removed: [] };
    session.updatePreview = { ok: true, answer, plan: { groups: [], unchanged: [] }, unknown: [] };
    app = await renderApp(session, { color: false });
    await app.press('u');
    const screen = await app.waitFor((text) => text.includes('nothing to apply'), 'the preview');
    expect(lines(screen).at(-1)).toBe('Esc/n cancel  ↑/↓ PgUp/PgDn scroll');
    expect(screen).not.toContain('[y/N]');
  });

  it('previews each group and process, y applies with the touched rows in flight, and says each result', async () => {
    const session = fakeSession();
    const answer = { added: ['engine-new'], changed: ['collectd'], removed: [] };
    session.updatePreview = { ok: true, answer, plan: PLAN, unknown: [] };
    app = await renderApp(session, { color: false });
    await app.press('u');
    const frame = await app.waitFor((text) => text.includes('── update: 2 group(s) change'), 'the preview');
    expect(lines(frame).slice(3, 8)).toEqual([
      'collectd: changed: the whole group is stopped, removed and added again',
      '  in supervisord.d/collectd.conf',
      '  collectd    runs now: stopped, then started again',
      'engine-new: added',
      '  engine-new  not running: stays stopped',
    ]);
    expect(lines(frame).at(-2)).toBe('Apply these changes to supervisord? [y/N]');
    expect(lines(frame).at(-1)).toBe('y apply  Esc/n cancel  ↑/↓ PgUp/PgDn scroll');
    await app.press('y');
    const done = await app.waitFor(
      (text) => text.includes('update: collectd: changed; engine-new: added'),
      'the result',
    );
    expect(done).toContain('── BACKEND');
    expect(session.updatesApplied).toEqual([answer]);
  });

  it('Esc cancels; problems are listed and y applies nothing; read-only refuses', async () => {
    const session = fakeSession();
    session.updatePreview = {
      ok: false,
      problems: [
        '/opt/canopsis/etc/engines/bad.ini:3: [program:bad] autostart: not a valid boolean value: "maybe"',
        'nothing was applied: supervisord would refuse these files',
      ],
    };
    app = await renderApp(session, { color: false });
    await app.press('u');
    await app.waitFor((text) => text.includes('── update: nothing to apply'), 'the problems');
    await app.press(KEYS.esc);
    await app.waitFor(
      (text) => text.includes('Update cancelled: nothing was applied') && text.includes('── BACKEND'),
      'Esc',
    );
    await app.press('u');
    const frame = await app.waitFor((text) => text.includes('── update: nothing to apply'), 'the problems');
    expect(lines(frame).slice(3, 5).join(' ')).toBe(
      '/opt/canopsis/etc/engines/bad.ini:3: [program:bad] autostart: not a valid boolean value: "maybe"',
    );
    await app.press('y');
    await app.waitFor(
      (text) => text.includes('Update cancelled: nothing was applied') && text.includes('── BACKEND'),
      'the cancel',
    );
    expect(session.updatesApplied).toEqual([]);
    app.unmount();
    app = await renderApp(session, { color: false, readOnly: true });
    await app.press('u');
    expect(app.frame()).toContain('Read-only (--read-only): applying the files is disabled');
  });
});
