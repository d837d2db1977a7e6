import { fileURLToPath } from 'node:url';

/** The absolute path of one of this package's own entry points, e.g. `servers/bare-express.js`. */
export function benchScript(relativeToDist: string): string {
  return fileURLToPath(new URL(`../${relativeToDist}`, import.meta.url));
}
