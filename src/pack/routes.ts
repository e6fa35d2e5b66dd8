import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { z } from 'zod';
import type { AuditService } from '../platform/audit/service.js';
import { allRoles } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { ZodApp } from '../platform/http/server.js';
import { beijingDate, beijingMidnight } from '../platform/time.js';
import type { Period } from '../platform/module.js';
import { reportRateLimit } from '../workspace/routes.js';
import type { AuditPack } from './export-io.js';

/** Beijing dates (YYYY-MM-DD) to instants. */
export function periodOf(q: { from?: string | undefined; to?: string | undefined }): Period {
  return {
    from: q.from ? beijingMidnight(q.from) : undefined,
    to: q.to ? beijingMidnight(q.to) : undefined,
  };
}

export function registerAuditPackRoutes(
  app: ZodApp,
  pack: AuditPack,
  audit: AuditService,
  clock: Clock,
): void {
  app.get(
    '/api/pack.tar',
    {
      // The pack prints the report too: the same per-person limit (and the printer's queue).
      config: { access: allRoles, action: 'pack.export', rateLimit: reportRateLimit },
      schema: {
        tags: ['ledger'],
        summary: 'The audit pack of a period as a tar archive (extract it, then `wangan verify DIR`)',
        querystring: z.strictObject({ from: z.iso.date().optional(), to: z.iso.date().optional() }),
      },
    },
    async (request, reply) => {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wangan-pack-'));
      const name = `wangan-audit-pack-${beijingDate(clock.now())}`;
      try {
        await pack.export(path.join(tmp, name), periodOf(request.query), undefined, request.actor);
      } catch (err) {
        fs.rmSync(tmp, { recursive: true, force: true });
        throw err;
      }
      await audit.record({
        actor: request.actor,
        action: 'pack.export',
        path: '/api/pack.tar',
        status: 200,
        detail: { ...request.query },
      });
      const stream = tar.c({ cwd: tmp, portable: true }, [name]);
      stream.on('end', () => fs.rmSync(tmp, { recursive: true, force: true }));
      return reply
        .type('application/x-tar')
        .header('content-disposition', `attachment; filename="${name}.tar"`)
        .send(stream);
    },
  );
}
