import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import { describeEachDatabase, useTestApp } from '../../../test/helpers.js';
import { fixedClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { AppError } from '../errors.js';
import { CodeBook } from './codes.js';
import { maskContact, parseContact } from './contact.js';
import { checkPow, issueChallenge, leadingZeroBits, solvePow, type PowCheck } from './pow.js';
import { codeSenderFor, LogCodeSender, type CodeSender } from './sender-io.js';
import { PublicIntake, type IntakeSettings } from './service.js';

const key = crypto.randomBytes(32);
const t0 = new Date('2026-09-30T02:00:00Z');

/** A code sender that keeps what it was asked to send (the test reads the code from it). */
function keepingSender(): CodeSender & { sent: { to: string; code: string; purpose: string }[] } {
  const sent: { to: string; code: string; purpose: string }[] = [];
  return { name: 'test', sent, send: async (to, code, purpose) => void sent.push({ to, code, purpose }) };
}

/** The reason of a 400 naming a field, or the code of another refusal. */
function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof AppError, String(err));
    const d = err.details as { reason?: string }[] | undefined;
    return err.code === 'validation_failed' ? `${err.field}:${d?.[0]?.reason}` : err.code;
  }
  return 'accepted';
}

describe('proof of work (pure)', () => {
  const issued = issueChallenge(key, { now: t0, ttlMs: 60_000, difficulty: 8, random: 'abc' });
  const good = solvePow(issued.challenge, 8);
  const [v, exp, rnd, bits, mac] = issued.challenge.split('.');
  // A nonce with fewer than 8 leading zero bits for this challenge.
  let weak = 0;
  while (leadingZeroBits(crypto.createHash('sha256').update(`${issued.challenge}:w${weak}`).digest()) >= 8)
    weak++;

  const cases: { name: string; challenge: string; nonce: string; at: Date; want: PowCheck['ok'] | string }[] =
    [
      { name: 'solved, in time', challenge: issued.challenge, nonce: good, at: t0, want: true },
      { name: 'too few bits', challenge: issued.challenge, nonce: `w${weak}`, at: t0, want: 'too_few_bits' },
      { name: 'empty nonce', challenge: issued.challenge, nonce: '', at: t0, want: 'too_few_bits' },
      {
        name: 'expired',
        challenge: issued.challenge,
        nonce: good,
        at: new Date(t0.getTime() + 60_000),
        want: 'expired',
      },
      {
        name: 'difficulty lowered by the client (MAC no longer holds)',
        challenge: [v, exp, rnd, '1', mac].join('.'),
        nonce: good,
        at: t0,
        want: 'forged',
      },
      {
        name: 'expiry pushed back by the client',
        challenge: [v, String(Number(exp) + 3_600_000), rnd, bits, mac].join('.'),
        nonce: good,
        at: t0,
        want: 'forged',
      },
      {
        name: 'signed with another key',
        challenge: issueChallenge(crypto.randomBytes(32), {
          now: t0,
          ttlMs: 60_000,
          difficulty: 8,
          random: 'abc',
        }).challenge,
        nonce: good,
        at: t0,
        want: 'forged',
      },
      {
        name: 'another version',
        challenge: issued.challenge.replace(/^v1/, 'v2'),
        nonce: good,
        at: t0,
        want: 'malformed',
      },
      { name: 'not a challenge', challenge: 'hello', nonce: good, at: t0, want: 'malformed' },
      {
        name: 'a part missing',
        challenge: [v, exp, rnd, bits].join('.'),
        nonce: good,
        at: t0,
        want: 'malformed',
      },
    ];
  for (const c of cases)
    it(c.name, () => {
      const r = checkPow(key, c.challenge, c.nonce, c.at);
      assert.equal(r.ok ? true : r.reason, c.want);
    });

  it('counts leading zero bits across bytes', () => {
    assert.equal(leadingZeroBits(Uint8Array.from([0, 0, 0x10, 0xff])), 19);
    assert.equal(leadingZeroBits(Uint8Array.from([0x80])), 0);
    assert.equal(leadingZeroBits(Uint8Array.from([0, 0])), 16);
  });
});

