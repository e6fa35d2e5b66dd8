import { parse } from 'csv-parse/sync';
import type { Bilingual } from '../platform/errors.js';
import { AppError } from '../platform/errors.js';
import { isCivilDate } from '../platform/time.js';
import { csvColumns, exportMeta, type FieldSpec, type RegisterSpec } from './spec.js';

/**
 * Imports as spreadsheet users make them: a CSV saved by Excel (UTF-8, with
 * or without a BOM, or GB18030, Excel's default on Chinese Windows), or the
 * cells of an .xlsx sheet (xlsx-io.ts reads them). Headers may be the
 * Chinese or English labels or the field names, in any order; dates may be
 * 2026-11-03, 2026/11/3, 2026.11.3, 2026年11月3日 or an Excel serial;
 * choices may be the key or either label. The template's example row (its
 * 序号 cell says 示例) is skipped. Pure: bytes and cells in, rows out.
 */

/** What a spreadsheet cell can hold once read: text, a number, a truth value, a date, or nothing. */
export type Cell = string | number | boolean | Date | null | undefined;

/** A row of a sheet or a CSV file, with the line (row number) a user sees it on. */
export interface TableRow {
  line: number;
  cells: Cell[];
}

/** A problem of one line: the field at fault (when one is) and the sentence in both languages. */
export interface LineError {
  line: number;
  field: string | null;
  messages: Bilingual;
}

/** One line of an import once its cells are converted. */
export type ImportLine =
  | { line: number; kind: 'row'; raw: Record<string, unknown> }
  | { line: number; kind: 'example' }
  | { line: number; kind: 'error'; error: LineError };

export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

// ---- bytes to text --------------------------------------------------------------

/**
 * The text of a CSV file: UTF-8 (its BOM dropped) when the bytes are valid
 * UTF-8, UTF-16 when they start with its BOM (Excel's "Unicode text"), and
 * otherwise GB18030 (a superset of GBK and GB2312), which is what Excel
 * writes for "CSV (comma delimited)" on Chinese Windows.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
  const b = bytes;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf)
    return { text: utf8(b.subarray(3)) ?? gb18030(b), encoding: 'utf-8' };
  if (b[0] === 0xff && b[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(b.subarray(2)), encoding: 'utf-16le' };
  if (b[0] === 0xfe && b[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(b.subarray(2)), encoding: 'utf-16be' };
  const text = utf8(b);
  if (text !== undefined) return { text, encoding: 'utf-8' };
  return { text: gb18030(b), encoding: 'gb18030' };
}

function utf8(b: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(b);
  } catch {
    return undefined;
  }
}

function gb18030(b: Uint8Array): string {
  try {
    return new TextDecoder('gb18030', { fatal: true }).decode(b);
  } catch {
    throw new AppError('validation_failed', {
      zh: '无法识别文件的字符编码，请另存为 UTF-8 或 GB18030 编码的文件后再导入。',
      en: 'The file is neither UTF-8 nor GB18030 text; save it as "CSV UTF-8" or as CSV from Excel and try again.',
    });
  }
}

/** The rows of CSV text, each with the line it starts on; comma or tab separated (Excel's "Unicode text" uses tabs). */
export function csvTable(text: string): TableRow[] {
  const body = text.replace(/^\ufeff/, '');
  const first = body.slice(0, body.search(/\r?\n|$/));
  const delimiter = first.includes('\t') && !first.includes(',') ? '\t' : ',';
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(body, {
      delimiter,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    const at = (err as { lines?: number }).lines;
    throw new AppError(
      'validation_failed',
      {
        zh: `文件无法读取${at ? `：第 ${at} 行附近格式有误` : ''}（例如引号未成对）。`,
        en: `The CSV file cannot be read${at ? ` near line ${at}` : ''}: ${(err as Error).message}`,
      },
      at ? { line: at } : undefined,
    );
  }
  // csv-parse counts the line a record ends on; a quoted cell may span lines, so count back.
  return records.map(({ record, info }) => ({
    line: info.lines - record.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0),
    cells: record,
  }));
}

