import type { Migration } from 'kysely';
import type { Deadline } from '../../contract/status.js';
import type { Task } from '../platform/jobs.js';
import type { Lifecycle, ModuleContext, PackSection } from '../platform/module.js';
import type { ZodApp } from '../platform/http/server.js';
import type { GateService } from './gate-service.js';
import type { VaultService } from './vault-service.js';
import type { VerifyService } from './verify-service.js';

/** The identity capability's services, as other modules reach them (`ctx.get('identity')`). */
export interface IdentityServices {
  /** The encrypted vault: people, their service accounts and handles, keys, two-person reveals. */
  vault: VaultService;
  /** Enrolment and verification flows (SMS one-time code, third-party identity check). */
  verify: VerifyService;
  /** The gate: services' requirements, `check(service, user)` from memory, the daily evidence. */
  gate: GateService;
}

/**
 * One area of the identity capability (the vault, verification, the gate):
 * src/identity/module.ts composes them into the one module entry. An area's
 * `build` sees the areas built before it (vault first: verification stores
 * people through it; the gate reads both).
 */
export interface IdentityPart<K extends keyof IdentityServices> {
  key: K;
  migrations: Record<string, Migration>;
  build(ctx: ModuleContext, before: Partial<IdentityServices>): IdentityServices[K];
  open?(service: IdentityServices[K], ctx: ModuleContext): Promise<void>;
  routes?(app: ZodApp, service: IdentityServices[K], all: IdentityServices, ctx: ModuleContext): void;
  jobs?(service: IdentityServices[K], ctx: ModuleContext): Task[];
  lifecycle?(service: IdentityServices[K], ctx: ModuleContext): Lifecycle;
  openItems?(service: IdentityServices[K], ctx: ModuleContext): Promise<Deadline[]>;
  pack?(service: IdentityServices[K], ctx: ModuleContext): PackSection[];
  demo?(service: IdentityServices[K], all: IdentityServices, ctx: ModuleContext): Promise<number>;
}
