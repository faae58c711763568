/**
 * Seeded Canopsis-style homes for the differential test: the features supervisord's reader has (FIELD-NOTES,
 * "supervisord config files" and "Reading like supervisord"), each home drawing its own mix, valid and not.
 */
import fs from 'node:fs';
import path from 'node:path';

/** What a home holds under its root: file texts, folders, and symbolic links (target as written). */
export interface GeneratedHome {
  seed: number;
  files: Record<string, string>;
  dirs: string[];
  links: Record<string, string>;
  /** supervisord's environment besides HOME. */
  env: Record<string, string>;
}

/** mulberry32: small, seedable, good enough to draw features. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws; in a home drawn as faulty, `bad` injects what supervisord refuses, else never. */
interface Rng {
  (): number;
  faulty: boolean;
}
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const chance = (rng: Rng, p: number) => rng() < p;
const bad = (rng: Rng, p: number) => rng.faulty && chance(rng, p);
/** A valid choice, or (rarely, in a faulty home) one supervisord refuses. */
const pickOr = <T>(rng: Rng, valid: readonly T[], invalid: readonly T[], p = 0.15): T =>
  bad(rng, p) ? pick(rng, invalid) : pick(rng, valid);

const ENGINES = [
  'cleaner-events',
  'cleaner-alerts',
  'event_filter',
  'alerts',
  'che',
  'pbehavior',
  'task_linklist',
  'perfdata',
  'dynamic-infos',
];

/** A key as written: case, separator and spacing vary as they do in hand-edited files. */
function kv(rng: Rng, key: string, value: string): string {
  const name = chance(rng, 0.1) ? key.toUpperCase() : key;
  const sep = pick(rng, ['=', '=', ' = ', ': ', '=']);
  const comment = chance(rng, 0.1) ? pick(rng, ['   ; set by the installer', ' # keep']) : '';
  return `${name}${sep}${value}${comment}`;
}

function serverSection(rng: Rng, lines: string[]): string {
  const socket = pick(rng, [
    '~/tmp/supervisor.sock',
    '%(here)s/../tmp/supervisor.sock',
    '%(ENV_HOME)s/tmp/supervisor.sock',
    '../tmp/supervisor.sock',
  ]);
  lines.push('[unix_http_server]', kv(rng, 'file', socket));
  if (chance(rng, 0.3)) lines.push(kv(rng, 'chmod', pickOr(rng, ['0700', '0770'], ['rwx'])));
  const auth = chance(rng, 0.3);
  if (auth) {
    lines.push(kv(rng, 'username', 'cpsadmin'));
    if (!bad(rng, 0.5)) lines.push(kv(rng, 'password', pick(rng, ['s3cr3t', 'a;b#c', 'p@ss word'])));
    else lines.push(pick(rng, ['password s3cr3t', kv(rng, 'password', 'a%b'), '']));
  }
  if (chance(rng, 0.15))
    lines.push(
      '',
      '[inet_http_server]',
      kv(rng, 'port', pickOr(rng, ['127.0.0.1:9001', '*:9001', '9001', ':9001'], ['localhost:99999'])),
    );
  return socket;
}

function daemonSection(rng: Rng, lines: string[]): void {
  if (bad(rng, 0.05)) return;
  lines.push('[supervisord]');
  if (chance(rng, 0.4)) lines.push('');
  lines.push(
    kv(
      rng,
      'logfile',
      pickOr(
        rng,
        ['~/var/log/supervisord.log', '%(here)s/../var/log/supervisord.log', '%(ENV_HOME)s/var/log/supervisord.log'],
        ['~/var/nowhere/supervisord.log'],
      ),
    ),
  );
  lines.push(
    kv(rng, 'pidfile', pick(rng, ['~/tmp/supervisord.pid', '%(ENV_HOME)s/tmp/supervisord.pid', 'supervisord.pid'])),
  );
  if (chance(rng, 0.3)) lines.push(kv(rng, 'childlogdir', pickOr(rng, ['~/var/log', '%(here)s'], ['/nonexistent'])));
  if (chance(rng, 0.3)) lines.push(kv(rng, 'nodaemon', pickOr(rng, ['false', 'no'], ['maybe'])));
  if (chance(rng, 0.2)) lines.push(kv(rng, 'loglevel', pickOr(rng, ['info', 'debug'], ['loud'])));
  if (chance(rng, 0.5))
    lines.push(
      kv(
        rng,
        'environment',
        pickOr(
          rng,
          ['CPS_MODE="prod",CPS_LANG=fr', 'CPS_MODE=prod', 'CPS_MODE=%(ENV_HOME)s', 'CPS_MODE="a,b"'],
          ['CPS_MODE'],
        ),
      ),
    );
}

