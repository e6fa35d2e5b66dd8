import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../platform/errors.js';
import { checkEvents, FIELDS_MAX_CHARS } from './ingest.js';

describe('checking a batch of posted events', () => {
  it('refuses an event whose fields are larger than a message may be, naming it', () => {
    const ok = { message: 'fine', fields: { note: 'x'.repeat(100) } };
    const big = { message: 'big', fields: { blob: 'x'.repeat(FIELDS_MAX_CHARS) } };
    assert.equal(checkEvents([ok]).length, 1);
    assert.throws(
      () => checkEvents([ok, big]),
      (err: unknown) =>
        err instanceof AppError && err.field === 'events.1.fields' && /65,536/.test(err.message),
    );
  });
});
