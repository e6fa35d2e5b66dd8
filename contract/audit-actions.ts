/**
 * The audit trail in words: a Chinese and English label for every action the
 * code records (the routes' `config.action` and the direct
 * `audit.record({ action })` calls of jobs, the CLI and migrations), for the
 * actor's kind and role. Shared by the console and the CSV export; zod-free
 * so the console imports it without the schemas' library. A test
 * (src/platform/audit/labels.test.ts) fails when an action has no label.
 */
import type { Role } from './roles.js';

export interface Words {
  zh: string;
  en: string;
}

export const auditActionLabels: Record<string, Words> = {
  // Accounts and sign-in
  'auth.login': { zh: '登录', en: 'Sign in' },
  'auth.logout': { zh: '退出登录', en: 'Sign out' },
  'auth.change_password': { zh: '修改本人密码', en: 'Change own password' },
  'users.list': { zh: '查看用户列表', en: 'List users' },
  'users.create': { zh: '创建用户', en: 'Create a user' },
  'users.update': { zh: '修改用户', en: 'Change a user' },
  'users.reset_password': { zh: '重置用户密码', en: "Reset a user's password" },
  'users.renamed': { zh: '用户名因大小写冲突被重命名', en: 'Rename a user (usernames ignore case)' },
  'tokens.create': { zh: '创建接口令牌', en: 'Create an API token' },
  'tokens.revoke': { zh: '吊销接口令牌', en: 'Revoke an API token' },
  'http.anonymous_refused': { zh: '未登录的访问', en: 'Signed-out request' },
  // Audit trail, notifications, organisation
  'audit.read': { zh: '查看审计日志', en: 'Read the audit trail' },
  'audit.export': { zh: '导出审计日志', en: 'Export the audit trail' },
  'notifications.list': { zh: '查看提醒渠道', en: 'List reminder channels' },
  'notifications.add': { zh: '添加提醒渠道', en: 'Add a reminder channel' },
  'notifications.remove': { zh: '删除提醒渠道', en: 'Remove a reminder channel' },
  'notifications.test': { zh: '发送测试提醒', en: 'Send a test reminder' },
  'organisation.update': { zh: '修改组织信息', en: 'Change the organisation profile' },
  init: { zh: '初始化系统', en: 'Initialise wangan' },
  // Law and duties
  'law.import': { zh: '导入法律文本', en: 'Import a law text' },
  'law.delete': { zh: '删除法律文本', en: 'Delete a law text' },
  'obligations.assess': { zh: '评估适用义务', en: 'Assess the duties of a profile' },
  'obligations.report': { zh: '导出义务评估报告', en: 'Export a duties report' },
  'calendar.add_year': { zh: '录入工作日历年份', en: 'Add a year to the working-day calendar' },
  // Workspace
  'workspace.owner': { zh: '指定义务负责人', en: 'Assign the owner of a duty' },
  'workspace.applicability': { zh: '判定义务是否适用', en: 'Decide whether a duty applies' },
  'workspace.submit': { zh: '提交履职证据', en: 'Submit evidence' },
  'workspace.review': { zh: '审核履职证据', en: 'Review evidence' },
  'workspace.note': { zh: '添加备注或任务', en: 'Add a comment or task' },
  'workspace.task_done': { zh: '完成任务', en: 'Complete a task' },
  'reminders.sent': { zh: '发送到期提醒', en: 'Send deadline reminders' },
  'deadlines.escalated': { zh: '逾期升级通知', en: 'Escalate overdue deadlines' },
  // Evidence ledger and audit pack
  'ledger.verify': { zh: '校验证据账本', en: 'Verify the evidence ledger' },
  'evidence.record': { zh: '记录原始证据', en: 'Record raw evidence' },
  'ledger.verification_failed': { zh: '证据账本自检失败', en: 'Ledger self-check failure' },
  'pack.export': { zh: '导出审计包', en: 'Export the audit pack' },
  // Governance (MLPS) and CII
  'mlps.preview': { zh: '预览等级保护定级', en: 'Preview an MLPS grading' },
  'mlps.grade': { zh: '等级保护定级', en: 'Grade a system (MLPS)' },
  'mlps.filing': { zh: '记录等级保护备案', en: 'Record an MLPS filing' },
  'mlps.assessment': { zh: '记录等级测评', en: 'Record an MLPS assessment' },
  'mlps.remove': { zh: '删除定级系统', en: 'Remove a graded system' },
  'cii.training_policy': { zh: '设置关基培训要求', en: 'Set the CII training policy' },
  // Registers
  'registers.record': { zh: '登记台账条目', en: 'Record a register entry' },
  'registers.import': { zh: '导入台账条目', en: 'Import register entries' },
  'registers.review': { zh: '审批台账条目', en: 'Review a register entry' },
  'registers.complete': { zh: '完成台账条目', en: 'Complete a register entry' },
  // Incidents
  'incidents.grade_preview': { zh: '预览事件定级', en: 'Preview an incident grade' },
  'incidents.open': { zh: '登记网络安全事件', en: 'Open an incident' },
  'incidents.edit': { zh: '修改网络安全事件', en: 'Change an incident' },
  'incidents.grade': { zh: '人工调整事件级别', en: 'Grade an incident by hand' },
  'incidents.report': { zh: '登记事件报告的报送', en: 'Record an incident report sent' },
  'incidents.close': { zh: '结束事件处置', en: 'End the handling of an incident' },
  'incidents.task_add': { zh: '新增事件处置任务', en: 'Add an incident task' },
  'incidents.task_edit': { zh: '更新事件处置任务', en: 'Update an incident task' },
  'incidents.attach': { zh: '上传事件附件', en: 'Attach a file to an incident' },
  'incidents.breach': { zh: '编写个人信息泄露告知', en: 'Write the breach notice' },
  'incidents.breach_deliver': { zh: '登记个人信息泄露告知的送达', en: 'Record a breach notice delivered' },
  'incidents.ingest': { zh: '接收安全监测平台告警', en: 'Take an alert from a SIEM' },
  'incidents.drill_record': { zh: '登记应急演练', en: 'Record a drill' },
  'incidents.drill_follow_up': { zh: '更新演练整改事项', en: 'Update a drill follow-up' },
  // Network-log vault
  'logvault.ingest': { zh: '提交网络日志（仅记录被拒绝的提交）', en: 'Send network logs (refusals only)' },
  'logvault.search': { zh: '检索网络日志', en: 'Search network logs' },
  'logvault.export': { zh: '导出网络日志', en: 'Export network logs' },
  'logvault.open_incident': { zh: '据日志登记安全事件', en: 'Open an incident from a log event' },
  'logvault.verify': { zh: '校验网络日志库', en: 'Verify the log vault' },
  // Network-log vault: sources and legal holds (session 6)
  'logvault.source_update': { zh: '修改日志来源登记信息', en: 'Edit a log source' },
  'logvault.hold_place': { zh: '对日志来源设置法律保全', en: 'Place a legal hold on a log source' },
  'logvault.hold_lift': { zh: '解除日志来源的法律保全', en: 'Lift a legal hold on a log source' },
  // Content safety: takedown demands (session 7)
  'content.takedown_record': { zh: '登记主管部门的处置要求', en: 'Record a takedown demand' },
  'content.takedown_action': { zh: '登记处置要求的执行措施', en: 'Record an action on a takedown demand' },
  'content.takedown_confirm': {
    zh: '登记向主管部门的处置结果回复',
    en: 'Record the confirmation of a takedown demand',
  },
  // Content safety: screening, reviews, disposals (session 7, s7b)
  'content.screen': { zh: '提交内容审核（仅记录被拒绝的提交）', en: 'Screen content (refusals only)' },
  'content.screen_try': {
    zh: '试审一段文字（仅记录被拒绝的提交）',
    en: 'Try screening a text (refusals only)',
  },
  'content.rules_publish': { zh: '发布审核规则集新版本', en: 'Publish a rule-set version' },
  'content.rules_activate': { zh: '重新启用审核规则集版本', en: 'Put a rule-set version back in force' },
  'content.review_decide': { zh: '作出人工审核结论', en: 'Decide a held item' },
  'content.disposal_record': { zh: '登记违法信息处置', en: 'Record a removal' },
  'content.deletion_confirm': { zh: '确认平台已删除违法信息', en: 'Confirm a deletion' },
  'content.disposals_report': { zh: '登记向主管部门报告处置情况', en: 'Record a report to the authority' },
  // Public intake and the complaint and reporting channel (session 7, s7c)
  'public.otp.send': { zh: '申请发送验证码', en: 'Ask for a one-time code' },
  'content.complaint.submit': { zh: '提交投诉举报', en: 'Submit a complaint or report' },
  'content.complaint.triage': { zh: '分派或处理投诉举报', en: 'Triage a complaint or report' },
  'content.complaint.reply': { zh: '答复投诉举报', en: 'Reply to a complaint or report' },
  'content.complaint.close': { zh: '办结投诉举报', en: 'Close a complaint or report' },
  'content.complaint.removal': { zh: '依投诉举报处置违法信息', en: 'Remove content on a complaint' },
  'content.complaint.reveal': { zh: '查看投诉举报人联系方式', en: "Reveal a complainant's contact" },
  'content.channel.publish': { zh: '公布投诉举报渠道', en: 'Publish the complaint and reporting channel' },
  // Real-name identity: the check tool (session 8, s8a)
  'identity.validate': { zh: '校验证件号码或手机号码格式', en: 'Check an identifier (number not recorded)' },
  // Real-name gate: services, enrolment, verification, the gate (session 8, s8c)
  'identity.service_configure': { zh: '配置服务的实名核验要求', en: "Set a service's real-name requirement" },
  'identity.enrol': { zh: '登记用户实名信息并开始核验', en: 'Enrol a user and start verification' },
  'identity.verify_code': { zh: '提交实名核验短信验证码', en: 'Enter a verification code' },
  'identity.resend_code': { zh: '重新发送实名核验短信验证码', en: 'Send a new verification code' },
  'identity.gate_check': {
    zh: '实名核验准入查询（仅记录被拒绝的请求）',
    en: 'Ask the real-name gate (refusals only)',
  },
  // Identity vault: search, keys, two-person reveals (session 8, s8b)
  'identity.subject_search': { zh: '检索身份库', en: 'Search the identity vault' },
  'identity.key_rotate': { zh: '轮换身份库密钥', en: 'Rotate an identity vault key' },
  'identity.reveal_request': { zh: '申请查看用户真实身份', en: "Ask to reveal a user's real identity" },
  'identity.reveal_decide': {
    zh: '审批查看用户真实身份的申请',
    en: 'Decide a request to reveal an identity',
  },
  'identity.reveal_open': { zh: '查看已批准的用户真实身份', en: 'Open an approved identity reveal' },
  'identity.reveal_opened': {
    zh: '用户真实身份已被查看（记入证据账本）',
    en: 'Identity revealed (recorded in the ledger)',
  },
};

