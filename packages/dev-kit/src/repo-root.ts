import { fileURLToPath } from 'node:url';

/** The repository root, found from this file (packages/dev-kit/{src,dist}/…). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
