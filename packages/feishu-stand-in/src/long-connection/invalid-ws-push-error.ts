import { InvalidInputError } from '../invalid-input-error.js';

/** A push request that does not match `WsPushRequest`; `problems` name each bad field. */
export class InvalidWsPushError extends InvalidInputError {
  override readonly name = 'InvalidWsPushError';
  readonly code = 'WS_PUSH_INVALID';

  constructor(problems: readonly string[], options?: ErrorOptions) {
    super('push', problems, options);
  }
}