/** Who acted, as a kind: a person, a service account, the command line, wangan itself, or nobody signed in. */
export const actorKinds = ['person', 'service', 'cli', 'system', 'anonymous'] as const;
export type ActorKind = (typeof actorKinds)[number];

export const actorKindLabels: Record<ActorKind, Words> = {
  person: { zh: '用户', en: 'person' },
  service: { zh: '服务账号', en: 'service account' },
  cli: { zh: '命令行', en: 'command line' },
  system: { zh: '系统自动任务', en: 'wangan (automatic)' },
  anonymous: { zh: '未登录访问者', en: 'signed-out visitor' },
};

export const roleLabels: Record<Role, Words> = {
  admin: { zh: '管理员', en: 'admin' },
  compliance_officer: { zh: '合规专员', en: 'compliance officer' },
  security_officer: { zh: '安全专员', en: 'security officer' },
  data_protection_officer: { zh: '个人信息保护负责人', en: 'data protection officer' },
  moderator: { zh: '内容审核员', en: 'moderator' },
  auditor: { zh: '审计员', en: 'auditor' },
};

/** An action in words; an action without a label (a route that declares none) shows as recorded. */
export function auditActionText(action: string, lang: 'zh' | 'en'): string {
  return auditActionLabels[action]?.[lang] ?? action;
}

