import ExcelJS from 'exceljs';
import { AppError } from '../platform/errors.js';
import { EXAMPLE_MARK, MARKER_HEADER, columnName, type Cell, type TableRow } from './import-table.js';
import { csvColumns, type FieldSpec, type RegisterSpec } from './spec.js';

/**
 * Excel workbooks: the import template of a register (Chinese headers, the
 * English label and the field name in each header's note, an example row
 * marked 示例 that an import skips, dropdowns for choices, date and text
 * formats on the columns) and the cells of a workbook a user sends back.
 */

/** The sheet of the template that lists the choices its dropdowns offer. */
export const CHOICES_SHEET = '可选值';
/** Rows of the template that carry the dropdowns and formats (the example row and the import's maximum). */
const TEMPLATE_ROWS = 2001;
/** Largest workbook, unpacked: a small file that unpacks to much more is refused before it is read. */
const MAX_UNPACKED = 64 * 1024 * 1024;

export interface TemplateOptions {
  /** Today (Beijing), the example row's date. */
  today: string;
  /** For ref fields: the labels of the entries a cell may name (the dropdown's list). */
  refChoices?: Record<string, readonly string[]>;
}

/** Whether bytes are a zip archive (an .xlsx workbook is one). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** Whether bytes are an old binary workbook (.xls), which this reader does not read. */
export function isOldExcel(bytes: Uint8Array): boolean {
  return bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
}

function sheetName(s: string): string {
  const clean = s.replace(/[\\/?*[\]:：]/g, ' ').trim();
  return (clean || '登记表').slice(0, 31);
}

function hint(f: FieldSpec): string {
  switch (f.type) {
    case 'date':
      return '日期，如 2026-11-03、2026/11/3 或 2026年11月3日';
    case 'number': {
      const range = [
        f.min !== undefined ? `不小于 ${f.min}` : '',
        f.max !== undefined ? `不大于 ${f.max}` : '',
      ].filter(Boolean);
      return `${f.integer ? '整数' : '数字'}${range.length ? `，${range.join('，')}` : ''}`;
    }
    case 'boolean':
      return '从下拉列表选择：是 / 否';
    case 'enum':
      return `从下拉列表选择：${f.options!.map((o) => o.zh).join('、')}`;
    case 'ref':
      return '从下拉列表选择已登记的记录';
    case 'textarea':
      return '文字，不超过 5000 字';
    default:
      return '文字，不超过 200 字';
  }
}

function example(f: FieldSpec, today: string, refs: readonly string[] | undefined): ExcelJS.CellValue {
  switch (f.type) {
    case 'date':
      return new Date(`${today}T00:00:00Z`);
    case 'number':
      return f.min !== undefined && f.min > 1 ? f.min : 1;
    case 'boolean':
      return '是';
    case 'enum':
      return f.options![0]!.zh;
    case 'ref':
      return refs?.[0] ?? '';
    default:
      return `示例：${f.label.zh}`;
  }
}

