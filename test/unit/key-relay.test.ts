/** The relay between the panel's one reading of keys and the log and history screens (ui/key-relay). */
import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { keyRelay, type KeyRelay } from '../../src/ui/key-relay.js';

const plain = {} as Key;

/** A relay whose router sends every key to `screen` (as the panel's does while that screen is up). */
function relayFor(screen: () => string): { relay: KeyRelay; pressed: string[] } {
  const pressed: string[] = [];
  const relay: KeyRelay = keyRelay((input, key) => relay.give(screen(), input, key));
  return { relay, pressed };
}

describe('key relay', () => {
  it('keys for a screen that is not up yet wait, and reach it in order once it takes them', () => {
    const { relay, pressed } = relayFor(() => 'log');
    relay.give('log', '/', plain);
    relay.give('log', 'x', plain);
    expect(pressed).toEqual([]);
    relay.take('log', (input) => pressed.push(`log:${input}`));
    relay.give('log', 'y', plain);
    expect(pressed).toEqual(['log:/', 'log:x', 'log:y']);
  });

  it('a key for the next screen waits while the one leaving still holds the keys', () => {
    let up = 'log';
    const { relay, pressed } = relayFor(() => up);
    const release = relay.take('log', (input) => pressed.push(`log:${input}`));
    up = 'history';
    relay.give('history', 'j', plain);
    expect(pressed).toEqual([]);
    relay.take('history', (input) => pressed.push(`history:${input}`));
    release(); // the log's own release, after the history took over, leaves the history's hold alone
    relay.give('history', 'k', plain);
    expect(pressed).toEqual(['history:j', 'history:k']);
  });

  it('keys waiting for a screen that is no longer coming are dropped', () => {
    const { relay, pressed } = relayFor(() => 'log');
    relay.give('log', 'x', plain);
    relay.drop();
    relay.take('log', (input) => pressed.push(input));
    expect(pressed).toEqual([]);
  });
});
