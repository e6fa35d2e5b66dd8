import type {
  BreachContents,
  IncidentClock,
  IncidentDetails,
  IncidentView,
} from '../../contract/incidents.js';
import type { Deadline } from '../../contract/status.js';
import { openItem } from '../obligations/deadlines.js';
import { addDuration } from '../platform/time.js';
import { gradeRank, type Grade, type IncidentsFile } from './catalog-schema.js';
import { breachMissing } from './breach-doc.js';
import { reportingDeadlines } from './clocks.js';
import { grade } from './grading.js';
import type { IncidentRecord, IncidentRow, ReportRow } from './store.js';
import type { GradingRules } from './thresholds.js';

/**
 * Incident rows as the API answers them (contract/incidents.ts): the grade
 * computed from the facts under the rules in effect with the manual one
 * beside, the statutory clocks as of `now` (stopped by the reports sent),
 * whether a supplementary report is owed, and the open items the clocks
 * leave for the workspace. Pure: "now" and the rules are passed in.
 */
export interface ViewContext {
  catalog: IncidentsFile;
  rules: GradingRules;
  /** The organisation is a central or state organ (profile `central_state_organ`). */
  centralOrgan: boolean;
  now: Date;
}

export const emptyDetails: IncidentDetails = {
  impact: '',
  measures: '',
  effect: '',
  trend: '',
  cause: '',
  attackPath: '',
  tracing: '',
  furtherMeasures: '',
  supportRequested: '',
  scenePreservation: '',
  other: '',
  ransom: null,
};

export const emptyBreach: BreachContents = {
  categories: '',
  cause: '',
  harm: '',
  remedies: '',
  selfHelp: '',
  contact: '',
};

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export interface Grading {
  grade: Grade;
  computed: ReturnType<typeof grade>;
  manual: Grade | null;
}

/** The grade in effect: the manual one when set, else the one the facts give. */
export function gradingOf(row: IncidentRow, rules: GradingRules): Grading {
  const computed = grade(row.facts, rules);
  const manual = (row.manual_grade as Grade | null) ?? null;
  return { grade: manual ?? computed.grade, computed, manual };
}

/** The report of a kind (and rule) that stops a clock: the first one sent. */
const firstSent = (reports: readonly ReportRow[], kind: string, rule?: string) =>
  reports.find((r) => r.kind === kind && (rule === undefined || r.rule === rule));

/**
 * The clocks of an incident: one per initial report owed (the earliest
 * first) and the final report's, which waits until handling ends. Reporting
 * is mandatory from 较大 (III) up; below it there is no clock.
 */
export function incidentClocks(
  record: IncidentRecord,
  ctx: ViewContext,
): { mandatory: boolean; clocks: IncidentClock[] } {
  const row = record.incident;
  const g = gradingOf(row, ctx.rules);
  // A stored discovery time is never in the future of the clock it was written by; a clock set
  // back (tests, a host's clock corrected) must not make the view throw.
  const now = ctx.now.getTime() < row.discovered_at.getTime() ? row.discovered_at : ctx.now;
  const deadlines = (grade: Grade, involvesCii: boolean, centralOrgan: boolean) =>
    reportingDeadlines(
      { grade, discoveredAt: row.discovered_at, involvesCii, centralOrgan },
      ctx.catalog,
      now,
    );
  const initialSent = record.reports.filter((r) => r.kind === 'initial');
  // Once a report went out, reporting has begun: a grade revised below III afterwards keeps the
  // clocks (the final report is still owed), at the lowest mandatory grade.
  const floor = ctx.catalog.reporting.mandatory_from;
  const clockGrade = initialSent.length > 0 && gradeRank(g.grade) > gradeRank(floor) ? floor : g.grade;
  const d = deadlines(clockGrade, row.involves_cii, ctx.centralOrgan);
  if (!d.mandatory) return { mandatory: false, clocks: [] };
  // A report sent under a rule that no longer holds (CII involvement revised) keeps its clock, stopped.
  const owed = new Set(d.reports.map((r) => r.rule));
  const everyRule = [...deadlines(floor, true, true).reports, ...deadlines(floor, false, false).reports];
  for (const sent of initialSent) {
    if (!sent.rule || owed.has(sent.rule)) continue;
    const r = everyRule.find((x) => x.rule === sent.rule);
    if (r) {
      d.reports.push(r);
      owed.add(r.rule);
    }
  }
  d.reports.sort((a, b) => a.due.getTime() - b.due.getTime());
  const status = (due: Date, sent: ReportRow | undefined): IncidentClock['status'] =>
    sent
      ? sent.sent_at.getTime() > due.getTime()
        ? 'sent_late'
        : 'sent'
      : ctx.now.getTime() > due.getTime()
        ? 'overdue'
        : 'running';
  const clocks: IncidentClock[] = d.reports.map((r) => {
    const sent = firstSent(record.reports, 'initial', r.rule);
    return {
      kind: 'initial',
      rule: r.rule,
      within: r.within,
      to: r.to,
      startAt: row.discovered_at.toISOString(),
      dueAt: r.due.toISOString(),
      status: status(r.due, sent),
      sentAt: iso(sent?.sent_at),
      reportId: sent?.id ?? null,
      obligation: r.obligation,
      citation: r.citation,
    };
  });
  const f = d.final_report!;
  const ended = row.handling_ended_at;
  const finalSent = firstSent(record.reports, 'final');
  const due = ended ? addDuration(ended, f.within) : null;
  clocks.push({
    kind: 'final',
    rule: 'final',
    within: f.within,
    to: f.to,
    startAt: iso(ended),
    dueAt: iso(due),
    status: due ? status(due, finalSent) : finalSent ? 'sent' : 'waiting',
    sentAt: iso(finalSent?.sent_at),
    reportId: finalSent?.id ?? null,
    obligation: f.obligation,
    citation: f.citation,
  });
  return { mandatory: true, clocks };
}

