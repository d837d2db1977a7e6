import { InvalidInputError } from './invalid-input-error.js';

/** A fault description that does not match the `Fault` schema; `problems` name each bad field. */
export class InvalidFaultError extends InvalidInputError {
  override readonly name = 'InvalidFaultError';
  readonly code = 'FAULT_INVALID';

  constructor(problems: readonly string[], options?: ErrorOptions) {
    super('fault', problems, options);
  }
}
