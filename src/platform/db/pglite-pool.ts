import type { PGlite, Results } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

/**
 * PGlite is a single session. This adapter gives Kysely's PostgresDialect a
 * "pool" of one connection: `connect()` waits until the previous holder has
 * released it, so a transaction owns the session from BEGIN to COMMIT and
 * statements from other callers queue behind it.
 */
export class PgliteSession {
  private tail: Promise<void> = Promise.resolve();

  constructor(readonly pglite: PGlite) {}

  /** Wait for the session; resolves with a release function. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => {
      release = resolve;
    });
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return ready;
  }

  /** One statement (or several, without parameters) outside any caller's transaction. */
  async run<R = Record<string, unknown>>(
    text: string,
    values: readonly unknown[] = [],
  ): Promise<{ rows: R[]; rowCount: number; command: string }> {
    const release = await this.acquire();
    try {
      return await runOn<R>(this.pglite, text, values);
    } finally {
      release();
    }
  }
}

async function runOn<R>(
  pglite: PGlite,
  text: string,
  values: readonly unknown[],
): Promise<{ rows: R[]; rowCount: number; command: string }> {
  if (values.length === 0) {
    // Simple protocol: allows several statements (migrations, pg-boss plans).
    const results = await pglite.exec(text);
    const last: Results | undefined = results[results.length - 1];
    return toResult<R>(last);
  }
  const result = await pglite.query<Record<string, unknown>>(text, values as unknown[]);
  return toResult<R>(result);
}

function toResult<R>(r: Results | undefined): { rows: R[]; rowCount: number; command: string } {
  if (!r) return { rows: [], rowCount: 0, command: '' };
  const withMeta = r as Results & { command?: string; rowCount?: number };
  return {
    rows: r.rows as R[],
    rowCount: withMeta.rowCount ?? r.affectedRows ?? r.rows.length,
    command: withMeta.command ?? '',
  };
}

export function pglitePool(session: PgliteSession): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      const release = await session.acquire();
      const client = {
        async query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
          const r = await runOn<R>(session.pglite, sql, parameters);
          return {
            command: r.command as PostgresQueryResult<R>['command'],
            rowCount: r.rowCount,
            rows: r.rows,
          };
        },
        release,
      };
      // Cursors (streaming) are not offered on the embedded database.
      return client as unknown as PostgresPoolClient;
    },
    async end() {
      // The session is closed by the owner of the PGlite instance.
    },
  };
}
