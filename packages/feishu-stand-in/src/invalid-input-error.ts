/** Input to a control that does not match its schema; `problems` name each bad field. */
export abstract class InvalidInputError extends Error {
  abstract readonly code: string;

  constructor(
    what: string,
    readonly problems: readonly string[],
    options?: ErrorOptions,
  ) {
    super(`invalid ${what}:\n${problems.map((p) => `  - ${p}`).join('\n')}`, options);
  }
}