describe('contacts', () => {
  it('takes an e-mail address or a mainland mobile number, and masks them', () => {
    assert.deepEqual(parseContact('+86 138-0013-8000'), { kind: 'mobile', value: '13800138000' });
    assert.deepEqual(parseContact('0086 13800138000'), { kind: 'mobile', value: '13800138000' });
    assert.deepEqual(parseContact(' Zhang.San@Example.COM '), {
      kind: 'email',
      value: 'zhang.san@example.com',
    });
    assert.equal(parseContact('12800138000'), null, 'no mobile number starts 12');
    assert.equal(parseContact('1380013800'), null, 'ten digits');
    assert.equal(parseContact('zhang@localhost'), null);
    assert.equal(maskContact('13800138000'), '138****8000');
    assert.equal(maskContact('zhang@example.com'), 'z***@example.com');
    assert.equal(maskContact('微信 zhangsan'), '微***n');
  });
});

describe('one-time codes (in memory)', () => {
  const opts = { ttlMs: 600_000, maxTries: 5, resendMs: 60_000, maxEntries: 1000 };
  it('a right code works once; a wrong one does not', () => {
    const book = new CodeBook(opts);
    const { code } = book.issue('a@example.com', 'p', 0);
    assert.match(code, /^\d{6}$/);
    const wrong = code === '000000' ? '000001' : '000000';
    assert.equal(book.check('a@example.com', 'p', wrong, 1), 'wrong');
    assert.equal(book.check('a@example.com', 'other', code, 1), 'missing', 'codes are per purpose');
    assert.equal(book.check('a@example.com', 'p', code, 1), 'ok');
    assert.equal(book.check('a@example.com', 'p', code, 2), 'missing', 'spent');
  });
  it('expires after ten minutes', () => {
    const book = new CodeBook(opts);
    const { code } = book.issue('a@example.com', 'p', 0);
    assert.equal(book.check('a@example.com', 'p', code, 600_000), 'expired');
  });
  it('five wrong tries use the code up, even for the right one after', () => {
    const book = new CodeBook(opts);
    const { code } = book.issue('a@example.com', 'p', 0);
    const wrong = code === '000000' ? '000001' : '000000';
    const answers = [1, 2, 3, 4, 5].map((i) => book.check('a@example.com', 'p', wrong, i));
    assert.deepEqual(answers, ['wrong', 'wrong', 'wrong', 'wrong', 'exhausted']);
    assert.equal(book.check('a@example.com', 'p', code, 6), 'exhausted');
  });
  it('one send a minute per address', () => {
    const book = new CodeBook(opts);
    book.issue('a@example.com', 'p', 0);
    assert.equal(book.waitBeforeSend('a@example.com', 30_000), 30_000);
    assert.equal(book.waitBeforeSend('b@example.com', 30_000), 0);
    assert.equal(book.waitBeforeSend('a@example.com', 60_000), 0);
  });
  it('stays bounded', () => {
    const book = new CodeBook({ ...opts, maxEntries: 10 });
    for (let i = 0; i < 100; i++) book.issue(`u${i}@example.com`, 'p', i);
    const kept = (book as unknown as { entries: Map<string, unknown> }).entries.size;
    assert.ok(kept <= 10, `kept ${kept}`);
  });
});

