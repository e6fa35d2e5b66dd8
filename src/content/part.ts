import type { Migration } from 'kysely';
import type { Deadline } from '../../contract/status.js';
import type { Task } from '../platform/jobs.js';
import type { Lifecycle, ModuleContext, PackSection } from '../platform/module.js';
import type { ZodApp } from '../platform/http/server.js';
import type { ComplaintsService } from './complaints-service.js';
import type { ScreeningService } from './screening-service.js';
import type { TakedownsService } from './takedowns-service.js';

/** The content capability's services, as other modules reach them (`ctx.get('content')`). */
export interface ContentServices {
  screening: ScreeningService;
  complaints: ComplaintsService;
  takedowns: TakedownsService;
}

/**
 * One area of the content capability (screening and disposals, complaints,
 * takedown demands): src/content/module.ts composes them into the one
 * module entry. An area's `build` sees the areas built before it
 * (screening first: complaints and takedowns record disposals through it).
 */
export interface ContentPart<K extends keyof ContentServices> {
  key: K;
  migrations: Record<string, Migration>;
  build(ctx: ModuleContext, before: Partial<ContentServices>): ContentServices[K];
  open?(service: ContentServices[K], ctx: ModuleContext): Promise<void>;
  routes?(app: ZodApp, service: ContentServices[K], all: ContentServices, ctx: ModuleContext): void;
  jobs?(service: ContentServices[K], ctx: ModuleContext): Task[];
  lifecycle?(service: ContentServices[K], ctx: ModuleContext): Lifecycle;
  openItems?(service: ContentServices[K], ctx: ModuleContext): Promise<Deadline[]>;
  pack?(service: ContentServices[K], ctx: ModuleContext): PackSection[];
  demo?(service: ContentServices[K], all: ContentServices, ctx: ModuleContext): Promise<number>;
}
