import { scrubText } from './scrub-text.js';

/** An error as it appears in a log line: only fields known to be safe, every text scrubbed. */
export interface SerializedError {
  readonly type: string;
  readonly message: string;
  readonly stack?: string;
  /** `ECONNREFUSED`, `UND_ERR_HEADERS_TIMEOUT`, a Feishu code, … */
  readonly code?: string | number;
  readonly syscall?: string;
  readonly address?: string;
  readonly port?: number;
  /** An HTTP status, whichever of `status`, `statusCode` or `httpStatus` the error carries. */
  readonly status?: number;
  /** The name of the Redis command that failed; never its arguments (AUTH's is the password). */
  readonly command?: string;
  readonly cause?: SerializedError;
  /** The errors an `AggregateError` gathers (Node's connect tries every address of a host). */
  readonly errors?: readonly SerializedError[];
}

/** Deep enough for fetch → undici → socket; a cycle of causes stops here. */
const MAX_DEPTH = 4;
const MAX_AGGREGATED = 5;

type Fields = Readonly<Record<string, unknown>>;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? scrubText(value) : undefined;
const integer = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) ? value : undefined;

/** The class's name (`ReplyError`), or an error-like plain object's own `name`. */
function typeOf(error: Fields): string {
  const constructorName = (error['constructor'] as { name?: unknown } | undefined)?.name;
  const className =
    typeof constructorName === 'string' && constructorName !== '' ? constructorName : 'Object';
  return className === 'Object' && typeof error['name'] === 'string' ? error['name'] : className;
}

function serializeAt(value: unknown, depth: number): SerializedError {
  if (typeof value !== 'object' || value === null) {
    return { type: value === null ? 'null' : typeof value, message: scrubText(String(value)) };
  }
  const error = value as Fields;
  if (typeof error['message'] !== 'string') return { type: typeOf(error), message: '(not an Error)' };
  const code = error['code'];
  const command = (error['command'] as Fields | undefined)?.['name'];
  const nested = depth < MAX_DEPTH;
  const aggregated = Array.isArray(error['errors']) ? (error['errors'] as unknown[]) : undefined;
  const serialized: SerializedError = {
    type: typeOf(error),
    message: scrubText(error['message']),
    stack: text(error['stack']),
    code: typeof code === 'string' ? scrubText(code) : integer(code),
    syscall: text(error['syscall']),
    address: text(error['address']),
    port: integer(error['port']),
    status: integer(error['status']) ?? integer(error['statusCode']) ?? integer(error['httpStatus']),
    command: typeof command === 'string' ? command : undefined,
    cause: nested && error['cause'] !== undefined ? serializeAt(error['cause'], depth + 1) : undefined,
    errors:
      nested && aggregated
        ? aggregated.slice(0, MAX_AGGREGATED).map((inner) => serializeAt(inner, depth + 1))
        : undefined,
  };
  return Object.fromEntries(
    Object.entries(serialized).filter(([, field]) => field !== undefined),
  ) as SerializedError;
}

/**
 * The one way an error reaches a log (pino's `err` serializer in {@link createLogger}). It copies
 * only the fields listed in {@link SerializedError}, so what an error object carries beside them never
 * reaches a log: ioredis's `command.args` (AUTH's argument is the password), an HTTP client's request
 * options, URL and response headers. URLs in every text lose their user and password.
 */
export function serializeError(error: unknown): SerializedError {
  return serializeAt(error, 0);
}
