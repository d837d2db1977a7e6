import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BASIC_AUTH_CHALLENGE } from '../../src/basic-auth.js';
import { LOGIN, startDashboard, type RunningDashboard } from './start-dashboard.js';

const redisUrl = inject('redisUrl');

describe("the dashboard's login", () => {
  let dashboard: RunningDashboard;
  beforeAll(async () => {
    dashboard = await startDashboard({ redisUrl, readOnly: false });
  });
  afterAll(async () => {
    await dashboard.close();
  });

  /** Each kind of thing the board serves, one request apiece. */
  const surfaces = () => [
    { what: 'the board page', method: 'GET', path: '/admin/queues' },
    { what: 'a static asset', method: 'GET', path: '/admin/queues/static/favicon-32x32.png' },
    {
      what: 'the JSON API',
      method: 'GET',
      path: `/admin/queues/api/queues?activeQueue=${dashboard.queue.name}`,
    },
    {
      what: 'a job retry',
      method: 'PUT',
      path: `/admin/queues/api/queues/${dashboard.queue.name}/ev-1/retry`,
    },
  ];

  it.each([
    ['no credentials', null],
    ['a wrong password', { username: LOGIN.username, password: 'correct horse battery' }],
    ['a wrong user name', { username: 'admin', password: LOGIN.password }],
  ])('answers %s with 401 and a Basic challenge, everywhere on the board', async (_who, login) => {
    for (const { what, method, path } of surfaces()) {
      const res = await dashboard.request(path, { method, login });
      expect({ what, status: res.status }).toEqual({ what, status: 401 });
      expect(res.headers.get('www-authenticate')).toBe(BASIC_AUTH_CHALLENGE);
    }
  });

  it('serves the page, its static assets and its API to the right login', async () => {
    const page = await dashboard.request('/admin/queues');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<base href="/admin/queues/"');

    const asset = await dashboard.request('/admin/queues/static/favicon-32x32.png');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('image/png');

    const api = await dashboard.request(`/admin/queues/api/queues?activeQueue=${dashboard.queue.name}`);
    expect(api.status).toBe(200);
    const { queues } = (await api.json()) as { queues: { name: string }[] };
    expect(queues.map((queue) => queue.name)).toEqual([dashboard.queue.name]);
  });

  it('answers the health probes without a login', async () => {
    expect((await dashboard.request('/healthz', { login: null })).status).toBe(200);
    expect((await dashboard.request('/readyz', { login: null })).status).toBe(200);
  });
});
