/** Chinese and Roman numerals as they appear in statute headings (第七十九条, Chapter VI). */
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

export function toChineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 9999) throw new RangeError(`no Chinese numeral for ${n}`);
  const d = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
  if (n < 10) return d[n]!;
  const parts: string[] = [];
  const places: [number, string][] = [
    [1000, '千'],
    [100, '百'],
    [10, '十'],
  ];
  let rest = n;
  let zero = false;
  for (const [value, name] of places) {
    const q = Math.floor(rest / value);
    rest %= value;
    if (q > 0) {
      if (zero) parts.push('零');
      zero = false;
      // 十一, not 一十一, when ten is the leading place.
      parts.push(q === 1 && value === 10 && parts.length === 0 ? name : d[q]! + name);
    } else if (parts.length > 0) {
      zero = true;
    }
  }
  if (rest > 0) parts.push((zero ? '零' : '') + d[rest]!);
  return parts.join('');
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
