/**
 * A TCP proxy in front of a node's supervisord that answers half (SPEC 11): it passes requests on, and
 * passes, cuts in half, or holds back every reply longer than `limit` bytes. Small replies (getState) pass,
 * so the node looks up; the long ones (getAllProcessInfo) are cut off or stall, as on a broken link.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { expect } from 'vitest';
import { destroyHome, runBin } from './home.js';
import { makeNodes, type TestNode } from './nodes.js';

export type ProxyMode = 'pass' | 'cut' | 'stall';

export interface HalfProxy {
  port: number;
  mode: ProxyMode;
  /** The XML-RPC methods asked through it, in order, and the connections opened to it. */
  calls: string[];
  connections: number;
  close(): Promise<void>;
}

export async function startHalfProxy(target: number, limit = 1_500): Promise<HalfProxy> {
  const sockets = new Set<net.Socket>();
  const proxy: HalfProxy = { port: 0, mode: 'pass', calls: [], connections: 0, close: () => Promise.resolve() };
  const server = net.createServer((client) => {
    proxy.connections += 1;
    const upstream = net.connect(target, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.pipe(upstream);
    client.on('data', (chunk: Buffer) => {
      for (const match of chunk.toString('latin1').matchAll(/<methodName>([^<]+)<\/methodName>/g))
        proxy.calls.push(match[1]!);
    });
    // Each whole reply (its headers and Content-Length bytes: a connection may carry several) is passed,
    // cut in half (and the connection with it), or held back.
    let pending = Buffer.alloc(0);
    const replyLength = (bytes: Buffer): number | undefined => {
      const end = bytes.indexOf('\r\n\r\n');
      if (end < 0) return undefined;
      const length = /content-length: *(\d+)/i.exec(bytes.subarray(0, end).toString('latin1'))?.[1];
      const total = end + 4 + Number(length ?? 0);
      return bytes.length >= total ? total : undefined;
    };
    upstream.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (let total = replyLength(pending); total !== undefined; total = replyLength(pending)) {
        const reply = pending.subarray(0, total);
        pending = pending.subarray(total);
        if (proxy.mode === 'pass' || reply.length <= limit) client.write(reply);
        else if (proxy.mode === 'cut') client.end(reply.subarray(0, Math.floor(reply.length / 2)));
        // 'stall': the reply is held back; the client's own timeout has to end it.
      }
    });
    upstream.on('end', () => client.end());
    const drop = () => (client.destroy(), upstream.destroy());
    client.on('error', drop);
    upstream.on('error', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.port = (server.address() as net.AddressInfo).port;
  proxy.close = () => {
    sockets.forEach((socket) => socket.destroy());
    return new Promise((resolve) => server.close(() => resolve()));
  };
  return proxy;
}

/** A proxy in front of `node`, which the first node's home (its canopsis-tui.ini) then reaches through it. */
export async function proxyInFront(nodes: TestNode[], node: TestNode): Promise<HalfProxy> {
  const proxy = await startHalfProxy(node.port);
  const ini = path.join(nodes[0]!.home.etc, 'canopsis-tui.ini');
  fs.writeFileSync(ini, fs.readFileSync(ini, 'utf8').replace(`:${node.port}`, `:${proxy.port}`));
  return proxy;
}

/**
 * Two nodes, core and node2 (each with its `sections`), node2 reached through a proxy, the platform started
 * from core: where the far-node tests begin. `close` stops the proxy and both homes.
 */
export async function nodesBehindProxy(sections: string[][], hypcontrol: string) {
  const nodes = await makeNodes(['core', 'node2'], sections, hypcontrol);
  const proxy = await proxyInFront(nodes, nodes[1]!);
  expect((await runBin('hypcontrol', ['start'], nodes[0]!.home)).exitCode).toBe(0);
  const close = async () => {
    await proxy.close();
    for (const node of nodes) await destroyHome(node.home);
  };
  return { nodes, proxy, close };
}
