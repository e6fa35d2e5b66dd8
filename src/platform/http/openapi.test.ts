import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase, useTestApp } from '../../../test/helpers.js';

describeEachDatabase('OpenAPI document', (ctx) => {
  const get = useTestApp(ctx);

  it('GET /api/openapi.json lists every API route with its schema', async () => {
    const t = get();
    const res = await t.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = res.json() as {
      openapi: string;
      paths: Record<string, Record<string, { responses?: object; requestBody?: object }>>;
    };
    assert.match(doc.openapi, /^3\./);
    const apiRoutes = t.app.routes.filter(
      (r) =>
        r.url.startsWith('/api/') &&
        !r.url.startsWith('/api/docs') &&
        r.url !== '/api/openapi.json' &&
        r.method !== 'HEAD',
    );
    const missing: string[] = [];
    for (const r of apiRoutes) {
      const p = r.url.replace(/:([A-Za-z]+)/g, '{$1}');
      const op = doc.paths[p]?.[r.method.toLowerCase()];
      const responses = op?.responses;
      if (!responses || !['200', '201', '202', '204'].some((code) => code in responses))
        missing.push(`${r.method} ${r.url}`);
      if (
        op &&
        ['POST', 'PUT', 'PATCH'].includes(r.method) &&
        r.url !== '/api/auth/logout' &&
        !op.requestBody
      ) {
        missing.push(`${r.method} ${r.url} (no request body schema)`);
      }
    }
    assert.deepEqual(missing, []);
    assert.equal(
      (await t.inject({ method: 'GET', url: '/api/docs' })).statusCode < 400,
      true,
      'the browsable page is served',
    );
  });
});
