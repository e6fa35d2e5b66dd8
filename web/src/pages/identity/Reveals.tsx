import { CheckOutlined, CloseOutlined, EyeOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Form, Input, Modal, Select, Space, Table, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import {
  revealStatuses,
  type RevealedIdentity,
  type revealOpenedSchema,
} from '../../../../contract/identity.js';
import type { z } from 'zod';
import type { RegisterDetail } from '../../../../contract/registers.js';
import { allPages, api } from '../../api.js';
import { useAuth } from '../../auth.js';
import { clearErrorsOnChange, useErrorOnField, useErrorText } from '../../error-text.js';
import { validValues } from '../../form-values.js';
import { CursorPager, queryString, useServerPage } from '../../server-table.js';
import { proofHref } from '../ledger/proof.js';
import {
  beijing,
  labelOf,
  revealStatusLabel,
  RevealStatusTag,
  useIdentityRights,
  useLang,
  Validity,
  type IdentityStatus,
  type Reveal,
  type RevealPage,
  type Subject,
} from './shared.js';

type RevealOpened = z.infer<typeof revealOpenedSchema>;

/** The governance register of law-enforcement requests (Art 30), where an approved entry is recorded first. */
export const LAW_ENFORCEMENT_REGISTER = '/governance?register=law-enforcement-requests';

type RegisterEntry = RegisterDetail['entries'][number];

/** The approved entries of the law-enforcement request register (null while loading or when unreadable). */
function useApprovedRequests(wanted: boolean): RegisterEntry[] | null {
  const [entries, setEntries] = useState<RegisterEntry[] | null>(null);
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    allPages<RegisterDetail, 'entries'>('/api/registers/law-enforcement-requests', 'entries').then(
      (all) => live && setEntries(all.filter((e) => e.status === 'approved')),
      (e: unknown) => {
        console.warn(e);
        if (live) setEntries(null);
      },
    );
    return () => {
      live = false;
    };
  }, [wanted]);
  return entries;
}

function useIdentityStatus(wanted: boolean): IdentityStatus | null {
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [status, setStatus] = useState<IdentityStatus | null>(null);
  useEffect(() => {
    if (!wanted || status) return;
    api<IdentityStatus>('GET', '/api/identity/status').then(setStatus, (e: unknown) =>
      message.error(errorText(e)),
    );
  }, [wanted, status, message, errorText]);
  return status;
}

/**
 * 身份查看申请: asking to see a person's real identity takes two people:
 * one asks with a legal ground (for an Art 30 request, an approved entry of
 * the law-enforcement register), another approves or rejects, and only the
 * asker opens it, within the window, once. The identity is shown in a modal
 * and dropped from the page when it closes.
 */