/** The actor in words: "admin（管理员）", "未登录访问者", "ci-bot（服务账号）", "系统自动任务". */
export function auditActorText(
  e: { actor: string; actorKind: ActorKind; actorRole: Role | null },
  lang: 'zh' | 'en',
): string {
  const kind = actorKindLabels[e.actorKind][lang];
  if (e.actorKind === 'anonymous' || e.actorKind === 'system') return kind;
  const role = e.actorRole ? roleLabels[e.actorRole][lang] : undefined;
  const what = e.actorKind === 'person' ? role : role ? `${kind}, ${role}` : kind;
  if (!what) return e.actor;
  return lang === 'zh' ? `${e.actor}（${what.replace(', ', '，')}）` : `${e.actor} (${what})`;
}

/** What a request's outcome was, from its HTTP status. */
export const auditOutcomes = ['ok', 'refused', 'failed'] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];
export const auditOutcomeLabels: Record<AuditOutcome, Words> = {
  ok: { zh: '成功', en: 'done' },
  refused: { zh: '被拒绝', en: 'refused' },
  failed: { zh: '出错', en: 'failed' },
};
export function auditOutcome(status: number | null): AuditOutcome {
  if (status === null || status < 400) return 'ok';
  return status >= 500 ? 'failed' : 'refused';
}
