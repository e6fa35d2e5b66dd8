import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase, useTestApp } from '../../../test/helpers.js';
import { roles } from '../auth/roles.js';
import { accessOf } from './guard.js';

/** Fills path parameters with a value no record has. */
function concrete(url: string): string {
  return url.replace(/:[A-Za-z]+/g, 'no-such-id').replace('*', 'x');
}

describeEachDatabase('default-deny access on every route', (ctx) => {
  const get = useTestApp(ctx);

  it('every route declares who may call it', () => {
    const undeclared = get()
      .app.routes.filter((r) => accessOf(r) === undefined)
      .map((r) => `${r.method} ${r.url}`);
    assert.deepEqual(undeclared, [], 'routes without an access declaration');
  });

  it('every API route x role: forbidden exactly when the role is not declared', async () => {
    const t = get();
    const apiRoutes = t.app.routes.filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD');
    assert.ok(apiRoutes.length >= 10, 'the API has its routes');
    const failures: string[] = [];
    for (const route of apiRoutes) {
      const access = accessOf(route)!;
      if (access === 'public') continue;
      // Without credentials a protected route always answers 401.
      const anon = await t.inject({ method: route.method as 'GET', url: concrete(route.url) });
      if (anon.statusCode !== 401)
        failures.push(`${route.method} ${route.url} anonymous -> ${anon.statusCode}`);
      for (const role of roles) {
        if (route.url === '/api/auth/logout') continue;
        const res = await t.inject({
          method: route.method as 'GET',
          url: concrete(route.url),
          headers: { authorization: `Bearer ${t.tokens[role]}` },
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
        });
        const allowed = access.includes(role);
        const code = res.statusCode === 403 ? (res.json() as { error: { code: string } }).error.code : '';
        // A read-only auditor token is refused on writes with its own message; count that as forbidden too.
        const denied = res.statusCode === 403 && code === 'forbidden';
        if (allowed && (res.statusCode === 401 || (denied && role !== 'auditor'))) {
          failures.push(`${route.method} ${route.url} as ${role}: allowed but got ${res.statusCode}`);
        }
        if (!allowed && !denied)
          failures.push(`${route.method} ${route.url} as ${role}: not allowed but got ${res.statusCode}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  it('the auditor is read-only: no state-changing route lists it', () => {
    const writes = get().app.routes.filter(
      (r) =>
        !['GET', 'HEAD'].includes(r.method) &&
        !(r.options.config as { readOnly?: boolean } | undefined)?.readOnly &&
        Array.isArray(accessOf(r)) &&
        (accessOf(r) as string[]).includes('auditor'),
    );
    // Logout, own password and own tokens are the only writes an auditor may make.
    assert.deepEqual(writes.map((r) => r.url).sort(), [
      '/api/auth/logout',
      '/api/auth/password',
      '/api/tokens',
      '/api/tokens/:id',
    ]);
  });
});
