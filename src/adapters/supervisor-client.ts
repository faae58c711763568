/**
 * supervisord's XML-RPC interface over its unix socket or TCP, with Basic auth and a timeout per call.
 * Hand-written on node:http (see xmlrpc-codec.ts for why). Every failure becomes a SupervisorError of
 * its own kind; the password is only ever put in the Authorization header.
 */
import http from 'node:http';
import type { GroupCallResult, ProcessInfo, SupervisorPort } from '../core/ports.js';
import { describeServerUrl, type ServerAccess } from '../core/config/server-access.js';
import { faultError, SupervisorError } from '../core/model/supervisor-error.js';
import { decodeMethodResponse, encodeMethodCall, type XmlRpcValue } from './xmlrpc-codec.js';
import { runningSeen } from './running-seen.js';
import type { FirstAnswers } from './first-answers.js';

const DEFAULT_CALL_TIMEOUT_MS = 10_000;

function networkError(error: NodeJS.ErrnoException, access: ServerAccess): SupervisorError {
  const where = describeServerUrl(access.url);
  const path = access.url.kind === 'unix' ? access.url.path : where;
  switch (error.code) {
    case 'ENOENT':
      return new SupervisorError('socket-missing', `supervisord is not running: socket ${path} does not exist`);
    case 'ECONNREFUSED':
      return new SupervisorError('refused', `supervisord is not running: nothing answers on ${where}`);
    case 'EACCES':
    case 'EPERM':
      return new SupervisorError(
        'permission',
        `permission denied on ${path}: run as the account that owns supervisord ` +
          '(see chmod/chown in [unix_http_server])',
      );
    default:
      return new SupervisorError(
        'network',
        `cannot reach supervisord at ${where}: ${error.code ?? ''} ${error.message}`.trim(),
      );
  }
}

/** A reply that stopped halfway: said as such, not as "cannot reach". */
function cutOff(error: NodeJS.ErrnoException, method: string): SupervisorError {
  return new SupervisorError('network', `supervisord's reply to ${method} was cut off (${error.code ?? 'ECONNRESET'})`);
}

function httpError(status: number, access: ServerAccess): SupervisorError {
  if (status === 401) {
    const who = access.username ? `as user ${JSON.stringify(access.username)}` : 'without credentials';
    return new SupervisorError(
      'auth',
      `supervisord refused the credentials (HTTP 401) ${who}: ` +
        'check username and password in [supervisorctl] or the server section',
    );
  }
  if (status === 500)
    return new SupervisorError('http', 'supervisord had an internal error (HTTP 500): see its log file');
  return new SupervisorError('http', `supervisord answered HTTP ${status}`);
}

/**
 * Makes one XML-RPC call. With `agent` (a far node, over TCP) the connection is kept for the next call: a
 * round trip saved each time (its handshake). A kept connection the server had closed meanwhile fails as
 * it is written to, before supervisord read anything: that call is made once more on a new one. `sent` is
 * told when the request has been handed to the system whole.
 */
export function callSupervisor(
  access: ServerAccess,
  method: string,
  params: XmlRpcValue[],
  timeoutMs: number,
  { agent, sent }: { agent?: http.Agent; sent?: () => void } = {},
): Promise<XmlRpcValue> {
  const body = Buffer.from(encodeMethodCall(method, params));
  const headers: Record<string, string | number> = { 'Content-Type': 'text/xml', 'Content-Length': body.length };
  if (access.username !== undefined) {
    headers.Authorization = `Basic ${Buffer.from(`${access.username}:${access.password ?? ''}`).toString('base64')}`;
  }
  const target =
    access.url.kind === 'unix' ? { socketPath: access.url.path } : { host: access.url.host, port: access.url.port };
  return new Promise((resolve, reject) => {
    // No TLS here, so no server name: left unset, node works one out for every socket, and the IPv6 check
    // in it cost each command 13 ms of its start-up (a regular expression compiled on first use).
    const options: http.RequestOptions & { servername: string } = {
      ...target,
      path: '/RPC2',
      method: 'POST',
      headers,
      agent: agent ?? false,
      servername: '',
    };
    // Retried only when nothing came back yet and nothing ended the call (its timeout, a cut-off reply).
    let answered = false;
    const request = http.request(options, (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      // Cut off mid-body: `aborted`, then `error` (ECONNRESET). The timer goes with it, or a command
      // that already said why would stay until the whole timeout (FIELD-NOTES "A cut-off reply").
      response.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(cutOff(error, method));
      });
      response.on('end', () => {
        clearTimeout(timer);
        if (response.statusCode !== 200) return reject(httpError(response.statusCode ?? 0, access));
        try {
          const decoded = decodeMethodResponse(Buffer.concat(chunks).toString('utf8'));
          if (decoded.fault) reject(faultError(decoded.code, decoded.message));
          else resolve(decoded.value);
        } catch (error) {
          reject(
            new SupervisorError(
              'protocol',
              `supervisord sent an unreadable answer to ${method}: ${(error as Error).message}`,
            ),
          );
        }
      });
    });
    const timer = setTimeout(() => {
      answered = true;
      request.destroy();
      reject(
        new SupervisorError(
          'timeout',
          `supervisord did not answer ${method} within ${Math.round(timeoutMs / 100) / 10}s`,
        ),
      );
    }, timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const closedWhileKept = request.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE');
      if (closedWhileKept && !answered) {
        answered = true;
        callSupervisor(access, method, params, timeoutMs).then(resolve, reject);
      } else reject(networkError(error, access));
    });
    if (sent) request.once('finish', sent);
    request.end(body);
  });
}

