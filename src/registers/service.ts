import crypto from 'node:crypto';
import type { LedgerService } from '../ledger/service.js';
import type { Deadline } from '../obligations/deadlines.js';
import type { ObligationsService } from '../obligations/service.js';
import { FOLLOW_UP_SUFFIX } from '../obligations/status.js';
import { requireRole, type Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { UnitOfWork } from '../platform/db/unit-of-work.js';
import { AppError } from '../platform/errors.js';
import { beijingDate, beijingMidnight, isFutureDate } from '../platform/time.js';
import {
  csvLines,
  decodeText,
  importLines,
  type ImportLine,
  type LineError,
  type RefLookup,
  type TextEncoding,
} from './import-table.js';
import { isOldExcel, isZip, xlsxTable, xlsxTemplate } from './xlsx-io.js';
import {
  csvExport,
  csvIdentity,
  csvTemplate,
  entryObligations,
  registerDeadlines,
  renderSummary,
  subjectOf,
  validateEntry,
  type CountedEntry,
  type EntryData,
  type FileRef,
  type RegisterSpec,
  type RegistersFile,
  type ValidationContext,
} from './spec.js';
import type { EntryFilter, EntryRow, RegisterStore } from './store.js';
import type {
  EntrySort,
  EntryStatus,
  EntryView,
  RegisterAction,
  RegisterDetail,
  RegisterSpecView,
  RegisterSummary,
  ImportLineError,
  ImportOutcome,
  ImportPreview,
} from '../../contract/registers.js';
import { afterFor, takePage, type SortedKey } from '../platform/paging.js';

export const registerWriters = ['admin', 'compliance_officer', 'security_officer'] as const;
/** Everyone a register's `writers` may name; routes admit these, the service checks the register's own list. */
export const registerWriterRoles = [...registerWriters, 'data_protection_officer'] as const;
export const registerApprovers = ['admin', 'compliance_officer'] as const;

/** Largest attachment, in bytes (the request itself is limited to 1 MiB). */
const MAX_FILE = 700 * 1024;
/** Rows per CSV import (one transaction). */
const MAX_IMPORT = 2000;
/** Line errors a preview lists (the count is complete). */
const MAX_ERRORS_SHOWN = 200;
/** Entries a template's dropdown for a ref field lists. */
const MAX_REF_CHOICES = 1000;

/** An import file: its bytes (CSV in UTF-8 or GB18030, or .xlsx), or CSV text. */
export type ImportInput = { file: Uint8Array } | { csv: string };

export type { EntryStatus, EntryView, RegisterSummary };

/** A register's definition as the console reads it (contract/registers.ts): no rules, writers or ledger wording. */
function specView(s: RegisterSpec): RegisterSpecView {
  return {
    id: s.id,
    group: s.group,
    title: s.title,
    summary: s.summary,
    citations: s.citations,
    date_field: s.date_field,
    current_by: s.current_by,
    subject: s.subject,
    versioned: s.versioned,
    approval: s.approval,
    completable: s.completable,
    fields: s.fields,
    obligations: s.obligations,
    obligations_by: s.obligations_by,
  };
}

export type RawEntry = Record<string, unknown>;

const counted = (s: string) => s === 'recorded' || s === 'approved';

/**
 * Governance and CII registers as daily work: every counted entry is written
 * to the evidence ledger in the same transaction as the register row, for the
 * duties it serves; the deadlines entries leave feed the workspace.
 */
export class RegistersService {
  private readonly specs: Map<string, RegisterSpec>;

  constructor(
    private readonly store: RegisterStore,
    private readonly ledger: LedgerService,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly obligations: ObligationsService,
    private readonly file: RegistersFile,
    private readonly settings: { dueSoonDays: number },
  ) {
    this.specs = new Map(file.registers.map((r) => [r.id, r]));
  }

  private async applicableIds(): Promise<Set<string>> {
    return new Set((await this.obligations.assessOrganisation()).obligations.map((o) => o.id));
  }

  private served(spec: RegisterSpec): string[] {
    return [
      ...spec.obligations,
      ...Object.values(spec.obligations_by ?? {}).flatMap((m) => Object.values(m).flat()),
    ];
  }

  private visibleIn(spec: RegisterSpec, applicable: Set<string>, all = this.specs): boolean {
    if (spec.obligations_from_ref) {
      const ref = spec.fields.find((f) => f.name === spec.obligations_from_ref)?.register;
      const target = ref ? all.get(ref) : undefined;
      return target ? this.visibleIn(target, applicable) : false;
    }
    return this.served(spec).some((o) => applicable.has(o));
  }

  /** The register, if the organisation's duties call for it. */
  private async visibleSpec(id: string): Promise<{ spec: RegisterSpec; applicable: Set<string> }> {
    const spec = this.specs.get(id);
    if (!spec) throw new AppError('not_found', `No register ${id}.`);
    const applicable = await this.applicableIds();
    if (!this.visibleIn(spec, applicable))
      throw new AppError(
        'not_applicable',
        spec.group === 'cii'
          ? `${spec.title.en} is for CII operators: set cii.operator (or opt in with cii.voluntary) in the organisation profile.`
          : `${spec.title.en} serves no duty of this organisation's profile.`,
        { register: id },
      );
    return { spec, applicable };
  }

  private view(spec: RegisterSpec, row: EntryRow, rows: readonly EntryRow[]): EntryView {
    const data = JSON.parse(row.data) as EntryData;
    let current = counted(row.status);
    if (current && spec.current_by) {
      const later = rows.filter(
        (r) =>
          r.register_id === row.register_id &&
          r.entry_key === row.entry_key &&
          counted(r.status) &&
          r.id !== row.id,
      );
      current = !later.some(
        (r) =>
          r.occurred_on > row.occurred_on ||
          (r.occurred_on === row.occurred_on && (r.version ?? 0) > (row.version ?? 0)) ||
          (r.occurred_on === row.occurred_on && r.version === row.version && r.recorded_at > row.recorded_at),
      );
    }
    return {
      id: row.id,
      register: row.register_id,
      data,
      on: row.occurred_on,
      subject: subjectOf(spec, data),
      version: row.version,
      status: row.status as EntryStatus,
      current,
      obligations: JSON.parse(row.obligations) as string[],
      recordedBy: row.recorded_by,
      recordedAt: row.recorded_at.toISOString(),
      reviewedBy: row.reviewed_by,
      reviewNote: row.review_note,
      evidenceIds: JSON.parse(row.evidence_ids) as string[],
    };
  }

  private countedByRegister(rows: readonly EntryRow[]): Map<string, CountedEntry[]> {
    const out = new Map<string, CountedEntry[]>();
    rows.forEach((r, seq) => {
      if (!counted(r.status)) return;
      const list = out.get(r.register_id) ?? [];
      list.push({
        id: r.id,
        register: r.register_id,
        data: JSON.parse(r.data) as EntryData,
        obligations: JSON.parse(r.obligations) as string[],
        on: r.occurred_on,
        seq,
      });
      out.set(r.register_id, list);
    });
    return out;
  }

  /** The open items of every visible register, for the workspace and the dashboard. */
  async deadlines(): Promise<Deadline[]> {
    const [rows, applicable] = await Promise.all([this.store.entries(), this.applicableIds()]);
    const all = this.countedByRegister(rows);
    const now = this.clock.now();
    return this.file.registers
      .filter((s) => this.visibleIn(s, applicable))
      .flatMap((s) => registerDeadlines(s, all, now, this.settings.dueSoonDays, this.specs));
  }

  /**
   * The registers whose entries prove a duty, among those the organisation
   * keeps (a register that takes its duties from a referenced entry proves
   * what the referenced register proves).
   */
  async servingDuty(dutyId: string): Promise<{ id: string; group: string; title: RegisterSpec['title'] }[]> {
    const applicable = await this.applicableIds();
    const dutiesOf = (spec: RegisterSpec): string[] => {
      if (!spec.obligations_from_ref) return this.served(spec);
      const ref = spec.fields.find((f) => f.name === spec.obligations_from_ref)?.register;
      const target = ref ? this.specs.get(ref) : undefined;
      return target ? dutiesOf(target) : [];
    };
    return this.file.registers
      .filter((spec) => this.visibleIn(spec, applicable) && dutiesOf(spec).includes(dutyId))
      .map((spec) => ({ id: spec.id, group: spec.group, title: spec.title }));
  }

  async list(): Promise<RegisterSummary[]> {
    const [rows, applicable] = await Promise.all([this.store.entries(), this.applicableIds()]);
    const all = this.countedByRegister(rows);
    const now = this.clock.now();
    return this.file.registers.map((spec) => {
      const visible = this.visibleIn(spec, applicable);
      return {
        spec: specView(spec),
        visible,
        entries: rows.filter((r) => r.register_id === spec.id).length,
        openItems: visible
          ? registerDeadlines(spec, all, now, this.settings.dueSoonDays, this.specs).filter(
              (d) => d.status !== 'on_track',
            ).length
          : 0,
      };
    });
  }

  /**
   * One register: its definition, its open items, a page of its entries
   * (newest first) and what the caller may do in it: the actions the routes
   * grant (`granted`, role and token scope) narrowed by the register's own
   * writers and whether it asks for approval.
   */
  async get(
    id: string,
    actor: Actor,
    page: { limit: number; cursor?: SortedKey | undefined; sort: EntrySort; filter?: EntryFilter },
    granted: ReadonlySet<string>,
  ): Promise<RegisterDetail> {
    const { spec } = await this.visibleSpec(id);
    const order = {
      by: page.sort.startsWith('occurred') ? ('occurred' as const) : ('recorded' as const),
      desc: page.sort.endsWith('desc'),
    };
    const after = afterFor(page.cursor, page.sort);
    const fits =
      !after ||
      (order.by === 'occurred'
        ? after.length === 4 && typeof after[2] === 'number' && typeof after[3] === 'string'
        : after.length === 2 && typeof after[1] === 'string');
    if (!fits)
      throw new AppError(
        'validation_failed',
        { zh: '翻页位置无效，请从第一页重新查询。', en: 'This cursor is not one this list gave out.' },
        [{ path: 'cursor', message: 'is not a cursor this list gave out' }],
        'cursor',
      );
    const [rows, pageRows] = await Promise.all([
      this.store.entries(),
      this.store.entryPage(id, page.limit + 1, order, after, page.filter),
    ]);
    const deadlines = registerDeadlines(
      spec,
      this.countedByRegister(rows),
      this.clock.now(),
      this.settings.dueSoonDays,
      this.specs,
    );
    const p = takePage(pageRows, page.limit, (r): SortedKey =>
      order.by === 'occurred'
        ? [page.sort, r.occurred_on, r.recorded_at.toISOString(), r.version ?? 0, r.id]
        : [page.sort, r.recorded_at.toISOString(), r.id],
    );
    return {
      spec: specView(spec),
      deadlines,
      can: this.allowed(spec, actor, granted),
      entries: p.rows.map((r) => this.view(spec, r, rows)),
      next: p.next,
    };
  }

  private allowed(spec: RegisterSpec, actor: Actor, granted: ReadonlySet<string>): RegisterAction[] {
    const writer = (spec.writers ?? registerWriters).some((r) => r === actor.role);
    const out: RegisterAction[] = [];
    if (writer && granted.has('registers.record')) out.push('registers.record');
    if (writer && !spec.approval && granted.has('registers.import')) out.push('registers.import');
    if (writer && spec.completable.length > 0 && granted.has('registers.complete'))
      out.push('registers.complete');
    if (spec.approval && granted.has('registers.review')) out.push('registers.review');
    return out;
  }

  /** What validation needs: today, and which counted entries ref fields may name. */
  private async validationContext(spec: RegisterSpec): Promise<ValidationContext> {
    const known = new Map<string, Set<string>>();
    for (const f of spec.fields.filter((x) => x.type === 'ref')) {
      const rows = await this.store.entries(f.register!);
      known.set(f.register!, new Set(rows.filter((r) => counted(r.status)).map((r) => r.id)));
    }
    return { now: this.clock.now(), refExists: (register, id) => known.get(register)?.has(id) ?? false };
  }

  /**
   * Validates an entry; attachments are checked for shape with the rest and
   * stored in the evidence file store only once everything else is valid.
   */
  private async validate(spec: RegisterSpec, raw: RawEntry): Promise<EntryData> {
    const uploads = new Map<string, { name: string; contentBase64: string }>();
    const shaped: RawEntry = { ...raw };
    for (const f of spec.fields.filter((x) => x.type === 'file')) {
      const v = raw[f.name] as { name?: unknown; contentBase64?: unknown } | undefined | null;
      if (v && typeof v === 'object' && typeof v.contentBase64 === 'string') {
        uploads.set(f.name, { name: String(v.name ?? 'file'), contentBase64: v.contentBase64 });
        shaped[f.name] = { name: String(v.name ?? 'file'), sha256: '0'.repeat(64) };
      }
    }
    const data = validateEntry(spec, shaped, await this.validationContext(spec));
    for (const [field, upload] of uploads) {
      const label = spec.fields.find((f) => f.name === field)!.label.en;
      const bytes = Buffer.from(upload.contentBase64, 'base64');
      if (bytes.length === 0) throw new AppError('validation_failed', `${label} is empty.`, { field });
      if (bytes.length > MAX_FILE)
        throw new AppError('payload_too_large', `${label} is larger than ${MAX_FILE / 1024} KiB.`, { field });
      data[field] = { name: upload.name, sha256: this.ledger.files.put(bytes) } satisfies FileRef;
    }
    return data;
  }

  private async obligationsOf(
    spec: RegisterSpec,
    data: EntryData,
    applicable: Set<string>,
  ): Promise<string[]> {
    let fromRef: string[] = [];
    if (spec.obligations_from_ref) {
      const ref = await this.store.find(String(data[spec.obligations_from_ref]));
      fromRef = ref ? (JSON.parse(ref.obligations) as string[]) : [];
    }
    const duties = entryObligations(spec, data, fromRef).filter((o) => applicable.has(o));
    if (duties.length === 0)
      throw new AppError(
        'validation_failed',
        `This ${spec.title.en} entry serves no duty that applies to the organisation (check the profile).`,
        {
          message: {
            en: 'No applicable duty',
            zh: `该${spec.title.zh}记录对应的义务不适用于本单位，请检查单位档案。`,
          },
        },
      );
    return duties;
  }

  private async summaryExtras(
    spec: RegisterSpec,
    data: EntryData,
    version: number | null,
  ): Promise<Record<string, string>> {
    const extra: Record<string, string> = {};
    if (version !== null) extra.version = String(version);
    for (const f of spec.fields.filter((x) => x.type === 'ref')) {
      const ref = data[f.name] ? await this.store.find(String(data[f.name])) : undefined;
      const target = this.specs.get(f.register!);
      if (ref && target) extra[f.name] = subjectOf(target, JSON.parse(ref.data) as EntryData);
    }
    return extra;
  }

  /** When the work happened: the entry's date, or now when that lies ahead (a due date, a future effect). */
  private evidenceTime(spec: RegisterSpec, data: EntryData): Date {
    const d = data[spec.date_field];
    return typeof d === 'string' && !isFutureDate(d, this.clock.now())
      ? beijingMidnight(d)
      : this.clock.now();
  }

  async record(actor: Actor, registerId: string, raw: RawEntry): Promise<EntryView> {
    requireRole(actor, registerWriterRoles);
    const { spec, applicable } = await this.visibleSpec(registerId);
    requireRole(actor, spec.writers ?? registerWriters);
    const data = await this.validate(spec, raw);
    const duties = await this.obligationsOf(spec, data, applicable);
    const key = spec.current_by && data[spec.current_by] !== undefined ? String(data[spec.current_by]) : null;
    const version = spec.versioned && key ? (await this.store.lastVersion(spec.id, key)) + 1 : null;
    const extra = await this.summaryExtras(spec, data, version);
    const now = this.clock.now();
    const row: EntryRow = {
      id: crypto.randomUUID(),
      register_id: spec.id,
      data: JSON.stringify(data),
      occurred_on: String(data[spec.date_field]),
      entry_key: key,
      version,
      status: spec.approval ? 'pending' : 'recorded',
      obligations: JSON.stringify(duties),
      recorded_by: actor.username,
      recorded_at: now,
      reviewed_by: null,
      reviewed_at: null,
      review_note: null,
      evidence_ids: '[]',
    };
    try {
      await this.uow.run(async (tx) => {
        if (!spec.approval) {
          const r = await this.ledger.record(
            actor,
            {
              obligations: duties,
              kind: spec.kind,
              summary: renderSummary(spec, data, extra),
              occurredAt: this.evidenceTime(spec, data),
              ...this.fileOf(spec, data),
            },
            tx,
          );
          row.evidence_ids = JSON.stringify([r.id]);
        }
        await this.store.in(tx).insert(row);
      });
    } catch (err) {
      if (/unique|duplicate/i.test((err as Error).message))
        throw new AppError('conflict', `Another version of ${key} was recorded at the same time; try again.`);
      throw err;
    }
    return this.entry(spec, row.id);
  }

  /**
   * The lines of an import file, read and checked as an import would store
   * them, without storing anything: each row's clean entry and whether it is
   * new, already on record (or repeated in the file) or the template's
   * example; and the line errors, each with its field and sentence in both
   * languages. The file is CSV (UTF-8 or GB18030 bytes, or text) or an
   * .xlsx workbook.
   */
  private async readImport(actor: Actor, registerId: string, input: ImportInput) {
    requireRole(actor, registerWriterRoles);
    const { spec, applicable } = await this.visibleSpec(registerId);
    requireRole(actor, spec.writers ?? registerWriters);
    if (spec.approval)
      throw new AppError(
        'validation_failed',
        {
          zh: `${spec.title.zh}须逐条审批，不能批量导入。`,
          en: `${spec.title.en} entries are approved one by one; record them individually.`,
        },
        { message: { en: 'Approval register', zh: `${spec.title.zh}须逐条审批，不能批量导入。` } },
      );
    const refs = await this.refChoices(spec);
    const lookup: RefLookup = (register, cell) => refs.get(register)?.get(cell);
    let format: 'csv' | 'xlsx' = 'csv';
    let encoding: TextEncoding | null = null;
    let lines: ImportLine[];
    if ('csv' in input) lines = csvLines(spec, input.csv, lookup);
    else if (isZip(input.file)) {
      format = 'xlsx';
      lines = importLines(spec, await xlsxTable(input.file), lookup);
    } else if (isOldExcel(input.file))
      throw new AppError('unsupported_media_type', {
        zh: '不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 工作簿或 CSV 文件后导入。',
        en: 'Old Excel files (.xls) are not read; save the file as an .xlsx workbook or as CSV and import that.',
      });
    else {
      const decoded = decodeText(input.file);
      encoding = decoded.encoding;
      lines = csvLines(spec, decoded.text, lookup);
    }
    const data = lines.filter((l) => l.kind !== 'example');
    if (data.length === 0)
      throw new AppError('validation_failed', {
        zh: '文件只有表头（和示例行），没有要导入的记录。',
        en: 'The file has a header (and the example row) but no rows to import.',
      });
    if (data.length > MAX_IMPORT)
      throw new AppError('validation_failed', {
        zh: `每次最多导入 ${MAX_IMPORT} 行，请拆分文件。`,
        en: `At most ${MAX_IMPORT} rows per import; split the file.`,
      });
    const ctx = await this.validationContext(spec);
    const known = new Set(
      (await this.store.entries(spec.id)).map((r) => csvIdentity(spec, JSON.parse(r.data) as EntryData)),
    );
    const rows: { line: number; status: 'new' | 'duplicate' | 'example'; data: EntryData }[] = [];
    const errors: ImportLineError[] = [];
    const prepared: { data: EntryData; duties: string[]; extra: Record<string, string> }[] = [];
    const lineError = (e: LineError): ImportLineError => ({
      line: e.line,
      field: e.field,
      message: e.messages.en,
      messages: e.messages,
    });
    for (const l of lines) {
      if (l.kind === 'example') {
        rows.push({ line: l.line, status: 'example', data: {} });
        continue;
      }
      if (l.kind === 'error') {
        errors.push(lineError(l.error));
        continue;
      }
      try {
        const entry = validateEntry(spec, l.raw, ctx);
        const identity = csvIdentity(spec, entry);
        if (known.has(identity)) {
          rows.push({ line: l.line, status: 'duplicate', data: entry });
          continue;
        }
        known.add(identity);
        const duties = await this.obligationsOf(spec, entry, applicable);
        prepared.push({ data: entry, duties, extra: await this.summaryExtras(spec, entry, null) });
        rows.push({ line: l.line, status: 'new', data: entry });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        errors.push(lineError({ line: l.line, field: err.field ?? null, messages: err.messages }));
      }
    }
    return { spec, format, encoding, rows, errors, prepared, total: data.length };
  }

  /** What an import of this file would store, and its line errors; stores nothing. */
  async previewImport(actor: Actor, registerId: string, input: ImportInput): Promise<ImportPreview> {
    const r = await this.readImport(actor, registerId, input);
    return {
      format: r.format,
      encoding: r.encoding,
      total: r.total,
      rows: r.rows,
      errors: r.errors.slice(0, MAX_ERRORS_SHOWN),
      errorCount: r.errors.length,
    };
  }

  /** Many entries from a CSV text (`importFile` for the bytes of a CSV or .xlsx file). */
  importCsv(actor: Actor, registerId: string, csv: string): Promise<ImportOutcome> {
    return this.importFile(actor, registerId, { csv });
  }

  /**
   * Many entries from a CSV or .xlsx file, all or nothing: every row is
   * checked first and the errors (up to 50, by line, in both languages) come
   * back together; then every row and its ledger record are written in one
   * transaction. A row identical to an entry already in the register (or to
   * an earlier row of the file) is skipped and reported by line, so an
   * export read back adds nothing; the template's example row is skipped.
   */
  async importFile(actor: Actor, registerId: string, input: ImportInput): Promise<ImportOutcome> {
    const { spec, rows, errors, prepared, total } = await this.readImport(actor, registerId, input);
    const skippedLines = rows.filter((r) => r.status === 'duplicate').map((r) => r.line);
    if (errors.length > 0) {
      const first = errors[0]!;
      throw new AppError(
        'validation_failed',
        {
          zh: `${total} 行中有 ${errors.length} 行有误，未导入任何记录。第 ${first.line} 行：${first.messages.zh}`,
          en: `${errors.length} of ${total} rows have errors; nothing was imported. First: line ${first.line}: ${first.messages.en}`,
        },
        { rows: errors.slice(0, 50) },
      );
    }
    const now = this.clock.now();
    await this.uow.run(async (tx) => {
      // The ledger records in a few multi-row statements, then the entries that name them.
      const receipts = await this.ledger.recordMany(
        actor,
        prepared.map((p) => ({
          obligations: p.duties,
          kind: spec.kind,
          summary: renderSummary(spec, p.data, p.extra),
          occurredAt: this.evidenceTime(spec, p.data),
        })),
        tx,
      );
      for (const [i, p] of prepared.entries()) {
        await this.store.in(tx).insert({
          id: crypto.randomUUID(),
          register_id: spec.id,
          data: JSON.stringify(p.data),
          occurred_on: String(p.data[spec.date_field]),
          entry_key:
            spec.current_by && p.data[spec.current_by] !== undefined ? String(p.data[spec.current_by]) : null,
          version: null,
          status: 'recorded',
          obligations: JSON.stringify(p.duties),
          recorded_by: actor.username,
          recorded_at: now,
          reviewed_by: null,
          reviewed_at: null,
          review_note: null,
          evidence_ids: JSON.stringify([receipts[i]!.id]),
        });
      }
    });
    return { imported: prepared.length, skipped: skippedLines.length, skippedLines };
  }

  /** For each ref field's register: the label of each counted entry (date · subject, as the console and the template list them) to its id. */
  private async refChoices(spec: RegisterSpec): Promise<Map<string, Map<string, string>>> {
    const out = new Map<string, Map<string, string>>();
    for (const f of spec.fields.filter((x) => x.type === 'ref')) {
      const target = this.specs.get(f.register!);
      if (!target || out.has(target.id)) continue;
      const labels = new Map<string, string>();
      const twice = new Set<string>();
      for (const r of (await this.store.entries(target.id)).filter((x) => counted(x.status))) {
        const label = `${r.occurred_on} · ${subjectOf(target, JSON.parse(r.data) as EntryData)}`;
        if (labels.has(label)) twice.add(label);
        labels.set(label, r.id);
      }
      // Two entries with one label: the cell must name the entry by its id.
      for (const l of twice) labels.delete(l);
      out.set(target.id, labels);
    }
    return out;
  }

  /** The .xlsx import template of a register: Chinese headers, a marked example row, dropdowns. */
  async xlsxTemplate(registerId: string): Promise<{ name: string; xlsx: Buffer }> {
    const { spec } = await this.visibleSpec(registerId);
    const refs = await this.refChoices(spec);
    const refChoices: Record<string, string[]> = {};
    for (const f of spec.fields.filter((x) => x.type === 'ref'))
      refChoices[f.name] = [...(refs.get(f.register!)?.keys() ?? [])].slice(0, MAX_REF_CHOICES);
    return {
      name: `${spec.id}.xlsx`,
      xlsx: await xlsxTemplate(spec, { today: beijingDate(this.clock.now()), refChoices }),
    };
  }

  /** A register's entries as CSV (oldest first), for spreadsheets and inspectors. */
  async exportCsv(registerId: string): Promise<{ name: string; csv: string }> {
    const { spec } = await this.visibleSpec(registerId);
    const rows = await this.store.entries(registerId);
    return {
      name: `${spec.id}-entries.csv`,
      csv: csvExport(
        spec,
        rows.map((r) => this.view(spec, r, rows)),
      ),
    };
  }

  /** The CSV template of a register (header row). */
  async template(registerId: string): Promise<{ name: string; csv: string }> {
    const { spec } = await this.visibleSpec(registerId);
    return { name: `${spec.id}.csv`, csv: csvTemplate(spec) };
  }

  private fileOf(spec: RegisterSpec, data: EntryData): { fileSha256?: string } {
    const f = spec.fields.find((x) => x.type === 'file' && typeof data[x.name] === 'object');
    return f ? { fileSha256: (data[f.name] as FileRef).sha256 } : {};
  }

  private async entry(spec: RegisterSpec, id: string): Promise<EntryView> {
    const rows = await this.store.entries(spec.id);
    const row = rows.find((r) => r.id === id);
    if (!row) throw new AppError('not_found', `No entry ${id} in ${spec.id}.`);
    return this.view(spec, row, rows);
  }

  /** Four eyes: another approver accepts (into the ledger) or rejects a pending entry. */
  async review(
    actor: Actor,
    registerId: string,
    entryId: string,
    input: { approve: boolean; note?: string | undefined },
  ): Promise<EntryView> {
    requireRole(actor, registerApprovers);
    const { spec } = await this.visibleSpec(registerId);
    const row = await this.store.find(entryId);
    if (!row || row.register_id !== spec.id)
      throw new AppError('not_found', `No entry ${entryId} in ${spec.id}.`);
    if (row.status !== 'pending') throw new AppError('conflict', `The entry is already ${row.status}.`);
    if (row.recorded_by === actor.username)
      throw new AppError('forbidden', 'Someone other than the author must approve it (four eyes).');
    const data = JSON.parse(row.data) as EntryData;
    const duties = JSON.parse(row.obligations) as string[];
    const extra = await this.summaryExtras(spec, data, row.version);
    const now = this.clock.now();
    await this.uow.run(async (tx) => {
      let evidence: string[] = [];
      if (input.approve) {
        const r = await this.ledger.record(
          actor,
          {
            obligations: duties,
            kind: spec.kind,
            summary: renderSummary(spec, data, extra),
            occurredAt: now,
            reviewer: actor.username,
            ...this.fileOf(spec, data),
          },
          tx,
        );
        evidence = [r.id];
      }
      const ok = await this.store.in(tx).update(
        row.id,
        { status: 'pending', data: row.data },
        {
          status: input.approve ? 'approved' : 'rejected',
          reviewed_by: actor.username,
          reviewed_at: now,
          review_note: input.note ?? null,
          evidence_ids: JSON.stringify(evidence),
        },
      );
      if (!ok) throw new AppError('conflict', 'The entry was reviewed by someone else meanwhile.');
    });
    return this.entry(spec, row.id);
  }

  /** Fills in a field left for later (a report date, a completion date); itself evidence. */
  async complete(actor: Actor, registerId: string, entryId: string, raw: RawEntry): Promise<EntryView> {
    requireRole(actor, registerWriterRoles);
    const { spec } = await this.visibleSpec(registerId);
    requireRole(actor, spec.writers ?? registerWriters);
    const row = await this.store.find(entryId);
    if (!row || row.register_id !== spec.id)
      throw new AppError('not_found', `No entry ${entryId} in ${spec.id}.`);
    if (!counted(row.status)) throw new AppError('conflict', `A ${row.status} entry cannot be completed.`);
    const before = JSON.parse(row.data) as EntryData;
    const keys = Object.keys(raw);
    if (keys.length === 0) throw new AppError('validation_failed', 'Nothing to complete.');
    for (const k of keys) {
      if (!spec.completable.includes(k))
        throw new AppError('validation_failed', `${k} cannot be filled in later in ${spec.id}.`, {
          field: k,
        });
      if (before[k] !== undefined)
        throw new AppError('conflict', `${k} is already recorded (${String(before[k])}).`, { field: k });
    }
    const rawAll: RawEntry = { ...before, ...raw };
    const data = validateEntry(spec, rawAll, { now: this.clock.now(), refExists: () => true });
    const duties = JSON.parse(row.obligations) as string[];
    const extra = await this.summaryExtras(spec, data, row.version);
    const filled = keys.map((k) => `${k} ${String(data[k])}`).join(', ');
    const when = keys
      .map((k) => data[k])
      .find((v): v is string => typeof v === 'string' && /^\d{4}-/.test(v));
    await this.uow.run(async (tx) => {
      const r = await this.ledger.record(
        actor,
        {
          obligations: duties,
          kind: `${spec.kind}${FOLLOW_UP_SUFFIX}`,
          summary: `${renderSummary(spec, data, extra)} [completed: ${filled}]`,
          occurredAt:
            when && !isFutureDate(when, this.clock.now()) ? beijingMidnight(when) : this.clock.now(),
        },
        tx,
      );
      const ok = await this.store.in(tx).update(
        row.id,
        { status: row.status, data: row.data },
        {
          data: JSON.stringify(data),
          evidence_ids: JSON.stringify([...(JSON.parse(row.evidence_ids) as string[]), r.id]),
        },
      );
      if (!ok) throw new AppError('conflict', 'The entry changed meanwhile; reload and try again.');
    });
    return this.entry(spec, row.id);
  }

  /** Every register with entries or shown, with all its entries: the registers part of the audit pack. */
  async exportAll(): Promise<
    { id: string; group: string; title: RegisterSpec['title']; entries: EntryView[] }[]
  > {
    const [rows, applicable] = await Promise.all([this.store.entries(), this.applicableIds()]);
    return this.file.registers
      .filter((spec) => this.visibleIn(spec, applicable) || rows.some((r) => r.register_id === spec.id))
      .map((spec) => ({
        id: spec.id,
        group: spec.group,
        title: spec.title,
        entries: rows.filter((r) => r.register_id === spec.id).map((r) => this.view(spec, r, rows)),
      }));
  }

  // ---- for capabilities built on registers (CII) ---------------------------------

  /** The counted entries of a register, oldest first, whether or not it is shown. */
  async counted(registerId: string): Promise<EntryView[]> {
    const spec = this.specs.get(registerId);
    if (!spec) throw new AppError('not_found', `No register ${registerId}.`);
    const rows = await this.store.entries(registerId);
    return rows.filter((r) => counted(r.status)).map((r) => this.view(spec, r, rows));
  }

  /**
   * The status of one entry of a register (pending, approved, rejected, ...), or null when
   * the register has no entry with this id: for capabilities that act on an approved entry
   * (an identity reveal on a law-enforcement request).
   */
  async entryStatus(registerId: string, entryId: string): Promise<EntryStatus | null> {
    const row = await this.store.find(entryId);
    return row && row.register_id === registerId ? (row.status as EntryStatus) : null;
  }

  /** Whether a register is shown for the organisation's profile. */
  async isVisible(registerId: string): Promise<boolean> {
    const spec = this.specs.get(registerId);
    return spec ? this.visibleIn(spec, await this.applicableIds()) : false;
  }

  async setting(key: string): Promise<string | undefined> {
    return this.store.setting(key);
  }

  /** A register setting (an optional policy); only approvers change them, for a register that is shown. */
  async putSetting(actor: Actor, registerId: string, key: string, value: string): Promise<void> {
    requireRole(actor, registerApprovers);
    await this.visibleSpec(registerId);
    await this.store.putSetting(key, value, actor.username, this.clock.now());
  }
}
