import crypto from 'node:crypto';
import type { LedgerService } from '../ledger/service.js';
import { estimateNote, type CalendarSource, type WorkCalendar } from '../obligations/calendar.js';
import { openItem, type Deadline } from '../obligations/deadlines.js';
import type { ObligationStatus } from '../obligations/status.js';
import { requireRole, type Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Tx, UnitOfWork } from '../platform/db/unit-of-work.js';
import { AppError } from '../platform/errors.js';
import { addDuration, beijingDate, beijingMidnight, deadlineStatus, isFutureDate } from '../platform/time.js';
import type { SystemView } from '../../contract/governance.js';
import type { Bilingual } from '../../contract/status.js';
import { conclusion, grade, type Grading, type Harm, type HarmedObject, type MlpsFile } from './grading.js';
import type { GovernanceStore, SystemRow } from './store.js';

export const governanceWriters = ['admin', 'compliance_officer', 'security_officer'] as const;

/** Catalogue duties the MLPS registers prove (catalog/obligations). */
export const MLPS_DUTIES = {
  grading: 'csl.mlps-grading',
  filing: 'csl.mlps-filing',
  assessment: 'csl.mlps-assessment',
} as const;

export interface GradeInput {
  id?: string | undefined;
  name: string;
  stage: 'running' | 'new';
  wentLiveOn?: string | undefined;
  gradedOn: string;
  businessInformation: { object: HarmedObject; harm: Harm };
  systemService: { object: HarmedObject; harm: Harm };
}

export type { SystemView };

export interface GovernanceSettings {
  filingDays: number;
  /** Count filingDays as PRC working days (catalog/holidays.yaml). */
  filingWorkingDays: boolean;
  dueSoonDays: number;
}

/** A system as the organisation profile lists it (profile `mlps.systems`). */
export interface ProfileSystem {
  name: string;
  level: number;
}

/** MLPS as daily work: grade systems, file them, assess them on schedule; every step is ledger evidence. */
function noSystem(id: string): AppError {
  return new AppError('not_found', { en: `No system ${id}.`, zh: `没有编号为 ${id} 的系统。` });
}

function notGraded(s: SystemRow, what: Bilingual): AppError {
  return new AppError('validation_failed', {
    en: `"${s.name}" is declared and not graded yet: grade it before recording ${what.en}.`,
    zh: `“${s.name}”尚未定级，请先定级，再登记${what.zh}。`,
  });
}

export class GovernanceService {
  constructor(
    private readonly store: GovernanceStore,
    private readonly ledger: LedgerService,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly mlps: MlpsFile,
    private readonly matrix: MlpsFile['matrix'],
    private readonly settings: GovernanceSettings,
    private readonly calendar: CalendarSource,
  ) {}

  /**
   * The filing deadline: calendar days, or PRC working days where configured
   * (counted Monday to Friday, and marked an estimate, in a year whose holiday
   * calendar is not known yet).
   */
  private filingDue(from: string, calendar: WorkCalendar): { dueAt: Date; estimate: Bilingual | null } {
    if (!this.settings.filingWorkingDays)
      return { dueAt: addDuration(beijingMidnight(from), `P${this.settings.filingDays}D`), estimate: null };
    const r = calendar.addWorkingDays(from, this.settings.filingDays);
    return {
      dueAt: beijingMidnight(r.date),
      estimate: r.unknownYears.length ? estimateNote(r.unknownYears) : null,
    };
  }

  private notFuture(date: string, what: Bilingual, field: string): void {
    if (isFutureDate(date, this.clock.now()))
      throw new AppError(
        'validation_failed',
        {
          en: `${what.en} (${date}) is in the future; record it once it has happened.`,
          zh: `${what.zh}（${date}）晚于今天，请在其实际发生后再登记。`,
        },
        undefined,
        field,
      );
  }

  /** The filing rule in effect, with the catalogue's note on why it is configurable. */
  filingRule(): { days: number; workingDays: boolean; minLevel: number; note: { zh: string; en: string } } {
    return {
      days: this.settings.filingDays,
      workingDays: this.settings.filingWorkingDays,
      minLevel: this.mlps.filing.min_level,
      note: this.mlps.filing.deadline_note,
    };
  }

  /** The calculator, without recording anything. */
  preview(input: Pick<GradeInput, 'businessInformation' | 'systemService'>): Grading {
    return grade(input, this.mlps, this.matrix);
  }

