import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { before, it } from 'node:test';
import type { Kysely } from 'kysely';
import type { GateTables } from './gate-tables.js';
import type { VerifyTables } from './verify-tables.js';
import type { Actor } from '../platform/auth/roles.js';
import { fixedClock } from '../platform/clock.js';
import type { CodeSender } from '../platform/public-intake/sender-io.js';
import { addDays, beijingDate, beijingMidnight } from '../platform/time.js';
import { kyselyUnitOfWork } from '../platform/db/unit-of-work.js';
import { describeEachDatabase, useTestApp } from '../../test/helpers.js';
import { loadIdentityCatalog } from './catalog-io.js';
import { GateService } from './gate-service.js';
import { VerifyService } from './verify-service.js';
import { GateStore } from './gate-store.js';
import { residentIdCheckChar } from './validate/index.js';
import { VaultService } from './vault-service.js';
import { VaultStore } from './vault-store.js';
import { SimulatedIdentityCheck } from './verify-providers-io.js';
import { VerifyStore } from './verify-store.js';

const idOf = (first17: string) => first17 + residentIdCheckChar(first17);
const alice = { name: '张伟', idNumber: idOf('11010519850312001'), phone: '13800138001' };
const bob = { name: '李娜', idNumber: idOf('31010419900707002'), phone: '13900139002' };
const carol = { name: '王芳', idNumber: idOf('44030519920101003'), phone: '13700137003' };
/** Not in the simulator's population: a real-looking person nobody vouches for. */
const dave = { name: '赵强', idNumber: idOf('32010219880808004'), phone: '13600136004' };

