/** A fault description that does not match the `Fault` schema; `problems` name each bad field. */
export class InvalidFaultError extends Error {
  override readonly name = 'InvalidFaultError';
  readonly code = 'FAULT_INVALID';

  constructor(
    readonly problems: readonly string[],
    options?: ErrorOptions,
  ) {
    super(`invalid fault:\n${problems.map((p) => `  - ${p}`).join('\n')}`, options);
  }
}
