import { AppError } from '../platform/errors.js';

/**
 * How many PDFs may print at once and how many may wait. Every print starts a
 * headless Chromium (a dozen processes, up to a GiB): unbounded, a handful of
 * concurrent downloads exhausts the machine.
 */
export interface PrintLimits {
  /** Prints running at the same time. */
  concurrency: number;
  /** Prints waiting for a slot; past that the caller gets 429 rate_limited. */
  maxWaiting: number;
  /** Finished PDFs kept, most recently used first. */
  cacheEntries: number;
  /** Their total size; the oldest are dropped past it. */
  cacheBytes: number;
}

export const defaultPrintLimits: PrintLimits = {
  concurrency: 1,
  maxWaiting: 8,
  cacheEntries: 16,
  cacheBytes: 64 * 1024 * 1024,
};

/**
 * Prints through a queue of `concurrency` slots and keeps the results by
 * key (the caller derives the key from everything the report shows, so a new
 * record or checkpoint is a new key). The same key asked again while it
 * prints shares that print.
 */
export class PrintQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly inFlight = new Map<string, Promise<Buffer>>();
  private readonly cache = new Map<string, Buffer>();
  private cachedBytes = 0;

  constructor(
    private readonly print: (html: string) => Promise<Buffer>,
    private readonly limits: PrintLimits = defaultPrintLimits,
  ) {}

  /** The PDF for `key`: from the cache, from a print already under way, or printed now. */
  async get(key: string, html: () => Promise<string> | string): Promise<Buffer> {
    const hit = this.cache.get(key);
    if (hit) {
      // Most recently used last: Map keeps insertion order.
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    if (this.running >= this.limits.concurrency && this.waiting.length >= this.limits.maxWaiting)
      throw new AppError('rate_limited', {
        en: `${this.running + this.waiting.length} reports are being printed or waiting; try again in a minute.`,
        zh: `已有 ${this.running + this.waiting.length} 份报告正在打印或排队，请一分钟后再试。`,
      });
    const job = this.run(key, html);
    this.inFlight.set(key, job);
    try {
      return await job;
    } finally {
      this.inFlight.delete(key);
    }
  }

  private async run(key: string, html: () => Promise<string> | string): Promise<Buffer> {
    if (this.running >= this.limits.concurrency)
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      const pdf = await this.print(await html());
      this.remember(key, pdf);
      return pdf;
    } finally {
      // Hand the slot straight to the next in line, or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  private remember(key: string, pdf: Buffer): void {
    if (pdf.length > this.limits.cacheBytes || this.cache.has(key)) return;
    this.cache.set(key, pdf);
    this.cachedBytes += pdf.length;
    for (const [k, v] of this.cache) {
      if (this.cache.size <= this.limits.cacheEntries && this.cachedBytes <= this.limits.cacheBytes) break;
      this.cache.delete(k);
      this.cachedBytes -= v.length;
    }
  }
}
