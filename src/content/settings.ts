import { complaintVariables } from './complaints-variables.js';
import { takedownDeadlineVariable } from './takedowns-settings.js';
import { bad, duration, list, positiveInt, type Overridable } from '../platform/settings-kit.js';
import type { SettingsSection } from '../platform/module.js';
import type { ContentFile } from './catalog-schema.js';

/**
 * The content capability's settings: one section (`ctx.settings<ContentSettings>('content')`)
 * with a sub-section per area. Each area appends its own block below and its
 * variables to `contentVariables`; defaults come from catalog/content.yaml.
 */
export interface ContentSettings {
  screening: ScreeningSettings;
}

// ---- screening (s7b) ---------------------------------------------------------------

export interface ScreeningSettings {
  /** Days a disposal record is kept (catalog disposal_retention.default_days; uncertain). */
  retentionDays: Overridable<number>;
  /** The platform's deletion is due this long after detection (catalog deletion_due; ISO 8601). */
  deletionDue: Overridable<string>;
  /** A disposal is reported within this long of detection (catalog report_due; ISO 8601). */
  reportDue: Overridable<string>;
  /** Where the platform takes deletion requests (none: deletions are confirmed by hand). */
  deleteWebhook: string | null;
  /** The HMAC-SHA256 key of the webhook's signature header. */
  deleteSecret: string | null;
  /** Items of these services are e-messaging (Art 50): their disposals serve csl.messaging-provider-duties. */
  messagingServices: readonly string[];
  /** Items of these services are an app store's (Art 50): csl.app-store-duties. */
  appStoreServices: readonly string[];
  /** Held and blocked items waiting to be written, past which screening answers 503 screening_backlog. */
  backlogMax: number;
}

export const screeningVariables = [
  'WANGAN_CONTENT_DISPOSAL_RETENTION_DAYS',
  'WANGAN_CONTENT_DELETION_DUE',
  'WANGAN_CONTENT_REPORT_DUE',
  'WANGAN_CONTENT_DELETE_WEBHOOK',
  'WANGAN_CONTENT_DELETE_SECRET',
  'WANGAN_CONTENT_MESSAGING_SERVICES',
  'WANGAN_CONTENT_APP_STORE_SERVICES',
  'WANGAN_CONTENT_SCREEN_BACKLOG',
] as const;

export const DEFAULT_SCREEN_BACKLOG = 100_000;

function webhook(env: NodeJS.ProcessEnv): string | null {
  const raw = env.WANGAN_CONTENT_DELETE_WEBHOOK?.trim();
  if (!raw) return null;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    throw bad('WANGAN_CONTENT_DELETE_WEBHOOK', {
      zh: `环境变量 WANGAN_CONTENT_DELETE_WEBHOOK 须为 http 或 https 地址，收到：${raw}。`,
      en: `WANGAN_CONTENT_DELETE_WEBHOOK must be an http or https address; got ${raw}.`,
    });
  return url.toString();
}

export function readScreeningSettings(env: NodeJS.ProcessEnv, catalog: ContentFile): ScreeningSettings {
  const deleteWebhook = webhook(env);
  const deleteSecret = env.WANGAN_CONTENT_DELETE_SECRET?.trim() || null;
  if (deleteWebhook && !deleteSecret)
    throw bad('WANGAN_CONTENT_DELETE_SECRET', {
      zh: '已设置 WANGAN_CONTENT_DELETE_WEBHOOK（平台删除接口），但未设置 WANGAN_CONTENT_DELETE_SECRET：须给出签名密钥，平台据此核验删除请求。',
      en: 'WANGAN_CONTENT_DELETE_WEBHOOK is set but WANGAN_CONTENT_DELETE_SECRET is not: give the signing key the platform checks deletion requests with.',
    });
  return {
    retentionDays: positiveInt(
      env,
      'WANGAN_CONTENT_DISPOSAL_RETENTION_DAYS',
      catalog.disposal_retention.default_days,
    ),
    deletionDue: duration(env, 'WANGAN_CONTENT_DELETION_DUE', catalog.deletion_due.duration),
    reportDue: duration(env, 'WANGAN_CONTENT_REPORT_DUE', catalog.report_due.duration),
    deleteWebhook,
    deleteSecret,
    messagingServices: list(env, 'WANGAN_CONTENT_MESSAGING_SERVICES'),
    appStoreServices: list(env, 'WANGAN_CONTENT_APP_STORE_SERVICES'),
    backlogMax: positiveInt(env, 'WANGAN_CONTENT_SCREEN_BACKLOG', DEFAULT_SCREEN_BACKLOG).value,
  };
}

// ---- the section ------------------------------------------------------------------

export const contentVariables = [
  ...screeningVariables,
  ...complaintVariables,
  takedownDeadlineVariable,
] as const;

export function contentSettings(catalog: ContentFile): SettingsSection<ContentSettings> {
  return {
    variables: contentVariables,
    read: (env) => ({ screening: readScreeningSettings(env, catalog) }),
  };
}
