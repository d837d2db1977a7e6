import { checkContent } from './check-content.js';
import { FeishuCode } from './feishu-codes.js';
import type { JsonBody } from './json-body.js';
import { type MsgType, ReceiveIdType, SendMessageBody } from './send-message-body.js';

export interface SendRequest {
  readonly receiveIdType: ReceiveIdType;
  readonly receiveId: string;
  readonly msgType: MsgType;
  readonly contentRaw: string;
  readonly content: Record<string, unknown>;
  /** `undefined` when absent or empty: no deduplication then. */
  readonly uuid: string | undefined;
}

/** Whatever ids a rejected request carried, for the request log. */
export interface SeenFields {
  readonly receive_id: string | null;
  readonly msg_type: string | null;
  readonly uuid: string | null;
}

export type SendRequestCheck =
  | { readonly ok: true; readonly request: SendRequest }
  | { readonly ok: false; readonly code: number; readonly msg: string; readonly seen: SeenFields };

function stringAt(value: unknown, key: string): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'string' ? field : null;
}

/**
 * Validates the query and body of `POST /open-apis/im/v1/messages` as Feishu does: bad parameters
 * are 230001, content over the size limit 230025.
 * Source: https://open.feishu.cn/document/server-docs/im-v1/message/create
 */
export function parseSendRequest(receiveIdType: unknown, body: JsonBody): SendRequestCheck {
  const seen: SeenFields = body.ok
    ? {
        receive_id: stringAt(body.value, 'receive_id'),
        msg_type: stringAt(body.value, 'msg_type'),
        uuid: stringAt(body.value, 'uuid'),
      }
    : { receive_id: null, msg_type: null, uuid: null };
  const reject = (code: number, msg: string): SendRequestCheck => ({ ok: false, code, msg, seen });
  const invalid = (detail: string): SendRequestCheck =>
    reject(FeishuCode.INVALID_PARAMS, `Your request contains an invalid request parameter: ${detail}`);

  const idType = ReceiveIdType.safeParse(receiveIdType);
  if (!idType.success) return invalid(`receive_id_type must be one of ${ReceiveIdType.options.join(', ')}`);
  if (!body.ok) return invalid(body.problem);
  const parsed = SendMessageBody.safeParse(body.value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`,
    );
    return invalid(problems.join('; '));
  }
  const content = checkContent(parsed.data.msg_type, parsed.data.content);
  if (!content.ok) return reject(content.code, content.msg);

  return {
    ok: true,
    request: {
      receiveIdType: idType.data,
      receiveId: parsed.data.receive_id,
      msgType: parsed.data.msg_type,
      contentRaw: parsed.data.content,
      content: content.content,
      uuid: parsed.data.uuid === '' ? undefined : parsed.data.uuid,
    },
  };
}