  async gradeSystem(actor: Actor, input: GradeInput): Promise<SystemView> {
    requireRole(actor, governanceWriters);
    this.notFuture(input.gradedOn, { en: 'The grading date', zh: '定级日期' }, 'gradedOn');
    if (input.stage === 'new' && !input.wentLiveOn)
      throw new AppError(
        'validation_failed',
        {
          en: 'A new system needs its go-live date (filing counts from it).',
          zh: '新建系统需要填写上线日期（备案期限自该日起算）。',
        },
        undefined,
        'wentLiveOn',
      );
    const existing = input.id
      ? await this.store.findSystem(input.id)
      : await this.store.findSystemByName(input.name);
    if (input.id && !existing) throw noSystem(input.id);
    const g = grade(input, this.mlps, this.matrix);
    const row: SystemRow = {
      id: existing?.id ?? crypto.randomUUID(),
      name: input.name,
      stage: input.stage,
      went_live_on: input.wentLiveOn ?? null,
      bi_object: input.businessInformation.object,
      bi_harm: input.businessInformation.harm,
      ss_object: input.systemService.object,
      ss_harm: input.systemService.harm,
      level: g.level,
      graded_on: input.gradedOn,
      graded_by: actor.username,
    };
    await this.uow.run(async (tx) => {
      await this.store.in(tx).upsertSystem(row);
      await this.ledger.record(
        actor,
        {
          obligations: [MLPS_DUTIES.grading],
          kind: 'mlps_grading',
          summary: `Graded "${row.name}" at level ${g.level} (business information ${g.businessInformationLevel}: ${row.bi_object}/${row.bi_harm}; system service ${g.systemServiceLevel}: ${row.ss_object}/${row.ss_harm})`,
          occurredAt: beijingMidnight(input.gradedOn),
        },
        tx,
      );
    });
    return (await this.overview()).find((s) => s.id === row.id)!;
  }

  async recordFiling(
    actor: Actor,
    systemId: string,
    input: { filedOn: string; authority: string; reference: string },
  ): Promise<SystemView> {
    requireRole(actor, governanceWriters);
    const s = await this.store.findSystem(systemId);
    if (!s) throw noSystem(systemId);
    if (s.graded_on === null) throw notGraded(s, { en: 'its filing', zh: '备案' });
    this.notFuture(input.filedOn, { en: 'The filing date', zh: '备案日期' }, 'filedOn');
    if (s.level < this.mlps.filing.min_level)
      throw new AppError('validation_failed', {
        en: `Level ${s.level} systems are not filed (level ${this.mlps.filing.min_level} and above are).`,
        zh: `第${s.level}级系统无需备案（第${this.mlps.filing.min_level}级及以上的系统需要备案）。`,
      });
    await this.uow.run(async (tx) => {
      await this.store.in(tx).insertFiling({
        id: crypto.randomUUID(),
        system_id: s.id,
        filed_on: input.filedOn,
        authority: input.authority,
        reference: input.reference,
        recorded_by: actor.username,
      });
      await this.ledger.record(
        actor,
        {
          obligations: [MLPS_DUTIES.filing],
          kind: 'mlps_filing',
          summary: `Filed "${s.name}" (level ${s.level}) with ${input.authority}, reference ${input.reference}`,
          occurredAt: beijingMidnight(input.filedOn),
        },
        tx,
      );
    });
    return (await this.overview()).find((v) => v.id === s.id)!;
  }

  async recordAssessment(
    actor: Actor,
    systemId: string,
    input: { assessedOn: string; score: number; highRisk: boolean; assessor: string },
  ): Promise<SystemView> {
    requireRole(actor, governanceWriters);
    const s = await this.store.findSystem(systemId);
    if (!s) throw noSystem(systemId);
    if (s.graded_on === null) throw notGraded(s, { en: 'an assessment', zh: '等级测评' });
    this.notFuture(input.assessedOn, { en: 'The assessment date', zh: '测评日期' }, 'assessedOn');
    const c = conclusion(input.score, input.highRisk, this.mlps);
    await this.uow.run(async (tx) => {
      await this.store.in(tx).insertAssessment({
        id: crypto.randomUUID(),
        system_id: s.id,
        assessed_on: input.assessedOn,
        score: input.score,
        high_risk: input.highRisk,
        conclusion: c,
        assessor: input.assessor,
        recorded_by: actor.username,
      });
      await this.ledger.record(
        actor,
        {
          obligations: [MLPS_DUTIES.assessment],
          kind: 'mlps_assessment',
          summary: `Assessed "${s.name}" (level ${s.level}) by ${input.assessor}: score ${input.score}, ${c}${input.highRisk ? ', high risk found' : ''}`,
          occurredAt: beijingMidnight(input.assessedOn),
        },
        tx,
      );
    });
    return (await this.overview()).find((v) => v.id === s.id)!;
  }