/**
 * A supplementary report is owed when the facts or the details changed after
 * the last initial or supplementary report was recorded (and no final report
 * has closed the reporting).
 */
export function supplementaryDue(record: IncidentRecord): boolean {
  const sent = record.reports.filter((r) => r.kind !== 'final');
  if (sent.length === 0 || record.reports.some((r) => r.kind === 'final')) return false;
  const last = Math.max(...sent.map((r) => r.recorded_at.getTime()));
  return record.incident.content_changed_at.getTime() > last;
}

export function incidentView(record: IncidentRecord, ctx: ViewContext): IncidentView {
  const row = record.incident;
  const g = gradingOf(row, ctx.rules);
  const category = ctx.catalog.categories.list.find((c) => c.code === row.category);
  const { mandatory, clocks } = incidentClocks(record, ctx);
  const breach = row.breach ?? (row.personal_information ? emptyBreach : null);
  return {
    id: row.id,
    ref: row.ref,
    title: row.title,
    category: row.category,
    categoryName: category?.name ?? { zh: row.category, en: row.category },
    description: row.description,
    source: row.source as IncidentView['source'],
    externalRef: row.external_ref,
    discoveredAt: row.discovered_at.toISOString(),
    occurredAt: iso(row.occurred_at),
    location: row.location,
    involvesCii: row.involves_cii,
    personalInformation: row.personal_information,
    systems: row.systems,
    observables: row.observables,
    facts: row.facts,
    grading: {
      grade: g.grade,
      label: ctx.rules.labels[g.grade],
      computed: {
        grade: g.computed.grade,
        label: g.computed.label,
        fired: g.computed.fired.map((f) => ({ ...f })),
      },
      manual:
        g.manual && row.manual_at
          ? {
              grade: g.manual,
              reason: row.manual_reason ?? '',
              by: row.manual_by ?? '',
              at: row.manual_at.toISOString(),
            }
          : null,
    },
    details: { ...emptyDetails, ...row.details },
    plan: row.plan,
    status: row.status as IncidentView['status'],
    handlingEndedAt: iso(row.handling_ended_at),
    mandatory,
    clocks,
    supplementaryDue: supplementaryDue(record),
    reports: record.reports.map((r) => ({
      id: r.id,
      kind: r.kind as 'initial' | 'supplementary' | 'final',
      rule: r.rule,
      recipient: r.recipient,
      channel: r.channel,
      sentAt: r.sent_at.toISOString(),
      recordedBy: r.recorded_by,
      sha256: r.sha256,
      late: r.late,
    })),
    tasks: record.tasks.map((t) => ({
      id: t.id,
      title: t.title,
      assignee: t.assignee,
      dueAt: iso(t.due_at),
      doneAt: iso(t.done_at),
      doneBy: t.done_by,
      createdBy: t.created_by,
      createdAt: t.created_at.toISOString(),
    })),
    attachments: record.attachments.map((a) => ({
      id: a.id,
      name: a.name,
      sha256: a.sha256,
      size: a.size,
      addedBy: a.added_by,
      addedAt: a.added_at.toISOString(),
    })),
    timeline: record.timeline.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      actor: e.actor,
      action: e.action,
      summary: { zh: e.summary_zh, en: e.summary_en },
    })),
    breach: breach
      ? {
          contents: { ...emptyBreach, ...breach },
          missing: breachMissing(breach, ctx.catalog),
          deliveries: record.deliveries.map((d) => ({
            id: d.id,
            audience: d.audience as 'individuals' | 'regulator',
            channel: d.channel,
            recipient: d.recipient,
            count: d.count,
            deliveredAt: d.delivered_at.toISOString(),
            recordedBy: d.recorded_by,
            sha256: d.sha256,
          })),
          updatedAt: (row.breach_updated_at ?? row.created_at).toISOString(),
          updatedBy: row.breach_updated_by ?? row.created_by,
        }
      : null,
    version: row.version,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    now: ctx.now.toISOString(),
  };
}

