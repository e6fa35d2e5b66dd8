import { z } from 'zod';
import {
  fieldTypes,
  type EntryData,
  type FileRef,
  type RegisterSpecView,
  type Value,
} from '../../contract/registers.js';
import { bilingual, citations, type Bilingual } from '../obligations/catalog-schema.js';
import { citationList, openItem, type Deadline } from '../obligations/deadlines.js';
import { AppError } from '../platform/errors.js';
import { addDuration, beijingMidnight, isCivilDate, isFutureDate } from '../platform/time.js';

/**
 * Registers as data (catalog/registers.yaml): the fields of each record, the
 * rules an entry must pass, the duties it proves and the deadlines it leaves.
 * This module validates entries and computes deadlines; it does no I/O.
 */
const scalar = z.union([z.string(), z.number(), z.boolean()]);
const name = z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'field names are camelCase');

export const fieldSpec = z.strictObject({
  name,
  type: z.enum(fieldTypes),
  label: bilingual,
  required: z.boolean().default(false),
  /** A date that must not lie after today (Beijing). */
  not_future: z.boolean().default(false),
  /** A date that must be on or after this other date field. */
  after: name.optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  integer: z.boolean().default(false),
  options: z.array(z.strictObject({ value: z.string(), zh: z.string(), en: z.string() })).optional(),
  /** For ref fields: the register whose entry it names. */
  register: z.string().optional(),
});
export type FieldSpec = z.infer<typeof fieldSpec>;

const condition = z.strictObject({
  field: name,
  equals: scalar.optional(),
  in: z.array(scalar).optional(),
  present: z.boolean().optional(),
});
type Condition = z.infer<typeof condition>;

const rule = z.strictObject({
  if: condition.optional(),
  /** This field must be present (and equal `equals` when given). */
  require: name.optional(),
  equals: scalar.optional(),
  /** Or: this field's value must (not) be one of these. */
  field: name.optional(),
  in: z.array(scalar).optional(),
  not_in: z.array(scalar).optional(),
  message: bilingual,
});

const deadlineSpec = z.strictObject({
  label: bilingual,
  party: z.enum(['operator', 'authority']),
  /** A renewal is "on track" until it falls due; a task is open until closed. */
  renewal: z.boolean().default(false),
  due: z
    .union([z.strictObject({ field: name }), z.strictObject({ from: name, period: z.string() })])
    .optional(),
  open_when: condition.optional(),
  closed_by: z
    .union([
      z.strictObject({ field: name }),
      z.strictObject({ newer_entry: z.literal(true) }),
      z.strictObject({ register: z.string(), on_or_after: name }),
    ])
    .optional(),
  citations: citations.optional(),
});

export const registerSpec = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  group: z.enum(['governance', 'cii']),
  /** The ledger record kind of an entry. */
  kind: z.string().regex(/^[a-z_]+$/),
  title: bilingual,
  summary: bilingual,
  citations,
  /** The date an entry is about (its ledger time when not in the future). */
  date_field: name,
  /** The field that names an entry in lists and deadlines (default: current_by, else the first text field). */
  subject: name.optional(),
  /** Entries with the same value of this field are versions of one thing; the latest is current. */
  current_by: name.optional(),
  versioned: z.boolean().default(false),
  /** Roles that may record entries (default: admin, compliance and security officers). */
  writers: z
    .array(z.enum(['admin', 'compliance_officer', 'security_officer', 'data_protection_officer']))
    .optional(),
  /** Entries wait for a second person's approval before they count (four eyes). */
  approval: z.boolean().default(false),
  /** The ledger summary, with {field} placeholders. */
  ledger_summary: z.string(),
  obligations: z.array(z.string()).default([]),
  obligations_by: z.record(name, z.record(z.string(), z.array(z.string()))).optional(),
  /** The entry serves the duties of the entry this ref field names. */
  obligations_from_ref: name.optional(),
  /** Fields that may be filled in later (each filling is evidence too). */
  completable: z.array(name).default([]),
  fields: z.array(fieldSpec).min(1),
  rules: z.array(rule).default([]),
  deadlines: z.array(deadlineSpec).default([]),
});
export type RegisterSpec = z.infer<typeof registerSpec>;
/** Fails to compile if the catalogue schema drifts from what the console reads (contract/registers.ts). */
type Fits<A extends B, B> = A;
export type RegisterSpecFitsContract = Fits<RegisterSpec, RegisterSpecView>;

