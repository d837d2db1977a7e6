/** The port variables a process listens on, by name: `{ PORT: 3000, METRICS_PORT: 9464 }`. */
export type PortVariables = Readonly<Record<string, number>>;

/** What a fatal error becomes: one log line's message and fields. */
export interface FatalErrorReport {
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** Why a port cannot be listened on, in words an operator can act on. */
const LISTEN_FAILURES: Readonly<Record<string, string>> = {
  EADDRINUSE: 'is already in use',
  EACCES: 'needs privileges this user lacks (ports below 1024 do)',
};

/**
 * Turns a failure to listen on a configured port into one line naming the variable
 * (`METRICS_PORT 9464 is already in use`); any other error is reported as what it is, `origin`
 * saying how it escaped. Pure.
 */
export function describeFatalError(error: unknown, origin: string, ports: PortVariables): FatalErrorReport {
  const { code, syscall, port } = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    syscall?: unknown;
    port?: unknown;
  };
  const failure = typeof code === 'string' ? LISTEN_FAILURES[code] : undefined;
  const variable = Object.keys(ports).find((name) => ports[name] === port);
  if (syscall === 'listen' && failure !== undefined && variable !== undefined) {
    return { message: `${variable} ${String(port)} ${failure}`, fields: { variable, port, code } };
  }
  return {
    message: origin === 'unhandledRejection' ? 'unhandled rejection' : 'uncaught exception',
    fields: { err: error },
  };
}