/** A row of the list: the grade in effect and the earliest clock still running. */
export function incidentListItem(record: IncidentRecord, ctx: ViewContext) {
  const row = record.incident;
  const g = gradingOf(row, ctx.rules);
  const { clocks } = incidentClocks(record, ctx);
  const open = clocks.filter((c) => (c.status === 'running' || c.status === 'overdue') && c.dueAt);
  const next = open.map((c) => c.dueAt!).sort()[0] ?? null;
  const category = ctx.catalog.categories.list.find((c) => c.code === row.category);
  return {
    id: row.id,
    ref: row.ref,
    title: row.title,
    category: row.category,
    categoryName: category?.name ?? { zh: row.category, en: row.category },
    grade: g.grade,
    manualGrade: g.manual !== null,
    status: row.status as 'open' | 'closed',
    source: row.source as IncidentView['source'],
    discoveredAt: row.discovered_at.toISOString(),
    involvesCii: row.involves_cii,
    personalInformation: row.personal_information,
    nextDue: next,
    overdue: open.some((c) => c.status === 'overdue'),
  };
}

/** Keeps the first and last character of each part: "a***e@e***.com". */
export function maskValue(value: string): string {
  return value.replace(/[^@.\s]+/g, (part) =>
    part.length <= 2
      ? '*'.repeat(part.length)
      : `${part[0]}${'*'.repeat(Math.min(part.length - 2, 6))}${part.at(-1)}`,
  );
}

/** The incident with the personal data it holds masked: e-mail and account observables, notice recipients. */
export function maskPersonal(view: IncidentView): IncidentView {
  return {
    ...view,
    observables: view.observables.map((o) =>
      o.type === 'email' || o.type === 'account' ? { ...o, value: maskValue(o.value) } : o,
    ),
    breach: view.breach && {
      ...view.breach,
      deliveries: view.breach.deliveries.map((d) => ({ ...d, recipient: maskValue(d.recipient) })),
    },
  };
}

const labels = {
  initial: { zh: '报送网络安全事件初始报告', en: 'Send the initial incident report' },
  final: { zh: '提交网络安全事件总结报告', en: 'Send the final incident report' },
  supplementary: { zh: '续报网络安全事件新情况', en: 'Send a supplementary incident report' },
  individuals: {
    zh: '告知受影响的个人（个人信息泄露）',
    en: 'Notify the individuals affected (personal information breach)',
  },
  regulator: {
    zh: '向履行个人信息保护职责的部门报告泄露',
    en: 'Notify the personal-information regulator of the breach',
  },
};

/**
 * The open items an incident leaves: each clock still running or overdue
 * (an initial report counted in hours from discovery, the final report in
 * days from the end of handling) and a supplementary report owed (no date).
 */
export function incidentOpenItems(record: IncidentRecord, ctx: ViewContext, dueSoonDays: number): Deadline[] {
  const row = record.incident;
  const subject = `${row.ref} ${row.title}`;
  const { clocks } = incidentClocks(record, ctx);
  const rulesById = new Map(ctx.catalog.reporting.initial.map((r) => [r.id, r]));
  const out: Deadline[] = [];
  for (const c of clocks) {
    if (c.status !== 'running' && c.status !== 'overdue') continue;
    out.push(
      openItem(
        {
          source: 'incidents',
          entryId: row.id,
          obligations: [c.obligation],
          label: labels[c.kind],
          subject,
          party: 'operator',
          dueAt: c.dueAt ? new Date(c.dueAt) : null,
          startAt: c.startAt ? new Date(c.startAt) : null,
          basis: c.kind === 'initial' ? 'hours' : 'calendar',
          // The workspace cites the duty's articles (the Measures are not a statute it formats).
          rule: { id: `incidents.report-${c.rule}` },
        },
        ctx.now,
        dueSoonDays,
      ),
    );
  }
  // PIPL Art 57: a breach is notified to the regulator and to the individuals; until a delivery to
  // each is recorded, the breach duty has an open item (no statutory hour count: 'at once').
  if (row.personal_information)
    for (const audience of ['regulator', 'individuals'] as const) {
      if (record.deliveries.some((d) => d.audience === audience)) continue;
      out.push(
        openItem(
          {
            source: 'incidents',
            entryId: row.id,
            obligations: [ctx.catalog.breach_notice.obligation],
            label: labels[audience],
            subject,
            party: 'operator',
            dueAt: null,
            basis: 'calendar',
            rule: { id: `incidents.breach-${audience}` },
          },
          ctx.now,
          dueSoonDays,
        ),
      );
    }
  if (supplementaryDue(record)) {
    const owed = [
      ...new Set(
        record.reports
          .filter((r) => r.kind === 'initial' && r.rule)
          .map((r) => rulesById.get(r.rule!)?.obligation)
          .filter((o): o is string => !!o),
      ),
    ];
    out.push(
      openItem(
        {
          source: 'incidents',
          entryId: row.id,
          obligations: owed.length ? owed : [ctx.catalog.reporting.initial.at(-1)!.obligation],
          label: labels.supplementary,
          subject,
          party: 'operator',
          dueAt: null,
          basis: 'hours',
          rule: { id: 'incidents.report-supplementary' },
        },
        ctx.now,
        dueSoonDays,
      ),
    );
  }
  return out;
}
