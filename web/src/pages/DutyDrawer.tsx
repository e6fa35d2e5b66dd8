import { DownloadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Descriptions,
  Drawer,
  Form,
  Input,
  List,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { LedgerRecordPage, LedgerRecordView } from '../../../contract/ledger.js';
import type { DutyDetail, People, SubmissionOut, SubmissionPage } from '../../../contract/workspace.js';
import { api } from '../api.js';
import { useAuth } from '../auth.js';
import { shanghaiDate, shanghaiDateTime } from '../deadline-format.js';
import { useErrorOnField, useErrorText } from '../error-text.js';
import { LoadMore, usePaged } from '../paging.js';
import { proofHref } from './ledger/proof.js';
import { NotesPanel } from './Notes.js';

const submissionColour: Record<SubmissionOut['status'], string> = {
  pending: 'gold',
  approved: 'green',
  rejected: 'red',
};

/** Where a register that proves a duty is kept in the console. */
export function registerPath(r: { id: string; group: string }): string {
  return `/${r.group}?register=${r.id}`;
}

/**
 * The review of a submission: a review comment (审核意见), then approve or
 * reject; a rejection needs its reason (the server says so too, on the field).
 */
export function ReviewModal({
  submission,
  dutyTitle,
  onClose,
  onDone,
}: {
  submission: SubmissionOut | null;
  dutyTitle?: string;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const errorOnField = useErrorOnField();
  const [form] = Form.useForm<{ note?: string }>();
  const [busy, setBusy] = useState(false);

  const decide = async (approve: boolean) => {
    if (!submission) return;
    const note = (form.getFieldValue('note') as string | undefined)?.trim();
    if (!approve && !note) {
      form.setFields([{ name: 'note', errors: [t('Give the reason for the rejection.')] }]);
      return;
    }
    setBusy(true);
    try {
      await api('POST', `/api/workspace/submissions/${submission.id}/review`, {
        approve,
        ...(note ? { note } : {}),
      });
      void message.success(approve ? t('Approved: recorded in the evidence ledger') : t('Rejected'));
      form.resetFields();
      onDone();
    } catch (e) {
      if (!errorOnField(form, e)) void message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={!!submission}
      title={t('Review evidence')}
      onCancel={() => {
        form.resetFields();
        onClose();
      }}
      footer={[
        <Button
          key="reject"
          danger
          loading={busy}
          onClick={() => void decide(false)}
          data-testid="review-reject"
        >
          {t('Reject')}
        </Button>,
        <Button
          key="approve"
          type="primary"
          loading={busy}
          onClick={() => void decide(true)}
          data-testid="review-approve"
        >
          {t('Approve')}
        </Button>,
      ]}
    >
      {submission && (
        <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
          {dutyTitle && <Descriptions.Item label={t('Duty')}>{dutyTitle}</Descriptions.Item>}
          <Descriptions.Item label={t('What was done')}>{submission.summary}</Descriptions.Item>
          <Descriptions.Item label={t('Submitted by')}>{submission.submittedBy}</Descriptions.Item>
          <Descriptions.Item label={t('Submitted at')}>
            {shanghaiDateTime(submission.submittedAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('Work done')}>
            {shanghaiDateTime(submission.occurredAt)}
          </Descriptions.Item>
          {submission.fileName && submission.fileSha256 && (
            <Descriptions.Item label={t('File')}>
              <a href={`/api/files/${submission.fileSha256}`}>{submission.fileName}</a>
            </Descriptions.Item>
          )}
        </Descriptions>
      )}
      <Form form={form} layout="vertical">
        <Form.Item
          name="note"
          label={t('Review comment')}
          extra={t('Required when you reject: say what is missing or wrong.')}
        >
          <Input.TextArea rows={3} maxLength={2000} data-testid="review-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** One duty in a drawer: owner, the registers that prove it, its evidence with proofs, reviews, comments and tasks. */
export function DutyDrawer({
  dutyId,
  onClose,
  onChange,
}: {
  dutyId: string | null;
  onClose: () => void;
  onChange: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { me, can } = useAuth();
  const [detail, setDetail] = useState<DutyDetail | null>(null);
  const [people, setPeople] = useState<People['people']>([]);
  const [reviewing, setReviewing] = useState<SubmissionOut | null>(null);
  const canOwn = can('workspace.owner');
  const canReview = can('workspace.review');
  const onError = useCallback((e: Error) => void message.error(errorText(e)), [message, errorText]);
  const history = usePaged<LedgerRecordPage, 'records'>(
    dutyId ? `/api/ledger/records?duty=${encodeURIComponent(dutyId)}` : null,
    'records',
    { limit: 20, onError },
  );
  const submissions = usePaged<SubmissionPage, 'submissions'>(
    dutyId ? `/api/workspace/submissions?duty=${encodeURIComponent(dutyId)}` : null,
    'submissions',
    { limit: 20, onError },
  );

  // Only the newest load lands: an older answer arriving late (a reload started before a change)
  // must not overwrite the duty as it now stands.
  const loads = useRef(0);
  const load = useCallback(() => {
    if (!dutyId) return;
    const n = ++loads.current;
    api<DutyDetail>('GET', `/api/workspace/${dutyId}`).then((d) => {
      if (n === loads.current) setDetail(d);
    }, onError);
  }, [dutyId, onError]);
  useEffect(() => {
    setDetail(null);
    load();
  }, [load]);
  useEffect(() => {
    if (!dutyId || !canOwn) return;
    api<People>('GET', '/api/workspace/people').then((p) => setPeople(p.people), onError);
  }, [dutyId, canOwn, onError]);

  const setOwner = async (username: string) => {
    try {
      await api('PUT', `/api/workspace/${dutyId}/owner`, { username });
      void message.success(t('Owner set'));
      load();
      onChange();
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  const item = detail?.item;
  return (
    <Drawer
      open={!!dutyId}
      onClose={onClose}
      width={760}
      destroyOnHidden
      title={item ? item.title[lang] : t('Duty')}
      extra={item && <Tag>{item.id}</Tag>}
      data-testid="duty-drawer"
    >
      {item && detail && (
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('Status')}>
              <Tag>{t(`status.${item.status}`)}</Tag> {item.reason[lang]}
            </Descriptions.Item>
            <Descriptions.Item label={t('Next deadline')}>
              {item.nextDue ? shanghaiDate(item.nextDue) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('Owner')} span={2}>
              <Space wrap>
                {canOwn ? (
                  <Select
                    showSearch
                    style={{ width: 240 }}
                    placeholder={t('Choose the owner')}
                    value={item.owner ?? undefined}
                    optionFilterProp="label"
                    onChange={(v: string) => void setOwner(v)}
                    options={people.map((p) => ({
                      value: p.username,
                      label:
                        p.displayName && p.displayName !== p.username
                          ? `${p.displayName} (${p.username})`
                          : p.username,
                    }))}
                    data-testid="owner-select"
                  />
                ) : (
                  <Typography.Text data-testid="owner-name">{item.owner ?? '—'}</Typography.Text>
                )}
                {detail.ownerAssignedBy && detail.ownerAssignedAt && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="owner-assigned">
                    {t('assigned by {{who}} on {{at}}', {
                      who: detail.ownerAssignedBy,
                      at: shanghaiDateTime(detail.ownerAssignedAt),
                    })}
                  </Typography.Text>
                )}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('Proved by')} span={2}>
              {detail.registers.length === 0 ? (
                <Typography.Text type="secondary">
                  {t('No register proves this duty: submit evidence.')}
                </Typography.Text>
              ) : (
                <Space wrap size={[4, 4]}>
                  {detail.registers.map((r) => (
                    <Link key={r.id} to={registerPath(r)} data-testid={`drawer-register-${r.id}`}>
                      <Tag color="geekblue">{r.title[lang]}</Tag>
                    </Link>
                  ))}
                </Space>
              )}
            </Descriptions.Item>
          </Descriptions>

          <div>
            <Typography.Title level={5}>{t('Evidence history')}</Typography.Title>
            <Table<LedgerRecordView>
              rowKey="id"
              size="small"
              tableLayout="fixed"
              pagination={false}
              loading={history.loading}
              dataSource={history.items}
              locale={{ emptyText: t('No evidence in the ledger yet.') }}
              data-testid="duty-history"
              columns={[
                { title: t('Leaf'), dataIndex: 'index', width: 64 },
                {
                  title: t('Work done'),
                  dataIndex: 'occurredAt',
                  width: 140,
                  render: (at: string) => shanghaiDateTime(at),
                },
                { title: t('Kind'), dataIndex: 'kind', width: 120, ellipsis: true },
                { title: t('Summary'), dataIndex: 'summary', ellipsis: true },
                {
                  title: t('Recorded by'),
                  dataIndex: 'actor',
                  width: 110,
                  ellipsis: true,
                  render: (a: string, r) => (r.reviewer ? `${a} / ${r.reviewer}` : a),
                },
                {
                  title: t('Proof'),
                  width: 80,
                  render: (_: unknown, r) => (
                    <a href={proofHref(r.id)} download data-testid={`history-proof-${r.index}`}>
                      <DownloadOutlined /> {t('Proof')}
                    </a>
                  ),
                },
              ]}
            />
            <LoadMore next={history.next} loading={history.loading} onClick={history.loadMore} />
          </div>

          <div>
            <Typography.Title level={5}>{t('Submitted evidence and reviews')}</Typography.Title>
            <List
              size="small"
              dataSource={submissions.items}
              locale={{ emptyText: t('Nothing submitted for this duty.') }}
              data-testid="duty-submissions"
              renderItem={(s) => (
                <List.Item
                  data-testid={`submission-${s.id}`}
                  actions={
                    s.status === 'pending' && canReview && s.submittedBy !== me?.user.username
                      ? [
                          <Button key="review" size="small" onClick={() => setReviewing(s)}>
                            {t('Review')}
                          </Button>,
                        ]
                      : []
                  }
                >
                  <Space direction="vertical" size={0} style={{ minWidth: 0 }}>
                    <Space wrap>
                      <Tag color={submissionColour[s.status]}>{t(`entry.${s.status}`)}</Tag>
                      <Typography.Text>{s.summary}</Typography.Text>
                      {s.fileName && s.fileSha256 && <a href={`/api/files/${s.fileSha256}`}>{s.fileName}</a>}
                    </Space>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('submitted by {{who}} at {{at}}', {
                        who: s.submittedBy,
                        at: shanghaiDateTime(s.submittedAt),
                      })}
                      {s.reviewedBy &&
                        ` · ${t('reviewed by {{who}} at {{at}}', {
                          who: s.reviewedBy,
                          at: s.reviewedAt ? shanghaiDateTime(s.reviewedAt) : '—',
                        })}`}
                    </Typography.Text>
                    {s.reviewNote && (
                      <Typography.Text style={{ fontSize: 12 }} data-testid="review-comment">
                        {t('Review comment')}: {s.reviewNote}
                      </Typography.Text>
                    )}
                  </Space>
                </List.Item>
              )}
            />
            <LoadMore next={submissions.next} loading={submissions.loading} onClick={submissions.loadMore} />
          </div>

          <div>
            <Typography.Title level={5}>{t('Comments and tasks')}</Typography.Title>
            <NotesPanel
              obligationId={item.id}
              onChange={() => {
                load();
                onChange();
              }}
            />
          </div>
        </Space>
      )}
      <ReviewModal
        submission={reviewing}
        dutyTitle={item?.title[lang]}
        onClose={() => setReviewing(null)}
        onDone={() => {
          setReviewing(null);
          submissions.reload();
          history.reload();
          // An approval is in the tree within a second (the sequencer): show it then.
          setTimeout(history.reload, 1500);
          load();
          onChange();
        }}
      />
    </Drawer>
  );
}