export interface ClientOptions {
  callTimeoutMs?: number;
  /** The pid of the home's supervisord when its process is alive (from its pidfile), else undefined. */
  daemonPid?: () => number | undefined;
  /** Answers asked before this client was made (adapters/first-answers), each taken once by the same call. */
  firstAnswers?: FirstAnswers;
}

/** A daemon whose process lives is never "not running": say it does not answer where we looked. */
function checkDown(error: unknown, access: ServerAccess, daemonPid: ClientOptions['daemonPid']): unknown {
  if (!(error instanceof SupervisorError) || !error.isDown) return error;
  const pid = daemonPid?.();
  if (pid === undefined) return error;
  const where = describeServerUrl(access.url);
  const hint = 'check [unix_http_server] file and [supervisorctl] serverurl';
  return new SupervisorError(
    'not-answering',
    `supervisord is running (pid ${pid}), but not answering at ${where}: ${hint}`,
  );
}

/** The SupervisorPort over XML-RPC. */
export function createSupervisorClient(access: ServerAccess, options: ClientOptions = {}): SupervisorPort {
  const { callTimeoutMs = DEFAULT_CALL_TIMEOUT_MS, daemonPid, firstAnswers } = options;
  // Kept connections for a node over TCP; a local socket costs no handshake. Idle ones hold no command open.
  const agent = access.url.kind === 'http' ? new http.Agent({ keepAlive: true }) : undefined;
  const seen = runningSeen();
  const call = <T>(method: string, params: XmlRpcValue[] = [], timeoutMs = callTimeoutMs) =>
    (
      (firstAnswers?.take(access, method, params) ??
        callSupervisor(access, method, params, timeoutMs, { agent })) as Promise<T>
    ).then(
      (value) => {
        seen.answered(method, value);
        return value;
      },
      (error: unknown) => {
        seen.failed();
        throw checkDown(error, access, daemonPid);
      },
    );
  return {
    access,
    getState: () => seen.state() ?? call('supervisor.getState'),
    getPID: () => call('supervisor.getPID'),
    getAllProcessInfo: () => call<ProcessInfo[]>('supervisor.getAllProcessInfo'),
    getProcessInfo: (name) => call<ProcessInfo>('supervisor.getProcessInfo', [name]),
    startProcess: (name, wait, timeoutMs) => call('supervisor.startProcess', [name, wait], timeoutMs),
    stopProcess: (name, wait, timeoutMs) => call('supervisor.stopProcess', [name, wait], timeoutMs),
    startProcessGroup: (name, wait, timeoutMs) =>
      call<GroupCallResult[]>('supervisor.startProcessGroup', [name, wait], timeoutMs),
    stopProcessGroup: (name, wait, timeoutMs) =>
      call<GroupCallResult[]>('supervisor.stopProcessGroup', [name, wait], timeoutMs),
    shutdown: () => {
      seen.failed();
      return call('supervisor.shutdown');
    },
    async reloadConfig() {
      // One element: [[added, changed, removed]] (FIELD-NOTES).
      const [[added, changed, removed]] = await call<[[string[], string[], string[]]]>('supervisor.reloadConfig');
      return { added, changed, removed };
    },
    async glance(namespecs, tailBytes) {
      const infos = namespecs.map((name) => ({ methodName: 'supervisor.getProcessInfo', params: [name] }));
      const calls = [{ methodName: 'supervisor.readLog', params: [-tailBytes, 0] }, ...infos];
      // supervisor's multicall answers each success as the value itself, each failure as a {faultCode} struct.
      const answers = await call<XmlRpcValue[]>('system.multicall', [calls]);
      const isInfo = (answer: XmlRpcValue | undefined): answer is ProcessInfo & XmlRpcValue =>
        typeof answer === 'object' &&
        answer !== null &&
        !Array.isArray(answer) &&
        !('faultCode' in answer) &&
        typeof answer.name === 'string';
      const tail = answers[0];
      return { tail: typeof tail === 'string' ? tail : undefined, processes: answers.slice(1).filter(isInfo) };
    },
    addProcessGroup: (group) => call('supervisor.addProcessGroup', [group]),
    removeProcessGroup: (group) => call('supervisor.removeProcessGroup', [group]),
    readMainLog: (offset, length) => call<string>('supervisor.readLog', [offset, length]),
    readProcessLog: (stream, name, offset, length) =>
      call<string>(stream === 'stdout' ? 'supervisor.readProcessStdoutLog' : 'supervisor.readProcessStderrLog', [
        name,
        offset,
        length,
      ]),
    // tailProcess*Log(name, 0, 0) reads nothing and answers the log's size as its offset.
    logSize: async (stream, name) =>
      (
        await call<[string, number, boolean]>(
          stream === 'stdout' ? 'supervisor.tailProcessStdoutLog' : 'supervisor.tailProcessStderrLog',
          [name, 0, 0],
        )
      )[1],
  };
}
