import type { EvidenceInput, LedgerService } from '../ledger/service.js';
import type { ObligationsService } from '../obligations/service.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import { DAY } from '../platform/time.js';
import type { WorkspaceService } from './service.js';

/**
 * About a year of evidence for the demo organisation, so the workspace, the
 * ledger and an exported pack show something real on a fresh start: some
 * duties met, some due soon, some overdue, some missing, one decided not
 * applicable, one submission awaiting review. Each record says it is demo data.
 */
export async function seedWorkspaceDemo(
  services: { obligations: ObligationsService; ledger: LedgerService; workspace: WorkspaceService },
  clock: Clock,
): Promise<number> {
  const officer: Actor = { userId: 'demo', username: 'demo', role: 'admin', via: 'system' };
  const { obligations } = await services.obligations.assessOrganisation();
  const now = clock.now().getTime();
  const duties = obligations.filter((o) => !o.draft_only);
  let n = 0;
  const history: EvidenceInput[] = [];
  // Spread the duties over five outcomes, in catalogue order so the demo is the same every time.
  for (const [i, o] of duties.entries()) {
    const slot = i % 5;
    const yearly = o.recurrence.kind === 'periodic' || o.recurrence.kind === 'continuous';
    let agoDays: number | undefined;
    if (slot === 0 || slot === 1)
      agoDays = 20 + i * 3; // met: recent work
    else if (slot === 2 && yearly)
      agoDays = 345; // due soon: renewal within 30 days
    else if (slot === 3 && yearly)
      agoDays = 400; // overdue: older than a year
    else if (slot === 2 || slot === 3) agoDays = 90; // one-off and event duties: done
    // slot 4: no evidence (missing)
    if (agoDays === undefined) continue;
    history.push({
      obligations: [o.id],
      kind: o.evidence[0]?.kind ?? 'record',
      summary: `[demo] ${o.evidence[0]?.what.en ?? o.title.en}`,
      occurredAt: new Date(now - agoDays * DAY),
      reviewer: 'demo',
    });
  }
  n += (await services.ledger.recordMany(officer, history)).length;
  // Event duties first: "not applicable" reads more plausibly there than on an assessment.
  const missing = duties
    .filter((_, i) => i % 5 === 4)
    .sort((a, b) => Number(b.recurrence.kind === 'event') - Number(a.recurrence.kind === 'event'));
  if (missing[0]) {
    await services.workspace.decideApplicability(
      officer,
      missing[0].id,
      false,
      '[demo] Not applicable: the demo company runs no such system (decided during the annual scoping review).',
    );
    n++;
  }
  if (missing[1]) {
    await services.workspace.submit(officer, missing[1].id, {
      summary: '[demo] Draft procedure uploaded, awaiting a second reviewer',
      occurredAt: new Date(now - 2 * DAY),
    });
  }
  return n;
}
