import type { Answer } from './feishu-reply.js';
import type { StoreAppEndpoint } from './store-app/store-app-endpoint.js';

/** What became of a request; `code` and `http_status` say more. */
export type RequestOutcome = 'issued' | 'delivered' | 'deduplicated' | 'throttled' | 'faulted' | 'rejected';

/**
 * One request as the stand-in saw it. Control-API shapes use Feishu's snake_case, so the same JSON
 * reads the same in-process and over HTTP. Tokens, secrets and message content are never kept here.
 */
export interface RequestRecord {
  readonly at: number;
  readonly log_id: string;
  readonly endpoint: 'token' | 'messages' | 'ws-endpoint' | StoreAppEndpoint;
  readonly outcome: RequestOutcome;
  /** `null` while the request is held without an answer (a `hang` fault). */
  readonly http_status: number | null;
  readonly code: number | null;
  /** The answer's `msg`: what a client would show or log next to the code. */
  readonly msg: string | null;
  readonly app_id: string | null;
  readonly receive_id: string | null;
  readonly receive_id_type: string | null;
  readonly msg_type: string | null;
  readonly uuid: string | null;
  readonly message_id: string | null;
  readonly fault_id: string | null;
  /** The tenant of the token a send used, or a store app's token was asked for. */
  readonly tenant_key: string | null;
}

/** Keeps the most recent requests; older ones drop off so a long-running stand-in stays small. */
export class RequestLog {
  #records: RequestRecord[] = [];

  constructor(private readonly keep: number) {}

  append(record: RequestRecord): void {
    this.#records.push(record);
    if (this.#records.length > this.keep * 1.5) this.#records = this.#records.slice(-this.keep);
  }

  list(): readonly RequestRecord[] {
    return this.#records.slice(-this.keep);
  }

  clear(): void {
    this.#records = [];
  }
}

type RecordFields = Omit<RequestRecord, 'http_status' | 'code' | 'msg'>;

/** A record with only the request's time, log id and endpoint filled in. */
export function blankRecord(at: number, logId: string, endpoint: RequestRecord['endpoint']): RecordFields {
  return {
    at,
    log_id: logId,
    endpoint,
    outcome: 'rejected',
    app_id: null,
    receive_id: null,
    receive_id_type: null,
    msg_type: null,
    uuid: null,
    message_id: null,
    fault_id: null,
    tenant_key: null,
  };
}

/** Appends the record of a request with the status and code of its answer; returns the answer. */
export function noteAnswer<A extends Answer>(journal: RequestLog, fields: RecordFields, answer: A): A {
  const reply = answer.kind === 'never' ? undefined : answer.reply;
  const code = reply?.body['code'];
  const msg = reply?.body['msg'];
  journal.append({
    ...fields,
    http_status: reply?.status ?? null,
    code: typeof code === 'number' ? code : null,
    msg: typeof msg === 'string' ? msg : null,
  });
  return answer;
}
