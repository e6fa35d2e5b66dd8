/**
 * Word-level diff between two versions of an article in the same language:
 * words (and the spaces between them) for English, characters for Chinese.
 * Longest common subsequence on what lies between the common start and end.
 */
export interface DiffPart {
  op: 'same' | 'added' | 'removed';
  text: string;
}

export function tokenize(text: string): string[] {
  // CJK characters one by one; runs of Latin letters/digits as words; spaces and punctuation as their own tokens.
  return (
    text.match(
      /[\u3400-\u9fff\uf900-\ufaff]|[A-Za-z0-9]+(?:['’][A-Za-z]+)?|\s+|[^\sA-Za-z0-9\u3400-\u9fff\uf900-\ufaff]/g,
    ) ?? []
  );
}

/**
 * The largest table the exact diff fills (cells of its LCS table, 4 bytes
 * each: 16 MB). Articles are far below it; two imported texts with huge
 * articles get a coarser diff (the changed middle as one removal and one
 * addition) instead of a table that cannot be allocated.
 */
export const MAX_DIFF_CELLS = 4_000_000;

export function diffWords(before: string, after: string): DiffPart[] {
  const a = tokenize(before);
  const b = tokenize(after);
  // The common start and end need no table.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const parts: DiffPart[] = [];
  const push = (op: DiffPart['op'], text: string) => {
    if (!text) return;
    const last = parts[parts.length - 1];
    if (last && last.op === op) last.text += text;
    else parts.push({ op, text });
  };
  push('same', a.slice(0, head).join(''));
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  if ((midA.length + 1) * (midB.length + 1) > MAX_DIFF_CELLS) {
    push('removed', midA.join(''));
    push('added', midB.join(''));
  } else {
    lcsDiff(midA, midB, push);
  }
  push('same', a.slice(a.length - tail).join(''));
  return parts;
}

function lcsDiff(a: string[], b: string[], push: (op: DiffPart['op'], text: string) => void): void {
  const n = a.length;
  const m = b.length;
  // lcs[i][j]: LCS length of a[i..] and b[j..], one flat array.
  const lcs = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * (m + 1) + j] =
        a[i] === b[j]
          ? lcs[(i + 1) * (m + 1) + j + 1]! + 1
          : Math.max(lcs[(i + 1) * (m + 1) + j]!, lcs[i * (m + 1) + j + 1]!);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      push('same', a[i]!);
      i++;
      j++;
    } else if (lcs[(i + 1) * (m + 1) + j]! >= lcs[i * (m + 1) + j + 1]!) {
      push('removed', a[i++]!);
    } else {
      push('added', b[j++]!);
    }
  }
  while (i < n) push('removed', a[i++]!);
  while (j < m) push('added', b[j++]!);
}