// ---- dates ------------------------------------------------------------------------

/** Excel's day 0 (its serials count days from 30 December 1899, so that 1 March 1900 is day 61). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
/** Serials read as dates: 1 Jan 1950 to 31 Dec 2199. A year typed into a date column (2026) is not one. */
const SERIAL_MIN = 18_264;
const SERIAL_MAX = 109_573;

/** The civil date (YYYY-MM-DD) of an Excel serial day number; its fraction (time of day) is dropped. */
export function excelSerialDate(serial: number): string | undefined {
  if (!Number.isFinite(serial) || serial < SERIAL_MIN || serial >= SERIAL_MAX + 1) return undefined;
  return new Date(EXCEL_EPOCH + Math.floor(serial) * DAY_MS).toISOString().slice(0, 10);
}

/** A time of day that may follow a date in a cell (Excel writes "2026/11/3 0:00" for a date-time cell). */
const timeOfDay = String.raw`(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?`;
const separated = new RegExp(String.raw`^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})${timeOfDay}$`);
const chinese = new RegExp(String.raw`^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日${timeOfDay}$`);
const compact = /^(\d{4})(\d{2})(\d{2})$/;
const serialText = /^\d{5,6}(?:\.\d+)?$/;

function civil(y: string, m: string, d: string): string | undefined {
  const s = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  return isCivilDate(s) ? s : undefined;
}

/**
 * The civil date a cell means, or undefined: 2026-11-03, 2026/11/3,
 * 2026.11.3, 2026年11月3日 and 20261103 (with or without a time after
 * them), an Excel serial (46329), or a date an .xlsx reader produced (the
 * UTC day of it: Excel's dates have no time zone). Pure.
 */
export function civilDateOf(cell: Cell): string | undefined {
  if (cell instanceof Date) {
    const ms = cell.getTime();
    if (Number.isNaN(ms)) return undefined;
    // Readers turn serials into instants through floating point; round to the second first.
    return new Date(Math.round(ms / 1000) * 1000).toISOString().slice(0, 10);
  }
  if (typeof cell === 'number') {
    const asText = String(cell);
    const m = compact.exec(asText);
    return m ? civil(m[1]!, m[2]!, m[3]!) : excelSerialDate(cell);
  }
  if (typeof cell !== 'string') return undefined;
  const s = cell.trim().replace(/／/g, '/').replace(/－/g, '-').replace(/．/g, '.');
  const m = separated.exec(s) ?? compact.exec(s);
  if (m) return m.length === 5 ? civil(m[1]!, m[3]!, m[4]!) : civil(m[1]!, m[2]!, m[3]!);
  const c = chinese.exec(s);
  if (c) return civil(c[1]!, c[2]!, c[3]!);
  if (serialText.test(s)) return excelSerialDate(Number(s));
  return undefined;
}

// ---- headers ----------------------------------------------------------------------

/** How a header or a choice is compared: no spaces or required marks, one kind of brackets, any case. */
export function normalise(s: string): string {
  return s
    .replace(/[\s*＊]/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/：/g, ':')
    .toLowerCase();
}

/** The template's first column: a row number, and 示例 on the example row. */
export const MARKER_HEADER = { zh: '序号', en: 'No.' } as const;
const markerHeaders = new Set(['序号', 'no.', 'no', '#', '行号', 'row'].map(normalise));
/** The marker of the template's example row. */
export const EXAMPLE_MARK = '示例';
const exampleMark = /^(示例|example)/i;

/** What a column of an import holds: a field, the row marker, or something an import skips (an export's status). */
export type Column =
  { kind: 'field'; field: FieldSpec } | { kind: 'marker' } | { kind: 'skip' } | { kind: 'blank' };

