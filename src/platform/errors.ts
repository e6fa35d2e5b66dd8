/**
 * Errors a user can cause carry a stable `code` (part of the API contract:
 * clients and tests match on it) and an HTTP status. Anything else is an
 * internal error and is never shown to the client in detail.
 */
export const errorCodes = {
  invalid_credentials: 401,
  unauthenticated: 401,
  session_expired: 401,
  token_revoked: 401,
  token_expired: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  headers_too_large: 431,
  request_timeout: 408,
  unsupported_media_type: 415,
  invalid_json: 400,
  validation_failed: 400,
  bad_request: 400,
  rate_limited: 429,
  data_locked: 409,
  not_applicable: 409,
  /** The ledger's self-check failed: no audit pack until it is resolved. */
  ledger_unverified: 503,
  /** A store that cannot take more now (the log vault's disk nearly full): retry later, nothing stored was harmed. */
  storage_unavailable: 503,
  /** Screening's queue of held and blocked items to write is full (content): retry shortly. */
  screening_backlog: 503,
  /** A known person given with another name or phone than the vault holds (identity): never re-written by an enrolment. */
  identity_mismatch: 409,
  /** The one-time code sender (an SMS or mail gateway) did not take the code: retry later; no code was spent. */
  code_sender_unavailable: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof errorCodes;

/** A sentence for a user, in both console languages. */
export interface Bilingual {
  zh: string;
  en: string;
}

/**
 * `new AppError(code, { zh, en }, details?, field?)`. `field` is the one
 * request field at fault, when there is one (read from `details.field` when
 * not given). A plain string is the
 * English sentence of an error not yet translated; the response then carries
 * the code's generic Chinese sentence (see `genericZh`).
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;
  readonly messages: Bilingual;
  readonly field: string | undefined;

  /** Fastify and its plugins read `statusCode`. */
  get statusCode(): number {
    return this.status;
  }

  constructor(code: ErrorCode, message: string | Bilingual, details?: unknown, field?: string) {
    const messages = typeof message === 'string' ? { en: message, zh: genericZh[code] } : message;
    super(messages.en);
    this.name = 'AppError';
    this.code = code;
    this.status = errorCodes[code];
    this.messages = messages;
    this.details = details;
    const inDetails = (details as { field?: unknown } | null | undefined)?.field;
    this.field = field ?? (typeof inDetails === 'string' ? inDetails : undefined);
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

/** The code's sentence in Chinese, for errors whose own sentence is not translated yet. */
export const genericZh: Record<ErrorCode, string> = {
  invalid_credentials: '用户名或密码错误。',
  unauthenticated: '请先登录。',
  session_expired: '登录已过期，请重新登录。',
  token_revoked: '该令牌已被吊销。',
  token_expired: '该令牌已过期。',
  forbidden: '您没有执行此操作的权限。',
  csrf_failed: '请求校验失败，请刷新页面后重试。',
  not_found: '未找到所请求的内容。',
  conflict: '与已有数据冲突。',
  payload_too_large: '请求内容超过服务器允许的大小。',
  headers_too_large: '请求头超过服务器允许的大小。',
  request_timeout: '请求超时。',
  unsupported_media_type: '不支持的内容类型，请以 JSON 发送。',
  invalid_json: '请求内容不是有效的 JSON。',
  validation_failed: '提交的内容未通过校验。',
  bad_request: '请求无效。',
  rate_limited: '请求过于频繁，请稍后再试。',
  data_locked: '数据目录正被另一进程使用。',
  not_applicable: '该义务已标记为不适用。',
  ledger_unverified: '证据账本自检未通过，暂不能导出。',
  storage_unavailable: '存储暂不可用，请稍后重试；已保存的内容不受影响。',
  screening_backlog: '待写入的审核记录积压过多，请稍后重试。',
  identity_mismatch: '提交的身份信息与已登记的信息不一致。',
  code_sender_unavailable: '验证码发送服务暂不可用，请稍后重试。',
  internal: '服务器内部错误，详情见服务器日志。',
};
