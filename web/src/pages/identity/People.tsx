import { EyeOutlined, SearchOutlined } from '@ant-design/icons';
import { App, Button, Card, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { verificationStatuses, type SubjectSearch } from '../../../../contract/identity.js';
import { api } from '../../api.js';
import { useErrorText } from '../../error-text.js';
import { CursorPager, queryString, useServerPage } from '../../server-table.js';
import { AskRevealModal } from './Reveals.js';
import {
  beijing,
  labelOf,
  MethodTag,
  useIdentityRights,
  useLang,
  verificationStatusLabel,
  VerificationStatusTag,
  type ServiceConfig,
  type ServiceList,
  type Subject,
  type SubjectPage,
  type Verification,
  type VerificationPage,
} from './shared.js';

type SearchBy = 'handle' | 'account' | 'idNumber' | 'phone';

/**
 * 用户与身份: the people in the vault, masked only, with their service
 * accounts and handles; an exact search (by handle, service and user,
 * identity number or phone: a POST, so no number goes into an address); the
 * verifications with filters. A person's row asks to see their identity.
 */
export function PeoplePanel({ onTab }: { onTab: (tab: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const rights = useIdentityRights();
  const [services, setServices] = useState<ServiceConfig[]>([]);
  const [service, setService] = useState<string | undefined>();
  const [by, setBy] = useState<SearchBy>('handle');
  const [value, setValue] = useState('');
  const [user, setUser] = useState('');
  const [searchService, setSearchService] = useState<string | undefined>();
  const [found, setFound] = useState<Subject[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [asking, setAsking] = useState<Subject | null>(null);
  const onError = useCallback((e: Error) => void message.error(errorText(e)), [message, errorText]);
  const list = useServerPage<SubjectPage, 'subjects'>(
    '/api/identity/subjects',
    'subjects',
    queryString({ service }),
    { onError },
  );
  useEffect(() => {
    api<ServiceList>('GET', '/api/identity/services').then((s) => setServices(s.services), onError);
  }, [onError]);

  const search = async () => {
    let body: SubjectSearch;
    if (by === 'account') {
      if (!searchService || !user.trim()) {
        void message.warning(t('Choose the service and give the user id.'));
        return;
      }
      body = { service: searchService, user: user.trim() };
    } else {
      if (!value.trim()) return;
      body =
        by === 'handle'
          ? { handle: value.trim() }
          : by === 'idNumber'
            ? { idNumber: value.trim() }
            : { phone: value.trim() };
    }
    setSearching(true);
    try {
      const r = await api<{ subjects: Subject[] }>('POST', '/api/identity/subjects/search', body);
      setFound(r.subjects);
      // A number searched for does not stay on the page.
      if (by === 'idNumber' || by === 'phone') setValue('');
    } catch (e) {
      onError(e as Error);
    } finally {
      setSearching(false);
    }
  };

  const serviceOptions = services.map((s) => ({ value: s.key, label: `${s.name} (${s.key})` }));
  const shown = found ?? list.items;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="identity-people">
      <Card size="small" title={t('Find a person')}>
        <Space wrap>
          <Select<SearchBy>
            value={by}
            onChange={(b) => {
              setBy(b);
              setValue('');
            }}
            style={{ width: 200 }}
            data-testid="search-by"
            options={[
              { value: 'handle', label: t('By public handle') },
              { value: 'account', label: t('By service and user id') },
              { value: 'idNumber', label: t('By identity number') },
              { value: 'phone', label: t('By phone number') },
            ]}
          />
          {by === 'account' ? (
            <>
              <Select
                allowClear
                value={searchService}
                onChange={setSearchService}
                placeholder={t('Service')}
                style={{ width: 220 }}
                options={serviceOptions}
              />
              <Input
                value={user}
                onChange={(e) => setUser(e.target.value)}
                onPressEnter={() => void search()}
                placeholder={t('User id on the platform')}
                style={{ width: 220 }}
                data-testid="search-user"
              />
            </>
          ) : (
            <Input
              value={value}
              onChange={(e) => setValue(e.target.value)}
              onPressEnter={() => void search()}
              style={{ width: 260 }}
              autoComplete="off"
              data-testid="search-value"
            />
          )}
          <Button
            icon={<SearchOutlined />}
            loading={searching}
            onClick={() => void search()}
            data-testid="search-run"
          >
            {t('Search')}
          </Button>
          {found && (
            <Button onClick={() => setFound(null)} data-testid="search-clear">
              {t('Show everyone')}
            </Button>
          )}
        </Space>
        <div>
          <Typography.Text type="secondary">
            {t(
              'Exact matches only: numbers are found by a keyed index, never by a partial number, and are sent in the request body, not in the address.',
            )}
          </Typography.Text>
        </div>
      </Card>
      {!found && (
        <Space>
          <Typography.Text>{t('Service')}</Typography.Text>
          <Select
            allowClear
            value={service}
            onChange={setService}
            placeholder={t('All services')}
            style={{ width: 240 }}
            options={serviceOptions}
            data-testid="people-service"
          />
        </Space>
      )}
      <Table<Subject>
        rowKey="id"
        size="small"
        tableLayout="fixed"
        loading={!found && list.loading}
        dataSource={shown}
        pagination={false}
        data-testid="people-table"
        locale={{
          emptyText: found
            ? t('Nobody matches.')
            : t(
                'Nobody is registered yet. Register a user on the registration bench, or let your platform enrol its users.',
              ),
        }}
        onRow={(s) => ({ 'data-testid': `person-${s.id}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('Full name'),
            width: 90,
            render: (_, s) => <span data-testid="person-name">{s.nameMasked}</span>,
          },
          {
            title: t('Identity number'),
            width: 190,
            render: (_, s) => (
              <Typography.Text code data-testid="person-id-number">
                {s.idNumberMasked}
              </Typography.Text>
            ),
          },
          {
            title: t('Phone'),
            width: 130,
            render: (_, s) => <span data-testid="person-phone">{s.phoneMasked}</span>,
          },
          {
            title: t('Accounts and public handles'),
            render: (_, s) => (
              <Space direction="vertical" size={0} data-testid="person-accounts">
                {s.accounts.map((a) => (
                  <span key={`${a.service}/${a.user}`}>
                    <Tag>{a.service}</Tag>
                    {a.user} → <Typography.Text strong>{a.handle}</Typography.Text>
                  </span>
                ))}
              </Space>
            ),
          },
          {
            title: t('In the vault since (Beijing time)'),
            width: 150,
            render: (_, s) => beijing(s.createdAt),
          },
          {
            title: t('Key'),
            width: 110,
            ellipsis: true,
            render: (_, s) => <Typography.Text type="secondary">{s.keyId}</Typography.Text>,
          },
          ...(rights.askReveal
            ? [
                {
                  title: t('Actions'),
                  width: 70,
                  render: (_: unknown, s: Subject) => (
                    <Tooltip title={t('Ask to see the real identity')}>
                      <Button
                        type="text"
                        size="small"
                        icon={<EyeOutlined />}
                        aria-label={t('Ask to see the real identity')}
                        onClick={() => setAsking(s)}
                        data-testid="person-ask-reveal"
                      />
                    </Tooltip>
                  ),
                },
              ]
            : []),
        ]}
      />
      {!found && (
        <CursorPager
          page={list.page}
          hasNext={list.hasNext}
          loading={list.loading}
          onPrev={list.goPrev}
          onNext={list.goNext}
          pageSize={list.pageSize}
          onPageSize={list.setPageSize}
        />
      )}
      <VerificationsList services={serviceOptions} />
      <AskRevealModal
        subject={asking}
        onClose={() => setAsking(null)}
        onAsked={() => {
          setAsking(null);
          onTab('reveals');
        }}
      />
    </Space>
  );
}

function VerificationsList({ services }: { services: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [service, setService] = useState<string | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const onError = useCallback((e: Error) => void message.error(errorText(e)), [message, errorText]);
  const list = useServerPage<VerificationPage, 'verifications'>(
    '/api/identity/verifications',
    'verifications',
    queryString({ service, status }),
    { onError },
  );
  return (
    <Card size="small" title={t('Verifications')} data-testid="verifications">
      <Space style={{ marginBottom: 12 }} wrap>
        <Select
          allowClear
          value={service}
          onChange={setService}
          placeholder={t('All services')}
          style={{ width: 220 }}
          options={services}
          data-testid="verifications-service"
        />
        <Select
          allowClear
          value={status}
          onChange={setStatus}
          placeholder={t('Any status')}
          style={{ width: 180 }}
          data-testid="verifications-status"
          options={verificationStatuses.map((s) => ({
            value: s,
            label: labelOf(t, verificationStatusLabel, s),
          }))}
        />
      </Space>
      <Table<Verification>
        rowKey="id"
        size="small"
        tableLayout="fixed"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        data-testid="verifications-table"
        locale={{ emptyText: t('No verification matches.') }}
        onRow={(v) => ({ 'data-testid': `verification-row-${v.id}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('Service and user'),
            render: (_, v) => (
              <Space direction="vertical" size={0}>
                <span>
                  <Tag>{v.service}</Tag>
                  {v.user}
                </span>
                <Typography.Text type="secondary">{v.handle}</Typography.Text>
              </Space>
            ),
          },
          { title: t('Method'), width: 130, render: (_, v) => <MethodTag method={v.method} /> },
          {
            title: t('Verification outcome'),
            width: 180,
            render: (_, v) => (
              <Space direction="vertical" size={0}>
                <VerificationStatusTag status={v.status} />
                {v.failure && <Typography.Text type="danger">{v.failure[lang]}</Typography.Text>}
              </Space>
            ),
          },
          {
            title: t('Checked by'),
            width: 110,
            ellipsis: true,
            render: (_, v) => (
              <Space direction="vertical" size={0}>
                <span>{v.provider}</span>
                {v.reference && <Typography.Text type="secondary">{v.reference}</Typography.Text>}
              </Space>
            ),
          },
          { title: t('Started (Beijing time)'), width: 150, render: (_, v) => beijing(v.startedAt) },
          {
            title: t('Holds until (Beijing time)'),
            width: 150,
            render: (_, v) => beijing(v.expiresAt),
          },
        ]}
      />
      <CursorPager
        page={list.page}
        hasNext={list.hasNext}
        loading={list.loading}
        onPrev={list.goPrev}
        onNext={list.goNext}
        pageSize={list.pageSize}
        onPageSize={list.setPageSize}
      />
    </Card>
  );
}
