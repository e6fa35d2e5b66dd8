import { AlertOutlined, DownloadOutlined, SearchOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Result,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { EXPORT_MAX_EVENTS, exportFormats } from '../../../../contract/logvault.js';
import { allPages, api } from '../../api.js';
import { useErrorOnField, useErrorText } from '../../error-text.js';
import { validValues } from '../../form-values.js';
import { LoadMore, usePaged } from '../../paging.js';
import { queryString } from '../../server-table.js';
import { beijingSeconds, useIncidentCatalog } from '../incidents/shared.js';
import {
  pickerInstant,
  SeverityTag,
  sourceName,
  useLogvaultRights,
  useSeverityNames,
  type EventPage,
  type SourcePage,
  type SourceView,
  type StoredEvent,
} from './shared.js';

type Filter = {
  range?: [Dayjs | null, Dayjs | null] | null;
  source?: string;
  severity?: number;
  q?: string;
  /** `key:value`, a field of the parsed event (dotted for structured data: sd-id.param). */
  field?: string;
};

/** Results come 100 at a time; "more" follows the server's `next`. */
const PAGE = 100;

/**
 * 检索: stored events by receive time (Beijing time), source, severity (this
 * level or more severe) and text, oldest first, more on demand; the same
 * filters exported as a file; an incident opened from one event. Logs hold
 * personal data: only the roles the server lets search see the form, and
 * every search and export is recorded in the audit trail.
 */
export function SearchPanel() {
  const { t } = useTranslation();
  const rights = useLogvaultRights();
  if (!rights.search)
    return (
      <div data-testid="search-not-allowed">
        <Result
          status="info"
          title={t('Your role may not search the logs')}
          subTitle={t(
            'Network logs hold personal data (addresses, accounts, what people did), so only administrators, security officers and auditors may search or export them, and every search is recorded in the audit trail. The overview and the sources stay open to you.',
          )}
        />
      </div>
    );
  return <SearchForm />;
}

function SearchForm() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const severityNames = useSeverityNames();
  const rights = useLogvaultRights();
  const [form] = Form.useForm<Filter>();
  const [query, setQuery] = useState<string | null>(null);
  const [sources, setSources] = useState<SourceView[]>([]);
  const [incidentFor, setIncidentFor] = useState<StoredEvent | null>(null);
  const [opened, setOpened] = useState<Record<string, { id: string; ref: string }>>({});

  useEffect(() => {
    let live = true;
    allPages<SourcePage, 'sources'>('/api/logvault/sources', 'sources').then(
      (list) => live && setSources(list),
      (e: unknown) => console.warn(e),
    );
    return () => {
      live = false;
    };
  }, []);

  const onError = useCallback((e: Error) => void message.error(errorText(e)), [message, errorText]);
  const results = usePaged<EventPage, 'events'>(
    query === null ? null : `/api/logvault/events${query ? `?${query}` : ''}`,
    'events',
    { limit: PAGE, onError },
  );
  const names = useMemo(() => new Map(sources.map((s) => [s.id, sourceName(s)])), [sources]);

  const search = (v: Filter) => {
    const next = queryString({
      from: pickerInstant(v.range?.[0]),
      to: pickerInstant(v.range?.[1], true),
      source: v.source,
      severity: v.severity,
      q: v.q?.trim(),
      field: v.field?.trim(),
    });
    // The same filters again: search again (new events may have come).
    if (next === query) results.reload();
    else setQuery(next);
  };
  const exportHref = (format: (typeof exportFormats)[number]) =>
    `/api/logvault/events/export?${query ? `${query}&` : ''}format=${format}`;

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="logvault-search">
      <Alert
        type="info"
        showIcon
        data-testid="search-audited"
        message={t(
          'Every search and export is recorded in the audit trail under your name: network logs hold personal data. Administrators, security officers and auditors may search.',
        )}
      />
      <Form form={form} layout="inline" onFinish={search} style={{ rowGap: 8 }}>
        <Form.Item name="range" label={t('Received (Beijing time)')}>
          <DatePicker.RangePicker
            showTime
            allowEmpty={[true, true]}
            placeholder={[t('Received from'), t('Received until')]}
            style={{ width: 360 }}
            data-testid="search-range"
          />
        </Form.Item>
        <Form.Item name="source">
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('Any source')}
            style={{ width: 200 }}
            popupMatchSelectWidth={false}
            options={sources.map((s) => ({ value: s.id, label: sourceName(s) }))}
            data-testid="search-source"
          />
        </Form.Item>
        <Form.Item name="severity">
          <Select
            allowClear
            placeholder={t('Any severity')}
            style={{ width: 200 }}
            popupMatchSelectWidth={false}
            options={severityNames.map((name, n) => ({
              value: n,
              label: t('{{n}} {{name}} or more severe', { n, name }),
            }))}
            data-testid="search-severity"
          />
        </Form.Item>
        <Form.Item name="q">
          <Input
            allowClear
            placeholder={t('Text in the line')}
            style={{ width: 220 }}
            data-testid="search-q"
          />
        </Form.Item>
        <Form.Item
          name="field"
          rules={[
            {
              pattern: /^\s*[^:\s][^:]*:.+$/,
              message: t('Write the field as key:value, such as src:10.0.0.7.'),
            },
          ]}
        >
          <Input
            allowClear
            placeholder={t('Field = value (key:value)')}
            style={{ width: 220 }}
            data-testid="search-field"
          />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="search-run">
            {t('Search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              setQuery(null);
            }}
          >
            {t('Reset')}
          </Button>
        </Space>
      </Form>
      {query !== null && (
        <>
          <Space wrap>
            <Typography.Text type="secondary">
              {t('Export these results (at most {{n}} events):', { n: EXPORT_MAX_EVENTS.toLocaleString() })}
            </Typography.Text>
            {exportFormats.map((format) => (
              <Button
                key={format}
                size="small"
                icon={<DownloadOutlined />}
                href={exportHref(format)}
                download
                data-testid={`export-${format}`}
              >
                {format === 'csv' ? t('CSV file') : t('NDJSON file')}
              </Button>
            ))}
          </Space>
          <Table<StoredEvent>
            rowKey={(e) => `${e.receivedAt}/${e.seq}`}
            size="small"
            tableLayout="fixed"
            loading={results.loading}
            dataSource={results.items}
            pagination={false}
            data-testid="search-results"
            locale={{ emptyText: t('No event matches.') }}
            onRow={(e) => ({ 'data-testid': `event-${e.seq}` }) as React.HTMLAttributes<HTMLElement>}
            expandable={{
              expandedRowRender: (e) => <EventDetail event={e} />,
            }}
            columns={[
              {
                title: t('Received (Beijing time)'),
                width: 160,
                render: (_, e) => beijingSeconds(e.receivedAt),
              },
              {
                title: t('Device time'),
                width: 190,
                render: (_, e) =>
                  e.time ? (
                    <Space size={4} wrap>
                      <span>{beijingSeconds(e.time)}</span>
                      {e.skewed && (
                        <Tooltip
                          title={t('The device clock is {{s}} seconds off the vault’s', { s: e.skewSeconds })}
                        >
                          <Tag color="orange" data-testid={`skew-${e.seq}`}>
                            {t('clock skew')}
                          </Tag>
                        </Tooltip>
                      )}
                    </Space>
                  ) : (
                    '—'
                  ),
              },
              {
                title: t('Log source'),
                width: 140,
                ellipsis: true,
                render: (_, e) => names.get(e.source) ?? e.hostname ?? e.source,
              },
              { title: t('Application'), width: 110, ellipsis: true, render: (_, e) => e.app ?? '—' },
              { title: t('Severity'), width: 110, render: (_, e) => <SeverityTag severity={e.severity} /> },
              {
                title: t('Message'),
                ellipsis: true,
                render: (_, e) => <Typography.Text>{e.message}</Typography.Text>,
              },
              ...(rights.openIncident
                ? [
                    {
                      title: t('Incident'),
                      width: 150,
                      render: (_: unknown, e: StoredEvent) => {
                        const done = opened[`${e.receivedAt}/${e.seq}`];
                        return done ? (
                          <Link to={`/incidents/${done.id}`} data-testid={`incident-link-${e.seq}`}>
                            {done.ref}
                          </Link>
                        ) : (
                          <Button
                            size="small"
                            icon={<AlertOutlined />}
                            onClick={() => setIncidentFor(e)}
                            data-testid={`open-incident-${e.seq}`}
                          >
                            {t('Open incident')}
                          </Button>
                        );
                      },
                    },
                  ]
                : []),
            ]}
          />
          <LoadMore
            next={results.next}
            loading={results.loading}
            onClick={results.loadMore}
            testId="search-more"
          />
        </>
      )}
      {incidentFor && (
        <OpenIncident
          event={incidentFor}
          onClose={() => setIncidentFor(null)}
          onOpened={(r) => {
            setOpened((o) => ({ ...o, [`${incidentFor.receivedAt}/${incidentFor.seq}`]: r }));
            setIncidentFor(null);
          }}
        />
      )}
    </Space>
  );
}

