/** The XML-RPC client against scripted HTTP servers: answers a real supervisord cannot be made to give. */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { callSupervisor, createSupervisorClient } from '../../src/adapters/supervisor-client.js';
import { decodeMethodResponse, encodeMethodCall } from '../../src/adapters/xmlrpc-codec.js';
import type { ServerAccess } from '../../src/core/config/server-access.js';
import { SupervisorError } from '../../src/core/model/supervisor-error.js';

const servers: http.Server[] = [];
const folders: string[] = [];
afterEach(() => {
  servers.splice(0).forEach((server) => server.close());
  folders.splice(0).forEach((folder) => fs.rmSync(folder, { recursive: true, force: true }));
});

type Handler = (body: string, request: http.IncomingMessage, response: http.ServerResponse) => void;

async function serve(handler: Handler): Promise<ServerAccess> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ctui-rpc-'));
  folders.push(folder);
  const socket = path.join(folder, 's.sock');
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => handler(body, request, response));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  return { url: { kind: 'unix', path: socket }, username: 'admin', password: 'hunter2' };
}

const ok = (value: string) =>
  `<?xml version="1.0"?><methodResponse><params><param><value>${value}</value></param></params></methodResponse>`;

async function failure(access: ServerAccess, timeoutMs = 2000): Promise<SupervisorError> {
  try {
    await callSupervisor(access, 'supervisor.getState', [], timeoutMs);
  } catch (error) {
    return error as SupervisorError;
  }
  throw new Error('expected the call to fail');
}

describe('callSupervisor', () => {
  it('posts XML-RPC to /RPC2 with Basic auth and decodes structs', async () => {
    let seen: { url?: string; auth?: string; body?: string } = {};
    const access = await serve((body, request, response) => {
      seen = { url: request.url, auth: request.headers.authorization, body };
      response.end(
        ok(
          '<struct><member><name>statecode</name><value><int>1</int></value></member><member><name>statename</name><value><string>RUNNING</string></value></member></struct>',
        ),
      );
    });
    expect(await createSupervisorClient(access).getState()).toEqual({ statecode: 1, statename: 'RUNNING' });
    expect(seen.url).toBe('/RPC2');
    expect(seen.auth).toBe(`Basic ${Buffer.from('admin:hunter2').toString('base64')}`);
    expect(seen.body).toContain('<methodName>supervisor.getState</methodName>');
  });

  it('turns a fault into a fault error with code and string', async () => {
    const access = await serve((_b, _r, response) =>
      response.end(
        '<?xml version="1.0"?><methodResponse><fault><value><struct><member><name>faultCode</name><value><int>50</int></value></member><member><name>faultString</name><value><string>SPAWN_ERROR: amqp2engines:engine-x-0</string></value></member></struct></value></fault></methodResponse>',
      ),
    );
    const error = await failure(access);
    expect(error).toMatchObject({ kind: 'fault', faultCode: 50, faultDetail: 'amqp2engines:engine-x-0' });
    expect(error.message).toBe('supervisord fault SPAWN_ERROR: SPAWN_ERROR: amqp2engines:engine-x-0');
  });

  it('says 401 is about credentials, without the password', async () => {
    const access = await serve((_b, _r, response) => response.writeHead(401).end('<html>Unauthorized</html>'));
    const error = await failure(access);
    expect(error.kind).toBe('auth');
    expect(error.message).toContain('HTTP 401');
    expect(error.message).not.toContain('hunter2');
  });

  it("says 500 is supervisord's own error", async () => {
    const access = await serve((_b, _r, response) => response.writeHead(500).end('<html>Internal Server Error</html>'));
    expect(await failure(access)).toMatchObject({
      kind: 'http',
      message: 'supervisord had an internal error (HTTP 500): see its log file',
    });
  });

  it('gives up at the timeout', async () => {
    const access = await serve(() => undefined);
    expect(await failure(access, 200)).toMatchObject({
      kind: 'timeout',
      message: 'supervisord did not answer supervisor.getState within 0.2s',
    });
  });

  it('says an unreadable answer is a protocol problem', async () => {
    const access = await serve((_b, _r, response) => response.end('this is not xml-rpc'));
    expect(await failure(access)).toMatchObject({ kind: 'protocol' });
  });

  it('says a missing socket means supervisord is not running', async () => {
    const error = await failure({
      url: { kind: 'unix', path: '/nonexistent/s.sock' },
      username: undefined,
      password: undefined,
    });
    expect(error).toMatchObject({
      kind: 'socket-missing',
      isDown: true,
      message: 'supervisord is not running: socket /nonexistent/s.sock does not exist',
    });
  });
});

describe('xmlrpc codec', () => {
  it('encodes every request type supervisord accepts, escaping text', () => {
    expect(encodeMethodCall('m', ['a<&>', 3, 1.5, true, ['x'], { k: 'v' }])).toBe(
      '<?xml version="1.0"?>\n<methodCall><methodName>m</methodName><params>' +
        '<param><value><string>a&lt;&amp;&gt;</string></value></param><param><value><int>3</int></value></param>' +
        '<param><value><double>1.5</double></value></param><param><value><boolean>1</boolean></value></param>' +
        '<param><value><array><data><value><string>x</string></value></data></array></value></param>' +
        '<param><value><struct><member><name>k</name><value><string>v</string></value></member></struct></value></param></params></methodCall>',
    );
  });

  it('decodes arrays of structs, untyped and empty strings, booleans and entities', () => {
    const xml = ok(
      '<array><data><value><struct><member><name>name</name><value>a &amp; b</value></member><member><name>empty</name><value><string></string></value></member><member><name>ok</name><value><boolean>1</boolean></value></member></struct></value><value><i4>-2</i4></value></data></array>',
    );
    expect(decodeMethodResponse(xml)).toEqual({ fault: false, value: [{ name: 'a & b', empty: '', ok: true }, -2] });
  });
});

describe("xmlrpc codec on supervisord's own layout", () => {
  it('reads Python xmlrpclib output: newlines between tags, self-closing and empty values, control characters', () => {
    const xml =
      "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n<value><struct>\n<member>\n<name>description</name>\n<value><string>pid 1, uptime 0:00:01</string></value>\n</member>\n<member>\n<name>spawnerr</name>\n<value><string></string></value>\n</member>\n<member>\n<name>log</name>\n<value><string>a\u0007b &lt;x&gt; &#233;</string></value>\n</member>\n<member>\n<name>pid</name>\n<value><int>1</int></value>\n</member>\n</struct></value>\n<value><string/></value>\n<value/>\n<value><array><data/></array></value>\n</data></array></value>\n</param>\n</params>\n</methodResponse>\n";
    expect(decodeMethodResponse(xml)).toEqual({
      fault: false,
      value: [{ description: 'pid 1, uptime 0:00:01', spawnerr: '', log: 'a\u0007b <x> é', pid: 1 }, '', '', []],
    });
  });

  it('says where a body stops being XML-RPC', () => {
    expect(() =>
      decodeMethodResponse('<methodResponse><params><param><value><struct><member><name>a</name></struct>'),
    ).toThrow(/expected <value>, found <\/struct> at offset/);
  });
});
