/**
 * A TCP proxy in front of a node's supervisord that answers half (SPEC 11): it passes requests on, and
 * passes, cuts in half, or holds back every reply longer than `limit` bytes. Small replies (getState) pass,
 * so the node looks up; the long ones (getAllProcessInfo) are cut off or stall, as on a broken link.
 */
import net from 'node:net';

export type ProxyMode = 'pass' | 'cut' | 'stall';

export interface HalfProxy {
  port: number;
  mode: ProxyMode;
  close(): Promise<void>;
}

export async function startHalfProxy(target: number, limit = 1_500): Promise<HalfProxy> {
  const sockets = new Set<net.Socket>();
  const proxy = { port: 0, mode: 'pass' as ProxyMode, close: () => Promise.resolve() };
  const server = net.createServer((client) => {
    const upstream = net.connect(target, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.pipe(upstream);
    const chunks: Buffer[] = [];
    upstream.on('data', (chunk: Buffer) => chunks.push(chunk));
    upstream.on('end', () => {
      const reply = Buffer.concat(chunks);
      if (proxy.mode === 'pass' || reply.length <= limit) client.end(reply);
      else if (proxy.mode === 'cut') client.end(reply.subarray(0, Math.floor(reply.length / 2)));
      // 'stall': the reply is held back; the client's own timeout has to end it.
    });
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
