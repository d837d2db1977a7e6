import { once } from 'node:events';
import express from 'express';

/**
 * The ceiling: Express 5 that parses the JSON body and answers 200, nothing else. Same settings as the
 * ingress (no ETag, no X-Powered-By) so that only the work per request differs.
 */
const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.post('/webhook/event', express.json(), (_req, res) => {
  res.status(200).json({ msg: 'success' });
});

const server = app.listen(Number(process.env['PORT']), '127.0.0.1');
await once(server, 'listening');
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
