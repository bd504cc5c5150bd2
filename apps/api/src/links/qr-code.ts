import { createHash } from 'node:crypto';
import QRCode from 'qrcode';

/** The QR code of a link's public URL. Medium error correction: survives a smudged flyer. */
export function qrPng(url: string, size: number): Promise<Buffer> {
  return QRCode.toBuffer(url, { type: 'png', width: size, margin: 2, errorCorrectionLevel: 'M' });
}

export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
}

/** Same URL, size and format: same image. The ETag says so without rendering it. */
export function qrEtag(url: string, format: 'png' | 'svg', size: number): string {
  return `"qr-${createHash('sha256').update(`${format}|${size}|${url}`).digest('base64url').slice(0, 27)}"`;
}
