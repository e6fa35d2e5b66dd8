import fs from 'node:fs';
import type { Socket } from 'node:net';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { AuditService } from '../audit/service.js';
import type { AuthService } from '../auth/service.js';
import type { Config } from '../config.js';
import { AppError, genericZh, isAppError, type Bilingual, type ErrorCode } from '../errors.js';
import { issuesSentence, issueText, singleField, type IssueLike } from '../validation-text.js';

type Lang = 'zh' | 'en';
const errorBody = (code: ErrorCode, message: string | Bilingual, details?: unknown, lang: Lang = 'en') =>
  bodyOf(code, message, details, undefined, lang);
import { collectRoutes, installGuard, isSafeMethod, markScopePublic, type DeclaredRoute } from './guard.js';
import { lineDestination, lineResponse, scrubbedRequest, readableLogs } from './log-line.js';

export type ZodApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface HttpDeps {
  config: Config;
  auth: AuthService;
  audit: AuditService;
  /** pino options, or false for silent tests. */
  logger?: boolean | Record<string, unknown>;
  version: string;
}

export interface HttpServer {
  app: ZodApp;
  routes: DeclaredRoute[];
}

/** Log redaction: headers and body fields that carry credentials. */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
];

/** The request's language: the console's (`x-wangan-lang`), else Accept-Language; English by default. */
export function requestLang(headers: Record<string, string | string[] | undefined>): Lang {
  const own = headers['x-wangan-lang'];
  if (own === 'zh' || own === 'en') return own;
  const accept = headers['accept-language'];
  const first = (Array.isArray(accept) ? accept[0] : accept)?.split(',')[0]?.trim().toLowerCase();
  return first?.startsWith('zh') ? 'zh' : 'en';
}

/**
 * `{ error: { code, message, messages: { zh, en }, field?, details? } }`: the
 * message in the request's language, both languages for a console that
 * switches, and the one field at fault when there is one.
 */
function bodyOf(
  code: ErrorCode,
  message: string | Bilingual,
  details?: unknown,
  field?: string,
  lang: Lang = 'en',
) {
  const messages = typeof message === 'string' ? { en: message, zh: genericZh[code] } : message;
  return {
    error: {
      code,
      message: messages[lang],
      messages,
      ...(field === undefined ? {} : { field }),
      ...(details === undefined ? {} : { details }),
    },
  };
}

/** Maps every failure to `{ error: { code, message, messages } }` with a stable code. */
function translateError(
  err: FastifyError | AppError | Error,
  lang: Lang,
): {
  status: number;
  body: ReturnType<typeof errorBody>;
} {
  const errorBody = (code: ErrorCode, message: string | Bilingual, details?: unknown, field?: string) =>
    bodyOf(code, message, details, field, lang);
  if (isAppError(err))
    return { status: err.status, body: errorBody(err.code, err.messages, err.details, err.field) };
  if (hasZodFastifySchemaValidationErrors(err)) {
    // Each issue keeps zod's English `message` and gains its Chinese (`messages`).
    const issues = err.validation.map((v) => {
      const issue = { ...(v.params as object), code: v.keyword, message: v.message ?? '' } as IssueLike;
      return { path: v.instancePath || '/', message: issue.message, messages: issueText(issue) };
    });
    const where = err.validationContext ?? 'request';
    const sentence = issuesSentence(
      where,
      issues.map((i) => ({ path: i.path, message: i.messages })),
    );
    return {
      status: 400,
      body: errorBody('validation_failed', sentence, issues, singleField(issues)),
    };
  }
  const fe = err as FastifyError;
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        status: 413,
        body: errorBody('payload_too_large', {
          en: 'The request body is larger than the server accepts.',
          zh: '提交的内容超过服务器允许的大小。',
        }),
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        body: errorBody('unsupported_media_type', {
          en: 'Send JSON (Content-Type: application/json).',
          zh: '请以 JSON 格式提交（Content-Type: application/json）。',
        }),
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return {
        status: 400,
        body: errorBody('invalid_json', {
          en: 'The body is empty but Content-Type says JSON.',
          zh: '请求声明为 JSON，但内容为空。',
        }),
      };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, body: errorBody('invalid_json', notJson) };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return {
        status: 400,
        body: errorBody('bad_request', {
          en: 'Content-Length does not match the body.',
          zh: '请求声明的长度与实际内容不符。',
        }),
      };
  }
  if (fe.statusCode === 400 && err instanceof SyntaxError) {
    return { status: 400, body: errorBody('invalid_json', notJson) };
  }
  if (fe.statusCode === 429) return { status: 429, body: errorBody('rate_limited', tooMany) };
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    // A framework's own sentence (English only): the Chinese says what kind of refusal it is.
    return {
      status: fe.statusCode,
      body: errorBody('bad_request', { en: fe.message, zh: '请求无效，服务器无法处理。' }),
    };
  }
  return {
    status: 500,
    body: errorBody('internal', {
      en: 'Internal error; the server log has details.',
      zh: '服务器内部错误，详情见服务器日志。',
    }),
  };
}

