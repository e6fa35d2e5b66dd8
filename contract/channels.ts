/** Reminder channels: e-mail and the DingTalk, WeCom and Feishu robots (a value list without zod, for the console). */
export const channelKinds = ['dingtalk', 'wecom', 'feishu', 'email'] as const;
export type ChannelKind = (typeof channelKinds)[number];
