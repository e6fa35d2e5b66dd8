import type { CapabilityModule } from '../platform/module.js';
import { contentCommands } from './cli.js';
import { loadContentCatalog } from './catalog-io.js';
import { complaintsPart } from './complaints-part.js';
import type { ContentServices } from './part.js';
import { screeningPart } from './screening-part.js';
import { contentReport } from './report.js';
import { contentSettings } from './settings.js';
import { takedownsPart } from './takedowns-part.js';

declare module '../platform/module.js' {
  interface ServiceRegistry {
    content: ContentServices;
  }
}

/** The areas, in build order (screening first: the others record disposals through it). */
const parts = [screeningPart, complaintsPart, takedownsPart] as const;

/**
 * Content safety (CSL 2025 Arts 49-52, 2016 Arts 47-50; issue 14): screening
 * against versioned rule sets, the review queue, disposal records with the
 * platform's deletion and the reports to the authority, takedown demands,
 * and the public complaint and reporting channel.
 */
export const contentModule: CapabilityModule<{ content: ContentServices }> = {
  key: 'content',
  articles: 'Arts 49-52 (47-50): content, complaints, takedowns',
  available: true,
  nav: true,
  scopes: ['content.screen'],
  migrations: Object.assign({}, ...parts.map((p) => p.migrations)) as CapabilityModule['migrations'],
  settings: contentSettings(loadContentCatalog()),
  build(ctx) {
    const before: Partial<ContentServices> = {};
    for (const p of parts) (before as Record<string, unknown>)[p.key] = p.build(ctx, before);
    return { content: before as ContentServices };
  },
  open: async ({ content }, ctx) => {
    for (const p of parts) await p.open?.(content[p.key] as never, ctx);
  },
  routes: (app, { content }, ctx) => {
    for (const p of parts) p.routes?.(app, content[p.key] as never, content, ctx);
  },
  jobs: ({ content }, ctx) => parts.flatMap((p) => p.jobs?.(content[p.key] as never, ctx) ?? []),
  lifecycle({ content }, ctx) {
    const running = parts.flatMap((p) => (p.lifecycle ? [p.lifecycle(content[p.key] as never, ctx)] : []));
    return {
      async start() {
        for (const l of running) await l.start();
      },
      async stop() {
        for (const l of [...running].reverse()) await l.stop();
      },
    };
  },
  openItems: async ({ content }, ctx) =>
    (await Promise.all(parts.map((p) => p.openItems?.(content[p.key] as never, ctx) ?? []))).flat(),
  pack: ({ content }, ctx) => parts.flatMap((p) => p.pack?.(content[p.key] as never, ctx) ?? []),
  report: ({ content }) => contentReport(content),
  cli: (program, kit) => contentCommands(program, kit),
  demo: async ({ content }, ctx) => {
    let n = 0;
    for (const p of parts) n += (await p.demo?.(content[p.key] as never, content, ctx)) ?? 0;
    return n;
  },
};
