/** What the rejection carries: the serializer must drop `command.args`. */
export const REJECTION_SECRET = 'rejection-secret-argument';

/**
 * Environment that makes a spawned Node process reject a promise nobody handles, once the process
 * has installed its own `unhandledRejection` handler (waiting for it keeps the test free of timing).
 */
export function unhandledRejectionEnv(): Record<string, string> {
  const script = [
    'const poll = setInterval(() => {',
    "  if (process.listenerCount('unhandledRejection') === 0) return;",
    '  clearInterval(poll);',
    "  const error = Object.assign(new Error('injected rejection'), {",
    // Assembled at run time: the script's own text shows up in the stack trace, the secret must not.
    `    command: { name: 'auth', args: [${JSON.stringify(REJECTION_SECRET.split('-'))}.join('-')] },`,
    '  });',
    '  void Promise.reject(error);',
    '}, 20);',
  ].join('\n');
  return { NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(script)}` };
}