export function RevealsPanel() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const rights = useIdentityRights();
  const { me } = useAuth();
  const [status, setStatus] = useState<string | undefined>();
  const [deciding, setDeciding] = useState<{ reveal: Reveal; approve: boolean } | null>(null);
  const [opened, setOpened] = useState<RevealOpened | null>(null);
  const [opening, setOpening] = useState<string | null>(null);
  const onError = useCallback((e: Error) => void message.error(errorText(e)), [message, errorText]);
  const list = useServerPage<RevealPage, 'reveals'>(
    '/api/identity/reveals',
    'reveals',
    queryString({ status }),
    {
      onError,
    },
  );
  const mine = (r: Reveal) => !!me && (r.requestedBy === me.user.username || r.requestedBy === me.user.id);
  const now = Date.now();

  const open = async (r: Reveal) => {
    setOpening(r.id);
    try {
      setOpened(await api<RevealOpened>('POST', `/api/identity/reveals/${r.id}/open`));
    } catch (e) {
      onError(e as Error);
    } finally {
      setOpening(null);
    }
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="identity-reveals">
      <Typography.Paragraph type="secondary">
        {t(
          'A real identity is seen only on a recorded legal ground, asked by one person and approved by another; the asker opens it once within the window. Every view is recorded as evidence. Administrators and auditors never see a real identity.',
        )}
      </Typography.Paragraph>
      <Space>
        <Typography.Text>{t('Status')}</Typography.Text>
        <Select
          allowClear
          value={status}
          onChange={setStatus}
          placeholder={t('Any status')}
          style={{ width: 220 }}
          data-testid="reveals-status"
          options={revealStatuses.map((s) => ({ value: s, label: labelOf(t, revealStatusLabel, s) }))}
        />
      </Space>
      <Table<Reveal>
        rowKey="id"
        size="small"
        tableLayout="fixed"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        data-testid="reveals-table"
        locale={{
          emptyText: t(
            'No request to see an identity. A request is made from a person’s row under Users and identities.',
          ),
        }}
        onRow={(r) => ({ 'data-testid': `reveal-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('Person'),
            width: 190,
            render: (_, r) => (
              <Space direction="vertical" size={0}>
                <span>{r.subject.nameMasked}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.subject.idNumberMasked}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('Ground'),
            render: (_, r) => <RevealGround reveal={r} />,
          },
          {
            title: t('Status'),
            width: 170,
            render: (_, r) => (
              <Space direction="vertical" size={0}>
                <RevealStatusTag status={r.status} />
                {r.status === 'approved' && r.openUntil && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('may be opened until {{at}}', { at: beijing(r.openUntil) })}
                  </Typography.Text>
                )}
                {r.evidenceId && (
                  <a href={proofHref(r.evidenceId)} download data-testid="reveal-proof">
                    {t('Evidence')}
                  </a>
                )}
              </Space>
            ),
          },
          {
            title: t('Asked / decided'),
            width: 200,
            render: (_, r) => (
              <Space direction="vertical" size={0}>
                <span data-testid="reveal-requested-by">
                  {r.requestedBy} · {beijing(r.requestedAt)}
                </span>
                {r.decidedBy && (
                  <Typography.Text type="secondary">
                    {r.decidedBy} · {beijing(r.decidedAt)}
                  </Typography.Text>
                )}
                {r.decisionNote && <Typography.Text type="secondary">{r.decisionNote}</Typography.Text>}
              </Space>
            ),
          },
          {
            title: t('Actions'),
            width: 150,
            render: (_, r) => (
              <Space size={4} wrap>
                {r.status === 'pending' && rights.decideReveal && !mine(r) && (
                  <>
                    <Button
                      size="small"
                      icon={<CheckOutlined />}
                      onClick={() => setDeciding({ reveal: r, approve: true })}
                      data-testid="reveal-approve"
                    >
                      {t('Approve')}
                    </Button>
                    <Button
                      size="small"
                      danger
                      icon={<CloseOutlined />}
                      onClick={() => setDeciding({ reveal: r, approve: false })}
                      data-testid="reveal-reject"
                    >
                      {t('Reject')}
                    </Button>
                  </>
                )}
                {r.status === 'pending' && mine(r) && (
                  <Typography.Text type="secondary">{t('Another person decides')}</Typography.Text>
                )}
                {r.status === 'approved' &&
                  rights.openReveal &&
                  mine(r) &&
                  (!r.openUntil || Date.parse(r.openUntil) > now) && (
                    <Button
                      size="small"
                      type="primary"
                      icon={<EyeOutlined />}
                      loading={opening === r.id}
                      onClick={() => void open(r)}
                      data-testid="reveal-open"
                    >
                      {t('View the identity')}
                    </Button>
                  )}
              </Space>
            ),
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
      <DecideModal
        deciding={deciding}
        onClose={() => setDeciding(null)}
        onDone={() => {
          setDeciding(null);
          list.reload();
        }}
      />
      <RevealedModal
        opened={opened}
        onClose={() => {
          setOpened(null);
          list.reload();
        }}
      />
    </Space>
  );
}

function RevealGround({ reveal: r }: { reveal: Reveal }) {
  const { t } = useTranslation();
  const lang = useLang();
  // Block lines in a plain box: the reason's ellipsis needs the cell's width.
  return (
    <div style={{ minWidth: 0 }}>
      <div>
        <Typography.Text strong>{r.basisName[lang]}</Typography.Text>
      </div>
      {r.registerEntryId && (
        <div>
          <Link to={LAW_ENFORCEMENT_REGISTER} data-testid="reveal-register-entry">
            {t('Register entry {{id}}', { id: r.registerEntryId })}
          </Link>
        </div>
      )}
      {r.reference && (
        <div>
          <Typography.Text type="secondary">{t('Reference: {{ref}}', { ref: r.reference })}</Typography.Text>
        </div>
      )}
      <Typography.Paragraph type="secondary" style={{ margin: 0 }} ellipsis={{ rows: 2, tooltip: r.reason }}>
        {r.reason}
      </Typography.Paragraph>
    </div>
  );
}

function DecideModal({
  deciding,
  onClose,
  onDone,
}: {
  deciding: { reveal: Reveal; approve: boolean } | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => setNote(''), [deciding]);
  const decide = async () => {
    if (!deciding) return;
    setBusy(true);
    try {
      await api('POST', `/api/identity/reveals/${deciding.reveal.id}/decide`, {
        approve: deciding.approve,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      void message.success(deciding.approve ? t('The request is approved.') : t('The request is rejected.'));
      onDone();
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={deciding !== null}
      title={deciding?.approve ? t('Approve the request to see an identity') : t('Reject the request')}
      okText={deciding?.approve ? t('Approve') : t('Reject')}
      okButtonProps={{ danger: !deciding?.approve, 'data-testid': 'decide-ok' } as never}
      confirmLoading={busy}
      onOk={() => void decide()}
      onCancel={onClose}
      destroyOnHidden
    >
      {deciding && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Descriptions
            size="small"
            column={1}
            bordered
            items={[
              { key: 'person', label: t('Person'), children: deciding.reveal.subject.nameMasked },
              { key: 'ground', label: t('Ground'), children: <RevealGround reveal={deciding.reveal} /> },
              { key: 'by', label: t('Asked by'), children: deciding.reveal.requestedBy },
            ]}
          />
          <Input.TextArea
            value={note}
            onChange={(e) => setNote(e.target.value)}
            rows={3}
            maxLength={2000}
            placeholder={t('Note (optional)')}
            data-testid="decide-note"
          />
        </Space>
      )}
    </Modal>
  );
}

/**
 * The identity of an opened reveal: shown once, in this modal only; the
 * parent drops it from its state when the modal closes.
 */
function RevealedModal({ opened, onClose }: { opened: RevealOpened | null; onClose: () => void }) {
  const { t } = useTranslation();
  const identity: RevealedIdentity | undefined = opened?.identity;
  return (
    <Modal
      open={opened !== null}
      title={t('Real identity')}
      onCancel={onClose}
      onOk={onClose}
      okText={t('Close')}
      cancelButtonProps={{ style: { display: 'none' } }}
      destroyOnHidden
      maskClosable={false}
    >
      {identity && (
        <Space direction="vertical" style={{ width: '100%' }} data-testid="revealed-identity">
          <Alert
            type="warning"
            showIcon
            icon={<WarningOutlined />}
            message={t(
              'This view is recorded as evidence and in the audit trail. It is shown only this once.',
            )}
            description={t('Use it only for the ground recorded; do not copy it elsewhere.')}
          />
          <Descriptions
            size="small"
            column={1}
            bordered
            items={[
              {
                key: 'name',
                label: t('Full name'),
                children: <span data-testid="revealed-name">{identity.name}</span>,
              },
              {
                key: 'id',
                label: t('Resident identity card number'),
                children: <span data-testid="revealed-id-number">{identity.idNumber}</span>,
              },
              {
                key: 'phone',
                label: t('Mobile phone number'),
                children: <span data-testid="revealed-phone">{identity.phone}</span>,
              },
            ]}
          />
        </Space>
      )}
    </Modal>
  );
}

interface AskValues {
  basis: string;
  registerEntryId?: string;
  reference?: string;
  reason: string;
}

/** Asking to see one person's real identity, with the ground from the status's reveal bases. */
export function AskRevealModal({
  subject,
  onClose,
  onAsked,
}: {
  subject: Subject | null;
  onClose: () => void;
  onAsked: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const errorOnField = useErrorOnField();
  const status = useIdentityStatus(subject !== null);
  const [form] = Form.useForm<AskValues>();
  const [busy, setBusy] = useState(false);
  const basis = Form.useWatch('basis', form);
  const bases = status?.revealBases ?? [];
  const needsEntry = bases.find((b) => b.code === basis)?.needsRegisterEntry ?? false;
  const requests = useApprovedRequests(needsEntry);

  const ask = async () => {
    const v = await validValues(form);
    if (!v || !subject) return;
    setBusy(true);
    try {
      await api('POST', '/api/identity/reveals', {
        subjectId: subject.id,
        basis: v.basis,
        ...(needsEntry && v.registerEntryId?.trim() ? { registerEntryId: v.registerEntryId.trim() } : {}),
        ...(v.reference?.trim() ? { reference: v.reference.trim() } : {}),
        reason: v.reason.trim(),
      });
      void message.success(t('The request is recorded; another person approves or rejects it.'));
      form.resetFields();
      onAsked();
    } catch (e) {
      if (!errorOnField(form, e)) void message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={subject !== null}
      title={t('Ask to see the real identity')}
      okText={t('Ask')}
      okButtonProps={{ 'data-testid': 'ask-ok' } as never}
      confirmLoading={busy}
      onOk={() => void ask()}
      onCancel={onClose}
      destroyOnHidden
      width={640}
    >
      {subject && (
        <Form form={form} layout="vertical" onValuesChange={clearErrorsOnChange(form)} data-testid="ask-form">
          <Typography.Paragraph>
            {t('Person: {{person}}', {
              person: `${subject.nameMasked} · ${subject.idNumberMasked} · ${subject.phoneMasked}`,
            })}
          </Typography.Paragraph>
          <Form.Item
            name="basis"
            label={t('Legal ground')}
            rules={[{ required: true, message: t('Choose the legal ground.') }]}
          >
            <Select
              data-testid="ask-basis"
              options={bases.map((b) => ({ value: b.code, label: b.name[lang] }))}
            />
          </Form.Item>
          {basis && (
            <Typography.Paragraph type="secondary">
              {bases.find((b) => b.code === basis)?.summary[lang]}
            </Typography.Paragraph>
          )}
          {needsEntry && (
            <Form.Item
              name="registerEntryId"
              label={t('Entry of the law-enforcement request register')}
              extra={
                <span>
                  {t('Record the request in the register first and have it approved there.')}{' '}
                  <Link to={LAW_ENFORCEMENT_REGISTER} data-testid="ask-register-link">
                    {t('Open the law-enforcement request register (Governance)')}
                  </Link>
                </span>
              }
              rules={[{ required: true, whitespace: true, message: t('Give the register entry.') }]}
            >
              {requests ? (
                <Select
                  data-testid="ask-register-entry"
                  showSearch
                  optionFilterProp="label"
                  notFoundContent={t('No approved entry in the register.')}
                  options={requests.map((e) => ({
                    value: e.id,
                    label: [e.subject, e.data.organName, e.on].filter(Boolean).join(' · '),
                  }))}
                />
              ) : (
                <Input maxLength={64} data-testid="ask-register-entry" />
              )}
            </Form.Item>
          )}
          <Form.Item
            name="reference"
            label={t('Document number or reference')}
            rules={[
              { required: !!basis && !needsEntry, whitespace: true, message: t('Give the document number.') },
            ]}
          >
            <Input maxLength={200} data-testid="ask-reference" />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('Why the identity is needed')}
            rules={[{ required: true, whitespace: true, message: t('Give the reason.') }]}
          >
            <Input.TextArea rows={3} maxLength={2000} data-testid="ask-reason" />
          </Form.Item>
          {status && (
            <Typography.Text type="secondary">
              {t('Once approved, you may open it within')} <Validity validity={status.revealWindow} />
            </Typography.Text>
          )}
        </Form>
      )}
    </Modal>
  );
}
