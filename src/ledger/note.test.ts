import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import { checkpointBody, NoteError, openCheckpoint, signNote, verifierKey } from './note.js';

describe('signed checkpoints (C2SP signed note)', () => {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  const vkey = verifierKey('wangan-test', publicKey);
  const root = crypto.createHash('sha256').update('x').digest();

  it('signs and opens a checkpoint in the note format', () => {
    const note = signNote(
      checkpointBody({ origin: 'wangan.example/ledger', size: 42, root }),
      'wangan-test',
      privateKey,
    );
    assert.match(
      note,
      /^wangan\.example\/ledger\n42\n[A-Za-z0-9+/=]{44}\n\n\u2014 wangan-test [A-Za-z0-9+/=]+\n$/,
    );
    const c = openCheckpoint(note, vkey);
    assert.equal(c.size, 42);
    assert.ok(c.root.equals(root));
    assert.match(vkey, /^wangan-test\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+$/);
  });

  it('refuses a changed body, a changed signature, and another key', () => {
    const note = signNote(checkpointBody({ origin: 'o', size: 1, root }), 'wangan-test', privateKey);
    assert.throws(() => openCheckpoint(note.replace('\n1\n', '\n2\n'), vkey), NoteError);
    const sigAt = note.lastIndexOf(' ') + 10;
    const flipped = note.slice(0, sigAt) + (note[sigAt] === 'A' ? 'B' : 'A') + note.slice(sigAt + 1);
    assert.throws(() => openCheckpoint(flipped, vkey), NoteError);
    const other = verifierKey('wangan-test', crypto.generateKeyPairSync('ed25519').publicKey);
    assert.throws(() => openCheckpoint(note, other), /no signature|does not verify/);
  });
});
