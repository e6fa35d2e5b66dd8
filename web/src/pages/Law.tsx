import { UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  InputNumber,
  Row,
  Segmented,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type {
  ArticleView,
  DefectView,
  ImportResult,
  LawTextPage,
  ParagraphView,
} from '../../../contract/law.js';
import { api } from '../api.js';
import { formatCitation, formatRef } from '../../../contract/citation.js';
import { versionLabel } from '../cite.js';
import i18n from '../i18n.js';
import { useAuth } from '../auth.js';
import { LoadMore, usePaged } from '../paging.js';
import { useErrorText } from '../error-text.js';

type Defect = DefectView;
type Paragraph = ParagraphView;

/** A statute version as cited in the console's language (《网络安全法》（2025年修正）, "CSL 2025"): contract/citation.ts. */
export const versionName = (key: string) => versionLabel(key, i18n.language === 'zh' ? 'zh' : 'en');

const defectColour: Record<string, string> = {
  missing: 'red',
  misplaced: 'volcano',
  item_gap: 'orange',
  count_mismatch: 'purple',
  duplicate: 'gold',
};

function TextsTab({ onOpen }: { onOpen: (law: string, version: string, article: number) => void }) {
  const { t, i18n: i18nInstance } = useTranslation();
  const lang = i18nInstance.language === 'zh' ? 'zh' : 'en';
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { can } = useAuth();
  const [busy, setBusy] = useState(false);
  const canImport = can('law.import');
  const onError = useCallback((e: Error) => void message.error(errorText(e)), [message, errorText]);
  const texts = usePaged<LawTextPage, 'texts'>('/api/law/texts', 'texts', { onError });
  const load = texts.reload;

  const upload = async (file: File) => {
    setBusy(true);
    try {
      const content = await file.text();
      const r = await api<ImportResult>('POST', '/api/law/texts', { content, source: file.name });
      void message.success(
        t('Imported {{version}}: {{articles}} articles, {{defects}} defects', {
          version: versionName(r.version),
          articles: r.articles,
          defects: r.defects.length,
        }),
      );
      load();
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setBusy(false);
    }
    return false;
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Alert
        type="info"
        showIcon
        message={t(
          'Statute texts are not shipped with wangan. Import the files you have; each gets an integrity report.',
        )}
      />
      {canImport && (
        <Upload
          accept=".txt,text/plain"
          showUploadList={false}
          beforeUpload={(f) => {
            void upload(f);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={busy} data-testid="import-text">
            {t('Import a statute text')}
          </Button>
        </Upload>
      )}
      <Table
        rowKey="id"
        dataSource={texts.items}
        pagination={false}
        expandable={{
          expandedRowRender: (r) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              {r.defects.length === 0 && (
                <Typography.Text type="success">{t('No defects found.')}</Typography.Text>
              )}
              {r.defects.map((d, i) => (
                <div key={i}>
                  <Tag color={defectColour[d.kind]}>{t(`defect.${d.kind}`)}</Tag>
                  {d.article > 0 && (
                    <Typography.Link onClick={() => onOpen(r.law, r.version, d.article > 0 ? d.article : 1)}>
                      {t('Article {{n}}', { n: d.article })}
                    </Typography.Link>
                  )}{' '}
                  {d.messages?.[lang] ?? d.detail}
                </div>
              ))}
              {r.notes.map((n, i) => (
                <div key={`n${i}`}>
                  <Tag>{t('note')}</Tag>
                  {t('Article {{n}}', { n: n.article })} {n.messages?.[lang] ?? n.detail}
                </div>
              ))}
            </Space>
          ),
        }}
        columns={[
          { title: t('Version'), dataIndex: 'version', render: (v: string) => <b>{versionName(v)}</b> },
          { title: t('Source'), dataIndex: 'source' },
          { title: t('Layout'), dataIndex: 'layout' },
          { title: t('Languages'), dataIndex: 'languages', render: (l: string[]) => l.join(' + ') },
          { title: t('Articles'), dataIndex: 'articleCount' },
          {
            title: t('Integrity'),
            dataIndex: 'defects',
            render: (d: Defect[]) =>
              d.length ? (
                <Tag color="red">{t('{{n}} defects', { n: d.length, count: d.length })}</Tag>
              ) : (
                <Tag color="green">{t('intact')}</Tag>
              ),
          },
        ]}
      />
      <LoadMore next={texts.next} loading={texts.loading} onClick={texts.loadMore} />
    </Space>
  );
}

function Paragraphs({ ps }: { ps: Paragraph[] | null }) {
  if (!ps) return null;
  return (
    <>
      {ps.map((p, i) => (
        <Typography.Paragraph key={i} style={{ marginBottom: 8 }}>
          {p.text}
        </Typography.Paragraph>
      ))}
    </>
  );
}

function ArticleTab({ initial }: { initial: { law: string; numbering: string; article: number } }) {
  const { t, i18n } = useTranslation();
  const [law, setLaw] = useState(initial.law);
  const [numbering, setNumbering] = useState(initial.numbering);
  const [article, setArticle] = useState<number | null>(initial.article);
  const [view, setView] = useState<ArticleView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const errorText = useErrorText();

  useEffect(() => {
    setLaw(initial.law);
    setNumbering(initial.numbering);
    setArticle(initial.article);
  }, [initial]);

  useEffect(() => {
    if (!article) return;
    setError(null);
    api<ArticleView>('GET', `/api/law/articles/${law}/${article}?numbering=${numbering}`).then(
      setView,
      (e: Error) => {
        setView(null);
        setError(e);
      },
    );
  }, [law, numbering, article]);

  const numberings = law === 'csl' ? ['csl2025', 'csl2016', 'csl2015draft'] : ['cii2021', 'cii2017'];
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap>
        <Segmented
          value={law}
          onChange={(v) => {
            setLaw(v as string);
            setNumbering(v === 'csl' ? 'csl2025' : 'cii2021');
          }}
          options={[
            { value: 'csl', label: t('Cybersecurity Law') },
            { value: 'cii', label: t('CII Regulation') },
          ]}
        />
        <Select
          value={numbering}
          onChange={setNumbering}
          style={{ width: 200 }}
          options={numberings.map((v) => ({
            value: v,
            label: t('{{version}} numbering', { version: versionName(v) }),
          }))}
        />
        <InputNumber
          data-testid="article-number"
          min={1}
          max={200}
          value={article}
          onChange={(v) => setArticle(v)}
          addonBefore={t('Article')}
        />
      </Space>
      {error !== null && <Alert type="error" message={errorText(error)} />}
      {view && (
        <>
          <Space wrap>
            {Object.entries(view.numbers).map(([v, refs]) => (
              <Tag key={v} color={v === numbering ? 'blue' : undefined}>
                {versionName(v)}:{' '}
                {refs.length
                  ? refs.map((r) => formatRef(r, i18n.language === 'zh' ? 'zh' : 'en')).join('、')
                  : t('no counterpart')}
              </Tag>
            ))}
          </Space>
          {view.notes.map((n, i) => (
            <Alert key={i} type="info" message={i18n.language === 'zh' ? n.zh : n.en} />
          ))}
          {view.texts.length === 0 ? (
            <Empty description={t('No imported text has this article yet.')} />
          ) : (
            <Row gutter={16}>
              {view.texts.map((x) => (
                <Col
                  key={`${x.version}-${x.source}-${x.number}`}
                  xs={24}
                  lg={24 / Math.min(view.texts.length, 3)}
                >
                  <Card
                    size="small"
                    title={formatCitation(x.version, String(x.number), i18n.language === 'zh' ? 'zh' : 'en', {
                      version: true,
                    })}
                    extra={<Typography.Text type="secondary">{x.source}</Typography.Text>}
                  >
                    {x.chapter && <Typography.Text type="secondary">{x.chapter}</Typography.Text>}
                    <Paragraphs ps={x.zh} />
                    <Paragraphs ps={x.en} />
                  </Card>
                </Col>
              ))}
            </Row>
          )}
          {view.diffs.map((d, i) => (
            <Card
              key={i}
              size="small"
              title={t('Changes {{from}} → {{to}}', { from: versionName(d.from), to: versionName(d.to) })}
            >
              {d.parts.map((p, j) =>
                p.op === 'same' ? (
                  <span key={j}>{p.text}</span>
                ) : p.op === 'added' ? (
                  <ins key={j} style={{ background: '#d9f7be' }}>
                    {p.text}
                  </ins>
                ) : (
                  <del key={j} style={{ background: '#ffccc7' }}>
                    {p.text}
                  </del>
                ),
              )}
            </Card>
          ))}
        </>
      )}
    </Space>
  );
}

export function LawPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [tab, setTab] = useState(params.get('article') ? 'article' : 'texts');
  const query = params.toString();
  const initial = useMemo(() => {
    const p = new URLSearchParams(query);
    return {
      law: p.get('law') ?? 'csl',
      numbering: p.get('numbering') ?? 'csl2025',
      article: Number(p.get('article') ?? 1),
    };
  }, [query]);
  const open = (law: string, version: string, article: number) => {
    setParams({ law, numbering: version, article: String(article) });
    setTab('article');
  };
  return (
    <>
      <Typography.Title level={3}>{t('Law library')}</Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'texts', label: t('Imported texts'), children: <TextsTab onOpen={open} /> },
          {
            key: 'article',
            label: t('Articles across versions'),
            children: <ArticleTab initial={initial} />,
          },
        ]}
      />
    </>
  );
}
