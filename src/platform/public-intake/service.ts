import crypto from 'node:crypto';
import type { Clock } from '../clock.js';
import { AppError, type Bilingual } from '../errors.js';
import { CodeBook, type CodeCheck } from './codes.js';
import { parseContact, type Contact } from './contact.js';
import { checkPow, issueChallenge, POW_MAX_BITS } from './pow.js';
import type { CodeLog, CodeSender } from './sender-io.js';

/** The settings of public intake (src/platform/config.ts reads them from the environment). */
export interface IntakeSettings {
  /** Proof-of-work bits at rest (WANGAN_POW_DIFFICULTY). */
  powDifficulty: number;
  /** How long a challenge may be answered, seconds. */
  powTtlSeconds: number;
  /** Submissions per address per minute on an intake route (WANGAN_INTAKE_RATE_LIMIT). */
  perIpPerMinute: number;
  /** Submissions per minute from everyone together before 429 (WANGAN_INTAKE_FLOOD_PER_MINUTE). */
  floodPerMinute: number;
}

/** Extra bits while the submissions of a minute exceed a quarter of the flood cap. */
export const POW_LOAD_BITS = 2;
export const OTP_TTL_MS = 10 * 60_000;
export const OTP_MAX_TRIES = 5;
export const OTP_RESEND_MS = 60_000;
/** Spent challenges and codes kept at most (both are bounded anyway by the flood cap times their life). */
const MAX_REMEMBERED = 100_000;

export interface PowAnswer {
  challenge: string;
  nonce: string;
}

const invalid = (field: string, messages: Bilingual, reason: string) =>
  new AppError('validation_failed', messages, [{ path: `/${field}`, message: messages.en, reason }], field);

function rateLimited(seconds: number, messages: Bilingual): AppError {
  return new AppError('rate_limited', messages, { retryAfterSeconds: Math.max(1, Math.ceil(seconds)) });
}

const powText: Record<string, Bilingual> = {
  malformed: {
    en: 'The anti-spam check is not valid; reload the page and try again.',
    zh: '防刷验证无效，请刷新页面后重试。',
  },
  forged: {
    en: 'The anti-spam check is not valid; reload the page and try again.',
    zh: '防刷验证无效，请刷新页面后重试。',
  },
  expired: { en: 'The anti-spam check has expired; try again.', zh: '防刷验证已过期，请重新提交。' },
  too_few_bits: {
    en: 'The anti-spam check was not solved; try again.',
    zh: '防刷验证未完成，请重新提交。',
  },
  reused: {
    en: 'This anti-spam check was used already; try again.',
    zh: '该防刷验证已使用过，请重新提交。',
  },
};

const codeText: Record<Exclude<CodeCheck, 'ok'>, Bilingual> = {
  wrong: { en: 'The verification code is wrong.', zh: '验证码不正确。' },
  expired: { en: 'The verification code has expired; ask for a new one.', zh: '验证码已过期，请重新获取。' },
  missing: {
    en: 'No verification code is waiting for this address; ask for one first.',
    zh: '尚未向该联系方式发送验证码，或验证码已使用，请先获取验证码。',
  },
  exhausted: {
    en: 'The verification code was entered wrongly too many times; ask for a new one.',
    zh: '验证码输错次数过多，请重新获取。',
  },
};

/**
 * Public intake: what an anonymous form needs before the server takes its
 * submission, built once for every public form (the complaint and reporting
 * channel, the privacy desk, the real-name flows). Nothing in it knows what
 * is submitted.
 *
 * - `challenge()`: a signed, stateless proof-of-work challenge (GET
 *   /api/public/challenge); `spend(pow)` checks an answer (MAC, expiry, bits)
 *   and that it was not used before, or throws 400 naming `pow`.
 * - `admit()`: the flood cap over all intake routes together (429 with
 *   `retryAfterSeconds`); `intakeRoute()` in ./routes.ts gives a route it and
 *   the tighter per-address limit in one spread.
 * - `sendCode({to, purpose, pow})`: a 6-digit code to an e-mail address or
 *   mainland mobile number through the configured `CodeSender` (POST
 *   /api/public/otp); `verifyCode(to, purpose, code)` answers what the code
 *   is, `requireCode(...)` throws 400 naming the field unless it is right.
 *   A right code is spent.
 *
 * State (spent challenges, codes, the minute's count) is in this process's
 * memory: several server processes behind one address share the key only
 * through WANGAN_SECRET_KEY, and each keeps its own spent set.
 */
export class PublicIntake {
  private readonly spent = new Map<string, number>();
  private readonly codes = new CodeBook({
    ttlMs: OTP_TTL_MS,
    maxTries: OTP_MAX_TRIES,
    resendMs: OTP_RESEND_MS,
    maxEntries: MAX_REMEMBERED,
  });
  private minute = 0;
  private thisMinute = 0;
  private lastMinute = 0;

  constructor(
    private readonly key: Buffer,
    private readonly clock: Clock,
    readonly settings: IntakeSettings,
    private sender: CodeSender,
  ) {}

  /** The sender codes go through (a test or an embedding may bring its own). */
  useSender(sender: CodeSender): void {
    this.sender = sender;
  }

  /** Hands the server's logger to a sender that writes to it (the development sender). */
  attachLog(write: CodeLog): void {
    this.sender.useLog?.(write);
  }

  get senderName(): string {
    return this.sender.name;
  }

  private roll(now: number): void {
    const m = Math.floor(now / 60_000);
    if (m === this.minute) return;
    this.lastMinute = m === this.minute + 1 ? this.thisMinute : 0;
    this.thisMinute = 0;
    this.minute = m;
  }

