/** A push request that does not match `WsPushRequest`; `problems` name each bad field. */
export class InvalidWsPushError extends Error {
  override readonly name = 'InvalidWsPushError';
  readonly code = 'WS_PUSH_INVALID';

  constructor(
    readonly problems: readonly string[],
    options?: ErrorOptions,
  ) {
    super(`invalid push:\n${problems.map((p) => `  - ${p}`).join('\n')}`, options);
  }
}
