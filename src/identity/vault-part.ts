import { csvCell } from '../platform/audit/service.js';
import type { Actor } from '../platform/auth/roles.js';
import type { ModuleContext } from '../platform/module.js';
import { addDays, beijingDate } from '../platform/time.js';
import { loadIdentityCatalog } from './catalog-io.js';
import { vaultRekeyTask } from './jobs/vault-rekey.js';
import * as vault0001 from './migrations/0001-vault.js';
import type { IdentityPart } from './part.js';
import type { IdentitySettings } from './settings.js';
import { KeyRing, keyRingDir } from './vault-keys-io.js';
import { registerVaultRoutes } from './vault-routes.js';
import { VaultService } from './vault-service.js';
import { VaultStore } from './vault-store.js';
import type { VaultTables } from './vault-tables.js';

/**
 * The vault area: people sealed under per-record data keys with a keyed
 * index, service accounts with public handles, key rotation with a
 * background re-wrap and re-index, two-person reveals, the reveals and key
 * ids in the audit pack, and demo people under two demo services.
 */
export const vaultPart: IdentityPart<'vault'> = {
  key: 'vault',
  migrations: { 'identity/0001-vault': vault0001 },
  build: (ctx) => {
    const settings = ctx.settings<IdentitySettings>('identity').vault;
    const catalog = loadIdentityCatalog();
    const dir = keyRingDir(ctx.config.dataDir, (release) => ctx.onClose(release));
    const now = ctx.clock.now();
    const rings = {
      vault: KeyRing.open({
        which: 'vault',
        file: ctx.env.WANGAN_VAULT_KEY_FILE?.trim() || undefined,
        envKey: ctx.env.WANGAN_VAULT_KEY?.trim() || undefined,
        envName: 'WANGAN_VAULT_KEY',
        dataDir: dir,
        now,
      }),
      index: KeyRing.open({
        which: 'index',
        file: ctx.env.WANGAN_VAULT_INDEX_KEY_FILE?.trim() || undefined,
        envKey: ctx.env.WANGAN_VAULT_INDEX_KEY?.trim() || undefined,
        envName: 'WANGAN_VAULT_INDEX_KEY',
        dataDir: dir,
        now,
      }),
    };
    const registers = ctx.get('registers');
    return new VaultService(new VaultStore(ctx.tables<VaultTables>()), {
      ledger: ctx.get('ledger'),
      audit: ctx.get('audit'),
      entryStatus: (registerId, entryId) => registers.entryStatus(registerId, entryId),
      uow: ctx.uow,
      clock: ctx.clock,
      rings,
      bases: catalog.reveal_bases,
      revealWindow: settings.revealWindow,
    });
  },
  open: (vault) => vault.open(),
  routes: (app, vault) => registerVaultRoutes(app, vault),
  jobs: (vault) => [vaultRekeyTask(vault)],
  pack: (vault, ctx) => [
    {
      // Every reveal asked in the period: who asked, on what ground, who decided, when opened; masks only.
      file: 'identity-reveals.csv',
      contents: async (period) => {
        const header = [
          'id',
          'requestedAt',
          'requestedBy',
          'basis',
          'registerEntryId',
          'reference',
          'reason',
          'status',
          'decidedBy',
          'decidedAt',
          'openUntil',
          'openedAt',
          'evidenceId',
          'subjectId',
          'nameMasked',
          'idNumberMasked',
          'phoneMasked',
        ];
        const rows = (await vault.exportReveals(period)).map((r) => [
          r.id,
          r.requestedAt,
          r.requestedBy,
          r.basis,
          r.registerEntryId ?? '',
          r.reference ?? '',
          r.reason,
          r.status,
          r.decidedBy ?? '',
          r.decidedAt ?? '',
          r.openUntil ?? '',
          r.openedAt ?? '',
          r.evidenceId ?? '',
          r.subjectId,
          r.subject.nameMasked,
          r.subject.idNumberMasked,
          r.subject.phoneMasked,
        ]);
        return `\ufeff${[header, ...rows].map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`;
      },
    },
    {
      // The ids and dates of the vault's keys (never key bytes), and how many records each holds.
      file: 'identity-keys.json',
      contents: async (period) =>
        JSON.stringify(
          {
            generatedAt: ctx.clock.now().toISOString(),
            period: {
              from: period.from ? beijingDate(period.from) : null,
              to: period.to ? beijingDate(period.to) : null,
            },
            ...(await vault.exportKeys()),
          },
          null,
          2,
        ),
    },
  ],
  demo: (vault, _all, ctx) => seedVaultDemo(vault, ctx),
};

/**
 * Demo people (made-up names; identity numbers with valid check characters
 * for areas and dates that exist, not real people's) under the demo services
 * `demo-forum` and `demo-im` (one person in both), and a reveal waiting for
 * a second person's approval.
 */
export async function seedVaultDemo(vault: VaultService, ctx: ModuleContext): Promise<number> {
  const system: Actor = { userId: 'demo', username: 'demo', role: 'admin', via: 'system' };
  const officer: Actor = {
    userId: 'demo-compliance',
    username: 'demo.compliance',
    role: 'compliance_officer',
    via: 'system',
  };
  const people = [
    {
      service: 'demo-forum',
      user: 'forum-1001',
      name: '张三',
      idNumber: '110101199003074514',
      phone: '13800138000',
    },
    {
      service: 'demo-im',
      user: 'im-2001',
      name: '张三',
      idNumber: '110101199003074514',
      phone: '13800138000',
    },
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
  ];
  let first: string | undefined;
  for (const p of people) {
    const r = await vault.enrol(system, p);
    first ??= r.subjectId;
  }
  await vault.requestReveal(officer, {
    subjectId: first!,
    basis: 'court_order',
    reference: '[demo] （2026）沪0101民初1234号',
    reason:
      '[demo] 法院调取论坛账号注册人身份信息，用于民事诉讼送达 (a court asks who registered the account)',
  });
  // A law-enforcement request approved and not answered by the day it named: the overdue item.
  const registers = ctx.get('registers');
  let requests = 0;
  if (await registers.isVisible('law-enforcement-requests')) {
    const today = beijingDate(ctx.clock.now());
    const entry = await registers.record(officer, 'law-enforcement-requests', {
      organ: 'public_security',
      organName: '[demo] 某市公安局网络安全保卫支队',
      documentNumber: '[demo] 公（网）调证字〔2026〕118号',
      receivedOn: addDays(today, -5),
      support: 'data',
      scope: '[demo] 论坛账号 forum-1001 的注册身份信息及近三个月登录记录',
      legalBasis: '[demo] 《中华人民共和国网络安全法》第三十条；《公安机关办理刑事案件程序规定》',
      respondBy: addDays(today, -2),
    });
    await registers.review(system, 'law-enforcement-requests', entry.id, {
      approve: true,
      note: '[demo] 文书齐全，同意办理',
    });
    requests = 1;
  }
  return people.length + 1 + requests;
}
