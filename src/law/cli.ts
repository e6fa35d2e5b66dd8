import path from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { CliKit, DataOptions } from '../platform/cli-kit.js';
import { AppError } from '../platform/errors.js';
import type { ArticleView, ImportResult } from './schema.js';

function parseLaw(value: string): 'csl' | 'cii' {
  if (value !== 'csl' && value !== 'cii') throw new InvalidArgumentError('csl or cii');
  return value;
}

function parseArticle(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('an article number, e.g. 26');
  return n;
}

/** `--law csl --version 2016` or `--version csl2016`. */
function versionKey(law: string | undefined, version: string | undefined): string | undefined {
  if (!version) return undefined;
  return /^\d{4}(draft)?$/.test(version) ? `${law ?? 'csl'}${version}` : version;
}

const versionLabel = (key: string) =>
  key.replace(
    /^(csl|cii)(\d{4})(draft)?$/,
    (_m, l: string, y: string, d?: string) => `${l.toUpperCase()} ${y}${d ? ' draft' : ''}`,
  );

function printImport(kit: CliKit, result: ImportResult, json: boolean): void {
  if (json) {
    kit.out(`${JSON.stringify(result)}\n`);
    return;
  }
  const lines = [
    `Imported ${versionLabel(result.version)} from ${result.source}: ${result.articles} articles (${result.layout}, ${result.languages.join('+')}).`,
  ];
  if (result.defects.length === 0) lines.push('Integrity: no defects found.');
  else {
    lines.push(`Integrity: ${result.defects.length} defect(s):`);
    for (const d of result.defects)
      lines.push(`  ${d.kind.padEnd(14)} ${d.article ? `Art ${d.article}` : 'text'}: ${d.detail}`);
  }
  for (const n of result.notes) lines.push(`  note           Art ${n.article}: ${n.detail}`);
  kit.out(`${lines.join('\n')}\n`);
}

function printArticle(
  kit: CliKit,
  view: ArticleView,
  number: number,
  numbering: string,
  diffOnly: boolean,
): void {
  const out: string[] = [];
  const others = Object.entries(view.numbers)
    .filter(([v]) => v !== numbering)
    .map(([v, refs]) => `${versionLabel(v)} Art ${refs.length ? refs.join(', ') : '(none)'}`);
  out.push(`${versionLabel(numbering)} Article ${number}${others.length ? `  =  ${others.join('; ')}` : ''}`);
  for (const n of view.notes) out.push(`  ${n.en} / ${n.zh}`);
  if (view.texts.length === 0) {
    out.push(
      '',
      'No imported text has this article. Import one with `wangan law import FILE` (texts are not shipped).',
    );
  }
  if (!diffOnly || view.diffs.length === 0) {
    for (const t of view.texts) {
      out.push(
        '',
        `── ${versionLabel(t.version)} Art ${t.number} (${t.source})${t.chapter ? ` · ${t.chapter}` : ''}`,
      );
      for (const lang of ['zh', 'en'] as const) for (const p of t[lang] ?? []) out.push(`  ${p.text}`);
    }
  }
  for (const d of view.diffs) {
    out.push(
      '',
      `── diff ${versionLabel(d.from)} -> ${versionLabel(d.to)} (${d.lang}, ${d.source}): [-removed-] {+added+}`,
    );
    out.push(
      `  ${d.parts.map((p) => (p.op === 'same' ? p.text : p.op === 'added' ? `{+${p.text}+}` : `[-${p.text}-]`)).join('')}`,
    );
  }
  if (diffOnly && view.diffs.length === 0 && view.texts.length > 1) {
    out.push(
      '',
      'No word diff: the versions come from different sources (translations), so they are shown side by side only.',
    );
  }
  kit.out(`${out.join('\n')}\n`);
}

/** `wangan law import | show | diff`. */
export function lawCli(program: Command, kit: CliKit): void {
  const h = kit;
  const law = program.command('law').description('statute texts: import, show, diff');

  h.dataOptions(
    law
      .command('import <file>')
      .description('import a statute text into the local database and print its integrity report')
      .addOption(new Option('--law <law>', 'csl or cii (detected when omitted)').argParser(parseLaw))
      .option('--version <version>', 'version, e.g. 2016 (with --law) or csl2025 (detected when omitted)')
      .option('--source <label>', 'where the text comes from (default: the file name)')
      .option('--json', 'print the result as JSON')
      .addOption(kit.tokenOption()),
  ).action(
    async (
      file: string,
      opts: DataOptions & {
        law?: 'csl' | 'cii';
        version?: string;
        source?: string;
        json?: boolean;
        token?: string;
      },
    ) => {
      const config = h.configFrom(opts);
      kit.progress(`reading ${file}`);
      const content = kit.readInputFile(file);
      const input = {
        content,
        source: opts.source ?? path.basename(file),
        ...(opts.law ? { law: opts.law } : {}),
        ...(opts.version ? { version: versionKey(opts.law, opts.version)! } : {}),
      };
      const server = h.runningServer(config);
      const result = server
        ? await kit.callApi<ImportResult>(
            server.url,
            h.requireToken(config, server, opts.token),
            'POST',
            '/api/law/texts',
            input,
          )
        : await h.withServices(config, 'wangan law import', async (s) => {
            const r = await s.law.importText(h.actor, input);
            await s.audit.record({
              actor: h.actor,
              action: 'law.import',
              detail: { version: r.version, source: r.source, articles: r.articles },
            });
            return r;
          });
      kit.progress(`stored ${result.articles} articles of ${result.version}`);
      printImport(kit, result, Boolean(opts.json));
    },
  );

  const viewCommand = (name: string, description: string, diffOnly: boolean) =>
    h
      .dataOptions(
        law
          .command(`${name} <law> <article>`)
          .description(description)
          .option(
            '--version <version>',
            'the version whose numbering <article> is in, e.g. 2016 (default: the newest)',
          )
          .option('--numbering <version>', 'same as --version: 2016 or 2025')
          .option('--json', 'print JSON')
          .addOption(kit.tokenOption()),
      )
      .action(
        async (
          lawArg: string,
          articleArg: string,
          opts: DataOptions & { version?: string; numbering?: string; json?: boolean; token?: string },
        ) => {
          const lawKey = parseLaw(lawArg);
          const number = parseArticle(articleArg);
          const config = h.configFrom(opts);
          const numbering =
            versionKey(lawKey, opts.numbering ?? opts.version) ?? (lawKey === 'csl' ? 'csl2025' : 'cii2021');
          const server = h.runningServer(config);
          const view = server
            ? await fetch(
                new URL(`/api/law/articles/${lawKey}/${number}?numbering=${numbering}`, server.url),
                {
                  headers: opts.token ? { authorization: `Bearer ${opts.token}` } : {},
                },
              ).then(async (r) => {
                if (!r.ok)
                  throw new AppError(
                    'data_locked',
                    `A server holds ${config.dataDir}; pass --token (or WANGAN_TOKEN) to read through it (${r.status}).`,
                  );
                return (await r.json()) as ArticleView;
              })
            : await h.withServices(config, `wangan law ${name}`, (s) =>
                s.law.article(lawKey, number, numbering),
              );
          if (opts.json) kit.out(`${JSON.stringify(view, null, 2)}\n`);
          else printArticle(kit, view, number, numbering, diffOnly);
        },
      );

  viewCommand('show', 'show an article of an imported text, with its number in the other version', false);
  viewCommand(
    'diff',
    'an article across versions side by side, with a word diff where the texts share a source (2025 numbering unless --numbering 2016)',
    true,
  );
}