  /**
   * A declared system: named in the profile with the level expected, not
   * graded. Its filing (level 2 and above) and assessments are still to do
   * and have no date: they count from the grading.
   */
  private declaredView(s: SystemRow): {
    view: SystemView;
    filing: { dueAt: null; startAt: null; estimate: null };
    assessment: { dueAt: null; startAt: null };
  } {
    const required = s.level >= this.mlps.filing.min_level;
    const period = this.mlps.assessment[String(s.level)] ?? null;
    return {
      view: {
        id: s.id,
        name: s.name,
        graded: false,
        stage: null,
        level: s.level,
        gradedOn: null,
        grading: null,
        filing: {
          required,
          due: null,
          filedOn: null,
          reference: null,
          status: required ? 'missing' : 'not_applicable',
        },
        assessment: {
          period,
          last: null,
          score: null,
          conclusion: null,
          nextDue: null,
          status: period ? 'missing' : 'not_applicable',
        },
      },
      filing: { dueAt: null, startAt: null, estimate: null },
      assessment: { dueAt: null, startAt: null },
    };
  }

  /** The organisation's systems as its profile lists them: every system of the register, by name. */
  async profileSystems(): Promise<ProfileSystem[]> {
    return (await this.store.systems()).map((s) => ({ name: s.name, level: s.level }));
  }

  /**
   * Makes the register match a profile's list of systems (the profile form,
   * the applicability wizard's "save as profile", PUT /api/organisation): a
   * new name is declared, a declared system takes the level given or goes
   * when left out. A graded system stays as graded: leaving it out or giving
   * it another level is refused (its grading is evidence; re-grade it in
   * Governance). Reads and checks now; the returned step writes inside the
   * caller's transaction (PGlite: no reads inside it).
   */
  async prepareProfileSystems(wanted: readonly ProfileSystem[]): Promise<(tx: Tx) => Promise<void>> {
    const field = (i: number, key: 'name' | 'level') => `profile.mlps.systems.${i}.${key}`;
    const seen = new Map<string, number>();
    wanted.forEach((w, i) => {
      if (seen.has(w.name))
        throw new AppError(
          'validation_failed',
          {
            en: `The system "${w.name}" is listed twice; each system is listed once.`,
            zh: `系统“${w.name}”重复列出，每个系统只能列出一次。`,
          },
          undefined,
          field(i, 'name'),
        );
      seen.set(w.name, i);
    });
    const current = await this.store.systems();
    const byName = new Map(current.map((s) => [s.name, s]));
    const graded = current.filter((s) => s.graded_on !== null);
    const dropped = graded.filter((s) => !seen.has(s.name));
    if (dropped.length > 0)
      throw new AppError(
        'conflict',
        {
          en: `${dropped.map((s) => `"${s.name}"`).join(', ')} ${dropped.length === 1 ? 'is' : 'are'} graded in Governance and cannot be removed from the profile: the grading is evidence. Keep ${dropped.length === 1 ? 'it' : 'them'} in the list.`,
          zh: `${dropped.map((s) => `“${s.name}”`).join('、')}已在治理与等级保护中定级，不能从单位画像中删除（定级记录属于合规证据），请保留在系统列表中。`,
        },
        { systems: dropped.map((s) => s.name) },
      );
    for (const [name, i] of seen) {
      const s = byName.get(name);
      const level = wanted[i]!.level;
      if (s && s.graded_on !== null && s.level !== level)
        throw new AppError(
          'conflict',
          {
            en: `"${name}" is graded at level ${s.level} in Governance; its level changes only by re-grading it there.`,
            zh: `“${name}”已在治理与等级保护中定为第${s.level}级，如需变更等级，请在该页面重新定级。`,
          },
          { system: name, graded: s.level, given: level },
          field(i, 'level'),
        );
    }
    return async (tx) => {
      const store = this.store.in(tx);
      for (const w of wanted) {
        const s = byName.get(w.name);
        if (!s) await store.insertDeclared({ id: crypto.randomUUID(), name: w.name, level: w.level });
        else if (s.graded_on === null && s.level !== w.level) await store.setDeclaredLevel(s.id, w.level);
      }
      for (const s of current)
        if (s.graded_on === null && !seen.has(s.name)) await store.deleteDeclared(s.id);
    };
  }

