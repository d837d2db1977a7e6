import { Fault } from './fault.js';
import { InvalidFaultError } from './invalid-fault-error.js';

/** Checks a scripted fault as received (JSON or a `FaultInput`); throws {@link InvalidFaultError} naming each bad field. */
export function parseFault(input: unknown): Fault {
  const parsed = Fault.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(fault)'}: ${issue.message}`,
    );
    throw new InvalidFaultError(problems, { cause: parsed.error });
  }
  return parsed.data;
}