const notJson: Bilingual = { en: 'The body is not valid JSON.', zh: '提交的内容不是有效的 JSON。' };
const tooMany: Bilingual = {
  en: 'Too many requests; try again later.',
  zh: '请求过于频繁，请稍后再试。',
};

/** Where in a value (JSON Pointer) a string holds U+0000, which PostgreSQL text cannot store. */
export function findNul(value: unknown, at = ''): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? at || '/' : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [k, v] of Object.entries(value)) {
    const here = `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (k.includes('\u0000')) return here;
    const found = findNul(v, here);
    if (found) return found;
  }
  return undefined;
}

/**
 * Errors Node's HTTP parser meets before Fastify sees a request (headers
 * larger than Node accepts, a request too slow, malformed HTTP): answered on
 * the socket, in the same JSON shape as every other error.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, body] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [
          431,
          'Request Header Fields Too Large',
          errorBody('headers_too_large', {
            en: 'The request headers are larger than the server accepts.',
            zh: '请求头超过服务器允许的大小。',
          }),
        ]
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [
            408,
            'Request Timeout',
            errorBody('request_timeout', {
              en: 'The request took too long to arrive.',
              zh: '请求传输超时。',
            }),
          ]
        : [
            400,
            'Bad Request',
            errorBody('bad_request', {
              en: 'The request is not valid HTTP.',
              zh: '请求不是有效的 HTTP 请求。',
            }),
          ];
  const json = JSON.stringify(body);
  if (socket.writable)
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`,
    );
  else socket.destroy(err);
}

/** Each server's anonymous rate limit, for the not-found handler `serveWebConsole` installs. */
const anonymousLimits = new WeakMap<object, number>();

