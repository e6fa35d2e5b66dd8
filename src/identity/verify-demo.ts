import { randomUUID } from 'node:crypto';
import type { Actor } from '../platform/auth/roles.js';
import type { ModuleContext } from '../platform/module.js';
import { addDuration, DAY } from '../platform/time.js';
import type { IdentityServices } from './part.js';
import { residentIdCheckChar } from './validate/index.js';
import type { VaultPort } from './verify-ports.js';
import { SimulatedIdentityCheck } from './verify-providers-io.js';
import type { StoredVerification } from './verify-rules.js';
import type { VerifyService } from './verify-service.js';

const officer: Actor = { userId: 'demo', username: 'demo', role: 'compliance_officer', via: 'system' };

/** Demo people (made-up; the identity numbers carry a right check character). */
const people = [
  {
    user: 'u1001',
    name: '张伟',
    id17: '11010519850312001',
    phone: '13800138001',
    services: ['demo-forum', 'demo-im'],
  },
  { user: 'u1002', name: '李娜', id17: '31010419900707002', phone: '13900139002', services: ['demo-forum'] },
  { user: 'u1003', name: '王芳', id17: '44030519920101003', phone: '13700137003', services: ['demo-im'] },
  { user: 'u1004', name: '刘洋', id17: '51010719881120004', phone: '13600136004', services: ['demo-forum'] },
] as const;

/**
 * Demo: `demo-forum` (sms_otp) and `demo-im` (sms_otp + id_check)
 * configured five days ago; people enrolled through the vault and verified
 * over the past days, one whose verification ran out (verified 400 days ago,
 * valid 365). The gate's demo seals the finished days. Skipped when the
 * vault cannot enrol (it is not built in this tree yet).
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
  const vault = all.vault as unknown as Partial<VaultPort>;
  if (typeof vault.enrol !== 'function') return 2;
  const known = people.map((p) => ({
    name: p.name,
    idNumber: p.id17 + residentIdCheckChar(p.id17),
    phone: p.phone,
  }));
  if (verify.provider instanceof SimulatedIdentityCheck) verify.provider.know(known);
  const records: StoredVerification[] = [];
  let n = 0;
  for (const [i, p] of people.entries()) {
    for (const service of p.services) {
      const enrolled = await vault.enrol(officer, { service, user: p.user, ...known[i]! });
      // The last person's forum verification is from 400 days ago: expired (validity P365D).
      const started = i === 3 ? ago(400) : ago(4 - (n++ % 4), 2);
      const methods = service === 'demo-im' ? (['sms_otp', 'id_check'] as const) : (['sms_otp'] as const);
      for (const method of methods)
        records.push({
          id: randomUUID(),
          service,
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
  }
  await verify.seedRecords(records);
  return 2 + records.length;
}
