import { randomBytes } from 'node:crypto';

export interface FeishuUser {
  readonly name: string;
  /** `ou_` + 32 hex digits. */
  readonly openId: string;
  /** 8 characters, as self-built apps receive it. */
  readonly userId?: string;
}

/** A user with fresh ids. */
export function makeUser(name = '张三'): FeishuUser {
  const hex = randomBytes(16).toString('hex');
  return { name, openId: `ou_${hex}`, userId: hex.slice(0, 8) };
}