  /** The bits a new challenge asks for: the setting, plus POW_LOAD_BITS while submissions crowd in. */
  difficulty(): number {
    this.roll(this.clock.now().getTime());
    const load = Math.max(this.thisMinute, this.lastMinute);
    const busy = load > Math.max(1, Math.floor(this.settings.floodPerMinute / 4));
    return Math.min(POW_MAX_BITS, this.settings.powDifficulty + (busy ? POW_LOAD_BITS : 0));
  }

  challenge(): { challenge: string; difficulty: number; expiresAt: string } {
    const c = issueChallenge(this.key, {
      now: this.clock.now(),
      ttlMs: this.settings.powTtlSeconds * 1000,
      difficulty: this.difficulty(),
      random: crypto.randomBytes(12).toString('base64url'),
    });
    return { challenge: c.challenge, difficulty: c.difficulty, expiresAt: c.expiresAt.toISOString() };
  }

  /**
   * Counts a submission against the flood cap; throws 429 when this minute is full.
   * With the submission's proof of work, an answer that does not hold is refused (400)
   * before it is counted: unsolved junk never fills the cap for real users.
   */
  admit(pow?: PowAnswer): void {
    if (pow) this.check(pow);
    const now = this.clock.now().getTime();
    this.roll(now);
    if (this.thisMinute >= this.settings.floodPerMinute)
      throw rateLimited((60_000 - (now % 60_000)) / 1000, {
        en: 'The form is receiving too many submissions right now; try again in a minute.',
        zh: '当前提交量过大，请一分钟后再试。',
      });
    this.thisMinute++;
  }

  /** Checks a proof of work and marks it spent; throws 400 naming `pow` when it does not hold. */
  spend(pow: PowAnswer): void {
    const now = this.clock.now();
    const expiresAt = this.check(pow);
    if (this.spent.size >= MAX_REMEMBERED) {
      for (const [c, exp] of this.spent) if (exp <= now.getTime()) this.spent.delete(c);
      if (this.spent.size >= MAX_REMEMBERED)
        throw rateLimited(60, {
          en: 'The form is receiving too many submissions right now; try again in a minute.',
          zh: '当前提交量过大，请一分钟后再试。',
        });
    }
    this.spent.set(pow.challenge, expiresAt);
  }

  /** Whether an answer holds (MAC, expiry, bits, not spent), without spending it; throws 400 naming `pow`. */
  private check(pow: PowAnswer): number {
    const r = checkPow(this.key, pow.challenge, pow.nonce, this.clock.now());
    if (!r.ok) throw invalid('pow', powText[r.reason]!, r.reason);
    if (this.spent.has(pow.challenge)) throw invalid('pow', powText.reused!, 'reused');
    return r.expiresAt;
  }

  /** The normalised address, or 400 naming `field`. */
  contact(to: string, field = 'to'): Contact {
    const c = parseContact(to);
    if (!c)
      throw invalid(
        field,
        {
          en: 'Give an e-mail address or a mainland mobile number (11 digits).',
          zh: '请填写电子邮箱或中国大陆手机号码（11位）。',
        },
        'not_a_contact',
      );
    return c;
  }

  /** Sends a code for `purpose` (after the proof of work); at most one send a minute per address. */
  async sendCode(input: {
    to: string;
    purpose: string;
    pow: PowAnswer;
  }): Promise<{ sent: true; expiresAt: string }> {
    const to = this.contact(input.to);
    this.spend(input.pow);
    return this.issueAndSend(to, input.purpose);
  }

  /**
   * Sends a code for `purpose` to a caller the server already knows (a
   * service account enrolling its user, identity.gate): no proof of work,
   * the same once-a-minute limit per address. Answers 429 with
   * `retryAfterSeconds` when a code went to the address less than a minute ago.
   */
  async sendCodeTrusted(input: { to: string; purpose: string }): Promise<{ sent: true; expiresAt: string }> {
    return this.issueAndSend(this.contact(input.to), input.purpose);
  }

  private async issueAndSend(to: Contact, purpose: string): Promise<{ sent: true; expiresAt: string }> {
    const now = this.clock.now().getTime();
    const wait = this.codes.waitBeforeSend(to.value, now);
    if (wait > 0)
      throw rateLimited(wait / 1000, {
        en: `A code was sent to this address less than a minute ago; try again in ${Math.ceil(wait / 1000)} seconds.`,
        zh: `一分钟内已向该联系方式发送过验证码，请 ${Math.ceil(wait / 1000)} 秒后再试。`,
      });
    const previous = this.codes.lastSentAt(to.value);
    const { code, expiresAt } = this.codes.issue(to.value, purpose, now);
    try {
      await this.sender.send(to.value, code, purpose);
    } catch {
      // Not delivered: the code is taken back, so a retry is not held to the once-a-minute wait.
      this.codes.withdraw(to.value, purpose, previous);
      throw new AppError(
        'code_sender_unavailable',
        {
          en: 'The verification code could not be sent just now; try again in a moment.',
          zh: '验证码暂时无法发送，请稍后重试。',
        },
        { retryAfterSeconds: 30, sender: this.sender.name },
      );
    }
    return { sent: true, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** What a code is worth for (to, purpose): `ok` once (a right code is spent). */
  verifyCode(to: string, purpose: string, code: string): CodeCheck {
    const c = parseContact(to);
    if (!c) return 'missing';
    return this.codes.check(c.value, purpose, code, this.clock.now().getTime());
  }

  /** Like verifyCode, throwing 400 naming `field` unless the code is right. */
  requireCode(to: string, purpose: string, code: string | undefined, field = 'code'): void {
    if (!code) throw invalid(field, { en: 'Enter the verification code.', zh: '请填写验证码。' }, 'missing');
    const r = this.verifyCode(to, purpose, code);
    if (r !== 'ok') throw invalid(field, codeText[r], r);
  }
}
