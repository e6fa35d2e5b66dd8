import { maskContact } from './contact.js';

/**
 * Delivers one-time codes. Only the development sender exists: it writes the
 * code to the server's log, saying so. An SMTP or SMS-gateway sender is not
 * built yet; asking for one (WANGAN_OTP_SENDER) is a startup error until it is.
 */
export interface CodeSender {
  /** The sender's name as the setting spells it (`log`). */
  readonly name: string;
  send(to: string, code: string, purpose: string): Promise<void>;
  /** A sender that logs takes the server's logger when the server starts. */
  useLog?(write: CodeLog): void;
}

/** Where the development sender writes: the server's logger once it exists, stderr before. */
export type CodeLog = (fields: Record<string, unknown>, message: string) => void;

export const codeSenderNames = ['log'] as const;

export class LogCodeSender implements CodeSender {
  readonly name = 'log';
  private write: CodeLog;

  constructor(write?: CodeLog) {
    this.write =
      write ??
      ((fields, message) =>
        process.stderr.write(`${JSON.stringify({ level: 'warn', ...fields, msg: message })}\n`));
  }

  /** The server hands over its logger when it starts (the sender is built before it). */
  useLog(write: CodeLog): void {
    this.write = write;
  }

  async send(to: string, code: string, purpose: string): Promise<void> {
    // The address is personal data (a phone number): the log gets its mask, never the number.
    const masked = maskContact(to);
    this.write(
      { otpSender: 'log', to: masked, purpose, code },
      `DEVELOPMENT one-time code sender (WANGAN_OTP_SENDER=log): code ${code} for ${purpose} to ${masked} was written here and sent nowhere; configure a real sender before publishing the form`,
    );
  }
}

/** The sender a setting names; anything but `log` is refused until its sender is built. */
export function codeSenderFor(name: string): CodeSender {
  if (name === 'log') return new LogCodeSender();
  throw new Error(
    `WANGAN_OTP_SENDER="${name}" is not available: only "log" (the development sender, which writes codes to the server log) is built; an SMTP or SMS-gateway sender does not exist yet`,
  );
}
