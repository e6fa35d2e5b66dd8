import type { DrillView, PlanRef } from '../../contract/incidents.js';
import type { LedgerService } from '../ledger/service.js';
import type { Deadline } from '../obligations/deadlines.js';
import { requireRole, type Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { UnitOfWork } from '../platform/db/unit-of-work.js';
import { AppError } from '../platform/errors.js';
import { takePage } from '../platform/paging.js';
import { beijingDate, beijingMidnight, isCivilDate, isFutureDate } from '../platform/time.js';
import type { RegistersService } from '../registers/service.js';
import { drillDuties, drillView, followUpItems, planInForce, planRefOf } from './drills-rules.js';
import type { DrillKey, DrillStore } from './drills-store.js';
import type { DrillFollowUpColumn } from './drills-tables.js';

/** Who records drills and marks their follow-ups; every role reads them. */
export const drillWriters = ['admin', 'compliance_officer', 'security_officer'] as const;

/** A drill as the route hands it over (contract/incidents.ts drillInputSchema, parsed). */
export interface DrillInput {
  scenario: string;
  heldOn: string;
  planEntryId: string | null;
  participants: number;
  participantNames: string;
  findings: string;
  followUps: { title: string; owner: string | null; dueOn: string | null; doneOn: string | null }[];
}

const invalid = (field: string, messages: { zh: string; en: string }) =>
  new AppError('validation_failed', messages, [{ path: field, message: messages.en }], field);

/**
 * Emergency drills, one list for every operator (CSL 2025 Art 27 and, for
 * CII, Art 36(4); CII Regulation Art 15(3)): each drill is ledger evidence
 * for the regular-drill duty and the emergency-plan duty, recorded in the
 * same transaction; follow-ups not done by their date are open items. The
 * plan rehearsed is an approved emergency plan of the policies register,
 * read through the registers service.
 */
export class DrillsService {
  constructor(
    private readonly store: DrillStore,
    private readonly registers: RegistersService,
    private readonly ledger: LedgerService,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly settings: { dueSoonDays: number },
  ) {}

  async list(page: {
    limit: number;
    cursor?: DrillKey | undefined;
    q?: string | undefined;
  }): Promise<{ drills: DrillView[]; next: string | null }> {
    const rows = await this.store.page(page.limit + 1, page.cursor, page.q?.trim() || undefined);
    const { rows: shown, next } = takePage(rows.map(drillView), page.limit, (d): DrillKey => [
      d.heldOn,
      d.recordedAt,
      d.id,
    ]);
    return { drills: shown, next };
  }

  /** The drills held in [from, to) (Beijing dates), oldest first: the audit pack's part. */
  async held(range: { from?: string | null; to?: string | null } = {}): Promise<DrillView[]> {
    return (await this.store.all(range)).map(drillView);
  }

  /** The approved emergency plans of the policies register. */
  private async plans(): Promise<PlanRef[]> {
    return (await this.registers.counted('policies')).map(planRefOf).filter((p): p is PlanRef => p !== null);
  }

  /** The emergency plan in force today (or on `on`): the latest approved one already in effect. */
  async planInForce(on?: string): Promise<PlanRef | null> {
    const entries = await this.registers.counted('policies');
    return planInForce(entries, on ?? beijingDate(this.clock.now()));
  }

  async record(actor: Actor, input: DrillInput): Promise<DrillView> {
    requireRole(actor, drillWriters);
    const now = this.clock.now();
    if (!isCivilDate(input.heldOn))
      throw invalid('heldOn', {
        zh: `演练日期“${input.heldOn}”不是有效的日期，应为 YYYY-MM-DD。`,
        en: `heldOn: "${input.heldOn}" is not a date (YYYY-MM-DD).`,
      });
    if (isFutureDate(input.heldOn, now))
      throw invalid('heldOn', {
        zh: `演练日期（${input.heldOn}）晚于今天，只能登记已经举行的演练。`,
        en: `The drill date (${input.heldOn}) is in the future; record a drill once it has been held.`,
      });
    input.followUps.forEach((f, i) => {
      for (const [key, value] of [
        ['dueOn', f.dueOn],
        ['doneOn', f.doneOn],
      ] as const)
        if (value !== null && !isCivilDate(value))
          throw invalid(`followUps.${i}.${key}`, {
            zh: `第${i + 1}项整改事项的日期“${value}”不是有效的日期。`,
            en: `Follow-up ${i + 1}: "${value}" is not a date (YYYY-MM-DD).`,
          });
      if (f.doneOn && isFutureDate(f.doneOn, now))
        throw invalid(`followUps.${i}.doneOn`, {
          zh: `第${i + 1}项整改事项的完成日期（${f.doneOn}）晚于今天。`,
          en: `Follow-up ${i + 1}: the day it was done (${f.doneOn}) is in the future.`,
        });
      for (const [key, value, zh] of [
        ['dueOn', f.dueOn, '期限'],
        ['doneOn', f.doneOn, '完成日期'],
      ] as const)
        if (value !== null && value < input.heldOn)
          throw invalid(`followUps.${i}.${key}`, {
            zh: `第${i + 1}项整改事项的${zh}（${value}）早于演练日期（${input.heldOn}）。`,
            en: `Follow-up ${i + 1}: ${key === 'dueOn' ? 'its due date' : 'the day it was done'} (${value}) is before the drill was held (${input.heldOn}).`,
          });
    });
    let plan: PlanRef | null;
    if (input.planEntryId) {
      plan = (await this.plans()).find((p) => p.entryId === input.planEntryId) ?? null;
      if (!plan)
        throw invalid('planEntryId', {
          zh: '所选应急预案不是“安全管理制度和操作规程”登记簿中已批准的应急预案。',
          en: 'The plan chosen is not an approved emergency plan of the security policies register.',
        });
    } else {
      plan = await this.planInForce(input.heldOn);
    }
    const row = {
      id: crypto.randomUUID(),
      scenario: input.scenario,
      held_on: input.heldOn,
      plan: JSON.stringify(plan),
      plan_version_text: null,
      participants: input.participants,
      participant_names: input.participantNames,
      findings: input.findings,
      follow_ups: JSON.stringify(input.followUps satisfies DrillFollowUpColumn[]),
      migrated_from: null,
      evidence_id: null as string | null,
      recorded_by: actor.username,
      recorded_at: now,
    };
    await this.uow.run(async (tx) => {
      const receipt = await this.ledger.record(
        actor,
        {
          obligations: [...drillDuties],
          kind: 'drill',
          summary:
            `Drill "${input.scenario}" held on ${input.heldOn} with ${input.participants} participant${input.participants === 1 ? '' : 's'}` +
            (plan ? `, rehearsing plan ${plan.code} version ${plan.version}` : ''),
          occurredAt: beijingMidnight(input.heldOn),
        },
        tx,
      );
      row.evidence_id = receipt.id;
      await this.store.in(tx).insert(row);
    });
    return this.view(row.id);
  }

  /** Marks a follow-up done on a day (a ledger record), or not done after all (null). */
  async setFollowUp(actor: Actor, id: string, index: number, doneOn: string | null): Promise<DrillView> {
    requireRole(actor, drillWriters);
    const row = await this.store.find(id);
    if (!row) throw this.notFound();
    const followUps = drillView(row).followUps;
    const item = followUps[index];
    if (!item)
      throw new AppError('not_found', {
        zh: `该演练没有第${index + 1}项整改事项。`,
        en: `This drill has no follow-up ${index + 1}.`,
      });
    const now = this.clock.now();
    if (doneOn !== null && (!isCivilDate(doneOn) || isFutureDate(doneOn, now)))
      throw invalid('doneOn', {
        zh: `完成日期“${doneOn}”无效：应为不晚于今天的日期（YYYY-MM-DD）。`,
        en: `doneOn: "${doneOn}" must be a date (YYYY-MM-DD) no later than today.`,
      });
    if (doneOn !== null && doneOn < row.held_on)
      throw invalid('doneOn', {
        zh: `完成日期（${doneOn}）早于演练日期（${row.held_on}）。`,
        en: `A follow-up cannot be done (${doneOn}) before the drill was held (${row.held_on}).`,
      });
    if ((item.doneOn ?? null) === doneOn) return drillView(row);
    const next = followUps.map((f, i) => (i === index ? { ...f, doneOn } : f));
    await this.uow.run(async (tx) => {
      const changed = await this.store.in(tx).setFollowUps(id, row.follow_ups ?? [], next);
      if (!changed)
        throw new AppError('conflict', {
          zh: '该演练的整改事项刚被他人修改，请刷新后重试。',
          en: 'Someone changed the follow-ups of this drill just now; reload and try again.',
        });
      // Done is work, and evidence; it follows up the drill without restarting the yearly clock.
      if (doneOn)
        await this.ledger.record(
          actor,
          {
            obligations: [...drillDuties],
            kind: 'drill_follow_up_completed',
            summary: `Follow-up "${item.title}" of the drill "${row.scenario}" (${row.held_on}) done on ${doneOn}`,
            occurredAt: beijingMidnight(doneOn),
          },
          tx,
        );
    });
    return this.view(id);
  }

  async openItems(): Promise<Deadline[]> {
    const drills = (await this.store.all()).map(drillView);
    return followUpItems(drills, this.clock.now(), this.settings.dueSoonDays);
  }

  private async view(id: string): Promise<DrillView> {
    const row = await this.store.find(id);
    if (!row) throw this.notFound();
    return drillView(row);
  }

  private notFound(): AppError {
    return new AppError('not_found', { zh: '没有找到该演练记录。', en: 'No such drill.' });
  }
}