export const trainingPolicySpec = z.strictObject({
  register: z.string(),
  obligation: z.string(),
  person_field: name,
  post_field: name,
  days_field: name,
  date_field: name,
  days_per_year: z.record(z.string(), z.number().positive()),
  citations,
  note: bilingual,
});
export type TrainingPolicySpec = z.infer<typeof trainingPolicySpec>;

export const registersFile = z.strictObject({
  registers: z.array(registerSpec).min(1),
  training_policy: trainingPolicySpec,
});
export type RegistersFile = z.infer<typeof registersFile>;

/** Cross-references the schema cannot see; returns the problems found. */
export function checkRegisters(file: RegistersFile, obligationIds: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const r of file.registers) {
    const at = `register ${r.id}`;
    if (ids.has(r.id)) problems.push(`${at}: duplicate id`);
    ids.add(r.id);
    const fields = new Map(r.fields.map((f) => [f.name, f]));
    const need = (n: string | undefined, what: string, type?: string) => {
      if (n === undefined) return;
      const f = fields.get(n);
      if (!f) problems.push(`${at}: ${what} names unknown field ${n}`);
      else if (type && f.type !== type) problems.push(`${at}: ${what} ${n} is not a ${type} field`);
    };
    need(r.date_field, 'date_field', 'date');
    need(r.current_by, 'current_by');
    need(r.subject, 'subject');
    need(r.obligations_from_ref, 'obligations_from_ref', 'ref');
    for (const c of r.completable) need(c, 'completable');
    for (const f of r.fields) {
      need(f.after, `field ${f.name} after`, 'date');
      if (f.type === 'enum' && !f.options?.length) problems.push(`${at}: enum ${f.name} has no options`);
      if (f.type === 'ref' && !file.registers.some((x) => x.id === f.register))
        problems.push(`${at}: ref ${f.name} names unknown register ${f.register}`);
    }
    for (const rl of r.rules) {
      need(rl.if?.field, 'rule if');
      need(rl.require, 'rule require');
      need(rl.field, 'rule field');
    }
    for (const d of r.deadlines) {
      if (d.due && 'field' in d.due) need(d.due.field, 'deadline due', 'date');
      if (d.due && 'from' in d.due) {
        need(d.due.from, 'deadline from', 'date');
        try {
          addDuration(new Date(0), d.due.period);
        } catch {
          problems.push(`${at}: bad period ${d.due.period}`);
        }
      }
      need(d.open_when?.field, 'deadline open_when');
      if (d.closed_by && 'field' in d.closed_by) need(d.closed_by.field, 'deadline closed_by');
      if (d.closed_by && 'newer_entry' in d.closed_by && !r.current_by)
        problems.push(`${at}: closed_by newer_entry needs current_by`);
      if (d.closed_by && 'register' in d.closed_by) {
        need(d.closed_by.on_or_after, 'deadline on_or_after', 'date');
        if (!file.registers.some((x) => x.id === (d.closed_by as { register: string }).register))
          problems.push(`${at}: closed_by names unknown register`);
      }
    }
    const served = [
      ...r.obligations,
      ...Object.values(r.obligations_by ?? {}).flatMap((m) => Object.values(m).flat()),
    ];
    for (const [field, map] of Object.entries(r.obligations_by ?? {})) {
      need(field, 'obligations_by');
      const f = fields.get(field);
      for (const v of Object.keys(map))
        if (f?.type === 'enum' && !f.options?.some((o) => o.value === v))
          problems.push(`${at}: obligations_by ${field} has unknown value ${v}`);
    }
    if (served.length === 0 && !r.obligations_from_ref) problems.push(`${at}: serves no duty`);
    for (const o of served) if (!obligationIds.has(o)) problems.push(`${at}: unknown obligation ${o}`);
  }
  const tp = file.training_policy;
  const tr = file.registers.find((r) => r.id === tp.register);
  if (!tr) problems.push(`training_policy: unknown register ${tp.register}`);
  if (!obligationIds.has(tp.obligation))
    problems.push(`training_policy: unknown obligation ${tp.obligation}`);
  for (const f of [tp.person_field, tp.post_field, tp.days_field, tp.date_field])
    if (tr && !tr.fields.some((x) => x.name === f)) problems.push(`training_policy: unknown field ${f}`);
  return problems;
}

