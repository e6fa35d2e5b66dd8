import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Form, Input, InputNumber, Select, Space, Switch, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { MlpsOverview } from '../../contract/governance.js';
import { api } from './api.js';
import { sectors, services } from './profile-options.js';

/** The organisation profile's fields, in sections shared by Settings and the applicability wizard. */

export function ProfileBasics() {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item
        name="name"
        label={t('Name')}
        rules={[{ required: true, message: t('Enter the name of the organisation.') }]}
      >
        <Input />
      </Form.Item>
      <Form.Item name="services" label={t('Services')}>
        <Checkbox.Group options={services.map((s) => ({ value: s, label: t(`service.${s}`) }))} />
      </Form.Item>
      <Space size="large" wrap>
        <Form.Item name="network_operator" label={t('Network operator')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item
          name="central_state_organ"
          label={t('Central or state organ (or a unit directly under one)')}
          valuePropName="checked"
        >
          <Switch />
        </Form.Item>
      </Space>
    </>
  );
}

export function ProfileCii() {
  const { t } = useTranslation();
  return (
    <>
      <Card size="small" title={t('Critical information infrastructure')} style={{ marginBottom: 16 }}>
        <Space size="large" wrap>
          <Form.Item name={['cii', 'operator']} label={t('CII operator')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name={['cii', 'voluntary']} label={t('Voluntary participant')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name={['cii', 'sector']} label={t('Sector')} style={{ minWidth: 240 }}>
            <Select allowClear options={sectors.map((s) => ({ value: s, label: t(`sector.${s}`) }))} />
          </Form.Item>
        </Space>
      </Card>
      <Card size="small" title={t('Products')} style={{ marginBottom: 16 }}>
        <Space size="large" wrap>
          <Form.Item
            name={['products', 'network_products_or_services']}
            label={t('Provides network products or services')}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
          <Form.Item
            name={['products', 'critical_equipment_or_security_products']}
            label={t('Sells critical network equipment or security products')}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
        </Space>
      </Card>
    </>
  );
}

export function ProfilePersonalInformation() {
  const { t } = useTranslation();
  return (
    <>
      <Card size="small" title={t('Personal information')} style={{ marginBottom: 16 }}>
        <Space size="large" wrap>
          <Form.Item
            name={['personal_information', 'processes']}
            label={t('Processes personal information')}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
          <Form.Item name={['personal_information', 'individuals']} label={t('Individuals')}>
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item
            name={['personal_information', 'sensitive_individuals']}
            label={t('Individuals with sensitive data')}
          >
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item
            name={['personal_information', 'cross_border', 'individuals_this_year']}
            label={t('Sent abroad this year')}
          >
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item
            name={['personal_information', 'cross_border', 'sensitive_individuals_this_year']}
            label={t('Sensitive, sent abroad this year')}
          >
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item
            name={['personal_information', 'cross_border', 'important_data']}
            label={t('Important data sent abroad')}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
        </Space>
      </Card>
    </>
  );
}

/**
 * The profile's systems. With `register` (Settings) the list is the MLPS
 * register of Governance, the one list: a system added here is declared
 * there, to be graded; a graded one shows as such and is changed there (its
 * level comes from its grading). The wizard (no `register`) asks "what if".
 */
export function ProfileSystems({ register = false }: { register?: boolean }) {
  const { t } = useTranslation();
  // The register's systems by name: graded or only declared.
  const [known, setKnown] = useState<ReadonlyMap<string, boolean>>(new Map());
  useEffect(() => {
    if (!register) return;
    api<MlpsOverview>('GET', '/api/governance/mlps').then(
      (r) => setKnown(new Map(r.systems.map((x) => [x.name, x.graded]))),
      () => setKnown(new Map()),
    );
  }, [register]);
  const form = Form.useFormInstance();
  return (
    <>
      <Card size="small" title={t('Systems under classified protection')} style={{ marginBottom: 16 }}>
        {register && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="profile-systems-register"
            message={t(
              'These are the systems of the MLPS register: one added here shows in Governance as declared, to be graded there; a graded system keeps the level of its grading.',
            )}
            action={<Link to="/governance?register=mlps">{t('Open Governance')}</Link>}
          />
        )}
        <Form.List name={['mlps', 'systems']}>
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => {
                const name = form.getFieldValue(['mlps', 'systems', field.name, 'name']) as
                  string | undefined;
                const isGraded = register && name !== undefined && known.get(name) === true;
                const isDeclared = register && name !== undefined && known.get(name) === false;
                return (
                  <Space key={field.key} align="baseline" data-testid={`profile-system-${field.name}`}>
                    <Form.Item
                      name={[field.name, 'name']}
                      rules={[{ required: true, message: t('Enter the name of the system.') }]}
                    >
                      <Input placeholder={t('System name')} style={{ width: 320 }} disabled={isGraded} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'level']}
                      rules={[{ required: true, message: t('Enter the level.') }]}
                    >
                      <InputNumber min={1} max={5} addonBefore={t('Level')} disabled={isGraded} />
                    </Form.Item>
                    {isGraded ? (
                      <Tag color="green">{t('graded in Governance')}</Tag>
                    ) : (
                      <>
                        {isDeclared && <Tag>{t('declared, not graded')}</Tag>}
                        <MinusCircleOutlined onClick={() => remove(field.name)} />
                      </>
                    )}
                  </Space>
                );
              })}
              <Button type="dashed" onClick={() => add({ name: '', level: 2 })} icon={<PlusOutlined />}>
                {t('Add system')}
              </Button>
            </>
          )}
        </Form.List>
      </Card>
    </>
  );
}