/** The .xlsx import template of a register. */
export async function xlsxTemplate(spec: RegisterSpec, opts: TemplateOptions): Promise<Buffer> {
  const fields = csvColumns(spec);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'wangan';
  const ws = wb.addWorksheet(sheetName(spec.title.zh), { views: [{ state: 'frozen', ySplit: 1 }] });
  const choices = wb.addWorksheet(CHOICES_SHEET);

  ws.columns = [
    { header: MARKER_HEADER.zh, key: '#', width: 8 },
    ...fields.map((f) => ({
      header: `${f.required ? '*' : ''}${f.label.zh}`,
      key: f.name,
      width: Math.min(40, Math.max(12, f.label.zh.length * 2 + 4, f.type === 'textarea' ? 30 : 0)),
    })),
  ];
  const head = ws.getRow(1);
  head.font = { bold: true };
  head.getCell(1).note =
    `${MARKER_HEADER.en}\n序号可留空；填“${EXAMPLE_MARK}”的行导入时跳过。\nRows marked ${EXAMPLE_MARK} are skipped on import.`;
  fields.forEach((f, i) => {
    const cell = head.getCell(i + 2);
    cell.note = [
      `${f.label.en} (${f.name})`,
      f.required ? '必填 / required' : '选填 / optional',
      hint(f),
    ].join('\n');
    if (f.required) cell.font = { bold: true, color: { argb: 'FFC00000' } };
  });

  const exampleRow = ws.getRow(2);
  exampleRow.getCell(1).value = EXAMPLE_MARK;
  exampleRow.getCell(1).note = '示例行，导入时跳过 / Example row, skipped on import';
  fields.forEach((f, i) => {
    exampleRow.getCell(i + 2).value = example(f, opts.today, opts.refChoices?.[f.name]);
  });
  exampleRow.font = { italic: true, color: { argb: 'FF808080' } };
  exampleRow.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };

  // exceljs has range validations (one sqref per column) that its typings leave out.
  const validations = (
    ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }
  ).dataValidations;
  let choiceColumn = 0;
  fields.forEach((f, i) => {
    const col = columnName(i + 1);
    const range = `${col}2:${col}${TEMPLATE_ROWS}`;
    const column = ws.getColumn(i + 2);
    if (f.type === 'date') column.numFmt = 'yyyy-mm-dd';
    if (f.type === 'text' || f.type === 'textarea') column.numFmt = '@';
    const list =
      f.type === 'enum'
        ? f.options!.map((o) => o.zh)
        : f.type === 'ref'
          ? [...(opts.refChoices?.[f.name] ?? [])]
          : undefined;
    const error = { showErrorMessage: true, errorStyle: 'stop', errorTitle: f.label.zh };
    if (list && list.length > 0) {
      choiceColumn += 1;
      const c = columnName(choiceColumn - 1);
      choices.getCell(`${c}1`).value = f.label.zh;
      choices.getCell(`${c}1`).font = { bold: true };
      choices.getColumn(choiceColumn).width = 30;
      list.forEach((v, j) => (choices.getCell(`${c}${j + 2}`).value = v));
      validations.add(range, {
        type: 'list',
        allowBlank: !f.required,
        formulae: [`'${CHOICES_SHEET}'!$${c}$2:$${c}$${list.length + 1}`],
        ...error,
        error: `请从下拉列表中选择${f.label.zh}。`,
      });
    } else if (f.type === 'boolean')
      validations.add(range, {
        type: 'list',
        allowBlank: true,
        formulae: ['"是,否"'],
        ...error,
        error: '请选择“是”或“否”。',
      });
    else if (f.type === 'date')
      validations.add(range, {
        type: 'date',
        operator: 'greaterThan',
        allowBlank: true,
        formulae: [new Date(Date.UTC(1950, 0, 1))],
        ...error,
        error: '请填写日期，如 2026-11-03。',
      });
    else if (f.type === 'number' && (f.min !== undefined || f.max !== undefined || f.integer))
      validations.add(range, {
        type: f.integer ? 'whole' : 'decimal',
        operator: 'between',
        allowBlank: true,
        formulae: [f.min ?? -1e15, f.max ?? 1e15],
        ...error,
        error: `${f.label.zh}须为${hint(f)}。`,
      });
  });
  if (choiceColumn === 0) choices.getCell('A1').value = '本登记表没有下拉选项。';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** What an .xlsx cell holds, as the import reads it: rich text as its text, a formula as its result. */
function cellOf(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return v.result === undefined ? null : cellOf(v.result as ExcelJS.CellValue);
    if ('formula' in v || 'sharedFormula' in v) return null;
    if ('hyperlink' in v) return cellOf(v.text as ExcelJS.CellValue);
    if ('error' in v) return v.error;
  }
  return String(v as unknown);
}

/** The sum of the sizes a zip archive's directory declares for its files, or Infinity when it cannot be read. */
function unpackedSize(b: Uint8Array): number {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65_535); i--) {
    if (view.getUint32(i, true) !== 0x06054b50) continue;
    const count = view.getUint16(i + 10, true);
    let at = view.getUint32(i + 16, true);
    let total = 0;
    for (let n = 0; n < count; n++) {
      if (at + 46 > b.length || view.getUint32(at, true) !== 0x02014b50) return Infinity;
      const size = view.getUint32(at + 24, true);
      if (size === 0xffffffff) return Infinity;
      total += size;
      at +=
        46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    }
    return total;
  }
  return Infinity;
}

const unreadable = () =>
  new AppError('validation_failed', {
    zh: '无法读取该 Excel 文件，请确认其为 .xlsx 格式（可在 Excel 中“另存为”Excel 工作簿）。',
    en: 'The Excel file cannot be read; save it as an Excel workbook (.xlsx) and try again.',
  });

/**
 * The rows of a workbook's first sheet (not the template's list of choices),
 * each with its row number; empty rows are left out.
 */
export async function xlsxTable(bytes: Uint8Array): Promise<TableRow[]> {
  const size = unpackedSize(bytes);
  if (size === Infinity) throw unreadable();
  if (size > MAX_UNPACKED)
    throw new AppError('payload_too_large', {
      zh: 'Excel 文件解压后过大，请拆分后分批导入。',
      en: 'The Excel file is too large once unpacked; split it.',
    });
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch {
    throw unreadable();
  }
  const ws = wb.worksheets.find((w) => w.name !== CHOICES_SHEET && w.state === 'visible');
  if (!ws) throw unreadable();
  const rows: TableRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const values = row.values as ExcelJS.CellValue[];
    const cells: Cell[] = [];
    for (let i = 1; i < values.length; i++) cells.push(cellOf(values[i]));
    rows.push({ line: row.number, cells });
  });
  return rows;
}
