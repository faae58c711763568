import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/model/config-error.js';
import { emptyIniStore, getOption, readIniInto } from '../../src/core/config/ini-parser.js';

function parse(text: string) {
  const store = emptyIniStore();
  readIniInto(store, text, '/h/etc/x.conf');
  return (section: string, key: string) => getOption(store, section, key)?.value;
}

describe('readIniInto follows configparser', () => {
  it('keeps a ; that has no whitespace before it, cuts one that has', () => {
    const get = parse("[program:a]\ncommand=sh -c 'a;b' ; a comment\nother=x#y # comment\n");
    expect(get('program:a', 'command')).toBe("sh -c 'a;b'");
    expect(get('program:a', 'other')).toBe('x#y');
  });

  it('takes key: value and lowercases option names', () => {
    const get = parse('[program:a]\nCommand: /bin/true\n');
    expect(get('program:a', 'command')).toBe('/bin/true');
  });

  it('joins indented continuation lines, keeping inner blank lines', () => {
    const get = parse('[group:g]\nprograms=a,\n    b,\n\n    c\nnext=1\n');
    expect(get('group:g', 'programs')).toBe('a,\nb,\n\nc');
    expect(get('group:g', 'next')).toBe('1');
  });

  it('lets [DEFAULT] fill every section, and a section override it', () => {
    const get = parse('[DEFAULT]\nautostart=false\n[program:a]\ncommand=x\n[program:b]\nautostart=true\n');
    expect(get('program:a', 'autostart')).toBe('false');
    expect(get('program:b', 'autostart')).toBe('true');
  });

  it('does not split dotted section names', () => {
    const get = parse('[program:engine.v2]\ncommand=x\n');
    expect(get('program:engine.v2', 'command')).toBe('x');
  });

  it('skips full-line comments, even indented ones, and lets later duplicates win', () => {
    const get = parse('; top\n[a]\n  # indented comment\nk=1\nk=2\n');
    expect(get('a', 'k')).toBe('2');
  });

  it('merges a section that appears twice (strict off)', () => {
    const get = parse('[a]\nk=1\n[b]\n[a]\nj=2\n');
    expect([get('a', 'k'), get('a', 'j')]).toEqual(['1', '2']);
  });

  it('names file and line for a line without a separator', () => {
    expect(() => parse('[a]\nk=1\nnonsense\n')).toThrow(
      new ConfigError('/h/etc/x.conf', 3, 'cannot parse line: "nonsense" (expected name = value)'),
    );
  });

  it('refuses options before any section', () => {
    expect(() => parse('k=1\n')).toThrow('/h/etc/x.conf:1: file contains no section headers');
  });
});
