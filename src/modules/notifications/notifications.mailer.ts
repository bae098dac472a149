/** Email through the configured SMTP server (SYSLEAD_SMTP_URL), with nodemailer. */
import nodemailer from 'nodemailer';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/** A mailer for the server, or undefined when no server is configured (email is off). */
export function createMailer(smtpUrl: string | undefined, from: string): Mailer | undefined {
  if (!smtpUrl) return undefined;
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, html: asHtml(mail) });
    },
  };
}

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The same words as the text, as plain HTML: paragraphs, and each address a link that says where it goes. */
function asHtml(mail: Mail): string {
  const paragraphs = mail.text
    .split(/\n{2,}/)
    .map((p) =>
      escape(p)
        .replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>')
        .replace(/\n/g, '<br>'),
    )
    .map((p) => `<p>${p}</p>`)
    .join('\n');
  return `<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>${escape(mail.subject)}</title></head><body style="font-family: sans-serif; font-size: 16px; line-height: 1.5">\n${paragraphs}\n</body></html>`;
}