// ---- entries -------------------------------------------------------------------

export type { EntryData, FileRef, Value };

const validDate = isCivilDate;

/** Refuses an entry, naming the field, in both languages (`details.message` for older consoles). */
function fail(field: string | null, en: string, zh: string): never {
  throw new AppError('validation_failed', { zh, en }, { field, message: { en, zh } }, field ?? undefined);
}

function holds(c: Condition, data: EntryData): boolean {
  const v = data[c.field];
  if (c.present !== undefined) return (v !== undefined) === c.present;
  if (c.equals !== undefined) return v === c.equals;
  if (c.in) return v !== undefined && c.in.includes(v as string | number | boolean);
  return v !== undefined;
}

export interface ValidationContext {
  /** Now (the Beijing date of it is "today"). */
  now: Date;
  /** Whether an entry of a register exists (for ref fields). */
  refExists: (register: string, id: string) => boolean;
}

/**
 * Checks raw input against a register's fields and rules and returns the
 * clean entry. Unknown fields, wrong types, dates in the future and broken
 * rules are refused with the field named; file fields arrive as FileRefs.
 */
export function validateEntry(
  spec: RegisterSpec,
  raw: Record<string, unknown>,
  ctx: ValidationContext,
): EntryData {
  const fields = new Map(spec.fields.map((f) => [f.name, f]));
  for (const k of Object.keys(raw))
    if (!fields.has(k)) fail(k, `${spec.id} has no field "${k}".`, `${spec.title.zh}没有字段“${k}”。`);
  const data: EntryData = {};
  for (const f of spec.fields) {
    const v = raw[f.name];
    const label = `${f.label.en} (${f.name})`;
    if (v === undefined || v === null || v === '') {
      if (f.required) fail(f.name, `${label} is required.`, `请填写${f.label.zh}。`);
      continue;
    }
    switch (f.type) {
      case 'text':
      case 'textarea': {
        if (typeof v !== 'string') fail(f.name, `${label} must be text.`, `${f.label.zh}须为文字。`);
        const max = f.type === 'text' ? 200 : 5000;
        if (v.length > max)
          fail(f.name, `${label} is longer than ${max} characters.`, `${f.label.zh}不能超过 ${max} 个字。`);
        data[f.name] = v.trim();
        break;
      }
      case 'date':
        if (typeof v !== 'string' || !validDate(v))
          fail(f.name, `${label} must be a date (YYYY-MM-DD).`, `${f.label.zh}须为日期（如 2026-01-31）。`);
        if (f.not_future && isFutureDate(v, ctx.now))
          fail(
            f.name,
            `${label} (${v}) is in the future; record it once it has happened.`,
            `${f.label.zh}（${v}）晚于今天，请在发生后登记。`,
          );
        data[f.name] = v;
        break;
      case 'number': {
        if (typeof v !== 'number' || !Number.isFinite(v))
          fail(f.name, `${label} must be a number.`, `${f.label.zh}须为数字。`);
        if (f.integer && !Number.isInteger(v))
          fail(f.name, `${label} must be a whole number.`, `${f.label.zh}须为整数。`);
        if (f.min !== undefined && v < f.min)
          fail(f.name, `${label} must be at least ${f.min}.`, `${f.label.zh}不能小于 ${f.min}。`);
        if (f.max !== undefined && v > f.max)
          fail(f.name, `${label} must be at most ${f.max}.`, `${f.label.zh}不能大于 ${f.max}。`);
        data[f.name] = v;
        break;
      }
      case 'boolean':
        if (typeof v !== 'boolean')
          fail(f.name, `${label} must be true or false.`, `${f.label.zh}须为“是”或“否”。`);
        data[f.name] = v;
        break;
      case 'enum':
        if (typeof v !== 'string' || !f.options!.some((o) => o.value === v))
          fail(
            f.name,
            `${label} must be one of ${f.options!.map((o) => o.value).join(', ')}.`,
            `${f.label.zh}的取值无效，可选：${f.options!.map((o) => o.zh).join('、')}。`,
          );
        data[f.name] = v;
        break;
      case 'ref':
        if (typeof v !== 'string' || !ctx.refExists(f.register!, v))
          fail(f.name, `${label} names no entry of ${f.register}.`, `${f.label.zh}指向的记录不存在。`);
        data[f.name] = v;
        break;
      case 'file': {
        const ok =
          typeof v === 'object' &&
          typeof (v as FileRef).name === 'string' &&
          (v as FileRef).name.length > 0 &&
          (v as FileRef).name.length <= 200 &&
          /^[0-9a-f]{64}$/.test((v as FileRef).sha256);
        if (!ok) fail(f.name, `${label} must be an uploaded file.`, `${f.label.zh}须为上传的文件。`);
        data[f.name] = { name: (v as FileRef).name, sha256: (v as FileRef).sha256 };
        break;
      }
    }
  }
  for (const f of spec.fields) {
    const v = data[f.name];
    const other = f.after ? data[f.after] : undefined;
    if (typeof v === 'string' && typeof other === 'string' && v < other) {
      const o = fields.get(f.after!)!;
      fail(
        f.name,
        `${f.label.en} (${v}) cannot be before ${o.label.en} (${other}).`,
        `${f.label.zh}（${v}）不能早于${o.label.zh}（${other}）。`,
      );
    }
  }
  for (const r of spec.rules) {
    if (r.if && !holds(r.if, data)) continue;
    let broken = false;
    let at: string | null = null;
    if (r.require) {
      at = r.require;
      const v = data[r.require];
      broken = v === undefined || (r.equals !== undefined && v !== r.equals);
    }
    if (r.field) {
      at = r.field;
      const v = data[r.field] as string | number | boolean | undefined;
      if (r.in && (v === undefined || !r.in.includes(v))) broken = true;
      if (r.not_in && v !== undefined && r.not_in.includes(v)) broken = true;
    }
    if (broken) fail(at, r.message.en, r.message.zh);
  }
  return data;
}

