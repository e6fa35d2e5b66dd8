import type { FastifyContextConfig, FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { AppError } from '../errors.js';
import { roleZh, scopesAllow, type Actor, type NarrowScope, type Role } from '../auth/roles.js';
import type { AuthService } from '../auth/service.js';

/** Who may call a route: nobody signed in needed, or a list of roles. */
export type Access = 'public' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Required on every route: default deny. */
    access?: Access;
    /** Name of the action in the audit trail; defaults to METHOD url. */
    action?: string;
    /**
     * `'refusals'`: a machine route called many times a second (log ingest)
     * records only its refusals (status 400 and above) in the audit trail.
     */
    audit?: 'refusals';
    /** A POST that only computes (an assessment): read-only tokens and the auditor may call it. */
    readOnly?: boolean;
    /**
     * Narrow token scopes this route accepts (e.g. `incidents.ingest` on the
     * route a SIEM posts to). A token with only narrow scopes calls only the
     * routes that declare one of them; `read`/`write` tokens and sessions are
     * unaffected. The role check still applies.
     */
    scopes?: readonly NarrowScope[];
  }
  interface FastifyInstance {
    /** Every route declared so far (see collectRoutes): what `can` is computed from. */
    declaredRoutes: DeclaredRoute[];
  }
  interface FastifyRequest {
    actor?: Actor;
    /** Extra facts for the audit trail (never secrets). */
    auditDetail?: Record<string, unknown>;
  }
}

export const SESSION_COOKIE = 'wangan_session';
export const CSRF_COOKIE = 'wangan_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

export interface DeclaredRoute {
  method: string;
  url: string;
  options: RouteOptions;
}

/** Every route, for the route x role test, the OpenAPI check and the actions vocabulary. */
export function collectRoutes(app: FastifyInstance): DeclaredRoute[] {
  const routes: DeclaredRoute[] = [];
  app.decorate('declaredRoutes', routes);
  app.addHook('onRoute', (options) => {
    const methods = Array.isArray(options.method) ? options.method : [options.method];
    for (const method of methods) routes.push({ method, url: options.url, options });
  });
  return routes;
}

export function accessOf(route: DeclaredRoute): Access | undefined {
  return (route.options.config as { access?: Access } | undefined)?.access;
}

/** Whether a token's scopes cover a route (the role is checked apart). */
function tokenCovers(actor: Actor, method: string, cfg: FastifyContextConfig | undefined): boolean {
  if (actor.via !== 'token') return true;
  const readOnly = isSafeMethod(method) || cfg?.readOnly === true;
  return scopesAllow(actor.scopes ?? [], { readOnly, scopes: cfg?.scopes ?? [] });
}

/**
 * The actions an actor may take: every distinct `config.action` of a route
 * its role may call, narrowed by a token's scopes (a read token keeps the
 * read-only ones). Named by the routes themselves, so the console reads what
 * it may show from `/api/auth/me` instead of keeping its own role lists.
 */
export function actionsOf(routes: readonly DeclaredRoute[], actor: Actor): string[] {
  const out = new Set<string>();
  for (const route of routes) {
    const cfg = route.options.config as FastifyContextConfig | undefined;
    const access = cfg?.access;
    if (!cfg?.action || access === undefined || access === 'public') continue;
    if (!access.includes(actor.role)) continue;
    if (!tokenCovers(actor, route.method, cfg)) continue;
    out.add(cfg.action);
  }
  return [...out].sort();
}

/** The actions of the request's actor (none when nobody is signed in). */
export function grantedActions(request: FastifyRequest): Set<string> {
  return new Set(request.actor ? actionsOf(request.server.declaredRoutes, request.actor) : []);
}

/** Marks every route registered in this scope (plugins' own routes) as public. */
export function markScopePublic(scope: FastifyInstance): void {
  scope.addHook('onRoute', (options) => {
    const config = (options.config ?? {}) as { access?: Access };
    if (config.access === undefined) options.config = { ...config, access: 'public' };
  });
}

async function resolveActor(request: FastifyRequest, auth: AuthService, access: Access): Promise<void> {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1])
      throw new AppError('unauthenticated', {
        en: 'Authorization header must be "Bearer <token>".',
        zh: 'Authorization 请求头应为 "Bearer <令牌>"。',
      });
    request.actor = await auth.authenticateToken(match[1]);
    return;
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return;
  try {
    const { actor, csrfToken } = await auth.authenticateSession(cookie);
    request.actor = actor;
    if (!isSafeMethod(request.method) && request.headers[CSRF_HEADER] !== csrfToken) {
      throw new AppError('csrf_failed', {
        en: `Missing or wrong ${CSRF_HEADER} header for this session.`,
        zh: '本次会话的请求校验头缺失或不正确，请刷新页面后重试。',
      });
    }
  } catch (err) {
    // A stale cookie on a public page (the login form itself) is not an error.
    if (access === 'public' && err instanceof AppError && err.code !== 'csrf_failed') return;
    throw err;
  }
}

/** Default deny: a route without a declaration answers 403 to everyone. */
export function installGuard(app: FastifyInstance, auth: AuthService): void {
  app.addHook('onRequest', async (request) => {
    if (request.is404) return;
    const access = request.routeOptions.config.access;
    if (access === undefined) {
      throw new AppError('forbidden', {
        en: 'This route declares no roles and is closed to everyone.',
        zh: '该接口未声明可用角色，对所有人关闭。',
      });
    }
    await resolveActor(request, auth, access);
    if (access === 'public') return;
    const actor = request.actor;
    if (!actor)
      throw new AppError('unauthenticated', {
        en: 'Sign in, or send an API token, to use this route.',
        zh: '请先登录或提供接口令牌，再使用该功能。',
      });
    if (!access.includes(actor.role)) {
      throw new AppError('forbidden', {
        en: `Your role (${actor.role}) may not use this route.`,
        zh: `您的角色（${roleZh[actor.role]}）无权使用该功能。`,
      });
    }
    const cfg = request.routeOptions.config;
    if (!tokenCovers(actor, request.method, cfg)) {
      const readOnly = isSafeMethod(request.method) || cfg.readOnly === true;
      const scopes = actor.scopes ?? [];
      throw new AppError(
        'forbidden',
        scopes.includes('read') && !readOnly
          ? { en: 'This API token is read-only.', zh: '该接口令牌为只读令牌。' }
          : {
              en: `This API token's scopes (${scopes.join(', ') || 'none'}) do not cover this route.`,
              zh: `该接口令牌的权限范围（${scopes.join('、') || '无'}）不包括此接口。`,
            },
      );
    }
  });
}
