import crypto from 'node:crypto';

/**
 * RFC 6962 / RFC 9162 Merkle tree hashing and proofs. Pure: hashing only.
 * leaf = SHA-256(0x00 || data), node = SHA-256(0x01 || left || right),
 * the root of the empty tree is SHA-256("").
 */
export type Hash = Buffer;

const LEAF_PREFIX = Buffer.from([0]);

// One-shot crypto.hash over a scratch buffer: fewer objects per hash than createHash (bench/ledger.ts).
const nodeScratch = Buffer.alloc(65);
nodeScratch[0] = 1;

export function leafHash(data: Uint8Array): Hash {
  return crypto.hash('sha256', Buffer.concat([LEAF_PREFIX, data]), 'buffer');
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Hash {
  nodeScratch.set(left, 1);
  nodeScratch.set(right, 33);
  return crypto.hash('sha256', nodeScratch, 'buffer');
}

export const emptyRoot: Hash = crypto.createHash('sha256').digest();

/** Largest power of two strictly below n (n >= 2). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH over leaf hashes (RFC 6962 2.1), by definition; the reference the fast paths are tested against. */
export function rootOf(leaves: readonly Hash[]): Hash {
  if (leaves.length === 0) return emptyRoot;
  if (leaves.length === 1) return leaves[0]!;
  const k = split(leaves.length);
  return nodeHash(rootOf(leaves.slice(0, k)), rootOf(leaves.slice(k)));
}

/**
 * An append-only tree that keeps every complete subtree's hash, level by
 * level, in flat buffers: appending is amortised O(1) hashes, a root or a
 * proof for any size is O(log n) hashes, and a million leaves take 64 MiB.
 */
export class MerkleTree {
  /** levels[h] holds the hashes of the complete subtrees of 2^h leaves, left to right. */
  private levels: Buffer[] = [];
  private counts: number[] = [];

  get size(): number {
    return this.counts[0] ?? 0;
  }

  private push(level: number, hash: Uint8Array): void {
    if (this.levels.length <= level) {
      this.levels.push(Buffer.alloc(32 * 1024));
      this.counts.push(0);
    }
    let buf = this.levels[level]!;
    const count = this.counts[level]!;
    if ((count + 1) * 32 > buf.length) {
      const bigger = Buffer.alloc(buf.length * 2);
      buf.copy(bigger, 0, 0, count * 32);
      this.levels[level] = buf = bigger;
    }
    buf.set(hash, count * 32);
    this.counts[level] = count + 1;
  }

  /** Appends a leaf hash (not the data: callers hash with leafHash). */
  append(leaf: Uint8Array): number {
    const index = this.size;
    this.push(0, leaf);
    // Complete the subtrees this leaf closes.
    let level = 0;
    while (this.counts[level]! % 2 === 0) {
      const n = this.counts[level]!;
      const buf = this.levels[level]!;
      this.push(
        level + 1,
        nodeHash(buf.subarray((n - 2) * 32, (n - 1) * 32), buf.subarray((n - 1) * 32, n * 32)),
      );
      level++;
    }
    return index;
  }

  leaf(index: number): Hash {
    if (index < 0 || index >= this.size) throw new RangeError(`leaf ${index} outside tree of ${this.size}`);
    return Buffer.from(this.levels[0]!.subarray(index * 32, index * 32 + 32));
  }

  /** MTH of leaves [start, start + count). */
  private range(start: number, count: number): Hash {
    if (count === 0) return emptyRoot;
    // A complete, aligned subtree is stored.
    if ((count & (count - 1)) === 0 && start % count === 0) {
      const level = Math.log2(count);
      const i = start / count;
      return Buffer.from(this.levels[level]!.subarray(i * 32, i * 32 + 32));
    }
    const k = split(count);
    return nodeHash(this.range(start, k), this.range(start + k, count - k));
  }

  /** The root of the tree as it was at `size` leaves. */
  root(size: number = this.size): Hash {
    if (size < 0 || size > this.size) throw new RangeError(`no tree of size ${size} (have ${this.size})`);
    return this.range(0, size);
  }

  /** Inclusion proof of leaf `index` in the tree of `size` (RFC 9162 2.1.3.1). */
  inclusionProof(index: number, size: number = this.size): Hash[] {
    if (index < 0 || index >= size || size > this.size)
      throw new RangeError(`no leaf ${index} in a tree of ${size}`);
    const path: Hash[] = [];
    const walk = (m: number, start: number, n: number): void => {
      if (n === 1) return;
      const k = split(n);
      if (m < k) {
        walk(m, start, k);
        path.push(this.range(start + k, n - k));
      } else {
        walk(m - k, start + k, n - k);
        path.push(this.range(start, k));
      }
    };
    walk(index, 0, size);
    return path;
  }

  /** Consistency proof between the trees of sizes `m` and `n` (RFC 9162 2.1.4.1). */
  consistencyProof(m: number, n: number = this.size): Hash[] {
    if (m < 1 || m > n || n > this.size) throw new RangeError(`no consistency proof from ${m} to ${n}`);
    const proof: Hash[] = [];
    const sub = (mm: number, start: number, nn: number, complete: boolean): void => {
      if (mm === nn) {
        if (!complete) proof.push(this.range(start, nn));
        return;
      }
      const k = split(nn);
      if (mm <= k) {
        sub(mm, start, k, complete);
        proof.push(this.range(start + k, nn - k));
      } else {
        sub(mm - k, start + k, nn - k, false);
        proof.push(this.range(start, k));
      }
    };
    sub(m, 0, n, true);
    return proof;
  }
}

/** Verifies an inclusion proof (RFC 9162 2.1.3.2). */
export function verifyInclusion(
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && Buffer.compare(Buffer.from(r), Buffer.from(root)) === 0;
}

/** Verifies a consistency proof between two tree heads (RFC 9162 2.1.4.2). */
export function verifyConsistency(
  size1: number,
  size2: number,
  root1: Uint8Array,
  root2: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  const eq = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
  if (size1 < 1 || size1 > size2) return false;
  if (size1 === size2) return proof.length === 0 && eq(root1, root2);
  let path = [...proof];
  // A power of two first size: its root is the first node of the path.
  if ((size1 & (size1 - 1)) === 0) path = [root1, ...path];
  if (path.length === 0) return false;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr: Uint8Array = path[0]!;
  let sr: Uint8Array = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && eq(fr, root1) && eq(sr, root2);
}
