export type FeishuCryptoErrorCode = 'not-base64' | 'bad-length' | 'bad-padding';

/** A Feishu `encrypt` value that cannot be decrypted with the configured Encrypt Key. */
export class FeishuCryptoError extends Error {
  override readonly name = 'FeishuCryptoError';

  constructor(
    readonly code: FeishuCryptoErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