function includeSection(rng: Rng, lines: string[], home: GeneratedHome): void {
  const patterns = ['supervisord.d/*.conf', 'engines/*.ini'];
  if (chance(rng, 0.5)) patterns.unshift('canopsis.conf');
  if (chance(rng, 0.15)) {
    patterns.push('extra/*');
    home.dirs.push('etc/extra/sub.d');
  }
  if (chance(rng, 0.15)) home.links['etc/engines/gone.ini'] = '../nowhere/gone.ini';
  if (chance(rng, 0.1)) home.files['etc/engines/.hidden.ini'] = '[program:hidden]\ncommand=x\n';
  if (chance(rng, 0.1)) patterns.push('%(here)s/supervisord.d/*.conf');
  lines.push('[include]', kv(rng, 'files', patterns.join(chance(rng, 0.2) ? '\n    ' : ' ')));
}

function mainFile(rng: Rng, home: GeneratedHome): string {
  const lines: string[] = [];
  if (chance(rng, 0.15)) lines.push('[DEFAULT]', kv(rng, 'autostart', pick(rng, ['false', 'true'])), '');
  const socket = serverSection(rng, lines);
  lines.push('');
  daemonSection(rng, lines);
  lines.push(
    '',
    '[rpcinterface:supervisor]',
    'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
    '',
  );
  if (chance(rng, 0.7))
    lines.push('[supervisorctl]', kv(rng, 'serverurl', `unix://${socket.replace('%(here)s', '%(here)s')}`), '');
  if (chance(rng, 0.5))
    lines.push(
      '[ctlplugin:wildcards]',
      'supervisor.ctl_factory = supervisorwildcards.controllerplugin:make_wildcards_controllerplugin',
      'match_group = 1',
      '',
    );
  includeSection(rng, lines, home);
  return `${lines.join('\n')}\n`;
}

function processName(rng: Rng, numprocs: number): string | undefined {
  const names = [
    '%(program_name)s-%(process_num)d',
    '%(program_name)s-%(process_num)02d',
    '%(group_name)s-%(program_name)s-%(process_num)d',
    '%(program_name)s-%(ENV_CPS_MODE)s-%(process_num)d',
    '%(program_name)s-%(ENV_ENGINE_ID)s-%(process_num)d',
  ];
  if (numprocs === 1 && chance(rng, 0.4)) return undefined;
  return pickOr(
    rng,
    names,
    ['%(program_name)s', '%(program_name)s x-%(process_num)d', '%(nope)s-%(process_num)d'],
    0.1,
  );
}

function program(rng: Rng, name: string): string {
  const header = chance(rng, 0.05)
    ? `[program:${name} ]`
    : bad(rng, 0.04)
      ? `[program:${name}:x]`
      : chance(rng, 0.03)
        ? `[ program:${name}]`
        : `[program:${name}]`;
  const lines = [header];
  if (chance(rng, 0.3)) lines.push('');
  lines.push(
    kv(
      rng,
      'command',
      pick(rng, [
        '%(ENV_HOME)s/bin/engine-launcher -e %(program_name)s',
        "/bin/sh -c 'echo started;true' ; launcher",
        'date +%%s',
        'engine-launcher %(here)s/x',
      ]),
    ),
  );
  const numprocs = pick(rng, [1, 1, 2, 3]);
  if (numprocs > 1 || chance(rng, 0.2)) lines.push(kv(rng, 'numprocs', String(numprocs)));
  if (chance(rng, 0.1)) lines.push(kv(rng, 'numprocs_start', '1'));
  if (chance(rng, 0.3))
    lines.push(
      kv(
        rng,
        'environment',
        pickOr(
          rng,
          ['ENGINE_ID="%(program_name)s",LOGLEVEL=info', 'ENGINE_ID=%(process_num)d'],
          ['ENGINE_ID=x,BROKEN'],
        ),
      ),
    );
  const nameTemplate = processName(rng, numprocs);
  if (nameTemplate) lines.push(kv(rng, 'process_name', nameTemplate));
  if (chance(rng, 0.7)) lines.push(kv(rng, 'autostart', pickOr(rng, ['false', 'false', 'true'], ['maybe'], 0.1)));
  if (chance(rng, 0.3)) lines.push(kv(rng, 'priority', pickOr(rng, ['10', '999'], ['high'])));
  if (chance(rng, 0.2)) lines.push(kv(rng, 'stopsignal', pickOr(rng, ['TERM', 'INT', 'SIGKILL'], ['NOPE'])));
  if (chance(rng, 0.2))
    lines.push(
      kv(
        rng,
        'stdout_logfile',
        pickOr(
          rng,
          ['%(ENV_HOME)s/var/log/engines/%(program_name)s.log', '~/var/log/%(program_name)s.log', 'AUTO'],
          ['~/var/missing/%(program_name)s.log'],
        ),
      ),
    );
  if (chance(rng, 0.2)) lines.push(kv(rng, 'redirect_stderr', 'true'));
  if (chance(rng, 0.15)) lines.push(kv(rng, 'exitcodes', pickOr(rng, ['0,2', '0'], ['256'])));
  if (chance(rng, 0.1))
    lines.push(kv(rng, 'stopasgroup', 'true'), kv(rng, 'killasgroup', pickOr(rng, ['true'], ['false'], 0.5)));
  if (bad(rng, 0.05)) lines.push('oops');
  if (chance(rng, 0.05)) lines.push(kv(rng, 'user', 'nobody'));
  if (chance(rng, 0.1)) lines.push('; a full-line comment', '  # an indented one');
  return lines.join('\n');
}

