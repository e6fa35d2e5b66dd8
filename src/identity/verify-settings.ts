import { bad, positiveInt } from '../platform/settings-kit.js';
import type { IdentityFile } from './catalog-schema.js';

/** The identity-check provider and its bridge (README, "Real-name gate"). */
export interface VerifySettings {
  /** `simulator` (tests, the demo: the status says simulated) or `http` (an operator's bridge). */
  checkProvider: 'simulator' | 'http';
  checkUrl: string | null;
  checkSecret: string | null;
  checkTimeoutMs: number;
}

export const verifyVariables: readonly string[] = [
  'WANGAN_IDENTITY_CHECK_PROVIDER',
  'WANGAN_IDENTITY_CHECK_URL',
  'WANGAN_IDENTITY_CHECK_SECRET',
  'WANGAN_IDENTITY_CHECK_TIMEOUT_MS',
];

export function readVerifySettings(env: NodeJS.ProcessEnv, _catalog: IdentityFile): VerifySettings {
  const provider = (env.WANGAN_IDENTITY_CHECK_PROVIDER ?? '').trim() || 'simulator';
  if (provider !== 'simulator' && provider !== 'http')
    throw bad('WANGAN_IDENTITY_CHECK_PROVIDER', {
      zh: `环境变量 WANGAN_IDENTITY_CHECK_PROVIDER 须为 simulator 或 http，收到：${provider}。`,
      en: `WANGAN_IDENTITY_CHECK_PROVIDER must be "simulator" or "http"; got ${provider}.`,
    });
  const url = env.WANGAN_IDENTITY_CHECK_URL?.trim() || null;
  const secret = env.WANGAN_IDENTITY_CHECK_SECRET?.trim() || null;
  if (provider === 'http') {
    if (!url || !/^https?:\/\/\S+$/.test(url))
      throw bad('WANGAN_IDENTITY_CHECK_URL', {
        zh: '使用 http 核验服务时，须以环境变量 WANGAN_IDENTITY_CHECK_URL 设置核验桥接服务的地址（http:// 或 https://）。',
        en: 'With WANGAN_IDENTITY_CHECK_PROVIDER=http, set WANGAN_IDENTITY_CHECK_URL to the bridge address (http:// or https://).',
      });
    if (!secret || secret.length < 16)
      throw bad('WANGAN_IDENTITY_CHECK_SECRET', {
        zh: '使用 http 核验服务时，须以环境变量 WANGAN_IDENTITY_CHECK_SECRET 设置至少16个字符的签名密钥。',
        en: 'With WANGAN_IDENTITY_CHECK_PROVIDER=http, set WANGAN_IDENTITY_CHECK_SECRET (16 characters or more) to sign the requests.',
      });
  }
  return {
    checkProvider: provider,
    checkUrl: url,
    checkSecret: secret,
    checkTimeoutMs: positiveInt(env, 'WANGAN_IDENTITY_CHECK_TIMEOUT_MS', 5000).value,
  };
}