describe('code senders', () => {
  it('the development sender writes the code and the masked address to the log and says it is the development sender', async () => {
    const lines: { fields: Record<string, unknown>; message: string }[] = [];
    const s = new LogCodeSender((fields, message) => lines.push({ fields, message }));
    await s.send('13800138000', '123456', 'content.complaint');
    assert.equal(lines.length, 1);
    assert.match(lines[0]!.message, /DEVELOPMENT one-time code sender/);
    assert.match(lines[0]!.message, /123456/);
    // The phone number is personal data: the log names it masked, never in clear.
    assert.equal(lines[0]!.fields.to, '138****8000');
    assert.doesNotMatch(JSON.stringify(lines), /13800138000/);
  });
  it('a sender not built is a clear startup error', () => {
    assert.equal(codeSenderFor('log').name, 'log');
    assert.throws(() => codeSenderFor('smtp'), /WANGAN_OTP_SENDER="smtp" is not available/);
  });
  it('the difficulty setting is checked', () => {
    assert.equal(loadConfig({}, {}).powDifficulty, 18);
    assert.throws(() => loadConfig({}, { WANGAN_POW_DIFFICULTY: '40' }), /1 to 30 bits/);
  });
});

describe('public intake service', () => {
  const settings: IntakeSettings = {
    powDifficulty: 6,
    powTtlSeconds: 600,
    perIpPerMinute: 5,
    floodPerMinute: 8,
  };
  const make = () => {
    const clock = fixedClock(t0);
    const sender = keepingSender();
    return { clock, sender, intake: new PublicIntake(key, clock, settings, sender) };
  };
  const solved = (intake: PublicIntake) => {
    const c = intake.challenge();
    return { challenge: c.challenge, nonce: solvePow(c.challenge, c.difficulty) };
  };

  it('a challenge is spent once', () => {
    const { intake } = make();
    const pow = solved(intake);
    assert.equal(
      refusal(() => intake.spend(pow)),
      'accepted',
    );
    assert.equal(
      refusal(() => intake.spend(pow)),
      'pow:reused',
    );
  });
  it('an expired challenge is refused naming pow', () => {
    const { intake, clock } = make();
    const pow = solved(intake);
    clock.advance(600_000);
    assert.equal(
      refusal(() => intake.spend(pow)),
      'pow:expired',
    );
  });
  it('the flood cap answers 429 with when to come back, and the difficulty rises under load', () => {
    const { intake, clock } = make();
    assert.equal(intake.difficulty(), 6);
    for (let i = 0; i < 8; i++) intake.admit();
    assert.equal(intake.difficulty(), 8, '+2 bits while more than a quarter of the cap arrive a minute');
    let seconds: unknown;
    try {
      intake.admit();
    } catch (err) {
      assert.ok(err instanceof AppError && err.code === 'rate_limited');
      seconds = (err.details as { retryAfterSeconds: number }).retryAfterSeconds;
    }
    assert.equal(seconds, 60, 't0 is on a minute boundary: the window ends in 60 s');
    clock.advance(60_000);
    intake.admit();
    assert.equal(intake.difficulty(), 8, 'the minute before was busy');
    clock.advance(120_000);
    assert.equal(intake.difficulty(), 6, 'quiet again');
  });
  it('an unsolved or forged proof of work is refused before it counts against the flood cap', () => {
    const { intake } = make();
    for (let i = 0; i < 50; i++)
      assert.equal(
        refusal(() => intake.admit({ challenge: 'x', nonce: 'y' })),
        'pow:malformed',
      );
    const spent = solved(intake);
    intake.spend(spent);
    assert.match(
      refusal(() => intake.admit(spent)),
      /^pow:reused$/,
    );
    // The junk filled nothing: a real submission is admitted and the difficulty has not risen.
    assert.equal(intake.difficulty(), 6);
    assert.equal(
      refusal(() => intake.admit(solved(intake))),
      'accepted',
    );
  });
  it('sends a code, refuses a resend within a minute, and verifies the code once', async () => {
    const { intake, sender, clock } = make();
    await intake.sendCode({ to: '+8613800138000', purpose: 'content.complaint', pow: solved(intake) });
    assert.equal(sender.sent.length, 1);
    assert.equal(sender.sent[0]!.to, '13800138000');
    await assert.rejects(
      intake.sendCode({ to: '13800138000', purpose: 'content.complaint', pow: solved(intake) }),
      (err: AppError) => err.code === 'rate_limited',
    );
    clock.advance(5_000);
    const code = sender.sent[0]!.code;
    assert.equal(
      refusal(() => intake.requireCode('138 0013 8000', 'content.complaint', '99999x')),
      'code:wrong',
    );
    assert.equal(
      refusal(() => intake.requireCode('13800138000', 'content.complaint', code)),
      'accepted',
    );
    assert.equal(
      refusal(() => intake.requireCode('13800138000', 'content.complaint', code)),
      'code:missing',
    );
    assert.equal(
      refusal(() => intake.requireCode('13800138000', 'content.complaint', undefined)),
      'code:missing',
    );
  });
  it('refuses an address that is neither an e-mail address nor a mobile number, naming to', async () => {
    const { intake } = make();
    await assert.rejects(
      intake.sendCode({ to: '12345', purpose: 'x', pow: solved(intake) }),
      (err: AppError) => err.field === 'to',
    );
  });
});

