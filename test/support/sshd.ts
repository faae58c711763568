/**
 * A real sshd (Debian's openssh-server) for the initscripts of another node (SPEC 10): its own port, host
 * key and authorized key in a temporary folder, every session started in the node's home (ForceCommand,
 * as the account's home would be). Commands under test reach it through an `ssh` earlier on PATH that adds
 * `-F` with the port and key: the product runs the system's ssh with its own options, as it would.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { freePort, type TestNode } from './nodes.js';

export interface TestSshd {
  /** `user@127.0.0.1`: the `ssh` value of the node. */
  target: string;
  /** PATH with the `ssh` that knows the port and key first. */
  path: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startSshd(nodeHome: string): Promise<TestSshd> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ctui-sshd-'));
  const file = (name: string) => path.join(dir, name);
  await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file('host_key')]);
  await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file('id')]);
  fs.copyFileSync(file('id.pub'), file('authorized_keys'));
  const port = await freePort();
  fs.writeFileSync(
    file('sshd_config'),
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${file('host_key')}`,
      `PidFile ${file('sshd.pid')}`,
      `AuthorizedKeysFile ${file('authorized_keys')}`,
      'StrictModes no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'PermitRootLogin prohibit-password',
      `ForceCommand cd ${nodeHome} && exec /bin/sh -c "$SSH_ORIGINAL_COMMAND"`,
      '',
    ].join('\n'),
  );
  const client = [
    'Host *',
    `  Port ${port}`,
    `  IdentityFile ${file('id')}`,
    `  UserKnownHostsFile ${file('known_hosts')}`,
  ];
  fs.writeFileSync(
    file('ssh_config'),
    [...client, '  StrictHostKeyChecking accept-new', '  LogLevel ERROR', ''].join('\n'),
  );
  fs.mkdirSync(file('bin'));
  fs.writeFileSync(file('bin/ssh'), `#!/bin/sh\nexec /usr/bin/ssh -F ${file('ssh_config')} "$@"\n`, { mode: 0o755 });
  // sshd's privilege separation needs its folder, which the package makes only when its service starts.
  fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const daemon: ResultPromise = execa('/usr/sbin/sshd', ['-D', '-e', '-f', file('sshd_config')], {
    reject: false,
    stdin: 'ignore',
  });
  const user = os.userInfo().username;
  const env = { ...process.env, PATH: `${file('bin')}:${process.env.PATH}` };
  // Up once a session runs.
  for (let i = 0; ; i += 1) {
    const probe = await execa('ssh', ['-o', 'BatchMode=yes', `${user}@127.0.0.1`, 'true'], {
      env,
      reject: false,
      stdin: 'ignore',
    });
    if (probe.exitCode === 0) break;
    if (i > 50) throw new Error(`sshd did not answer: ${probe.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    target: `${user}@127.0.0.1`,
    path: env.PATH,
    pid: daemon.pid!,
    async stop() {
      process.kill(daemon.pid!, 'SIGTERM');
      await daemon;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An sshd for `nodes[index]` (its home the sessions' start), named as that node's `ssh` in the first home's ini. */
export async function sshToNode(nodes: readonly TestNode[], index: number): Promise<TestSshd> {
  const sshd = await startSshd(nodes[index]!.home.home);
  const ini = path.join(nodes[0]!.home.etc, 'canopsis-tui.ini');
  const section = `[node:${nodes[index]!.name}]\n`;
  fs.writeFileSync(ini, fs.readFileSync(ini, 'utf8').replace(section, `${section}ssh = ${sshd.target}\n`));
  return sshd;
}
