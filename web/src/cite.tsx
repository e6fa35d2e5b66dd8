import { Space, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import {
  citationGroups,
  formatChapter,
  formatCitations,
  instrumentName,
  type CitationInput,
} from '../../contract/citation.js';
import type { DutyTitles } from '../../contract/obligations.js';
import type { Bilingual } from '../../contract/status.js';
import { api } from './api.js';

/**
 * Citations and duty names as people read them, through the formatter the
 * server uses too (contract/citation.ts): 《网络安全法》第四十二条第二款 in the
 * Chinese console, "CSL 2025 Art 42(2)" in the English one; duties by their
 * titles, the id in a tooltip with a copy button.
 */
export type Lang = 'zh' | 'en';

export function useLang(): Lang {
  const { i18n } = useTranslation();
  return i18n.language === 'zh' ? 'zh' : 'en';
}

const colour: Record<string, string> = {
  csl2025: 'blue',
  csl2016: 'geekblue',
  cii2021: 'cyan',
};

/** The law page's address of one provision (its article). */
const lawLink = (instrument: string, ref: string) =>
  `/law?law=${instrument.slice(0, 3)}&numbering=${instrument}&article=${/^\d+/.exec(ref)?.[0] ?? ref}`;

/**
 * Citations as one tag per version (the version named where it matters,
 * drafts greyed and labelled as drafts); `link` links each provision to the
 * law page; `compact` keeps them on one line with the full text in a tooltip.
 */
export function Citations({
  value,
  link = false,
  drafts = true,
  compact = false,
}: {
  value: CitationInput | undefined;
  link?: boolean;
  drafts?: boolean;
  compact?: boolean;
}) {
  const lang = useLang();
  const groups = citationGroups(value ?? {}, lang, { drafts });
  if (groups.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  const tags = groups.map((g) => (
    <Tag
      key={g.instrument}
      color={g.draft ? 'default' : (colour[g.instrument] ?? 'blue')}
      data-testid={`cite-${g.instrument}`}
      style={compact ? { maxWidth: '100%', overflow: 'hidden', textOverflow: 'ellipsis' } : undefined}
    >
      {link ? (
        <>
          {g.name}
          {lang === 'en' ? ' ' : ''}
          {g.refs.map((r, i) => (
            <span key={r.ref}>
              {i > 0 ? (lang === 'zh' ? '、' : ', ') : ''}
              <Link to={lawLink(g.instrument, r.ref)}>
                {lang === 'en' && i > 0 ? r.text.replace(/^Art /, '') : r.text}
              </Link>
            </span>
          ))}
        </>
      ) : (
        g.text
      )}
    </Tag>
  ));
  if (compact)
    return (
      <Tooltip title={formatCitations(value ?? {}, lang, { drafts })}>
        <Space size={[0, 4]} wrap>
          {tags}
        </Space>
      </Tooltip>
    );
  return (
    <Space size={[0, 4]} wrap>
      {tags}
    </Space>
  );
}

/** A catalogue chapter ("csl2025/3"): 《网络安全法》第三章 / "CSL 2025 Chapter III". */
export function chapterName(key: string, lang: Lang): string {
  return formatChapter(key, lang, { law: true });
}

/** A statute version as cited (《网络安全法》（2025年修正）, "CSL 2025"). */
export function versionLabel(key: string, lang: Lang): string {
  return instrumentName(key, lang, { version: true });
}

let titlesOnce: Promise<Record<string, Bilingual>> | null = null;
/** Every duty's title by id, fetched once per page load (GET /api/obligations/titles). */
export function useDutyTitles(): Record<string, Bilingual> {
  const [titles, setTitles] = useState<Record<string, Bilingual>>({});
  useEffect(() => {
    titlesOnce ??= api<DutyTitles>('GET', '/api/obligations/titles').then(
      (r) => r.titles,
      () => {
        titlesOnce = null;
        return {};
      },
    );
    let live = true;
    void titlesOnce.then((t) => live && setTitles(t));
    return () => {
      live = false;
    };
  }, []);
  return titles;
}

/**
 * A duty by its title; its id in a tooltip and behind a copy button. Without
 * a `title`, the title comes from the catalogue (the id until it arrives).
 */
export function DutyName({
  id,
  title,
  to,
  children,
}: {
  id: string;
  title?: Bilingual | undefined;
  /** Where the title links to, if anywhere. */
  to?: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const known = useDutyTitles();
  const name = (title ?? known[id])?.[lang] ?? id;
  const text = to ? <Link to={to}>{name}</Link> : name;
  return (
    <Tooltip title={id}>
      <Typography.Text
        data-testid={`duty-name-${id}`}
        copyable={{ text: id, tooltips: [t('Copy the duty id'), t('Copied')] }}
      >
        {text}
        {children}
      </Typography.Text>
    </Tooltip>
  );
}
