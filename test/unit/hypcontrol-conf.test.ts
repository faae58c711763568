import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/model/config-error.js';
import { parseHypcontrolConf } from '../../src/core/config/hypcontrol-conf.js';
import { initialState, tuiReducer } from '../../src/core/panel/tui-state.js';

const FILE = '/h/etc/hypcontrol.conf';
const stages = (text: string) =>
  Object.fromEntries(parseHypcontrolConf(text, FILE).stages.map((s) => [s.name, s.services]));

describe('parseHypcontrolConf', () => {
  it('reads multi-line arrays, comments, quotes and a shebang', () => {
    const text = `#!/bin/bash\n# stages\nBACKEND=(\n  "rabbitmq-server"   # the broker\n  'mongodb' redis-server\n)\n\nMIDDLEWARE=(collectd "amqp2engines*")\nFRONTEND=("webserver")\n`;
    expect(stages(text)).toEqual({
      BACKEND: ['rabbitmq-server', 'mongodb', 'redis-server'],
      MIDDLEWARE: ['collectd', 'amqp2engines*'],
      FRONTEND: ['webserver'],
    });
  });

  it('gives an absent stage no services', () => {
    expect(stages('BACKEND=(a)\n')).toEqual({ BACKEND: ['a'], MIDDLEWARE: [], FRONTEND: [] });
  });

  it('accepts a plain scalar assignment and ignores it', () => {
    expect(stages('LOGDIR=/var/log\nBACKEND=(a)\n').BACKEND).toEqual(['a']);
  });

  it.each([
    ['BACKEND=($(ls /etc))\n', '1:10', 'expansion or command substitution ($)'],
    ['BACKEND=(\n  a\n  `id`\n)\n', '3:3', 'command substitution (`)'],
    ['BACKEND=("$HOME")\n', '1:11', 'expansion or command substitution ($)'],
    ['source /etc/profile\n', '1:1', 'unsupported statement "source"'],
    ['start() { :; }\n', '1:1', 'unsupported statement "start()"'],
    ['if true; then\n', '1:1', 'unsupported statement "if"'],
    ['BACKEND=(a) ; rm -rf /\n', '1:13', 'unexpected text after the assignment'],
    ['BACKEND=(a "b\n', '1:12', 'unterminated " quote'],
    ['BACKEND=(a b\n', '1:9', 'array is not closed with )'],
  ])('refuses %j at %s', (text, where, problem) => {
    expect(() => parseHypcontrolConf(text, FILE)).toThrow(`${FILE}:${where}: ${problem}`);
  });
});

describe('the initscripts the panel asks about', () => {
  // What the stages' plans hold (core/panel/derive): on each node, the scripts a stage names or matches.
  const staged = (hypcontrol: ReturnType<typeof parseHypcontrolConf> | undefined, lsbNames: string[]) => {
    const home = { hypcontrol, config: undefined, lsbNames, lsbNotExecutable: [], problems: [] };
    const state = tuiReducer(initialState(), { type: 'home-read', ...home });
    return state.stagedScripts.map(({ name }) => name).sort();
  };

  it('takes the initscripts a stage names or a stage pattern matches, and no other', () => {
    const conf = parseHypcontrolConf(
      'BACKEND=(redis-server)\nMIDDLEWARE=("amqp2engines*" "mongo?")\nFRONTEND=(apache2)\n',
      '/h/etc/hypcontrol.conf',
    );
    expect(staged(conf, ['apache2', 'mongod', 'mongodb', 'nginx', 'redis-server'])).toEqual([
      'apache2',
      'mongod',
      'redis-server',
    ]);
    expect(staged(undefined, ['redis-server'])).toEqual([]);
  });
});

describe('hypcontrol.conf mistakes, at line and column', () => {
  it('refuses a name in two stages where it appears again', () => {
    expect(() => stages('BACKEND=(mongodb)\nMIDDLEWARE=(collectd\n  mongodb)\n')).toThrow(
      new ConfigError(FILE, 3, '"mongodb" is already in BACKEND (line 1): a service belongs to one stage', 3),
    );
  });

  it('reports an unclosed ( on the line that opens it', () => {
    expect(() => stages('BACKEND=(mongodb\nMIDDLEWARE=(collectd)\n')).toThrow(
      new ConfigError(FILE, 1, 'array is not closed with )', 9),
    );
    expect(() => stages('# stages\nBACKEND=(mongodb redis\n')).toThrow(
      new ConfigError(FILE, 2, 'array is not closed with )', 9),
    );
  });
});