/** The duties an entry proves: the register's, those its field values choose, and its ref's. */
export function entryObligations(
  spec: RegisterSpec,
  data: EntryData,
  refObligations: readonly string[] = [],
): string[] {
  const out = new Set(spec.obligations);
  for (const [field, map] of Object.entries(spec.obligations_by ?? {})) {
    const v = data[field];
    if (v === undefined || typeof v === 'object') continue;
    for (const o of map[String(v)] ?? []) out.add(o);
  }
  for (const o of refObligations) out.add(o);
  return [...out].sort();
}

function display(spec: RegisterSpec, field: string, v: Value | undefined): string {
  if (v === undefined) return '—';
  const f = spec.fields.find((x) => x.name === field);
  if (typeof v === 'object') return v.name;
  if (f?.type === 'enum') return f.options?.find((o) => o.value === v)?.en ?? String(v);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

/** The ledger summary of an entry, from the register's template. */
export function renderSummary(
  spec: RegisterSpec,
  data: EntryData,
  extra: Record<string, string> = {},
): string {
  return spec.ledger_summary.replace(/\{([A-Za-z0-9]+)\}/g, (_, k: string) =>
    k in extra ? extra[k]! : display(spec, k, data[k]),
  );
}

/** A short name for an entry, for lists and deadlines. */
export function subjectOf(spec: RegisterSpec, data: EntryData): string {
  if (spec.subject && data[spec.subject] !== undefined) {
    const v = display(spec, spec.subject, data[spec.subject]);
    return v.length > 80 ? `${v.slice(0, 79)}…` : v;
  }
  const key = spec.current_by ? data[spec.current_by] : undefined;
  if (key !== undefined) return display(spec, spec.current_by!, key);
  const first = spec.fields.find(
    (f) => (f.type === 'text' || f.type === 'enum') && data[f.name] !== undefined,
  );
  const date = data[spec.date_field];
  return [
    first ? display(spec, first.name, data[first.name]) : spec.title.en,
    typeof date === 'string' ? date : '',
  ]
    .filter(Boolean)
    .join(', ');
}

// ---- CSV --------------------------------------------------------------------------

/** Columns a CSV import and its template use: every field but attachments. */
export function csvColumns(spec: RegisterSpec): FieldSpec[] {
  return spec.fields.filter((f) => f.type !== 'file');
}

/** The import template: a UTF-8 header row of field names (labels are accepted too). */
export function csvTemplate(spec: RegisterSpec): string {
  return `\ufeff${csvColumns(spec)
    .map((f) => f.name)
    .join(',')}\r\n`;
}

/** One CSV cell: quoted when needed; a leading = + - @ is defused so spreadsheets do not run it. */
function csvCell(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Columns an export adds after the fields; an import skips them, so an export reads back. */
export const exportMeta = ['status', 'recordedBy', 'recordedAt'];

/** Entries as CSV (the import's columns plus status and who recorded it), UTF-8 with a BOM for spreadsheets. */
export function csvExport(
  spec: RegisterSpec,
  entries: readonly { data: EntryData; status: string; recordedBy: string; recordedAt: string }[],
): string {
  const cols = csvColumns(spec);
  const head = [...cols.map((f) => f.name), ...exportMeta];
  const lines = entries.map((e) =>
    [
      ...cols.map((f) => {
        const v = e.data[f.name];
        return v === undefined ? '' : typeof v === 'object' ? v.name : String(v);
      }),
      e.status,
      e.recordedBy,
      e.recordedAt,
    ]
      .map(csvCell)
      .join(','),
  );
  return `\ufeff${[head.join(','), ...lines].join('\r\n')}\r\n`;
}

/**
 * What a CSV row says of an entry, comparable across an export and an import:
 * the CSV columns' values, keys sorted. Two entries with the same identity are
 * the same row of a spreadsheet.
 */
export function csvIdentity(spec: RegisterSpec, data: EntryData): string {
  return JSON.stringify(
    csvColumns(spec)
      .map((f) => f.name)
      .sort()
      .filter((name) => data[name] !== undefined)
      .map((name) => [name, data[name]]),
  );
}

// ---- deadlines -------------------------------------------------------------------

export interface CountedEntry {
  id: string;
  register: string;
  data: EntryData;
  obligations: string[];
  /** The entry's date (its date_field), YYYY-MM-DD. */
  on: string;
  /** Order of recording, for "newer entry" among the same date. */
  seq: number;
}

/**
 * The open items the counted (recorded or approved) entries of one register
 * leave, given every register's counted entries for cross-register closure.
 */
export function registerDeadlines(
  spec: RegisterSpec,
  all: ReadonlyMap<string, readonly CountedEntry[]>,
  now: Date,
  dueSoonDays: number,
  specs: ReadonlyMap<string, RegisterSpec>,
): Deadline[] {
  const mine = all.get(spec.id) ?? [];
  const out: Deadline[] = [];
  for (const e of mine) {
    for (const [index, d] of spec.deadlines.entries()) {
      if (d.open_when && !holds(d.open_when, e.data)) continue;
      const c = d.closed_by;
      if (c && 'field' in c && e.data[c.field] !== undefined) continue;
      if (c && 'newer_entry' in c) {
        const key = e.data[spec.current_by!];
        const newer = mine.some(
          (x) =>
            x.id !== e.id &&
            x.data[spec.current_by!] === key &&
            (x.on > e.on || (x.on === e.on && x.seq > e.seq)),
        );
        if (newer) continue;
      }
      if (c && 'register' in c) {
        const since = e.data[c.on_or_after];
        const target = specs.get(c.register);
        if (typeof since === 'string' && target && (all.get(c.register) ?? []).some((x) => x.on >= since))
          continue;
      }
      let due: Date | null = null;
      let start: Date | null = null;
      if (d.due && 'field' in d.due) {
        const v = e.data[d.due.field];
        if (typeof v === 'string') due = beijingMidnight(v);
        else if (d.renewal) continue;
        // The clock runs from the entry's own date (an agreement signed, an assessment made), when that is another field.
        const from = e.data[spec.date_field];
        if (due && spec.date_field !== d.due.field && typeof from === 'string' && from < (v as string))
          start = beijingMidnight(from);
      } else if (d.due) {
        const v = e.data[d.due.from];
        if (typeof v === 'string') {
          start = beijingMidnight(v);
          due = addDuration(start, d.due.period);
        }
      }
      out.push(
        openItem(
          {
            source: spec.id,
            entryId: e.id,
            obligations: e.obligations,
            label: d.label,
            subject: subjectOf(spec, e.data),
            party: d.party,
            dueAt: due,
            startAt: start,
            basis: 'calendar',
            rule: {
              id: `registers.${spec.id}.deadlines.${index}`,
              citations: citationList(d.citations ?? spec.citations),
            },
            renewal: d.renewal,
          },
          now,
          dueSoonDays,
        ),
      );
    }
  }
  return out;
}

export type { Bilingual };