function groupSection(rng: Rng, members: string[]): string {
  const list = [...members];
  if (bad(rng, 0.1)) list.push('ghost');
  const joined = list.join(chance(rng, 0.3) ? ',\n    ' : pick(rng, [',', ', ']));
  const trailing = bad(rng, 0.1) ? ',' : '';
  const lines = ['[group:amqp2engines]'];
  if (chance(rng, 0.4)) lines.push('');
  lines.push(kv(rng, 'programs', joined + trailing));
  if (chance(rng, 0.5)) lines.push(kv(rng, 'autostart', 'false'));
  return lines.join('\n');
}

/** One home for `seed`: the same seed always gives the same files. */
export function generateHome(seed: number): GeneratedHome {
  const draw = random(seed);
  const rng = Object.assign(() => draw(), { faulty: draw() < 0.35 });
  const home: GeneratedHome = {
    seed,
    files: {},
    dirs: ['var/log/engines', 'tmp', 'bin'],
    links: {},
    env: { PATH: '/usr/bin:/bin', ENGINE_ID: 'e1' },
  };
  home.files['etc/supervisord.conf'] = mainFile(rng, home);
  const engines = ENGINES.filter(() => chance(rng, 0.6)).map((name) => `engine-${name}`);
  const grouped = engines.filter(() => chance(rng, 0.75));
  for (const engine of engines)
    home.files[`etc/engines/${engine.slice('engine-'.length)}.ini`] = `${program(rng, engine)}\n`;
  const services = ['rabbitmq-server', 'mongodb', 'collectd', 'webserver'].filter(() => chance(rng, 0.7));
  for (const service of services) home.files[`etc/supervisord.d/${service}.conf`] = `${program(rng, service)}\n`;
  if (grouped.length > 0) home.files['etc/supervisord.d/amqp2engines.conf'] = `${groupSection(rng, grouped)}\n`;
  if (chance(rng, 0.05) && services[0])
    home.files['etc/supervisord.d/zz-override.conf'] = `[program:${services[0]}]\nautostart=true\n`;
  if (chance(rng, 0.05)) home.files['etc/canopsis.conf'] = '[program:canopsis-extra]\ncommand=x\n';
  const bom = Object.keys(home.files).filter(() => bad(rng, 0.01));
  for (const file of bom) home.files[file] = `\uFEFF${home.files[file]!}`;
  return home;
}

/** Writes `generated` under `root` (created): folders, files, links. */
export function writeHome(root: string, generated: GeneratedHome): void {
  for (const dir of generated.dirs) fs.mkdirSync(path.join(root, dir), { recursive: true });
  for (const [file, text] of Object.entries(generated.files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  for (const [link, target] of Object.entries(generated.links)) {
    fs.mkdirSync(path.dirname(path.join(root, link)), { recursive: true });
    fs.symlinkSync(target, path.join(root, link));
  }
}
