import { AREA_CODE_LINES } from './area-codes.js';

/** One administrative-division code of the shipped list (src/identity/validate/area-codes.ts). */
export interface AreaCode {
  code: string;
  /** The first and last year the code was in use; `last` is null while in use. */
  first: number;
  last: number | null;
  /** Its latest name. */
  name: string;
}

let table: Map<string, AreaCode> | null = null;

/**
 * Codes a citizen number carries that are not divisions of the Ministry of
 * Civil Affairs' list: the residence permits of Hong Kong, Macao and Taiwan
 * residents (港澳台居民居住证, 2018) number their holders with 810000,
 * 820000 and 830000; the first two are in the list, 830000 (Taiwan, whose
 * division code is 710000) is not.
 */
const SUPPLEMENT: AreaCode[] = [{ code: '830000', first: 2018, last: null, name: '台湾居民居住证' }];

function load(): Map<string, AreaCode> {
  const m = new Map<string, AreaCode>(SUPPLEMENT.map((a) => [a.code, a]));
  for (const line of AREA_CODE_LINES.split('\n')) {
    const [code, first, last, name] = line.split(' ') as [string, string, string, string];
    m.set(code, { code, first: Number(first), last: last === '-' ? null : Number(last), name });
  }
  return m;
}

/** The code as the list has it, or undefined for a code never issued. */
export function areaCode(code: string): AreaCode | undefined {
  table ??= load();
  return table.get(code);
}

/** The place a code names, with its province and prefecture where the list has them ("广东省 深圳市 南山区"). */
export function areaName(code: string): string | undefined {
  const own = areaCode(code);
  if (!own) return undefined;
  const parts = [
    areaCode(`${code.slice(0, 2)}0000`)?.name,
    areaCode(`${code.slice(0, 4)}00`)?.name,
    own.name,
  ];
  return [...new Set(parts.filter((p): p is string => !!p))].join(' ');
}

/** How many codes the list has. */
export function areaCodeCount(): number {
  table ??= load();
  return table.size;
}