function EventDetail({ event }: { event: StoredEvent }) {
  const { t } = useTranslation();
  return (
    <Descriptions column={1} size="small" bordered data-testid={`event-detail-${event.seq}`}>
      <Descriptions.Item label={t('Message')}>{event.message}</Descriptions.Item>
      <Descriptions.Item label={t('Host')}>{event.hostname ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('Format')}>{event.format}</Descriptions.Item>
      {event.skewSeconds !== null && (
        <Descriptions.Item label={t('Device time minus receive time')}>
          {t('{{s}} seconds', { s: event.skewSeconds, count: event.skewSeconds })}
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('Fields')}>
        {event.fields && Object.keys(event.fields).length > 0 ? (
          <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
            {JSON.stringify(event.fields, null, 2)}
          </pre>
        ) : (
          '—'
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('Line as received')}>
        <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }} data-testid="event-raw">
          {event.raw}
        </pre>
      </Descriptions.Item>
      <Descriptions.Item label={t('Stored in segment')}>
        <Typography.Text code>{event.segment}</Typography.Text>
      </Descriptions.Item>
    </Descriptions>
  );
}

/** An incident opened from one event (the incident capability numbers it; once per event). */
function OpenIncident({
  event,
  onClose,
  onOpened,
}: {
  event: StoredEvent;
  onClose: () => void;
  onOpened: (r: { id: string; ref: string }) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  const { message } = App.useApp();
  const errorText = useErrorText();
  const errorOnField = useErrorOnField();
  const catalog = useIncidentCatalog();
  const [form] = Form.useForm<{ title: string; category: string }>();
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    const v = await validValues(form);
    if (!v) return;
    setSaving(true);
    try {
      const r = await api<{ id: string; ref: string; created: boolean }>(
        'POST',
        '/api/logvault/events/incident',
        {
          receivedAt: event.receivedAt,
          seq: event.seq,
          title: v.title,
          category: v.category,
        },
      );
      void message.success(
        r.created
          ? t('Incident {{ref}} opened: its reporting clocks have started.', { ref: r.ref })
          : t('An incident was already opened from this event: {{ref}}.', { ref: r.ref }),
      );
      onOpened(r);
    } catch (e) {
      if (!errorOnField(form, e)) void message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={t('Open an incident from this event')}
      okText={t('Open incident')}
      cancelText={t('Cancel')}
      onOk={() => void submit()}
      confirmLoading={saving}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ title: event.message.slice(0, 200), category: 'other' }}
        data-testid="open-incident-form"
      >
        <Typography.Paragraph type="secondary">
          {t('The event’s line becomes the incident’s description and its host an observable.')}
        </Typography.Paragraph>
        <Form.Item
          name="title"
          label={t('Title')}
          rules={[{ required: true, whitespace: true, message: t('Give the incident a title.') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="category" label={t('Category')}>
          <Select
            loading={!catalog}
            options={(catalog?.categories ?? []).map((c) => ({ value: c.code, label: c.name[lang] }))}
            labelRender={(v) => (catalog ? v.label : '')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
