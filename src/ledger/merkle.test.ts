import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyRoot, leafHash, MerkleTree, rootOf, verifyConsistency, verifyInclusion } from './merkle.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const unhex = (s: string) => Buffer.from(s, 'hex');

// Certificate Transparency's reference inputs and tree heads (RFC 6962 test vectors).
const CT_DATA = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map(unhex);
const CT_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

function ctTree(): MerkleTree {
  const t = new MerkleTree();
  for (const d of CT_DATA) t.append(leafHash(d));
  return t;
}

describe('Merkle tree (RFC 6962 / 9162)', () => {
  it('matches the reference tree heads for sizes 0..8, by definition and incrementally', () => {
    const leaves = CT_DATA.map((d) => leafHash(d));
    const t = ctTree();
    assert.equal(hex(emptyRoot), CT_ROOTS[0]);
    for (let n = 0; n <= 8; n++) {
      assert.equal(hex(rootOf(leaves.slice(0, n))), CT_ROOTS[n], `definition, size ${n}`);
      assert.equal(hex(t.root(n)), CT_ROOTS[n], `tree, size ${n}`);
    }
  });

  it('produces the reference inclusion proofs', () => {
    const t = ctTree();
    assert.deepEqual(t.inclusionProof(0, 8).map(hex), [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
    assert.deepEqual(t.inclusionProof(5, 8).map(hex), [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
  });

  it('produces the reference consistency proofs', () => {
    const t = ctTree();
    assert.deepEqual(t.consistencyProof(1, 8).map(hex), [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
    assert.deepEqual(t.consistencyProof(6, 8).map(hex), [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
    assert.deepEqual(t.consistencyProof(2, 5).map(hex), [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ]);
  });

  it('every inclusion and consistency proof verifies in trees of every size up to 70, and a changed proof does not', () => {
    const t = new MerkleTree();
    const leaves = Array.from({ length: 70 }, (_, i) => leafHash(Buffer.from(`record ${i}`)));
    leaves.forEach((l) => t.append(l));
    for (let n = 1; n <= 70; n++) {
      const root = t.root(n);
      assert.equal(hex(root), hex(rootOf(leaves.slice(0, n))));
      for (let i = 0; i < n; i++) {
        const proof = t.inclusionProof(i, n);
        assert.ok(verifyInclusion(i, n, leaves[i]!, proof, root), `inclusion ${i}/${n}`);
        if (proof.length) {
          const bad = proof.map((p) => Buffer.from(p));
          bad[0]![0]! ^= 1;
          assert.ok(!verifyInclusion(i, n, leaves[i]!, bad, root));
        }
        if (n > 1)
          assert.ok(
            !verifyInclusion((i + 1) % n, n, leaves[i]!, proof, root) ||
              leaves[(i + 1) % n]!.equals(leaves[i]!),
          );
      }
      for (let m = 1; m <= n; m++) {
        const proof = t.consistencyProof(m, n);
        assert.ok(verifyConsistency(m, n, t.root(m), root, proof), `consistency ${m}->${n}`);
        if (m < n)
          assert.ok(
            !verifyConsistency(m, n, leafHash(Buffer.from('forged')), root, proof),
            `forged old root ${m}->${n}`,
          );
      }
    }
  });
});
