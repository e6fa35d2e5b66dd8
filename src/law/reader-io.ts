import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { importStatute, ImportError, type ImportOptions } from './importer.js';
import type { ParsedText } from './model.js';

/**
 * Reads a statute text (`importStatute`) in a worker thread, so that reading
 * a large or hostile text never holds up the server's other requests. One
 * text is read at a time; a reading that runs past the time or memory limit
 * is stopped and refused.
 */
export type StatuteReader = (raw: string, opts: ImportOptions) => Promise<ParsedText>;

const ROLE = 'wangan:statute-reader';
export const READ_TIME_LIMIT_MS = 60_000;
const READ_MEMORY_MB = 1024;

interface Request {
  raw: string;
  opts: ImportOptions;
}
type Reply =
  { ok: true; parsed: ParsedText } | { ok: false; code?: ImportError['code'] | undefined; message: string };

if (!isMainThread && (workerData as { role?: string } | null)?.role === ROLE) {
  parentPort!.once('message', ({ raw, opts }: Request) => {
    let reply: Reply;
    try {
      reply = { ok: true, parsed: importStatute(raw, opts) };
    } catch (err) {
      reply = {
        ok: false,
        code: err instanceof ImportError ? err.code : undefined,
        message: err instanceof Error ? err.message : String(err),
      };
    }
    parentPort!.postMessage(reply);
  });
}

/**
 * The worker's entry: this module. Run from the TypeScript sources (tsx), a
 * worker does not inherit the loader hooks, so it registers tsx first.
 */
function bootstrap(): string {
  const self = JSON.stringify(import.meta.url);
  if (!import.meta.url.endsWith('.ts')) return `import(${self});`;
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  return `import(${tsx}).then((m) => { m.register(); return import(${self}); });`;
}

function readOnce(raw: string, opts: ImportOptions, timeLimitMs: number): Promise<ParsedText> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(bootstrap(), {
      eval: true,
      workerData: { role: ROLE },
      resourceLimits: { maxOldGenerationSizeMb: READ_MEMORY_MB },
      stdout: false,
      stderr: false,
    });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      void worker.terminate();
    };
    const timer = setTimeout(
      () =>
        settle(() =>
          reject(
            new ImportError(
              'too_large',
              `Reading the text took longer than ${Math.round(timeLimitMs / 1000)} s; it was stopped.`,
            ),
          ),
        ),
      timeLimitMs,
    );
    worker.once('message', (reply: Reply) =>
      settle(() => {
        if (reply.ok) resolve(reply.parsed);
        else if (reply.code) reject(new ImportError(reply.code, reply.message));
        else reject(new Error(`statute reader: ${reply.message}`));
      }),
    );
    worker.once('error', (err: Error & { code?: string }) =>
      settle(() =>
        reject(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new ImportError(
                'too_large',
                'Reading the text needed more memory than allowed; it was stopped.',
              )
            : err,
        ),
      ),
    );
    worker.once('exit', (code) =>
      settle(() => reject(new Error(`statute reader stopped (exit code ${code}) before answering`))),
    );
    worker.postMessage({ raw, opts } satisfies Request);
  });
}

/** One reading at a time: each holds a thread and up to READ_MEMORY_MB. */
export function workerReader(timeLimitMs = READ_TIME_LIMIT_MS): StatuteReader {
  let queue: Promise<unknown> = Promise.resolve();
  return (raw, opts) => {
    const run = queue.then(() => readOnce(raw, opts, timeLimitMs));
    queue = run.catch(() => undefined);
    return run;
  };
}

/** The process's reader: imports through the API and the CLI queue here. */
export const readInWorker: StatuteReader = workerReader();
