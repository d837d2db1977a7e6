import { parseArgs } from 'node:util';
import { TEST_FAULT_NAMES, type TestFault, describeTestFault } from './test-fault.js';

export type SendTestEventArgs =
  | { readonly kind: 'run'; readonly fault: TestFault | undefined }
  | { readonly kind: 'help' }
  | { readonly kind: 'usage-error'; readonly problem: string };

export const SEND_TEST_EVENT_USAGE = [
  'usage: send-test-event [--fault permanent|throttle|server-error] [--fail <code>]',
  '  plays Feishu once: a signed first-chat event to INGRESS_URL, then waits for the welcome at STAND_IN_URL',
  "  (FEISHU_EVENT_MODE=websocket: the stand-in at STAND_IN_URL pushes it down the ingress's long connection)",
  ...(['permanent', 'throttle', 'server-error'] as const).map(
    (kind) => `  --fault ${kind.padEnd(13)} ${describeTestFault({ kind })}`,
  ),
  '  --fail <code>         Feishu answers this error code once (e.g. 230013, 230020)',
  'Faults are played by the Feishu stand-in, so they need STAND_IN_URL.',
];

const isFaultName = (name: string): name is (typeof TEST_FAULT_NAMES)[number] =>
  (TEST_FAULT_NAMES as readonly string[]).includes(name);

/** Reads the command line; a bad one is a usage error naming what is wrong, never a stack trace. */
export function parseSendTestEventArgs(argv: readonly string[]): SendTestEventArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { fault: { type: 'string' }, fail: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { kind: 'usage-error', problem: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) return { kind: 'help' };
  if (values.fault !== undefined && values.fail !== undefined) {
    return { kind: 'usage-error', problem: '--fault and --fail ask for two failures: choose one' };
  }
  if (values.fault !== undefined) {
    if (!isFaultName(values.fault)) {
      return {
        kind: 'usage-error',
        problem: `--fault must be one of ${TEST_FAULT_NAMES.join(', ')} (got "${values.fault}")`,
      };
    }
    return { kind: 'run', fault: { kind: values.fault } };
  }
  if (values.fail !== undefined) {
    // Feishu's error codes are positive integers; 0 is success.
    if (!/^[1-9][0-9]{0,9}$/.test(values.fail)) {
      return {
        kind: 'usage-error',
        problem: `--fail takes a Feishu error code such as 230013 (got "${values.fail}")`,
      };
    }
    return { kind: 'run', fault: { kind: 'code', code: Number(values.fail) } };
  }
  return { kind: 'run', fault: undefined };
}
