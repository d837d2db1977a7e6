import { createServer, type RequestListener, type Server } from 'node:http';

/** Feishu gives a push 3 s; no honest client needs anywhere near this to send one. */
export const REQUEST_TIMEOUT_MS = 10_000;

/**
 * The public HTTP server around `app`. A client that sends its headers or body slowly (slowloris, a
 * chunked body that never ends, a Content-Length that lies) is answered 408 and cut off once
 * `requestTimeoutMs` has passed since it connected. Node enforces these limits only when it sweeps its
 * connections, by default every 30 s, which let such a client hold a socket three times as long; the
 * sweep here runs often enough that the limit is the limit.
 * https://nodejs.org/api/http.html#httpcreateserveroptions-requestlistener
 */
export function createPublicServer(app: RequestListener, requestTimeoutMs = REQUEST_TIMEOUT_MS): Server {
  return createServer(
    {
      headersTimeout: requestTimeoutMs,
      requestTimeout: requestTimeoutMs,
      connectionsCheckingInterval: Math.min(1_000, Math.max(50, requestTimeoutMs / 10)),
    },
    app,
  );
}