describeEachDatabase('public intake over HTTP', (ctx) => {
  const get = useTestApp(ctx, { config: { powDifficulty: 4, intakeRateLimit: 3, anonymousRateLimit: 1000 } });
  const challenge = async () => {
    const res = await get().inject({ method: 'GET', url: '/api/public/challenge' });
    assert.equal(res.statusCode, 200);
    const c = res.json() as { challenge: string; difficulty: number; expiresAt: string };
    assert.equal(c.difficulty, 4);
    return { challenge: c.challenge, nonce: solvePow(c.challenge, c.difficulty) };
  };

  it('a code request needs a solved challenge, and a forged one is refused naming pow', async () => {
    const sender = keepingSender();
    get().app.services.intake.useSender(sender);
    const pow = await challenge();
    const forged = { ...pow, challenge: pow.challenge.replace('.4.', '.1.') };
    const bad = await get().inject({
      method: 'POST',
      url: '/api/public/otp',
      payload: { to: 'a@example.com', purpose: 'content.complaint', pow: forged },
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.field, 'pow');
    const ok = await get().inject({
      method: 'POST',
      url: '/api/public/otp',
      payload: { to: 'a@example.com', purpose: 'content.complaint', pow },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().sent, true);
    assert.equal(sender.sent.length, 1);
    const again = await get().inject({
      method: 'POST',
      url: '/api/public/otp',
      payload: { to: 'a@example.com', purpose: 'content.complaint', pow: await challenge() },
    });
    assert.equal(again.statusCode, 429);
    assert.equal(again.json().error.code, 'rate_limited');
    assert.ok(Number(again.headers['retry-after']) > 0);
  });

  it('an address gets at most WANGAN_INTAKE_RATE_LIMIT submissions a minute (429, Retry-After)', async () => {
    const res = await get().inject({
      method: 'POST',
      url: '/api/public/otp',
      payload: { to: 'b@example.com', purpose: 'content.complaint', pow: await challenge() },
    });
    assert.equal(res.statusCode, 429, 'the fourth submission from this address within the minute');
    assert.equal(res.json().error.code, 'rate_limited');
    assert.ok(res.headers['retry-after']);
  });
  it('the flood cap over all intake routes answers 429 with Retry-After', async () => {
    const intake = get().app.services.intake;
    const cap = intake.settings.floodPerMinute;
    const pow = await challenge();
    // Lowered for the test: every submission from now on is over the cap of this minute.
    (intake.settings as { floodPerMinute: number }).floodPerMinute = 0;
    try {
      const res = await get().inject({
        method: 'POST',
        url: '/api/public/otp',
        remoteAddress: '192.0.2.7',
        payload: { to: 'c@example.com', purpose: 'content.complaint', pow },
      });
      assert.equal(res.statusCode, 429);
      assert.equal(res.json().error.messages.zh, '当前提交量过大，请一分钟后再试。');
      assert.ok(Number(res.headers['retry-after']) >= 1);
    } finally {
      (intake.settings as { floodPerMinute: number }).floodPerMinute = cap;
    }
  });
});
