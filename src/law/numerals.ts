/** Chinese and Roman numerals as they appear in statute headings (第七十九条, Chapter VI). */
/** Writing them is shared with the console: contract/numerals.ts. */
export { toChineseNumeral, toRoman } from '../../contract/numerals.js';

const digits: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const units: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 10000 };

/** 七十九 -> 79, 一百零一 -> 101, 十 -> 10, 79 -> 79; undefined when not a numeral. */
export function parseChineseNumeral(text: string): number | undefined {
  const s = text.trim();
  if (/^\d+$/.test(s)) return Number(s);
  if (!s || ![...s].every((c) => c in digits || c in units)) return undefined;
  let total = 0;
  let section = 0;
  let current = 0;
  for (const ch of s) {
    if (ch in digits) {
      current = digits[ch]!;
      continue;
    }
    const unit = units[ch]!;
    if (unit === 10000) {
      section = (section + current) * unit;
      total += section;
      section = 0;
    } else {
      section += (current === 0 ? 1 : current) * unit;
    }
    current = 0;
  }
  return total + section + current;
}

const romanValues: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100 };

/** VI -> 6; undefined when not a Roman numeral. */
export function parseRoman(text: string): number | undefined {
  const s = text.trim().toUpperCase();
  if (!/^[IVXLC]+$/.test(s)) return undefined;
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    const v = romanValues[s[i]!]!;
    const next = romanValues[s[i + 1] ?? ''] ?? 0;
    total += v < next ? -v : v;
  }
  return total;
}

/** "12", "十二", "XII" -> 12. */
export function parseAnyNumeral(text: string): number | undefined {
  return parseChineseNumeral(text) ?? parseRoman(text);
}
