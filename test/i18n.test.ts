import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { en } from '../web/src/locales/en.js';
import { zh } from '../web/src/locales/zh.js';
import { factKeys } from '../web/src/because.js';
import { services as webServices, sectors as webSectors } from '../web/src/profile-options.js';
import { loadCatalog } from '../src/obligations/catalog-io.js';
import { roles, tokenScopes } from '../src/platform/auth/roles.js';
import { ciiSectors, services } from '../src/obligations/profile.js';
import { modules } from '../src/modules.js';
import { capabilityText } from '../web/src/capability-text.js';
import { defectKinds } from '../src/law/model.js';
import { tierLevels } from '../src/obligations/catalog-schema.js';

const webSrc = path.resolve(import.meta.dirname, '..', 'web', 'src');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sources(full) : /\.tsx?$/.test(e.name) ? [full] : [];
  });
}

describe('console translations', () => {
  it('every English key used in the console has a Chinese translation', () => {
    const keys = new Set<string>();
    for (const file of sources(webSrc)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'((?:[^'\\]|\\.)+)'/g)) keys.add(m[1]!);
      // Labels kept in tables and passed to t() indirectly.
      if (file.endsWith('capabilities.ts'))
        for (const m of text.matchAll(/^\s+\w+: '((?:[^'\\]|\\.)+)',$/gm)) keys.add(m[1]!);
    }
    assert.ok(keys.size > 40);
    const missing = [...keys].filter((k) => !(k in zh));
    assert.deepEqual(missing, []);
  });

  it('every role, service, sector, scope, defect kind and fine tier of the server has a label in both languages', () => {
    const keys = [
      ...roles.map((r) => `role.${r}`),
      ...services.map((s) => `service.${s}`),
      ...ciiSectors.map((s) => `sector.${s}`),
      ...tokenScopes.map((s) => `scope.${s}`),
      ...defectKinds.map((k) => `defect.${k}`),
      ...tierLevels.map((l) => `tier.${l}`),
      ...['purchase_amount', 'illegal_gains'].map((m) => `multiple.${m}`),
      ...['new_duty', 'changed_duty', 'higher_fines'].map((c) => `change.${c}`),
      ...['met', 'due_soon', 'overdue', 'missing', 'not_applicable'].map((st) => `status.${st}`),
      ...['overdue', 'due_soon', 'open', 'on_track'].map((st) => `deadline.${st}`),
      ...['recorded', 'pending', 'approved', 'rejected'].map((st) => `entry.${st}`),
    ];
    assert.deepEqual(
      keys.filter((k) => !zh[k] || !en[k]),
      [],
    );
  });

  it('the console has a label and a description, in both languages, for every capability the navigation shows', () => {
    const nav = modules.filter((m) => m.nav);
    assert.ok(nav.length >= 8, 'the module list has the capabilities of the product');
    const missing = nav.filter((m) => !capabilityText[m.key]).map((m) => m.key);
    assert.deepEqual(missing, [], 'capabilities without an entry in web/src/capability-text.ts');
    const untranslated = nav
      .flatMap((m) => [capabilityText[m.key]!.label, capabilityText[m.key]!.description])
      .filter((text) => !zh[text]);
    assert.deepEqual(untranslated, []);
  });

  it("every profile fact the catalogue uses has a label, and the console offers the server's services and sectors", () => {
    const used = new Set<string>();
    const walk = (c: unknown): void => {
      if (!c || typeof c !== 'object') return;
      const o = c as Record<string, unknown>;
      if (typeof o.fact === 'string') used.add(o.fact);
      for (const v of Object.values(o)) if (Array.isArray(v)) v.forEach(walk);
      if (o.not) walk(o.not);
    };
    for (const o of loadCatalog().obligations) walk(o.applies_when);
    assert.deepEqual(
      [...used].filter((f) => !factKeys.includes(f) || !zh[`fact.${f}`] || !en[`fact.${f}`]),
      [],
    );
    assert.deepEqual(webServices, [...services]);
    assert.deepEqual(webSectors, [...ciiSectors]);
  });
});