export async function createHttpServer(deps: HttpDeps): Promise<HttpServer> {
  const { config } = deps;
  // On a terminal, one readable line per request; JSON anywhere else, or where the caller gives a stream.
  const lines =
    deps.logger !== false &&
    !(typeof deps.logger === 'object' && 'stream' in deps.logger) &&
    readableLogs(config.logFormat, process.stdout.isTTY);
  const logger =
    deps.logger === false
      ? false
      : {
          level: config.logLevel,
          redact: { paths: redactPaths, censor: '[redacted]' },
          serializers: { req: scrubbedRequest, ...(lines ? { res: lineResponse } : {}) },
          ...(lines ? { stream: lineDestination(process.stdout) } : {}),
          ...(typeof deps.logger === 'object' ? deps.logger : {}),
        };
  const app = Fastify({
    logger,
    bodyLimit: config.bodyLimit,
    clientErrorHandler,
    // Errors of the router itself (bad percent-encoding, an over-long path segment): our shape too.
    frameworkErrors: (err, request, reply) => {
      const message: Bilingual =
        err.code === 'FST_ERR_BAD_URL'
          ? {
              en: 'The URL is not valid: it has a broken percent-encoding.',
              zh: '网址无效：其中的百分号编码有误。',
            }
          : err.code === 'FST_ERR_MAX_PARAM_LENGTH'
            ? {
                en: 'A part of the URL is longer than the server accepts.',
                zh: '网址中的某一段超过服务器允许的长度。',
              }
            : { en: 'The request cannot be routed.', zh: '无法处理该请求的网址。' };
      // Routed nowhere, so no hook sees it: a refused write is counted with the other noise.
      if (!isSafeMethod(request.method))
        void deps.audit
          .recordAnonymousRefusal({
            method: request.method,
            path: (request.url.split('?')[0] ?? '').slice(0, 200),
            status: 400,
            ip: request.ip,
            userAgent: request.headers['user-agent'],
          })
          .catch(() => {});
      void (reply as FastifyReply)
        .status(400)
        .send(errorBody('bad_request', message, undefined, requestLang(request.headers)));
    },
    trustProxy: config.trustProxy,
  }).withTypeProvider<ZodTypeProvider>() as unknown as ZodApp;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const routes = collectRoutes(app);
  anonymousLimits.set(app, config.anonymousRateLimit);

  app.setErrorHandler((err, request, reply) => {
    if (isResponseSerializationError(err)) request.log.error({ err }, 'response did not match its schema');
    const { status, body } = translateError(err as Error, requestLang(request.headers));
    if (status >= 500) request.log.error({ err }, 'request failed');
    void reply.status(status).send(body);
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        fontSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie);
  // Before the plugin, which reads route configs in its own onRoute hook.
  // Unauthenticated API routes are rate limited per address.
  app.addHook('onRoute', (options) => {
    const cfg = options.config ?? {};
    if (cfg.access === 'public' && options.url.startsWith('/api/') && !('rateLimit' in cfg)) {
      options.config = { ...cfg, rateLimit: { max: config.anonymousRateLimit, timeWindow: '1 minute' } };
    }
  });

  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: () => new AppError('rate_limited', tooMany),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'wangan API',
        description: 'Cybersecurity Law compliance platform',
        version: deps.version,
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'wangan_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });

  installGuard(app, deps.auth);

  // PostgreSQL cannot store U+0000 in text: refuse it in any string of the request, naming where.
  app.addHook('preValidation', async (request) => {
    const parts = [
      ['params', request.params],
      ['querystring', request.query],
      ['body', request.body],
    ] as const;
    for (const [where, value] of parts) {
      const at = findNul(value);
      if (at) {
        const messages: Bilingual = {
          en: 'must not contain the NUL character (U+0000)',
          zh: '不能包含空字符（U+0000）。',
        };
        const issues = [{ path: at, message: messages.en, messages }];
        throw new AppError(
          'validation_failed',
          issuesSentence(where, [{ path: at, message: messages }]),
          issues,
          singleField(issues),
        );
      }
    }
  });

  // Every state-changing request lands in the audit trail, allowed or not. Refusals of
  // requests nobody is identified for (no such route, rate limited, a closed route) are
  // counted per address, status and hour instead of one row each: anonymous noise
  // cannot fill the disk. Written before the answer leaves (onSend, not onResponse): a
  // client that has its answer finds the request in the trail, and a crash between the
  // two cannot lose the row of a request that was answered.
  app.addHook('onSend', async (request, reply, payload) => {
    if (isSafeMethod(request.method)) return payload;
    const cfg = request.routeOptions.config;
    const status = reply.statusCode;
    if (cfg.audit === 'refusals' && status < 400) return payload;
    try {
      if (
        !request.actor &&
        status >= 400 &&
        (request.is404 || status === 404 || status === 429 || cfg.access !== 'public')
      ) {
        await deps.audit.recordAnonymousRefusal({
          method: request.method,
          path: request.url.split('?')[0] ?? request.url,
          status,
          ip: request.ip,
          userAgent: request.headers['user-agent'],
        });
        return payload;
      }
      await deps.audit.record({
        actor: request.actor,
        action: cfg.action ?? `${request.method} ${request.routeOptions.url ?? request.url}`,
        method: request.method,
        path: request.url.split('?')[0] ?? request.url,
        status,
        ip: request.ip,
        userAgent: request.headers['user-agent'],
        ...(request.auditDetail ? { detail: request.auditDetail } : {}),
      });
    } catch (err) {
      request.log.error({ err }, 'could not write the audit trail');
    }
    return payload;
  });

  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  await app.register(async (scope) => {
    markScopePublic(scope);
    await scope.register(swaggerUi, { routePrefix: '/api/docs' });
  });

  return { app, routes };
}

/** Serves the built console; unknown non-API paths get index.html (client-side routes). */
export async function serveWebConsole(app: ZodApp, webDist: string): Promise<boolean> {
  const index = path.join(webDist, 'index.html');
  const built = fs.existsSync(index);
  await app.register(async (scope) => {
    markScopePublic(scope);
    if (built) {
      // The build writes .br and .gz beside each asset (web/vite.config.ts): sent as they are to a
      // browser that accepts them, with no compression work per request.
      await scope.register(fastifyStatic, {
        root: webDist,
        wildcard: false,
        index: false,
        preCompressed: true,
      });
      // Hashed asset names: cache for a year.
      scope.addHook('onSend', async (request, reply) => {
        if (request.url.startsWith('/assets/'))
          void reply.header('cache-control', 'public, max-age=31536000, immutable');
      });
    }
    scope.get('/', { schema: { hide: true } }, async (_req, reply) => sendIndex(reply, built, index));
  });
  // Writes to paths that do not exist are rate limited per address like anonymous routes.
  const unroutedWrites = app.rateLimit({
    max: anonymousLimits.get(app) ?? 30,
    timeWindow: '1 minute',
    allowList: (request) => isSafeMethod(request.method),
  });
  app.setNotFoundHandler({ preHandler: unroutedWrites }, async (request, reply) => {
    if (
      request.url.startsWith('/api/') ||
      !isSafeMethod(request.method) ||
      path.extname(request.url.split('?')[0] ?? '')
    ) {
      return reply.status(404).send(
        errorBody(
          'not_found',
          {
            en: `No route ${request.method} ${request.url.split('?')[0]}`,
            zh: `没有这个接口：${request.method} ${request.url.split('?')[0]}`,
          },
          undefined,
          requestLang(request.headers),
        ),
      );
    }
    return sendIndex(reply, built, index);
  });
  return built;
}

function sendIndex(reply: FastifyReply, built: boolean, index: string) {
  if (!built) {
    return reply
      .type('text/plain; charset=utf-8')
      .send(
        'The web console has not been built. Run `npm run build:web` (npm start does it for you), then reload.',
      );
  }
  return reply
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-cache')
    .send(fs.createReadStream(index));
}
