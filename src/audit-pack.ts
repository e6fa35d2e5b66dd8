import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { z } from 'zod';
import { writePack } from './ledger/pack-io.js';
import { allRoles } from './platform/auth/roles.js';
import type { ZodApp } from './platform/http/server.js';
import type { Services } from './services.js';
import { reportRateLimit } from './workspace/routes.js';

/**
 * The audit pack: everything an inspector asks for over a period — the
 * duties with their status and evidence (bilingual HTML and PDF report), the
 * evidence records, attached files and the ledger proofs that let
 * `wangan verify` check it offline. Used by `wangan pack export` and the
 * console's export button.
 */
export interface Period {
  from?: Date | undefined;
  to?: Date | undefined;
}

export async function exportAuditPack(
  services: Services,
  out: string,
  period: Period,
  onProgress: (m: string) => void = () => {},
): Promise<{ pdf: boolean }> {
  onProgress('sequencing pending evidence');
  const contents = await services.ledger.packContents(period);
  const organisation = (await services.organisation.get()).name;
  onProgress('rendering the bilingual report');
  const extra: Record<string, Buffer | string> = {
    'report.html': await services.workspace.reportHtml(organisation, period),
  };
  // The registers as they stand (MLPS systems and every governance and CII register).
  extra['registers.json'] = JSON.stringify(
    {
      generatedAt: new Date().toISOString(),
      mlps: await services.governance.overview(),
      registers: await services.registers.exportAll(),
    },
    null,
    2,
  );
  let pdf = true;
  try {
    extra['report.pdf'] = await services.workspace.reportPdf(organisation, period);
  } catch (err) {
    pdf = false;
    onProgress(`no PDF in this pack: ${(err as Error).message}`);
  }
  onProgress(`writing ${contents.records.length} records and ${contents.leaves.length / 32} leaf hashes`);
  writePack(out, contents, extra, contents.attachments);
  return { pdf };
}

/** Beijing dates (YYYY-MM-DD) to instants. */
export function periodOf(q: { from?: string | undefined; to?: string | undefined }): Period {
  return {
    from: q.from ? new Date(`${q.from}T00:00:00+08:00`) : undefined,
    to: q.to ? new Date(`${q.to}T00:00:00+08:00`) : undefined,
  };
}

export function registerAuditPackRoutes(app: ZodApp, services: Services): void {
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
      const name = `wangan-audit-pack-${new Date().toISOString().slice(0, 10)}`;
      await exportAuditPack(services, path.join(tmp, name), periodOf(request.query));
      await services.audit.record({
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
