/** Why a call to supervisord failed, one kind per cause an operator fixes differently (FIELD-NOTES). */
import { faultName } from './faults.js';

export type SupervisorErrorKind =
  | 'socket-missing'
  | 'refused'
  | 'permission'
  | 'auth'
  | 'http'
  | 'timeout'
  | 'fault'
  | 'protocol'
  | 'network'
  /** Its pid (from the pidfile) is alive, but nothing answers where the files say it listens. */
  | 'not-answering';

export class SupervisorError extends Error {
  constructor(
    readonly kind: SupervisorErrorKind,
    message: string,
    readonly faultCode?: number,
    readonly faultString?: string,
  ) {
    super(message);
    this.name = 'SupervisorError';
  }

  /** The detail after `NAME: ` in a fault string (supervisord puts the namespec or reason there). */
  get faultDetail(): string | undefined {
    const text = this.faultString ?? '';
    const colon = text.indexOf(':');
    return colon === -1 ? undefined : text.slice(colon + 1).trim();
  }

  /** Whether the daemon is simply not there (so it may be started). */
  get isDown(): boolean {
    return this.kind === 'socket-missing' || this.kind === 'refused';
  }
}

/** Builds the error for an XML-RPC fault. */
export function faultError(code: number, faultString: string): SupervisorError {
  return new SupervisorError('fault', `supervisord fault ${faultName(code)}: ${faultString}`, code, faultString);
}

export function isSupervisorError(error: unknown): error is SupervisorError {
  return error instanceof SupervisorError;
}
