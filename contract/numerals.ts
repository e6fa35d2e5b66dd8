/**
 * Writing numbers as statutes and citations write them: Chinese numerals for
 * 第七十九条, Roman ones for an English "Chapter VI". Pure TS, no imports:
 * the server (src/law) and the console share these through contract/.
 */
const chineseDigits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 79 -> 七十九, 105 -> 一百零五, 10 -> 十 (0..9999). */
export function toChineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 9999) throw new RangeError(`no Chinese numeral for ${n}`);
  const d = chineseDigits;
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

/** 6 -> VI (1..3999). */
export function toRoman(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 3999) throw new RangeError(`no Roman numeral for ${n}`);
  const table: [number, string][] = [
    [1000, 'M'],
    [900, 'CM'],
    [500, 'D'],
    [400, 'CD'],
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let rest = n;
  let out = '';
  for (const [value, s] of table) {
    while (rest >= value) {
      out += s;
      rest -= value;
    }
  }
  return out;
}
