import crypto from 'node:crypto';
import { requireRole, type Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import { AppError } from '../platform/errors.js';
import { counterparts, type MapEntry } from './article-map.js';
import { diffWords } from './diff.js';
import { ImportError } from './importer.js';
import type { KnownVersion, Paragraph } from './model.js';
import { readInWorker, type StatuteReader } from './reader-io.js';
import { takePage, type PageRequest } from '../platform/paging.js';
import type { ArticleText, ArticleView, ImportInput, ImportResult, LawTextOut, TextKey } from './schema.js';
import type { LawStore, LawTextRow } from './store.js';

export const importerRoles = ['admin', 'compliance_officer'] as const;

function toTextOut(row: LawTextRow): LawTextOut {
  return {
    id: row.id,
    law: row.law,
    version: row.version,
    source: row.source,
    sha256: row.sha256,
    layout: row.layout,
    languages: row.languages,
    articleCount: row.article_count,
    defects: row.defects,
    notes: row.notes,
    importedAt: row.imported_at.toISOString(),
    importedBy: row.imported_by,
  };
}

const joined = (ps: Paragraph[] | null) => (ps ?? []).map((p) => p.text).join('\n');

/** What the law library reads of the catalogue (catalog/laws.yaml, catalog/article-map.yaml). */
export interface LawCatalog {
  versions: readonly (KnownVersion & { law: 'csl' | 'cii' })[];
  articleMap: MapEntry[];
}

/** Statutes as data: imports the user's texts and answers questions about articles. */
/** The reader's refusals in Chinese (its English sentence names the detail). */
const importErrorZh: Record<ImportError['code'], string> = {
  no_articles: '未找到任何条文：文本中没有“第某条”形式的条文标题。',
  unknown_law: '无法判断这是哪部法规，请指定法规。',
  unknown_version: '无法判断文本属于哪个版本，请指定已知的版本。',
  too_large: '读取该文本超出了允许的时间或内存，已停止。',
};

function noText(id: number): AppError {
  return new AppError('not_found', { en: `No imported text ${id}.`, zh: `没有编号为 ${id} 的导入文本。` });
}

export class LawService {
  constructor(
    private readonly store: LawStore,
    private readonly catalog: LawCatalog,
    private readonly clock: Clock,
    /** Reads a text off the event loop (a worker thread) by default. */
    private readonly read: StatuteReader = readInWorker,
  ) {}

  knownVersions(): KnownVersion[] {
    return this.catalog.versions.map((v) => ({
      key: v.key,
      law: v.law,
      status: v.status,
      articles: v.articles,
      in_force: v.in_force,
    }));
  }

  /** "2016" with law csl, or "csl2016": the version key. */
  resolveVersion(law: string | undefined, version: string | undefined): string | undefined {
    if (!version) return undefined;
    const key = /^\d{4}(draft)?$/.test(version) && law ? `${law}${version}` : version;
    if (!this.catalog.versions.some((v) => v.key === key)) {
      throw new AppError(
        'validation_failed',
        {
          en: `Unknown version "${version}"; known: ${this.catalog.versions.map((v) => v.key).join(', ')}.`,
          zh: `未知的版本“${version}”；已知版本：${this.catalog.versions.map((v) => v.key).join('、')}。`,
        },
        undefined,
        'version',
      );
    }
    return key;
  }

  async importText(actor: Actor, input: ImportInput): Promise<ImportResult> {
    requireRole(actor, importerRoles);
    const version = this.resolveVersion(input.law, input.version);
    let parsed;
    try {
      parsed = await this.read(input.content, { law: input.law, version, known: this.knownVersions() });
    } catch (err) {
      if (err instanceof ImportError)
        throw new AppError(
          err.code === 'too_large' ? 'payload_too_large' : 'validation_failed',
          { en: err.message, zh: importErrorZh[err.code] },
          {
            reason: err.code,
          },
        );
      throw err;
    }
    const textId = await this.store.replaceText(
      {
        law: parsed.law,
        version: parsed.version,
        source: input.source,
        sha256: crypto.createHash('sha256').update(input.content).digest('hex'),
        layout: parsed.layout,
        languages: parsed.languages,
        defects: parsed.defects,
        notes: parsed.notes,
        importedBy: actor.username,
        importedAt: this.clock.now(),
      },
      parsed.articles,
    );
    return {
      law: parsed.law,
      version: parsed.version,
      articles: parsed.articles.length,
      defects: parsed.defects,
      notes: parsed.notes,
      layout: parsed.layout,
      languages: parsed.languages,
      textId,
      source: input.source,
    };
  }

  /** Imported texts by version and source, a page at a time. */
  async textPage(page: PageRequest<TextKey>): Promise<{ texts: LawTextOut[]; next: string | null }> {
    const rows = await this.store.listTexts(page.limit + 1, page.after);
    const p = takePage(rows, page.limit, (r): TextKey => [r.version, r.source, r.id]);
    return { texts: p.rows.map(toTextOut), next: p.next };
  }

  async getText(id: number): Promise<LawTextOut & { articles: ArticleText[] }> {
    const row = await this.store.findText(id);
    if (!row) throw noText(id);
    const articles = await this.store.articlesOf(id);
    return {
      ...toTextOut(row),
      articles: articles.map((a) => ({
        version: row.version,
        source: row.source,
        number: a.number,
        chapter: a.chapter,
        zh: a.zh,
        en: a.en,
      })),
    };
  }

  async deleteText(actor: Actor, id: number): Promise<void> {
    requireRole(actor, ['admin']);
    if (!(await this.store.deleteText(id))) throw noText(id);
  }

  /**
   * An article across the versions of its law: its number in each (through
   * the article map), the imported texts, and word diffs where two versions
   * have text in one language from one source.
   */
  async article(law: 'csl' | 'cii', number: number, numbering?: string): Promise<ArticleView> {
    const versions = this.catalog.versions.filter((v) => v.law === law);
    const base = this.resolveVersion(law, numbering) ?? (law === 'csl' ? 'csl2025' : 'cii2021');
    const baseVersion = versions.find((v) => v.key === base);
    if (!baseVersion)
      throw new AppError('validation_failed', {
        en: `${base} is not a version of ${law}.`,
        zh: `${base} 不是该法规的版本。`,
      });
    if (number > baseVersion.articles)
      throw new AppError('not_found', {
        en: `${base} has ${baseVersion.articles} articles; there is no Article ${number}.`,
        zh: `${base} 共 ${baseVersion.articles} 条，没有第 ${number} 条。`,
      });
    const numbers: Record<string, string[]> = { [base]: [String(number)] };
    const notes: { zh: string; en: string }[] = [];
    if (base === 'csl2016' || base === 'csl2025') {
      const other = base === 'csl2016' ? 'csl2025' : 'csl2016';
      const found = counterparts(this.catalog.articleMap, base, number);
      numbers[other] = [...new Set(found.map((c) => c.ref))];
      for (const c of found) if (c.note) notes.push(c.note);
      if (found.length === 0) {
        notes.push(
          base === 'csl2025'
            ? {
                zh: `第${number}条是2025年修正新增的条文。`,
                en: `Article ${number} is new in the 2025 amendment.`,
              }
            : {
                zh: `第${number}条在2025年文本中没有对应条文。`,
                en: `Article ${number} has no counterpart in the 2025 text.`,
              },
        );
      }
    }
    const wanted = Object.entries(numbers).flatMap(([v, refs]) =>
      refs.map((r) => ({ v, n: Number(/^\d+/.exec(r)![0]) })),
    );
    const rows = await this.store.articleInVersions(
      [...new Set(wanted.map((w) => w.v))],
      [...new Set(wanted.map((w) => w.n))],
    );
    const texts: ArticleText[] = rows
      .filter((r) => wanted.some((w) => w.v === r.version && w.n === r.number))
      .map((r) => ({
        version: r.version,
        source: r.source,
        number: r.number,
        chapter: r.chapter,
        zh: r.zh,
        en: r.en,
      }));
    const diffs: ArticleView['diffs'] = [];
    const order: string[] = versions.map((v) => v.key);
    for (const a of texts) {
      for (const b of texts) {
        if (order.indexOf(a.version) >= order.indexOf(b.version) || a.source !== b.source) continue;
        for (const lang of ['zh', 'en'] as const) {
          if (a[lang] && b[lang])
            diffs.push({
              lang,
              from: a.version,
              to: b.version,
              source: a.source,
              parts: diffWords(joined(a[lang]), joined(b[lang])),
            });
        }
      }
    }
    return { law, numbers, texts, diffs, notes };
  }
}