  private statusFor(clock: { dueAt: Date | null; startAt: Date | null }, done: boolean): ObligationStatus {
    if (done) return 'met';
    const st = deadlineStatus(clock, this.clock.now(), this.settings.dueSoonDays);
    return st === 'overdue' ? 'overdue' : st === 'due_soon' ? 'due_soon' : 'missing';
  }

  /** The open items of the MLPS register for the workspace: filings to make, assessments to renew. */
  async deadlines(): Promise<Deadline[]> {
    const now = this.clock.now();
    const dueSoonDays = this.settings.dueSoonDays;
    const out: Deadline[] = [];
    for (const { view: s, filing, assessment } of await this.schedule()) {
      // A declared system has no clock yet: filing and assessment count from its grading.
      if (!s.graded) continue;
      const subject = `${s.name} (level ${s.level})`;
      const base = { source: 'mlps', entryId: s.id, subject, party: 'operator' as const };
      if (s.filing.required && !s.filing.filedOn)
        out.push(
          openItem(
            {
              ...base,
              obligations: [MLPS_DUTIES.filing],
              label: this.mlps.filing.label,
              ...filing,
              basis: this.settings.filingWorkingDays ? 'working_days' : 'calendar',
              // The articles come from the duty's own citations (the workspace fills them in).
              rule: { id: 'mlps.filing' },
            },
            now,
            dueSoonDays,
          ),
        );
      if (s.assessment.period)
        out.push(
          openItem(
            {
              ...base,
              obligations: [MLPS_DUTIES.assessment],
              label: this.mlps.assessment_label,
              ...assessment,
              basis: 'calendar',
              rule: { id: `mlps.assessment.${s.level}` },
            },
            now,
            dueSoonDays,
          ),
        );
    }
    return out;
  }

  /** Every system with its filing deadline and assessment schedule, and where each stands today. */
  async overview(): Promise<SystemView[]> {
    return (await this.schedule()).map((x) => x.view);
  }

  private async schedule(): Promise<
    {
      view: SystemView;
      filing: { dueAt: Date | null; startAt: Date | null; estimate: Bilingual | null };
      assessment: { dueAt: Date | null; startAt: Date | null };
    }[]
  > {
    const [systems, filings, assessments, calendar] = await Promise.all([
      this.store.systems(),
      this.store.filings(),
      this.store.assessments(),
      this.calendar.current(),
    ]);
    return systems.map((s) => {
      if (s.graded_on === null) return this.declaredView(s);
      const g = grade(
        {
          businessInformation: { object: s.bi_object as HarmedObject, harm: s.bi_harm as Harm },
          systemService: { object: s.ss_object as HarmedObject, harm: s.ss_harm as Harm },
        },
        this.mlps,
        this.matrix,
      );
      const required = s.level >= this.mlps.filing.min_level;
      const from = s.stage === 'new' && s.went_live_on ? s.went_live_on : s.graded_on;
      const due = required ? this.filingDue(from, calendar) : null;
      const filingClock = {
        dueAt: due?.dueAt ?? null,
        startAt: due ? beijingMidnight(from) : null,
        estimate: due?.estimate ?? null,
      };
      const filing = filings.find((f) => f.system_id === s.id) ?? null;
      const period = this.mlps.assessment[String(s.level)] ?? null;
      const last = assessments.find((a) => a.system_id === s.id) ?? null;
      let assessmentStatus: ObligationStatus = period ? 'missing' : 'not_applicable';
      const assessmentClock: { dueAt: Date | null; startAt: Date | null } = { dueAt: null, startAt: null };
      if (period && last) {
        assessmentClock.startAt = beijingMidnight(last.assessed_on);
        assessmentClock.dueAt = addDuration(assessmentClock.startAt, period);
        assessmentStatus = this.statusFor(assessmentClock, false);
        if (assessmentStatus === 'missing') assessmentStatus = 'met';
      }
      const view: SystemView = {
        id: s.id,
        name: s.name,
        graded: true,
        stage: s.stage,
        level: s.level,
        gradedOn: s.graded_on,
        grading: g,
        filing: {
          required,
          due: due ? beijingDate(due.dueAt) : null,
          filedOn: filing?.filed_on ?? null,
          reference: filing?.reference ?? null,
          status: required ? this.statusFor(filingClock, filing !== null) : 'not_applicable',
        },
        assessment: {
          period,
          last: last?.assessed_on ?? null,
          score: last?.score ?? null,
          conclusion: last?.conclusion ?? null,
          nextDue: assessmentClock.dueAt ? beijingDate(assessmentClock.dueAt) : null,
          status: assessmentStatus,
        },
      };
      return { view, filing: filingClock, assessment: assessmentClock };
    });
  }
}
