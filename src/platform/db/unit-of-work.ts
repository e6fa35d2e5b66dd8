import type { Kysely } from 'kysely';

/**
 * A transaction that spans capabilities without services touching SQL: a
 * service calls `run`, gets an opaque `Tx`, and hands it to the stores (and
 * to other services, e.g. `ledger.record(actor, input, tx)`) that must commit
 * together. On PGlite the transaction owns the one session: read what you
 * need before `run`, not inside it through another store.
 */
declare const txBrand: unique symbol;
export type Tx = { readonly [txBrand]: true };

export interface UnitOfWork {
  run<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
}

export function kyselyUnitOfWork<DB>(db: Kysely<DB>): UnitOfWork {
  return { run: (fn) => db.transaction().execute((trx) => fn(trx as unknown as Tx)) };
}

/** For stores only: the transaction as a Kysely handle on their tables. */
export function txDb<T>(tx: Tx): Kysely<T> {
  return tx as unknown as Kysely<T>;
}
