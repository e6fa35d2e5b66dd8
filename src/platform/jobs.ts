import PgBoss from 'pg-boss';
import type { Database } from './db/database.js';

/**
 * Background work on pg-boss, over the same database as everything else (the
 * embedded PGlite session or the PostgreSQL pool). A capability registers a
 * task with a queue name, a handler and optionally a cron schedule.
 */
export interface Task<T extends object = object> {
  name: string;
  /** Cron expression (UTC) when the task recurs. */
  cron?: string;
  handler(data: T): Promise<void>;
}

export interface Jobs {
  boss: PgBoss;
  send<T extends object>(name: string, data: T): Promise<string | null>;
  stop(): Promise<void>;
}

export async function startJobs(
  database: Database,
  tasks: Task[],
  onError: (err: Error) => void,
  options: { pollingIntervalSeconds?: number } = {},
): Promise<Jobs> {
  const boss = new PgBoss({
    db: { executeSql: (text: string, values: unknown[]) => database.executeSql(text, values ?? []) },
    schema: 'pgboss',
    // Embedded database: one session, so poll gently.
    monitorStateIntervalSeconds: 60,
    maintenanceIntervalSeconds: 300,
  });
  boss.on('error', onError);
  await boss.start();
  for (const task of tasks) {
    await boss.createQueue(task.name);
    await boss.work<object>(
      task.name,
      { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 5 },
      async (jobs) => {
        for (const job of jobs) await task.handler(job.data);
      },
    );
    if (task.cron) await boss.schedule(task.name, task.cron);
  }
  return {
    boss,
    send: (name, data) => boss.send(name, data),
    async stop() {
      await boss.stop({ graceful: false, wait: true, close: false });
    },
  };
}
