/**
 * Ctrl-C in the middle of a restart against a real supervisord: the first finishes starting what was
 * stopped and reports; the second abandons and says what is left stopped (issue 10).
 */
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, destroyHome, makeHome, REPO, runBin, type TestHome } from '../support/home.js';

let home: TestHome;
const engines = async () => (await clientFor(home).getAllProcessInfo()).filter((p) => p.group === 'amqp2engines');

/** Starts `bin args` and resolves once its output contains `text`. */
async function startUntil(
  bin: string,
  args: string[],
  text: string,
): Promise<{ child: ResultPromise; until(text: string): Promise<void> }> {
  const child = execa(path.join(REPO, 'bin', bin), ['--home', home.home, ...args], {
    reject: false,
    stdin: 'ignore',
    env: { CANOPSIS_HOME: '' },
    all: true,
  });
  let seen = '';
  const waiting: Array<{ text: string; resolve: () => void }> = [];
  child.all!.on('data', (chunk: Buffer) => {
    seen += chunk.toString();
    for (const wait of waiting.filter((w) => seen.includes(w.text))) wait.resolve();
  });
  const until = (wanted: string) =>
    new Promise<void>((resolve) => (seen.includes(wanted) ? resolve() : waiting.push({ text: wanted, resolve })));
  await until(text);
  // Wrapped: a promise that resolved with the child itself would be awaited to its end.
  return { child, until };
}

beforeAll(async () => {
  home = makeHome();
  expect((await runBin('hypcontrol', ['start'], home)).exitCode).toBe(0);
});
afterAll(async () => destroyHome(home));

describe('Ctrl-C during a restart', () => {
  it('service mrestart: the first Ctrl-C starts again every engine it stopped, reports, exit 130', async () => {
    const { child } = await startUntil('service', ['amqp2engines*', 'mrestart'], ': stopped');
    child.kill('SIGINT');
    const run = await child;
    expect(run.exitCode).toBe(130);
    expect(String(run.stderr)).toContain('mrestart interrupted: starting again what was stopped');
    expect(String(run.stdout)).toContain('amqp2engines:engine-alerts-0: started');
    expect((await engines()).every((p) => p.statename === 'RUNNING')).toBe(true);
  });

  it('service mrestart: a second Ctrl-C abandons and names what is left stopped', async () => {
    const { child, until } = await startUntil('service', ['amqp2engines*', 'mrestart'], ': stopped');
    child.kill('SIGINT');
    await until('mrestart interrupted');
    child.kill('SIGINT');
    const run = await child;
    expect(run.exitCode).toBe(130);
    const said = /mrestart abandoned: left stopped: (.*?)(?:; start asked of supervisord, not confirmed: (.*))?$/m.exec(
      String(run.stderr),
    );
    expect(said, String(run.stderr)).not.toBeNull();
    const list = (text: string | undefined) => (!text || text === 'none' ? [] : text.split(', '));
    const [leftStopped, starting] = [list(said![1]), list(said![2])];
    // Every engine the restart stopped is named once: left stopped, or asked to start and not confirmed.
    expect([...leftStopped, ...starting].sort()).toEqual((await engines()).map((p) => `${p.group}:${p.name}`).sort());
    const now = await engines();
    for (const name of leftStopped) expect(now.find((p) => `${p.group}:${p.name}` === name)?.statename).toBe('STOPPED');
    expect((await runBin('service', ['amqp2engines*', 'mstart'], home)).exitCode).toBe(0);
  });

  it('hypcontrol restart: Ctrl-C while stopping starts again the stages it stopped, exit 130', async () => {
    const { child } = await startUntil('hypcontrol', ['restart'], 'Stopping frontend');
    child.kill('SIGINT');
    const run = await child;
    expect(run.exitCode).toBe(130);
    expect(String(run.stderr)).toContain('hypcontrol: interrupted: starting again what was stopped');
    const all = await clientFor(home).getAllProcessInfo();
    expect(all.filter((p) => p.statename !== 'RUNNING').map((p) => p.name)).toEqual([]);
  });
});