/** RFC 9162 Merkle tree hash, written here again so the test does not trust src/ledger/merkle.ts. */
function mth(leaves: Buffer[]): Buffer {
  const sha = (...b: Buffer[]) => createHash('sha256').update(Buffer.concat(b)).digest();
  if (leaves.length === 0) return sha();
  if (leaves.length === 1) return sha(Buffer.from([0]), leaves[0]!);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha(Buffer.from([1]), mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}
/** Canonical JSON again: keys sorted, no spaces. */
const canon = (o: Record<string, unknown>) =>
  `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${JSON.stringify(o[k])}`)
    .join(',')}}`;

describeEachDatabase('real-name enrolment, verification, the gate and its seals', (ctx) => {
  // 10:00 Beijing on 10 March 2026.
  const clock = fixedClock(new Date('2026-03-10T02:00:00Z'));
  const get = useTestApp(ctx, { clock });
  const codes: { to: string; code: string; purpose: string }[] = [];
  let gatewayDown = false;
  const sender: CodeSender = {
    name: 'test',
    send: async (to, code, purpose) => {
      if (gatewayDown) throw new Error('the code gateway answered HTTP 503');
      codes.push({ to, code, purpose });
    },
  };
  let bot: Record<string, string>;
  const as = (role: keyof ReturnType<typeof get>['tokens']) => ({
    authorization: `Bearer ${get().tokens[role]}`,
  });
  const call = (
    headers: Record<string, string>,
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    payload?: object,
  ) => get().inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const gate = (service: string, user: string) =>
    call(bot, 'POST', '/api/identity/gate/check', { service, user }).then((r) => {
      assert.equal(r.statusCode, 200, r.body);
      return r.json();
    });
  const codeFor = (verificationId: string) =>
    codes.filter((c) => c.purpose === `identity.verification:${verificationId}`).at(-1)!.code;

  /** The services of another server process over the same database (a restart, or a second server). */
  const otherProcess = () => {
    const t = get();
    const tables = <T>() => t.app.database.db as unknown as Kysely<T>;
    const uow = kyselyUnitOfWork(t.app.database.db);
    const verify = new VerifyService({
      store: new VerifyStore(tables<VerifyTables>()),
      vault: t.app.services.identity.vault,
      codes: t.app.services.intake,
      provider: new SimulatedIdentityCheck(),
      ledger: t.app.services.ledger,
      uow,
      clock,
      catalog: loadIdentityCatalog(),
    });
    return {
      verify,
      gate: new GateService({
        store: new GateStore(tables<GateTables>()),
        verify,
        ledger: t.app.services.ledger,
        uow,
        clock,
      }),
    };
  };

  before(async () => {
    const t = get();
    t.app.services.intake.useSender(sender);
    (t.app.services.identity.verify.provider as SimulatedIdentityCheck).know([alice, bob, carol]);
    const admin: Actor = await t.app.services.auth.findActor('admin');
    const account = await t.app.services.auth.createUser(admin, {
      username: 'signup-bot',
      role: 'compliance_officer',
      kind: 'service',
    });
    const token = await t.app.services.auth.createServiceToken(admin, account.id, {
      name: 'platform',
      scopes: ['identity.gate'],
    });
    bot = { authorization: `Bearer ${token.token}` };
    const org = await call(as('admin'), 'PUT', '/api/organisation', {
      profile: { name: 'Test Co.', services: ['instant_messaging', 'information_publishing'] },
    });
    assert.equal(org.statusCode, 200, org.body);
  });

  it('a service is configured by a compliance officer, with the catalogue validity marked uncertain, as csl.real-name evidence', async () => {
    const refused = await call(as('auditor'), 'PUT', '/api/identity/services/forum', {
      name: 'Forum',
      requires: ['sms_otp'],
    });
    assert.equal(refused.statusCode, 403);
    const bad = await call(as('compliance_officer'), 'PUT', '/api/identity/services/forum', {
      name: 'Forum',
      requires: ['sms_otp'],
      validity: { sms_otp: 'a year' },
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.field, 'validity.sms_otp');
    const put = await call(as('compliance_officer'), 'PUT', '/api/identity/services/forum', {
      name: 'Forum',
      requires: ['sms_otp'],
      callers: ['signup-bot'],
    });
    assert.equal(put.statusCode, 200, put.body);
    assert.deepEqual(put.json().callers, ['signup-bot']);
    assert.deepEqual(put.json().validity.sms_otp, { duration: 'P365D', uncertain: true });
    const im = await call(as('admin'), 'PUT', '/api/identity/services/im', {
      name: 'Chat',
      requires: ['id_check', 'sms_otp'],
      validity: { id_check: 'P30D' },
      callers: ['signup-bot'],
    });
    assert.equal(im.statusCode, 200, im.body);
    assert.deepEqual(im.json().requires, ['sms_otp', 'id_check']);
    assert.deepEqual(im.json().validity.id_check, { duration: 'P30D', uncertain: false });
    const list = (await call(as('auditor'), 'GET', '/api/identity/services')).json().services;
    assert.deepEqual(
      list.map((s: { key: string }) => s.key),
      ['forum', 'im'],
    );
    const records = (await get().app.services.ledger.records({})).filter(
      (r) => r.kind === 'configuration' && r.obligations.includes('csl.real-name'),
    );
    assert.equal(records.length, 2);
  });

  it('a validity past ten years is refused naming its method', async () => {
    for (const v of ['P999999Y', 'P11Y', 'PT0S']) {
      const r = await call(as('compliance_officer'), 'PUT', '/api/identity/services/huge', {
        name: 'Huge',
        requires: ['sms_otp'],
        validity: { sms_otp: v },
      });
      assert.equal(r.statusCode, 400, `${v}: ${r.body}`);
      assert.equal(r.json().error.field, 'validity.sms_otp');
    }
  });

  it('a service account enrols a user, who verifies with the SMS code: a wrong code counts, the right one opens the gate', async () => {
    const enrol = await call(bot, 'POST', '/api/identity/enrolments', {
      service: 'forum',
      user: 'u1',
      ...alice,
    });
    assert.equal(enrol.statusCode, 200, enrol.body);
    const e = enrol.json();
    assert.equal(e.knownPerson, false);
    assert.equal(e.verifications.length, 1);
    const v = e.verifications[0];
    assert.equal(v.status, 'pending');
    assert.equal(v.method, 'sms_otp');
    assert.equal(v.codeExpiresAt, new Date(clock.now().getTime() + 10 * 60_000).toISOString());
    assert.equal(e.gate.allowed, false);
    assert.equal(e.gate.reason, 'not_verified');
    // The code went to the phone the user gave.
    assert.equal(codes.at(-1)!.to, alice.phone);
    const wrong = await call(bot, 'POST', `/api/identity/verifications/${v.id}/code`, {
      code: '000000' === codeFor(v.id) ? '111111' : '000000',
    });
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json().error.field, 'code');
    assert.equal(wrong.json().error.details.triesLeft, 4);
    assert.match(wrong.json().error.messages.zh, /还可再试 4 次/);
    const right = await call(bot, 'POST', `/api/identity/verifications/${v.id}/code`, {
      code: codeFor(v.id),
    });
    assert.equal(right.statusCode, 200, right.body);
    assert.equal(right.json().status, 'verified');
    assert.equal(right.json().expiresAt, new Date(clock.now().getTime() + 365 * 86_400_000).toISOString());
    const g = await gate('forum', 'u1');
    assert.equal(g.allowed, true);
    assert.equal(g.reason, null);
    assert.equal(g.handle, e.handle);
    assert.deepEqual(g.holds, ['sms_otp']);
    assert.equal(g.validUntil, right.json().expiresAt);
    // A spent code does not work twice.
    const again = await call(bot, 'POST', `/api/identity/verifications/${v.id}/code`, {
      code: codeFor(v.id),
    });
    assert.equal(again.statusCode, 409);
  });

  it('the identity.gate token reaches only the gate routes', async () => {
    for (const [method, url] of [
      ['GET', '/api/identity/verifications'],
      ['GET', '/api/identity/services'],
      ['GET', '/api/identity/status'],
      ['GET', '/api/identity/gate/stats'],
      ['GET', '/api/identity/seals'],
      ['GET', '/api/workspace'],
    ] as const) {
      const r = await call(bot, method, url);
      assert.equal(r.statusCode, 403, `${method} ${url}: ${r.statusCode}`);
    }
    const put = await call(bot, 'PUT', '/api/identity/services/forum', { name: 'x', requires: ['sms_otp'] });
    assert.equal(put.statusCode, 403);
  });

  it('a service account acts only for the services that list it; a change without callers keeps them', async () => {
    const put = (callers: string[]) =>
      call(as('compliance_officer'), 'PUT', '/api/identity/services/im', {
        name: 'Chat',
        requires: ['id_check', 'sms_otp'],
        validity: { id_check: 'P30D' },
        callers,
      });
    assert.deepEqual((await put([])).json().callers, []);
    try {
      const enrol = await call(bot, 'POST', '/api/identity/enrolments', {
        service: 'im',
        user: 'e1',
        ...alice,
      });
      assert.equal(enrol.statusCode, 403, enrol.body);
      assert.equal(enrol.json().error.field, 'service');
      const check = await call(bot, 'POST', '/api/identity/gate/check', { service: 'im', user: 'e1' });
      assert.equal(check.statusCode, 403, 'nor may it ask the gate (handles, counts) for it');
      // People may: the console's test bench.
      const person = await call(as('compliance_officer'), 'POST', '/api/identity/gate/check', {
        service: 'im',
        user: 'e1',
      });
      assert.equal(person.statusCode, 200, person.body);
    } finally {
      assert.deepEqual((await put(['signup-bot'])).json().callers, ['signup-bot']);
    }
    // Renaming forum without naming callers keeps its bot.
    const renamed = await call(as('compliance_officer'), 'PUT', '/api/identity/services/forum', {
      name: 'Forum',
      requires: ['sms_otp'],
    });
    assert.deepEqual(renamed.json().callers, ['signup-bot']);
    assert.equal((await gate('forum', 'nobody')).reason, 'not_enrolled');
  });

  it("the gate's answer keeps the headers a JSON client heeds and drops the page headers", async () => {
    const r = await call(bot, 'POST', '/api/identity/gate/check', { service: 'forum', user: 'nobody' });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.match(String(r.headers['strict-transport-security']), /max-age=/);
    assert.equal(r.headers['content-security-policy'], undefined);
    // Every other route, the console's included, keeps them all.
    const page = await call(as('auditor'), 'GET', '/api/identity/status');
    assert.match(String(page.headers['content-security-policy']), /default-src 'self'/);
  });

  it('resending is limited to once a minute; a code runs out after ten minutes; five wrong codes exhaust it', async () => {
    const e = (
      await call(bot, 'POST', '/api/identity/enrolments', { service: 'forum', user: 'u2', ...bob })
    ).json();
    const id = e.verifications[0].id as string;
    const soon = await call(bot, 'POST', `/api/identity/verifications/${id}/resend`);
    assert.equal(soon.statusCode, 429);
    assert.ok(soon.json().error.details.retryAfterSeconds > 0);
    clock.advance(11 * 60_000);
    const expired = await call(bot, 'POST', `/api/identity/verifications/${id}/code`, { code: codeFor(id) });
    assert.equal(expired.statusCode, 400);
    assert.equal(expired.json().error.details.reason, 'expired');
    const resent = await call(bot, 'POST', `/api/identity/verifications/${id}/resend`);
    assert.equal(resent.statusCode, 200, resent.body);
    assert.equal(resent.json().codeExpiresAt, new Date(clock.now().getTime() + 10 * 60_000).toISOString());
    const right = codeFor(id);
    const wrong = right === '000000' ? '111111' : '000000';
    let last;
    for (let i = 0; i < 5; i++)
      last = await call(bot, 'POST', `/api/identity/verifications/${id}/code`, { code: wrong });
    assert.equal(last!.statusCode, 400);
    assert.equal(last!.json().error.details.reason, 'exhausted');
    const late = await call(bot, 'POST', `/api/identity/verifications/${id}/code`, { code: right });
    assert.equal(late.statusCode, 400, 'the right code no longer counts once exhausted');
    assert.equal((await gate('forum', 'u2')).reason, 'not_verified');
  });

  it('the identity check: a known person matches, a wrong name is a mismatch, an outage is unavailable', async () => {
    const ok = (
      await call(bot, 'POST', '/api/identity/enrolments', { service: 'im', user: 'c1', ...carol })
    ).json();
    const check = ok.verifications.find((v: { method: string }) => v.method === 'id_check');
    assert.equal(check.status, 'verified');
    assert.equal(check.provider, 'simulator');
    assert.match(check.reference, /^sim-\d+$/);
    assert.equal(check.expiresAt, new Date(clock.now().getTime() + 30 * 86_400_000).toISOString());
    // Not allowed yet: the SMS code is still to come.
    assert.equal(ok.gate.reason, 'not_verified');
    const sms = ok.verifications.find((v: { method: string }) => v.method === 'sms_otp');
    await call(bot, 'POST', `/api/identity/verifications/${sms.id}/code`, { code: codeFor(sms.id) });
    assert.equal((await gate('im', 'c1')).allowed, true);

    clock.advance(61_000);
    // Carol's number under another name is refused by the vault before any check (and changes nothing).
    const claim = await call(bot, 'POST', '/api/identity/enrolments', {
      service: 'im',
      user: 'c2',
      ...carol,
      name: '王小芳',
    });
    assert.equal(claim.statusCode, 409, claim.body);
    assert.equal(claim.json().error.code, 'identity_mismatch');
    // Typed loosely (a lower-case x, spaces in the phone): the check gets the numbers as the vault keeps them.
    const loose = (
      await call(bot, 'POST', '/api/identity/enrolments', {
        service: 'im',
        user: 'c3',
        ...carol,
        idNumber: carol.idNumber.toLowerCase().replace(/(\d{6})(\d{8})/, '$1 $2 '),
        phone: `+86 ${carol.phone.slice(0, 3)} ${carol.phone.slice(3, 7)} ${carol.phone.slice(7)}`,
      })
    ).json();
    assert.equal(
      loose.verifications.find((v: { method: string }) => v.method === 'id_check').status,
      'verified',
    );
    // Someone the checking service does not know: a mismatch.
    const wrongName = (
      await call(bot, 'POST', '/api/identity/enrolments', { service: 'im', user: 'c2', ...dave })
    ).json();
    assert.equal(wrongName.knownPerson, false);
    const failed = wrongName.verifications.find((v: { method: string }) => v.method === 'id_check');
    assert.equal(failed.status, 'failed');
    assert.match(failed.failure.zh, /核验未通过/);
    assert.equal(wrongName.gate.allowed, false);

    clock.advance(61_000);
    const sim = get().app.services.identity.verify.provider as SimulatedIdentityCheck;
    sim.outage(true);
    try {
      const down = (
        await call(bot, 'POST', '/api/identity/enrolments', { service: 'im', user: 'b9', ...bob })
      ).json();
      const unavailable = down.verifications.find((v: { method: string }) => v.method === 'id_check');
      assert.equal(unavailable.status, 'failed');
      assert.match(unavailable.failure.en, /unavailable/);
    } finally {
      sim.outage(false);
    }
    const status = (await call(as('auditor'), 'GET', '/api/identity/status')).json();
    assert.equal(status.simulated, true);
    assert.equal(status.checkProvider, 'simulator');
    assert.equal(status.methods.length, 2);
    assert.ok(status.areaCodes.count > 3000);
  });

  it('the gate names each reason; a stronger requirement and the clock move users out', async () => {
    assert.equal((await gate('nowhere', 'u1')).reason, 'service_not_configured');
    assert.equal((await gate('forum', 'nobody')).reason, 'not_enrolled');
    assert.equal((await gate('forum', 'u2')).reason, 'not_verified');
    const grow = await call(as('compliance_officer'), 'PUT', '/api/identity/services/forum', {
      name: 'Forum',
      requires: ['sms_otp', 'id_check'],
    });
    assert.equal(grow.statusCode, 200);
    const stronger = await gate('forum', 'u1');
    assert.equal(stronger.reason, 'stronger_method_needed');
    assert.deepEqual(stronger.holds, ['sms_otp']);
    assert.match(stronger.message.zh, /更多的核验方式/);
    // Enrolling again starts only what is missing.
    const again = (
      await call(bot, 'POST', '/api/identity/enrolments', { service: 'forum', user: 'u1', ...alice })
    ).json();
    assert.deepEqual(
      again.verifications.map((v: { method: string; status: string }) => `${v.method}:${v.status}`).sort(),
      ['id_check:verified', 'sms_otp:verified'],
    );
    assert.equal(again.gate.allowed, true);
    await call(as('compliance_officer'), 'PUT', '/api/identity/services/forum', {
      name: 'Forum',
      requires: ['sms_otp'],
    });
    // The im service's identity check holds 30 days.
    clock.advance(31 * 86_400_000);
    const expired = await gate('im', 'c1');
    assert.equal(expired.reason, 'verification_expired');
    assert.equal(expired.allowed, false);
    assert.equal((await gate('forum', 'u1')).allowed, true);
    const list = (
      await call(as('auditor'), 'GET', '/api/identity/verifications?service=im&status=expired')
    ).json();
    assert.ok(
      list.verifications.some(
        (v: { user: string; method: string }) => v.user === 'c1' && v.method === 'id_check',
      ),
    );
  });

  it('checks touch no store and write no audit row; counts are written in batches and survive a restart', async () => {
    const t = get();
    const day = beijingDate(clock.now());
    const counted = async () => {
      const stats = (await call(as('auditor'), 'GET', '/api/identity/gate/stats')).json();
      const d = stats.days.find(
        (x: { day: string; service: string }) => x.day === day && x.service === 'forum',
      );
      return { allowed: d?.allowed ?? 0, denied: d?.denied ?? 0 };
    };
    const start = await counted();
    const spied: string[] = [];
    const restore: (() => void)[] = [];
    for (const proto of [
      VerifyStore.prototype,
      GateStore.prototype,
      VaultStore.prototype,
      VaultService.prototype,
    ] as unknown as Record<string, unknown>[]) {
      for (const name of Object.getOwnPropertyNames(proto)) {
        const fn = Object.getOwnPropertyDescriptor(proto, name)?.value as unknown;
        if (name === 'constructor' || typeof fn !== 'function') continue;
        proto[name] = function (this: unknown, ...args: unknown[]) {
          spied.push(name);
          return (fn as (...a: unknown[]) => unknown).apply(this, args);
        };
        restore.push(() => (proto[name] = fn));
      }
    }
    const audit = async () =>
      (await t.app.database.executeSql('select count(*)::int as n from audit_events', [])).rows;
    const auditBefore = await audit();
    try {
      for (let i = 0; i < 50; i++) await gate('forum', 'u1');
      for (let i = 0; i < 20; i++) await gate('forum', 'nobody');
      assert.deepEqual(spied, [], "no store method (the vault's or the gate's) ran during the checks");
    } finally {
      for (const r of restore) r();
    }
    assert.deepEqual(await audit(), auditBefore, 'answered checks leave no audit row');
    assert.deepEqual(await counted(), { allowed: start.allowed + 50, denied: start.denied + 20 });

    // A restart: a gate built afresh from the tables answers as before, counts on its own and writes at stop.
    const other = otherProcess();
    await other.gate.open();
    const officer: Actor = await t.app.services.auth.findActor('compliance_officer');
    assert.equal(other.gate.check(officer, 'forum', 'u1').allowed, true);
    for (let i = 0; i < 9; i++) other.gate.check(officer, 'forum', 'nobody');
    await other.gate.flush();
    assert.deepEqual(await counted(), { allowed: start.allowed + 51, denied: start.denied + 29 });
  });

  it('a change made by another process reaches this gate at its next poll', async () => {
    const t = get();
    const other = otherProcess();
    const officer: Actor = await t.app.services.auth.findActor('compliance_officer');
    await other.verify.putService(officer, 'forum', { name: 'Forum', requires: ['sms_otp', 'id_check'] });
    assert.equal((await gate('forum', 'u1')).allowed, true, 'not yet polled');
    await t.app.services.identity.gate.poll();
    assert.equal((await gate('forum', 'u1')).reason, null, 'u1 holds both methods already');
    assert.equal((await gate('forum', 'u2')).reason, 'not_verified');
    await call(as('compliance_officer'), 'PUT', '/api/identity/services/forum', {
      name: 'Forum',
      requires: ['sms_otp'],
    });
  });

  it('each finished Beijing day is sealed once per service with the Merkle root of its records; the duty is met', async () => {
    const t = get();
    const firstDay = '2026-03-10';
    // The clock is some 31 days on: every day since the services were configured is sealed at once.
    const due = await t.app.services.identity.gate.openItems(30);
    assert.deepEqual(
      due.map((d) => `${d.entryId} ${d.status} ${d.dueAt}`).sort(),
      ['forum', 'im'].map(
        (s) =>
          `seal-${s}-${firstDay} overdue ${new Date(beijingMidnight(addDays(firstDay, 1)).getTime() + 3_600_000).toISOString()}`,
      ),
    );
    assert.match(due[0]!.label.zh, /未封存，共\d+天未封存/);
    const seals = await t.app.services.identity.gate.sealDays();
    assert.deepEqual(await t.app.services.identity.gate.openItems(30), [], 'sealed days leave no open item');
    const pack = JSON.parse(await t.app.services.identity.gate.packContents({}));
    assert.equal(pack.seals.length, seals.length);
    assert.deepEqual(
      pack.services.map((s: { key: string }) => s.key),
      ['forum', 'im'],
    );
    const yesterday = addDays(beijingDate(clock.now()), -1);
    const days = new Set(seals.map((s) => s.day));
    assert.ok(days.has(firstDay) && days.has(yesterday), 'a missed day is sealed when the job next runs');
    assert.equal(seals.length, days.size * 2, 'one seal per configured service and day');
    assert.deepEqual(await t.app.services.identity.gate.sealDays(), [], 'running twice writes one');
    const ledger = (await t.app.services.ledger.records({})).filter((r) => r.kind === 'real_name_day_sealed');
    assert.equal(ledger.length, seals.length);

    const listed = (await call(as('auditor'), 'GET', '/api/identity/seals?limit=500')).json();
    const seal = listed.seals.find(
      (s: { day: string; service: string }) => s.day === firstDay && s.service === 'im',
    );
    assert.ok(seal.verifications >= 4);
    assert.ok(ledger.some((r) => r.id === seal.evidenceId));
    // The root again, from the records the API lists, by this test's own hashing.
    const all = (await call(as('auditor'), 'GET', '/api/identity/verifications?service=im&limit=500')).json()
      .verifications;
    const start = beijingMidnight(firstDay).getTime();
    const end = beijingMidnight(addDays(firstDay, 1)).getTime();
    const ofDay = all
      .filter((v: { startedAt: string }) => Date.parse(v.startedAt) >= start && Date.parse(v.startedAt) < end)
      .sort((a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1));
    assert.equal(ofDay.length, seal.verifications);
    const leaves = ofDay.map((v: Record<string, string | null>) =>
      Buffer.from(
        canon({
          id: v.id,
          service: v.service,
          handle: v.handle,
          method: v.method,
          // The leaf keeps the stored status: a record since run out was sealed as verified.
          status: v.status === 'expired' ? 'verified' : v.status,
          provider: v.provider,
          reference: v.reference,
          startedAt: v.startedAt,
          verifiedAt: v.verifiedAt,
          expiresAt: v.expiresAt,
        }),
      ),
    );
    assert.equal(seal.merkleRoot, mth(leaves).toString('hex'));
    // A day without records has the empty tree's root.
    const quiet = listed.seals.find((s: { verifications: number }) => s.verifications === 0);
    assert.equal(quiet.merkleRoot, createHash('sha256').digest('hex'));

    const overview = (await call(as('auditor'), 'GET', '/api/workspace')).json();
    const duty = overview.items.find((i: { id: string }) => i.id === 'csl.real-name');
    assert.equal(duty.status, 'met', JSON.stringify(duty));
  });

  it('a code the gateway did not take leaves the record pending, saying so; a resend while it is down answers 503, one after it is back delivers at once', async () => {
    gatewayDown = true;
    let e;
    try {
      e = (
        await call(bot, 'POST', '/api/identity/enrolments', { service: 'forum', user: 'u9', ...alice })
      ).json();
    } finally {
      gatewayDown = false;
    }
    const v = e.verifications[0];
    assert.equal(v.status, 'pending');
    assert.equal(v.codeExpiresAt, null);
    assert.match(v.failure.zh, /未能发送/);
    gatewayDown = true;
    try {
      const down = await call(bot, 'POST', `/api/identity/verifications/${v.id}/resend`);
      assert.equal(down.statusCode, 503, down.body);
      assert.equal(down.json().error.code, 'code_sender_unavailable');
    } finally {
      gatewayDown = false;
    }
    // A code not delivered is not held to the once-a-minute wait.
    const resent = await call(bot, 'POST', `/api/identity/verifications/${v.id}/resend`);
    assert.equal(resent.statusCode, 200, resent.body);
    assert.equal(resent.json().failure, null);
    const ok = await call(bot, 'POST', `/api/identity/verifications/${v.id}/code`, { code: codeFor(v.id) });
    assert.equal(ok.json().status, 'verified');
  });

  it('no name, identity number or phone number is written in clear', async () => {
    const t = get();
    const dump = JSON.stringify([
      (await t.app.database.executeSql('select * from identity_verifications', [])).rows,
      (await t.app.database.executeSql('select * from identity_services', [])).rows,
      (await t.app.database.executeSql('select * from identity_gate_seals', [])).rows,
      (await t.app.database.executeSql('select * from audit_events', [])).rows,
      await t.app.services.ledger.records({}),
    ]);
    for (const p of [alice, bob, carol])
      for (const value of [p.name, p.idNumber, p.phone])
        assert.ok(!dump.includes(value), 'a clear value was stored');
  });
});
