import { randomUUID } from 'node:crypto';
import type { Actor } from '../platform/auth/roles.js';
import type { ModuleContext } from '../platform/module.js';
import { addDuration, DAY } from '../platform/time.js';
import type { IdentityServices } from './part.js';
import { SimulatedIdentityCheck } from './verify-providers-io.js';
import type { StoredVerification } from './verify-rules.js';
import type { VerifyService } from './verify-service.js';

const officer: Actor = { userId: 'demo', username: 'demo', role: 'compliance_officer', via: 'system' };

/** The vault's demo people (src/identity/vault-part.ts seeds them first), by service account. */
const people = [
  {
    service: 'demo-forum',
    user: 'forum-1001',
    name: '张三',
    idNumber: '110101199003074514',
    phone: '13800138000',
  },
  { service: 'demo-im', user: 'im-2001', name: '张三', idNumber: '110101199003074514', phone: '13800138000' },
  {
    service: 'demo-forum',
    user: 'forum-1002',
    name: '李四',
    idNumber: '310104198512123216',
    phone: '13912345678',
  },
  {
    service: 'demo-im',
    user: 'im-2002',
    name: '王小红',
    idNumber: '44030520010808002X',
    phone: '18688886666',
  },
] as const;

/**
 * Demo: `demo-forum` (sms_otp) and `demo-im` (sms_otp + id_check)
 * configured five days ago; the vault's demo people verified over the past
 * days, one whose verification ran out (verified 400 days ago, valid 365).
 * The gate's demo seals the finished days.
 */
export async function seedVerifyDemo(
  verify: VerifyService,
  all: IdentityServices,
  ctx: ModuleContext,
): Promise<number> {
  const now = ctx.clock.now().getTime();
  const ago = (days: number, hours = 0) => new Date(now - days * DAY - hours * 3_600_000);
  await verify.putService(
    officer,
    'demo-forum',
    { name: '[demo] 社区论坛 (forum)', requires: ['sms_otp'] },
    ago(5),
  );
  await verify.putService(
    officer,
    'demo-im',
    { name: '[demo] 即时通讯 (instant messaging)', requires: ['sms_otp', 'id_check'] },
    ago(5),
  );
  if (verify.provider instanceof SimulatedIdentityCheck) verify.provider.know(people);
  const records: StoredVerification[] = [];
  for (const [i, p] of people.entries()) {
    // The vault's demo enrolled them already; enrolling again answers the same account.
    const enrolled = (await all.vault.account(p.service, p.user)) ?? (await all.vault.enrol(officer, p));
    // forum-1002 was verified 400 days ago: expired (validity P365D); the others over the past four days.
    const started = p.user === 'forum-1002' ? ago(400) : ago(4 - i, 2);
    const methods = p.service === 'demo-im' ? (['sms_otp', 'id_check'] as const) : (['sms_otp'] as const);
    for (const method of methods)
      records.push({
        id: randomUUID(),
        service: p.service,
        user: p.user,
        subjectId: enrolled.subjectId,
        handle: enrolled.handle,
        method,
        status: 'verified',
        provider: method === 'sms_otp' ? 'log' : verify.provider.name,
        reference: method === 'id_check' ? `demo-${i + 1}` : null,
        failure: null,
        startedAt: started,
        codeExpiresAt: null,
        codeTries: 0,
        verifiedAt: new Date(started.getTime() + 60_000),
        expiresAt: addDuration(new Date(started.getTime() + 60_000), 'P365D'),
      });
  }
  await verify.seedRecords(records);
  return 2 + records.length;
}
