import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLeftoverStore } from '../../src/adapters/leftover-store.js';
import { fakeTree } from '../support/fakes.js';

const beam = { pid: 1234, startTicks: 99, name: 'beam.smp' };
const epmd = { pid: 1300, startTicks: 98, name: 'epmd' };

const folders: string[] = [];
afterEach(() => folders.splice(0).forEach((folder) => fs.rmSync(folder, { recursive: true, force: true })));

function store(living: number[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ctui-left-'));
  folders.push(dir);
  return {
    dir,
    file: path.join(dir, 'canopsis-tui-leftovers.json'),
    store: createLeftoverStore(dir, fakeTree({}, new Set(living))),
  };
}

describe('the leftover store', () => {
  it('keeps what is written, by name, and drops what has died since', () => {
    const { store: left } = store([1234]);
    left.write(
      new Map([
        ['rabbitmq-server', [beam, epmd]],
        ['other', []],
      ]),
    );
    expect(left.read()).toEqual(new Map([['rabbitmq-server', [beam]]]));
    left.write(new Map([['rabbitmq-server', []]]));
    expect(left.read()).toEqual(new Map());
  });

  it('ignores a file others may write (it names processes to kill), and one that is not JSON', () => {
    const { file, store: left } = store([1234]);
    left.write(new Map([['rabbitmq-server', [beam]]]));
    fs.chmodSync(file, 0o666);
    expect(left.read()).toEqual(new Map());
    fs.chmodSync(file, 0o644);
    expect(left.read().size).toBe(1);
    fs.writeFileSync(file, '{not json');
    expect(left.read()).toEqual(new Map());
  });
});
