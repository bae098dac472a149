import QRCode from 'qrcode';

/**
 * A QR code of a text (a link, an authenticator app's address) as an SVG to put in a page: made
 * on the server, so it shows without JavaScript; `label` says what it is to a screen reader.
 */
export async function qrSvg(text: string, label: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  const escaped = label.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return svg.replace('<svg ', `<svg class="syslead-qr" role="img" aria-label="${escaped}" width="200" height="200" `);
}