/** A spreadsheet's name of a column: A, B, ... Z, AA. */
export function columnName(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function text(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return civilDateOf(cell) ?? '';
  return String(cell).trim();
}

/**
 * The columns a header row names: each a field (by its name, English or
 * Chinese label, in any order), the 序号 column or an export's own columns.
 * A column that is none of these, a field named twice or a required field
 * missing is refused, naming the columns.
 */
export function columnsOf(spec: RegisterSpec, header: readonly Cell[]): Column[] {
  const fields = csvColumns(spec);
  const byKey = new Map<string, FieldSpec>();
  for (const f of fields)
    for (const k of [f.name, f.label.en, f.label.zh])
      if (!byKey.has(normalise(k))) byKey.set(normalise(k), f);
  const unknown: string[] = [];
  const seen = new Map<string, string>();
  const twice: string[] = [];
  const columns = header.map((cell): Column => {
    const h = text(cell);
    const k = normalise(h);
    if (k === '') return { kind: 'blank' };
    if (exportMeta.some((m) => normalise(m) === k)) return { kind: 'skip' };
    if (markerHeaders.has(k)) return { kind: 'marker' };
    const f = byKey.get(k);
    if (!f) {
      unknown.push(h);
      return { kind: 'skip' };
    }
    if (seen.has(f.name)) twice.push(h);
    seen.set(f.name, h);
    return { kind: 'field', field: f };
  });
  if (unknown.length > 0) {
    const zhList = unknown.map((u) => `“${u}”`).join('、');
    const enList = unknown.map((u) => `"${u}"`).join(', ');
    throw new AppError(
      'validation_failed',
      {
        zh: `列${zhList}不是${spec.title.zh}的字段。可用的列：${fields.map((f) => f.label.zh).join('、')}。`,
        en: `${unknown.length === 1 ? 'Column' : 'Columns'} ${enList} ${unknown.length === 1 ? 'is not a field' : 'are not fields'} of ${spec.id}. Columns: ${fields.map((f) => f.label.en).join(', ')}.`,
      },
      { columns: unknown },
    );
  }
  if (twice.length > 0)
    throw new AppError(
      'validation_failed',
      {
        zh: `列${twice.map((u) => `“${u}”`).join('、')}与另一列是同一字段，请只保留一列。`,
        en: `Column ${twice.map((u) => `"${u}"`).join(', ')} names a field another column already names; keep one.`,
      },
      { columns: twice },
    );
  const missing = fields.filter((f) => f.required && !seen.has(f.name));
  if (missing.length > 0)
    throw new AppError(
      'validation_failed',
      {
        zh: `缺少必填列：${missing.map((f) => f.label.zh).join('、')}。`,
        en: `Required ${missing.length === 1 ? 'column is' : 'columns are'} missing: ${missing.map((f) => `${f.label.en} (${f.name})`).join(', ')}.`,
      },
      { columns: missing.map((f) => f.name) },
    );
  return columns;
}

// ---- cells ------------------------------------------------------------------------

/** The apostrophe an export puts before = + - @, tab or CR; any other leading apostrophe is data. */
const defused = /^'(?=[=+\-@\t\r])/;
const yes = /^(true|yes|y|1|是|有|√|✓)$/i;
const no = /^(false|no|n|0|否|无|×|✗)$/i;

/** What a ref cell may name besides an entry id: its label in the template's list, or its subject. */
export type RefLookup = (register: string, cell: string) => string | undefined;

class CellError extends Error {
  constructor(
    readonly field: string,
    readonly messages: Bilingual,
  ) {
    super(messages.en);
  }
}

function convert(f: FieldSpec, original: Cell, refs?: RefLookup): unknown {
  const cell = typeof original === 'string' ? original.replace(defused, '') : original;
  const label = `${f.label.en} (${f.name})`;
  const shown = text(cell);
  switch (f.type) {
    case 'date': {
      const d = civilDateOf(cell);
      if (d) return d;
      throw new CellError(f.name, {
        zh: `${f.label.zh}“${shown}”不是有效日期，请写作 2026-11-03、2026/11/3 或 2026年11月3日。`,
        en: `${label} must be a date: "${shown}" is not one (write 2026-11-03, 2026/11/3 or 2026年11月3日).`,
      });
    }
    case 'number': {
      if (typeof cell === 'number') return cell;
      const n = typeof cell === 'string' ? Number(cell.replace(/[,，\s]/g, '')) : NaN;
      if (Number.isFinite(n) && shown !== '') return n;
      throw new CellError(f.name, {
        zh: `${f.label.zh}须为数字，“${shown}”不是数字。`,
        en: `${label} must be a number: "${shown}" is not one.`,
      });
    }
    case 'boolean': {
      if (typeof cell === 'boolean') return cell;
      if (yes.test(shown)) return true;
      if (no.test(shown)) return false;
      throw new CellError(f.name, {
        zh: `${f.label.zh}请填写“是”或“否”，“${shown}”无法识别。`,
        en: `${label} must be yes or no (是 / 否): "${shown}" is neither.`,
      });
    }
    case 'enum': {
      const k = normalise(shown);
      const o = f.options?.find((x) => x.value === shown || normalise(x.zh) === k || normalise(x.en) === k);
      if (o) return o.value;
      throw new CellError(f.name, {
        zh: `${f.label.zh}“${shown}”不是可选项，可选：${f.options!.map((x) => x.zh).join('、')}。`,
        en: `${label} must be one of ${f.options!.map((x) => x.en).join(', ')}: "${shown}" is not one.`,
      });
    }
    case 'ref':
      return (refs && f.register && refs(f.register, shown)) ?? shown;
    default:
      return typeof cell === 'string' ? cell : shown;
  }
}

/**
 * The lines of an import: the header is the first row, each other row a
 * raw entry (cells converted by field type), the example row, or the error
 * of its first cell that does not convert. Rows with nothing in them (or
 * nothing but their number) are left out. Pure.
 */
export function importLines(spec: RegisterSpec, table: readonly TableRow[], refs?: RefLookup): ImportLine[] {
  const [header, ...body] = table;
  if (!header) throw new AppError('validation_failed', { zh: '文件为空。', en: 'The file is empty.' });
  const columns = columnsOf(spec, header.cells);
  const out: ImportLine[] = [];
  for (const { line, cells } of body) {
    const marker = text(cells[columns.findIndex((c) => c.kind === 'marker')]);
    const filled = cells.some((c, i) => columns[i]?.kind === 'field' && text(c) !== '');
    // A cell under no header would be lost: say so rather than drop it.
    const stray = cells.findIndex(
      (c, i) => (columns[i] === undefined || columns[i]!.kind === 'blank') && text(c) !== '',
    );
    if (exampleMark.test(marker)) {
      out.push({ line, kind: 'example' });
      continue;
    }
    if (stray >= 0) {
      const col = columnName(stray);
      out.push({
        line,
        kind: 'error',
        error: {
          line,
          field: null,
          messages: {
            zh: `第 ${line} 行 ${col} 列有内容，但该列没有表头；请填写表头或删除该内容。`,
            en: `Line ${line} has a value in column ${col}, which has no header; name the column or clear the cell.`,
          },
        },
      });
      continue;
    }
    if (!filled) continue;
    const raw: Record<string, unknown> = {};
    try {
      cells.forEach((c, i) => {
        const col = columns[i];
        if (col?.kind !== 'field' || text(c) === '') return;
        raw[col.field.name] = convert(col.field, c, refs);
      });
      out.push({ line, kind: 'row', raw });
    } catch (err) {
      if (!(err instanceof CellError)) throw err;
      out.push({ line, kind: 'error', error: { line, field: err.field, messages: err.messages } });
    }
  }
  return out;
}

/** A CSV file's lines (text already decoded). */
export function csvLines(spec: RegisterSpec, text: string, refs?: RefLookup): ImportLine[] {
  return importLines(spec, csvTable(text), refs);
}
