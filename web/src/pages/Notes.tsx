import {
  App,
  Button,
  Checkbox,
  DatePicker,
  Form,
  Input,
  List,
  Segmented,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NotePage } from '../../../contract/workspace.js';
import { api } from '../api.js';
import { useAuth } from '../auth.js';
import { LoadMore, usePaged } from '../paging.js';
import { useErrorOnField, useErrorText } from '../error-text.js';

/** Comments and tasks on one duty (the workspace's expanded row). */
export function NotesPanel({ obligationId, onChange }: { obligationId: string; onChange: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const errorOnField = useErrorOnField();
  const { can } = useAuth();
  const canWrite = can('workspace.note');
  const canClose = can('workspace.task_done');
  const notes = usePaged<NotePage, 'notes'>(`/api/workspace/${obligationId}/notes`, 'notes');
  const load = notes.reload;
  const [kind, setKind] = useState<'comment' | 'task'>('comment');
  const [form] = Form.useForm<{ body: string; assignee?: string; due?: { format(f: string): string } }>();

  const add = async (v: { body: string; assignee?: string; due?: { format(f: string): string } }) => {
    try {
      await api('POST', `/api/workspace/${obligationId}/notes`, {
        kind,
        body: v.body,
        ...(kind === 'task' && v.assignee ? { assignee: v.assignee } : {}),
        ...(kind === 'task' && v.due ? { dueDate: v.due.format('YYYY-MM-DD') } : {}),
      });
      form.resetFields();
      load();
      onChange();
    } catch (e) {
      if (!errorOnField(form, e)) void message.error(errorText(e));
    }
  };

  const done = async (id: string) => {
    await api('POST', `/api/workspace/notes/${id}/done`, {});
    load();
    onChange();
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <List
        size="small"
        locale={{ emptyText: t('No comments or tasks yet.') }}
        dataSource={notes.items}
        renderItem={(n) => (
          <List.Item>
            <Space wrap>
              {n.kind === 'task' ? (
                <Checkbox
                  checked={!!n.doneAt}
                  disabled={!!n.doneAt || !canClose}
                  onChange={() => void done(n.id)}
                />
              ) : (
                <Tag>{t('comment')}</Tag>
              )}
              <Typography.Text delete={!!n.doneAt}>{n.body}</Typography.Text>
              {n.assignee && <Tag color="blue">{n.assignee}</Tag>}
              {n.dueDate && <Tag>{n.dueDate}</Tag>}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {n.author} · {new Date(n.createdAt).toLocaleString()}
                {n.doneBy ? ` · ${t('done by {{who}}', { who: n.doneBy })}` : ''}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      <LoadMore next={notes.next} loading={notes.loading} onClick={notes.loadMore} />
      {canWrite && (
        <Form form={form} layout="inline" onFinish={add}>
          <Segmented
            value={kind}
            onChange={(v) => setKind(v as 'comment' | 'task')}
            options={[
              { value: 'comment', label: t('Comment') },
              { value: 'task', label: t('Task') },
            ]}
          />
          <Form.Item
            name="body"
            rules={[
              {
                required: true,
                message: kind === 'task' ? t('Say what needs doing.') : t('Write the comment.'),
              },
            ]}
            style={{ marginLeft: 8 }}
          >
            <Input
              placeholder={kind === 'task' ? t('What needs doing') : t('Comment')}
              style={{ width: 320 }}
            />
          </Form.Item>
          {kind === 'task' && (
            <>
              <Form.Item name="assignee">
                <Input placeholder={t('Assignee (username)')} style={{ width: 160 }} />
              </Form.Item>
              <Form.Item name="due">
                <DatePicker placeholder={t('Due date')} />
              </Form.Item>
            </>
          )}
          <Button htmlType="submit">{t('Add')}</Button>
        </Form>
      )}
    </Space>
  );
}
