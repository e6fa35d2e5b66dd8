import { writePack } from '../ledger/pack-io.js';
import type { LedgerService } from '../ledger/service.js';
import type { OrganisationService } from '../organisation/service.js';
import type { Actor } from '../platform/auth/roles.js';
import type { PackSection, Period } from '../platform/module.js';
import type { WorkspaceService } from '../workspace/service.js';

/**
 * The audit pack: everything an inspector asks for over a period — the
 * duties with their status and evidence (bilingual HTML and PDF report), the
 * evidence records, attached files, the ledger proofs that let `wangan
 * verify` check it offline, and each capability's own files (its pack
 * sections: the registers, ...), all under the signed manifest. Used by
 * `wangan pack export` and the console's export button.
 */
export interface AuditPackDeps {
  ledger: LedgerService;
  organisation: OrganisationService;
  workspace: WorkspaceService;
  /** Every module's pack sections, gathered when a pack is made. */
  sections: () => PackSection[];
}

export class AuditPack {
  constructor(private readonly d: AuditPackDeps) {}

  async export(
    out: string,
    period: Period,
    onProgress: (m: string) => void = () => {},
    /** Who asks for the pack: the report's "prepared by". */
    actor?: Actor,
  ): Promise<{ pdf: boolean }> {
    onProgress('sequencing pending evidence');
    const contents = await this.d.ledger.packContents(period);
    const organisation = (await this.d.organisation.get()).name;
    onProgress('rendering the bilingual report');
    const extra: Record<string, Buffer | string> = {
      'report.html': await this.d.workspace.reportHtml(organisation, period, actor),
    };
    for (const section of this.d.sections()) {
      if (section.file in extra || section.file.startsWith('files/'))
        throw new Error(`pack section ${section.file} collides with another file of the pack`);
      extra[section.file] = await section.contents(period);
    }
    let pdf = true;
    try {
      extra['report.pdf'] = await this.d.workspace.reportPdf(organisation, period, actor);
    } catch (err) {
      pdf = false;
      onProgress(`no PDF in this pack: ${(err as Error).message}`);
    }
    onProgress(`writing ${contents.records.length} records and ${contents.leaves.length / 32} leaf hashes`);
    writePack(out, contents, extra, contents.attachments);
    return { pdf };
  }
}
